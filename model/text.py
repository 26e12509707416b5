"""Text normalisation shared by every parser: full-width forms, odd spaces, comparators."""

from __future__ import annotations

# Full-width ASCII (U+FF01..U+FF5E) maps to ASCII by a fixed offset; U+3000 is the ideographic space.
_FULLWIDTH: dict[int, int | None] = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20
for _odd_space in (0x00A0, 0x2002, 0x2003, 0x2009, 0x200B, 0x202F, 0xFEFF):
    _FULLWIDTH[_odd_space] = 0x20
_FULLWIDTH[0x200B] = None  # zero-width space: drop
_FULLWIDTH[0xFEFF] = None  # stray BOM inside text: drop


def halfwidth(text: str) -> str:
    """Full-width digits, letters, punctuation and spaces to their ASCII forms."""
    return text.translate(_FULLWIDTH)


def clean_cell(text: str) -> str:
    """Tidy one cell as Word gives it: unify line endings, strip each line, drop blank edge lines.

    A second paragraph in a cell stays a second line: the user's structure is kept.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n")
    lines = [ln.strip(" \t\u3000\u00a0") for ln in text.split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)
