"""What the rules ask of an indicator row, computed once per distinct row and cached.

Every rule reads these facts instead of re-deriving them, so a row is normalised and parsed
once per check however many rules look at it (the county benchmark depends on it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .. import framework as fw
from ..entities import Indicator, Profile
from ..text import halfwidth
from ..values import ParsedValue, ValueKind, parse_value
from .base import quote

# Level-1/level-2 names of both conventions, plus "数量" style short forms mapped to "数量指标".
_FRAMEWORK_NAMES: set[str] = set()
for _profile in Profile:
    for _l1, _l2s in fw.allowed(_profile).items():
        _FRAMEWORK_NAMES.add(_l1)
        _FRAMEWORK_NAMES.update(_l2s)

# Names that only a category may carry: a 三级指标 named like this says nothing. "服务对象满意度"
# (without 指标) is the usual and proper 三级 name, so only the forms ending in 指标 count.
CATEGORY_NAMES: frozenset[str] = frozenset(
    n for n in _FRAMEWORK_NAMES | set(fw.SYNONYMS) if n.endswith("指标")
)


@lru_cache(maxsize=1024)
def canon(name: str) -> str:
    """The framework's name for a level-1/level-2 name: synonyms, and 数量 → 数量指标."""
    c = fw.canonical(halfwidth(name).replace(" ", ""))
    if c not in _FRAMEWORK_NAMES and c + "指标" in _FRAMEWORK_NAMES:
        c += "指标"
    return c


_PAREN_TAIL = re.compile(
    r"[（(][^（(）)]{0,30}[）)]$"
)  # bounded: linear on a hostile 10,000-（ cell
# What a name ending says it measures (a test of the end, not a regex search of the name).
_RATE_ENDINGS = ("率", "比例", "比率", "占比", "满意度", "百分比")
_TIME_ENDINGS = ("时间", "时限", "日期", "期限", "完成时间", "时间节点", "进度安排")
_TIMELY = re.compile(r"及时|按时|准时|时效|按期|如期|逾期|超期|时限|进度")
_RATE_DESC = re.compile(r"比率|比例|占比|百分比|占[^，。；]{1,30}的(?:比|百分)")

# Categories a rule thinks in, whatever the convention.
QUANTITY, QUALITY, TIMELINESS, COST, EFFECT, SATISFACTION = (
    "数量",
    "质量",
    "时效",
    "成本",
    "效益",
    "满意度",
)


@dataclass(frozen=True, slots=True)
class Facts:
    """Immutable, and read through slots: the rules read a county's facts ~750,000 times, and
    Python 3.11 reads a slot in a third of the time it took to read a NamedTuple's field (13
    against 39 ns: it specialises the one, not the other's tuple getter). Made by _facts as
    a _Building, which has the same slots and no frozen __setattr__, then turned into a Facts
    (see _facts). Check --all on the county: 6,520 M instructions against 6,588 M as a
    NamedTuple (tests/model/test_rules_facts_fast.py compares it with the constructor's)."""

    level1: str  # canonical
    level2: str  # canonical
    category: str  # 数量 质量 时效 成本 效益 满意度, or "" when not in the framework
    money_cost: bool  # a cost row whose value must be money (2015 成本指标, 2021 经济成本指标)
    name: str  # half-width, spaces removed
    shown: str  # the name as written (trimmed, at most QUOTE_LIMIT characters), for messages
    description: str
    value: ParsedValue
    name_core: str  # name without a trailing (unit) in brackets
    name_says_rate: bool
    name_says_time: bool
    desc_says_rate: bool
    timely: bool  # name or description speaks of timeliness (按时/及时…)
    # What JX108 compares rows by: level-2, name, description and the value as parsed (so that
    # `≥ 95%` and `≥95%` are the same value) — made once per distinct row, not per check.
    row_key: tuple[object, ...]
    text: str  # name + " " + description: what most rules search (made once, not per rule)


class _Building:
    """A Facts being made: the same slots, set by plain assignment, which 3.11 specialises.
    The frozen dataclass's __init__ sets each through object.__setattr__, and calling each
    slot's own __set__ (a method wrapper) cost 2.2 µs for the fifteen, where the NamedTuple's
    tuple.__new__ cost 0.35 µs: that lost more than the reads gained."""

    __slots__ = Facts.__slots__


