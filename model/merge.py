"""Applying an imported document to a stored one (import --merge, CSV tables) and listing the
changes an import would make (import --dry-run). Pure: no I/O.

Field names used by ``partial_fields``: the Project attributes (``name``, ``budget``, ``fiscal``,
``other``, ``purpose``, ``plan``, ``goals``, ``extra``) and ``indicators.<Indicator attribute>``
(``indicators.value`` …). A partial document (a CSV table) carries only these; every other field
of the stored document is kept.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from . import fields as F
from .amounts import format_amount
from .entities import (
    PLAN_CHECKPOINTS,
    Document,
    Indicator,
    PlanUnit,
    Project,
    SpendingPlan,
    new_id,
)
from .errors import JixiaoError

# Field name (``partial_fields`` without the "indicators." prefix) → the field, in the order of
# the change lines. The 资金支出计划 is one name ("plan"); ``extra`` holds what no field declares.
_PROJECT: dict[str, F.Field | None] = {
    **{f.attr: f for f in F.PROJECT_FIELDS if f.attr != "code"},  # 项目编码 is the project's key
    "plan": None,
    F.GOALS.attr: F.GOALS,
    **{f.attr: f for f in F.PROJECT_LATER_FIELDS},
    "extra": None,
}
_INDICATOR: dict[str, F.Field | None] = {
    **{f.attr: f for f in F.INDICATOR_FIELDS},
    "extra": None,
}
# Labels as the document's own column headers name them (for Change lines).
PROJECT_LABELS: dict[str, str] = {
    name: f.column if f else {"plan": F.PLAN_LABEL, "extra": F.EXTRA_LABEL}[name]
    for name, f in _PROJECT.items()
}
INDICATOR_LABELS: dict[str, str] = {
    name: f.column if f else F.EXTRA_LABEL for name, f in _INDICATOR.items()
}
ALL_FIELDS: frozenset[str] = frozenset(PROJECT_LABELS) | frozenset(
    f"indicators.{name}" for name in INDICATOR_LABELS
)


def _get(obj: Any, name: str) -> Any:
    """A field by its merge name; ``extra`` without the keys that fields declare."""
    found = (_INDICATOR if isinstance(obj, Indicator) else _PROJECT).get(name)
    if found is not None:
        return found.get(obj)
    if name == "extra":
        return F.undeclared(_entity(obj), obj.extra)
    return getattr(obj, name)


def _set(obj: Any, name: str, value: Any) -> None:
    found = (_INDICATOR if isinstance(obj, Indicator) else _PROJECT).get(name)
    if found is not None:
        found.set(obj, value)
    elif name == "extra":  # the keys that fields declare are taken as those fields
        rest = F.undeclared(_entity(obj), obj.extra)
        obj.extra = {**{k: v for k, v in obj.extra.items() if k not in rest}, **value}
    else:
        setattr(obj, name, value)


def _entity(obj: Any) -> F.Entity:
    if isinstance(obj, Indicator):
        return F.Entity.INDICATOR
    return F.Entity.PROJECT if isinstance(obj, Project) else F.Entity.DOCUMENT


def _same_amount(old: Decimal | None, new: Decimal | None) -> bool:
    # 11 and 11.00 are the same money: a spreadsheet that dropped the zeros changes nothing.
    return old is None and new is None or (old is not None and new is not None and old == new)


# A 指标值 with one number: the text around it, and the number.
_ONE_NUMBER = re.compile(r"^(\D*?)(\d+(?:\.\d+)?)(\D*)$")


def _same_number_text(old: str, new: str) -> bool:
    """True when the texts differ only in how the number is written (100% vs 100.00%), as
    when a spreadsheet reformats a cell; a changed comparator or unit is a real change."""
    a, b = _ONE_NUMBER.match(old), _ONE_NUMBER.match(new)
    return bool(a and b and a[1] == b[1] and a[3] == b[3] and Decimal(a[2]) == Decimal(b[2]))


def _take(target: Any, source: Any, name: str) -> None:
    """Copy one field, keeping the stored spelling of an amount or 指标值 whose value is the
    same (a spreadsheet that wrote 11.00 as 11, or 100% as 100.00%, changes nothing)."""
    old, new = _get(target, name), _get(source, name)
    found = (_INDICATOR if isinstance(target, Indicator) else _PROJECT).get(name)
    if found and found.kind is F.Kind.VALUE and _same_number_text(old, new):
        return
    if isinstance(old, SpendingPlan):
        merged = [
            o if _same_amount(o, n) else n
            for o, n in zip(old.as_list(), new.as_list(), strict=True)
        ]
        _set(target, name, SpendingPlan.from_list(merged))
    elif (isinstance(old, Decimal) or old is None) and (isinstance(new, Decimal) or new is None):
        if not _same_amount(old, new):
            _set(target, name, new)
    else:
        _set(target, name, copy.deepcopy(new))


def _merge_indicators(
    old: list[Indicator], new: list[Indicator], fields: set[str] | None
) -> list[Indicator]:
    """The incoming list, matched to stored indicators by id when ids match, else by position."""
    by_id = {ind.id: ind for ind in old if ind.id}
    use_ids = any(ind.id in by_id for ind in new if ind.id)
    taken = {ind.id for ind in old} | {ind.id for ind in new}
    names = (
        list(INDICATOR_LABELS) if fields is None else [n for n in INDICATOR_LABELS if n in fields]
    )
    out: list[Indicator] = []
    used: set[str] = set()
    for pos, inc in enumerate(new):
        if use_ids:
            match = by_id.get(inc.id) if inc.id not in used else None
        else:
            match = old[pos] if pos < len(old) else None
        if match is None:
            keep = inc.id and inc.id not in used and inc.id not in by_id
            ind = Indicator(id=inc.id if keep else _fresh_id(taken))
        else:
            ind = copy.deepcopy(match)
        for name in names:
            _take(ind, inc, name)
        used.add(ind.id)
        out.append(ind)
    return out


def _fresh_id(taken: set[str]) -> str:
    ident = new_id()
    while ident in taken:  # pragma: no cover - 48 random bits
        ident = new_id()
    taken.add(ident)
    return ident


def _merge_project(target: Project, incoming: Project, fields: frozenset[str] | None) -> None:
    for name in PROJECT_LABELS:
        if fields is None or name in fields:
            _take(target, incoming, name)
    if fields is None:
        target.indicators = _merge_indicators(target.indicators, incoming.indicators, None)
        return
    ind_fields = {f.split(".", 1)[1] for f in fields if f.startswith("indicators.")}
    if ind_fields:
        target.indicators = _merge_indicators(target.indicators, incoming.indicators, ind_fields)


def merge_document(
    existing: Document, incoming: Document, *, partial_fields: frozenset[str] | None = None
) -> Document:
    """``existing`` with ``incoming`` applied project by project (matched by 项目编码).

    - Projects only in ``existing`` stay as they are. A matched project takes the incoming
      fields (only ``partial_fields`` when given); its indicators become the incoming list,
      matched to the stored ones by id when ids match, else by position, so stored ids and
      fields the incoming file lacks (上年指标值, 权重 …) are kept.
    - Full documents (``partial_fields`` None) also bring the header (name, unit, profile) and
      Part 1, and add new projects. Partial data may only touch existing projects: an unknown
      code is a JixiaoError naming it.
    - The result keeps ``existing``'s 预算单位编码 and 年度. Neither argument is modified.
    """
    codes = [p.code for p in incoming.projects]
    repeated = sorted({c for c in codes if codes.count(c) > 1})
    if repeated:
        raise JixiaoError(
            f"导入的数据中项目编码重复：{'、'.join(repeated)}，每个项目编码只能出现一次"
        )
    result = copy.deepcopy(existing)
    by_code: dict[str, Project] = {}
    for project in result.projects:
        by_code.setdefault(project.code, project)
    unknown = [c for c in codes if c not in by_code]
    if partial_fields is not None and unknown:
        raise JixiaoError(
            f"文档 {existing.key} 中没有项目编码 {'、'.join(unknown)}："
            "表格只能修改已有项目，请核对项目编码，新项目请用编辑器添加或导入完整文档"
        )
    if partial_fields is None:
        result.dept_name = incoming.dept_name or result.dept_name
        result.money_unit = incoming.money_unit or result.money_unit
        result.profile = incoming.profile
        result.allow_sustainable = incoming.allow_sustainable
        # The Word layout a file came in remembers itself; a file of no layout keeps the old one.
        result.layout = incoming.layout or result.layout
        result.plan_unit = incoming.plan_unit
        result.part1 = copy.deepcopy(incoming.part1)
        result.extra = dict(incoming.extra)
        # 已核实 marks of both: a file's mark replaces the stored one of the same rule and place.
        marks = {d.key: d for d in result.dismissals}
        marks.update((d.key, d) for d in incoming.dismissals)
        result.dismissals = list(marks.values())
    taken = {p.id for p in result.projects}
    for inc in incoming.projects:
        target = by_code.get(inc.code)
        if target is not None:
            _merge_project(target, inc, partial_fields)
            continue
        added = copy.deepcopy(inc)
        if not added.id or added.id in taken:
            added.id = _fresh_id(taken)
        taken.add(added.id)
        ids: set[str] = set()
        for ind in added.indicators:
            if not ind.id or ind.id in ids:
                ind.id = _fresh_id(ids)
            ids.add(ind.id)
        result.projects.append(added)
    return result


def share_unchanged(doc: Document, previous: Document) -> None:
    """Put `previous`'s project objects into `doc` (in place) where they are equal to doc's:
    same id, same content. For a caller that never changes a project in place (the editor,
    copy on write): what it keeps per project object — findings, drawn rows — stays valid for
    the projects a newer version of the document (a colleague's save) did not change."""
    before = {p.id: p for p in previous.projects}
    for n, project in enumerate(doc.projects):
        old = before.get(project.id)
        if old is not None and old is not project and old == project:
            doc.projects[n] = old


# --- the changes an import would make ---------------------------------------------------------

_SHOWN = 40  # characters of a value shown in a change line


def show(value: Any) -> str:
    """A value as a change or conflict line shows it: one line, cut at 40 characters."""
    if value is None or value == "" or value == [] or value == {}:
        return "（空）"
    if isinstance(value, Decimal):
        return format_amount(value)
    if isinstance(value, list):
        value = "↵".join(str(v) for v in value)
    if isinstance(value, dict):
        value = "；".join(f"{k}={v}" for k, v in value.items())
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, PlanUnit):
        return value.label
    text = str(value).replace("\n", "↵")
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


