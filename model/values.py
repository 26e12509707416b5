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

from .text import halfwidth, is_placeholder


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
# The spellings by their first character, longest first as above: a value is tried only
# against the spellings it can start with (most values start with a digit: none).
_SPELLINGS_BY_FIRST: dict[str, list[tuple[str, Comparator]]] = {}
for _pair in _COMPARATOR_SPELLINGS:
    _SPELLINGS_BY_FIRST.setdefault(_pair[0][0], []).append(_pair)

_NUMBER = r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
# A unit is short and holds no digits: 人 个 % 万元 平方米 元/份 元/人·月 人次 …
_QUANT = re.compile(rf"^(?P<num>{_NUMBER})\s*(?P<unit>[^\d\s][^\d]{{0,11}})?$")

# Deadlines as clerks write them. Each pattern reads a compact (space-free, half-width) value
# after any comparator; `before` is the 前/内 tail (≤). The year is a calendar year (19xx/20xx):
# "2023年底前" is the end of 2023, never "2023 of the unit 年底前".
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_BEFORE = r"(?P<before>之前|以前|前|以内|之内|内)?(?P<done>完成|完工|结束|办结|到位)?"
_LEAD = r"(?P<by>截至|截止到|截止|到)?(?:在|于)?(?P<this>本年度|本年|当年|年度)?"
_DEADLINE = re.compile(
    rf"^{_LEAD}(?:{_YEAR}\s*年度?\s*)?"
    r"(?:(?P<month>\d{1,2})\s*月(?:份)?\s*"
    r"(?:(?P<day>\d{1,2})\s*[日号]|(?P<part>底|末|初|中旬|上旬|下旬|中))?"
    r"|(?P<yearend>年底|年末|年内|年度内|年中|上半年|下半年|全年)"
    r"|(?P<ytail>底|末|内|中)"
    r"|第?(?P<quarter>[1-4一二三四])季度(?P<qpart>末|底|内)?)"
    rf"\s*{_BEFORE}$"
)
# 2023-12-31, 2023.12.31, 2023/12/31, 2023-12 and 2023/12 (a dotted year-month is a number).
_NUMERIC_DATE = re.compile(
    rf"^{_YEAR}(?:(?P<sep>[-/])(?P<month>\d{{1,2}})(?:(?P=sep)(?P<day>\d{{1,2}}))?"
    rf"|\.(?P<dmonth>\d{{1,2}})\.(?P<dday>\d{{1,2}})){_BEFORE}$"
)
# 30个工作日内, 15天内, 3个月以内: a time allowed from the start, not a point in the year.
_DURATION = re.compile(
    r"^(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>个工作日|工作日|个自然日|自然日|天|日|个月|周|小时)"
    r"\s*(?P<before>以内|之内|内)$"
)
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4}
# 十二月 → 12月: months are often written in Chinese numerals.
_CN_MONTH = re.compile(r"(十[一二]|[一二三四五六七八九十])(?=月)")
_CN_MONTHS = {
    "一": "1", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6",
    "七": "7", "八": "8", "九": "9", "十": "10", "十一": "11", "十二": "12",
}  # fmt: skip
# The last month each yearly part allows (for comparing with the spending plan).
_YEAR_TAILS = {"底": "年底", "末": "年末", "内": "年内", "中": "年中"}
_PART_MONTH = {
    "年中": 6, "上半年": 6, "下半年": 12, "年底": 12, "年末": 12, "年内": 12, "年度内": 12, "全年": 12,
}  # fmt: skip

_MONEY_UNITS = {
    "元": Decimal(1),
    "万元": Decimal(10000),
    "亿元": Decimal(100000000),
    "千元": Decimal(1000),
    "百元": Decimal(100),
}


# The units of a percentage (Quantity.is_percent).
PERCENT_UNITS = frozenset({"%", "％", "百分比"})


