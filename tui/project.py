"""项目: the header fields and the indicator grid of one project.

Arrows/hjkl move, Tab goes to the next field, Enter or F2 edits the cell in the editor at the
bottom (Enter commits, Esc cancels). Every commit is one undoable step, saved in the background.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.coordinate import Coordinate

from model import Document, Indicator, PlanUnit, Profile, Project
from model import fields as F
from model.amounts import DEFAULT_DECIMALS
from model.attainment import compare
from model.entities import Phase
from model.framework import allowed, canonical

from . import keys, scores, views
from .base import CHANGED_STYLE, amount_text, share_widths
from .cells import fit, safe_text
from .findings import MARK, MARK_SAFE, SEVERITY_NAME, Shown, for_indicator
from .rows import RowList, RowScreen, RowWords
from .widgets import DetailLine, Editor, EditRequest, FixedLine, Grid, cell_sig, describe_value

# --- the header fields ---------------------------------------------------------------------------

# The editor for a field of each kind (model.fields.Kind); a kind not listed is edited as text.
_HEADER_EDITOR = {F.Kind.AMOUNT: "amount", F.Kind.LONG: "multiline", F.Kind.LINES: "multiline"}
_CELL_EDITOR = {
    F.Kind.LEVEL: "choice",
    F.Kind.TEXT: "text",
    F.Kind.LONG: "long",
    F.Kind.VALUE: "value",
    F.Kind.WEIGHT: "number",
    F.Kind.CHOICE: "choice",
}


@dataclass(frozen=True, slots=True)
class HeaderField:
    label: str
    kind: str  # text | amount | multiline
    get: Callable[[Project], str]
    set: Callable[..., None]  # (project, text, decimals): decimals of the document's amounts
    rule_field: str = ""  # the field name the validation rules use, when not the label
    shown: str = ""  # the label on screen, when not `label` (计划3月底 for the plan's 3月底)
    long_name: str = ""  # the name in the detail line and the editor (资金支出计划 3月底)

    @property
    def screen_label(self) -> str:
        return self.shown or self.label

    @property
    def full_name(self) -> str:
        return self.long_name or self.label

    def concerns(self, finding: Shown) -> bool:
        return finding.field is not None and finding.field in (self.label, self.rule_field)


# Labels of the later tables' project fields that are too long for the header form's label
# column (the detail line and the editor give the whole name).
_HEADER_SHORT = {"executed_to_date": "当期执行数", "completion": "完成情况"}


def _header_field(f: F.Field) -> HeaderField:
    # The rules speak of the plan as a whole (资金支出计划): each checkpoint shows its findings.
    plan = f.entity is F.Entity.PLAN
    rule_field = F.PLAN_LABEL if plan else f.column
    short = _HEADER_SHORT.get(f.attr, "") if f.entity is F.Entity.PROJECT else ""
    return HeaderField(
        f.heading,
        _HEADER_EDITOR.get(f.kind, "text"),
        f.text,
        lambda p, text, decimals=DEFAULT_DECIMALS: f.set_text(p, text.strip(), decimals=decimals),
        "" if rule_field == f.heading else rule_field,
        # The four checkpoints say what they are: 资金支出计划 (the plan's label).
        f"计划{f.heading}" if plan else short,
        f"{F.PLAN_LABEL} {f.heading}" if plan else f.label if short else "",
    )


HEADER_LABEL_WIDTH = 10  # 计划12月底


HEADER_FIELDS: tuple[HeaderField, ...] = tuple(
    _header_field(f) for f in F.PROJECT_HEADER if "target" in f.phases
)
# The project fields of the 运行监控表 and 绩效自评表, after the targets' (a field's index in
# ALL_HEADER_FIELDS never changes: undo steps and edit targets keep it).
ALL_HEADER_FIELDS: tuple[HeaderField, ...] = HEADER_FIELDS + tuple(
    _header_field(f) for f in F.PROJECT_LATER_FIELDS
)
_HEADER_INDEX = {f.label: n for n, f in enumerate(ALL_HEADER_FIELDS)}
# The header form's rows in each view: in 监控 and 自评 that table's own fields first.
VIEW_HEADER: dict[Phase, tuple[int, ...]] = {
    Phase.TARGET: tuple(range(len(HEADER_FIELDS))),
    Phase.MONITOR: (
        *(_HEADER_INDEX[f.heading] for f in F.MONITOR_PROJECT_FIELDS),
        *range(len(HEADER_FIELDS)),
    ),
    Phase.EVALUATE: (
        *(_HEADER_INDEX[f.heading] for f in F.EVALUATE_PROJECT_FIELDS),
        *range(len(HEADER_FIELDS)),
    ),
}

# --- the indicator grid ----------------------------------------------------------------------------

# The Word table's fields, then those kept by real systems and asked for by the 2021 guidance
# (上年指标值, 计算公式, 权重) and any declared later (model.fields).
_GRID_FIELDS = (*F.WORD_INDICATOR_FIELDS, *F.MORE_INDICATOR_FIELDS)
_BY_ATTR = {f.attr: f for f in F.INDICATOR_FIELDS}
# (heading, Indicator attribute, editor kind). A column's index never changes (undo steps and
# edit targets keep it), whether or not the extra columns are shown.
COLUMNS: tuple[tuple[str, str, str], ...] = tuple(
    (f.heading, f.attr, _CELL_EDITOR.get(f.kind, "text")) for f in _GRID_FIELDS
)
# The columns of the 运行监控表 and 绩效自评表 only, after the targets' (indexes kept as above).
ALL_COLUMNS: tuple[tuple[str, str, str], ...] = COLUMNS + tuple(
    (f.heading, f.attr, _CELL_EDITOR.get(f.kind, "text"))
    for f in F.INDICATOR_FIELDS
    if "target" not in f.phases
)
_COLUMN_INDEX = {attr: n for n, (_, attr, _) in enumerate(ALL_COLUMNS)}
# The columns of the later views: the indicator (一级/二级/三级) and its 年度指标值, then the
# table's own fields (F.MONITOR_INDICATOR_FIELDS, F.EVALUATE_INDICATOR_FIELDS).
_WHICH = tuple(_COLUMN_INDEX[a] for a in ("level1", "level2", "name", "value"))
LATER_VIEW_COLUMNS: dict[Phase, tuple[int, ...]] = {
    Phase.MONITOR: (*_WHICH, *(_COLUMN_INDEX[f.attr] for f in F.MONITOR_INDICATOR_FIELDS)),
    Phase.EVALUATE: (*_WHICH, *(_COLUMN_INDEX[f.attr] for f in F.EVALUATE_INDICATOR_FIELDS)),
}
# Headings of the later tables where they name a target column otherwise (财预〔2020〕10号).
LATER_HEADINGS = {"value": "年度指标值", "score_weight": "分值"}
# Column widths in the later views: (narrow screen, wide screen); None shares what is left.
_LATER_WIDTHS: dict[str, tuple[int | None, int | None]] = {
    "level1": (6, 10),
    "level2": (10, 14),
    "name": (14, None),
    "value": (12, 12),
    "actual_to_date": (12, 12),
    "forecast": (12, 12),
    "deviation_cause": (12, 12),
    "likelihood": (10, 10),
    "score_weight": (6, 6),
    "actual": (12, 12),
    "achievement": (8, 8),
    "score": (8, 8),
}
SCORE_ATTR = "score"  # 得分: computed for quantitative indicators, entered for 定性 and 时限
BLANK_CHOICE = "（不填）"  # the option that clears 偏差原因, 完成目标可能性 or 完成程度
# The rules' names for columns whose heading is shortened to fit.
RULE_FIELD = {f.heading: f.column for f in F.INDICATOR_FIELDS if f.heading != f.column}
RULE_FIELD.update({h: _BY_ATTR[a].column for a, h in LATER_HEADINGS.items()})
TABLE_FIELD = "绩效指标"  # project findings about the indicator table as a whole


def column_concerns(label: str, finding: Shown) -> bool:
    return finding.field is not None and finding.field in (label, RULE_FIELD.get(label))


BASE_COLUMNS = len(F.WORD_INDICATOR_FIELDS)  # the rest are shown by shows_extra_columns()


def shows_extra_columns(doc: Document, plain: dict[int, Project] | None = None) -> bool:
    """The columns outside the Word table (上年指标值, 计算公式, 权重 …) are shown for the 2021
    guidance, and whenever any indicator of the document has one of them filled: data that
    exists is never hidden.

    `plain` remembers the projects already found without them: projects are never changed in
    place (see session.py), so after an edit only the new project object is looked at again.
    """
    if doc.profile == Profile.GUIDANCE_2021:
        return True
    for project in doc.projects:
        if plain is not None and plain.get(id(project)) is project:
            continue
        if F.in_use(F.MORE_INDICATOR_FIELDS, project.indicators):
            return True
        if plain is not None:
            plain[id(project)] = project  # kept so that its id is not reused meanwhile
    return False


@lru_cache(maxsize=8192)
def _fitted(text: str, width: int, wide: bool) -> str:
    """cells.fit, remembered: an edit redraws the project's header and grid, and all but the
    edited cell show what they showed before (fitting a cell makes its text terminal-safe and
    measures it character by character: most of a commit's drawing time)."""
    return fit(text, width, wide)


def cell_value(ind: Indicator, attr: str) -> str:
    """The indicator's field as text (权重 as the number written)."""
    return _BY_ATTR[attr].text(ind)


def set_cell_value(ind: Indicator, attr: str, text: str) -> None:
    _BY_ATTR[attr].set_text(ind, text.strip())


def _short(name: str, narrow: bool) -> str:
    """产出指标 → 产出 on narrow screens (the category names all end in 指标)."""
    return name[:-2] if narrow and name.endswith("指标") and len(name) > 2 else name


def _sigs(rows: list[tuple[Text, ...]]) -> list[tuple[tuple[str, str], ...]]:
    return [tuple(cell_sig(t) for t in row) for row in rows]


class ProjectScreen(RowScreen):
    SCOPE = "project"
    SCREEN_NAME = "项目"
    BINDINGS = keys.bindings("project")

    def __init__(self, project_id: str) -> None:
        super().__init__()
        self.project_id = project_id
        self._widths: list[int] = []
        self._area = "grid"  # where the cursor is: "grid" or "fields" (kept while editing)
        self._field_rows: list = []  # what the header and the grid show now (to redraw less)
        self._field_width = 0
        self._grid_rendered: list = []
        # Once shown, the extra columns stay for the life of the screen, so that clearing the
        # last weight (or undoing it) does not pull the column from under the cursor.
        self._extra = False
        self._plain_projects: dict[int, Project] = {}  # see shows_extra_columns
        # What the grid and the header form show in the view drawn last: the ALL_COLUMNS index
        # of each grid column, the ALL_HEADER_FIELDS index of each header row.
        self._view = Phase.TARGET
        self._view_cols: tuple[int, ...] = tuple(range(BASE_COLUMNS))
        self._header_rows: tuple[int, ...] = VIEW_HEADER[Phase.TARGET]
        self._built: tuple = ()  # (view, widths) the grid's columns were made for

    # --- layout ------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield from self.compose_top()
        yield Grid(id="fields", cursor_type="row", show_header=False)
        # 监控 and 自评: 全年预算数, 执行数, 执行率, the project's 总分 and grade.
        yield FixedLine("", id="scoreline")
        yield Grid(id="grid", cursor_type="cell")
        yield DetailLine("", id="detail")
        yield Editor(id="editor")
        yield from self.compose_bottom()

    def on_mount(self) -> None:
        self._fit_height()
        self.query_one("#editor", Editor).display = False
        self.query_one("#scoreline", FixedLine).display = False
        grid = self.query_one("#grid", Grid)
        grid.show_row_labels = True
        fields = self.query_one("#fields", Grid)
        fields.add_column("字段", width=HEADER_LABEL_WIDTH, key="label")
        fields.add_column("内容", width=40, key="value")
        self.refresh_view()
        self._focus(grid if self.project.indicators else fields)

    def on_resize(self) -> None:
        self._fit_height()
        super().on_resize()

    def _fit_height(self) -> None:
        """Taller terminals show more: every header field (11 rows from 34 lines up, six at
        80×24); the indicator grid takes the rest."""
        height = self.size.height or 24
        header = min(len(self._header_rows), 6 + max(0, height - 24) // 2)
        self.query_one("#fields", Grid).styles.max_height = header
        # The detail pane keeps its height (that of the edit box, which takes its place): a
        # taller one made opening the editor redraw the grid (tests/tui/test_redraw.py).

    @property
    def project(self) -> Project:
        return self.doc.project(self.project_id)

    def title_text(self) -> str:
        n = next((i for i, p in enumerate(self.doc.projects, 1) if p.id == self.project_id), 0)
        p = self.project
        view = views.current(self.japp)
        table = "" if view is Phase.TARGET else f"{views.TABLE_NAME[view]} │ "
        return (
            f"绩效 │ {self.doc.key} │ {table}"
            f"项目 {n}/{len(self.doc.projects)} {p.name or '（未命名）'}"
        )

    @property
    def columns(self) -> tuple[tuple[str, str, str], ...]:
        """The columns the grid shows now: (label, attribute, editor kind) of ALL_COLUMNS."""
        return tuple(ALL_COLUMNS[n] for n in self._view_cols)

    def _choose_view(self) -> None:
        """The columns and header rows of the view the app shows now (views.current)."""
        view = views.current(self.japp)
        if view is Phase.TARGET:
            cols = tuple(range(len(COLUMNS) if self._extra else BASE_COLUMNS))
        else:
            cols = LATER_VIEW_COLUMNS[view]
        if (view, cols) != (self._view, self._view_cols):
            self._view, self._view_cols = view, cols
            self._header_rows = VIEW_HEADER[view]
            self._field_rows = []  # the header form is filled anew
            self._fit_height()
        self.query_one("#scoreline", FixedLine).display = view is not Phase.TARGET

    def column_at(self, position: int) -> int:
        """The ALL_COLUMNS index of the grid's column at `position`."""
        return self._view_cols[min(position, len(self._view_cols) - 1)]

    def heading(self, col: int) -> str:
        """A column's heading in this view (年度指标值 and 分值 in the later tables)."""
        label, attr, _ = ALL_COLUMNS[col]
        return LATER_HEADINGS.get(attr, label) if self._view is not Phase.TARGET else label

    def header_field(self, row: int) -> tuple[int, HeaderField]:
        """The ALL_HEADER_FIELDS index and field of the header form's row."""
        n = self._header_rows[min(row, len(self._header_rows) - 1)]
        return n, ALL_HEADER_FIELDS[n]

    def _grid_widths(self) -> list[int]:
        width = max(50, self.size.width - 2 - 4)  # scrollbar, row labels
        if self._view is not Phase.TARGET:
            # The later tables scroll sideways at 80×24, as the 2021 grid does.
            narrow = width < 110
            fixed = [
                _LATER_WIDTHS.get(a, (None, None))[0 if narrow else 1] for _, a, _ in self.columns
            ]
            return share_widths(width - 2 * len(fixed), fixed, minimum=10)
        narrow = width < (140 if self._extra else 100)
        roomy = width >= (180 if self._extra else 140)  # 160 columns and more
        fixed: list[int | None] = [
            6 if narrow else 10,
            10 if narrow else 16 if roomy else 14,  # 二级指标
            20 if roomy else 14,  # 三级指标
            None,
            16 if roomy else 12 if not narrow else 10,  # 指标值
            None,
        ]
        minimum = 8
        if self._extra:
            # 上年指标值, 计算公式, 权重. On a narrow screen the table grows wider than the
            # screen and scrolls sideways with the cursor (DataTable keeps the cell in view).
            fixed += [10, None, 6]
            minimum = 10
        return share_widths(width - 2 * len(fixed), fixed, minimum=minimum)

    def cell(self, text: str, width: int, style: str = "") -> Text:
        return Text(_fitted(text, width, self.japp.wide), style=style, no_wrap=True)

    def refresh_view(self) -> None:
        if not self.is_mounted:
            return
        self.mark_shown()
        try:
            project = self.project
        except KeyError:  # deleted (undo of an add, or from the list): back to the list
            self.app.pop_screen()
            return
        self.refresh_title()
        if not self._extra:
            if len(self._plain_projects) > 4 * len(self.doc.projects) + 100:
                self._plain_projects.clear()  # old versions of edited projects
            self._extra = shows_extra_columns(self.doc, self._plain_projects)
        self._choose_view()
        findings = self.japp.findings.for_project(self.doc, project)
        score = None if self._view is Phase.TARGET else scores.project_score(self.doc, project)
        self._fill_fields(project, findings)
        self._fill_scoreline(project, score)
        self._fill_grid(project, findings, score)
        self._show_detail()

    def _fill_scoreline(self, project: Project, score: scores.ProjectScore | None) -> None:
        """总分 88.5 良 │ 全年预算数 11.00 │ 全年执行数 10.50 │ 执行率 95.45% (in 监控: 截至当期
        执行数 and its rate; the 总分 is the 自评's, from the actuals entered so far)."""
        if score is None:
            return
        budget = project.full_year_budget
        if self._view is Phase.MONITOR:
            executed, label = project.executed_to_date, "截至当期执行数"
            rate = scores.execution_rate(executed, budget)
        else:
            executed, label, rate = project.executed, "全年执行数", score.execution_rate
        total = f"总分 {scores.number_text(score.total)} {scores.grade_text(self.doc, score)}" + (
            "" if score.complete else "（未填完）"
        )
        parts = [
            total,  # first: never cut off
            f"全年预算数 {amount_text(budget) or '（空）'}",
            f"{label} {amount_text(executed) or '（空）'}",
            f"执行率 {scores.percent_text(rate) or '—'}",
        ]
        line = Text(fit(" │ ".join(parts), max(10, self.size.width - 2), self.japp.wide))
        line.stylize("bold", 0, len(total))
        self.query_one("#scoreline", FixedLine).update(line)

    def _fill_fields(self, project: Project, findings: list[Shown]) -> None:
        fields = self.query_one("#fields", Grid)
        value_width = max(20, self.size.width - HEADER_LABEL_WIDTH - 4 - 2)
        project_level = [f for f in findings if f.indicator_id is None]
        rows = []
        percent = self.doc.plan_unit is PlanUnit.PERCENT
        for n in self._header_rows:
            field = ALL_HEADER_FIELDS[n]
            marks = [f for f in project_level if field.concerns(f)]
            label = Text(
                fit(field.screen_label, HEADER_LABEL_WIDTH, self.japp.wide),
                style="bold red" if marks else "bold",
            )
            value = field.get(project)
            if not value and field.label == "全年预算数" and project.budget is not None:
                value = f"（未填，按预算数 {amount_text(project.budget)} 计）"
            if percent and value and field.rule_field == F.PLAN_LABEL:
                value += "%"  # the document fills in cumulative percentages (资金支出计划单位)
            rows.append((label, self.cell(value, value_width)))
        if _sigs(rows) == _sigs(self._field_rows) and value_width == self._field_width:
            return  # an edit in the grid: the header is unchanged, leave it be
        self._field_rows, self._field_width = rows, value_width
        row = fields.cursor_row
        fields.columns["value"].width = value_width  # type: ignore[index]
        fields.clear()
        for label, value in rows:
            fields.add_row(label, value)
        fields.move_cursor(row=min(row, len(self._header_rows) - 1), animate=False)

    def _grid_rows(
        self,
        project: Project,
        findings: list[Shown],
        widths: list[int],
        score: scores.ProjectScore | None = None,
    ) -> list:
        narrow = widths[0] < 10
        marks = MARK_SAFE if self.japp.wide else MARK
        previous_level1 = None
        rows = []
        for n, ind in enumerate(project.indicators, 1):
            own = for_indicator(findings, ind.id)
            mark = marks[own[0].severity] if own else " "
            style = (
                {"error": "bold red", "warning": "yellow"}.get(own[0].severity, "") if own else ""
            )
            level1 = _short(ind.level1, narrow)
            level1_cell = self.cell(
                level1, widths[0], "dim" if ind.level1 == previous_level1 else ""
            )
            previous_level1 = ind.level1
            cells = [level1_cell, self.cell(_short(ind.level2, narrow), widths[1])]
            concerned = {f.field for f in own if f.field is not None}  # as column_concerns
            for col, (label, attr, _) in enumerate(self.columns[2:], 2):
                bad = bool(concerned) and (label in concerned or RULE_FIELD.get(label) in concerned)
                text, computed = self._shown_value(ind, attr, score)
                look = "red" if bad else "cyan" if computed else ""
                cells.append(self.cell(text, widths[col], look))
            if ind.id in self.japp.marked:  # a colleague changed it just now
                style = CHANGED_STYLE
                for cell in cells:
                    cell.style = CHANGED_STYLE
            rows.append((ind.id, Text(f"{n}{mark}", style=style), cells))
        return rows

    @staticmethod
    def _shown_value(
        ind: Indicator, attr: str, score: scores.ProjectScore | None
    ) -> tuple[str, bool]:
        """A cell's text, and whether it is computed (the 得分 of a quantitative indicator, the
        分值 left blank)."""
        if attr == SCORE_ATTR and score is not None:
            found = scores.indicator_score(score, ind.id)
            if found is not None and scores.is_computed(ind):
                return scores.number_text(found.score), True
        if attr == "score_weight" and score is not None and ind.score_weight is None:
            found = scores.indicator_score(
                score, ind.id
            )  # a blank 分值: the share of its 一级 weight
            if found is not None:
                return scores.number_text(found.weight), True
        return cell_value(ind, attr), False

    def _fill_grid(
        self, project: Project, findings: list[Shown], score: scores.ProjectScore | None = None
    ) -> None:
        grid = self.query_one("#grid", Grid)
        widths = self._grid_widths()
        rows = self._grid_rows(project, findings, widths, score)
        built = (self._view, tuple(widths))
        old = self._grid_rendered
        self._grid_rendered = rows
        same_rows = [(k, cell_sig(label)) for k, label, _ in rows] == [
            (k, cell_sig(label)) for k, label, _ in old
        ]
        if built == self._built and same_rows:
            # Same rows and marks (a cell edit): update only the cells that changed.
            grid.update_changed([(k, c) for k, _, c in rows], [(k, c) for k, _, c in old])
            return
        keep = grid.cursor_coordinate
        if built != self._built:
            grid.clear(columns=True)
            for col, w in zip(self._view_cols, widths, strict=True):
                name = ALL_COLUMNS[col][0]
                shown = _short(self.heading(col), w < 8)
                grid.add_column(fit(shown, w, self.japp.wide), width=w, key=name)
            self._widths, self._built = widths, built
        else:
            grid.clear()
        # DataTable forgets that the rows have labels until it measures them again; a row
        # drawn in between is cached without its label, and after a resize (new widths) the
        # label column stayed 0 wide. Every row here has a label.
        grid._labelled_row_exists = True
        for key, label, cells in rows:
            grid.add_row(*cells, key=key, label=label)
        if project.indicators:
            row = min(keep.row, len(project.indicators) - 1)
            grid.move_cursor(row=row, column=keep.column, animate=False)

    # --- what is focused ----------------------------------------------------------------------
    @property
    def in_grid(self) -> bool:
        return self._area == "grid"

    def _focus(self, table: Grid) -> None:
        # Focus events arrive later; an action that focuses and then acts (o from the header
        # fields, say) must already know which area it is in.
        table.focus()
        self._area = "grid" if table.id == "grid" else "fields"

    def _indicator(self) -> Indicator | None:
        grid = self.query_one("#grid", Grid)
        inds = self.project.indicators
        if not inds or grid.cursor_row >= len(inds):
            return None
        return inds[grid.cursor_row]

    def _show_detail(self) -> None:
        detail = self.query_one("#detail", DetailLine)
        project = self.project
        findings = self.japp.findings.for_project(self.doc, project)
        wide = self.japp.wide
        lines: list[str] = []
        table = [
            self._finding_line(f)
            for f in findings
            if f.indicator_id is None and f.field == TABLE_FIELD
        ]
        if self.in_grid:
            ind = self._indicator()
            if ind is None:
                lines.append("本项目还没有指标：按 o 新增一行")
                lines += table
            else:
                col = self.column_at(self.query_one("#grid", Grid).cursor_column)
                label, attr, kind = ALL_COLUMNS[col]
                text = cell_value(ind, attr)
                # The later tables' columns by their whole names (当期完成值 → 截至当期实际完成值).
                name = _BY_ATTR[attr].column if col >= len(COLUMNS) else self.heading(col)
                line = f"{name}：{text or '（空）'}"
                if attr == SCORE_ATTR and self._view is Phase.EVALUATE:
                    line = self._score_detail(project, ind)
                elif attr == "score_weight" and self._view is Phase.EVALUATE and not text:
                    found = scores.indicator_score(scores.project_score(self.doc, project), ind.id)
                    share = scores.number_text(found.weight) if found is not None else ""
                    line = f"{name}：（未填，按一级指标的分值均分计 {share}）"
                elif kind == "value" and col >= len(COLUMNS):
                    if text:  # 实际完成值 …: what it earns against the 指标值
                        line += f"　〔{compare(ind.value, text).note}〕"
                elif kind == "value" and (text or attr == "value"):
                    line += f"　〔{describe_value(text)}〕"
                lines.append(line)
                own = for_indicator(findings, ind.id)
                # The cell's own findings first, then the row's, then the whole table's.
                own.sort(key=lambda f: not column_concerns(label, f))
                lines += [self._finding_line(f) for f in own] + table
        else:
            _, field = self.header_field(self.query_one("#fields", Grid).cursor_row)
            lines.append(f"{field.full_name}：{field.get(project) or '（空）'}")
            lines += [
                self._finding_line(f)
                for f in findings
                if f.indicator_id is None and (f.field is None or field.concerns(f))
            ]
        detail.update(safe_text("\n".join(lines), wide))

    def _score_detail(self, project: Project, ind: Indicator) -> str:
        """得分 and how it was found: computed from 实际完成值 for a quantitative indicator,
        entered by the clerk for 定性 and 时限 ones."""
        found = scores.indicator_score(scores.project_score(self.doc, project), ind.id)
        weight = f"分值 {scores.number_text(found.weight)}" if found is not None else ""
        if found is not None and scores.is_computed(ind):
            how = compare(ind.value, ind.actual).note
            shown = scores.number_text(found.score) or "（未算出）"
            return f"得分：{shown}（自动计算，{weight}；{how}）"
        entered = cell_value(ind, SCORE_ATTR) or "（空）"
        return f"得分：{entered}（{compare(ind.value, '').note}；{weight}）"

    def _detail_findings(self) -> tuple[list[Shown], Any]:
        """The findings the detail line lists, in its order, and the cursor's place (for undo)."""
        project = self.project
        findings = self.japp.findings.for_project(self.doc, project)
        table = [f for f in findings if f.indicator_id is None and f.field == TABLE_FIELD]
        if self.in_grid:
            ind = self._indicator()
            if ind is None:
                return table, None
            col = self.column_at(self.query_one("#grid", Grid).cursor_column)
            label = ALL_COLUMNS[col][0]
            own = for_indicator(findings, ind.id)
            own.sort(key=lambda f: not column_concerns(label, f))
            return own + table, ("ind", ind.id, col)
        row, field = self.header_field(self.query_one("#fields", Grid).cursor_row)
        own = [
            f for f in findings if f.indicator_id is None and (f.field is None or field.concerns(f))
        ]
        return own, ("field", row)

    def action_dismiss(self) -> None:
        """已核实 for the first finding the detail line shows."""
        from .problems import dismiss_finding

        found, where = self._detail_findings()
        if not found:
            self.japp.message = "光标处没有问题"
            self.japp.refresh_status()
            return
        f = found[0]
        n = next((i for i, p in enumerate(self.doc.projects, 1) if p.id == self.project_id), 0)
        place = f"项目{n}" + (f" 第{f.row}行" if f.row else "")
        dismiss_finding(self.japp, f, place, undo_where=where)

    def action_fix(self) -> None:
        """The quick fix of the first finding the detail line shows that has one."""
        from model.rules import has_fix

        from .problems import fix_finding

        found, where = self._detail_findings()
        fixable = [f for f in found if has_fix(f.rule)]
        if not found:
            self.japp.message = "光标处没有问题"
            self.japp.refresh_status()
            return
        fix_finding(self.japp, (fixable or found)[0], where)

    def _finding_line(self, f: Shown) -> str:
        # No ASCII spaces: the detail line wraps Chinese anywhere, but would break at a space.
        marks = MARK_SAFE if self.japp.wide else MARK
        where = f"【{f.field}】" if f.field else "："
        return f"{marks.get(f.severity, '·')}{SEVERITY_NAME.get(f.severity, '')}{where}{f.message}"

    def cursor_moved(self, grid: Grid) -> None:
        if self.is_mounted:
            self._show_detail()

    def select_at_cursor(self, grid: Grid) -> None:
        self.action_edit()

    def on_descendant_focus(self, event: Any) -> None:
        super().on_descendant_focus(event)
        if isinstance(event.widget, Grid):
            self._area = "grid" if event.widget.id == "grid" else "fields"
        self._show_detail()

    # --- moving -------------------------------------------------------------------------------
    def action_next_field(self) -> None:
        self._step(1)

    def action_prev_field(self) -> None:
        self._step(-1)

    def _step(self, delta: int) -> None:
        fields = self.query_one("#fields", Grid)
        grid = self.query_one("#grid", Grid)
        rows = len(self.project.indicators)
        if self.focused is grid and rows:
            width = len(self.columns)
            pos = grid.cursor_row * width + grid.cursor_column + delta
            if pos < 0:
                self._focus(fields)
                fields.move_cursor(row=len(self._header_rows) - 1, animate=False)
                return
            pos = min(pos, rows * width - 1)
            grid.move_cursor(row=pos // width, column=pos % width, animate=False)
            return
        row = fields.cursor_row + delta
        if row >= len(self._header_rows) and rows:
            self._focus(grid)
            grid.move_cursor(row=0, column=0, animate=False)
        elif 0 <= row < len(self._header_rows):
            fields.move_cursor(row=row, animate=False)
        if self.focused not in (fields, grid):
            self._focus(fields)

    def action_switch_area(self) -> None:
        fields = self.query_one("#fields", Grid)
        grid = self.query_one("#grid", Grid)
        self._focus(fields if self.focused is grid else grid)

    def action_back(self) -> None:
        self.app.pop_screen()

    def _go_project(self, delta: int) -> None:
        ids = [p.id for p in self.doc.projects]
        n = ids.index(self.project_id) + delta
        if 0 <= n < len(ids):
            self.project_id = ids[n]
            self.refresh_view()
            self.japp.refresh_status()

    def action_prev_project(self) -> None:
        self._go_project(-1)

    def action_next_project(self) -> None:
        self._go_project(1)

    def restore_cursor(self, where: Any) -> None:
        if not isinstance(where, tuple) or all(p.id != self.project_id for p in self.doc.projects):
            return
        # A place the view does not show (an undone 实际完成值 seen from the targets, a finding
        # on 偏差原因 …): the view that shows it, so that the change is in sight.
        view = self._view_showing(where)
        if view is not None:
            views.choose(self.japp, view)
        self.refresh_view()  # first: the row an undone delete brings back gets the cursor
        if where[0] == "field":
            row = self._header_rows.index(where[1]) if where[1] in self._header_rows else 0
            self._focus(self.query_one("#fields", Grid))
            self.query_one("#fields", Grid).move_cursor(row=row, animate=False)
        elif where[0] == "ind":
            _, ind_id, col = where
            ids = [i.id for i in self.project.indicators]
            if ind_id in ids:
                grid = self.query_one("#grid", Grid)
                self._focus(grid)
                if col in self._view_cols:
                    col = self._view_cols.index(col)
                col = min(col, len(self.columns) - 1)
                grid.move_cursor(row=ids.index(ind_id), column=col, animate=False)

    def _view_showing(self, where: tuple) -> Phase | None:
        """The view to switch to for the cursor place `where`; None: the current one shows it."""
        if where[0] == "field" and where[1] not in self._header_rows:
            return next((v for v, rows in VIEW_HEADER.items() if where[1] in rows), None)
        if where[0] == "ind" and where[2] not in self._view_cols:
            if where[2] < len(COLUMNS):
                return Phase.TARGET
            return next((v for v, cols in LATER_VIEW_COLUMNS.items() if where[2] in cols), None)
        return None

    def action_switch_view(self) -> None:
        """目标 → 监控 → 自评: the grid shows the targets, the 运行监控表 or the 绩效自评表 (and the
        header form that table's project fields); the cursor stays on its indicator."""
        grid = self.query_one("#grid", Grid)
        col = self.column_at(grid.cursor_column)
        view = views.next_view(self.japp)
        self.refresh_view()
        if col in self._view_cols:
            position = self._view_cols.index(col)
        else:  # the first column of the table's own (after 一级/二级/三级/指标值)
            position = min(len(_WHICH), len(self._view_cols) - 1)
        if self.project.indicators:
            grid.move_cursor(row=grid.cursor_row, column=position, animate=False)
        self.japp.message = views.switched_message(self.japp, view)
        self.japp.refresh_status()
        self.refresh_keys()

    def footer_quiet(self) -> tuple[str, ...]:
        return ("edit.view",) if views.quiet_footer(self.japp) else ()

    # --- editing ------------------------------------------------------------------------------
    def action_edit(self) -> None:
        editor = self.query_one("#editor", Editor)
        if editor.active:
            return
        project = self.project
        if self.in_grid:
            ind = self._indicator()
            if ind is None:
                return
            col = self.column_at(self.query_one("#grid", Grid).cursor_column)
            label, attr, kind = ALL_COLUMNS[col]
            target = ("ind", ind.id, col)
            if attr == SCORE_ATTR and scores.is_computed(ind):
                self.japp.message = (
                    "定量指标的得分按实际完成值自动计算，不能直接填写；请修改实际完成值"
                    if ind.value.strip()
                    else "指标值为空，无法计算得分；请先填写指标值"
                )
                self.japp.refresh_status()
                self.app.bell()
                return
            if kind == "choice":
                self._choose(ind, attr, target)
                return
            request = EditRequest(self.heading(col), cell_value(ind, attr), kind, target=target)
            library = self.japp.library
            checker = None
            if attr == "name":
                request.suggestions = library.name_suggestions()
            elif kind == "value" and _BY_ATTR[attr].phases == ("target",):  # 指标值, 上年指标值
                request.suggestions = library.value_suggestions(ind.name)
                usual = library.usual_values(ind.name)
                if usual:
                    request.hint = "常用值：" + "、".join(usual)
                if attr == "value":
                    checker = self._value_checker(ind.id)
            elif kind == "value":  # 实际完成值 …: compared with the 指标值 as you type
                request.hint = f"指标值：{ind.value or '（空）'}"
                if attr == "actual":
                    checker = self._actual_checker(ind)
            elif attr == SCORE_ATTR:  # a 定性 or 时限 indicator's 得分, as the clerk judges it
                checker = self._score_checker(ind)
                found = scores.indicator_score(scores.project_score(self.doc, self.project), ind.id)
                weight = (found.weight if found is not None else None) or Decimal(0)
                request.hint = scores.band_text(ind.achievement, weight)
            editor.open(request, checker)
        else:
            row, field = self.header_field(self.query_one("#fields", Grid).cursor_row)
            editor.open(
                EditRequest(field.full_name, field.get(project), field.kind, target=("field", row))
            )

    def _score_checker(self, ind: Indicator) -> Callable[[str], str]:
        """An entered 得分 above its 分值 or outside its 完成程度's band, said as you type (the
        rules report it too; the editor does not refuse it)."""
        found = scores.indicator_score(scores.project_score(self.doc, self.project), ind.id)
        weight = (found.weight if found is not None else None) or Decimal(0)
        achievement = ind.achievement

        def check(text: str) -> str:
            return scores.score_note(text, achievement, weight) if text.strip() else ""

        return check

    def _actual_checker(self, ind: Indicator) -> Callable[[str], str]:
        """What an 实际完成值 earns against the 指标值, as you type (model.attainment)."""
        target = ind.value

        def check(text: str) -> str:
            if not text.strip():
                return ""
            return compare(target, text).note

        return check

    def _value_checker(self, indicator_id: str) -> Callable[[str], str]:
        """Live check of a 指标值 in its row: the rules' findings for that cell, as you type."""

        def check(text: str) -> str:
            project = self.project
            if project.indicator(indicator_id).value == text:
                findings = self.japp.findings.for_project(self.doc, project)  # known already
            else:
                trial = copy.deepcopy(project)
                trial.indicator(indicator_id).value = text
                findings = self.japp.findings.trial(self.doc, trial)
            found = [
                f
                for f in findings
                if f.indicator_id == indicator_id and f.field in ("指标值", None)
            ]
            return "；".join(f.message for f in found[:2])

        return check

    def _choose(self, ind: Indicator, attr: str, target: tuple) -> None:
        from .dialogs import ChoiceScreen

        field = _BY_ATTR[attr]
        if field.choice is not None:  # 偏差原因, 完成目标可能性, 完成程度: their words
            self._choose_word(ind, field, target)
            return
        framework = allowed(self.doc.profile, allow_sustainable=self.doc.allow_sustainable)
        if attr == "level1":
            options = list(framework)
            title = "选择一级指标"
        else:
            level1 = canonical(ind.level1)
            options = framework.get(level1) or [n for names in framework.values() for n in names]
            title = f"选择二级指标（{ind.level1 or '一级指标未填'}）"
        current = getattr(ind, attr)

        def chosen(value: str | None) -> None:
            if value is not None and value != current:
                self.commit(target, value)

        self.app.push_screen(ChoiceScreen(title, options, current), chosen)

    def _choose_word(self, ind: Indicator, field: F.Field, target: tuple) -> None:
        """One of a CHOICE field's words from a list; （不填） clears a field that may be blank."""
        from .dialogs import ChoiceScreen

        options = [str(c.label) for c in field.choice]
        if field.blank_ok:
            options.append(BLANK_CHOICE)
        stored = field.text(ind)

        def chosen(value: str | None) -> None:
            value = "" if value == BLANK_CHOICE else value
            if value is not None and value != stored:
                self.commit(target, value)

        # A blank cell opens on the first word (the list starts there), not on （不填）.
        current = stored or options[0]
        self.app.push_screen(ChoiceScreen(f"选择{field.column}", options, current), chosen)

    def editor_done(self, event: Editor.Done) -> None:
        target = event.request.target
        if event.value is not None and event.value != event.request.value:
            self.commit(target, event.value)
        if target[0] == "field":
            self._focus(self.query_one("#fields", Grid))
        else:
            self._focus(self.query_one("#grid", Grid))
        self._show_detail()

    def commit(self, target: tuple, value: str) -> None:
        """Write one committed value into the project: one undo step, saved in the background."""
        start = time.perf_counter()
        session = self.japp.session
        if target[0] == "field":
            field = ALL_HEADER_FIELDS[target[1]]
            decimals = F.amount_decimals(self.doc)
            session.edit_project(
                self.project_id,
                lambda p: field.set(p, value, decimals),
                f"修改{field.label}",
                target,
            )
            message = f"已修改{field.label}"
        else:
            _, ind_id, col = target
            label, attr, _ = ALL_COLUMNS[col]
            session.edit_project(
                self.project_id,
                lambda p: set_cell_value(p.indicator(ind_id), attr, value),
                f"修改{label}",
                target,
            )
            message = f"已修改{label}"
            if attr in ("name", "value"):
                ind = self.project.indicator(ind_id)
                self.japp.library.note(ind.name, ind.value if attr == "value" else "")
            if attr == "level1":
                message += self._level2_note(ind_id)
        self.japp.edited(message)
        self.japp.last_edit_ms = (time.perf_counter() - start) * 1000

    def _level2_note(self, ind_id: str) -> str:
        ind = self.project.indicator(ind_id)
        framework = allowed(self.doc.profile, allow_sustainable=self.doc.allow_sustainable)
        names = framework.get(canonical(ind.level1), [])
        if ind.level2 and canonical(ind.level2) not in names:
            return f"；二级指标“{ind.level2}”不属于{ind.level1}，请重选"
        return ""

    # --- rows (o/O, d, J/K, p: see rows.py) -------------------------------------------------
    def row_list(self) -> RowList[Indicator]:
        """The indicators; from the header fields, o/O add a row next to the grid's cursor."""
        grid = self.query_one("#grid", Grid)
        current = self._indicator()
        project_id = self.project_id
        session = self.japp.session
        if not self.in_grid:
            where: Any = ("field", self.header_field(self.query_one("#fields", Grid).cursor_row)[0])
        else:
            where = ("ind", current.id, self.column_at(grid.cursor_column)) if current else None

        def put(indicators: list[Indicator], label: str, where: Any) -> None:
            session.edit_project(
                project_id, lambda p: setattr(p, "indicators", indicators), label, where
            )

        def open_new(row: int) -> None:
            self._focus(grid)
            grid.move_cursor(row=row, column=2, animate=False)  # 三级指标
            self.action_edit()

        return RowList(
            get=lambda doc: doc.project(project_id).indicators,
            put=put,
            index=None if current is None else grid.cursor_row,
            where=where,
            words=INDICATOR_WORDS,
            # A new row is under the same categories as the one it is added to.
            blank=lambda: Indicator(
                level1=current.level1 if current else "", level2=current.level2 if current else ""
            ),
            show=lambda row: grid.move_cursor(row=row, animate=False),
            open=open_new,
            on_row=self.in_grid,
        )

    def cursor_coordinate(self) -> Coordinate:
        return self.query_one("#grid", Grid).cursor_coordinate


INDICATOR_WORDS: RowWords[Indicator] = RowWords(
    noun="指标",
    added="已新增指标行",
    copied="已复制指标行",
    moved="已移动指标行",
    deleting=lambda ind, n: (
        f"删除第 {n + 1} 行指标“{ind.name or '（未命名）'}”？",
        "删除指标",
        f"已删除指标：{ind.name}",
    ),
)
