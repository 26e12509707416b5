"""文档列表: choose a document, start a new one, or start next year from last year's."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen

from model import Document, JixiaoError, Profile, format_amount
from model.times import format_time
from service import documents, errors

from . import keys
from .base import share_widths
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
from .widgets import FixedLine, Grid, KeyBar, OrderedInput, StatusLine, TitleLine

# The sort orders `s` cycles through: (id, words for the status line).
SORTS: tuple[tuple[str, str], ...] = (
    ("code", "单位编码"),
    ("problems", "问题（错误多的在前）"),
    ("budget", "预算总额（大的在前）"),
    ("projects", "项目数（多的在前）"),
    ("saved", "最后保存（新的在前）"),
    ("name", "单位名称"),
)
HEADERS = ("单位编码", "单位名称", "年度", "项目", "预算总额", "错误", "警告", "最后保存")

FLUSH_SECONDS = 1.0  # how often the counted documents' rows are shown while counting
# Each document's totals and open findings, by (database, key, revision): counted once per
# revision, in a worker after the list is up (a county's 100 documents take a few seconds).
_TALLIES: dict[tuple[str, str, int], Any] = {}


def cached_tally(location: str, info: Any) -> Any:
    """The document's DocumentTally (service.checking) at its listed revision, if counted."""
    return _TALLIES.get((location, info.key, info.revision))


def count_document(store: Any, key: str) -> tuple[int, Any]:
    """Load and check one document: (its revision, its DocumentTally)."""
    from service import checking

    doc, revision = store.load(key)
    return revision, checking.tally(checking.check_documents([doc])[0])


