"""Quick fixes: the mechanical findings the tool can correct itself. Pure: no I/O.

A fix belongs to a rule (``@fixer("JX208")``) and is a function of one text: the located field
of a finding (model.dismissals.located_text's field: the 指标值 of a row, a project's 绩效目标 as
lines, a 分项绩效目标's text …) → its corrected text, or None when the correction is not
mechanical here. So a fix can never change anything but the located field.

    changes = plan_fixes(doc, findings)     # FieldChange per field, before/after, verified
    fixed = apply_fixes(doc, changes)       # a copy; doc is not changed

plan_fixes keeps only changes after which a re-check reports none of the fixed findings again
at that place (a fix that does not cure its finding is dropped, not applied).

Other rule families register their fixes the same way: ``register_fix("JX6xx", tidy_value)``
(tidy_value, halfwidth_value are ready for the hygiene rules about values).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from .. import fields as F
from ..dismissals import PART1_ITEM, location_of, project_numbers, short_place
from ..entities import Document, Indicator, Project
from ..errors import JixiaoError
from ..values import Comparator, ValueKind, parse_value
from .context import goal_key

Fix = Callable[[str], str | None]
FIXES: dict[str, Fix] = {}


def register_fix(rule_id: str, fn: Fix) -> None:
    FIXES[rule_id] = fn


def fixer(rule_id: str) -> Callable[[Fix], Fix]:
    def register(fn: Fix) -> Fix:
        register_fix(rule_id, fn)
        return fn

    return register


def has_fix(rule_id: str) -> bool:
    return rule_id in FIXES


# --- the fixes --------------------------------------------------------------------------------


@fixer("JX208")
def rate_ceiling_100(text: str) -> str | None:
    """`≤100%` on a rate that should be high → `=100%` (only exactly 100: `≤120%` is not clear)."""
    parsed = parse_value(text)
    q = parsed.quantity
    if (
        parsed.kind is ValueKind.QUANTITATIVE
        and q is not None
        and q.is_percent
        and q.comparator in (Comparator.LE, Comparator.LT)
        and q.number == 100
    ):
        return "=100%"
    return None


# The fixes' patterns are compiled on first use, not at import (_pattern): every `jixiao check`
# imports this module (JX609 asks may_be_untidy) but only --fix and the editor's quick fixes
# run a fix, and compiling these 13 patterns cost every check ~4.5 ms (the private-use class
# of _RESIDUE's last one alone 1.6 ms: re builds its charset a character at a time).
_RESIDUE = (
    r"\[bookmark:[^\]\n]*\]",
    r"\s*\\\*\s*MERGEFORMAT",
    r"MERGEFORMAT",
    r'HYPERLINK\s+(?:\\l\s+)?"[^"\n]*"\s*',
    r"PAGEREF\s+_Toc\d+\s*(?:\\h)?\s*",
    r"_GoBack|_Toc\d+",
    r"[\x00-\x08\x0b\x0c\x0e-\x1f]|[\ue000-\uf8ff]|\ufffd",
)


def _pattern(pattern: str) -> re.Pattern[str]:
    """One of the fixes' patterns, compiled once: kept in a dict of its own (at most these 13,
    so engine.clear_caches need not empty it), not in re's cache, which forgets after 512."""
    found = _COMPILED.get(pattern)
    if found is None:
        found = _COMPILED[pattern] = re.compile(pattern)
    return found


_COMPILED: dict[str, re.Pattern[str]] = {}


@fixer("JX601")
def word_residue(text: str) -> str | None:
    """Bookmarks, field codes, control and replacement characters removed."""
    out = text
    for pattern in _RESIDUE:
        out = _pattern(pattern).sub("", out)
    return out if out != text else None


_BLANK_LINE = r"\n[ \t\u3000]*(?=\n)"


@fixer("JX602")
def empty_paragraphs(text: str) -> str | None:
    out = _pattern(_BLANK_LINE).sub("", text)
    return out if out != text else None


_OPEN_TITLE = r"关于"


@fixer("JX604")
def missing_title_mark(text: str) -> str | None:
    """A document title cut at the front (`关于……的通知》`) gets its 《 — only where that is
    unambiguous: one 》 and no 《 on the line, and the title starts with 关于."""
    lines = text.split("\n")
    changed = False
    for n, line in enumerate(lines):
        if "《" in line or line.count("》") != 1:
            continue
        end = line.index("》")
        start = max(line.rfind(c, 0, end) for c in "，。；：,;:》") + 1
        m = _pattern(_OPEN_TITLE).search(line, start, end)
        if m is None:
            continue
        lines[n] = line[: m.start()] + "《" + line[m.start() :]
        changed = True
    return "\n".join(lines) if changed else None


