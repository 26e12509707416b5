"""Three-way merge of two versions of one document, field by field. Pure: no I/O, no UI.

``merge3(base, mine, theirs)``: base is the revision both started from, theirs the current one,
mine my changes. Rows are matched by stable ids (projects, indicators); Part 1 items, 保障措施
and the lines of 总体绩效目标 and 绩效目标 have no ids, so each side is aligned to the base by
content (a changed item in the same place is the same item edited). Changes to different fields
merge silently; the same field changed to different values, or a row deleted by one side and
edited by the other, is a ``Conflict``: the merged document holds theirs until ``resolve``.

Three uses: a stale save (base = the revision the editor started from), ``import --merge``
(base = the revision the export was made from), and undo (``revert``: the inverse of my own step,
applied to the current document, refused when it conflicts).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from . import fields as F
from .dismissals import merge_dismissals
from .entities import (
    Document,
    GoalItem,
    Indicator,
    Measure,
    Part1,
    Profile,
    Project,
    SpendingPlan,
    copy_scoring,
    parse_scoring_text,
    scoring_text,
)
from .errors import JixiaoError
from .merge import DOC_LABELS, describe_changes, show, summary

T = TypeVar("T")
R = TypeVar("R", Project, Indicator)
Path = tuple[str, ...]


# --- fields as slots: a label, how to read, write, show and parse a value ----------------------


@dataclass(frozen=True, slots=True)
class _Slot:
    name: str  # the last element of the path
    label: str
    get: Callable[[Any], Any]
    set: Callable[[Any, Any], None]
    show: Callable[[Any], str]
    parse: Callable[[str], Any]


def _from_field(f: F.Field) -> _Slot:
    name = f"plan.{f.attr}" if f.entity is F.Entity.PLAN else f.attr
    label = f"{F.PLAN_LABEL} {f.label}" if f.entity is F.Entity.PLAN else f.column
    return _Slot(name, label, f.get, f.set, f.format, f.parse)


def _attr_slot(
    attr: str, label: str, show: Callable[[Any], str], parse: Callable[[str], Any]
) -> _Slot:
    return _Slot(
        attr, label, lambda o: getattr(o, attr), lambda o, v: setattr(o, attr, v), show, parse
    )


def _parse_profile(text: str) -> Profile:
    try:
        return Profile(text.strip())
    except ValueError:
        raise JixiaoError(f"指标体系应为 2015 或 2021，现为“{text}”") from None


def _parse_flag(text: str) -> bool:
    if text.strip() in ("是", "true", "True", "1"):
        return True
    if text.strip() in ("否", "false", "False", "0"):
        return False
    raise JixiaoError(f"{DOC_LABELS['allow_sustainable']}应为“是”或“否”，现为“{text}”")


def _text(value: Any) -> str:
    return "" if value is None else str(value)


_DOC_SLOTS: tuple[_Slot, ...] = (
    *(
        _attr_slot(f.attr, f.column, f.format, _parse_profile)
        if f.attr == "profile"
        else _from_field(f)
        for f in F.DOCUMENT_FIELDS
    ),
    _attr_slot(
        "allow_sustainable",
        DOC_LABELS["allow_sustainable"],
        lambda v: "是" if v else "否",
        _parse_flag,
    ),
    _attr_slot("layout", DOC_LABELS["layout"], _text, str.strip),
    _attr_slot("scoring", "评分设置", scoring_text, parse_scoring_text),
)
_PROJECT_SLOTS = tuple(_from_field(f) for f in F.PROJECT_HEADER)
_INDICATOR_SLOTS = tuple(_from_field(f) for f in F.INDICATOR_FIELDS)
_OVERALL = _Slot(
    "overall",
    "总体绩效目标",
    lambda p: p.overall,
    lambda p, v: setattr(p, "overall", v),
    "\n".join,
    F.GOALS.parse,
)
_ITEM_SLOTS = (
    _attr_slot("title", "标题", _text, str.strip),
    _attr_slot("goal", "绩效目标", _text, str),
    _attr_slot("measure", "绩效指标", _text, str),
)
_MEASURE_SLOTS = (
    _attr_slot("title", "标题", _text, str.strip),
    _attr_slot("body", "内容", _text, str),
)
PART1_LISTS = {"items": "分项绩效目标", "measures": "工作保障措施"}


def _extra_slot(key: str) -> _Slot:
    def put(obj: Any, value: Any) -> None:
        if value is None:
            obj.extra.pop(key, None)
        else:
            obj.extra[key] = value

    return _Slot(key, key, lambda o: o.extra.get(key), put, _text, str)


# --- conflicts ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Conflict:
    """One place both sides changed differently, as a reviewer reads it.

    ``path`` names the place by ids: ("document", "money_unit"), ("project", PID, "budget"),
    ("project", PID, "plan.mar"), ("project", PID, "extra", KEY), ("project", PID, "indicator",
    IID, "value"), ("part1", "overall"), ("part1", "items", KEY, "title"); a row conflict
    (kind "deleted-edited") ends at the row: ("project", PID), ("project", PID, "indicator", IID),
    ("part1", "measures", KEY). Part 1 keys are the merge's own (Part 1 items have no ids).
    """

    kind: str  # "field" | "deleted-edited"
    where: str  # 项目3“凤还巢” 第2行 指标值 / 文档 金额单位 / 第一部分 分项绩效目标2 标题
    label: str  # the field's label (指标值); the row's kind for a row (指标, 项目 …)
    mine: str  # display text; for a row: what my side did (删除了此行 / the row's summary)
    theirs: str
    base: str
    path: Path
    mine_value: Any = field(default=None, compare=False, repr=False)
    _slot: _Slot | None = field(default=None, compare=False, repr=False)
    _after: str | None = field(default=None, compare=False, repr=False)  # row: mine's predecessor

    def line(self) -> str:
        """One Chinese line: 项目3 第2行 指标值：我的“≤1200元”，对方的“≤1000元”."""
        return f"{self.where}：我的“{show(self.mine)}”，对方的“{show(self.theirs)}”"


_DELETED = "删除了此行"


@dataclass(slots=True)
class Merged:
    """The result of ``merge3``: ``doc`` holds every change of both sides that does not conflict,
    and theirs for each conflict until ``resolve``."""

    doc: Document
    conflicts: list[Conflict]
    base: Document
    mine: Document
    part1_keys: dict[str, list[str]]  # Part 1 list name → the merge's key of each row of doc

    @property
    def clean(self) -> bool:
        return not self.conflicts

    @property
    def changes(self) -> list[str]:
        """My changes, one Chinese line each (computed when asked: for status lines)."""
        return describe_changes(self.base, self.mine)


# --- copying (faster than copy.deepcopy; the merged document shares nothing with its inputs) ----


def _copy_indicator(ind: Indicator) -> Indicator:
    return Indicator(
        ind.level1,
        ind.level2,
        ind.name,
        ind.description,
        ind.value,
        ind.basis,
        ind.previous_value,
        ind.formula,
        ind.score_weight,
        ind.actual_to_date,
        ind.forecast,
        ind.deviation_cause,
        ind.likelihood,
        ind.actual,
        ind.achievement,
        ind.score,
        ind.deviation,
        dict(ind.extra),
        ind.id,
    )


def _copy_project(p: Project) -> Project:
    return Project(
        p.code,
        p.name,
        p.budget,
        p.fiscal,
        p.other,
        p.purpose,
        SpendingPlan(p.plan.mar, p.plan.jun, p.plan.oct, p.plan.dec),
        list(p.goals),
        [_copy_indicator(i) for i in p.indicators],
        dict(p.extra),
        p.id,
        p.annual_budget,
        p.executed_to_date,
        p.executed,
        p.completion,
    )


def _copy_value(value: T) -> T:
    if isinstance(value, list):
        return list(value)  # type: ignore[return-value]
    if isinstance(value, dict):
        return dict(value)  # type: ignore[return-value]
    return value


# --- the merge of one value, one row's fields, one list of rows ---------------------------------


class _Sink:
    """Collects raw conflicts (path, slot, values) while merging; texts are made at the end."""

    def __init__(self) -> None:
        self.raw: list[tuple[str, Path, _Slot | None, Any, Any, Any, str | None]] = []

    def field(self, path: Path, slot: _Slot, b: Any, m: Any, t: Any) -> None:
        self.raw.append(("field", path, slot, b, m, t, None))

    def row(self, path: Path, b: Any, m: Any, t: Any, after: str | None) -> None:
        self.raw.append(("deleted-edited", path, None, b, m, t, after))


def _merge_slots(
    slots: Sequence[_Slot], b: Any, m: Any, t: Any, out: Any, path: Path, sink: _Sink | None
) -> bool:
    """Set each slot of ``out`` (a copy of theirs) to the merged value; False on a conflict
    (reported to ``sink`` when there is one)."""
    ok = True
    for slot in slots:
        bv, mv, tv = slot.get(b), slot.get(m), slot.get(t)
        if mv == bv or mv == tv:
            continue  # theirs is already in out
        if tv == bv:
            slot.set(out, _copy_value(mv))
            continue
        if isinstance(bv, list) and isinstance(mv, list) and isinstance(tv, list):
            lines = merge_lines(bv, mv, tv)
            if lines is not None:
                slot.set(out, lines)
                continue
        ok = False
        if sink is not None:
            sink.field((*path, slot.name), slot, bv, mv, tv)
    return ok


def _merge_extra(
    b: Any, m: Any, t: Any, out: Any, entity: F.Entity, path: Path, sink: _Sink
) -> None:
    """The keys of ``extra`` no field declares, one by one (declared ones merge as fields)."""
    if m.extra == b.extra or m.extra == t.extra:
        return
    rest = [F.undeclared(entity, x.extra) for x in (b, m, t)]
    keys = dict.fromkeys(k for r in rest for k in r)
    _merge_slots([_extra_slot(k) for k in keys], b, m, t, out, (*path, "extra"), sink)


def _keyed(rows: Sequence[T], key: Callable[[T], str]) -> dict[str, T]:
    """Rows by key, in order; a repeated key (a damaged file) gets #2, #3 … so no row is lost."""
    out: dict[str, T] = {}
    for row in rows:
        k = key(row)
        n = 1
        while k in out:
            n += 1
            k = f"{key(row)}#{n}"
        out[k] = row
    return out


