"""The 指标值 grammar: every value in the sample, plus the spellings people type."""

from __future__ import annotations

from dataclasses import fields
from decimal import Decimal

import pytest

from model.values import (
    Comparator,
    ParsedValue,
    Quantity,
    ValueKind,
    _parsed,
    _quantity,
    normalise_value,
    parse_value,
)

from ..conftest import SAMPLE_TXT

Q, D, T = ValueKind.QUANTITATIVE, ValueKind.DEADLINE, ValueKind.QUALITATIVE
GE, LE, EQ = Comparator.GE, Comparator.LE, Comparator.EQ

# Every distinct 指标值 of the sample with its expected parse: (kind, comparator, number, unit)
# for quantities, (kind, month, part, before, year) for deadlines, (kind,) for prose.
SAMPLE_VALUES: dict[str, tuple] = {
    "100%": (Q, EQ, "100", "%"),
    "12.8亩": (Q, EQ, "12.8", "亩"),
    "1200元": (Q, EQ, "1200", "元"),
    "12月前": (D, 12, "", True, None),
    "12月底": (D, 12, "底", False, None),
    "12月底前": (D, 12, "底", True, None),
    "17.75亩": (Q, EQ, "17.75", "亩"),
    "178元": (Q, EQ, "178", "元"),
    "18.14亩": (Q, EQ, "18.14", "亩"),
    "1元/张": (Q, EQ, "1", "元/张"),
    "2023年8月底": (D, 8, "底", False, 2023),
    "217.9亩": (Q, EQ, "217.9", "亩"),
    "239.26亩": (Q, EQ, "239.26", "亩"),
    "30000张": (Q, EQ, "30000", "张"),
    "34个": (Q, EQ, "34", "个"),
    "34村": (Q, EQ, "34", "村"),
    "35个": (Q, EQ, "35", "个"),
    "3600平方米": (Q, EQ, "3600", "平方米"),
    "4000份": (Q, EQ, "4000", "份"),
    "5.78亩": (Q, EQ, "5.78", "亩"),
    "500米": (Q, EQ, "500", "米"),
    "50台": (Q, EQ, "50", "台"),
    "5元/份": (Q, EQ, "5", "元/份"),
    "600元": (Q, EQ, "600", "元"),
    "68.98亩": (Q, EQ, "68.98", "亩"),
    "≤0.82万元": (Q, LE, "0.82", "万元"),
    "≤1.2万元": (Q, LE, "1.2", "万元"),
    "≤100%": (Q, LE, "100", "%"),
    "≤100次": (Q, LE, "100", "次"),
    "≤10万元": (Q, LE, "10", "万元"),
    "≤11万元": (Q, LE, "11", "万元"),
    "≤1万元": (Q, LE, "1", "万元"),
    "≤2.62万元": (Q, LE, "2.62", "万元"),
    "≤2.75万元": (Q, LE, "2.75", "万元"),
    "≤20人": (Q, LE, "20", "人"),
    "≤248人": (Q, LE, "248", "人"),
    "≤2万元": (Q, LE, "2", "万元"),
    "≤3.11万元": (Q, LE, "3.11", "万元"),
    "≤31.38万元": (Q, LE, "31.38", "万元"),
    "≤31万元": (Q, LE, "31", "万元"),
    "≤3人": (Q, LE, "3", "人"),
    "≤51人": (Q, LE, "51", "人"),
    "≤55.99万元": (Q, LE, "55.99", "万元"),
    "≤5万元": (Q, LE, "5", "万元"),
    "≤71.64万元": (Q, LE, "71.64", "万元"),
    "≤89.28万元": (Q, LE, "89.28", "万元"),
    "≤9.94万元": (Q, LE, "9.94", "万元"),
    "≥10%": (Q, GE, "10", "%"),
    "≥12次": (Q, GE, "12", "次"),
    "≥1800件": (Q, GE, "1800", "件"),
    "≥20%": (Q, GE, "20", "%"),
    "≥30%": (Q, GE, "30", "%"),
    "≥300次": (Q, GE, "300", "次"),
    "≥5%": (Q, GE, "5", "%"),
    "≥50%": (Q, GE, "50", "%"),
    "≥90%": (Q, GE, "90", "%"),
    "≥95%": (Q, GE, "95", "%"),
    "村民生产生活环境明显改善": (T,),
}