_REPEATED_MARK = r"([，。、；：！？,;])\1+"
_MIXED_MARKS = {"、，": "，", "，、": "，", "，。": "。"}


@fixer("JX605")
def doubled_punctuation(text: str) -> str | None:
    out = _pattern(_REPEATED_MARK).sub(r"\1", text)
    for pair, one in _MIXED_MARKS.items():
        out = out.replace(pair, one)
    return out if out != text else None


_NUMBERED = r"^\s*(\d{1,2})([.、．])"


@fixer("JX401")
def repeated_goal_lines(text: str) -> str | None:
    """A goal line repeated (numbering aside) is removed; lines numbered 1, 2, 3 … are
    renumbered so the numbering stays continuous."""
    lines = text.split("\n")
    seen: set[str] = set()
    kept: list[str] = []
    for line in lines:
        key = goal_key(line)
        if key and key in seen:
            continue
        seen.add(key)
        kept.append(line)
    if len(kept) == len(lines):
        return None
    numbered = _pattern(_NUMBERED)
    numbers = [numbered.match(line) for line in lines]
    if all(numbers) and [int(m.group(1)) for m in numbers if m] == list(range(1, len(lines) + 1)):
        kept = [_renumber(line, k) for k, line in enumerate(kept, 1)]
    return "\n".join(kept)


def _renumber(line: str, number: int) -> str:
    m = _pattern(_NUMBERED).match(line)
    assert m is not None
    return line[: m.start(1)] + str(number) + line[m.end(1) :]


# Values: full-width digits and symbols to half-width, no spaces inside `≥ 90 %`. For the
# hygiene rules about values to register (no rule in the catalogue reports these yet).
_HALF = {c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)}  # ０-９
_HALF.update({ord("％"): ord("%"), ord("．"): ord("."), ord("＜"): ord("<"), ord("＞"): ord(">")})
_HALF.update({ord("＝"): ord("="), ord("＋"): ord("+"), ord("－"): ord("-"), ord("，"): ord(",")})
_SPACE_AROUND = r"\s*([≥≤<>=%])\s*"
_SPACE_AFTER_NUMBER = r"(\d)\s+(?=\S)"


_HALF_VALUE = {k: v for k, v in _HALF.items() if k != ord("，")}  # a comma in a value is prose
# What either step below changes: a value without any of these is tidy as it stands.
_UNTIDY = re.compile("[\\s" + "".join(map(chr, _HALF_VALUE)) + "]")


def halfwidth_value(text: str) -> str | None:
    """`≥９０％` → `≥90%` (digits and the symbols of a number only; Chinese punctuation kept)."""
    out = text.translate(_HALF_VALUE)
    return out if out != text else None


def tidy_value(text: str) -> str | None:
    """`≥ 90 %` → `≥90%`: no spaces around comparators and % or between a number and its unit."""
    around = _pattern(_SPACE_AROUND).sub(r"\1", text.strip())
    out = _pattern(_SPACE_AFTER_NUMBER).sub(r"\1", around)
    return out if out != text else None


def may_be_untidy(values: list[str]) -> bool:
    """False when normalised_value leaves every one of `values` as it is: none of them holds a
    character _UNTIDY finds — which one search of them joined tells (JX609 asks this of each
    project's values: ≈1 µs, where a call a value cost ≈5 µs a project)."""
    return _UNTIDY.search("".join(values)) is not None


@fixer("JX609")
def normalised_value(text: str) -> str | None:
    """A number or deadline written with full-width characters or stray spaces, tidied
    (`≥ ９０ ％` → `≥90%`); None when already tidy, or when the value is prose (kept as written)."""
    return _normalised_value(text)


@lru_cache(maxsize=65536)
def _normalised_value(text: str) -> str | None:
    """normalised_value, cached: JX609 asks it of every 指标值 on every check."""
    if not text or "\n" in text or not _UNTIDY.search(text):
        return None  # the usual value: no space, no full-width character
    half = halfwidth_value(text) or text
    out = tidy_value(half) or half
    if out == text:
        return None
    if parse_value(out).kind not in (ValueKind.QUANTITATIVE, ValueKind.DEADLINE):
        return None
    return out


@fixer("JX220")
def deadline_before(text: str) -> str | None:
    """`12月底` → `12月底前` where the document writes its other deadlines with 前 (JX220)."""
    d = parse_value(text).deadline
    if d is None or d.before or d.is_duration or "\n" in text:
        return None
    return text.strip() + "前"


