"""Text for table cells: one line, cut to a column's width in terminal cells, and safe when the
terminal draws East Asian "ambiguous" characters two cells wide.

Rich counts `≤ ≥ “ ” ① ·` as one cell. Many CJK terminals (and fonts) draw them as two, which
shifts every later column of the row. With JIXIAO_AMBIGUOUS_WIDE=1 (or `auto` with a CJK locale)
the grid shows them as unambiguous equivalents; the data itself is never changed.
"""

from __future__ import annotations

import os
import unicodedata
from functools import lru_cache

from rich.cells import cell_len

from model.text import terminal_safe

# Display replacements (what the eye expects, in characters of a known width).
_REPLACEMENTS = {
    "≤": "<=",
    "≥": ">=",
    "“": "「",
    "”": "」",
    "‘": "'",
    "’": "'",
    "·": "・",
    "×": "x",
    "÷": "/",
    "…": "...",
    "—": "-",
    "※": "*",
    "°": "度",
    "±": "+-",
    "→": "->",
    "√": "V",
    "│": "|",
    "─": "-",
    "━": "-",
    "■": "#",
    "□": "[]",
    "○": "o",
    "●": "*",
    "★": "*",
    "☆": "*",
}
_CIRCLED = {chr(0x2460 + n): f"({n + 1})" for n in range(20)}  # ① … ⑳


def ambiguous_wide() -> bool:
    """Whether to treat ambiguous-width characters as wide (from JIXIAO_AMBIGUOUS_WIDE)."""
    setting = os.environ.get("JIXIAO_AMBIGUOUS_WIDE", "").strip().lower()
    if setting in {"1", "yes", "true", "on", "wide"}:
        return True
    if setting == "auto":
        lang = os.environ.get("LC_ALL") or os.environ.get("LC_CTYPE") or os.environ.get("LANG", "")
        return lang.lower().startswith(("zh", "ja", "ko"))
    return False


@lru_cache(maxsize=4096)
def _safe_char(ch: str) -> str:
    if ch in _REPLACEMENTS:
        return _REPLACEMENTS[ch]
    if ch in _CIRCLED:
        return _CIRCLED[ch]
    if unicodedata.east_asian_width(ch) == "A" and ord(ch) > 0x7F:
        # Any other ambiguous character: its compatibility form if that is ASCII, else a
        # placeholder of known width keeps the grid straight.
        norm = unicodedata.normalize("NFKC", ch)
        return norm if norm.isascii() else "?"
    return ch


def safe_text(text: str, wide: bool) -> str:
    """The text as drawn: control characters shown as symbols, never sent to the terminal
    (model.text.terminal_safe: a title-setting OSC in a project name stays text); and with
    ambiguous-width characters replaced when the terminal draws them wide."""
    text = terminal_safe(text)
    if not wide or text.isascii():
        return text
    return "".join(_safe_char(ch) for ch in text)


def one_line(text: str) -> str:
    """Paragraphs joined with ⏎-free separators: a cell shows one line."""
    return " / ".join(part for part in text.split("\n") if part.strip()) if "\n" in text else text


def fit(text: str, width: int, wide: bool = False) -> str:
    """One line of at most `width` terminal cells, ending in … when cut."""
    text = safe_text(one_line(text), wide)
    if cell_len(text) <= width:
        return text
    ellipsis = "..." if wide else "…"
    room = max(0, width - cell_len(ellipsis))
    out = []
    used = 0
    for ch in text:
        w = cell_len(ch)
        if used + w > room:
            break
        out.append(ch)
        used += w
    return "".join(out) + ellipsis


def fit_tail(text: str, width: int, wide: bool = False) -> str:
    """The end of a long code (…4011574U): codes share their prefix, the tail tells them apart."""
    text = safe_text(text, wide)
    if cell_len(text) <= width:
        return text
    mark = "~" if wide else "…"
    out = ""
    for ch in reversed(text):
        if cell_len(out) + cell_len(ch) > width - 1:
            break
        out = ch + out
    return mark + out


# Kinsoku (禁则): characters a wrapped line may not start with (closing punctuation, pauses)
# and characters it may not end with (opening brackets and quotes).
NO_LINE_START = frozenset("，。、；：？！）》」』”’】〕〉…—·・%％,.;:?!)]}>'\"")
NO_LINE_END = frozenset("（《「『“‘【〔〈([{<")


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` terminal cells, broken between characters as Chinese is, but
    never so that a line starts with closing punctuation (，。、；：？！）》 …) or ends with an
    opening bracket: the character before is carried down to the next line instead. ASCII words
    are kept whole when they fit on a line. Paragraphs (\\n) stay separate lines."""
    width = max(2, width)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines += _wrap_paragraph(paragraph, width)
    return lines


def _wrap_paragraph(text: str, width: int) -> list[str]:
    lines: list[str] = []
    line: list[str] = []
    used = 0
    for ch in text:
        w = cell_len(ch)
        if used + w <= width or not line:
            line.append(ch)
            used += w
            continue
        # `ch` does not fit: break before it, moving characters down as kinsoku asks.
        carry: list[str] = []
        if ch in NO_LINE_START:
            # Carry down the last character (and any run of closing marks before it) so
            # that the punctuation is not alone at the start, leaving something behind.
            while len(line) > 1 and line[-1] in NO_LINE_START:
                carry.insert(0, line.pop())
            if len(line) > 1:
                carry.insert(0, line.pop())
        elif ch.isascii() and ch.isalnum():
            # Keep an ASCII word whole when it can fit on a line by itself.
            n = len(line)
            while n > 0 and line[n - 1].isascii() and line[n - 1].isalnum():
                n -= 1
            if 0 < n < len(line) and cell_len("".join(line[n:])) < width:
                carry = line[n:]
                del line[n:]
        while len(line) > 1 and line[-1] in NO_LINE_END:
            carry.insert(0, line.pop())
        lines.append("".join(line).rstrip(" "))
        line = carry + [ch]
        used = cell_len("".join(line))
        if ch == " " and not carry:
            line, used = [], 0  # a space at a break is dropped
    lines.append("".join(line))
    return lines
