"""`jixiao check`: run the validation catalogue over documents and print the findings.

The CLI loads the documents from the store and calls ``run``; the checking itself (rules,
severities, counts) is service.checking's, ``--explain`` is service.checking.explain.
Text output is grouped by document and project, one finding per line with its place, coloured
on a terminal; ``--format json`` prints a JSON array of findings; ``--format csv`` one row per
finding for Excel (UTF-8 with BOM, Chinese headings); ``--statistics`` the count per rule.
"""

from __future__ import annotations

import csv
import gc
import io
import json
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TextIO

from model import Document, JixiaoError, format_amount
from model.rules.base import PART1_FIELDS
from model.text import terminal_safe
from model.times import format_time
from service.checking import (
    CSV_HEADERS,
    DocumentCheck,
    RuleCount,
    check_each,
    finding_rows,
    has_errors,
    rule_counts,
    severity_counts,
    summarize,
)

from .textfmt import json_text, safe

FORMATS = ("text", "json", "csv")

_RESET = "\x1b[0m"
_STYLE = {"error": "\x1b[1;31m", "warning": "\x1b[33m", "hint": "\x1b[36m"}
_DIM = "\x1b[2m"
_BOLD = "\x1b[1m"


def _use_color(color: bool | None, out: TextIO) -> bool:
    if color is not None:
        return color
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(out, "isatty", None)
    return bool(isatty and isatty())


def run(
    docs: Iterable[Document],
    *,
    fmt: str = "text",
    min_severity: str = "hint",
    rules: list[str] | None = None,
    color: bool | None = None,
    out: TextIO | None = None,
    show_dismissed: bool = False,
    stats: bool = False,
) -> int:
    """Check the documents and print the findings (or, with `stats`, their count per rule);
    exit code 1 when any open error is reported (findings marked 已核实 never count; they are
    listed with show_dismissed).

    docs may come one at a time in any order (`check --all`: store.iter_documents): each is
    checked and turned into what is printed for it before the next is read, so only the
    findings are kept, never the documents; the output is in 单位编码/年度 order all the same,
    and nothing is printed before every document has been read."""
    out = out if out is not None else sys.stdout
    if fmt not in FORMATS:
        raise JixiaoError(f"未知的输出格式“{fmt}”，请用 text、json 或 csv")
    paint = _use_color(color, out)
    parts: list[tuple[tuple[str, int], _Part]] = []
    errors = False
    with _heap_set_aside(pause=fmt != "json"):
        for check in check_each(docs, min_severity=min_severity, rules=rules):
            errors = errors or has_errors([check])
            part = _part(check, fmt, paint, stats, show_dismissed)
            parts.append(((check.doc.dept_code, check.doc.year), part))
            del check  # not held while the next document is read and checked
    parts.sort(key=lambda item: item[0])  # stable: documents given in list order stay so
    done = [part for _, part in parts]
    # -- reviewer output (issue 16): --statistics and --format csv --
    if stats:
        _write_statistics(rule_counts(f for part in done for f in part.findings), fmt, out)
    elif fmt == "csv":
        _write_csv([row for part in done for row in part.rows], out)
    # --
    elif fmt == "json":
        # json_text of every finding, then every dismissed one, written piece by piece.
        items = [text for part in done for text in part.json]
        items += [text for part in done for text in part.dismissed_json]
        if not items:
            out.write(json_text([]) + "\n")
        else:
            out.write("[\n")
            for n, text in enumerate(items):
                out.write(text if n == 0 else ",\n" + text)
            out.write("\n]\n")
    else:
        for part in done:
            out.write(part.text)
        if len(done) > 1:
            totals = {sev: sum(part.counts[sev] for part in done) for sev in done[0].counts}
            counts = "、".join(f"{sev.label} {n}" for sev, n in totals.items())
            out.write(f"合计 {len(done)} 份文档：{counts}\n")
    return 1 if errors else 0