@dataclass(frozen=True, slots=True)
class Change:
    """One difference between the stored document and what the import would make of it."""

    action: str  # "added" | "changed" | "removed" | "moved" | "created"
    project: str = ""  # 项目编码; "" for the document itself
    indicator: int | None = None  # 1-based position of the indicator in its project
    field: str = ""  # the label of the changed field (项目名称, 指标值 …)
    old: str = ""
    new: str = ""

    def __str__(self) -> str:
        if self.action == "created":
            return f"新建文档 {self.new}"
        where = f"项目 {self.project}" if self.project else "文档"
        if self.action in ("added", "removed"):
            verb = "新增" if self.action == "added" else "删除"
            what = self.new if self.action == "added" else self.old
            if self.indicator is not None:
                return f"{where} {verb}指标 {self.indicator}：{what}"
            if self.project:
                return f"{verb}项目 {self.project}：{what}"
            return f"{verb}{what}"
        if self.indicator is not None:
            where += f" 指标 {self.indicator}"
        if self.action == "moved":
            return f"{where} {self.field}顺序调整"
        return f"{where} {self.field}：{self.old} → {self.new}"


def _amount_text(value: Any) -> Any:
    return format_amount(value) if isinstance(value, Decimal) else value


def _field_changes(
    old: Any, new: Any, labels: dict[str, str], project: str, indicator: int | None
) -> list[Change]:
    changes = []
    for name, label in labels.items():
        a, b = _get(old, name), _get(new, name)
        if isinstance(a, SpendingPlan):
            for checkpoint, x, y in zip(PLAN_CHECKPOINTS, a.as_list(), b.as_list(), strict=True):
                if _amount_text(x) != _amount_text(y):
                    changes.append(
                        Change(
                            "changed",
                            project,
                            indicator,
                            f"{label} {checkpoint}",
                            show(x),
                            show(y),
                        )
                    )
        elif _amount_text(a) != _amount_text(b):
            changes.append(Change("changed", project, indicator, label, show(a), show(b)))
    return changes


