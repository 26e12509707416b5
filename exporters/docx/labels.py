"""Labels and text tidying shared by the Part 1 and Part 2 readers."""

from __future__ import annotations

import re

from model.text import clean_cell

# Full-width digits and odd spaces only: Chinese punctuation (，：（）) is the user's wording.
_DIGITS_AND_SPACES = {c: c - 0xFF10 + 0x30 for c in range(0xFF10, 0xFF1A)}
_DIGITS_AND_SPACES.update({0x3000: 0x20, 0x00A0: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0x2009: 0x20})
_DIGITS_AND_SPACES.update({0x200B: None, 0xFEFF: None})


def tidy(text: str) -> str:
    """A text field as kept: half-width digits, plain spaces, lines stripped (cells' "\\n" kept)."""
    return clean_cell(text.translate(_DIGITS_AND_SPACES))


def compact(text: str) -> str:
    """Text for comparing with a label: no white space at all, half-width digits."""
    return re.sub(r"\s+", "", text.translate(_DIGITS_AND_SPACES))


# A heading's numbering: 一、 （一） 1、 1. (1) 第一，…
_NUMBERING = re.compile(
    r"^(?:第?[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．])\s*"
)


def strip_numbering(text: str) -> str:
    return _NUMBERING.sub("", text.strip(), count=1)


def is_numbered(text: str) -> bool:
    return bool(_NUMBERING.match(text.strip()))