@dataclass(frozen=True, slots=True)
class Quantity:
    comparator: Comparator
    number: Decimal
    unit: str
    explicit: bool  # False when no comparator was written (a bare value means "=")
    doubled: bool = False  # the unit was written twice (≤3.11万元万元): `unit` is the one unit

    @property
    def is_percent(self) -> bool:
        return self.unit in PERCENT_UNITS

    @property
    def money_unit(self) -> str | None:
        """The money unit when the value is money (元, 万元) or a unit price (元/份)."""
        return money_base(self.unit)

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
    """One normalised deadline: a point in the year, or a duration (30个工作日内).

    A point is (year, month, day, part) — any of them may be missing: `12月底前` has no year,
    `2023年底` no month (part 年底), `第四季度末` a quarter. `before` is the 前/内 tail or a
    written ≤/<: the work is done *by* then (≤), not *at* it. A duration is `duration` + `unit`.
    """

    year: int | None
    month: int | None  # None for 年底 / 年内 / quarter / duration style
    day: int | None
    part: str  # 底 末 初 中旬 …, or 年底 / 年内 / 上半年 …, 季度 / 季度末, or "" for a bare month
    before: bool  # 前 / 之前 / 以前 / 内 written (or ≤ / <)
    quarter: int | None = None  # 1–4 for 第N季度(末)
    duration: Decimal | None = None  # 30 of 30个工作日内
    unit: str = ""  # 个工作日, 天, 个月 … of a duration

    @property
    def is_duration(self) -> bool:
        return self.duration is not None

    @property
    def comparator(self) -> Comparator:
        """≤ when the work is due by the deadline (前/内), = when at it."""
        return Comparator.LE if self.before else Comparator.EQ

    @property
    def last_month(self) -> int | None:
        """The last month of the year the deadline allows (12月底前 → 12, 上半年 → 6); None
        for a duration or a part that names no month."""
        if self.month is not None:
            return self.month
        if self.quarter is not None:
            return self.quarter * 3
        return _PART_MONTH.get(self.part)

    def describe(self) -> str:
        """The normalised reading in words: 2023年12月31日之前（≤）, 第四季度末（12月底）之前."""
        if self.duration is not None:
            return f"{format(self.duration, 'f')}{self.unit}以内（≤）"
        when = f"{self.year}年" if self.year else ""
        if self.month is not None:
            when += f"{self.month}月" + (f"{self.day}日" if self.day else self.part)
        elif self.quarter is not None:
            when += (
                f"第{'一二三四'[self.quarter - 1]}{self.part or '季度'}（{self.quarter * 3}月底）"
            )
        else:
            when = (
                when.removesuffix("年") + self.part
                if self.part.startswith("年")
                else when + self.part
            )
        return when + ("之前（≤）" if self.before else "")


@dataclass(frozen=True, slots=True)
class ParsedValue:
    raw: str
    kind: ValueKind
    quantity: Quantity | None = None
    deadline: Deadline | None = None

    @property
    def text(self) -> str:
        return self.raw

    @property
    def marked_qualitative(self) -> bool:
        """The value says of itself that it is 定性 (“定性：群众生活明显改善”)."""
        return qualitative_mark(self.raw) is not None


# 指标性质 “定性”, kept as part of the value: the 2021 form's 指标性质 column says a value is
# qualitative on purpose; the Word reader writes it in front of the text (“定性：明显改善”) so the
# flag survives any format, and the writer puts it back in its column.
QUALITATIVE_MARK = "定性"
QUALITATIVE_PREFIX = "定性："
_MARK = re.compile(r"^\s*(?:定性\s*[:：]|[（(]\s*定性\s*[）)])\s*")


def qualitative_mark(raw: str) -> str | None:
    """The text after a 定性 mark (“定性：…”, “（定性）…”), or None when the value has none (or
    nothing after it)."""
    m = _MARK.match(raw or "")
    if m is None:
        return None
    rest = raw[m.end() :].strip()
    return rest or None


def mark_qualitative(text: str) -> str:
    """A qualitative text with the 定性 mark in front, written the one canonical way."""
    rest = qualitative_mark(text)
    return QUALITATIVE_PREFIX + (rest if rest is not None else text.strip())


_SPACES = re.compile(r"\s+")


def _split_comparator(s: str) -> tuple[Comparator | None, str]:
    for spelling, comparator in _SPELLINGS_BY_FIRST.get(s[:1], ()):
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
        unit = q.unit * 2 if q.doubled else q.unit  # the user's typo is theirs to fix
        return f"{prefix}{format(q.number, 'f')}{unit}"
    if parsed.kind is ValueKind.DEADLINE:
        comparator, rest = _split_comparator(halfwidth(raw).strip())
        return ("<" if comparator else "") + re.sub(r"\s+", "", rest)
    return (raw or "").strip()


