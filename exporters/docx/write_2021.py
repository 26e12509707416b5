"""The indicator table in the layout of the 2021 guidance (财预〔2021〕101号).

Its seven columns: 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 | 指标值确定依据, the
comparator (≥ ≤ = 定性) and the unit in cells of their own. The guidance's table has no
绩效指标描述; when any indicator of the export has one, that column comes after 三级指标 (where
the 2015 table has it), so nothing is lost. 上年指标值, 计算公式 and 权重, which jixiao keeps per
indicator, follow at the right, each only when some indicator of the export uses it.
一级指标 is merged down its rows and 二级指标 down its runs within them, as in the official form.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import groupby

from model import Document, Indicator, Profile, Project, format_amount

from . import write_xml as x
from .values2021 import split_value

# More columns than this, and cells get narrower inner margins (0.1 cm instead of 0.19 cm).
ROOMY_COLUMNS = 8
NARROW_MARGIN = 57


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    text: Callable[[Indicator], str]
    minimum_ems: float  # the header on one line (or two, when the page is too narrow)
    nowrap_ems: float = 0.0  # a short value up to this wide is never broken
    align: str | None = None  # "left" for prose; centred otherwise


def _nature(ind: Indicator) -> str:
    return split_value(ind.value)[0]


def _number(ind: Indicator) -> str:
    return split_value(ind.value)[1]


def _unit(ind: Indicator) -> str:
    return split_value(ind.value)[2]


LEVEL1 = Column("一级指标", lambda i: i.level1, 4)
LEVEL2 = Column("二级指标", lambda i: i.level2, 4)
NAME = Column("三级指标", lambda i: i.name, 4)
DESCRIPTION = Column("绩效指标描述", lambda i: i.description, 6, align="left")
NATURE = Column("指标性质", _nature, 2, nowrap_ems=2)
VALUE = Column("指标值", _number, 3, nowrap_ems=7)
UNIT = Column("度量单位", _unit, 2, nowrap_ems=4)
BASIS = Column("指标值确定依据", lambda i: i.basis, 4, align="left")
PREVIOUS = Column("上年指标值", lambda i: i.previous_value, 3, nowrap_ems=7)
FORMULA = Column("计算公式", lambda i: i.formula, 4, align="left")
WEIGHT = Column("权重", lambda i: format_amount(i.weight), 2, nowrap_ems=4)


def has_2021_fields(ind: Indicator) -> bool:
    """Fields only the 2021 layout carries."""
    return bool(ind.previous_value or ind.formula or ind.weight is not None)


def uses_2021_layout(doc: Document, projects: Iterable[Project]) -> bool:
    """A 2021-profile document, or one whose indicators carry fields the 2015 table has not."""
    if doc.profile is Profile.GUIDANCE_2021:
        return True
    return any(has_2021_fields(i) for p in projects for i in p.indicators)


def columns_for(projects: list[Project]) -> list[Column]:
    """The same columns for every project of the export, so the tables look alike."""
    inds = [i for p in projects for i in p.indicators]
    columns = [LEVEL1, LEVEL2, NAME]
    if any(i.description for i in inds):
        columns.append(DESCRIPTION)
    columns += [NATURE, VALUE, UNIT, BASIS]
    if any(i.previous_value for i in inds):
        columns.append(PREVIOUS)
    if any(i.formula for i in inds):
        columns.append(FORMULA)
    if any(i.weight is not None for i in inds):
        columns.append(WEIGHT)
    return columns


def _runs(inds: list[Indicator]) -> list[tuple[str | None, str | None]]:
    """Per row, the vMerge of its 一级 and 二级 cells: "restart", "continue" or None (single).

    一级 merges over each run of equal, non-blank names; 二级 over runs inside those."""
    merges: list[tuple[str | None, str | None]] = []
    for level1, group in groupby(inds, key=lambda i: i.level1):
        rows = list(group)
        for k, (level2, run) in enumerate(_level2_runs(rows)):
            for j, _ in enumerate(run):
                first_of_group = k == 0 and j == 0
                m1 = None if not level1 else ("restart" if first_of_group else "continue")
                m2 = None if not level2 else ("restart" if j == 0 else "continue")
                merges.append((m1, m2))
    return merges


def _level2_runs(rows: list[Indicator]):
    return [(level2, list(run)) for level2, run in groupby(rows, key=lambda i: i.level2)]


def indicator_table(
    project: Project,
    columns: list[Column],
    cell_text: Callable[..., str],
    width: int,
    em: float,
) -> str:
    """The table's XML; cell_text(text, bold=, align=) gives a cell's paragraphs."""
    inds = project.indicators
    merges = _runs(inds)
    texts = [[c.text(i) for i in inds] for c in columns]
    # A merged cell's text counts once, on its first row, when fitting the widths.
    for k, (m1, m2) in enumerate(merges):
        if m1 == "continue":
            texts[0][k] = ""
        if m2 == "continue":
            texts[1][k] = ""
    margin = x.CELL_MARGIN if len(columns) <= ROOMY_COLUMNS else NARROW_MARGIN
    w = _widths(columns, texts, width, em, margin)
    header = "".join(
        x.cell(cell_text(c.header, bold=True), cw) for c, cw in zip(columns, w, strict=True)
    )
    rows = [x.row(header, header=True)]
    for k, (m1, m2) in enumerate(merges):
        cells = []
        for n, (column, cw) in enumerate(zip(columns, w, strict=True)):
            merge = m1 if n == 0 else m2 if n == 1 else None
            if merge == "continue":
                cells.append(x.cell("", cw, vmerge="continue"))
            else:
                content = cell_text(texts[n][k], align=column.align)
                cells.append(x.cell(content, cw, vmerge=merge))
        rows.append(x.row("".join(cells)))
    return x.table("".join(rows), w, margin=margin)


def _widths(
    columns: list[Column], texts: list[list[str]], width: int, em: float, margin: int
) -> list[int]:
    minimum = [
        max(c.minimum_ems, min(max(map(x.display_ems, t), default=0.0), c.nowrap_ems))
        for c, t in zip(columns, texts, strict=True)
    ]
    if sum(minimum) > x.available_ems(len(columns), width, em, margin):
        # Too many columns for the page: headers may take two lines (一级 / 指标), and the
        # fitting below gives the room left to the cells that need it most.
        minimum = [max(2.0, x.display_ems(c.header) / 2) for c in columns]
    with_headers = [[c.header, *t] for c, t in zip(columns, texts, strict=True)]
    return x.fit_widths(with_headers, minimum, width, em, margin=margin)
