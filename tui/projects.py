"""项目列表: every project of the document with its amounts and counts; filter, add, copy, delete,
reorder; Enter opens the project. Under the totals, one line sums up the findings of the whole
document and shows those about no project (Part 1 totals, an empty Part 1 …). In the 自评 view
(views.py) the list shows each project's 执行数, 执行率, 总分 and grade instead of the plan; in the
监控 view its 截至当期执行数 and 执行率."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input

from model import Project
from model.entities import Phase
from model.rows import duplicate
from model.text import halfwidth, strip_invisible

from . import keys, views
from .base import CHANGED_STYLE, amount_text, right, share_widths
from .cells import fit, fit_tail
from .findings import MARK, MARK_SAFE
from .rows import RowList, RowScreen, RowWords
from .widgets import Grid, OrderedInput, Plain

# The plan column is the 资金支出计划's last checkpoint: say so (not only "12月底").
HEADERS = ("序号", "编码", "名称", "预算数", "财政资金", "计划12月底", "指标", "问题")
NARROW_HEADERS = ("序号", "编码", "名称", "预算数", "财政", "计划12月底", "指标", "问题")
WIDE_PLAN_HEADER = "支出计划（12月底）"
# The 自评 view: 全年预算数 and 全年执行数, the rate, the 总分 and grade (tui/scores.py).
SCORED_HEADERS = (
    "序号",
    "编码",
    "名称",
    "全年预算数",
    "全年执行数",
    "执行率",
    "总分",
    "等级",
    "问题",
)
# The 监控 view: 全年预算数, 截至当期执行数 and their rate.
MONITOR_HEADERS = ("序号", "编码", "名称", "全年预算数", "当期执行数", "执行率", "指标", "问题")
NARROW_MONITOR_HEADERS = ("序号", "编码", "名称", "预算数", "当期执行", "执行率", "指标", "问题")
NARROW_SCORED_HEADERS = (
    "序号",
    "编码",
    "名称",
    "预算数",
    "执行数",
    "执行率",
    "总分",
    "等级",
    "问题",
)


class FilterInput(OrderedInput):
    BINDINGS = [Binding("escape", "clear", "清除筛选", show=False)]

    keep_cursor = False  # set when text typed on the list opened the box: no select-all

    def _on_focus(self, event: Any) -> None:
        # Runs before Input._on_focus (Textual calls each class's handler in turn).
        if self.keep_cursor:
            self.keep_cursor = False
            self.select_on_focus = False
            self.call_later(setattr, self, "select_on_focus", True)

    def action_clear(self) -> None:
        self.value = ""
        self.screen.close_filter()  # type: ignore[attr-defined]


class ProjectListScreen(RowScreen):
    SCOPE = "projects"
    SCREEN_NAME = "项目列表"
    AUTO_FOCUS = "#projects"
    BINDINGS = keys.bindings("projects")
    DEFAULT_CSS = """
    #docline { height: 1; padding: 0 1; }
    """

    def __init__(self) -> None:
        super().__init__()
        self._widths: list[int] = []
        self._built: tuple = ()  # (scored, widths) the columns were made for
        self._scored = False  # the 自评 view: 总分 and grade
        self._monitored = False  # the 监控 view: 截至当期执行数 and 执行率
        self._shown_projects: list[Project] = []
        self._rendered: list[tuple[str, list[Any]]] = []  # (project id, cells) as shown
        self._pending_findings = False
        self._findings_timer: Any = None
        self._number = ""  # digits typed on the list: Enter opens that project

    def compose(self) -> ComposeResult:
        yield from self.compose_top()
        yield FilterInput(
            placeholder="筛选：输入编码或名称中的文字，回车返回表格，Esc 清除", id="filter"
        )
        yield Grid(id="projects", cursor_type="row")
        yield Plain("", id="totals")
        yield Plain("", id="docline")
        yield from self.compose_bottom()

    def on_mount(self) -> None:
        self.query_one("#filter", FilterInput).display = False
        self.query_one("#projects", Grid).focus()
        self.refresh_view()

    def title_text(self) -> str:
        title = super().title_text()
        view = views.current(self.japp)
        return title if view is Phase.TARGET else f"{title} │ {views.TABLE_NAME[view]}"

    # --- layout --------------------------------------------------------------------------
    def _layout(self) -> list[int]:
        width = max(40, self.size.width - 2)  # the vertical scrollbar
        narrow = width < 110
        code, money = (10, 7) if narrow else (21, 10)
        plan = 18 if width >= 150 else 10  # 支出计划（12月底） / 计划12月底
        fixed: list[int | None] = [4, code, None, money, money, plan, 4, 4]
        if self._scored:
            fixed = [4, code, None, money, money, 8, 6, 4, 4]  # 执行率 总分 等级 问题
        elif self._monitored:
            fixed = [4, code, None, money, money, 8, 4, 4]  # 执行率 指标 问题
        return share_widths(width - 2 * len(fixed), fixed, minimum=8)

    def _matches(self, project: Project, text: str) -> bool:
        text = text.strip().lower()
        return not text or text in project.code.lower() or text in project.name.lower()

    def refresh_view(self) -> None:
        if not self.is_mounted:
            return
        self.mark_shown()
        self.refresh_title()
        table = self.query_one("#projects", Grid)
        view = views.current(self.japp)
        self._scored, self._monitored = view is Phase.EVALUATE, view is Phase.MONITOR
        widths = self._layout()
        built = (view, tuple(widths))
        keep = self._current_id()
        # Rebuilding the rows moves the cursor (to the top, then back): that is not the user
        # moving it, so a project number being typed is kept (the counts arrive meanwhile).
        number = self._number
        doc = self.doc
        query = self.query_one("#filter", FilterInput).value
        shown = [(n, p) for n, p in enumerate(doc.projects, 1) if self._matches(p, query)]
        rows = [(p.id, self._row(n, p, widths)) for n, p in shown]
        self._shown_projects = [p for _, p in shown]
        old, self._rendered = self._rendered, rows
        if built == self._built and [k for k, _ in rows] == [k for k, _ in old]:
            # The same projects in the same order (an edit, a save, a colleague's save, the
            # problem counts arriving): only the cells that changed are updated, and only their
            # rows are drawn again (Grid).
            table.update_changed(rows, old)
            self._show_totals(widths, query)
            self._show_document_findings()
            self._number = number
            self._count_later()
            return
        if built != self._built:
            table.clear(columns=True)
            if self._scored:
                keys_ = SCORED_HEADERS
                names = list(SCORED_HEADERS if widths[3] >= 10 else NARROW_SCORED_HEADERS)
            elif self._monitored:
                keys_ = MONITOR_HEADERS
                names = list(MONITOR_HEADERS if widths[3] >= 10 else NARROW_MONITOR_HEADERS)
            else:
                keys_ = HEADERS
                names = list(HEADERS if widths[1] >= 21 else NARROW_HEADERS)
                if widths[5] >= 18:
                    names[5] = WIDE_PLAN_HEADER
            for key, name, w in zip(keys_, names, widths, strict=True):
                table.add_column(fit(name, w, self.japp.wide), width=w, key=key)
            self._widths, self._built = widths, built
        else:
            table.clear()
        for key, cells in rows:
            table.add_row(*cells, key=key)
        self._show_totals(widths, query)
        self._show_document_findings()
        if keep:
            self.select(keep)
        self._number = number
        self._count_later()

    def _count_later(self) -> None:
        if self._pending_findings and self._findings_timer is None:
            # Count problems once the list is on screen: 500 projects take a few hundred ms.
            self._findings_timer = self.set_timer(0.15, self._check_in_background)

    def _check_in_background(self) -> None:
        self._findings_timer = None
        doc = self.doc
        findings = self.japp.findings

        def work() -> None:
            self.japp.after_first_paint()  # the list itself first, then its problem counts
            findings.check_all_projects(doc)
            findings.for_document(doc)
            self.app.call_from_thread(self._findings_ready, doc)

        self._pending_findings = False
        self.run_worker(work, thread=True, group="findings", exclusive=True, exit_on_error=False)

    def _findings_ready(self, doc: Any) -> None:
        if doc is self.doc and self.is_attached:
            self.refresh_view()

    def _row(self, n: int, p: Project, w: list[int]) -> list[Any]:
        problems = self.japp.findings.cached_count(self.doc, p)
        if problems is None:
            self._pending_findings = True
        mark = Text(
            "…" if problems is None else str(problems) if problems else "",
            style="bold red" if problems else "",
            justify="right",
        )
        number, name = right(str(n), w[0]), self.cell(p.name or "（未命名）", w[2])
        if p.id in self.japp.marked:  # a colleague changed it just now
            number.style = CHANGED_STYLE
            name.style = CHANGED_STYLE
        code = Text(fit_tail(p.code, w[1], self.japp.wide) if p.code else "（未填）", no_wrap=True)
        if self._scored or self._monitored:
            # The 自评 and 监控 views only (model.scoring is not imported before the first
            # paint of the plain view).
            from . import scores
        if self._scored:
            score = scores.project_score(self.doc, p)
            total = scores.number_text(score.total) + ("" if score.complete else "*")
            return [
                number,
                code,
                name,
                right(amount_text(p.full_year_budget), w[3]),
                right(amount_text(p.executed), w[4]),
                right(scores.percent_text(score.execution_rate), w[5]),
                right(total, w[6]),
                Text(scores.grade_text(self.doc, score), style="bold" if score.complete else "dim"),
                mark,
            ]
        if self._monitored:
            rate = scores.execution_rate(p.executed_to_date, p.full_year_budget)
            return [
                number,
                code,
                name,
                right(amount_text(p.full_year_budget), w[3]),
                right(amount_text(p.executed_to_date), w[4]),
                right(scores.percent_text(rate), w[5]),
                right(str(len(p.indicators)), w[6]),
                mark,
            ]
        return [
            number,
            code,
            name,
            right(amount_text(p.budget), w[3]),
            right(amount_text(p.fiscal), w[4]),
            right(amount_text(p.plan.dec), w[5]),
            right(str(len(p.indicators)), w[6]),
            mark,
        ]

    def _show_totals(self, w: list[int], query: str) -> None:
        projects = self.doc.projects

        def total(values: list[Decimal | None]) -> str:
            given = [v for v in values if v is not None]
            return str(sum(given, Decimal(0))) if given else ""

        label = f"合计 {len(projects)} 个项目"
        if query.strip():
            label += f"（显示 {len(self._shown_projects)} 个）"
        if self._scored:
            cells = self._scored_totals(w, label, projects)
        elif self._monitored:
            cells = self._monitor_totals(w, label, projects)
        else:
            cells = self._plain_totals(w, label, projects, total)
        parts = []
        for text, width, align_right in cells:
            text = fit(text, width, self.japp.wide)
            pad = " " * max(0, width - cell_len(text))
            parts.append(" " + (pad + text if align_right else text + pad) + " ")
        self.query_one("#totals", Plain).update("".join(parts))

    @staticmethod
    def _execution(projects: list[Project], executed: list[Decimal | None]) -> tuple[str, str, str]:
        """The sums of 全年预算数 and of an 执行数, and the rate of the sums (blank: none filled)."""
        from . import scores

        budgets = [p.full_year_budget for p in projects]
        budget_sum = sum((b for b in budgets if b is not None), Decimal(0))
        given = [e for e in executed if e is not None]
        executed_sum = sum(given, Decimal(0))
        rate = scores.execution_rate(executed_sum, budget_sum) if given else None
        return (
            amount_text(budget_sum) if any(b is not None for b in budgets) else "",
            amount_text(executed_sum) if given else "",
            scores.percent_text(rate),
        )

    def _monitor_totals(
        self, w: list[int], label: str, projects: list[Project]
    ) -> list[tuple[str, int, bool]]:
        budget, executed, rate = self._execution(projects, [p.executed_to_date for p in projects])
        return [
            (label, w[0] + w[1] + w[2] + 4, False),
            (budget, w[3], True),
            (executed, w[4], True),
            (rate, w[5], True),
            (str(sum(len(p.indicators) for p in projects)), w[6], True),
            (self._total_problems(projects), w[7], True),
        ]

    def _scored_totals(
        self, w: list[int], label: str, projects: list[Project]
    ) -> list[tuple[str, int, bool]]:
        """Sums of 全年预算数 and 全年执行数, the rate of the sums, the mean 总分 (平均)."""
        from . import scores

        budget, executed, rate = self._execution(projects, [p.executed for p in projects])
        totals = [scores.project_score(self.doc, p).total for p in projects]
        mean = sum(totals, Decimal(0)) / len(totals) if totals else None
        return [
            (label, w[0] + w[1] + w[2] + 4, False),
            (budget, w[3], True),
            (executed, w[4], True),
            (rate, w[5], True),
            (f"平均{scores.number_text(mean)}" if mean is not None else "", w[6] + w[7] + 2, True),
            (self._total_problems(projects), w[8], True),
        ]

    def _plain_totals(
        self, w: list[int], label: str, projects: list[Project], total: Any
    ) -> list[tuple[str, int, bool]]:
        return [
            (label, w[0] + w[1] + w[2] + 4, False),
            (total([p.budget for p in projects]), w[3], True),
            (total([p.fiscal for p in projects]), w[4], True),
            (total([p.plan.dec for p in projects]), w[5], True),
            (str(sum(len(p.indicators) for p in projects)), w[6], True),
            (self._total_problems(projects), w[7], True),
        ]

    def _show_document_findings(self) -> None:
        """`全文 52 个问题、98 条提示（F5 查看）｜第一部分写“共25个项目”…` in one line."""
        findings = self.japp.findings
        line = self.query_one("#docline", Plain)
        action = keys.BY_ID["app.problems"]
        key = keys.key_label(keys.effective_key(action, self.japp.keymap)).split(" / ")[0]
        if not findings.loaded or self._pending_findings:
            # Checked in the background once the list is drawn (see refresh_view).
            self._pending_findings = True
            line.display = True
            line.update(f"全文问题统计中…（{key} 查看问题列表）")
            return
        counts = findings.counts(self.doc)
        if counts is None:
            summary = f"全文问题统计中…（{key} 查看问题列表）"
        elif not any(counts.values()):
            summary = "全文没有发现问题"
        else:
            summary = (
                f"全文 {counts['error'] + counts['warning']} 个问题、{counts['hint']} 条提示"
                f"（{key} 查看）"
            )
        wide = self.japp.wide
        width = max(10, self.size.width - 2)
        summary = fit(summary, width, wide)
        text = Text(summary, style="bold red" if counts and counts["error"] else "")
        own = [f for f in findings.for_document(self.doc) if f.part1_item is None]
        room = width - cell_len(summary) - 2
        if own and room > 4:
            marks = MARK_SAFE if wide else MARK
            more = f"（另有 {len(own) - 1} 条）" if len(own) > 1 else ""
            first = own[0]
            text.append("｜")
            text.append(
                fit(f"{marks.get(first.severity, '')}{first.message}{more}", room, wide),
                style={"error": "bold red", "warning": "yellow"}.get(first.severity, ""),
            )
        line.display = True
        line.update(text)

    def _total_problems(self, projects: list[Project]) -> str:
        counts = [self.japp.findings.cached_count(self.doc, p) for p in projects]
        return "…" if None in counts else str(sum(c for c in counts if c))

    # --- cursor --------------------------------------------------------------------------
    def _current_id(self) -> str | None:
        table = self.query_one("#projects", Grid)
        if not self._shown_projects or table.cursor_row >= len(self._shown_projects):
            return None
        return self._shown_projects[table.cursor_row].id

    def _current_index(self) -> int | None:
        pid = self._current_id()
        if pid is None:
            return None
        return next(n for n, p in enumerate(self.doc.projects) if p.id == pid)

    def select(self, project_id: str) -> None:
        table = self.query_one("#projects", Grid)
        for row, p in enumerate(self._shown_projects):
            if p.id == project_id:
                table.move_cursor(row=row, animate=False)
                return

    def restore_cursor(self, where: Any) -> None:
        if isinstance(where, str):
            self.refresh_view()
            self.select(where)

    # --- actions -------------------------------------------------------------------------
    def select_at_cursor(self, grid: Grid) -> None:
        self.action_open()

    def type_over(self, text: str) -> bool:
        """Digits typed on the list pick a project by its 序号 (Enter opens it); other text no
        key takes starts the filter with it (a name fragment)."""
        text = strip_invisible(text, multiline=False)[0]  # a paste may hold line breaks
        if not isinstance(self.focused, Grid) or not text.strip():
            return False
        digit = halfwidth(text)
        if digit.isdigit() and digit.isascii():
            self._number = (self._number + digit)[-6:]
            self.japp.message = f"转到第 {self._number} 个项目：回车打开"
            self.japp.refresh_status()
            return True
        self._number = ""
        box = self.query_one("#filter", FilterInput)
        box.keep_cursor = True
        self.action_filter()
        box.value = box.value + text
        box.cursor_position = len(box.value)
        return True

    def cursor_moved(self, grid: Grid) -> None:
        self._number = ""  # a number typed, then the cursor moved: the number is dropped

    def action_open(self) -> None:
        from .project import ProjectScreen

        if self._number:
            number, self._number = int(self._number), ""
            projects = self.doc.projects
            if not 1 <= number <= len(projects):
                self.japp.message = f"没有第 {number} 个项目（共 {len(projects)} 个）"
                self.japp.refresh_status()
                return
            if self.app.screen is self:
                self.japp.message = ""
                self.app.push_screen(ProjectScreen(projects[number - 1].id))
            return
        pid = self._current_id()
        if pid is not None and self.app.screen is self:
            self.app.push_screen(ProjectScreen(pid))

    def action_switch_view(self) -> None:
        """目标 → 监控 → 自评 (views.py): in 自评 the list shows each project's 总分 and grade."""
        view = views.next_view(self.japp)
        self.refresh_view()
        self.japp.message = views.switched_message(self.japp, view, "projects.view")
        if view is Phase.EVALUATE:
            self.japp.message += "；总分后的 * 表示还有得分或执行数未填"
        self.japp.refresh_status()
        self.refresh_keys()

    def footer_quiet(self) -> tuple[str, ...]:
        return ("projects.view",) if views.quiet_footer(self.japp) else ()

    def action_filter(self) -> None:
        self._number = ""
        box = self.query_one("#filter", FilterInput)
        box.display = True
        box.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "filter":
            self.refresh_view()
            table = self.query_one("#projects", Grid)
            if self._shown_projects:
                table.move_cursor(row=0, animate=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "filter":
            self.query_one("#projects", Grid).focus()
            if not event.value.strip():
                event.input.display = False

    def close_filter(self) -> None:
        keep = self._current_id()
        box = self.query_one("#filter", FilterInput)
        box.display = False
        self.refresh_view()
        if keep:
            self.select(keep)
        self.query_one("#projects", Grid).focus()

    # --- rows (a, c, d, J/K: see rows.py) ----------------------------------------------------
    def row_list(self) -> RowList[Project]:
        """The projects; with a filter, the cursor's project is found in the whole list."""
        index = self._current_index()
        session = self.japp.session

        def put(projects: list[Project], label: str, where: Any) -> None:
            def change(ps: list[Project]) -> None:
                ps[:] = projects

            session.edit_projects(change, label, where)

        def open_new(index: int) -> None:
            self._clear_filter_quietly()  # the new project matches no filter
            self.select(self.doc.projects[index].id)
            self.action_open()

        return RowList(
            get=lambda doc: doc.projects,
            put=put,
            index=index,
            where=self._current_id(),
            words=PROJECT_WORDS,
            blank=Project,
            show=lambda index: self.select(self.doc.projects[index].id),
            open=open_new,
            twin=project_copy,
        )

    def action_add(self) -> None:
        self.add_row(1)

    def action_copy(self) -> None:
        self.action_duplicate_row()

    def action_delete(self) -> None:
        self.action_delete_row()

    def _clear_filter_quietly(self) -> None:
        box = self.query_one("#filter", FilterInput)
        if box.value:
            box.value = ""
            box.display = False
            self.refresh_view()


def project_copy(source: Project) -> Project:
    """A copy to start a similar project from: new ids, the code left to fill in."""
    project = duplicate(source)
    project.code = ""
    project.name = f"{source.name}（副本）"
    return project


def _deleting(project: Project, index: int) -> tuple[str, str, str]:
    name = project.name or project.code or "（未命名）"
    return (
        f"删除项目“{name}”及其 {len(project.indicators)} 个指标？",
        f"删除项目 {project.name}",
        f"已删除项目：{project.name}",
    )


PROJECT_WORDS: RowWords[Project] = RowWords(
    noun="项目",
    added="已新增项目：请填写编码和名称",
    copied="已复制项目：副本的编码留空，请填写",
    moved="已移动项目",
    deleting=_deleting,
)
