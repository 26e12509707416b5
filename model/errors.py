"""User-facing errors: each carries one line of Chinese that says what is wrong and what to do."""

from __future__ import annotations


class JixiaoError(Exception):
    """A mistake in the user's input or data (not a bug). The CLI prints it on one line, exit 1."""

    def __init__(self, message: str, *, where: str | None = None) -> None:
        self.message = message
        self.where = where
        super().__init__(f"{where}：{message}" if where else message)


class AmountError(JixiaoError, ValueError):
    """An amount that is not a decimal number of 万元 (e.g. `十一万`, `1,1.00`)."""
