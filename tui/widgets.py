"""Widgets shared by the screens: the keyboard grid, the title and status lines, the cell editor."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widgets import DataTable, Input, Static, TextArea

from model import is_amount, parse_amount, parse_value
from model.values import ValueKind

from . import keys


class Grid(DataTable):
    """A DataTable moved with arrows or hjkl; Enter and F2 ask the screen to edit."""

    BINDINGS = keys.bindings("grid")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(zebra_stripes=False, **kwargs)


class TitleLine(Static):
    """The first line: which document and which screen."""


class StatusLine(Static):
    """Save state and the last message; the app refreshes every StatusLine on the screen."""


class DetailLine(Static):
    """The full text of the focused cell and its findings (cells themselves are cut to fit)."""


# --- the cell editor ---------------------------------------------------------------------------


@dataclass(slots=True)
class EditRequest:
    """What the editor is asked to edit; `target` tells the screen where the value goes."""

    label: str  # Chinese field name, e.g. 指标值
    value: str
    kind: str = "text"  # text | amount | value | long (wrapped, one paragraph) | multiline
    suggestions: list[str] = field(default_factory=list)
    hint: str = ""
    target: Any = None


def describe_value(raw: str) -> str:
    """What the 指标值 parser makes of the text, in words."""
    parsed = parse_value(raw)
    if parsed.kind is ValueKind.EMPTY:
        return "指标值为空"
    if parsed.kind is ValueKind.QUANTITATIVE and parsed.quantity is not None:
        q = parsed.quantity
        unit = q.unit or "（无单位）"
        note = "" if q.explicit else "；未写比较符，按“=”理解"
        return f"定量：{q.comparator.value} {format(q.number, 'f')} {unit}{note}"
    if parsed.kind is ValueKind.DEADLINE and parsed.deadline is not None:
        d = parsed.deadline
        when = f"{d.year}年" if d.year else ""
        when += f"{d.month}月{d.part}" if d.month else d.part
        return f"时限：{when}{'之前' if d.before else ''}"
    return "定性（文字描述）"


def amount_problem(text: str, label: str) -> str | None:
    if is_amount(text):
        return None
    try:
        parse_amount(text, field=label)
    except Exception as exc:  # noqa: BLE001 - AmountError carries the message
        return str(exc)
    return f"{label}不是数字"


class CellTextArea(TextArea):
    """A wrapping text box; Enter commits unless the field holds several paragraphs."""

    def __init__(self, text: str, *, newlines: bool, **kwargs: Any) -> None:
        super().__init__(text, soft_wrap=True, show_line_numbers=False, **kwargs)
        self.newlines = newlines

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter" and not self.newlines:
            event.stop()
            event.prevent_default()
            self.post_message(CellTextArea.Enter())
            return
        await super()._on_key(event)

    class Enter(Message):
        pass


class Editor(Vertical):
    """Edits one cell at the bottom of the screen: Enter (F2) commits, Esc cancels.

    Amounts cannot be committed while they are not numbers; values show what they parse as.
    The screen gives `checker(text) -> str` for live validation of the cell in its row.
    """

    BINDINGS = keys.bindings("editor")

    class Done(Message):
        def __init__(self, request: EditRequest, value: str | None) -> None:
            super().__init__()
            self.request = request
            self.value = value  # None when cancelled

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.request: EditRequest | None = None
        self.checker: Any = None

    def compose(self) -> ComposeResult:
        yield Static("", id="editor-label")
        yield Static("", id="editor-message")

    @property
    def active(self) -> bool:
        return self.request is not None

    def open(self, request: EditRequest, checker: Any = None) -> None:
        self.close_box()
        self.request = request
        self.checker = checker
        how = "F2 或 Ctrl+S 确认，回车换行" if request.kind == "multiline" else "回车确认"
        self.query_one("#editor-label", Static).update(f"编辑 {request.label}（{how}，Esc 取消）")
        if request.kind in {"long", "multiline"}:
            box: Input | TextArea = CellTextArea(
                request.value, newlines=request.kind == "multiline", id="editor-box"
            )
            box.add_class("long")
        else:
            suggester = (
                SuggestFromList(request.suggestions, case_sensitive=False)
                if request.suggestions
                else None
            )
            box = Input(request.value, suggester=suggester, select_on_focus=False, id="editor-box")
        self.mount(box, before=self.query_one("#editor-message"))
        self.display = True
        self.screen.add_class("editing")  # the stylesheet hides the detail line meanwhile
        box.focus()
        if isinstance(box, TextArea):
            box.move_cursor(box.document.end)
        self._check(request.value)

    def close_box(self) -> None:
        for box in self.query("#editor-box"):
            box.remove()
        self.display = False
        if self.is_attached:
            self.screen.remove_class("editing")

    def text(self) -> str:
        box = self.query_one("#editor-box")
        return box.value if isinstance(box, Input) else box.text  # type: ignore[union-attr]

    def _check(self, text: str) -> bool:
        """Show what is wrong with the text (or what it means); False if it cannot be saved."""
        request = self.request
        if request is None:
            return False
        message = ""
        ok = True
        if request.kind == "amount":
            problem = amount_problem(text, request.label)
            if problem:
                message, ok = f"✗ {problem}", False
        elif request.kind == "value":
            message = describe_value(text)
        if ok and self.checker is not None:
            extra = self.checker(text)
            if extra:
                message = f"{message}　{extra}" if message else extra
        if ok and request.hint:
            message = f"{message}　{request.hint}" if message else request.hint
        widget = self.query_one("#editor-message", Static)
        widget.update(message)
        widget.set_class(not ok, "invalid")
        return ok

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._check(event.value)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_commit()

    def on_cell_text_area_enter(self, event: CellTextArea.Enter) -> None:
        event.stop()
        self.action_commit()

    def action_commit(self) -> None:
        if self.request is None:
            return
        text = self.text()
        if self.request.kind != "multiline":
            text = text.replace("\n", "")
        if not self._check(text):
            self.app.bell()
            return
        request, self.request = self.request, None
        self.close_box()
        self.post_message(Editor.Done(request, text))

    def action_cancel(self) -> None:
        if self.request is None:
            return
        request, self.request = self.request, None
        self.close_box()
        self.post_message(Editor.Done(request, None))


def binding_for(action_id: str) -> Binding:
    a = keys.BY_ID[action_id]
    return Binding(a.key, a.action, a.description, show=a.footer, id=a.id)
