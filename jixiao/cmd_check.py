"""`jixiao check`: run the validation catalogue over documents and print the findings.

The CLI loads the documents from the store and calls ``run``; ``--explain`` calls ``explain``.
Text output is grouped by document and project, one finding per line with its place, coloured
on a terminal; ``--format json`` prints a JSON array of findings.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable
from decimal import Decimal
from typing import TextIO

from model import Document, JixiaoError, format_amount

FORMATS = ("text", "json")

_RESET = "\x1b[0m"
_STYLE = {"error": "\x1b[1;31m", "warning": "\x1b[33m", "hint": "\x1b[36m"}
_DIM = "\x1b[2m"
_BOLD = "\x1b[1m"


def explain(rule_id: str) -> str:
    """A rule's rationale and an example fix; JixiaoError for an unknown id."""
    from model.rules import explain as _explain

    return _explain(rule_id)


def _check_rule_ids(rules: Iterable[str]) -> list[str]:
    from model.rules import RULES

    wanted = [r.strip().upper() for r in rules]
    unknown = [r for r in wanted if r not in RULES]
    if unknown:
        raise JixiaoError(
            f"没有编号为 {'、'.join(unknown)} 的规则；可用的编号见 docs/rules.md（JX101…）"
        )
    return wanted


def _use_color(color: bool | None, out: TextIO) -> bool:
    if color is not None:
        return color
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(out, "isatty", None)
    return bool(isatty and isatty())


def run(
    docs: list[Document],
    *,
    fmt: str = "text",
    min_severity: str = "hint",
    rules: list[str] | None = None,
    color: bool | None = None,
    out: TextIO | None = None,
) -> int:
    """Check the documents and print the findings; exit code 1 when any error is reported."""
    from model.rules import check_document, parse_severity

    out = out if out is not None else sys.stdout
    if fmt not in FORMATS:
        raise JixiaoError(f"未知的输出格式“{fmt}”，请用 text 或 json")
    floor = parse_severity(min_severity).rank
    only = _check_rule_ids(rules) if rules else None

    per_doc = []
    for doc in docs:
        found = [f for f in check_document(doc, only=only) if f.severity.rank >= floor]
        per_doc.append((doc, found))
    findings = [f for _, found in per_doc for f in found]

    if fmt == "json":
        json.dump([f.to_json() for f in findings], out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        _write_text(per_doc, out, _use_color(color, out))
    return 1 if any(f.severity.value == "error" for f in findings) else 0


def _paint(text: str, style: str, on: bool) -> str:
    return f"{style}{text}{_RESET}" if on and style else text


def _write_text(per_doc: list, out: TextIO, color: bool) -> None:
    from model.rules import Severity

    totals = {sev: 0 for sev in Severity}
    for doc, found in per_doc:
        out.write(_paint(f"{doc.key} {doc.dept_name}（{doc.year} 年）", _BOLD, color) + "\n")
        for f in found:
            totals[f.severity] += 1
        _write_doc(doc, found, out, color)
        out.write(_summary_line(doc, found) + "\n\n")
    if len(per_doc) > 1:
        counts = "、".join(f"{sev.label} {totals[sev]}" for sev in Severity)
        out.write(f"合计 {len(per_doc)} 份文档：{counts}\n")


def _write_doc(doc: Document, found: list, out: TextIO, color: bool) -> None:
    if not found:
        out.write("  未发现问题\n")
        return
    by_project: dict[str | None, list] = {}
    for f in found:
        by_project.setdefault(f.project_id, []).append(f)
    if None in by_project:
        out.write("  第一部分 部门整体绩效目标\n")
        for f in by_project[None]:
            out.write(_finding_line(f, color) + "\n")
    for n, project in enumerate(doc.projects, 1):
        items = by_project.get(project.id)
        if not items:
            continue
        out.write(f"  项目 {n}  {project.code}  {project.name}\n")
        for f in items:
            out.write(_finding_line(f, color) + "\n")


def _finding_line(f, color: bool) -> str:
    sev = _paint(f"{f.severity.label}", _STYLE[f.severity.value], color)
    rule = _paint(f.rule, _DIM, color)
    where = f"{f.where}：" if f.where else ""
    return f"    {rule} {sev}  {where}{f.message}"


def _summary_line(doc: Document, found: list) -> str:
    from model.rules import Severity

    counts = "、".join(
        f"{sev.label} {sum(1 for f in found if f.severity is sev)}" for sev in Severity
    )
    budgets = [p.budget for p in doc.projects if p.budget is not None]
    total = format_amount(sum(budgets, Decimal(0)))
    rows = sum(len(p.indicators) for p in doc.projects)
    return (
        f"  共 {len(found)} 条（{counts}）；第二部分 {len(doc.projects)} 个项目、"
        f"{rows} 行指标，预算数合计 {total}{doc.money_unit}"
    )
