"""What every document screen shares: title line, status line, footer, column layout helpers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget

from model import Document, format_amount

from .cells import fit
from .widgets import KeyBar, StatusLine, TitleLine

if TYPE_CHECKING:
    from .app import JixiaoApp


class DocScreen(Screen):
    """A screen on the open document. Subclasses implement refresh_view()."""

    # Textual repaints the whole screen when the focus moves. Every widget whose look depends
    # on focus repaints itself anyway (on focus, on blur, on a style change), and the cell
    # editor moves the focus twice per edit: the full repaint only redrew unchanged tables.
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)

    SCOPE = ""  # the registry scope of this screen's actions (for the command palette)
    SCREEN_NAME = ""

    @property
    def japp(self) -> JixiaoApp:
        return self.app  # type: ignore[return-value]

    @property
    def doc(self) -> Document:
        return self.japp.doc

    def title_text(self) -> str:
        doc = self.doc
        return f"绩效 │ {doc.key} {doc.dept_name} │ {self.SCREEN_NAME}"

    def compose_top(self) -> Any:
        yield TitleLine(fit(self.title_text(), 200, self.japp.wide), id="title")

    def compose_bottom(self) -> Any:
        yield StatusLine(self.japp.status_text(), id="status")
        yield KeyBar("", id="keys")

    def on_descendant_focus(self, event: Any) -> None:
        self.refresh_keys()

    def refresh_keys(self) -> None:
        if self.is_attached:
            self.query_one("#keys", KeyBar).show_keys()

    # (id of the document drawn, width drawn at, the view: 目标/监控/自评, see views.py)
    _shown: tuple[int, int, Any] | None = None

    def on_screen_resume(self) -> None:
        self.refresh_if_stale()
        self.japp.refresh_status()
        self.call_later(self.refresh_keys)

    def on_resize(self) -> None:
        self.refresh_if_stale()

    def refresh_if_stale(self) -> None:
        """Redraw only if the document, the width or the view changed since the last drawing."""
        if self._shown != self._drawn_as():
            self.refresh_view()

    def mark_shown(self) -> None:
        self._shown = self._drawn_as()

    def _drawn_as(self) -> tuple[int, int, Any]:
        from .views import current

        return (id(self.doc), self.size.width, current(self.japp))

    def refresh_title(self) -> None:
        self.query_one("#title", TitleLine).update(fit(self.title_text(), 200, self.japp.wide))

    def refresh_view(self) -> None:  # pragma: no cover - every screen overrides it
        pass

    def restore_cursor(self, where: Any) -> None:
        """After undo/redo: put the cursor where the undone edit was."""

    def cell(self, text: str, width: int, style: str = "") -> Text:
        return Text(fit(text, width, self.japp.wide), style=style, no_wrap=True)


CHANGED_STYLE = "black on yellow"  # what a colleague changed just now (JixiaoApp.mark)


def amount_text(value: Any) -> str:
    return format_amount(value) if value is not None else ""


def right(text: str, width: int) -> Text:
    """Right-aligned amount cell (padding counted in terminal cells)."""
    return Text(text, no_wrap=True, justify="right")


def share_widths(total: int, fixed: list[int | None], minimum: int = 6) -> list[int]:
    """Column widths: fixed ones as given, the flexible (None) ones share what is left."""
    flexible = [n for n, w in enumerate(fixed) if w is None]
    used = sum(w for w in fixed if w is not None)
    room = max(minimum * max(1, len(flexible)), total - used)
    widths = [w or 0 for w in fixed]
    for i, n in enumerate(flexible):
        share = room // len(flexible) + (1 if i < room % len(flexible) else 0)
        widths[n] = max(minimum, share)
    return widths
