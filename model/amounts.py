"""Money amounts: Decimal, never float, and the digits as written (``11.00`` stays ``11.00``)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from .errors import AmountError
from .text import halfwidth

# Plain decimal, optionally with correctly grouped thousands separators (1,100.00).
_AMOUNT = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


def parse_amount(text: str | None, *, field: str = "金额", unit: str = "万元") -> Decimal | None:
    """Parse an amount in the document's money unit (or, with unit="分", a number of points:
    分值, 得分). Blank means "not given" (None), not 0.

    The Decimal keeps its exponent, so ``str(parse_amount("11.00")) == "11.00"``.
    """
    if text is None:
        return None
    s = halfwidth(text).strip().replace(" ", "")
    if not s or s in {"-", "—", "/"}:
        return None
    if not _AMOUNT.match(s):
        raise AmountError(f"{field}“{text.strip()}”不是数字，请写成如 11.00 的数字（单位：{unit}）")
    try:
        return Decimal(s.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the regex already guards this
        raise AmountError(f"{field}“{text}”不是数字") from exc


def format_amount(value: Decimal | None) -> str:
    """The amount as written; blank for None. Never scientific notation."""
    if value is None:
        return ""
    text = format(value, "f")
    return text


DEFAULT_DECIMALS = 2  # 万元 to the cent's hundredth: 100.00


def normalise_amount(value: Decimal | None, decimals: int = DEFAULT_DECIMALS) -> Decimal | None:
    """A typed amount written to the document's decimals: `105.5` → `105.50` (the Decimal
    keeps that exponent, so every list, `show`, Word and Excel print it so). An amount with more
    decimals is returned as it is: nothing is rounded away (model.identifiers refuses it)."""
    if value is None:
        return None
    quantum = Decimal(1).scaleb(-decimals)
    try:
        fixed = value.quantize(quantum)
    except InvalidOperation:  # too many digits for the context: leave it
        return value
    return fixed if fixed == value else value


def document_decimals(amounts: Iterable[Decimal | None]) -> int:
    """The decimals a document writes its amounts with: the most common among them (at most
    two), DEFAULT_DECIMALS when it has none."""
    counts: Counter[int] = Counter()
    for value in amounts:
        if value is None:
            continue
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int):
            counts[min(max(-exponent, 0), DEFAULT_DECIMALS)] += 1
    if not counts:
        return DEFAULT_DECIMALS
    return max(counts.items(), key=lambda item: (item[1], item[0]))[0]


def is_amount(text: str) -> bool:
    """True when the text would parse as an amount (blank counts as valid)."""
    try:
        parse_amount(text)
    except AmountError:
        return False
    return True
