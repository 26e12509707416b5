"""Text normalisation shared by every parser: full-width forms, odd spaces, comparators."""

from __future__ import annotations

import re
from functools import lru_cache

# Full-width ASCII (U+FF01..U+FF5E) maps to ASCII by a fixed offset; U+3000 is the ideographic space.
_FULLWIDTH: dict[int, int | None] = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20
for _odd_space in (0x00A0, 0x2002, 0x2003, 0x2009, 0x200B, 0x202F, 0xFEFF):
    _FULLWIDTH[_odd_space] = 0x20
_FULLWIDTH[0x200B] = None  # zero-width space: drop
_FULLWIDTH[0xFEFF] = None  # stray BOM inside text: drop


# The same mapping by character, and one character class that finds what it changes.
_HALF: dict[str, str] = {chr(c): "" if h is None else chr(h) for c, h in _FULLWIDTH.items()}
_ANY_FULLWIDTH = re.compile("[" + "".join(map(re.escape, _HALF)) + "]")
# The characters halfwidth() drops (zero-width space, a stray BOM): the words either side of
# one are one word in its result.
DROPPED_BY_HALFWIDTH: tuple[str, ...] = tuple(c for c, h in _HALF.items() if not h)


@lru_cache(maxsize=65536)
def halfwidth(text: str) -> str:
    """Full-width digits, letters, punctuation and spaces to their ASCII forms.

    Cached: the rules normalise the same cells many times (every rule that compares text), and
    a county's documents share most of their words. Not str.translate: with a mapping it looks
    every character up in a dict (≈0.2 µs a character, for Chinese text that has two full-width
    marks in twenty characters); one C scan for the characters to change, then a replace for
    each distinct one, costs less than half as much. Every replacement is ASCII or nothing, so
    replacing one character never makes another to replace: the result is translate's. Text
    that needs no change is returned as itself, so the cache holds no second copy of it."""
    found = _ANY_FULLWIDTH.findall(text)
    if not found:
        return text
    for char in set(found):
        text = text.replace(char, _HALF[char])
    return text


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


# Characters that never belong in a cell: C0 controls (except newline and tab where a cell allows
# them), DEL, C1 controls, zero-width and direction marks, and stray BOMs. They arrive by copy and
# paste from web pages and other systems; in a terminal some of them are commands (ESC[2J clears
# the screen, OSC 52 writes the clipboard), so they are removed at the door and escaped at the screen.
_INVISIBLE = frozenset(
    [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]
    + [0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0xFEFF]
    + [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)
_KEEP_MULTILINE = frozenset({0x0A, 0x09})
_ANY_INVISIBLE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_INVISIBLE)) + "]")


def strip_invisible(text: str, *, multiline: bool = True) -> tuple[str, int]:
    """`text` without control, zero-width and BOM characters, and how many were removed.

    With multiline, newline and tab stay (a cell of several paragraphs); CR and CRLF become a
    newline and are not counted. Without it, newlines and tabs are removed too.
    """
    if text.isascii() and text.isprintable():
        return text, 0
    if _ANY_INVISIBLE.search(text) is None:  # the common case, Chinese text: one C-level scan
        return text, 0
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    keep = _KEEP_MULTILINE if multiline else frozenset()
    out = [c for c in text if ord(c) not in _INVISIBLE or ord(c) in keep]
    return "".join(out), len(text) - len(out)


# At the screen: what is left (a value typed with a control key, an old database) is shown, not
# obeyed. C0 controls become their Control Pictures (␛ for ESC), others a visible \\uXXXX.
_TERMINAL_ESCAPES: dict[int, str] = {
    c: (chr(0x2400 + c) if c < 0x20 else "\u2421" if c == 0x7F else f"\\u{c:04x}")
    for c in _INVISIBLE
}


# The same without newline and tab, built once (terminal_safe runs for every cell drawn).
_MULTILINE_ESCAPES: dict[int, str] = {
    k: v for k, v in _TERMINAL_ESCAPES.items() if k not in _KEEP_MULTILINE
}


def terminal_safe(text: str, *, multiline: bool = True) -> str:
    """`text` safe to print to a terminal: control characters shown as symbols, never executed.

    With multiline, newline and tab are kept as they are.
    """
    if text.isascii() and text.isprintable():
        return text
    return text.translate(_MULTILINE_ESCAPES if multiline else _TERMINAL_ESCAPES)


# Placeholders clerks put in a cell they have nothing for: the cell is as empty as a blank one
# (issue 16, family 9). Compared trimmed, half-width and case-insensitively; "0" is a value, not
# a placeholder, and so is 同上 (it points at the row above).
PLACEHOLDERS: frozenset[str] = frozenset(
    {"n/a", "na", "none", "null", "无", "暂无", "待定", "待补充", "待填", "未定", "略", "空", "-",
     "--", "---", "—", "——", "/", "//", "\\", "...", "…", "……", "x", "xx", "×"}
)  # fmt: skip


def is_placeholder(text: str) -> bool:
    """A cell holding only a placeholder (N/A, 无, 待定, -, /, 略, ——): empty in substance."""
    s = text.strip()
    if not s or len(s) > 4:
        return False
    return halfwidth(s).strip().lower() in PLACEHOLDERS or s in PLACEHOLDERS


@lru_cache(maxsize=65536)
def is_empty(text: str) -> bool:
    """Blank, or only a placeholder. Cached: the structure rules ask it of every required cell
    of every row on every check."""
    s = text.strip()
    return not s or (len(s) <= 4 and is_placeholder(s))