def _merge_rows(
    b: dict[str, T],
    m: dict[str, T],
    t: dict[str, T],
    merge_row: Callable[[str, T, T, T], T],
    copy_row: Callable[[T], T],
    on_conflict: Callable[[str, T, T | None, T | None, str | None], None],
) -> dict[str, T]:
    """Merge keyed lists of rows: inserts of both kept after the same predecessor, deletes
    applied unless the other side edited the row (a conflict; theirs kept), a reorder of one side
    applied; both reordered → theirs' order with mine's inserts."""
    merged: dict[str, T] = {}
    dropped: list[tuple[str, T, T]] = []  # deleted by theirs, edited by mine
    for k, brow in b.items():
        mrow, trow = m.get(k), t.get(k)
        if mrow is not None and trow is not None:
            merged[k] = merge_row(k, brow, mrow, trow)
        elif trow is not None:  # mine deleted it
            if trow != brow:
                on_conflict(k, brow, None, trow, None)
                merged[k] = copy_row(trow)
        elif mrow is not None and mrow != brow:  # theirs deleted what mine edited
            dropped.append((k, brow, mrow))
    for k, trow in t.items():
        if k not in b:
            merged[k] = copy_row(trow)
    renamed: dict[str, str] = {}
    for k, mrow in m.items():
        if k in b:
            continue
        if k in t:
            if mrow == t[k]:
                continue  # the same row inserted by both
            renamed[k] = f"{k}~mine"
        merged[renamed.get(k, k)] = copy_row(mrow)
    m_order = [renamed.get(k, k) for k in m]
    common = [k for k in b if k in m and k in t]
    in_common = set(common)
    mine_moved = [k for k in m if k in in_common] != common
    theirs_moved = [k for k in t if k in in_common] != common
    primary, secondary = (
        (m_order, list(t)) if mine_moved and not theirs_moved else (list(t), m_order)
    )
    order = [k for k in primary if k in merged]
    placed = set(order)
    prev: str | None = None
    for k in secondary:
        if k in placed:
            prev = k
        elif k in merged:
            order.insert(order.index(prev) + 1 if prev is not None else 0, k)
            placed.add(k)
            prev = k
    for k, brow, mrow in dropped:
        before = [x for x in m_order[: m_order.index(k)] if x in placed]
        on_conflict(k, brow, mrow, None, before[-1] if before else None)
    return {k: merged[k] for k in order}


