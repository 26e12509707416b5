"""Widgets shared by the screens: the keyboard grid, the title and status lines, the cell editor."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.coordinate import Coordinate
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive
from textual.widgets import DataTable, Input, Static
from textual.widgets.data_table import RowKey

from model import parse_amount, parse_value
from model.text import strip_invisible
from model.values import ValueKind, value_problem

from . import keys
from .cells import safe_text, wrap

_NOWHERE = Coordinate(-2, -2)  # a cursor in no row (row labels are column -1, headers row -1)

# What a Grid draws with (it has no fixed rows or columns, and is used without a mouse).
_DRAWN_COMPONENTS = (
    "datatable--cursor",
    "datatable--header",
    "datatable--header-cursor",
    "datatable--odd-row",
    "datatable--even-row",
)


def cell_sig(text: Any) -> tuple[str, str]:
    """What a cell shows: its text and style (rich's Text equality ignores the base style)."""
    return text.plain, str(text.style)


class Grid(DataTable):
    """A DataTable moved with arrows or hjkl; Enter asks the screen to edit or open.

    The screen is called directly (cursor_moved, select_at_cursor) rather than through
    DataTable's messages: a message is handled a frame later, which a user over SSH feels.
    """

    BINDINGS = keys.bindings("grid")

    def __init__(self, **kwargs: Any) -> None:
        # Rows drawn, kept per row (see _render_line_in_row): update_cell bumps DataTable's one
        # _update_count, which is part of every cache key of DataTable's, so one changed cell
        # had every visible row drawn anew. Here a row is drawn again only when it changed
        # (its version, bumped by update_cell) or the table did (anything else that bumps
        # _update_count: rows added, removed or sorted, widths measured anew, a clear).
        self._cell_updates = 0  # how many of _update_count's bumps were update_cell's
        self._row_versions: dict[Any, int] = {}
        self._drawn: dict[tuple[Any, ...], Any] = {}
        self._drawn_for = -1  # the table's version (_table_version) _drawn was drawn for
        # (before DataTable's __init__, which clears the caches)
        super().__init__(zebra_stripes=False, **kwargs)
        self._look: Any = None
        self._look_stale = True

    def _on_resize(self, event: events.Resize) -> None:
        # DataTable's own handler (skipped: prevent_default) forgets every rendered row on any
        # resize, though a row's look depends on the column widths, never the table's size:
        # jixiao's columns are sized by the screens (or by their content), and a line cut to
        # the table's width is cached under that width. The first Resize arrives just after
        # the first paint, which drew the whole table once more (~35 ms of start-up).
        event.prevent_default()
        # The grid shrinks when the cell editor opens (and grows for long text): keep the
        # cursor's row, the one being edited, in sight.
        if self.row_count:
            self.call_after_refresh(self._scroll_cursor_into_view, False)

    def _measured(self) -> Any:
        return (
            self._labelled_row_exists,
            self._label_column.content_width,
            tuple(column.get_render_width(self) for column in self.ordered_columns),
        )

    def _update_dimensions(self, new_rows: Any) -> None:
        # New rows are measured a moment after they are added (DataTable's on-idle work): a
        # row drawn in between was cut to the widths before — its label column 0 wide, say.
        # DataTable kept such rows only until the next Resize forgot every drawn row; the
        # Grid keeps its rows across a Resize (_on_resize), so it forgets them here instead,
        # when the measuring changed a width.
        before = self._measured()
        super()._update_dimensions(new_rows)
        if self._measured() != before:
            self._update_count += 1
            self.refresh()

    def _style_signature(self) -> Any:
        return (
            self.rich_style,
            self.background_colors,
            self.styles.background_tint,
            tuple(self.get_component_rich_style(n) for n in _DRAWN_COMPONENTS),
        )

    def notify_style_update(self) -> None:
        # DataTable forgets every rendered cell on any style change — also when only the
        # focus moved and nothing looks different (opening the cell editor, whose grid keeps
        # its focused look through the `editing` class). Redrawing a screenful of cells then
        # cost tens of milliseconds per key. Decide when drawing, once the component styles
        # (applied after this call) are known: keep the cells while the look is the same.
        super(DataTable, self).notify_style_update()
        self._look_stale = True

    def render_lines(self, crop: Any) -> Any:
        if self._look_stale:
            self._look_stale = False
            try:
                look = self._style_signature()
            except KeyError:  # component styles not set up yet
                look = None
            if look is None or look != self._look:
                self._look = look
                self._clear_caches()
        return super().render_lines(crop)

    def _clear_caches(self) -> None:
        super()._clear_caches()
        self._drawn.clear()

    def update_cell(
        self, row_key: Any, column_key: Any, value: Any, *, update_width: bool = False
    ) -> None:
        super().update_cell(row_key, column_key, value, update_width=update_width)
        # (after it: a cell that does not exist raises, and nothing changed)
        key = RowKey(row_key) if isinstance(row_key, str) else row_key
        self._row_versions[key] = self._row_versions.get(key, 0) + 1
        self._cell_updates += 1

    def update_changed(
        self, rows: list[tuple[str, list[Any]]], shown: list[tuple[str, list[Any]]]
    ) -> None:
        """Update the cells of `rows` ((row key, cells in column order)) that differ from
        `shown`, the same rows as last drawn: only the rows with a changed cell are drawn again."""
        columns = [column.key for column in self.ordered_columns]
        for (key, cells), (_, before) in zip(rows, shown, strict=True):
            for column, cell, was in zip(columns, cells, before, strict=True):
                if cell_sig(cell) != cell_sig(was):
                    self.update_cell(key, column, cell)

    def _table_version(self) -> int:
        """Bumped by every change of DataTable's but a cell's update (update_cell)."""
        return self._update_count - self._cell_updates

    def get_pseudo_class_state(self) -> Any:
        # Part of DataTable's render-cache keys: while editing, the grid looks focused.
        state = super().get_pseudo_class_state()
        return state._replace(focus=True) if self.has_class("editing") else state

    def _render_line_in_row(
        self,
        row_key: Any,
        line_no: int,
        base_style: Any,
        cursor_location: Coordinate,
        hover_location: Coordinate,
    ) -> Any:
        # DataTable keys each row's rendering by the cursor position, so once the cursor has
        # moved every row is drawn anew at the next full repaint — and every focus change (the
        # cell editor opening or closing) repaints the screen. With a cell or row cursor a
        # row's look depends on the cursor only when the cursor is in that row.
        # (The header row is in no row location: no cell or row cursor is ever in it.)
        if self.cursor_type in ("cell", "row"):
            row = self._row_locations.get(row_key)
            if cursor_location.row != row:
                cursor_location = _NOWHERE
            if hover_location.row != row:
                hover_location = _NOWHERE
        version = self._table_version()
        if version != self._drawn_for:
            self._drawn.clear()
            self._drawn_for = version
            self._row_versions.clear()
        # DataTable's own key, with the row's version for its _update_count (the header row,
        # which update_cell never changes, is at version 0 like any row not updated since).
        key = (
            row_key,
            self._row_versions.get(row_key, 0),
            line_no,
            base_style,
            cursor_location,
            hover_location,
            self.cursor_type,
            self.show_cursor,
            self._show_hover_cursor,
            self._pseudo_class_state,
        )
        drawn = self._drawn.get(key)
        if drawn is None:
            if len(self._drawn) > 4096:
                self._drawn.clear()
            drawn = self._drawn[key] = super()._render_line_in_row(
                row_key, line_no, base_style, cursor_location, hover_location
            )
        return drawn

    def _on_focus(self, event: events.Focus) -> None:
        # Back from the cell editor (see Editor.open). Later, not now: Textual marks the
        # widget focused after this handler, and the look must never pass through "blurred".
        self.call_later(self.remove_class, "editing")

    def watch_cursor_coordinate(self, old: Any, new: Any) -> None:
        super().watch_cursor_coordinate(old, new)
        moved = getattr(self.screen, "cursor_moved", None) if self.is_attached else None
        if moved is not None:
            moved(self)

    def action_select_cursor(self) -> None:
        select = getattr(self.screen, "select_at_cursor", None)
        if select is None:
            super().action_select_cursor()
        elif self.row_count:
            select(self)


def _wide_safe(widget: Any, content: Any) -> Any:
    """Text made safe for the terminal: control characters shown, not obeyed, and
    ambiguous-width characters replaced for terminals that draw them wide (if so set)."""
    if not isinstance(content, str):
        return content
    try:
        wide = getattr(widget.app, "wide", False)
    except Exception:  # noqa: BLE001 - no app yet (built outside a running app)
        wide = False
    return safe_text(content, wide)


class Plain(Static):
    """Static text that is never read as markup: user text may hold [brackets]."""

    def __init__(self, content: Any = "", **kwargs: Any) -> None:
        kwargs.setdefault("markup", False)
        super().__init__(_wide_safe(self, content), **kwargs)

    def update(self, content: Any = "", *, layout: bool = True) -> None:
        super().update(_wide_safe(self, content), layout=layout)


class FixedLine(Plain):
    """A line of fixed height (set in the stylesheet): updating it needs no new layout, and
    updating it with what it already shows does nothing (no repaint sent over SSH)."""

    _shown: Any = None

    def update(self, content: Any = "", *, layout: bool = False) -> None:
        from rich.text import Text

        key = (
            (content.plain, str(content.style), content.spans)
            if isinstance(content, Text)
            else content
        )
        if key == self._shown:
            return
        self._shown = key
        super().update(content, layout=layout)


class TitleLine(FixedLine):
    """The first line: which document and which screen; in `jixiao demo` it starts with the
    banner 示例（临时数据库，退出后丢弃）on every screen (tui/demo.py)."""

    def __init__(self, content: Any = "", **kwargs: Any) -> None:
        super().__init__(self._with_banner(content), **kwargs)

    def update(self, content: Any = "", *, layout: bool = False) -> None:
        super().update(self._with_banner(content), layout=layout)

    def _with_banner(self, content: Any) -> Any:
        try:
            demo = getattr(self.app, "demo", None)
        except Exception:  # noqa: BLE001 - no app yet
            demo = None
        if demo is None:
            return content
        from rich.text import Text

        from .demo import BANNER, BANNER_STYLE

        line = Text(no_wrap=True, overflow="crop")
        line.append(BANNER, style=BANNER_STYLE)
        line.append(" ")
        title = content if isinstance(content, Text) else Text(_wide_safe(self, str(content)))
        if title.plain.startswith("绩效 │ "):
            title = title[len("绩效 │ ") :]  # room for the banner: the rest says where
        line.append(title)
        return line


class StatusLine(FixedLine):
    """Save state and the last message; the app refreshes every StatusLine on the screen."""


class KeyBar(FixedLine):
    """The footer: the main keys in effect where the cursor is, from the key registry.

    Plain text rather than Textual's Footer (a widget per key, rebuilt on every focus change,
    which made opening the cell editor several times slower over SSH).
    """

    def show_keys(self) -> None:
        from rich.text import Text

        active: dict[str, str] = {}
        for key, binding_info in self.screen.active_bindings.items():
            binding = binding_info.binding
            if binding.id and binding_info.enabled and binding.id not in active:
                active[binding.id] = key
        if getattr(self.app, "session", None) is None:  # no document open (the picker)
            for action_id in keys.NEED_A_DOCUMENT:
                active.pop(action_id, None)
        quiet = getattr(self.screen, "footer_quiet", None)
        for action_id in quiet() if quiet is not None else ():
            active.pop(action_id, None)  # offered by the screen only where it matters
        scope = getattr(self.screen, "SCOPE", "")
        shown = keys.fit_footer(keys.footer_items(active, scope), self.size.width or 80)
        text = Text(no_wrap=True, overflow="crop")
        for n, (_, label, words) in enumerate(shown):
            if n:
                text.append(" ")
            text.append(f" {label} ", style="bold reverse")
            text.append(f" {words} ")
        self.update(text)

    def on_resize(self) -> None:
        if self.is_attached:
            self.show_keys()


class DetailLine(FixedLine):
    """The full text of the focused cell and its findings (cells themselves are cut to fit).

    Plain text is wrapped here (cells.wrap) rather than by Rich, so that a wrapped Chinese line
    never starts with a comma or a full stop; it is wrapped when drawn, at the width it has."""

    _text: str | None = None

    def update(self, content: Any = "", *, layout: bool = False) -> None:
        self._text = content if isinstance(content, str) else None
        super().update(content, layout=layout)

    def render(self) -> Any:
        width = self.content_region.width
        if self._text is None or width <= 0:
            return super().render()
        from rich.text import Text

        return Text("\n".join(wrap(_wide_safe(self, self._text), width)))


# --- the cell editor ---------------------------------------------------------------------------


@dataclass(slots=True)
class EditRequest:
    """What the editor is asked to edit; `target` tells the screen where the value goes."""

    label: str  # Chinese field name, e.g. 指标值
    value: str
    kind: str = "text"  # text | amount | number | value | long (wrapped, one paragraph) | multiline
    suggestions: list[str] = field(default_factory=list)
    hint: str = ""
    target: Any = None
    original: str | None = None  # the cell's value when `value` is a restored cancelled input


@dataclass(frozen=True, slots=True)
class CancelledInput:
    """Text typed into a cell and cancelled with Esc: the next Enter on that cell restores it."""

    target: Any
    label: str
    value: str  # what the cell held
    text: str  # what was typed


def describe_value(raw: str) -> str:
    """What the 指标值 parser makes of the text, in words."""
    parsed = parse_value(raw)
    if parsed.kind is ValueKind.EMPTY:
        placeholder = raw.strip()
        return f"指标值为空（“{placeholder}”只是占位符）" if placeholder else "指标值为空"
    if parsed.kind is ValueKind.QUANTITATIVE and parsed.quantity is not None:
        q = parsed.quantity
        unit = q.unit or "（无单位）"
        note = "" if q.explicit else "；未写比较符，按“=”理解"
        if q.doubled:
            note += "；单位写了两遍"
        return f"定量：{q.comparator.value} {format(q.number, 'f')} {unit}{note}"
    if parsed.kind is ValueKind.DEADLINE and parsed.deadline is not None:
        return f"时限：{parsed.deadline.describe()}"
    if parsed.marked_qualitative:
        return "定性（文字描述，已标明“定性”）"
    return "定性（文字描述）"


def amount_problem(text: str, label: str) -> str | None:
    """Not a number, negative, or more than two decimals (model.identifiers): what is wrong."""
    from model import identifiers

    try:
        amount = parse_amount(text, field=label)
    except Exception as exc:  # noqa: BLE001 - AmountError carries the message
        return str(exc)
    return identifiers.amount_problem(amount, label)


def number_problem(text: str, label: str) -> str | None:
    """A plain number such as 权重 (not money: no unit in the message); blank is allowed."""
    try:
        number = parse_amount(text, field=label)
    except Exception:  # noqa: BLE001 - AmountError: not a number
        return f"{label}“{text.strip()}”不是数字，请写成如 10 或 12.5 的数字（可留空）"
    if number is not None and number < 0:
        return f"{label}不能是负数"
    return None


class CellTextEnter(Message):
    """Enter in a one-paragraph text box: commit."""


@lru_cache(maxsize=1)
def cell_text_area_class() -> type:
    """The wrapping text box for long cells, imported when first needed (TextArea is heavy)."""
    from textual.widgets import TextArea

    class CellTextArea(TextArea):
        """A wrapping text box; Enter commits unless the field holds several paragraphs."""

        def __init__(self, text: str, *, newlines: bool, **kwargs: Any) -> None:
            super().__init__(text, soft_wrap=True, show_line_numbers=False, **kwargs)
            self.cursor_blink = False  # over SSH every blink is a repaint sent down the line
            self.newlines = newlines

        async def _on_key(self, event: events.Key) -> None:
            if event.key == "enter" and not self.newlines:
                event.stop()
                event.prevent_default()
                self.post_message(CellTextEnter())
            # Otherwise TextArea._on_key runs next: Textual calls each class's handler in turn.

        def on_text_area_changed(self, event: Any) -> None:
            event.stop()

    return CellTextArea


class OrderedInput(Input):
    """A one-line Input whose own keys (Backspace, ←, Ctrl+U, Enter …) keep their place among
    the letters typed around them. Every Input of the app is one of these."""

    # Input records the text's width as its virtual size on every keystroke, and Widget
    # declares that a layout change: the whole screen was laid out again for each letter.
    # A one-line box's size never depends on its text; scrolling reads virtual_size directly.
    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    async def _on_key(self, event: events.Key) -> None:
        focused = self.app.focused
        if focused is not None and focused is not self:
            # The App handed us this key before an earlier key of the same burst (Tab, Enter)
            # moved the focus on: it belongs where the focus is now.
            event.stop()
            event.prevent_default()
            focused.post_message(events.Key(event.key, event.character))
            return
        # Textual runs a widget's key bindings (Backspace, ←, Ctrl+U …) only once the key has
        # bubbled back up to the App, while letters are inserted at once. Over SSH several
        # keys often arrive together, so "ab⌫c" became "ab". Run our own bindings here, in order.
        if not event.is_printable:
            for binding in self._bindings.key_to_bindings.get(event.key, []):
                event.stop()
                event.prevent_default()
                await self.run_action(binding.action)
                return
        # Otherwise Input._on_key runs next: Textual calls each class's handler in turn.

    def on_mount(self) -> None:
        self.cursor_blink = False  # over SSH every blink is a repaint sent down the line


class EditorInput(OrderedInput):
    """The editor's one-line box: checks as you type and commits on Enter, without messages."""

    completions: list[str] = []  # offered as you type; → or End accepts

    def watch_value(self, value: str) -> None:
        # Completion found here, at once (Textual's Suggester answers from a worker, a frame
        # later), then the live check.
        if value:
            folded = value.casefold()
            self._suggestion = next(
                (c for c in self.completions if c.casefold().startswith(folded) and c != value),
                "",
            )
        editor = self.parent
        if isinstance(editor, Editor) and editor.request is not None:
            editor.check_text(value)

    async def action_submit(self) -> None:
        editor = self.parent
        if isinstance(editor, Editor):
            editor.action_commit()


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
        self._restored = False  # the open text is a cancelled input brought back

    def compose(self) -> ComposeResult:
        yield Plain("", id="editor-label")
        # One Input kept for the whole screen: showing it changes no layout (the editor has the
        # detail line's height), so opening and closing it never re-renders the grid.
        yield EditorInput("", select_on_focus=False, id="editor-input")
        yield Plain("", id="editor-message")

    @property
    def active(self) -> bool:
        return self.request is not None

    def open(self, request: EditRequest, checker: Any = None) -> None:
        if self.request is not None and not self.settle():
            self.action_cancel()  # never dropped: Enter on that cell brings the text back
        self.close_box()
        # Esc never loses typing: the same cell, still holding what it held, opens again with
        # the text that was cancelled (the app forgets it at the next committed edit).
        cancelled = getattr(self.app, "cancelled_input", None)
        self._restored = bool(
            cancelled is not None
            and cancelled.target == request.target
            and cancelled.label == request.label
            and cancelled.value == request.value
        )
        if self._restored:
            request = replace(request, value=cancelled.text, hint="已恢复刚才取消的输入，Esc 放弃")
            request.original = cancelled.value
        self.request = request
        self.checker = checker
        how = "F2 或 Ctrl+S 确认，回车换行" if request.kind == "multiline" else "回车确认"
        # The editor's lines have fixed heights: updating them needs no new layout of the screen.
        self.query_one("#editor-label", Plain).update(
            f"编辑 {request.label}（{how}，Esc 取消）", layout=False
        )
        line = self.query_one("#editor-input", Input)
        # Control characters (an old value) are not sent to the terminal; committing removes them.
        shown = strip_invisible(request.value)[0]
        if request.kind in {"long", "multiline"}:
            line.display = False
            area = cell_text_area_class()(
                shown, newlines=request.kind == "multiline", id="editor-area"
            )
            self.add_class("long")
            self.mount(area, before=self.query_one("#editor-message"))
            box: Any = area
        else:
            line.completions = request.suggestions
            with line.prevent(Input.Changed):
                line.value = shown
            line.cursor_position = len(shown)
            line.display = True
            box = line
        self._detail(False)  # the editor takes the detail line's place meanwhile
        self.display = True
        grid = self.screen.focused
        if isinstance(grid, Grid):
            grid.add_class("editing")  # keeps its focused look: the cell being edited stands out
        box.focus()
        refresh_keys = getattr(self.screen, "refresh_keys", None)
        if refresh_keys is not None:
            refresh_keys()  # now, not a frame later when the focus message arrives
        if box is not line:
            box.move_cursor(box.document.end)
        self._check(request.value)

    def type_over(self, text: str) -> None:
        """The open box's text replaced by what was typed on the cell (a spreadsheet's
        "type to replace"): the cell's value is what the commit and Esc compare with."""
        if self.request is None:
            return
        text = strip_invisible(text, multiline=self.request.kind == "multiline")[0]
        for area in self.query("#editor-area"):
            area.text = text  # type: ignore[attr-defined]
            area.move_cursor(area.document.end)  # type: ignore[attr-defined]
            self._check(text)
            return
        line = self.query_one("#editor-input", EditorInput)
        line.value = text  # watch_value checks it
        line.cursor_position = len(text)

    def close_box(self) -> None:
        for area in self.query("#editor-area"):
            area.remove()
        self.remove_class("long")
        self.display = False
        self._detail(True)

    def _detail(self, show: bool) -> None:
        if self.is_attached:
            for detail in self.screen.query(DetailLine):
                detail.display = show

    async def take_key(self, event: events.Key) -> bool:
        """Type a key that reached the App instead of the editor's box (see JixiaoApp._on_key)."""
        for area in self.query("#editor-area"):
            if event.is_printable:
                area.insert(event.character or "")  # type: ignore[attr-defined]
                return True
            return False
        line = self.query_one("#editor-input", EditorInput)
        if event.is_printable:
            line.insert_text_at_cursor(event.character or "")
            return True
        for binding in line._bindings.key_to_bindings.get(event.key, []):
            await line.run_action(binding.action)
            return True
        return False

    def text(self) -> str:
        for area in self.query("#editor-area"):
            return area.text  # type: ignore[attr-defined]
        return self.query_one("#editor-input", Input).value

    def _check(self, text: str) -> bool:
        """Show what is wrong with the text (or what it means); False if it cannot be saved."""
        request = self.request
        if request is None:
            return False
        message = ""
        ok = True
        if request.kind in ("amount", "number"):
            check = amount_problem if request.kind == "amount" else number_problem
            problem = check(text, request.label)
            if problem:
                message, ok = f"✗ {problem}", False
        elif request.kind == "value":
            stored = request.original if request.original is not None else request.value
            # A value typed now must read (`50台?` is refused with why); one kept as it was
            # imported may be committed unchanged.
            problem = value_problem(text) if text.strip() != stored.strip() else None
            if problem:
                message, ok = f"✗ {problem}", False
            else:
                message = describe_value(text)
        if ok and self.checker is not None:
            extra = self.checker(text)
            if extra:
                message = f"{message}　{extra}" if message else extra
        if ok and request.hint:
            message = f"{message}　{request.hint}" if message else request.hint
        widget = self.query_one("#editor-message", Plain)
        widget.update(message, layout=False)
        widget.set_class(not ok, "invalid")
        return ok

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()  # checked already, in EditorInput.watch_value

    def check_text(self, text: str) -> None:
        self._check(text)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_commit()

    def on_cell_text_enter(self, event: CellTextEnter) -> None:
        event.stop()
        self.action_commit()

    def _typed(self) -> str:
        text = self.text()
        if self.request is not None and self.request.kind != "multiline":
            text = text.replace("\n", "")
        return text

    def action_commit(self) -> None:
        if self.request is not None and not self.settle():
            self.app.bell()

    def settle(self) -> bool:
        """Commit the open editor as Enter would (before the screen is left). False when its
        text cannot be saved (an amount that is not a number): the editor stays open."""
        if self.request is None:
            return True
        text = self._typed()
        if not self._check(text):
            return False
        request, self.request = self.request, None
        self.close_box()
        self._done(Editor.Done(self._as_opened(request), text))
        return True

    @staticmethod
    def _as_opened(request: EditRequest) -> EditRequest:
        """The request with the cell's stored value (not a restored cancelled text)."""
        return replace(request, value=request.original) if request.original is not None else request

    def _done(self, done: Editor.Done) -> None:
        handler = getattr(self.screen, "editor_done", None)
        if handler is not None:
            handler(done)  # at once: one frame sooner than a message
        else:
            self.post_message(done)

    def action_cancel(self) -> None:
        if self.request is None:
            return
        text = self._typed()
        request, self.request = self.request, None
        self.close_box()
        opened = self._as_opened(request)
        remember = getattr(self.app, "remember_cancelled", None)
        if remember is not None:
            # A restored text cancelled again unchanged is let go: the next Enter shows the cell.
            dropped = self._restored and text == request.value
            keep = not dropped and text != opened.value
            remember(
                CancelledInput(opened.target, opened.label, opened.value, text) if keep else None
            )
        self._done(Editor.Done(opened, None))


def binding_for(action_id: str) -> Binding:
    a = keys.BY_ID[action_id]
    return Binding(a.key, a.action, a.description, show=a.footer, id=a.id)