@fixer("JX302")
def other_plan_unit(text: str) -> str | None:
    """The document's 资金支出计划单位 when the plans contradict it: 百分比 ↔ 金额 (JX302 fires only
    when most projects' figures are evidently in the other unit)."""
    return {"百分比": "金额", "金额": "百分比"}.get(text.strip())


# --- planning and applying --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field a fix changes: where (stable and as shown), what, before and after."""

    rules: tuple[str, ...]  # the rules whose findings it fixes (JX605, JX601 …)
    location: str  # stable place (model.dismissals.location_of)
    place: str  # the short place `3.1`
    where: str  # in words: 项目3 第1行 指标值
    field: str
    before: str
    after: str

    def line(self) -> str:
        """`项目3 第1行 指标值：“≤100%” → “=100%”（JX208）`; a long text is shown around the
        part that changes."""
        before, after = _around_change(self.before, self.after)
        return f"{self.where}：“{before}” → “{after}”（{'、'.join(self.rules)}）"


_CONTEXT = 12  # characters shown either side of what a fix changes in a long text
_LONG = 40


def _around_change(before: str, after: str) -> tuple[str, str]:
    a, b = before.replace("\n", "↵"), after.replace("\n", "↵")
    if len(a) <= _LONG and len(b) <= _LONG:
        return a, b
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    start = max(0, head - _CONTEXT)

    def cut(text: str) -> str:
        end = min(len(text), len(text) - tail + _CONTEXT)
        return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")

    return cut(a), cut(b)


_IND_FIELDS = {f.column: f for f in F.INDICATOR_FIELDS}
_PROJECT_FIELDS = {f.column: f for f in (*F.PROJECT_FIELDS, F.GOALS) if f.kind is not F.Kind.AMOUNT}

# Findings about the document as a whole that a setting decides: 资金支出计划 → 资金支出计划单位.
_DOC_FIELDS = {F.PLAN_LABEL: F.field("document", "plan_unit")}


def _target(doc: Document, f: Any) -> tuple[Any, F.Field | str] | None:
    """(the object holding the located field, its Field or Part 1 attribute) — None when the
    finding is about no single text field (a plan, a table, the document)."""
    fld = f.field or ""
    if f.project_id is not None:
        project = next((p for p in doc.projects if p.id == f.project_id), None)
        if project is None:
            return None
        if f.indicator_row is not None:
            ind = next((i for i in project.indicators if i.id == f.indicator_id), None)
            field = _IND_FIELDS.get(fld)
            return None if ind is None or field is None else (ind, field)
        field = _PROJECT_FIELDS.get(fld)
        return None if field is None else (project, field)
    if f.part1_item is not None and fld in PART1_ITEM and 1 <= f.part1_item <= len(doc.part1.items):
        return doc.part1.items[f.part1_item - 1], PART1_ITEM[fld]
    if f.part1_item is None and fld in _DOC_FIELDS:
        return doc, _DOC_FIELDS[fld]
    return None


def _get(obj: Any, field: F.Field | str) -> str:
    return getattr(obj, field) if isinstance(field, str) else field.text(obj)


def _where(doc: Document, f: Any, numbers: dict[str, int]) -> str:
    if f.project_id is not None:
        where = f"项目{numbers.get(f.project_id, 0)}"
        if f.indicator_row is not None:
            where += f" 第{f.indicator_row}行"
    elif f.part1_item is not None:
        where = f"第一部分 分项绩效目标{f.part1_item}"
    else:
        return f"文档信息 {_DOC_FIELDS[f.field].label}" if f.field in _DOC_FIELDS else "全文"
    return f"{where} {f.field}"


def plan_fixes(doc: Document, findings: Iterable[Any]) -> list[FieldChange]:
    """The changes that fix these findings (those with a mechanical fix), one per field: the
    fixes of several rules on one field are applied one after the other. Only changes that cure
    their findings (a re-check finds none of them at that place) are returned."""
    numbers = project_numbers(doc)
    by_place: dict[str, tuple[Any, list[str]]] = {}
    for f in findings:
        if f.rule in FIXES and _target(doc, f) is not None:
            rules = by_place.setdefault(location_of(f), (f, []))[1]
            if f.rule not in rules:
                rules.append(f.rule)
    changes: list[FieldChange] = []
    for location, (f, rules) in by_place.items():
        target = _target(doc, f)
        assert target is not None
        before = text = _get(*target)
        done: list[str] = []
        for rule_id in rules:
            fixed = FIXES[rule_id](text)
            if fixed is not None and fixed != text:
                text = fixed
                done.append(rule_id)
        if done and text != before:
            changes.append(
                FieldChange(
                    tuple(done),
                    location,
                    short_place(doc, f, numbers),
                    _where(doc, f, numbers),
                    f.field or "",
                    before,
                    text,
                )
            )
    return _cured(doc, changes)