_LEVEL2_CATEGORY: dict[str, tuple[str, bool]] = {
    fw.QUANTITY: (QUANTITY, False),
    fw.QUALITY: (QUALITY, False),
    fw.TIMELINESS: (TIMELINESS, False),
    fw.COST2: (COST, True),
    fw.ECONOMIC_COST: (COST, True),
    fw.SOCIAL_COST: (COST, False),
    fw.ECO_COST: (COST, False),
    fw.ECONOMIC: (EFFECT, False),
    fw.SOCIAL: (EFFECT, False),
    fw.ECOLOGICAL: (EFFECT, False),
    fw.SUSTAINABLE: (EFFECT, False),
    fw.SERVICE_SATISFACTION: (SATISFACTION, False),
}
_LEVEL1_CATEGORY: dict[str, str] = {fw.EFFECT: EFFECT, fw.SATISFACTION: SATISFACTION}


def _category(level1: str, level2: str) -> tuple[str, bool]:
    if level1 == fw.COST:  # the 2021 level-1
        return COST, level2 == fw.ECONOMIC_COST
    found = _LEVEL2_CATEGORY.get(level2)
    return found if found is not None else (_LEVEL1_CATEGORY.get(level1, ""), False)


def _value_key(value: ParsedValue) -> object:
    """The parsed value as rows are compared: equal exactly when the Quantity or Deadline (or
    the trimmed text) are, but made of plain values — hashing a Quantity ran Python code (its
    comparator's enum hash) for every row of every check."""
    q, d = value.quantity, value.deadline
    if q is not None:
        # The Comparator itself: a StrEnum hashes and compares as its str, in C (its .value
        # is a Python-level property).
        return ("quantity", q.comparator, q.number, q.unit, q.explicit, q.doubled)
    if d is not None:
        return ("deadline", d.year, d.month, d.day, d.part, d.before, d.quarter, d.duration, d.unit)
    return value.raw.strip()


def _ends(text: str, endings: tuple[str, ...]) -> bool:
    """`text` ends with one of `endings`, as the regex `(…)$` read it: also just before a final
    line break (a name whose bracketed tail was cut off after a line break)."""
    return (text[:-1] if text.endswith("\n") else text).endswith(endings)


# The facts of a row's parts, each cached on its own: a county's rows repeat their level pairs
# (9 in 25,100 rows) and names (105) far more than whole rows (14,510), so a new row mostly
# costs the parse of its description and value.
@lru_cache(maxsize=1024)
def _levels(level1: str, level2: str) -> tuple[str, str, str, bool]:
    l1, l2 = canon(level1), canon(level2)
    return (l1, l2, *_category(l1, l2))


@lru_cache(maxsize=16384)
def _name_facts(name: str) -> tuple[str, str, str, bool, bool, bool]:
    """(name, shown, core, says rate, says time, speaks of timeliness)."""
    name_n = halfwidth(name).replace(" ", "").strip()
    # The tail can only match at the very end of the stripped name: test the last character first.
    core = _PAREN_TAIL.sub("", name_n) if name_n.endswith((")", "）")) else name_n
    return (
        name_n,
        quote(name),
        core,
        _ends(core, _RATE_ENDINGS),
        _ends(core, _TIME_ENDINGS),
        # A 三级 name that is only the category name (时效指标) says nothing about timeliness.
        name_n not in CATEGORY_NAMES and bool(_TIMELY.search(name_n)),
    )


@lru_cache(maxsize=16384)
def _description_facts(description: str) -> tuple[str, bool, bool]:
    """(description, says rate, speaks of timeliness)."""
    desc_n = halfwidth(description).strip()
    return desc_n, bool(_RATE_DESC.search(desc_n)), bool(_TIMELY.search(desc_n))


@lru_cache(maxsize=16384)
def _facts(level1: str, level2: str, name: str, description: str, value: str) -> Facts:
    l1, l2, category, money_cost = _levels(level1, level2)
    name_n, shown, core, says_rate, says_time, name_timely = _name_facts(name)
    desc_n, desc_says_rate, desc_timely = _description_facts(description)
    parsed = parse_value(value)
    facts: Any = _new(_Building)  # (its slots are Facts': mypy cannot see them)
    facts.level1 = l1
    facts.level2 = l2
    facts.category = category
    facts.money_cost = money_cost
    facts.name = name_n
    facts.shown = shown
    facts.description = desc_n
    facts.value = parsed
    facts.name_core = core
    facts.name_says_rate = says_rate
    facts.name_says_time = says_time
    facts.desc_says_rate = desc_says_rate
    facts.timely = name_timely or desc_timely
    facts.row_key = (l2, name_n, desc_n, _value_key(parsed))
    facts.text = name_n + " " + desc_n
    facts.__class__ = Facts  # the same slots: from here on frozen
    made: Facts = facts
    return made


_new = object.__new__


def facts_of(ind: Indicator) -> Facts:
    return _facts(ind.level1, ind.level2, ind.name, ind.description, ind.value)


def is_kind(facts: Facts, kind: ValueKind) -> bool:
    return facts.value.kind is kind
