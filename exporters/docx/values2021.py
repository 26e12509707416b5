"""The 2021 layout's 指标性质 / 指标值 / 度量单位: one 指标值 split into three cells and back.

The reader joins the three cells (combine_value); the writer splits a value (split_value) only
in a way that joins back to the same text, so write → read keeps every 指标值 as it was.
"""

from __future__ import annotations

import re
from functools import lru_cache

from model import normalise_value
from model.text import halfwidth
from model.values import ValueKind, mark_qualitative, parse_value, qualitative_mark

from .labels import tidy

QUALITATIVE = "定性"  # 指标性质 of a value that is not a number: prose, a deadline
EQUALS = "="
_COMPARATORS = ("≥", "≤", "=", ">", "<")


def combine_value(nature: str, value: str, unit: str) -> str:
    """指标性质 + 指标值 + 度量单位 as one 指标值 text ("=" is implied, as in 100%). 定性 in front of
    prose is kept as part of the value (“定性：明显改善”); a deadline or number needs no mark."""
    nature = re.sub(r"\s+", "", halfwidth(nature))
    value = tidy(value)
    unit = tidy(unit)
    if unit and not value.endswith(unit):
        value = f"{value}{unit}"
    if nature == QUALITATIVE:
        value = normalise_value(value)
        parsed = parse_value(value)
        if parsed.kind is ValueKind.QUALITATIVE and not parsed.marked_qualitative:
            return mark_qualitative(value)
        return value
    if nature in {"", "=", "＝", "定量"}:
        return normalise_value(value)
    if normalise_value(value)[:1] in _COMPARATORS:
        return normalise_value(value)  # the comparator is already written in the value
    return normalise_value(f"{nature}{value}")


@lru_cache(maxsize=8192)
def split_value(raw: str) -> tuple[str, str, str]:
    """(指标性质, 指标值, 度量单位) for a 指标值: "≥95%" → ("≥", "95", "%"), "100%" →
    ("=", "100", "%"), "12月底前" → ("定性", "12月底前", ""), "定性：明显改善" → ("定性",
    "明显改善", ""). The value is normalised first, as the reader normalises it; when a split
    would not read back as the same text, the whole value goes in 指标值 (with its comparator,
    if any, also in 指标性质). Prose not marked 定性 leaves 指标性质 blank: the document does not
    say it is qualitative on purpose (the checker asks for the mark or a grade)."""
    value = normalise_value(raw)
    if not value:
        return ("", "", "")
    rest = qualitative_mark(value)
    if rest is not None and combine_value(QUALITATIVE, rest, "") == value:
        return (QUALITATIVE, rest, "")
    parsed = parse_value(value)
    q = parsed.quantity
    if parsed.kind is ValueKind.QUANTITATIVE and q is not None:
        nature = q.comparator.value if q.explicit else EQUALS
        split = (nature, format(q.number, "f"), q.unit)
        if combine_value(*split) == value:
            return split
    if value[0] in _COMPARATORS:
        return (value[0], value, "")
    if combine_value(QUALITATIVE, value, "") == value:
        return (QUALITATIVE, value, "")  # a deadline, or prose already marked
    return ("", value, "")
