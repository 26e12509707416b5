"""文档列表: choose a document, start a new one, or start next year from last year's."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen

from model import Document, JixiaoError, Profile
from model.times import format_time
from service import documents, errors

from . import keys
from .cells import fit, safe_text
from .dialogs import ConfirmScreen
from .docforms import (
    PROFILE_OPTIONS,
    DocumentForm,
    DocumentInfoScreen,
    choice_field,
    edit_open_document_info,
    form_row,
    text_field,
)
from .widgets import Grid, KeyBar, OrderedInput, StatusLine, TitleLine


class PickerScreen(Screen):
    SCOPE = "picker"
    BINDINGS = keys.bindings("picker") + [Binding("escape", "back", "返回", show=False)]

    def compose(self) -> ComposeResult:
        yield TitleLine(
            "绩效 │ 文档列表：回车打开，n 新建，y 复制为新年度，i 文档信息，d 删除，v 历史版本",
            id="title",
        )
        yield Grid(id="docs", cursor_type="row")
        yield StatusLine("", id="status")
        yield KeyBar("", id="keys")

    def on_descendant_focus(self, event: Any) -> None:
        self.call_later(self.query_one("#keys", KeyBar).show_keys)

    def on_mount(self) -> None:
        table = self.query_one("#docs", Grid)
        table.add_columns("单位编码", "单位名称", "年度", "项目数", "版本", "最后保存")
        self.refresh_view()
        table.focus()

    def refresh_view(self) -> None:
        app: Any = self.app
        table = self.query_one("#docs", Grid)
        table.clear()
        self.infos = documents.list_documents(app.store)
        for info in self.infos:
            who = f"{format_time(info.updated)} {info.updated_by}".strip()
            cells = (
                info.dept_code,
                fit(info.dept_name, 30, app.wide),
                str(info.year),
                str(info.project_count),
                str(info.revision),
                who,
            )
            table.add_row(*(Text(safe_text(c, app.wide)) for c in cells), key=info.key)
        status = self.query_one("#status", StatusLine)
        if not self.infos:
            action = keys.BY_ID["app.import"]
            key = keys.key_label(keys.effective_key(action, app.keymap)).split(" / ")[0]
            status.update(f"数据库中还没有文档：按 n 新建，或按 {key} 导入 Word 等文件")
        else:
            status.update(f"共 {len(self.infos)} 个文档")

    def _current(self) -> Any:
        table = self.query_one("#docs", Grid)
        if not self.infos:
            return None
        return self.infos[min(table.cursor_row, len(self.infos) - 1)]

    def select_at_cursor(self, grid: Grid) -> None:
        self.action_open()

    def action_open(self) -> None:
        info = self._current()
        if info is not None:
            self.app.open_document(info.key)  # type: ignore[attr-defined]

    def action_back(self) -> None:
        app: Any = self.app
        if app.session is not None:
            self.app.pop_screen()

    def action_new_document(self) -> None:
        self.app.push_screen(NewDocumentScreen(None), self._created)

    def action_copy_year(self) -> None:
        info = self._current()
        if info is None:
            return
        self.app.push_screen(NewDocumentScreen(info), self._created)

    def _is_open(self, key: str) -> bool:
        session = self.app.session  # type: ignore[attr-defined]
        return session is not None and key in {session.doc.key, session.saved_doc.key}

    def select_key(self, key: str) -> None:
        keys_ = [info.key for info in self.infos]
        if key in keys_:
            self.query_one("#docs", Grid).move_cursor(row=keys_.index(key))

    def action_document_info(self) -> None:
        """文档信息 of the selected document: through the session (undoable) when it is the
        open one; otherwise loaded, changed and saved here at its revision."""
        info = self._current()
        if info is None:
            return
        app: Any = self.app
        if self._is_open(info.key):

            def saved() -> None:
                app.save_blocking()  # so that this list shows the change at once
                self.refresh_view()
                self.select_key(app.doc.key)

            edit_open_document_info(app, after=saved)
            return
        try:
            doc, revision = documents.load(app.store, info.key)
        except JixiaoError as exc:
            app.notify(str(exc), severity="error", timeout=10)
            return

        def done(new: Document | None) -> None:
            if new is None:
                return
            try:
                documents.update(app.store, new, revision, old_key=info.key)
            except JixiaoError as exc:
                app.notify(f"{exc}", severity="error", timeout=10)
            else:
                app.notify(f"已修改文档信息：{new.key} {new.dept_name}")
            self.refresh_view()
            self.select_key(new.key)

        taken: Any = lambda key: documents.exists(app.store, key)  # noqa: E731
        app.push_screen(DocumentInfoScreen(doc, taken), done)

    def action_history(self) -> None:
        from .history import HistoryScreen

        info = self._current()
        if info is not None:
            self.app.push_screen(HistoryScreen(info.key))

    def action_delete_document(self) -> None:
        info = self._current()
        if info is None:
            return
        question = (
            f"删除文档 {info.key} {info.dept_name}（{info.project_count} 个项目）？\n"
            "文档的各版本会保留，误删可以恢复：\n"
            f"jixiao history {info.key} 查看各版本，jixiao restore {info.key} --revision N 恢复。"
        )
        if self._is_open(info.key):
            question += "\n这是正在编辑的文档，删除后将关闭它。"
        self.app.push_screen(ConfirmScreen(question), lambda yes: yes and self._delete(info))

    def _delete(self, info: Any) -> None:
        app: Any = self.app
        is_open = self._is_open(info.key)
        try:
            if is_open:
                if app._saving or not app.save_blocking():
                    app.notify("文档正在保存或保存失败，未删除；请稍后再试", severity="error")
                    return
                documents.delete(app.store, app.session.saved_doc.key, app.session.revision)
            else:
                documents.delete(app.store, info.key, info.revision)
        except JixiaoError as exc:
            app.notify(f"{exc}（未删除）", severity="error", timeout=10)
            self.refresh_view()
            return
        app.notify(
            f"已删除文档 {info.key}；可用 jixiao restore {info.key} --revision N 恢复", timeout=8
        )
        if is_open:
            app.call_later(app.close_document)
        else:
            self.refresh_view()

    def _created(self, key: str | None) -> None:
        if key:
            self.app.open_document(key)  # type: ignore[attr-defined]


class NewDocumentScreen(DocumentForm):
    """New document, or (given a DocInfo) a copy of it for another year."""

    def __init__(self, source: Any) -> None:
        super().__init__()
        self.source = source
        self.title_text = f"复制 {source.key} 为新年度的文档" if source else "新建文档"

    def fields(self) -> list[Horizontal]:
        s = self.source
        rows = [
            form_row(
                "预算单位编码", text_field(s.dept_code if s else "", "code", disabled=bool(s))
            ),
            form_row(
                "预算单位名称", text_field(s.dept_name if s else "", "name", disabled=bool(s))
            ),
            form_row("预算年度", text_field(str(s.year + 1) if s else "", "year")),
        ]
        if not s:
            rows.append(form_row("指标口径", choice_field(PROFILE_OPTIONS, "2021", "profile")))
        return rows

    def on_mount(self) -> None:
        self.query_one("#year" if self.source else "#code", OrderedInput).focus()

    def submit(self) -> str:
        app: Any = self.app
        year = int(self.text("year"))
        try:
            if self.source:
                new, _ = documents.copy_year(app.store, self.source.key, year)
            else:
                profile = Profile(self.choice("profile"))
                new = Document(
                    dept_code=self.text("code"),
                    dept_name=self.text("name"),
                    year=year,
                    profile=profile,
                )
                documents.create(app.store, new)
        except errors.DocumentExists as exc:
            raise JixiaoError(f"文档 {exc.key} 已存在；请换一个年度，或在列表中打开它") from None
        return new.key
