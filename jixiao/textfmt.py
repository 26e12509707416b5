"""Plain-text tables for the terminal, aligned for double-width Chinese characters."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from model.text import terminal_safe

# Inside a JSON string an invisible character is written as its \uXXXX escape: the same data
# to a script, nothing a terminal obeys. (json.dumps already escapes C0; these are C1, DEL,
# zero-width and direction marks.)
_JSON_ESCAPES = {
    c: f"\\u{c:04x}"
    for c in [0x7F, *range(0x80, 0xA0), 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0xFEFF]
    + [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x2028, 0x2029]
}


def safe(text: str) -> str:
    """Text for the terminal: control characters shown as symbols (model.text.terminal_safe)."""
    return terminal_safe(text)


def echo_err(message: str) -> None:
    """One line for the user on standard error, made safe for the terminal."""
    import sys

    print(terminal_safe(message), file=sys.stderr)


def json_text(data: Any) -> str:
    """data as indented JSON for standard output: Chinese as it is, every control or invisible
    character as a \\uXXXX escape (valid JSON, the same value), so a terminal shows it."""
    import json

    return json.dumps(data, ensure_ascii=False, indent=2).translate(_JSON_ESCAPES)


def display_width(text: str, *, ambiguous_wide: bool = False) -> int:
    """Cells a string takes in a terminal: CJK is two cells; ambiguous (≤ “ ①) per setting."""
    if text.isascii():
        return len(text)
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        kind = unicodedata.east_asian_width(char)
        width += 2 if kind in ("W", "F") or (ambiguous_wide and kind == "A") else 1
    return width


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def terminal_width() -> int:
    """The width to print for: $COLUMNS, else the terminal's, else 80 (a pipe or a file)."""
    import shutil

    return max(20, shutil.get_terminal_size((80, 24)).columns)


def table(
    headers: list[str],
    rows: list[list[str]],
    width: int | None = None,
    keep: tuple[int, ...] = (),
) -> str:
    """Columns separated by two spaces; multi-line cells shown on one line with ⏎; control
    characters (tab too) shown as symbols, never sent to the terminal. With a width, the widest
    columns are narrowed until every line fits, their cells (and headings) wrapped inside the
    column, never across; the columns in `keep` (codes, keys) are narrowed only when no other
    can be."""
    flat = [
        [terminal_safe(cell.replace("\n", " ⏎ "), multiline=False) for cell in row] for row in rows
    ]
    headers = [terminal_safe(h, multiline=False) for h in headers]
    widths = [display_width(h) for h in headers]
    for row in flat:
        for n, cell in enumerate(row):
            widths[n] = max(widths[n], display_width(cell))
    if width is not None:
        widths = _fit(widths, width - 2 * (len(widths) - 1), keep)
    lines = _row_lines(headers, widths)
    for row in flat:
        lines += _row_lines(row, widths)
    return "\n".join(lines)


def _fit(widths: list[int], room: int, keep: tuple[int, ...] = ()) -> list[int]:
    """Column widths narrowed, widest first (the kept ones last), until they add up to room;
    each keeps 4 columns (two Chinese characters)."""
    widths = list(widths)
    while sum(widths) > room:
        free = [n for n in range(len(widths)) if n not in keep and widths[n] > 4]
        free = free or [n for n in range(len(widths)) if widths[n] > 4]
        if not free:
            break
        widths[max(free, key=lambda n: widths[n])] -= 1
    return widths


def _row_lines(cells: list[str], widths: list[int]) -> list[str]:
    wrapped = [wrap(cell, widths[n]) for n, cell in enumerate(cells)]
    height = max((len(w) for w in wrapped), default=1)
    return [
        "  ".join(
            pad(w[line] if line < len(w) else "", widths[n]) for n, w in enumerate(wrapped)
        ).rstrip()
        for line in range(height)
    ]


def wrap_hanging(text: str, width: int, indent: int = 2) -> list[str]:
    """A long line wrapped to width, its continuation lines indented."""
    first = wrap(text, width)
    if len(first) == 1:
        return first
    head = first[0]
    rest = wrap(text[len(head) :].lstrip(), width - indent)
    return [head, *(" " * indent + line for line in rest)]


_TOKEN = re.compile(r"[ \t]+|[!-~]+|.", re.S)
_ASCII_TAIL = re.compile(r"[!-~]+$")
# Chinese typesetting keeps these off the start of a line (行首禁则).
_NO_LINE_START = set("，、。；：！？）」』】》〉”’…%％,.;:!?)]}")


def wrap(text: str, width: int) -> list[str]:
    """text broken into lines of at most width display columns (CJK = 2): ASCII words kept
    whole when they fit, Chinese broken between characters, closing punctuation kept off the
    start of a line. Existing newlines are kept. Never returns an empty list."""
    width = max(width, 2)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0
        for token in _TOKEN.findall(paragraph):
            size = display_width(token)
            if token.isspace():
                if line and used + size < width:
                    line, used = line + token, used + size
                elif line:
                    lines.append(line.rstrip())
                    line, used = "", 0
                continue
            if used + size <= width:
                line, used = line + token, used + size
                continue
            if token[0] in _NO_LINE_START and len(line) > 1 and size <= 2:
                # carry the last character (a whole ASCII word: never "3" / "0、") down with
                # the punctuation, when what is left of the line is not empty
                tail = _ASCII_TAIL.search(line)
                keep = len(line) - (len(tail.group()) if tail else 1)
                if keep > 0 and line[:keep].strip() and display_width(line[keep:]) + size <= width:
                    carried = line[keep:]
                    lines.append(line[:keep].rstrip())
                    line = carried + token
                    used = display_width(line)
                    continue
            if line.strip():
                lines.append(line.rstrip())
            line, used = "", 0
            while display_width(token) > width:  # a word longer than the line: cut it
                cut = 0
                while display_width(token[: cut + 1]) <= width:
                    cut += 1
                lines.append(token[:cut])
                token = token[cut:]
            line, used = token, display_width(token)
        lines.append(line.rstrip())
    return lines