def _indicator_summary(ind: Indicator) -> str:
    parts = [p for p in (ind.level1, ind.level2, ind.name) if p]
    head = "/".join(parts) or "空白指标"
    return show(f"{head}：{ind.value}" if ind.value else head)


def _pair_indicators(
    old: list[Indicator], new: list[Indicator]
) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """(matched old/new positions, old positions removed, new positions added)."""
    old_ids = {ind.id: n for n, ind in enumerate(old) if ind.id}
    if any(ind.id in old_ids for ind in new if ind.id):
        pairs = [(old_ids[ind.id], n) for n, ind in enumerate(new) if ind.id in old_ids]
        matched_old = {o for o, _ in pairs}
        matched_new = {n for _, n in pairs}
        removed = [n for n in range(len(old)) if n not in matched_old]
        added = [n for n in range(len(new)) if n not in matched_new]
        return pairs, removed, added
    common = min(len(old), len(new))
    return (
        [(n, n) for n in range(common)],
        list(range(common, len(old))),
        list(range(common, len(new))),
    )


def _project_changes(old: Project, new: Project) -> list[Change]:
    code = new.code or old.code
    changes = _field_changes(old, new, PROJECT_LABELS, code, None)
    pairs, removed, added = _pair_indicators(old.indicators, new.indicators)
    if [o for o, _ in sorted(pairs, key=lambda p: p[1])] != sorted(o for o, _ in pairs):
        changes.append(Change("moved", code, None, "指标"))
    for o, n in sorted(pairs, key=lambda p: p[1]):
        changes += _field_changes(
            old.indicators[o], new.indicators[n], INDICATOR_LABELS, code, n + 1
        )
    for o in removed:
        changes.append(Change("removed", code, o + 1, old=_indicator_summary(old.indicators[o])))
    for n in added:
        changes.append(Change("added", code, n + 1, new=_indicator_summary(new.indicators[n])))
    return changes