@contextmanager
def _heap_set_aside(pause: bool) -> Iterator[None]:
    """What exists before the documents are read (the modules, the CLI's objects) is left out
    of the collector's passes while they are checked, and put back after (gc.freeze, unfreeze);
    with `pause`, the collector does not run at all until then.

    Reading and checking a document makes objects by the hundred thousand, and every full
    pass of the collector walked the 100,000-odd objects of the imported modules as well, for
    nothing: ~1 % of a county's `check --all` (4.97 → 4.93 G instructions on 40 documents).

    Reference counting frees nearly everything else — each document as it is let go: a
    county's text, CSV or --statistics output leaves ~200 objects in cycles in all, and the
    collector's 340-odd passes (313 young, 28 middle, 2 full: gc.callbacks) cost ~0.1 s of
    the command's ~2.6 s CPU to find them; peak memory is the same without them (28.7 MB,
    `/usr/bin/time -f %M`). Not for JSON: json_text's indenting encoder leaves its closures in
    a cycle for each finding (~33 objects, 22,000 findings with --detail), which the collector
    must free as it goes (43 MB at peak, 106 MB without it)."""
    paused = pause and gc.isenabled()
    if paused:
        gc.disable()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
        if paused:
            gc.enable()


@dataclass(slots=True)
class _Part:
    """What run prints for one document, made while the document is at hand (it is let go
    after): its open findings counted per severity (the totals), the findings themselves only
    for --statistics, and, for the format asked for, its rows, its JSON or its text block
    (with and without the 已核实 ones) — as text: a county's --detail kept every finding as a
    dict until the end (95 MB for 14,000 findings)."""

    counts: dict[Any, int]
    findings: list[Any] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    json: list[str] = field(default_factory=list)  # each finding as json_text prints it in a list
    dismissed_json: list[str] = field(default_factory=list)
    text: str = ""


def _part(check: DocumentCheck, fmt: str, color: bool, stats: bool, show_dismissed: bool) -> _Part:
    part = _Part(severity_counts(check.findings))
    if stats:
        part.findings = check.findings
        return part
    if fmt == "csv":
        part.rows = finding_rows([check])
    elif fmt == "json":
        part.json = [_json_item(_json(check, f)) for f in check.findings]
        if show_dismissed:
            part.dismissed_json = [_json_item(_json(check, f, d)) for f, d in check.dismissed]
    else:
        buffer = io.StringIO()
        _write_one(check, buffer, color, show_dismissed)
        part.text = buffer.getvalue()
    return part


def _json_item(data: dict[str, Any]) -> str:
    """One element of a list as json_text prints the list: indented one level deeper (a JSON
    string holds no line break: each is written \\n), after the two spaces of the list's."""
    return "  " + json_text(data).replace("\n", "\n  ")


def _json(check: DocumentCheck, f, mark=None) -> dict:
    """A finding as JSON, with its typeable place and, when dismissed, the 已核实 mark."""
    data = {**f.to_json(), "place": check.place(f)}
    if mark is not None:
        data["dismissed"] = {"reason": mark.reason, "by": mark.by, "at": mark.at}
    return data


def _write_statistics(counted: list[RuleCount], fmt: str, out: TextIO) -> None:
    """Count per rule, most frequent first: `  23  JX405  警告  描述或依据只是重复三级指标名称`."""
    if fmt == "json":
        json.dump([c.to_json() for c in counted], out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    if fmt == "csv":
        out.write("\ufeff")
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(["规则", "严重程度", "规则名称", "条数"])
        writer.writerows([c.id, c.label, c.title, str(c.count)] for c in counted)
        return
    width = max((len(str(c.count)) for c in counted), default=1)
    for c in counted:
        out.write(f"{c.count:>{width}}  {c.id}  {c.label}  {c.title}\n")
    total = sum(c.count for c in counted)
    out.write(f"共 {total} 条，{len(counted)} 条规则\n" if counted else "未发现问题\n")


def _write_csv(rows: list[list[str]], out: TextIO) -> None:
    """One row per finding, for Excel: a BOM so that it reads the file as UTF-8, CRLF rows."""
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADERS)
    writer.writerows(rows)


def _paint(text: str, style: str, on: bool) -> str:
    return f"{style}{text}{_RESET}" if on and style else text


