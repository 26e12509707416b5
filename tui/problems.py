"""问题列表: every finding of the document, errors first — what is wrong and where, before
publishing. One row each (位置, 行, 字段, 级别, 问题); Enter goes to the place, Esc goes back.

Checking a whole document takes about half a second at 500 projects, so what is not cached yet
is checked in a thread worker; the list shows what it is doing meanwhile.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult

from model import Document, JixiaoError
from model import fields as F

from . import keys
from .base import DocScreen, share_widths
from .cells import fit, safe_text
from .findings import MARK, MARK_SAFE, SEVERITY_NAME, Shown, finding_line
from .widgets import DetailLine, Grid

COLUMNS = ("位置", "行", "字段", "级别", "问题")
CHUNK = 150  # rows added at a time (then the screen is drawn and keys are read)
_STYLE = {"error": "bold red", "warning": "yellow", "hint": "dim"}
# Finding fields whose grid column is labelled differently in the project screen.
_COLUMN_NAMES = {f.column: f.heading for f in F.INDICATOR_FIELDS if f.heading != f.column}
# Project-level fields that the header shows under another label: the plan at its first row.
_HEADER_NAMES = {F.PLAN_LABEL: F.PLAN_FIELDS[0].heading}


def project_labels(doc: Document) -> dict[str, str]:
    """Project id → `3 大留庄村基础设施建设资金` (number in the document and name)."""
    return {p.id: f"{n} {p.name or '（未命名）'}" for n, p in enumerate(doc.projects, 1)}


def place(doc: Document, f: Shown, labels: dict[str, str] | None = None) -> str:
    """Where a finding is, in words: `3 大留庄村基础设施建设资金`, `第一部分 分项2`, `第一部分`."""
    if f.project_id is not None:
        labels = project_labels(doc) if labels is None else labels
        return labels.get(f.project_id, "（已删除的项目）")
    if f.part1_item is not None:
        return f"第一部分 分项{f.part1_item}"
    return "第一部分" if f.field == "总体绩效目标" else "全文"


class ProblemsScreen(DocScreen):
    SCOPE = "problems"
    SCREEN_NAME = "问题列表"
    BINDINGS = keys.bindings("problems")

    def __init__(self) -> None:
        super().__init__()
        self.found: list[Shown] | None = None  # None while the worker checks
        self._restore: int | None = None  # the row to open at, once the list is filled
        self._filling = False  # adding rows moves the cursor: no detail line for each row
        self._generation = 0  # of the fill in progress (rows are added a chunk at a time)
        self._widths: list[int] = []

    def compose(self) -> ComposeResult:
        yield from self.compose_top()
        yield Grid(id="problems", cursor_type="row")
        yield DetailLine("", id="detail")
        yield from self.compose_bottom()

    def on_mount(self) -> None:
        self._restore = self.japp.findings.last_problem
        self.query_one("#problems", Grid).focus()
        self.refresh_view()

    def title_text(self) -> str:
        base = f"绩效 │ {self.doc.key} │ {self.SCREEN_NAME}"  # no unit name: the counts fit
        found = self.found
        if found is None:
            return f"{base}（检查中…）"
        errors = sum(f.severity == "error" for f in found)
        warnings = sum(f.severity == "warning" for f in found)
        return f"{base}：错误 {errors}，警告 {warnings}，提示 {len(found) - errors - warnings}"

    # --- filling ---------------------------------------------------------------------------
    def refresh_view(self) -> None:
        if not self.is_mounted:
            return
        self.mark_shown()
        findings = self.japp.findings
        doc = self.doc
        self.found = findings.cached_all(doc)
        if self.found is None:
            self._check_in_background(doc)
        self.refresh_title()
        self._fill()

    def _check_in_background(self, doc: Document) -> None:
        findings = self.japp.findings

        def work() -> None:
            found = findings.all(doc)
            self.app.call_from_thread(self._ready, doc, found)

        self.run_worker(work, thread=True, group="problems", exclusive=True, exit_on_error=False)

    def _ready(self, doc: Document, found: list[Shown]) -> None:
        if doc is self.doc and self.is_attached:
            self.found = found
            self.refresh_title()
            self._fill()

    def _layout(self) -> list[int]:
        width = max(50, self.size.width - 2)  # the vertical scrollbar
        narrow = width < 110
        fixed: list[int | None] = [16 if narrow else 30, 3, 10 if narrow else 14, 6, None]
        return share_widths(width - 2 * len(fixed), fixed, minimum=12)

    def _fill(self) -> None:
        table = self.query_one("#problems", Grid)
        widths = self._layout()
        row = table.cursor_row
        if self._restore is None and self.found:
            self._restore = row  # keep the cursor across a refill (an undo, a resize)
        if widths != self._widths:
            table.clear(columns=True)
            for name, w in zip(COLUMNS, widths, strict=True):
                table.add_column(fit(name, w, self.japp.wide), width=w, key=name)
            self._widths = widths
        else:
            table.clear()
        self._generation += 1
        if self.found is None:
            table.add_row("", "", "", "", self.cell("正在检查全文…", widths[4], "dim"))
        elif not self.found:
            table.add_row("", "", "", "", self.cell("没有发现问题", widths[4]))
        else:
            self._add_rows(self._generation, 0, widths, project_labels(self.doc))
        self._show_detail()

    def _add_rows(
        self, generation: int, start: int, widths: list[int], labels: dict[str, str]
    ) -> None:
        """Add the rows from `start` on, a screenful and more at a time: thousands of rows
        (500 projects) would hold the screen for most of a second if added at once."""
        found = self.found
        if generation != self._generation or not found or not self.is_attached:
            return  # a newer fill has started
        table = self.query_one("#problems", Grid)
        wide = self.japp.wide
        marks = MARK_SAFE if wide else MARK
        end = min(len(found), start + CHUNK)
        self._filling = True
        try:
            for f in found[start:end]:
                style = _STYLE.get(f.severity, "")
                level = f"{marks.get(f.severity, ' ')}{SEVERITY_NAME.get(f.severity, '')}"
                table.add_row(
                    self.cell(place(self.doc, f, labels), widths[0]),
                    Text(str(f.row) if f.row else "", justify="right"),
                    self.cell(_COLUMN_NAMES.get(f.field or "", f.field or ""), widths[2]),
                    Text(fit(level, widths[3], wide), style=style),
                    self.cell(f.message, widths[4]),
                )
        finally:
            self._filling = False
        if self._restore is not None and (self._restore < end or end == len(found)):
            row, self._restore = min(self._restore, len(found) - 1), None
            table.move_cursor(row=row, animate=False)
            self._show_detail()
        if end < len(found):  # the rest after the screen has been drawn
            self.set_timer(0.01, lambda: self._add_rows(generation, end, widths, labels))

    def _current(self) -> Shown | None:
        table = self.query_one("#problems", Grid)
        if not self.found or table.cursor_row >= len(self.found):
            return None
        return self.found[table.cursor_row]

    def _show_detail(self) -> None:
        f = self._current()
        detail = self.query_one("#detail", DetailLine)
        if f is None:
            detail.update("")
            return
        where = place(self.doc, f)
        if f.row:
            where += f"　第{f.row}行"
        text = f"{where}　{finding_line(f, self.japp.wide)}" + (f"（{f.rule}）" if f.rule else "")
        offered = [("problems.open", "转到该处"), ("problems.dismiss", "已核实")]
        if _has_fix(f.rule):
            offered.append(("problems.fix", "自动修正"))
        hints = "　".join(
            f"{keys.key_label(keys.effective_key(keys.BY_ID[i], self.japp.keymap))}：{what}"
            for i, what in offered
        )
        detail.update(safe_text(f"{text}\n{hints}", self.japp.wide))

    def cursor_moved(self, grid: Grid) -> None:
        if self.is_mounted and not self._filling:
            self._show_detail()

    # --- going there -------------------------------------------------------------------------
    def select_at_cursor(self, grid: Grid) -> None:
        self.action_open()

    def action_open(self) -> None:
        f = self._current()
        if f is None or self.app.screen is not self:
            return
        self.japp.findings.last_problem = self.query_one("#problems", Grid).cursor_row
        self.app.call_later(self._go, f)

    async def _go(self, f: Shown) -> None:
        await go_to_finding(self.japp, f)

    # --- 已核实 and quick fixes (one undoable step each) -----------------------------------
    def action_dismiss(self) -> None:
        f = self._current()
        if f is None or self.app.screen is not self:
            return
        row = self.query_one("#problems", Grid).cursor_row

        def before() -> None:
            self._restore = row  # the cursor stays in place when the list is filled again

        dismiss_finding(self.japp, f, place(self.doc, f), before=before)

    def action_fix(self) -> None:
        f = self._current()
        if f is None or self.app.screen is not self:
            return
        self._restore = self.query_one("#problems", Grid).cursor_row
        fix_finding(self.japp, f)

    def action_back(self) -> None:
        self.japp.findings.last_problem = self.query_one("#problems", Grid).cursor_row
        self.app.pop_screen()


# --- 已核实 and quick fixes: the problem list's and the project screen's keys -----------------


async def go_to_finding(app: Any, f: Shown) -> None:
    """Put the cursor where a finding is (the problem list's Enter, the palette's jump)."""
    from .part1 import Part1Screen
    from .project import ProjectScreen

    doc = app.doc
    if f.project_id is not None and any(p.id == f.project_id for p in doc.projects):
        app.action_show_projects()  # the project opens over the list, as from the list
        lister = app.screen
        select = getattr(lister, "select", None)
        if select is not None:
            select(f.project_id)
        screen = ProjectScreen(f.project_id)
        await app.push_screen(screen)
        where = project_place(doc.project(f.project_id), f)
        if where is not None:
            screen.restore_cursor(where)
    elif f.project_id is None and (f.part1_item is not None or f.field == "总体绩效目标"):
        app.action_show_projects()
        screen = Part1Screen()
        await app.push_screen(screen)
        screen.show_finding(f)
    elif f.project_id is None and f.field == F.PLAN_LABEL:
        # The document's 资金支出计划单位 (JX302): its setting is in 文档信息.
        from .docforms import edit_open_document_info

        app.action_show_projects()
        edit_open_document_info(app)
    else:
        app.action_show_projects()
    # Say what is wrong there too: the screen's detail line may not show this finding
    # (a finding about the whole plan or the whole indicator table has no cell of its own).
    key = keys.key_label(keys.effective_key(keys.BY_ID["app.problems"], app.keymap))
    app.message = f"{finding_line(f, app.wide)}（{key.split(' / ')[0]} 回到问题列表）"
    app.refresh_status()


def _has_fix(rule: str) -> bool:
    """Whether the rule has a quick fix (model.rules.fixes; the rules are loaded by now)."""
    from model.rules import has_fix

    return has_fix(rule)


def dismiss_finding(
    app: Any, f: Shown, where: str, *, before: Any = None, undo_where: Any = None
) -> None:
    """Ask for a reason, then mark `f` 已核实 as one undoable step (saved like any edit)."""
    from .dialogs import ReasonScreen

    session = app.session
    if session is None:
        return

    def done(reason: str | None) -> None:
        if not reason or app.session is not session:
            return
        from model.dismissals import dismiss
        from service.checking import identity

        try:
            new, _ = dismiss(session.doc, [f], reason, *identity(app.store))
        except JixiaoError as exc:
            app.message = f"✗ {exc}"
            app.refresh_status()
            return
        if before is not None:
            before()
        session.apply(new, f"核实 {f.rule}", undo_where)
        app.edited(f"已核实 {f.rule}：{reason}（撤销可取消）")

    app.push_screen(ReasonScreen(f"{where}　{finding_line(f, app.wide)}"), done)


def fix_finding(app: Any, f: Shown, undo_where: Any = None) -> bool:
    """Apply `f`'s quick fix as one undoable step; False (and a status line) when it has none."""
    session = app.session
    if session is None:
        return False
    from model.rules import apply_fixes, fix_one

    change = fix_one(session.doc, f)
    if change is None:
        app.message = f"{f.rule} 这条问题没有可自动修正的办法，请手工修改"
        app.refresh_status()
        return False
    session.apply(apply_fixes(session.doc, [change]), f"修正 {f.rule}", undo_where)
    app.edited(f"已修正：{change.line()}")
    return True


def project_place(project: Any, f: Shown) -> tuple | None:
    """The project screen's cursor place for a finding (see ProjectScreen.restore_cursor)."""
    from .project import ALL_COLUMNS, ALL_HEADER_FIELDS

    labels = [label for label, _, _ in ALL_COLUMNS]
    if f.indicator_id is not None and any(i.id == f.indicator_id for i in project.indicators):
        name = _COLUMN_NAMES.get(f.field or "", f.field or "")
        col = labels.index(name) if name in labels else labels.index("三级指标")
        return ("ind", f.indicator_id, col)
    headers = [h.label for h in ALL_HEADER_FIELDS]
    name = _HEADER_NAMES.get(f.field or "", f.field or "")
    if name in headers:
        return ("field", headers.index(name))
    for n, header in enumerate(ALL_HEADER_FIELDS):  # a shortened label (年度总体目标完成情况)
        if header.rule_field and header.rule_field == f.field:
            return ("field", n)
    if f.field == "绩效指标" and project.indicators:  # the indicator table as a whole
        return ("ind", project.indicators[0].id, 0)
    return ("field", 0)