# A bound written after the unit (95%以上): the grammar puts the comparator in front.
_TRAILING_BOUNDS = {
    "及以上": Comparator.GE,
    "以上": Comparator.GE,
    "及以下": Comparator.LE,
    "以下": Comparator.LE,
    "以内": Comparator.LE,
}


def value_problem(raw: str) -> str | None:
    """Why a typed 指标值 cannot be kept, in words (None: it can). A number must carry a known
    unit (model.units): `50台?` is not 50 of the unit `台?`. Text the grammar reads as
    qualitative or as a deadline is never refused."""
    parsed = parse_value(raw)
    if parsed.kind is not ValueKind.QUANTITATIVE or parsed.quantity is None:
        return None
    from .units import unit_problem

    q = parsed.quantity
    for tail, comparator in _TRAILING_BOUNDS.items():
        unit = q.unit.removesuffix(tail)
        if unit != q.unit and unit_problem(unit) is None:
            better = f"{comparator.value}{format(q.number, 'f')}{unit}"
            return f"指标值“{raw.strip()}”请写成“{better}”（比较符写在数字前）"
    problem = unit_problem(q.unit)
    return f"指标值“{raw.strip()}”：{problem}" if problem else None


def entered_value(raw: str) -> str:
    """A 指标值 as typed → as kept: full-width digits, comparators and spaces normalised
    (`≥ 90 %`, `＞＝９０％` → `≥90%`), a deadline compacted with its comparator, qualitative
    text only trimmed. JixiaoError (value_problem's reason) when the unit is not one.
    For typed input; imported files keep their text as written."""
    from .errors import JixiaoError

    problem = value_problem(raw)
    if problem is not None:
        raise JixiaoError(problem)
    parsed = parse_value(raw)
    if parsed.kind is ValueKind.QUANTITATIVE:
        return normalise_value(raw)
    if parsed.kind is ValueKind.DEADLINE:
        comparator, rest = _split_comparator(halfwidth(raw).strip())
        return (comparator.value if comparator else "") + re.sub(r"\s+", "", rest)
    return (raw or "").strip()


@lru_cache(maxsize=1024)
def money_base(unit: str) -> str | None:
    """Quantity.money_unit of a unit. Cached: the money rules ask it of every row's value
    several times per check, and units are few."""
    base = unit.split("/", 1)[0]
    return base if base in _MONEY_UNITS else None


@lru_cache(maxsize=8192)
def parse_value(raw: str) -> ParsedValue:
    """Parse a 指标值. Tolerates >=, full-width characters and stray spaces; never raises."""
    s = halfwidth(raw or "").strip()
    # N/A, 无, 待定, -, / …: nothing written in substance (a placeholder is at most 4 characters)
    if not s or (len(s) <= 4 and is_placeholder(s)):
        return ParsedValue(raw or "", ValueKind.EMPTY)
    comparator, rest = _split_comparator(s)
    # every whitespace removed, as _SPACES.sub("", rest) does (str.split splits on the same
    # characters as the regex \s), without a regex for the usual value that has none
    compact = "".join(rest.split())
    # Deadlines first: `12月底前` would otherwise read as 12 of the unit `月底前`, `2023年底` as
    # 2023 of the unit `年底`.
    if comparator is None or comparator in (Comparator.LT, Comparator.LE):
        deadline = _deadline(compact, before=comparator is not None)
        if deadline is not None:
            return ParsedValue(raw, ValueKind.DEADLINE, deadline=deadline)
    m = _QUANT.match(compact)
    if m is not None:
        num, unit = m.group("num", "unit")
        unit = unit or ""
        # `13月底`: a month that does not exist is not "13 of the unit 月底": qualitative.
        if not unit.startswith("月"):
            unit = unit.strip()
            half = len(unit) // 2
            doubled = half > 0 and len(unit) % 2 == 0 and unit[:half] == unit[half:]
            if doubled:
                unit = unit[:half]  # ≤3.11万元万元 is 3.11 万元 written with its unit twice
            quantity = _quantity(
                comparator or Comparator.EQ,
                Decimal(num.replace(",", "")),
                unit,
                comparator is not None,
                doubled,
            )
            return _parsed(raw, ValueKind.QUANTITATIVE, quantity, None)
    return ParsedValue(raw, ValueKind.QUALITATIVE)


