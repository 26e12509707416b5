"""The 指标值 grammar: every value in the sample, plus the spellings people type."""

from __future__ import annotations

from decimal import Decimal

import pytest

from model.values import Comparator, ValueKind, normalise_value, parse_value

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
