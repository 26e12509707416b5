"""文档列表: choose a document, start a new one, or start next year from last year's."""

from __future__ import annotations

import copy
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Select

from model import Document, JixiaoError, Profile, new_id

from . import keys
from .cells import fit
from .dialogs import Dialog
from .widgets import Grid, KeyBar, Plain, StatusLine, TitleLine


def next_year_copy(doc: Document, year: int) -> Document:
    """Last year's document as the start of `year`: this year's values become 上年指标值."""
    new = copy.deepcopy(doc)
    new.year = year
    for project in new.projects:
        project.id = new_id()
        for ind in project.indicators:
            ind.id = new_id()
            ind.previous_value = ind.value
    return new


class PickerScreen(Screen):
    SCOPE = "picker"
    BINDINGS = keys.bindings("picker") + [Binding("escape", "back", "返回", show=False)]

    def compose(self) -> ComposeResult:
        yield TitleLine("绩效 │ 文档列表：回车打开，n 新建，y 复制为新年度", id="title")
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
        self.infos = app.store.list_documents()
        for info in self.infos:
            who = f"{info.updated[:16].replace('T', ' ')} {info.updated_by}".strip()
            cells = (
                info.dept_code,
                fit(info.dept_name, 30, app.wide),
                str(info.year),
                str(info.project_count),
                str(info.revision),
                who,
            )
            table.add_row(*(Text(c) for c in cells), key=info.key)
        status = self.query_one("#status", StatusLine)
        if not self.infos:
            status.update("数据库中还没有文档：按 n 新建，或用 jixiao import 导入 Word 文件")
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

    def _created(self, key: str | None) -> None:
        if key:
            self.app.open_document(key)  # type: ignore[attr-defined]


class NewDocumentScreen(Dialog):
    """New document, or (given a DocInfo) a copy of it for another year."""

    def __init__(self, source: Any) -> None:
        super().__init__()
        self.source = source

    def compose(self) -> ComposeResult:
        s = self.source
        title = f"复制 {s.key} 为新年度的文档" if s else "新建文档"
        with Vertical(classes="dialog"):
            yield Plain(f"{title}（Tab 切换，回车确定，Esc 取消）", classes="question")
            yield Plain("预算单位编码", classes="label")
            yield Input(s.dept_code if s else "", id="code", disabled=bool(s))
            yield Plain("预算单位名称", classes="label")
            yield Input(s.dept_name if s else "", id="name", disabled=bool(s))
            yield Plain("预算年度", classes="label")
            yield Input(str(s.year + 1) if s else "", id="year", type="integer")
            if not s:
                yield Plain("指标口径", classes="label")
                yield Select(
                    [
                        ("财预〔2015〕88号（成本指标属产出指标）", "2015"),
                        ("财预〔2021〕101号（成本指标为一级）", "2021"),
                    ],
                    value="2021",
                    allow_blank=False,
                    id="profile",
                )
            yield Plain("", id="form-message", classes="explain")

    def on_mount(self) -> None:
        self.query_one("#year" if self.source else "#code", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id != "year":
            self.focus_next()
            return
        try:
            key = self._create()
        except JixiaoError as exc:
            self.query_one("#form-message", Plain).update(f"✗ {exc}")
            return
        self.dismiss(key)

    def _create(self) -> str:
        app: Any = self.app
        year_text = self.query_one("#year", Input).value.strip()
        if not year_text.isdigit() or not 1900 <= int(year_text) <= 2200:
            raise JixiaoError("预算年度应为四位年份，如 2024")
        year = int(year_text)
        if self.source:
            doc, _ = app.store.load(self.source.key)
            new = next_year_copy(doc, year)
        else:
            code = self.query_one("#code", Input).value.strip()
            name = self.query_one("#name", Input).value.strip()
            if not code:
                raise JixiaoError("请填写预算单位编码")
            profile = Profile(str(self.query_one("#profile", Select).value))
            new = Document(dept_code=code, dept_name=name, year=year, profile=profile)
        app.store.save(new, 0)
        return new.key
