"""The 指标值 grammar: quantitative, deadline or qualitative — the raw text is always kept.

Parsing never raises: text that is neither a number with a unit nor a point in the year is
qualitative. Validation decides whether that kind is acceptable where it stands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache

from .text import halfwidth


class Comparator(StrEnum):
    GE = "≥"
    LE = "≤"
    EQ = "="
    GT = ">"
    LT = "<"


class ValueKind(StrEnum):
    EMPTY = "empty"
    QUANTITATIVE = "quantitative"
    DEADLINE = "deadline"
    QUALITATIVE = "qualitative"


# Longest spellings first so that ">=" is not read as ">" followed by "=".
_COMPARATOR_SPELLINGS: list[tuple[str, Comparator]] = [
    (">=", Comparator.GE),
    ("=>", Comparator.GE),
    ("≥", Comparator.GE),
    ("≧", Comparator.GE),
    ("⩾", Comparator.GE),
    ("不低于", Comparator.GE),
    ("不少于", Comparator.GE),
    ("不小于", Comparator.GE),
    ("大于等于", Comparator.GE),
    ("大于或等于", Comparator.GE),
    ("<=", Comparator.LE),
    ("=<", Comparator.LE),
    ("≤", Comparator.LE),
    ("≦", Comparator.LE),
    ("⩽", Comparator.LE),
    ("不高于", Comparator.LE),
    ("不超过", Comparator.LE),
    ("不大于", Comparator.LE),
    ("小于等于", Comparator.LE),
    ("小于或等于", Comparator.LE),
    ("==", Comparator.EQ),
    ("=", Comparator.EQ),
    ("等于", Comparator.EQ),
    (">", Comparator.GT),
    ("大于", Comparator.GT),
    ("高于", Comparator.GT),
    ("<", Comparator.LT),
    ("小于", Comparator.LT),
    ("低于", Comparator.LT),
]
_COMPARATOR_SPELLINGS.sort(key=lambda pair: -len(pair[0]))

_NUMBER = r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
# A unit is short and holds no digits: 人 个 % 万元 平方米 元/份 元/人·月 人次 …
_QUANT = re.compile(rf"^(?P<num>{_NUMBER})\s*(?P<unit>[^\d\s][^\d]{{0,11}})?$")

_DEADLINE = re.compile(
    r"^(?:(?P<year>\d{4})\s*年\s*)?"
    r"(?:(?P<month>\d{1,2})\s*月(?:份)?\s*"
    r"(?:(?P<day>\d{1,2})\s*[日号]|(?P<part>底|末|初|中旬|上旬|下旬|中))?"
    r"|(?P<yearend>年底|年末|年内|年中|上半年|下半年|全年))"
    r"\s*(?P<before>前|之前|以前|完成|内)?$"
)

_MONEY_UNITS = {
    "元": Decimal(1),
    "万元": Decimal(10000),
    "亿元": Decimal(100000000),
    "千元": Decimal(1000),
    "百元": Decimal(100),
}


@dataclass(frozen=True, slots=True)
class Quantity:
    comparator: Comparator
    number: Decimal
    unit: str
    explicit: bool  # False when no comparator was written (a bare value means "=")

    @property
    def is_percent(self) -> bool:
        return self.unit in {"%", "％", "百分比"}

    @property
    def money_unit(self) -> str | None:
        """The money unit when the value is money (元, 万元) or a unit price (元/份)."""
        base = self.unit.split("/", 1)[0]
        return base if base in _MONEY_UNITS else None

    @property
    def is_money(self) -> bool:
        return self.money_unit is not None and "/" not in self.unit

    @property
    def is_unit_price(self) -> bool:
        return self.money_unit is not None and "/" in self.unit

    def in_yuan(self) -> Decimal | None:
        """Money (or a unit price) converted to 元; None when not money."""
        unit = self.money_unit
        return None if unit is None else self.number * _MONEY_UNITS[unit]


@dataclass(frozen=True, slots=True)
class Deadline:
    year: int | None
    month: int | None  # None for 年底 / 年内 style
    day: int | None
    part: str  # 底 末 初 中旬 …, or 年底 / 年内 …, or "" for a bare month
    before: bool  # 前 / 之前 / 以前 written


@dataclass(frozen=True, slots=True)
class ParsedValue:
    raw: str
    kind: ValueKind
    quantity: Quantity | None = None
    deadline: Deadline | None = None

    @property
    def text(self) -> str:
        return self.raw


def _split_comparator(s: str) -> tuple[Comparator | None, str]:
    for spelling, comparator in _COMPARATOR_SPELLINGS:
        if s.startswith(spelling):
            return comparator, s[len(spelling) :].lstrip()
    return None, s


def normalise_value(raw: str) -> str:
    """The canonical spelling of a value: half-width digits, ≥/≤ comparators, no stray spaces.

    Importers use it ("normalise digits, spaces and comparators; keep the user's wording
    otherwise"): qualitative text is only trimmed, never converted.
    """
    parsed = parse_value(raw)
    if parsed.kind is ValueKind.QUANTITATIVE and parsed.quantity is not None:
        q = parsed.quantity
        prefix = q.comparator.value if q.explicit else ""
        return f"{prefix}{format(q.number, 'f')}{q.unit}"
    if parsed.kind is ValueKind.DEADLINE:
        comparator, rest = _split_comparator(halfwidth(raw).strip())
        return ("<" if comparator else "") + re.sub(r"\s+", "", rest)
    return (raw or "").strip()


@lru_cache(maxsize=8192)
def parse_value(raw: str) -> ParsedValue:
    """Parse a 指标值. Tolerates >=, full-width characters and stray spaces; never raises."""
    s = halfwidth(raw or "").strip()
    if not s:
        return ParsedValue(raw or "", ValueKind.EMPTY)
    comparator, rest = _split_comparator(s)
    compact = re.sub(r"\s+", "", rest)
    # Deadlines first: `12月底前` would otherwise read as 12 of the unit `月底前`.
    if comparator is None or comparator is Comparator.LT:
        d = _DEADLINE.match(compact)
        if d and (d.group("month") is None or 1 <= int(d.group("month")) <= 12):
            deadline = Deadline(
                year=int(d.group("year")) if d.group("year") else None,
                month=int(d.group("month")) if d.group("month") else None,
                day=int(d.group("day")) if d.group("day") else None,
                part=d.group("part") or d.group("yearend") or "",
                before=bool(d.group("before")) or comparator is Comparator.LT,
            )
            return ParsedValue(raw, ValueKind.DEADLINE, deadline=deadline)
    m = _QUANT.match(compact)
    # `13月底`: a month that does not exist is not "13 of the unit 月底" — leave it qualitative.
    if m and not (m.group("unit") or "").startswith("月"):
        unit = (m.group("unit") or "").strip()
        number = Decimal(m.group("num").replace(",", ""))
        quantity = Quantity(comparator or Comparator.EQ, number, unit, comparator is not None)
        return ParsedValue(raw, ValueKind.QUANTITATIVE, quantity=quantity)
    return ParsedValue(raw, ValueKind.QUALITATIVE)