def _sample_values() -> set[str]:
    """The 指标值 column of every indicator table in the sample's text."""
    values: set[str] = set()
    in_grid = False
    for block in SAMPLE_TXT.read_text(encoding="utf-8").split("\n\n"):
        cells = [line[1:] for line in block.split("\n") if line.startswith("\t")]
        if cells[:2] == ["一级指标", "二级指标"]:
            in_grid = True
        elif in_grid and len(cells) == 6:
            values.add(cells[4])
        elif cells:
            in_grid = False
    return values


def test_the_table_covers_every_value_in_the_sample() -> None:
    assert _sample_values() == set(SAMPLE_VALUES)


def _check(raw: str, expected: tuple) -> None:
    parsed = parse_value(raw)
    assert parsed.raw == raw
    assert parsed.kind is expected[0], raw
    if expected[0] is Q:
        q = parsed.quantity
        assert (q.comparator, q.number, q.unit) == (expected[1], Decimal(expected[2]), expected[3])
        assert q.explicit == raw.startswith(("≥", "≤"))
    elif expected[0] is D:
        d = parsed.deadline
        assert (d.month, d.part, d.before, d.year) == expected[1:]


@pytest.mark.parametrize(("raw", "expected"), sorted(SAMPLE_VALUES.items()))
def test_every_sample_value_parses_to_its_kind(raw: str, expected: tuple) -> None:
    _check(raw, expected)


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        (">=90%", "≥90%"),
        (">= 90 %", "≥90%"),
        ("≥ 90 %", "≥90%"),
        ("＞＝９０％", "≥90%"),
        ("<=11万元", "≤11万元"),
        ("≦11万元", "≤11万元"),
        ("  ≤3人 ", "≤3人"),
        ("１２月底前", "12月底前"),
        ("12 月底 前", "12月底前"),
        ("不低于90%", "≥90%"),
        ("不超过11万元", "≤11万元"),
        ("1,200元", "1200元"),
        ("＝100％", "=100%"),
        ("村民生产生活环境明显改善", "村民生产生活环境明显改善"),
        ("（好）", "（好）"),  # qualitative punctuation is the user's, not converted
    ],
)
def test_tolerant_spellings_normalise(raw: str, canonical: str) -> None:
    assert normalise_value(raw) == canonical
    assert parse_value(raw).kind is parse_value(canonical).kind


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        ("", ValueKind.EMPTY),
        ("   ", ValueKind.EMPTY),
        ("年底前", D),
        ("2023年12月31日前", D),
        ("上半年", D),
        ("13月底", T),  # not a month: not a deadline
        ("12个月", Q),
        ("≥1次/月", Q),
        ("好", T),
        ("达成", T),
    ],
)
def test_edge_kinds(raw: str, kind: ValueKind) -> None:
    assert parse_value(raw).kind is kind


def test_money_units() -> None:
    assert parse_value("≤0.82万元").quantity.in_yuan() == Decimal("8200.00")
    assert parse_value("1200元").quantity.is_money
    assert parse_value("5元/份").quantity.is_unit_price
    assert not parse_value("95%").quantity.is_money
    assert parse_value("95%").quantity.is_percent


# --- deadlines as clerks write them (issue 16 item 1) ------------------------------------------

# raw → (year, month, day, part, before, quarter, last_month) of the one normalised deadline.
DEADLINES: dict[str, tuple] = {
    "12月底前": (None, 12, None, "底", True, None, 12),
    "12月底": (None, 12, None, "底", False, None, 12),
    "12月31日前": (None, 12, 31, "", True, None, 12),
    "2023年12月31日前": (2023, 12, 31, "", True, None, 12),
    "2023年12月31日": (2023, 12, 31, "", False, None, 12),
    "2023年底前": (2023, None, None, "年底", True, None, 12),
    "2023年底": (2023, None, None, "年底", False, None, 12),
    "2023年末": (2023, None, None, "年末", False, None, 12),
    "2023年内": (2023, None, None, "年内", True, None, 12),
    "2023年度内": (2023, None, None, "年内", True, None, 12),
    "2023年": (2023, None, None, "年内", True, None, 12),
    "2023-12-31": (2023, 12, 31, "", False, None, 12),
    "2023.12.31": (2023, 12, 31, "", False, None, 12),
    "2023/12/31": (2023, 12, 31, "", False, None, 12),
    "2023-12-31前": (2023, 12, 31, "", True, None, 12),
    "2023-06": (2023, 6, None, "", False, None, 6),
    "年底前": (None, None, None, "年底", True, None, 12),
    "年内": (None, None, None, "年内", True, None, 12),
    "本年度内": (None, None, None, "年内", True, None, 12),
    "第四季度末": (None, None, None, "季度末", False, 4, 12),
    "第四季度": (None, None, None, "季度", False, 4, 12),
    "四季度末前": (None, None, None, "季度末", True, 4, 12),
    "第2季度": (None, None, None, "季度", False, 2, 6),
    "上半年": (None, None, None, "上半年", False, None, 6),
    "2023年上半年": (2023, None, None, "上半年", False, None, 6),
    "下半年": (None, None, None, "下半年", False, None, 12),
    "十二月底前": (None, 12, None, "底", True, None, 12),
    "12月底前完成": (None, 12, None, "底", True, None, 12),
    "于10月底前完成": (None, 10, None, "底", True, None, 10),
    "截至2023年12月31日": (2023, 12, 31, "", True, None, 12),
    "≤12月底": (None, 12, None, "底", True, None, 12),
    "１２月底前": (None, 12, None, "底", True, None, 12),
}