def _cured(doc: Document, changes: list[FieldChange]) -> list[FieldChange]:
    """The changes after which no finding of their rules is left at their place."""
    if not changes:
        return []
    from .engine import Checker

    fixed = apply_fixes(doc, changes)
    rules = {r for c in changes for r in c.rules}
    # A change's place is inside one project (or one Part 1 item): re-check only those.
    touched = {c.location.split("/")[1] for c in changes if c.location.startswith("p/")}
    checker = Checker(only=rules)
    rechecked = checker.projects(fixed, [p for p in fixed.projects if p.id in touched])
    found = [f for own in rechecked.values() for f in own]
    if any(not c.location.startswith("p/") for c in changes):
        found += checker.document(fixed)
    left = {(f.rule, location_of(f)) for f in found}
    return [c for c in changes if not any((r, c.location) in left for r in c.rules)]


def fix_one(doc: Document, finding: Any) -> FieldChange | None:
    """The change that fixes one finding, or None when it has no mechanical fix."""
    found = plan_fixes(doc, [finding])
    return found[0] if found else None


def apply_fixes(doc: Document, changes: Sequence[FieldChange]) -> Document:
    """A copy of doc with each change's field set to its `after` text (only the projects and
    Part 1 items changed are copied). JixiaoError when a field no longer holds `before`."""
    projects = list(doc.projects)
    index = {p.id: n for n, p in enumerate(projects)}
    items = list(doc.part1.items)
    settings: list[FieldChange] = []
    for change in changes:
        parts = change.location.split("/")
        if parts[0] == "p":
            n = index[parts[1]]
            project = projects[n]
            if project is doc.projects[n]:
                project = projects[n] = _copy_project(project)
            if parts[2] == "i":
                owner: Any = _own_indicator(project, doc.projects[n], parts[3])
                field: F.Field | str = _IND_FIELDS[parts[4]]
            else:
                owner, field = project, _PROJECT_FIELDS[parts[2]]
        elif parts[0] == "part1":
            k = int(parts[1]) - 1
            if items[k] is doc.part1.items[k]:
                items[k] = replace(items[k])
            owner, field = items[k], PART1_ITEM[parts[2]]
        elif parts[0] == "doc" and parts[1] in _DOC_FIELDS:
            settings.append(change)  # set on the copy below
            continue
        else:  # pragma: no cover - plan_fixes makes no such change
            raise ValueError(change.location)
        if _get(owner, field) != change.before:
            raise JixiaoError(f"{change.where} 已被修改，未自动修正；请重新检查后再修正")
        _set(owner, field, change.after)
    part1 = doc.part1 if items == doc.part1.items else replace(doc.part1, items=items)
    fixed = replace(doc, projects=projects, part1=part1)
    for change in settings:
        setting = _DOC_FIELDS[change.location.split("/")[1]]
        if _get(doc, setting) != change.before:
            raise JixiaoError(f"{change.where} 已被修改，未自动修正；请重新检查后再修正")
        setting.set_text(fixed, change.after)
    return fixed


def _set(obj: Any, field: F.Field | str, text: str) -> None:
    if isinstance(field, str):
        setattr(obj, field, text)
    elif field.kind is F.Kind.LINES:
        field.set(obj, text.split("\n") if text else [])
    else:
        field.set(obj, text)


def _copy_project(p: Project) -> Project:
    """A copy whose own fields and lists may be changed; its indicators are still shared
    (_own_indicator copies the ones a fix changes: copying every row of every fixed project
    was a tenth of `check --all`, which counts what --fix would correct)."""
    return replace(p, goals=list(p.goals), indicators=list(p.indicators), extra=dict(p.extra))


def _own_indicator(copy: Project, original: Project, indicator_id: str) -> Indicator:
    """The copied project's indicator `indicator_id`, itself a copy (made now if it is still
    the original's)."""
    for k, ind in enumerate(copy.indicators):
        if ind.id == indicator_id:
            if any(ind is shared for shared in original.indicators):
                ind = copy.indicators[k] = replace(ind, extra=dict(ind.extra))
            return ind
    raise KeyError(indicator_id)


__all__ = [
    "FIXES",
    "FieldChange",
    "apply_fixes",
    "fix_one",
    "fixer",
    "halfwidth_value",
    "has_fix",
    "plan_fixes",
    "register_fix",
    "tidy_value",
]