# --- aligning rows without ids (Part 1, lines) ---------------------------------------------------


def _align(base: Sequence[Hashable], side: Sequence[Hashable]) -> list[str]:
    """A key for each row of ``side``: the base row's ("b3") where it is that row, kept or
    edited in place; a new key ("n2", by side position) for an insert. Identical sides get
    identical keys, so the same insert on both is one insert."""
    keys = [f"n{j}" for j in range(len(side))]
    ops = difflib.SequenceMatcher(None, base, side, autojunk=False).get_opcodes()
    for op, i1, i2, j1, j2 in ops:
        if op in ("equal", "replace"):
            for i, j in zip(range(i1, i2), range(j1, j2), strict=False):
                keys[j] = f"b{i}"
    return keys


def _part1_keys(base: list[Any], side: list[Any]) -> list[str]:
    return _align([_tuple(x) for x in base], [_tuple(x) for x in side])


def _tuple(row: GoalItem | Measure) -> tuple[str, ...]:
    if isinstance(row, GoalItem):
        return (row.title, row.goal, row.measure)
    return (row.title, row.body)


def merge_lines(base: list[str], mine: list[str], theirs: list[str]) -> list[str] | None:
    """Lines of text merged like a text file: both sides' edits, inserts and deletes of different
    lines kept; None when the same line was changed differently (or deleted and edited)."""
    conflicted: list[str] = []

    def line(k: str, b: str, m: str, t: str) -> str:
        if m != b and t != b and m != t:
            conflicted.append(k)
        return t if m == b else m

    def keyed(lines: list[str]) -> dict[str, str]:
        return dict(zip(_align(base, lines), lines, strict=True))

    merged = _merge_rows(
        {f"b{i}": x for i, x in enumerate(base)},
        keyed(mine),
        keyed(theirs),
        line,
        str,
        lambda k, b, m, t, after: conflicted.append(k),
    )
    return None if conflicted else list(merged.values())