@pytest.mark.parametrize(("raw", "expected"), sorted(DEADLINES.items()))
def test_deadline_spellings_read_as_one_deadline(raw: str, expected: tuple) -> None:
    parsed = parse_value(raw)
    assert parsed.kind is D, raw
    d = parsed.deadline
    assert (d.year, d.month, d.day, d.part, d.before, d.quarter, d.last_month) == expected
    assert not d.is_duration and d.comparator is (LE if d.before else EQ)
    assert d.describe()  # the editor's parse hint


@pytest.mark.parametrize(
    ("raw", "number", "unit"),
    [
        ("30个工作日内", "30", "个工作日"),
        ("30 个工作日以内", "30", "个工作日"),
        ("15天内", "15", "天"),
        ("3个月以内", "3", "个月"),
        ("10日内", "10", "日"),
        ("2周内", "2", "周"),
        ("24小时之内", "24", "小时"),
    ],
)
def test_durations_read_as_a_deadline_with_a_duration(raw: str, number: str, unit: str) -> None:
    d = parse_value(raw).deadline
    assert d is not None and d.is_duration
    assert (d.duration, d.unit, d.before, d.last_month) == (Decimal(number), unit, True, None)
    assert d.describe() == f"{number}{unit}以内（≤）"


@pytest.mark.parametrize(
    ("raw", "reading"),
    [
        ("2023年底前", "2023年底之前（≤）"),
        ("2023-12-31", "2023年12月31日"),
        ("第四季度末", "第四季度末（12月底）"),
        ("12月底前", "12月底之前（≤）"),
    ],
)
def test_the_normalised_reading_in_words(raw: str, reading: str) -> None:
    assert parse_value(raw).deadline.describe() == reading


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        ("2023-13-01", T),  # no month 13: unreadable, not a date
        ("2023/02/32", T),
        ("底", T),  # a tail alone is no deadline
        ("内", T),
        ("30天", Q),  # a count of days (培训天数), not a time allowed
        ("≤30天", Q),
        ("12个月", Q),
        ("2023.12", Q),  # a dotted year-month is a number
        ("≥12月底", T),  # "at least the end of December" means nothing
        ("1990万元", Q),  # a 4-digit number with a unit stays a quantity
        ("2023人", Q),
        ("5年", Q),
    ],
)
def test_deadline_near_misses(raw: str, kind: ValueKind) -> None:
    assert parse_value(raw).kind is kind


@pytest.mark.parametrize("raw", ["2023年底前", "2023年底", "2023年内", "2023年"])
def test_a_year_tail_is_not_a_quantity_of_years(raw: str) -> None:
    parsed = parse_value(raw)
    assert parsed.quantity is None and parsed.deadline.year == 2023


def test_a_quantity_is_made_as_the_dataclasses_make_it() -> None:
    """parse_value builds the usual value's Quantity and ParsedValue without their frozen
    __init__: every field set, in order, equal and hashing alike (a field added to either
    class and not to _quantity / _parsed fails here)."""
    args = (Comparator.LE, Decimal("3.11"), "万元", True, True)
    made, real = _quantity(*args), Quantity(*args)
    assert made == real and hash(made) == hash(real)
    assert [getattr(made, f.name) for f in fields(Quantity)] == list(args)
    parsed = _parsed("≤3.11万元万元", ValueKind.QUANTITATIVE, made, None)
    assert parsed == ParsedValue("≤3.11万元万元", ValueKind.QUANTITATIVE, quantity=real)
    assert [getattr(parsed, f.name) for f in fields(ParsedValue)] == [
        "≤3.11万元万元",
        ValueKind.QUANTITATIVE,
        real,
        None,
    ]
    assert parse_value.__wrapped__("≤3.11万元万元") == parsed
    with pytest.raises(AttributeError):
        made.unit = "元"  # type: ignore[misc]  # still frozen
