"""Labels and text tidying shared by the Part 1 and Part 2 readers."""

from __future__ import annotations

import re
from functools import lru_cache

from model.fields import compact as _field_compact
from model.text import clean_cell

# Full-width digits and odd spaces only: Chinese punctuation (，：（）) is the user's wording.
_DIGITS_AND_SPACES = {c: c - 0xFF10 + 0x30 for c in range(0xFF10, 0xFF1A)}
_DIGITS_AND_SPACES.update({0x3000: 0x20, 0x00A0: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0x2009: 0x20})
_DIGITS_AND_SPACES.update({0x200B: None, 0xFEFF: None})


# str.translate looks every character up in the table: a C-level search first skips it for the
# text that has none of them (most of a Chinese document).
_ODD = re.compile("[" + "".join(chr(c) for c in _DIGITS_AND_SPACES) + "]")


# A document repeats its labels and many values (every project's 项目编码, 产出指标 …), and a
# row's cells are tidied and compared more than once: both functions are pure, so cached — for
# one file: the reader clears the caches when it begins (`forget`), so nothing is kept between
# imports and each import does its own work.
@lru_cache(maxsize=8192)
def tidy(text: str) -> str:
    """A text field as kept: half-width digits, plain spaces, lines stripped (cells' "\\n" kept)."""
    if _ODD.search(text) is not None:
        text = text.translate(_DIGITS_AND_SPACES)
    return clean_cell(text)


def tidy_cell(text: str) -> str:
    """tidy of a table cell's text (blocks.Cell.text), without the cache: the text is
    clean_cell's already, so it is itself unless it has a full-width digit or an odd space."""
    return text if _ODD.search(text) is None else tidy(text)


@lru_cache(maxsize=8192)
def compact(text: str) -> str:
    """Text for comparing with a label: no white space at all, half-width digits."""
    if _ODD.search(text) is not None:
        text = text.translate(_DIGITS_AND_SPACES)
    # str.split() splits at what re's \s matches (both ask Py_UNICODE_ISSPACE): the same as
    # removing \s+, three times faster.
    return "".join(text.split())


@lru_cache(maxsize=8192)
def field_key(label: str) -> str:
    """model.fields.compact (a label as the field registry keys it), cached like the above."""
    return _field_compact(label)


def forget() -> None:
    """Empty the caches of tidy, compact and field_key (at the start of every import)."""
    tidy.cache_clear()
    compact.cache_clear()
    field_key.cache_clear()


# A heading's numbering: 一、 （一） 1、 1. (1) 第一，…
_NUMBERING = re.compile(
    r"^(?:第?[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．])\s*"
)


def strip_numbering(text: str) -> str:
    return _NUMBERING.sub("", text.strip(), count=1)


def is_numbered(text: str) -> bool:
    return bool(_NUMBERING.match(text.strip()))