def _write_one(check: DocumentCheck, out: TextIO, color: bool, show_dismissed: bool) -> None:
    """One document's block of the text output: its title, findings, counts, and a blank line."""
    doc = check.doc
    title = f"{doc.key} {_one_line(doc.dept_name)}（{doc.year} 年）"
    out.write(_paint(safe(title), _BOLD, color) + "\n")
    _write_doc(check, check.findings, out, color)
    if show_dismissed and check.dismissed:
        out.write(f"  已核实（不计入）{len(check.dismissed)} 条：\n")
        for f, mark in check.dismissed:
            out.write(_finding_line(check, f, color) + "\n")
            by, why = terminal_safe(mark.by), terminal_safe(mark.reason)
            out.write(
                _paint(
                    f"        已核实：{why}（{by} {terminal_safe(format_time(mark.at))}）",
                    _DIM,
                    color,
                )
                + "\n"
            )
    out.write(_summary_line(check) + "\n")
    fixable = check.fixable()
    if fixable:
        out.write(f"  其中 {fixable} 条可自动修正：jixiao check {doc.key} --fix --dry-run 查看\n")
    out.write("\n")


def _write_doc(check: DocumentCheck, found: list, out: TextIO, color: bool) -> None:
    doc = check.doc
    if not found:
        out.write("  未发现问题\n")
        return
    by_project: dict[str | None, list] = {}
    for f in found:
        by_project.setdefault(f.project_id, []).append(f)
    loose = by_project.get(None, [])
    # Findings about no project: Part 1's, and the document's own settings (资金支出计划单位).
    part1 = [f for f in loose if f.part1_item is not None or f.field in PART1_FIELDS]
    whole = [f for f in loose if f not in part1]
    for heading, items in (("全文", whole), ("第一部分 部门整体绩效目标", part1)):
        if items:
            out.write(f"  {heading}\n")
            for f in items:
                out.write(_finding_line(check, f, color) + "\n")
    for n, project in enumerate(doc.projects, 1):
        items = by_project.get(project.id)
        if not items:
            continue
        out.write(safe(f"  项目 {n}  {_one_line(project.code)}  {_one_line(project.name)}") + "\n")
        for f in items:
            out.write(_finding_line(check, f, color) + "\n")


def _finding_line(check: DocumentCheck, f, color: bool) -> str:
    sev = _paint(f"{f.severity.label}", _STYLE[f.severity.value], color)
    rule = _paint(check.tag(f), _DIM, color)  # JX210@3.1: what --dismiss takes
    where = f"{f.where}：" if f.where else ""
    return f"    {rule} {sev}  {safe(where + f.message)}"


def _one_line(text: str) -> str:
    """A cell on the one line of its finding: line breaks shown as ⏎."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "⏎")


def _summary_line(check: DocumentCheck) -> str:
    doc = check.doc
    counts = "、".join(f"{sev.label} {n}" for sev, n in check.counts().items())
    dismissed = f"，另有已核实 {len(check.dismissed)} 条" if check.dismissed else ""
    return (
        f"  共 {len(check.findings)} 条（{counts}）{dismissed}；第二部分 {len(doc.projects)} 个项目、"
        f"{check.indicator_rows} 行指标，预算数合计 {format_amount(check.budget_total)}"
        f"{doc.money_unit}"
    )


# --- check --all: one line per document (issue 17) ----------------------------------------------

SUMMARY_HEADERS = ("单位编码", "单位名称", "年度", "项目数")


def run_summary(
    docs: Iterable[Document],
    *,
    fmt: str = "text",
    min_severity: str = "hint",
    rules: list[str] | None = None,
    out: TextIO | None = None,
    width: int | None = None,
) -> int:
    """`check --all`: each document's open findings counted per severity, units with the most
    errors (then warnings) first — as a table fitted to `width`, JSON, or CSV. Exit code as
    `check`: 1 when any document has an open error. docs may come one at a time (store.
    iter_documents): only each one's tally is kept."""
    from model.rules import Severity, parse_severity

    out = out if out is not None else sys.stdout
    if fmt not in FORMATS:
        raise JixiaoError(f"未知的输出格式“{fmt}”，请用 text、json 或 csv")
    with _heap_set_aside(pause=fmt != "json"):
        tallies = summarize(check_each(docs, min_severity=min_severity, rules=rules))
    floor = parse_severity(min_severity).rank
    shown = [sev for sev in Severity if sev.rank >= floor]
    headers = [*SUMMARY_HEADERS, *(sev.label for sev in shown)]
    rows = [
        [t.dept_code, t.dept_name, str(t.year), str(t.projects)]
        + [str(t.counts.get(sev.value, 0)) for sev in shown]
        for t in tallies
    ]
    if fmt == "json":
        out.write(json_text([t.to_json() for t in tallies]) + "\n")
    elif fmt == "csv":
        out.write("\ufeff")
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(headers)
        writer.writerows(rows)
    elif not tallies:
        out.write("数据库中还没有文档\n")
    else:
        from .textfmt import table

        out.write(table(headers, rows, width, keep=(0,)))
        totals = {sev: sum(t.counts.get(sev.value, 0) for t in tallies) for sev in shown}
        counts = "、".join(f"{sev.label} {n}" for sev, n in totals.items())
        clean = sum(1 for t in tallies if not any(t.counts.get(s.value, 0) for s in shown))
        from .textfmt import wrap_hanging

        total = (
            f"合计 {len(tallies)} 份文档：{counts}；{clean} 份未发现问题。"
            "逐条查看：jixiao check 单位编码/年度"
        )
        lines = wrap_hanging(total, width) if width else [total]
        out.write("\n" + "\n".join(lines) + "\n")
    return 1 if any(t.errors for t in tallies) else 0