# --- the document ---------------------------------------------------------------------------------


class _Merge:
    def __init__(self, base: Document, mine: Document, theirs: Document) -> None:
        self.base, self.mine, self.theirs = base, mine, theirs
        self.sink = _Sink()
        self.part1_keys: dict[str, list[str]] = {}
        self.mine_part1_keys: dict[str, list[str]] = {}

    def run(self) -> Document:
        b, m, t = self.base, self.mine, self.theirs
        out = Document(
            t.dept_code,
            t.dept_name,
            t.year,
            t.money_unit,
            t.profile,
            t.allow_sustainable,
            t.layout,
            t.plan_unit,
            self.part1(),
            [],
            dict(t.extra),
            dismissals=merge_dismissals(b.dismissals, m.dismissals, t.dismissals),
            phase=t.phase,
            scoring=copy_scoring(t.scoring),
        )
        _merge_slots(_DOC_SLOTS, b, m, t, out, ("document",), self.sink)
        _merge_extra(b, m, t, out, F.Entity.DOCUMENT, ("document",), self.sink)
        out.projects = self.by_id(("project",), b.projects, m.projects, t.projects, _copy_project)
        return out

    def by_id(
        self, path: Path, b: list[R], m: list[R], t: list[R], copy_row: Callable[[R], R]
    ) -> list[R]:
        """Projects or indicators merged by id; a row only one side changed is that side's."""
        if m == b or m == t:
            return [copy_row(x) for x in t]
        if t == b:
            return [copy_row(x) for x in m]

        def row(k: str, br: R, mr: R, tr: R) -> R:
            if mr == br or mr == tr:
                return copy_row(tr)
            if tr == br:
                return copy_row(mr)
            out = copy_row(tr)
            self.fields((*path, k), br, mr, tr, out)
            return out

        def conflict(k: str, br: R, mr: R | None, tr: R | None, after: str | None) -> None:
            self.sink.row((*path, k), br, mr, tr, after)

        keyed = _merge_rows(_keyed(b, _id), _keyed(m, _id), _keyed(t, _id), row, copy_row, conflict)
        return list(keyed.values())

    def fields(self, path: Path, b: Any, m: Any, t: Any, out: Any) -> None:
        """The fields, extra keys and (of a project) indicators of a row both sides changed."""
        if isinstance(out, Project):
            _merge_slots(_PROJECT_SLOTS, b, m, t, out, path, self.sink)
            _merge_extra(b, m, t, out, F.Entity.PROJECT, path, self.sink)
            out.indicators = self.by_id(
                (*path, "indicator"), b.indicators, m.indicators, t.indicators, _copy_indicator
            )
        else:
            _merge_slots(_INDICATOR_SLOTS, b, m, t, out, path, self.sink)
            _merge_extra(b, m, t, out, F.Entity.INDICATOR, path, self.sink)

    def part1(self) -> Part1:
        b, m, t = self.base.part1, self.mine.part1, self.theirs.part1
        out = Part1(list(t.overall))
        _merge_slots((_OVERALL,), b, m, t, out, ("part1",), self.sink)
        for name, slots in (("items", _ITEM_SLOTS), ("measures", _MEASURE_SLOTS)):
            bl, ml, tl = getattr(b, name), getattr(m, name), getattr(t, name)
            mkeys, tkeys = _part1_keys(bl, ml), _part1_keys(bl, tl)
            self.mine_part1_keys[name] = mkeys
            path = ("part1", name)

            def row(
                k: str, br: Any, mr: Any, tr: Any, slots: Sequence[_Slot] = slots, path: Path = path
            ) -> Any:
                out_row = _copy_part1(tr)
                _merge_slots(slots, br, mr, tr, out_row, (*path, k), self.sink)
                return out_row

            def conflict(
                k: str, br: Any, mr: Any, tr: Any, after: str | None, path: Path = path
            ) -> None:
                self.sink.row((*path, k), br, mr, tr, after)

            merged = _merge_rows(
                {f"b{i}": x for i, x in enumerate(bl)},
                dict(zip(mkeys, ml, strict=True)),
                dict(zip(tkeys, tl, strict=True)),
                row,
                _copy_part1,
                conflict,
            )
            setattr(out, name, list(merged.values()))
            self.part1_keys[name] = list(merged)
        return out