def _project_key(project: Project) -> str:
    return project.code or f"id:{project.id}"


DOC_LABELS = {
    # 预算单位编码 and 预算年度 name the document: an import never changes them.
    **{f.attr: f.column for f in F.DOCUMENT_FIELDS if f.attr not in ("dept_code", "year")},
    "allow_sustainable": "允许可持续影响指标",
    "layout": "指标表格式",
    "extra": F.EXTRA_LABEL,
}


def _part1_changes(old: Document, new: Document) -> list[Change]:
    changes = []
    a, b = old.part1, new.part1
    if a.overall != b.overall:
        changes.append(
            Change("changed", field="总体绩效目标", old=show(a.overall), new=show(b.overall))
        )
    for label, xs, ys in (
        ("分项绩效目标", a.items, b.items),
        ("工作保障措施", a.measures, b.measures),
    ):
        for n in range(max(len(xs), len(ys))):
            x = xs[n] if n < len(xs) else None
            y = ys[n] if n < len(ys) else None
            if x == y:
                continue
            if x is None:
                assert y is not None  # x == y was ruled out above
                changes.append(Change("added", new=f" {label} {n + 1}：{show(y.title)}"))
            elif y is None:
                changes.append(Change("removed", old=f" {label} {n + 1}：{show(x.title)}"))
            else:
                changes.append(
                    Change(
                        "changed", field=f"{label} {n + 1}", old=show(x.title), new=show(y.title)
                    )
                    if x.title != y.title
                    else Change(
                        "changed", field=f"{label} {n + 1}", old="（正文）", new="（正文已修改）"
                    )
                )
    return changes


