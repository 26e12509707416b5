"""已核实: findings a writer has looked at and judged right, stored with the document. Pure.

A ``Dismissal`` names a finding by its rule and a stable place (``location``: ids, not
positions, so a reordered project keeps it) and holds a ``fingerprint`` of the located field's
text. It holds only while that text is unchanged: after an edit of the field the finding comes
back, to be looked at again.

Stable locations (stored):
    p/<project id>/<field>                 a project field (预算数, 绩效目标, 资金支出计划 …)
    p/<project id>/i/<indicator id>/<field> an indicator cell (指标值 …)
    part1/<n>/<field>                       分项绩效目标 n of Part 1 (Part 1 rows have no ids)
    doc/<field>                             Part 1 as a whole or the whole document
<field> is the finding's field name (blank when it has none).

Short places (typed and printed: ``jixiao check --dismiss JX210@3.1``):
    3.1   project 3, indicator row 1     3     project 3 (its header fields, goals, plan)
    0.2   第一部分 分项绩效目标 2          0     第一部分 as a whole / the whole document
Every finding of the rule at that short place is meant (usually one).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from . import fields as F
from .entities import Dismissal, Document, Indicator, Project
from .errors import JixiaoError
from .text import strip_invisible

REASON_MAX = 200  # characters of a reason kept


# --- where a finding is -------------------------------------------------------------------------


def location_of(f: Any) -> str:
    """The stable place of a finding (model.rules.Finding or anything with its attributes)."""
    fld = f.field or ""
    if f.project_id is not None:
        if f.indicator_id is not None:
            return f"p/{f.project_id}/i/{f.indicator_id}/{fld}"
        if f.indicator_row is not None:
            return f"p/{f.project_id}/r/{f.indicator_row}/{fld}"
        return f"p/{f.project_id}/{fld}"
    if f.part1_item is not None:
        return f"part1/{f.part1_item}/{fld}"
    return f"doc/{fld}"


def short_place(doc: Document, f: Any, numbers: dict[str, int] | None = None) -> str:
    """The typeable place: `3.1`, `3`, `0.2`, `0` (see the module docstring)."""
    if f.project_id is not None:
        numbers = project_numbers(doc) if numbers is None else numbers
        n = numbers.get(f.project_id, 0)
        return f"{n}.{f.indicator_row}" if f.indicator_row is not None else str(n)
    return f"0.{f.part1_item}" if f.part1_item is not None else "0"


def project_numbers(doc: Document) -> dict[str, int]:
    return {p.id: n for n, p in enumerate(doc.projects, 1)}


def parse_target(text: str) -> tuple[str, str]:
    """`JX210@3.1` → ("JX210", "3.1"); JixiaoError for anything else."""
    rule, sep, where = text.strip().partition("@")
    rule, where = rule.strip().upper(), where.strip().replace("。", ".").replace("．", ".")
    parts = where.split(".")
    if (
        not sep
        or not (rule.isascii() and rule.isalnum() and len(rule) <= 10)
        or len(parts) > 2
        or not all(p.isascii() and p.isdigit() for p in parts)
    ):
        shown = text if len(text) <= 30 else text[:29] + "…"
        raise JixiaoError(
            f"“{shown}”不是“规则@位置”的写法：位置写检查结果中每条问题前的编号，"
            "如 JX210@3.1（项目 3 第 1 行）、JX401@3（项目 3）、JX503@0.2（第一部分 分项 2）"
        )
    return rule, where


# --- the located field's text ----------------------------------------------------------------

_IND_FIELDS = {f.column: f for f in F.INDICATOR_FIELDS}
_PROJECT_FIELDS = {f.column: f for f in (*F.PROJECT_FIELDS, F.GOALS)}


def _indicator_text(ind: Indicator, fld: str) -> str:
    found = _IND_FIELDS.get(fld)
    if found is not None:
        return found.text(ind)
    return "\x1f".join(f.text(ind) for f in F.INDICATOR_FIELDS)


def _project_text(project: Project, fld: str) -> str:
    found = _PROJECT_FIELDS.get(fld)
    if found is not None:
        return found.text(project)
    if fld == F.PLAN_LABEL:
        return "\x1f".join(f.text(project) for f in F.PLAN_FIELDS)
    if fld == "绩效指标":  # the table as a whole
        return "\x1e".join(_indicator_text(i, "") for i in project.indicators)
    return "\x1f".join(f.text(project) for f in F.PROJECT_HEADER)


# A 分项绩效目标 finding's field → the GoalItem attribute (model.rules.fixes reads it too).
PART1_ITEM = {"标题": "title", "绩效目标": "goal", "绩效指标": "measure"}


def located_text(doc: Document, f: Any) -> str | None:
    """The text of the field a finding is about; None when that place no longer exists."""
    fld = f.field or ""
    if f.project_id is not None:
        project = next((p for p in doc.projects if p.id == f.project_id), None)
        if project is None:
            return None
        if f.indicator_row is not None:
            ind = None
            if f.indicator_id is not None:
                ind = next((i for i in project.indicators if i.id == f.indicator_id), None)
            elif 1 <= f.indicator_row <= len(project.indicators):
                ind = project.indicators[f.indicator_row - 1]
            return None if ind is None else _indicator_text(ind, fld)
        return _project_text(project, fld)
    if f.part1_item is not None:
        items = doc.part1.items
        if not 1 <= f.part1_item <= len(items):
            return None
        item = items[f.part1_item - 1]
        attr = PART1_ITEM.get(fld)
        return getattr(item, attr) if attr else "\x1f".join((item.title, item.goal, item.measure))
    if fld == "总体绩效目标":
        return "\n".join(doc.part1.overall)
    return f"{fld}\x1f{f.message}"  # about the document as a whole: the finding itself


def fingerprint(text: str) -> str:
    import hashlib  # only documents with 已核实 marks need it: not loaded for the others

    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def fingerprint_of(doc: Document, f: Any) -> str | None:
    text = located_text(doc, f)
    return None if text is None else fingerprint(text)


# --- which findings are dismissed --------------------------------------------------------------


def split(doc: Document, findings: Iterable[Any]) -> tuple[list[Any], list[tuple[Any, Dismissal]]]:
    """(the findings still open, the dismissed ones with their dismissal), order kept."""
    found = list(findings)
    if not doc.dismissals:
        return found, []
    by_key = {d.key: d for d in doc.dismissals}
    active: list[Any] = []
    dismissed: list[tuple[Any, Dismissal]] = []
    for f in found:
        d = by_key.get((f.rule, location_of(f)))
        if d is not None and d.fingerprint == fingerprint_of(doc, f):
            dismissed.append((f, d))
        else:
            active.append(f)
    return active, dismissed


def dismiss(
    doc: Document, findings: Sequence[Any], reason: str, by: str, at: str
) -> tuple[Document, list[Dismissal]]:
    """A copy of doc with each finding dismissed (a dismissal of the same rule and place is
    replaced); doc is not changed. JixiaoError for an empty reason or a vanished place."""
    reason = " ".join(strip_invisible(reason, multiline=False)[0].split())[:REASON_MAX]
    if not reason:
        raise JixiaoError(
            "请写明核实的理由（为什么这条问题不需要修改），如：经核实，名额上限为 3 人"
        )
    added: list[Dismissal] = []
    for f in findings:
        fp = fingerprint_of(doc, f)
        if fp is None:
            raise JixiaoError(f"{f.rule} 所指的位置已不存在，请重新检查后再核实")
        added.append(Dismissal(f.rule, location_of(f), reason, by, at, fp))
    keys = {d.key for d in added}
    kept = [d for d in doc.dismissals if d.key not in keys]
    return replace(doc, dismissals=kept + added), added


def undismiss(doc: Document, keys: Iterable[tuple[str, str]]) -> Document:
    """A copy of doc without the dismissals of these (rule, location) keys."""
    gone = set(keys)
    return replace(doc, dismissals=[d for d in doc.dismissals if d.key not in gone])


# --- merging and serialising -------------------------------------------------------------------


def merge_dismissals(
    base: Sequence[Dismissal], mine: Sequence[Dismissal], theirs: Sequence[Dismissal]
) -> list[Dismissal]:
    """Three-way merge of dismissal sets keyed by (rule, location): theirs, with mine's
    additions and changes applied and mine's removals removed. Never a conflict: where both
    changed one key, mine (the later save) wins."""
    b = {d.key: d for d in base}
    m = {d.key: d for d in mine}
    out = {d.key: d for d in theirs}
    for key, d in m.items():
        if b.get(key) != d:
            out[key] = d
    for key in b:
        if key not in m:
            out.pop(key, None)
    return list(out.values())


def to_dict(d: Dismissal) -> dict[str, str]:
    return {
        "rule": d.rule,
        "location": d.location,
        "reason": d.reason,
        "by": d.by,
        "at": d.at,
        "fingerprint": d.fingerprint,
    }


_KEYS = ("rule", "location", "reason", "by", "at", "fingerprint")


def from_dict(data: Any, path: str) -> Dismissal:
    if not isinstance(data, dict):
        raise JixiaoError(f"{path} 应为对象（JSON object）")
    values = []
    for key in _KEYS:
        value = data.get(key, "")
        if not isinstance(value, str):
            raise JixiaoError(f"{path}.{key} 应为文本")
        values.append(strip_invisible(value, multiline=False)[0])
    if not values[0] or not values[1] or not values[5]:
        raise JixiaoError(f"{path} 缺少 rule、location 或 fingerprint")
    return Dismissal(*values)
