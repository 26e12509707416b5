"""The tables of the later phases as Word: 运行监控 and 绩效自评, per project and in summary.

- 项目支出绩效目标执行监控表 (财预〔2019〕136号 附件), `--table monitor`: per project on a page of
  its own, the title and （YYYY年度）, the header table (项目名称 and 项目编码, 主管部门及代码 and
  实施单位, 项目资金 with 年初预算数 / 全年预算数 / 截至当期执行数 / 执行率, 年度总体目标 with
  年初设定目标 / 实际完成情况), then the indicator grid (layouts.LAYOUT_MONITOR).
- 项目支出绩效自评表 (财预〔2020〕10号 附件), `--table evaluate`: the same header with 全年执行数 /
  分值 / 执行率 / 得分 (the 预算执行率 line) and 预期目标 / 实际完成情况, the grid
  (layouts.LAYOUT_EVALUATE) and a 总分 row: 100, the project's 总分 and 自评等级.
- 项目支出绩效自评汇总表, `--table evaluate-summary`: every project's 全年预算数, 全年执行数, 执行率,
  总分 and 等级, and the unit's average 总分 and its grade.

The official forms have no 项目编码; it is written beside 项目名称 so that a table read back
(projects.py) lands on its project. 执行率 is computed (执行数 / 全年预算数, a percentage to 2
decimals, half-up) and never read back. In the 自评表 the 分值 and 得分 are the computed ones
(model.scoring.score_project, as `jixiao score` shows them); a 定性/时限 indicator's 得分 is the clerk's, with its 完成程度 on the line
beneath it (“18” / “达成”), which is how the reader takes both back. Read back, a 监控表 or
自评表 is merged into the stored document: only the fields it shows (phase_reader.py).
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from model import Document, Indicator, JixiaoError, Project, format_amount
from model.attainment import Outcome
from model.scoring import (
    ProjectScore,
    execution_rate,
    points_text,
    rate_percent,
    score_document,
    score_project,
)

from ..base import WORD_TABLES, ExportOptions, select_projects, word_table_named
from . import write_xml as x
from .layouts import (
    LAYOUT_EVALUATE,
    PHASE_LAYOUTS,
    SCORE_HEADER,
    WEIGHT_HEADER,
    Layout,
    LayoutColumn,
)
from .properties import document_settings, write_custom_properties
from .write_style import StyleIds, WordStyle, open_base, set_orientation, set_properties, text_width
from .write_table import indicator_table, table_grid

MONITOR_TITLE = WORD_TABLES["monitor"]
EVALUATE_TITLE = WORD_TABLES["evaluate"]
SUMMARY_TITLE = WORD_TABLES["evaluate-summary"]

# The header table's labels.
LABEL_NAME, LABEL_CODE = "项目名称", "项目编码"
LABEL_DEPT_MONITOR, LABEL_DEPT_EVALUATE, LABEL_UNIT = "主管部门及代码", "主管部门", "实施单位"
LABEL_BEGIN_BUDGET, LABEL_RATE = "年初预算数", "执行率"
LABEL_TOTAL_FUNDS, LABEL_FISCAL, LABEL_OTHER = "年度资金总额", "其中：财政拨款", "其他资金"
LABEL_GOAL = "年度总体目标"
LABEL_GOAL_MONITOR, LABEL_GOAL_EVALUATE = "年初设定目标", "预期目标"
LABEL_COMPLETION = "实际完成情况"
LABEL_TOTAL = "总分"
LABEL_GRADE = "自评等级"

COMPACT_ROW = 340  # twips (0.6 cm): the later tables' least row height (compact_rows)

# The header table's grid, in proportion (scaled to the page).
_MONITOR_SHARES = (5, 7, 6, 6, 6, 5)
_EVALUATE_SHARES = (5, 7, 5, 5, 5, 3, 5, 4)


number_text = points_text


def rate_text(done: Decimal | None, budget: Decimal | None) -> str:
    """执行率 as a percentage to 2 decimals, half-up: 45.83%; blank without both amounts."""
    percent = rate_percent(execution_rate(done, budget))
    return "" if percent is None else f"{percent}%"


def year_text(doc: Document) -> str:
    return f"（{doc.year}年度）" if doc.year else "（    年度）"


def dept_text(doc: Document) -> str:
    """主管部门（及代码）: 名称（编码）."""
    if doc.dept_code and doc.dept_name:
        return f"{doc.dept_name}（{doc.dept_code}）"
    return doc.dept_name or doc.dept_code


def write(doc: Document, *, options: ExportOptions, style: WordStyle | None = None) -> bytes:
    """The .docx of a later phase's table (options.word_table), for every project or those of
    options.projects."""
    table = word_table_named(options.word_table)
    if table == "target":
        raise JixiaoError("绩效目标表由 exporters.docx.writer 写出")  # not reached from the CLI
    style = style or WordStyle()
    selected = select_projects(doc, options.projects)
    if not selected.projects:
        raise JixiaoError(f"文档 {doc.key} 没有项目，无法导出{WORD_TABLES[table]}")
    document, ids = open_base(options.template, style)
    layout = PHASE_LAYOUTS.get(table)
    # The 监控表 and 自评表 are portrait, as the official forms (a project per page); the
    # 汇总表's eight columns (a 项目编码 and a name each) want the width of landscape.
    landscape = layout.landscape if layout is not None else True
    orientation = options.orientation or ("landscape" if landscape else "portrait")
    if orientation not in ("portrait", "landscape"):
        raise JixiaoError(f"页面方向 {orientation} 无效：请选 portrait（纵向）或 landscape（横向）")
    set_orientation(document, landscape=orientation == "landscape")
    writer = _PhaseWriter(doc, ids, style, text_width(document))
    if layout is None:
        body = writer.summary(selected.projects)
    else:
        body = writer.tables(layout, selected.projects)
    year = f"{doc.year}年" if doc.year else ""
    set_properties(document, f"{doc.dept_name}{year}{WORD_TABLES[table]}")
    write_custom_properties(document, document_settings(doc))
    from .writer import save

    return save(document, body + writer.end())


class _PhaseWriter:
    def __init__(self, doc: Document, ids: StyleIds, style: WordStyle, width: int) -> None:
        self.doc = doc
        self.ids = ids
        self.width = width
        self.em = style.table_size * 20

    # --- pieces ---------------------------------------------------------------------------
    def text(self, text: str, *, bold: bool = False, align: str | None = None) -> str:
        return x.paragraphs(text, self.ids.table_text, bold=bold, align=align)

    def label(self, text: str, width: int, **kw) -> str:
        return x.cell(self.text(text, bold=True), width, **kw)

    def value(self, text: str, width: int, *, align: str | None = None, **kw) -> str:
        return x.cell(self.text(text, align=align), width, **kw)

    def title(self, title: str, *, page_break: bool) -> str:
        ids = self.ids
        return x.paragraph(
            title, ids.heading1, align="center", page_break_before=page_break
        ) + x.paragraph(year_text(self.doc), ids.normal, align="center")

    @staticmethod
    def compact_rows(tables_xml: str) -> str:
        """Rows at least COMPACT_ROW high instead of the targets' 0.75 cm: a 监控表 or 自评表
        holds the header rows and the grid on one page, and at the sample's height a project
        of a dozen indicators spilled its last row onto a page of its own."""
        return tables_xml.replace(
            f'<w:trHeight w:val="{x.ROW_HEIGHT}"', f'<w:trHeight w:val="{COMPACT_ROW}"'
        )

    def end(self) -> str:
        """A hairline paragraph after the last table (Word wants one), off the line grid: a
        grid line would push a table that nearly fills the page into an empty second page."""
        return (
            f'<w:p><w:pPr><w:pStyle w:val="{self.ids.table_text}"/><w:snapToGrid w:val="0"/>'
            '<w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'
            '<w:rPr><w:sz w:val="2"/></w:rPr></w:pPr></w:p>'
        )

    # --- the per-project tables -------------------------------------------------------------
    def tables(self, layout: Layout, projects: list[Project]) -> str:
        evaluate = layout is LAYOUT_EVALUATE
        scores = {id(p): _scores(self.doc, p) for p in projects} if evaluate else {}

        columns = list(layout.columns)

        def cell_text(project: Project):
            score = scores.get(id(project))

            def text(column: LayoutColumn, ind: Indicator) -> str:
                return _cell(column, ind, score)

            return text

        # One grid for every project's indicator table, fitted to all their texts.
        grid = _grid(projects, layout, self.width, self.em, scores)
        parts: list[str] = []
        for k, project in enumerate(projects):
            title = EVALUATE_TITLE if evaluate else MONITOR_TITLE
            parts.append(self.title(title, page_break=k > 0))
            score = scores.get(id(project))
            parts.append(self.compact_rows(self.header(project, score)))
            parts.append(x.paragraph("", self.ids.table_text))
            tail = self.total_row(score, grid) if score is not None else ""
            grid_xml = indicator_table(
                project, columns, self.text, grid, self.em, text=cell_text(project), tail=tail
            )
            parts.append(self.compact_rows(grid_xml))
        return "".join(parts)

    def header(self, project: Project, score: ProjectScore | None) -> str:
        doc, evaluate = self.doc, score is not None
        g = x.scale_widths(list(_EVALUATE_SHARES if evaluate else _MONITOR_SHARES), self.width)
        n = len(g)
        amount = format_amount

        def span(a: int, b: int) -> int:
            return sum(g[a:b])

        rows: list[str] = []
        # 项目名称 | name … | 项目编码 | code (a 21-character code: 2 or 3 columns)
        wide = 3 if evaluate else 2
        rows.append(
            self.label(LABEL_NAME, g[0])
            + self.value(project.name, span(1, n - wide - 1), span=n - wide - 2)
            + self.label(LABEL_CODE, g[n - wide - 1])
            + self.value(project.code, span(n - wide, n), span=wide)
        )
        half = (n - 2) // 2 + 1  # 主管部门 … | 实施单位 | …
        rows.append(
            self.label(LABEL_DEPT_EVALUATE if evaluate else LABEL_DEPT_MONITOR, g[0])
            + self.value(dept_text(doc), span(1, half), span=half - 1)
            + self.label(LABEL_UNIT, g[half])
            + self.value(doc.dept_name, span(half + 1, n), span=n - half - 1)
        )
        funds_label = f"项目资金（{doc.money_unit or '万元'}）"
        budget = project.full_year_budget
        if evaluate:
            assert score is not None
            heads = [LABEL_BEGIN_BUDGET, "全年预算数", "全年执行数", WEIGHT_HEADER]
            heads += [LABEL_RATE, SCORE_HEADER]
            total = [
                amount(project.budget),
                amount(project.annual_budget if project.annual_budget is not None else budget),
                amount(project.executed),
                number_text(score.execution_weight),
                rate_text(project.executed, budget),
                number_text(score.execution_score),
            ]
        else:
            heads = [LABEL_BEGIN_BUDGET, "全年预算数", "截至当期执行数", LABEL_RATE]
            total = [
                amount(project.budget),
                amount(project.annual_budget if project.annual_budget is not None else budget),
                amount(project.executed_to_date),
                rate_text(project.executed_to_date, budget),
            ]
        rows.append(
            self.label(funds_label, g[0], vmerge="restart")
            + x.cell("", g[1])
            + "".join(self.label(h, w) for h, w in zip(heads, g[2:], strict=True))
        )
        funds = [(LABEL_TOTAL_FUNDS, total)]
        # 执行数 per source are not in the model: only the 年初预算数 is written.
        blanks = [""] * (len(heads) - 1)
        if project.fiscal is not None:
            funds.append((LABEL_FISCAL, [amount(project.fiscal), *blanks]))
        if project.other is not None:
            funds.append((LABEL_OTHER, [amount(project.other), *blanks]))
        for name, values in funds:
            rows.append(
                x.cell("", g[0], vmerge="continue")
                + self.label(name, g[1])
                + "".join(self.value(v, w) for v, w in zip(values, g[2:], strict=True))
            )
        goal_label = LABEL_GOAL_EVALUATE if evaluate else LABEL_GOAL_MONITOR
        mid = (n + 1) // 2  # 预期目标 c1…mid-1 | 实际完成情况 mid…
        rows.append(
            self.label(LABEL_GOAL, g[0], vmerge="restart")
            + self.label(goal_label, span(1, mid), span=mid - 1)
            + self.label(LABEL_COMPLETION, span(mid, n), span=n - mid)
        )
        rows.append(
            x.cell("", g[0], vmerge="continue")
            + self.value("\n".join(project.goals), span(1, mid), span=mid - 1, align="left")
            + self.value(project.completion, span(mid, n), span=n - mid, align="left")
        )
        prose = {len(rows) - 1}  # the goals may run long: that row may break across pages
        return x.table("".join(x.row(r, cant_split=k not in prose) for k, r in enumerate(rows)), g)

    def total_row(self, score: ProjectScore, grid: list[int]) -> str:
        """总分 | 100 (the 分值 in all) | the 总分 | 自评等级 优 — below the indicators."""
        weights = [s.weight for s in score.indicators]
        points = sum((w for w in weights if w is not None), score.execution_weight)
        if score.complete:
            verdict = f"{LABEL_GRADE}：{score.grade}"
        else:
            verdict = "未评等级（尚有得分未算出）"
        return x.row(
            self.label(LABEL_TOTAL, sum(grid[:5]), span=5)
            + self.label(number_text(points), grid[5])
            + self.label(number_text(score.total) if score.complete else "", grid[6])
            + self.value(verdict, grid[7], align="left")
        )

    # --- the document's 自评 summary ---------------------------------------------------------
    def summary(self, projects: list[Project]) -> str:
        doc = self.doc
        heads = [
            "序号",
            "项目编码",
            "项目名称",
            "全年预算数",
            "全年执行数",
            "执行率",
            "总分",
            "等级",
        ]
        g = x.scale_widths([3, 12, 16, 6, 6, 6, 5, 4], self.width)
        rows = [
            x.row("".join(self.label(h, w) for h, w in zip(heads, g, strict=True)), header=True)
        ]
        scored = score_document(replace(doc, projects=projects), explained=False)
        budgets = [p.full_year_budget for p in projects]
        done = [p.executed for p in projects]
        for k, (project, score) in enumerate(zip(projects, scored.projects, strict=True), 1):
            values = [
                str(k),
                project.code,
                project.name,
                format_amount(project.full_year_budget),
                format_amount(project.executed),
                rate_text(project.executed, project.full_year_budget),
                number_text(score.total) if score.complete else "",
                score.grade or "",
            ]
            aligns = [None, "left", "left", "right", "right", None, None, None]
            rows.append(
                x.row(
                    "".join(
                        self.value(v, w, align=a) for v, w, a in zip(values, g, aligns, strict=True)
                    )
                )
            )
        # Sums of the amounts there are; the unit's 执行率 only when every project has both.
        budget_sum = sum((b for b in budgets if b is not None), Decimal(0))
        done_sum = sum((d for d in done if d is not None), Decimal(0))
        whole = all(b is not None for b in budgets) and all(d is not None for d in done)
        rows.append(
            x.row(
                self.label("合计 / 平均", g[0] + g[1], span=2)
                + self.label(f"{len(projects)} 个项目", g[2])
                + self.label(format_amount(budget_sum), g[3])
                + self.label(format_amount(done_sum), g[4])
                + self.label(rate_text(done_sum, budget_sum) if whole else "", g[5])
                + self.label(number_text(scored.average), g[6])
                + self.label(scored.grade or "", g[7])
            )
        )
        notes = []
        blank = sum(1 for b, d in zip(budgets, done, strict=True) if b is None or d is None)
        if blank:
            notes.append(
                f"{blank} 个项目的全年预算数或全年执行数未填写，合计中未计入，不计算合计执行率"
            )
        unscored = sum(1 for s in scored.projects if not s.complete)
        if unscored:
            notes.append(
                f"{unscored} 个项目尚未能完整计分（缺实际完成值、得分或执行数），"
                "其总分和等级空缺，也不计算平均总分和等级"
            )
        unit = f"{doc.dept_code}{doc.dept_name}"
        out = [
            self.title(SUMMARY_TITLE, page_break=False),
            x.paragraph(f"{unit}    单位：{doc.money_unit}", self.ids.table_text, align="right"),
            x.table("".join(rows), g),
        ]
        out.extend(x.paragraph(f"注：{n}。", self.ids.table_text) for n in notes)
        return "".join(out)


def _scores(doc: Document, project: Project) -> ProjectScore:
    """The project's 分值 and 得分 (model.scoring; the steps are not printed)."""
    return score_project(doc, project, explained=False)