def diff_documents(old: Document | None, new: Document) -> list[Change]:
    """Every difference from ``old`` (None: the document is new) to ``new``, in document order.

    Projects are matched by 项目编码; indicators by id where the two share ids (after a merge),
    else by position.
    """
    changes: list[Change] = []
    if old is None:
        changes.append(Change("created", new=f"{new.key} {new.dept_name}".strip()))
        old = Document(dept_code=new.dept_code, year=new.year, dept_name=new.dept_name)
        old.money_unit, old.profile, old.allow_sustainable, old.layout, old.plan_unit = (
            new.money_unit,
            new.profile,
            new.allow_sustainable,
            new.layout,
            new.plan_unit,
        )
    changes += _field_changes(old, new, DOC_LABELS, "", None)
    changes += _part1_changes(old, new)
    old_projects: dict[str, Project] = {}
    for project in old.projects:
        old_projects.setdefault(_project_key(project), project)
    new_keys = {_project_key(p) for p in new.projects}
    common_old = [_project_key(p) for p in old.projects if _project_key(p) in new_keys]
    common_new = [_project_key(p) for p in new.projects if _project_key(p) in old_projects]
    if common_old != common_new:
        changes.append(Change("moved", field="项目"))
    for project in new.projects:
        before = old_projects.get(_project_key(project))
        if before is None:
            changes.append(
                Change(
                    "added",
                    project.code,
                    new=f"{show(project.name)}（{len(project.indicators)} 个指标）",
                )
            )
        else:
            changes += _project_changes(before, project)
    for project in old.projects:
        if _project_key(project) not in new_keys:
            changes.append(Change("removed", project.code, old=show(project.name)))
    return changes + _dismissal_changes(old, new)


def _dismissal_changes(old: Document, new: Document) -> list[Change]:
    """已核实 marks added (or re-made) and taken back: `新增核实 JX210：理由`."""
    if old.dismissals == new.dismissals:
        return []
    before = {d.key: d for d in old.dismissals}
    after = {d.key: d for d in new.dismissals}
    changes = [
        Change("added", new=f"核实 {d.rule}：{show(d.reason)}")
        for key, d in after.items()
        if before.get(key) != d
    ]
    changes += [
        Change("removed", old=f"核实 {d.rule}：{show(d.reason)}")
        for key, d in before.items()
        if key not in after
    ]
    return changes


def describe_changes(old: Document | None, new: Document) -> list[str]:
    """The changes from ``old`` to ``new``, one Chinese line each (history, status lines)."""
    return [str(change) for change in diff_documents(old, new)]


def brief_changes(old: Document | None, new: Document) -> list[str]:
    """The places that changed, short enough for a status line: `项目3 第2行 指标值`,
    `项目3 项目名称`, `新增项目25`, `第一部分 总体绩效目标` — projects by their number in `new`."""
    numbers = {p.code: n for n, p in enumerate(new.projects, 1) if p.code}
    if old is not None:
        for n, p in enumerate(old.projects, 1):
            numbers.setdefault(p.code, n)
    out: list[str] = []
    for change in diff_documents(old, new):
        if change.action == "created":
            out.append(f"新建文档 {change.new}")
            continue
        where = f"项目{numbers.get(change.project, change.project)}" if change.project else ""
        if change.action in ("added", "removed"):
            verb = "新增" if change.action == "added" else "删除"
            if change.indicator is not None:
                out.append(f"{where} {verb}第{change.indicator}行")
            else:
                out.append(f"{verb}{where}" if where else f"{verb}{change.new or change.old}")
            continue
        if change.indicator is not None:
            where += f" 第{change.indicator}行"
        label = f"{change.field}顺序" if change.action == "moved" else change.field
        if not where:
            where = "文档" if change.field in DOC_LABELS.values() else "第一部分"
        out.append(f"{where} {label}")
    return list(dict.fromkeys(out))


def summary(old: Document | None, new: Document) -> str:
    """One line for a history entry: the first change, and how many more."""
    lines = describe_changes(old, new)
    if not lines:
        return "无修改"
    return lines[0] if len(lines) == 1 else f"{lines[0]} 等 {len(lines)} 处修改"
