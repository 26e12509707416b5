"""历史版本: a document's revisions (time, who saved, what changed), and restoring one as a new
revision. Opened from the document list (v), as `jixiao history` / `restore DOC --revision N`."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen

from model import JixiaoError
from model.times import format_time
from service import backups

from . import keys
from .cells import fit, safe_text
from .widgets import Grid, KeyBar, StatusLine, TitleLine


class HistoryScreen(Screen):
    SCOPE = "history"
    BINDINGS = keys.bindings("history") + [Binding("escape", "back", "返回", show=False)]

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key
        self.rows: list[tuple[Any, str]] = []

    def compose(self) -> ComposeResult:
        yield TitleLine(f"绩效 │ {self.key} 历史版本：回车恢复所选版本，Esc 返回", id="title")
        yield Grid(id="revisions", cursor_type="row")
        yield StatusLine("正在读取历史版本…", id="status")
        yield KeyBar("", id="keys")

    def on_mount(self) -> None:
        grid = self.query_one("#revisions", Grid)
        grid.add_columns("版本", "保存时间", "保存人", "修改")
        grid.focus()
        self.call_later(self.query_one("#keys", KeyBar).show_keys)
        self.load()

    def load(self) -> None:
        app: Any = self.app
        key = self.key

        def read() -> None:
            try:
                rows: Any = backups.summaries(app.store, key)
            except JixiaoError as exc:
                rows = exc
            app.call_from_thread(self.show, rows)

        self.run_worker(read, thread=True, group="history", exit_on_error=False)

    def show(self, rows: list[tuple[Any, str]] | JixiaoError) -> None:
        status = self.query_one("#status", StatusLine)
        if isinstance(rows, JixiaoError):
            status.update(f"✗ {rows}")
            return
        app: Any = self.app
        self.rows = rows
        grid = self.query_one("#revisions", Grid)
        grid.clear()
        for info, summary in rows:
            number = f"第{info.revision}版" + ("（当前）" if info.current else "")
            cells = (
                number,
                format_time(info.saved_at),
                fit(info.saved_by_name or info.saved_by, 12, app.wide),
                fit(summary, 60, app.wide),
            )
            grid.add_row(*(Text(safe_text(c, app.wide)) for c in cells), key=str(info.revision))
        status.update(f"共 {len(rows)} 个版本；恢复时当前版本也会保留在历史中")

    def select_at_cursor(self, grid: Grid) -> None:
        self.action_restore()

    def action_restore(self) -> None:
        from .dialogs import ConfirmScreen

        grid = self.query_one("#revisions", Grid)
        if not self.rows or grid.cursor_row is None or grid.cursor_row >= len(self.rows):
            return
        info, _ = self.rows[grid.cursor_row]
        status = self.query_one("#status", StatusLine)
        if info.current:
            status.update("这就是当前版本，不需要恢复")
            return
        question = (
            f"把文档 {self.key} 恢复为第 {info.revision} 版（{format_time(info.saved_at)}"
            f" {info.saved_by_name or info.saved_by}）的内容？\n当前版本会保留在历史中，可再恢复。"
        )
        self.app.push_screen(ConfirmScreen(question), lambda yes: yes and self._restore(info))

    def _restore(self, info: Any) -> None:
        app: Any = self.app
        session = app.session
        is_open = session is not None and self.key in {session.doc.key, session.saved_doc.key}
        if is_open and (app.save_pending or not app.save_blocking()):
            app.notify("文档正在保存或保存失败，未恢复；请稍后再试", severity="error")
            return
        try:
            revision = backups.restore_revision(app.store, self.key, info.revision)
        except JixiaoError as exc:
            app.notify(f"{exc}（未恢复）", severity="error", timeout=10)
            return
        app.notify(f"已把 {self.key} 恢复为第 {info.revision} 版的内容，保存为第 {revision} 版")
        if is_open:
            app.check_for_theirs()  # the open editor takes the restored content in
        self.load()

    def action_back(self) -> None:
        self.app.pop_screen()
