"""Row actions, written once for every list the editor shows — the project list, a project's
indicators, and Part 1's 总体目标 paragraphs, 分项目标 and 保障措施: add a row below or above,
delete one (after a yes), move one up or down, copy one.

A screen says, for the row under the cursor, which list it is in and how to show a row of it
(a RowList); RowScreen does the rest with model.rows. Every action is one undo step made by the
Session, whose cursor (`where`) is the screen's cursor as it was before the action: Ctrl+Z puts
back the rows and the cursor.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from model import Document
from model import rows as R

from .base import DocScreen

T = TypeVar("T")

UNDO_NOTE = "（Ctrl+Z 可撤销）"


@dataclass(frozen=True, slots=True)
class RowWords(Generic[T]):
    """What the undo steps and the status line call the actions on one list."""

    noun: str  # the undo steps 新增{noun}, 复制{noun}, 移动{noun}
    added: str  # the status line after each
    copied: str
    moved: str
    # (question, undo step, status line) for deleting row `index`; the line gets UNDO_NOTE
    deleting: Callable[[T, int], tuple[str, str, str]]


@dataclass(frozen=True, slots=True)
class RowList(Generic[T]):
    """The list the cursor is on, as the screen describes it for one action."""

    get: Callable[[Document], list[T]]  # the list in a document
    put: Callable[[list[T], str, Any], None]  # the new list as one undo step (label, where)
    index: int | None  # the row under the cursor; None: on no row (an empty list, say)
    where: Any  # the cursor as the screen's restore_cursor takes it back
    words: RowWords[T]
    blank: Callable[[], T]  # a new row
    show: Callable[[int], None]  # put the cursor on row n (after a move or a copy)
    open: Callable[[int], None]  # put the cursor on a new row n and start filling it in
    twin: Callable[[T], T] = R.duplicate  # a copy of a row
    on_row: bool = True  # False: the cursor is beside the list; rows can be added, not changed


# (the list, its rows now, the cursor's row) → (the new rows, the cursor's row), or None: no change
Change = Callable[[RowList, list, int], tuple[list, int] | None]


class RowScreen(DocScreen):
    """A document screen with row actions. Subclasses implement row_list(); the actions are
    bound by keys.py under the names below (the project list has names of its own)."""

    def type_over(self, text: str) -> bool:
        """Printable text no key binding takes, typed on a focused cell: edit the cell with the
        text replacing its value, as in a spreadsheet (Enter or F2 keeps the value). True when
        the text was used. A composed 中文 string arrives as one key per character: the first
        opens the editor, the rest reach it through JixiaoApp._on_key."""
        from .widgets import Editor, Grid

        edit = getattr(self, "action_edit", None)
        editor = next(iter(self.query("#editor").results(Editor)), None)
        if edit is None or editor is None or editor.active or not isinstance(self.focused, Grid):
            return False
        self.japp.cancelled_input = None  # the new text replaces any Esc'd one
        edit()
        if editor.active:
            editor.type_over(text)
        elif self.app.screen is not self and hasattr(self.app.screen, "typed"):
            self.app.screen.typed = text  # a list to choose from (一级指标): go to that option
        return True

    def on_paste(self, event: Any) -> None:
        """Text pasted on a focused cell (a terminal's bracketed paste; some input methods send
        their text so) is typed over it like typed text."""
        from .widgets import Grid

        if event.text and isinstance(self.focused, Grid) and self.type_over(event.text):
            event.stop()

    def row_list(self) -> RowList | None:  # pragma: no cover - every screen overrides it
        """The list the cursor is on; None: no row action applies here."""
        return None

    def _on_row(self) -> tuple[RowList, int] | None:
        """The list and the row under the cursor, for the actions that change a row."""
        rows = self.row_list()
        if rows is None or rows.index is None or not rows.on_row:
            return None
        return rows, rows.index

    def add_row(self, offset: int) -> None:
        """A new row below (offset 1) or above (0) the cursor; at the end when on no row."""
        rows = self.row_list()
        if rows is None:
            return
        items = rows.get(self.doc)
        at = len(items) if rows.index is None else rows.index + offset
        new, at = R.insert(items, at, rows.blank())
        rows.put(new, f"新增{rows.words.noun}", rows.where)
        self.japp.edited(rows.words.added)
        rows.open(at)

    def action_add_below(self) -> None:
        self.add_row(1)

    def action_add_above(self) -> None:
        self.add_row(0)

    def _change_row(self, verb: str, done: Callable[[RowWords], str], change: Change) -> None:
        """Copy or move the row under the cursor: one undo step `{verb}{noun}`."""
        found = self._on_row()
        if found is None:
            return
        rows, index = found
        changed = change(rows, rows.get(self.doc), index)
        if changed is None:  # the first row up, the last one down
            return
        new, at = changed
        rows.put(new, f"{verb}{rows.words.noun}", rows.where)
        self.japp.edited(done(rows.words))
        rows.show(at)

    def action_duplicate_row(self) -> None:
        self._change_row(
            "复制", lambda w: w.copied, lambda rows, items, n: R.copy(items, n, rows.twin)
        )

    def move_row(self, delta: int) -> None:
        self._change_row("移动", lambda w: w.moved, lambda _, items, n: R.move(items, n, delta))

    def action_move_up(self) -> None:
        self.move_row(-1)

    def action_move_down(self) -> None:
        self.move_row(1)

    def action_delete_row(self) -> None:
        from .dialogs import ConfirmScreen

        found = self._on_row()
        if found is None:
            return
        rows, index = found
        item = rows.get(self.doc)[index]
        question, label, message = rows.words.deleting(item, index)

        def confirmed(yes: bool | None) -> None:
            items = rows.get(self.doc)
            # Only the row the question named (the document may have been reloaded meanwhile).
            if not yes or index >= len(items) or items[index] != item:
                return
            rows.put(R.delete(items, index)[0], label, rows.where)
            self.japp.edited(message + UNDO_NOTE)

        self.app.push_screen(ConfirmScreen(question), confirmed)
