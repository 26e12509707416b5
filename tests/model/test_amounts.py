from __future__ import annotations

from decimal import Decimal

import pytest

from model import AmountError, format_amount, is_amount, parse_amount


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("11.00", "11.00"),
        ("11", "11"),
        ("11.5", "11.5"),
        ("１１.００", "11.00"),
        (" 89.28 ", "89.28"),
        ("1,100.00", "1100.00"),
        ("0.82", "0.82"),
    ],
)
def test_amounts_keep_the_digits_as_written(text: str, expected: str) -> None:
    value = parse_amount(text)
    assert isinstance(value, Decimal)
    assert format_amount(value) == expected


@pytest.mark.parametrize("text", ["", "  ", None, "\u3000"])
def test_blank_is_none_not_zero(text: str | None) -> None:
    assert parse_amount(text) is None
    assert format_amount(None) == ""


@pytest.mark.parametrize("text", ["十一万", "1,1.00", "11元", "1e3", "11.0.0", "abc", "NaN"])
def test_non_numbers_are_refused_with_a_chinese_reason(text: str) -> None:
    with pytest.raises(AmountError, match="不是数字"):
        parse_amount(text, field="预算数")
    assert not is_amount(text)


def test_zero_is_a_value() -> None:
    assert parse_amount("0.00") == Decimal("0.00")
    assert format_amount(parse_amount("0.00")) == "0.00"