def _id(row: Project | Indicator) -> str:
    return row.id


def _copy_part1(row: T) -> T:
    if isinstance(row, GoalItem):
        return GoalItem(row.title, row.goal, row.measure)  # type: ignore[return-value]
    assert isinstance(row, Measure)
    return Measure(row.title, row.body)  # type: ignore[return-value]


# --- where a conflict is, in Chinese ----------------------------------------------------------


def _position(rows: Sequence[Any], key: str, keys: Sequence[str] | None = None) -> int:
    ids = list(keys) if keys is not None else [r.id for r in rows]
    return ids.index(key) + 1 if key in ids else 0


def _project_name(doc: Document, mine: Document, pid: str) -> tuple[str, Project | None]:
    for d in (doc, mine):
        n = _position(d.projects, pid)
        if n:
            p = d.projects[n - 1]
            return f"项目{n}{_quoted(p.name)}", p
    return "项目", None


def _quoted(name: str) -> str:
    """“名称”, or （名称） when the name has quotes of its own (“凤还巢”大学生村干部…)."""
    if not name:
        return ""
    if any(q in name for q in '“”"'):
        return f"（{name}）"
    return f"“{name}”"


def _where(
    path: Path,
    doc: Document,
    mine: Document,
    keys: dict[str, list[str]],
    mkeys: dict[str, list[str]],
) -> tuple[str, Any]:
    """(the place as a reviewer reads it, without the field label; the row or owner object)."""
    if path[0] == "document":
        return "文档", None
    if path[0] == "part1":
        if len(path) <= 2:  # ("part1",): 总体绩效目标, a field of Part 1 itself
            return "第一部分", None
        name, key = path[1], path[2]
        n = _position([], key, keys[name]) or _position([], key, mkeys[name])
        return f"第一部分 {PART1_LISTS[name]}{n}", None
    where, project = _project_name(doc, mine, path[1])
    if len(path) >= 4 and path[2] == "indicator":
        n = 0
        for d in (doc, mine):
            if _position(d.projects, path[1]):
                n = _position(d.project(path[1]).indicators, path[3])
                if n:
                    break
        where += f" 第{n}行"
    return where, project