class PickerScreen(Screen):
    """The documents of the database — for a county, every unit's: 预算总额, 项目数, errors and
    warnings, who saved last and when. The list comes from the store's document records (no
    document is parsed to show it); the totals and findings are counted in a worker after it
    is up, cached by revision. `s` cycles the sort order; typing (or /) filters by code or name."""

    SCOPE = "picker"
    BINDINGS = keys.bindings("picker") + [Binding("escape", "back", "返回", show=False)]
    DEFAULT_CSS = """
    #county { height: 1; padding: 0 1; background: $boost; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.all_infos: list[Any] = []
        self.infos: list[Any] = []  # shown: filtered and sorted
        self.sort = 0
        self._widths: list[int] = []
        self._counting = False
        self._tried: set[tuple[str, int]] = set()  # (key, revision) a worker has done
        self._failed: set[tuple[str, int]] = set()  # …that could not be loaded
        self._counted = (0, 0)  # (done, to do) by the worker running now
        self._fresh: Any = ()  # what the worker counted since the last _flush
        self._unshown: set[str] = set()  # counted, their rows not yet updated (off screen)
        self._flush_timer: Any = None
        self._ready = False  # mounted: the list can be shown

    def compose(self) -> ComposeResult:
        from .projects import FilterInput

        yield TitleLine(
            "绩效 │ 文档列表：回车打开，s 排序，输入编码或名称筛选，n 新建，y 复制为新年度，"
            "i 文档信息，d 删除，v 历史版本",
            id="title",
        )
        yield FilterInput(
            placeholder="筛选：输入单位编码或名称中的文字，回车返回列表，Esc 清除", id="filter"
        )
        yield Grid(id="docs", cursor_type="row")
        yield FixedLine("", id="county")
        yield StatusLine("", id="status")
        yield KeyBar("", id="keys")

    def on_descendant_focus(self, event: Any) -> None:
        self.call_later(self.query_one("#keys", KeyBar).show_keys)

    def on_mount(self) -> None:
        from .projects import FilterInput

        self.query_one("#filter", FilterInput).display = False
        self._ready = True
        self.refresh_view()
        self.query_one("#docs", Grid).focus()

    def on_resize(self) -> None:
        if self._widths and self._layout() != self._widths:
            self._show()

    # --- the list ----------------------------------------------------------------------------
    def _layout(self) -> list[int]:
        width = max(40, (self.size.width or 80) - 2)  # the vertical scrollbar
        wide = width >= 110
        fixed: list[int | None] = [10 if wide else 8, None, 4, 4, 12 if wide else 10, 4, 4]
        fixed.append(24 if wide else 14)  # narrow: the date and who, not the time of day
        return share_widths(width - 2 * len(fixed), fixed, minimum=8)

    def refresh_view(self) -> None:
        """Read the document list again (the store's records: no document is parsed)."""
        app: Any = self.app
        self.all_infos = documents.list_documents(app.store)
        self._show()

    def _tally(self, info: Any) -> Any:
        return cached_tally(self.app.store.location, info)  # type: ignore[attr-defined]

    def _sort_key(self, info: Any) -> Any:
        """The order of the current sort; documents not counted yet go last."""
        how = SORTS[self.sort][0]
        tally = self._tally(info)
        pending = tally is None
        if how == "problems":
            return (pending, 0, 0) if pending else (False, -tally.errors, -tally.warnings)
        if how == "budget":
            return (pending, 0) if pending else (False, -tally.budget_yuan)
        if how == "projects":
            return -info.project_count
        if how == "saved":
            return _negated(info.updated)
        if how == "name":
            return info.dept_name
        return ()  # the store's order: 单位编码, then 年度

    def _matches(self, info: Any, text: str) -> bool:
        text = text.strip().lower()
        return not text or text in info.dept_code.lower() or text in info.dept_name.lower()

    def _show(self) -> None:
        """The rows: filtered, sorted, the cursor kept on its document."""
        from .projects import FilterInput

        if not self._ready:
            return
        app: Any = self.app
        table = self.query_one("#docs", Grid)
        keep = self._current()
        widths = self._layout()
        if widths != self._widths:
            table.clear(columns=True)
            for name, w in zip(HEADERS, widths, strict=True):
                table.add_column(fit(name, w, app.wide), width=w, key=name)
            self._widths = widths
        else:
            table.clear()
        self._unshown.clear()  # every row is drawn with what is counted now
        query = self.query_one("#filter", FilterInput).value
        shown = [i for i in self.all_infos if self._matches(i, query)]
        self.infos = sorted(shown, key=self._sort_key)  # stable: ties keep the store's order
        for info in self.infos:
            table.add_row(*self._row(info, widths), key=info.key)
        if keep is not None:
            self.select_key(keep.key)
        if not self._counting:
            todo = self._uncounted()
            if todo:  # counted once the list is on screen: showing it never waits for that
                self._counting = True
                self._counted = (0, len(todo))
                self.call_after_refresh(self._count_in_background)
        self._show_status(query)

    def _uncounted(self) -> list[Any]:
        """The documents with no count at their revision that no worker has tried yet — those
        shown first."""
        shown = {i.key for i in self.infos}
        rest = [i for i in self.all_infos if i.key not in shown]
        return [
            i
            for i in [*self.infos, *rest]
            if self._tally(i) is None and (i.key, i.revision) not in self._tried
        ]

    def _row(self, info: Any, widths: list[int]) -> list[Any]:
        app: Any = self.app
        tally = self._tally(info)
        failed = (info.key, info.revision) in self._failed
        when = format_time(info.updated)
        if widths[7] < 20:
            when = when[5:10]  # 12-07: the day, and room for who
        who = f"{when} {info.updated_by_name or info.updated_by}".strip()

        def number(value: Any, style: str = "") -> Text:
            if tally is None:  # ?: could not be read
                return Text("?" if failed else "…", style="dim", justify="right")
            return Text(str(value), style=style if value else "", justify="right")

        return [
            Text(safe_text(info.dept_code, app.wide)),
            Text(fit(info.dept_name, widths[1], app.wide)),
            Text(str(info.year)),
            Text(str(info.project_count), justify="right"),
            number(None) if tally is None else Text(_budget(tally), justify="right"),
            number(tally and tally.errors, "bold red"),
            number(tally and tally.warnings, "yellow"),
            Text(fit(who, widths[7], app.wide)),
        ]

    def _show_status(self, query: str) -> None:
        status = self.query_one("#status", StatusLine)
        county = self.query_one("#county", FixedLine)
        app: Any = self.app
        if not self.all_infos:
            action = keys.BY_ID["app.import"]
            key = keys.key_label(keys.effective_key(action, app.keymap)).split(" / ")[0]
            status.update(f"数据库中还没有文档：按 n 新建，或按 {key} 导入 Word 等文件")
            county.update("")
            return
        if query.strip():
            status.update(
                f"筛选“{query.strip()}”：{len(self.infos)} / {len(self.all_infos)} 个文档"
            )
        else:
            status.update(f"共 {len(self.all_infos)} 个文档")
        words = f"排序：{SORTS[self.sort][1]}（s 换）"
        done, todo = self._counted
        if self._counting and todo:
            words += f"  统计预算和问题：{done}/{todo}"
        county.update(words)

    # --- counting in the background --------------------------------------------------------
    def _count_in_background(self) -> None:
        """Count the documents not counted at their revision — those shown first — in a thread
        worker; the rows are updated in batches (FLUSH_SECONDS: each update of the table
        redraws it, and one redraw per document halved the counting and slowed the keys);
        the worker stops when the list is closed or a document is opened."""
        from collections import deque

        from textual.worker import get_current_worker

        app: Any = self.app
        store = app.store
        location = store.location
        todo = self._uncounted()
        self._counting = True
        self._counted = (0, len(todo))
        fresh: deque[tuple[Any, bool]] = deque()  # (info, could not be read), for _flush
        self._fresh = fresh
        self._flush_timer = self.set_interval(FLUSH_SECONDS, self._flush)

        def work() -> None:
            worker = get_current_worker()
            for n, info in enumerate(todo, 1):
                if worker.is_cancelled:
                    app.call_from_thread(self._counting_stopped)
                    return
                try:
                    revision, tally = count_document(store, info.key)
                except JixiaoError:  # deleted meanwhile, or unreadable
                    fresh.append((info, True))
                else:
                    _TALLIES[(location, info.key, revision)] = tally
                    fresh.append((info, False))
                self._counted = (n, len(todo))
            app.call_from_thread(self._counted_all)

        self.run_worker(work, thread=True, group="county", exclusive=True, exit_on_error=False)

    def _flush(self) -> None:
        """The documents counted since the last flush: their rows updated, in one redraw,
        when they are on screen (any update redraws every visible row); the others when
        scrolled into view, or when the counting ends (_counted_all shows the list anew)."""
        fresh = self._fresh
        while fresh:
            counted, failed = fresh.popleft()
            self._tried.add((counted.key, counted.revision))
            if failed:
                self._failed.add((counted.key, counted.revision))
            self._unshown.add(counted.key)
        if not self.is_attached or not self._unshown:
            return
        table = self.query_one("#docs", Grid)
        top = int(table.scroll_offset.y)
        visible = range(top, top + max(1, table.size.height))
        for row, info in enumerate(self.infos):
            if row in visible and info.key in self._unshown:
                self._unshown.discard(info.key)
                for column, cell in zip(HEADERS, self._row(info, self._widths), strict=True):
                    if column in ("预算总额", "错误", "警告"):  # its numbers, or ?
                        table.update_cell(info.key, column, cell)
        self._show_status(self._query())

    def _stop_flushing(self) -> None:
        if self._flush_timer is not None:
            self._flush_timer.stop()
            self._flush_timer = None
        self._flush()

    def _counting_stopped(self) -> None:
        """The worker was cancelled (a document opened): what it did not reach is counted
        when the list is shown again."""
        self._stop_flushing()
        self._counting = False

    def _counted_all(self) -> None:
        self._stop_flushing()
        self._counting = False
        if not self.is_attached:
            return
        # A document saved meanwhile was counted at its new revision: read the list again.
        stale = [
            i
            for i in self.all_infos
            if self._tally(i) is None and (i.key, i.revision) not in self._failed
        ]
        if stale:
            self.refresh_view()
        else:
            self._show()  # sorted again: a sort by problems or budget now has every number

    def _query(self) -> str:
        from .projects import FilterInput

        return self.query_one("#filter", FilterInput).value

    # --- filter and sort ---------------------------------------------------------------------
    def type_over(self, text: str) -> bool:
        """Text no key takes (digits of a code, a name typed with the input method) starts
        the filter with it."""
        from model.text import strip_invisible

        from .projects import FilterInput

        text = strip_invisible(text, multiline=False)[0]
        if not isinstance(self.focused, Grid) or not text.strip():
            return False
        box = self.query_one("#filter", FilterInput)
        box.keep_cursor = True
        self.action_filter()
        box.value = box.value + text
        box.cursor_position = len(box.value)
        return True

    def action_filter(self) -> None:
        from .projects import FilterInput

        box = self.query_one("#filter", FilterInput)
        box.display = True
        box.focus()

    def action_sort(self) -> None:
        self.sort = (self.sort + 1) % len(SORTS)
        self._show()

    def on_input_changed(self, event: Any) -> None:
        if event.input.id == "filter":
            self._show()
            if self.infos:
                self.query_one("#docs", Grid).move_cursor(row=0, animate=False)

    def on_input_submitted(self, event: Any) -> None:
        if event.input.id == "filter":
            if event.value.strip() and len(self.infos) == 1:
                self.action_open()  # the filter found one document: Enter opens it
                return
            self.query_one("#docs", Grid).focus()  # several: Enter again opens the one chosen
            if not event.value.strip():
                event.input.display = False

    def close_filter(self) -> None:
        """Esc in the filter box: the whole list again, the cursor where it was."""
        from .projects import FilterInput

        keep = self._current()
        self.query_one("#filter", FilterInput).display = False
        self._show()
        if keep is not None:
            self.select_key(keep.key)
        self.query_one("#docs", Grid).focus()

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
            # The counting stops after the document it is on: opening does not share the CPU
            # with the rest of the county.
            self.workers.cancel_group(self, "county")
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


def _budget(tally: Any) -> str:
    """The 预算总额 in the document's unit; named when it is not the usual 万元."""
    unit = "" if tally.money_unit == "万元" else tally.money_unit
    return f"{format_amount(tally.budget)}{unit}"


def _negated(text: str) -> tuple[Any, ...]:
    """A key that sorts text in reverse (newest ISO time first); blank last."""
    return (not text, *(-ord(c) for c in text))


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