# Quantity(…) and ParsedValue(…) of the usual value, without the frozen dataclasses' __init__:
# it sets each field through object.__setattr__, and the two made half the cost of parsing a
# county's 3,200 different values. The slots' own setters are what object.__setattr__ ends in
# (the result is the same object: equal, same hash); every field is set, in field order —
# tests/model/test_values.py compares them with the constructors.
_new = object.__new__
_SET_QUANTITY = tuple(getattr(Quantity, f).__set__ for f in Quantity.__slots__)
_SET_PARSED = tuple(getattr(ParsedValue, f).__set__ for f in ParsedValue.__slots__)


def _quantity(
    comparator: Comparator, number: Decimal, unit: str, explicit: bool, doubled: bool
) -> Quantity:
    set_comparator, set_number, set_unit, set_explicit, set_doubled = _SET_QUANTITY
    q: Quantity = _new(Quantity)
    set_comparator(q, comparator)
    set_number(q, number)
    set_unit(q, unit)
    set_explicit(q, explicit)
    set_doubled(q, doubled)
    return q


def _parsed(
    raw: str, kind: ValueKind, quantity: Quantity | None, deadline: Deadline | None
) -> ParsedValue:
    set_raw, set_kind, set_quantity, set_deadline = _SET_PARSED
    parsed: ParsedValue = _new(ParsedValue)
    set_raw(parsed, raw)
    set_kind(parsed, kind)
    set_quantity(parsed, quantity)
    set_deadline(parsed, deadline)
    return parsed


# A character every deadline holds: each of _DEADLINE's forms has 月, 年, 季 or 底/末/内/中,
# each of _DURATION's units 日/天/月/周/时, _bare_year 年 — only _NUMERIC_DATE's need none, and
# it starts with the year. Most values are numbers (≥95%): one search turns them away before
# the five patterns are tried in turn.
_DEADLINE_CHAR = re.compile(r"[月年季底末内中日天周时]")


def _deadline(compact: str, *, before: bool) -> Deadline | None:
    """A compact value read as a deadline, or None. `before`: a ≤ or < was written."""
    if compact[:2] not in ("19", "20") and _DEADLINE_CHAR.search(compact) is None:
        return None
    text = _CN_MONTH.sub(lambda m: _CN_MONTHS[m.group(1)], compact)
    if d := _DURATION.match(text):
        return Deadline(
            None, None, None, "", True, duration=Decimal(d.group("num")), unit=d.group("unit")
        )
    if d := _NUMERIC_DATE.match(text):
        return _numeric_date(d, before)
    d = _DEADLINE.match(text)
    if d is None:
        return _bare_year(text)
    year = int(d.group("year")) if d.group("year") else None
    month = int(d.group("month")) if d.group("month") else None
    day = int(d.group("day")) if d.group("day") else None
    if month is not None and not 1 <= month <= 12:
        return None  # 13月底: not a month
    if day is not None and not 1 <= day <= 31:
        return None
    quarter = None
    if d.group("quarter"):
        q = d.group("quarter")
        quarter = _CN_DIGITS.get(q) or int(q)
        part = "季度" + (d.group("qpart") or "").replace("底", "末")
    elif d.group("ytail"):
        if year is None and not d.group("this"):
            return None  # a bare 底 / 内 is not a deadline; 本年度内 is
        part = _YEAR_TAILS[d.group("ytail")]
    else:
        part = d.group("part") or d.group("yearend") or ""
    written = before or part == "年内" or any(d.group(g) for g in ("before", "done", "by"))
    return Deadline(year, month, day, part, written, quarter=quarter)


def _numeric_date(d: re.Match[str], before: bool) -> Deadline | None:
    """2023-12-31, 2023.12.31, 2023/12/31, 2023-12: None when no such month or day."""
    month = int(d.group("month") or d.group("dmonth"))
    day_text = d.group("day") or d.group("dday")
    day = int(day_text) if day_text else None
    if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
        return None
    written = before or bool(d.group("before")) or bool(d.group("done"))
    return Deadline(int(d.group("year")), month, day, "", written)


_BARE_YEAR = re.compile(rf"^{_YEAR}年度?$")


def _bare_year(text: str) -> Deadline | None:
    """`2023年` / `2023年度` in a value is the year itself (within it: ≤ its end), not 2023 of
    the unit 年."""
    m = _BARE_YEAR.match(text)
    return Deadline(int(m.group("year")), None, None, "年内", True) if m else None