def _row_text(row: Any) -> str:
    if row is None:
        return _DELETED
    if isinstance(row, Project):
        return f"{row.code} {row.name}".strip() or "（空白项目）"
    if isinstance(row, Indicator):
        return (
            "/".join(x for x in (row.level1, row.level2, row.name) if x)
            + (f"：{row.value}" if row.value else "")
            or "（空白指标）"
        )
    return _tuple(row)[0] or "（无标题）"


def _row_label(path: Path) -> str:
    if path[0] == "project":
        return "指标" if len(path) > 2 else "项目"
    return PART1_LISTS[path[1]]


def _conflicts(m: _Merge, doc: Document) -> list[Conflict]:
    out = []
    for kind, path, slot, b, mv, tv, after in m.sink.raw:
        if slot is not None:
            where, _ = _where(
                path[:-1] if path[-2] != "extra" else path[:-2],
                doc,
                m.mine,
                m.part1_keys,
                m.mine_part1_keys,
            )
            out.append(
                Conflict(
                    kind,
                    f"{where} {slot.label}",
                    slot.label,
                    slot.show(mv),
                    slot.show(tv),
                    slot.show(b),
                    path,
                    mv,
                    slot,
                )
            )
        else:
            where, _ = _where(path, doc, m.mine, m.part1_keys, m.mine_part1_keys)
            edited = "修改了此行"
            out.append(
                Conflict(
                    kind,
                    where,
                    _row_label(path),
                    _DELETED if mv is None else f"{edited}（{_row_text(mv)}）",
                    _DELETED if tv is None else f"{edited}（{_row_text(tv)}）",
                    _row_text(b),
                    path,
                    mv,
                    None,
                    after,
                )
            )
    return out


def merge3(base: Document, mine: Document, theirs: Document) -> Merged:
    """Mine's changes from base applied to theirs, field by field (no argument is modified)."""
    job = _Merge(base, mine, theirs)
    doc = job.run()
    return Merged(doc, _conflicts(job, doc), base, mine, job.part1_keys)


def revert(before: Document, after: Document, current: Document) -> Merged:
    """Undo of one step (``before`` → ``after``) on the current document: only what the step
    changed goes back; a conflict means someone else changed it since (refuse the undo)."""
    return merge3(after, before, current)