# --- --dismiss and --fix -----------------------------------------------------------------------


def act(
    store,
    doc: str | None,
    *,
    all_docs: bool,
    dismiss: list[str],
    reason: str | None,
    fix: bool,
    dry_run: bool,
    rules: list[str] | None,
    undismiss: list[str] | None = None,
    out: TextIO | None = None,
) -> int:
    """`check --dismiss RULE@PLACE --reason …` and `check --fix [--dry-run]`: print what was
    done; 0 on success (the errors are JixiaoErrors, one line each)."""
    from service import checking

    out = out if out is not None else sys.stdout
    if all_docs:
        raise JixiaoError("--dismiss 和 --fix 一次只处理一个文档，不能与 --all 合用")
    if sum(map(bool, (dismiss, undismiss, fix))) > 1:
        raise JixiaoError("--dismiss、--undismiss 与 --fix 请分开运行")
    if undismiss:
        if reason is not None:
            raise JixiaoError("--reason 只能与 --dismiss 合用")
        done = checking.undismiss(store, doc, undismiss)
        for mark in done.marks:
            out.write(f"已取消核实 {mark.rule}（原理由：{terminal_safe(mark.reason)}）\n")
        out.write(f"文档 {done.doc.key} 已保存为第 {done.revision} 版\n")
        return 0
    if dry_run and not fix:
        raise JixiaoError("--dry-run 只能与 --fix 合用")
    if dismiss:
        if reason is None or not reason.strip():
            raise JixiaoError('--dismiss 须加 --reason "理由"，写明为什么这条问题不需要修改')
        done = checking.dismiss(store, doc, dismiss, reason)
        for mark in done.marks:
            out.write(
                f"已核实 {mark.rule}（{terminal_safe(mark.by)}）：{terminal_safe(mark.reason)}\n"
            )
        out.write(
            f"文档 {done.doc.key} 已保存为第 {done.revision} 版；该处内容修改后，问题会重新出现\n"
        )
        return 0
    if reason is not None:
        raise JixiaoError("--reason 只能与 --dismiss 合用")
    result = checking.fix(store, doc, rules=rules, dry_run=dry_run)
    if not result.changes:
        out.write(f"文档 {result.doc.key} 没有可自动修正的问题\n")
        return 0
    out.write(("将要修正" if dry_run else "已修正") + f" {len(result.changes)} 处：\n")
    for change in result.changes:
        out.write(f"  {change.line()}\n")
    if result.revision is not None:
        out.write(
            f"文档 {result.doc.key} 已保存为第 {result.revision} 版（可用 jixiao history 查看、restore 恢复）\n"
        )
    else:
        out.write("（未保存：去掉 --dry-run 即可修正）\n")
    return 0
