"""Plain-text tables for the terminal, aligned for double-width Chinese characters."""

from __future__ import annotations

import unicodedata


def display_width(text: str, *, ambiguous_wide: bool = False) -> int:
    """Cells a string takes in a terminal: CJK is two cells; ambiguous (≤ “ ①) per setting."""
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        kind = unicodedata.east_asian_width(char)
        width += 2 if kind in ("W", "F") or (ambiguous_wide and kind == "A") else 1
    return width


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def table(headers: list[str], rows: list[list[str]]) -> str:
    """Columns separated by two spaces; multi-line cells shown on one line with ⏎."""
    flat = [[cell.replace("\n", " ⏎ ") for cell in row] for row in rows]
    widths = [display_width(h) for h in headers]
    for row in flat:
        for n, cell in enumerate(row):
            widths[n] = max(widths[n], display_width(cell))
    lines = ["  ".join(pad(h, widths[n]) for n, h in enumerate(headers)).rstrip()]
    lines += ["  ".join(pad(c, widths[n]) for n, c in enumerate(row)).rstrip() for row in flat]
    return "\n".join(lines)