# --- resolving ------------------------------------------------------------------------------------

Choice = str  # "mine", "theirs", or a typed text value for the field


def resolve(merged: Merged, choices: str | Sequence[Choice] | Mapping[Path, Choice]) -> Document:
    """The merged document with each conflict resolved: one choice for all ("mine"/"theirs"),
    one per conflict in order, or a mapping from ``Conflict.path`` (missing = theirs). A typed
    value is parsed as the field parses it (AmountError propagates). ``merged`` is not changed."""
    if isinstance(choices, str):
        picks = [choices] * len(merged.conflicts)
    elif isinstance(choices, Mapping):
        picks = [choices.get(c.path, "theirs") for c in merged.conflicts]
    else:
        picks = list(choices)
        if len(picks) != len(merged.conflicts):
            raise ValueError(f"{len(merged.conflicts)} conflicts, {len(picks)} choices")
    doc = Document(
        merged.doc.dept_code,
        merged.doc.dept_name,
        merged.doc.year,
        merged.doc.money_unit,
        merged.doc.profile,
        merged.doc.allow_sustainable,
        merged.doc.layout,
        merged.doc.plan_unit,
        Part1(
            list(merged.doc.part1.overall),
            [_copy_part1(i) for i in merged.doc.part1.items],
            [_copy_part1(i) for i in merged.doc.part1.measures],
        ),
        [_copy_project(p) for p in merged.doc.projects],
        dict(merged.doc.extra),
        dismissals=list(merged.doc.dismissals),
        phase=merged.doc.phase,
        scoring=copy_scoring(merged.doc.scoring),
    )
    keys = {name: list(k) for name, k in merged.part1_keys.items()}
    fields_first = sorted(
        zip(merged.conflicts, picks, strict=True), key=lambda cp: cp[0].kind != "field"
    )
    for conflict, pick in fields_first:
        if pick == "theirs":
            continue
        if conflict.kind == "field":
            slot = conflict._slot
            assert slot is not None
            value = _copy_value(conflict.mine_value) if pick == "mine" else slot.parse(pick)
            slot.set(_owner(doc, conflict.path, keys), value)
        elif pick != "mine":
            raise JixiaoError(f"{conflict.where}：一方删除、一方修改了此行，只能选择我的或对方的")
        else:
            _apply_row(doc, conflict, keys)
    return doc


def _owner(doc: Document, path: Path, keys: dict[str, list[str]]) -> Any:
    if path[0] == "document":
        return doc
    if path[0] == "part1":
        if len(path) == 2:
            return doc.part1
        return getattr(doc.part1, path[1])[keys[path[1]].index(path[2])]
    project = doc.project(path[1])
    if len(path) > 3 and path[2] == "indicator":
        return project.indicator(path[3])
    return project


def _apply_row(doc: Document, conflict: Conflict, keys: dict[str, list[str]]) -> None:
    """Mine's side of a deleted/edited row: delete it, or put my edited row back."""
    path, row = conflict.path, conflict.mine_value
    if path[0] == "part1":
        rows, ids = getattr(doc.part1, path[1]), keys[path[1]]
        key = path[2]
    elif len(path) == 2:
        rows, ids, key = doc.projects, [p.id for p in doc.projects], path[1]
    else:
        owner = doc.project(path[1])
        rows, ids, key = owner.indicators, [i.id for i in owner.indicators], path[3]
    if row is None:
        at = ids.index(key)
        del rows[at], ids[at]
        return
    at = ids.index(conflict._after) + 1 if conflict._after in ids else 0
    copied = (
        _copy_project(row)
        if isinstance(row, Project)
        else _copy_indicator(row)
        if isinstance(row, Indicator)
        else _copy_part1(row)
    )
    rows.insert(at, copied)
    ids.insert(at, key)


__all__ = [
    "Conflict",
    "Merged",
    "describe_changes",
    "merge3",
    "merge_lines",
    "resolve",
    "revert",
    "summary",
]