def _cell(column: LayoutColumn, ind: Indicator, score: ProjectScore | None) -> str:
    """A grid cell: the field's text, but the 自评表's 分值 and 得分 as computed, and a
    定性/时限 indicator's 完成程度 beneath its 得分."""
    if score is None or column.key not in ("score_weight", "score"):
        return column.text(ind)
    found = next((s for s in score.indicators if s.indicator_id == ind.id), None)
    if found is None:
        return ""
    if column.key == "score_weight":
        return number_text(found.weight)
    text = number_text(found.score)
    if found.attainment.outcome is Outcome.ENTERED and ind.achievement:
        text = f"{text}\n{ind.achievement}" if text else ind.achievement
    return text


def _grid(
    projects: list[Project],
    layout: Layout,
    width: int,
    em: float,
    scores: dict[int, ProjectScore],
) -> list[int]:
    """One grid for every indicator table of the export: the layout's proportions when it
    has them, else fitted to all their cells."""
    # table_grid fits one text function over all projects: look each indicator's score up.
    by_indicator = {s.indicator_id: score for score in scores.values() for s in score.indicators}

    def text(column: LayoutColumn, ind: Indicator) -> str:
        return _cell(column, ind, by_indicator.get(ind.id))

    return table_grid(projects, list(layout.columns), width, em, layout.shares, text=text)
