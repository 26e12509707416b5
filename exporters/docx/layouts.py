"""The Word indicator table's layouts as data: which columns, in which order, how wide.

A Layout is a list of LayoutColumn; each column shows a field of model.fields (its label is the
header), one part of the 指标值 split for the 2021 guidance (指标性质 / 指标值 / 度量单位, see
values2021.py), or an entry of Indicator.extra. The one writer (writer.py) and the one reader
(projects.py) both work from the registry LAYOUTS, so a new layout is an entry here plus its
tests, and a new indicator field in model/fields.py reaches the tables by itself:
- "2015": the published sample's six columns, 一级指标 merged down its rows;
- "2021": the 2021 guidance's columns, plus 绩效指标描述 and the fields the 2015 table has no
  room for (上年指标值, 计算公式, 权重 …), each only when some indicator of the export uses it;
- "2021-7": exactly the guidance's seven columns, no 绩效指标描述.

Document.layout remembers a layout by name; blank means the default rule (choose_layout).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from model import Document, Indicator, JixiaoError, Profile, Project
from model.fields import (
    INDICATOR_FIELDS,
    MORE_INDICATOR_FIELDS,
    WORD_INDICATOR_FIELDS,
    Field,
    Kind,
    compact,
    indicator_field,
)
from model.layouts import default_layout_name

from .values2021 import split_value

NATURE, NUMBER, UNIT = 0, 1, 2  # the parts of a 指标值 (values2021.split_value)
_PART_KEYS = {NATURE: "nature", NUMBER: "value", UNIT: "unit"}
EXTRA_KEY = "extra:"  # a column's key when it shows Indicator.extra[name]


@dataclass(frozen=True, slots=True)
class LayoutColumn:
    """One column of an indicator table: what it shows, its header, how narrow it may be."""

    header: str
    field: Field | None = None  # the indicator field it shows (the 指标值's, for a part)
    part: int | None = None  # NATURE / NUMBER / UNIT: that part of the 指标值 only
    extra: str = ""  # or: Indicator.extra[extra]
    minimum_ems: float = 4.0  # the header on one line (or two, when the page is too narrow)
    nowrap_ems: float = 0.0  # a short value up to this wide is never broken
    align: str | None = None  # "left" for prose; centred otherwise
    merges: bool = False  # merged down runs of equal cells (inside the runs of those before)
    optional: bool = False  # written only when some indicator of the export has a value in it
    aliases: tuple[str, ...] = ()  # other headings that mean it (besides the field's names)

    @property
    def key(self) -> str:
        """What the reader fills from the column: a field's attribute, "nature", "unit" or
        "extra:NAME"."""
        if self.part is not None:
            return _PART_KEYS[self.part]
        if self.field is not None:
            return self.field.attr
        return EXTRA_KEY + self.extra

    def names(self) -> tuple[str, ...]:
        """Every heading that means this column."""
        own = (self.header, *self.aliases)
        if self.field is not None and self.part in (None, NUMBER):
            own += self.field.names()
        return tuple(dict.fromkeys(own))

    def text(self, ind: Indicator) -> str:
        if self.part is not None:
            return split_value(ind.value)[self.part]
        if self.field is not None:
            return self.field.text(ind)
        return ind.extra.get(self.extra, "")


@dataclass(frozen=True, slots=True)
class Layout:
    name: str  # for --layout and Document.layout
    title: str  # for menus
    columns: tuple[LayoutColumn, ...]
    profile: Profile  # the guidance the layout is of: a table in it suggests that profile
    landscape: bool = False  # printed on A4 landscape unless the export asks otherwise
    # The column widths in proportion, when the layout has a published grid (the sample's);
    # without one, the widths are fitted to the export's text.
    shares: tuple[int, ...] | None = None

    def columns_for(self, projects: Iterable[Project]) -> list[LayoutColumn]:
        """The same columns for every project of the export, so that the tables look alike:
        every column that is always written, and the optional ones some indicator uses."""
        inds = [i for p in projects for i in p.indicators]
        return [c for c in self.columns if not c.optional or any(c.text(i) for i in inds)]

    def keys(self) -> set[str]:
        return {c.key for c in self.columns}

    def matches(self, keys: set[str]) -> bool:
        """A table whose header has these columns could have been written in this layout."""
        required = {c.key for c in self.columns if not c.optional}
        return required <= keys <= self.keys()

    def shows(self, f: Field) -> bool:
        return f.attr in self.keys()

    def fields(self) -> dict[str, bool]:
        """indicator field attr → always written (True) or only when used (False): what
        model.layouts.LAYOUT_FIELDS says of this layout, for the checker."""
        shown: dict[str, bool] = {}
        for c in self.columns:
            if c.field is not None and c.part in (None, NUMBER):
                shown[c.field.attr] = not c.optional
        return shown


# --- columns --------------------------------------------------------------------------------

# The narrowest a column of each kind may be (ems), and how wide its short values stay whole.
_KIND_WIDTHS: dict[Kind, tuple[float, float, str | None]] = {
    Kind.LONG: (4.0, 0.0, "left"),
    Kind.VALUE: (3.0, 7.0, None),  # 指标值 up to 7 ems (≥95%, 2023年8月底) is never broken
    Kind.WEIGHT: (2.0, 4.0, None),
}
_WIDER = {"description": 6.0}  # 绩效指标描述: long sentences


def field_column(f: Field, *, merges: bool = False, optional: bool = False) -> LayoutColumn:
    """A column showing an indicator field, headed by its label, sized by its kind."""
    minimum, nowrap, align = _KIND_WIDTHS.get(f.kind, (4.0, 0.0, None))
    minimum = _WIDER.get(f.attr, minimum)
    return LayoutColumn(
        f.label,
        field=f,
        minimum_ems=minimum,
        nowrap_ems=nowrap,
        align=align,
        merges=merges,
        optional=optional,
    )


VALUE_FIELD = indicator_field("value")
NATURE_COLUMN = LayoutColumn("指标性质", VALUE_FIELD, NATURE, minimum_ems=2, nowrap_ems=2)
NUMBER_COLUMN = LayoutColumn(VALUE_FIELD.label, VALUE_FIELD, NUMBER, minimum_ems=3, nowrap_ems=7)
UNIT_COLUMN = LayoutColumn(
    "度量单位", VALUE_FIELD, UNIT, minimum_ems=2, nowrap_ems=4, aliases=("计量单位",)
)


def _levels(*, merge_level2: bool) -> tuple[LayoutColumn, ...]:
    level1, level2, name = INDICATOR_FIELDS[:3]
    return (
        field_column(level1, merges=True),
        field_column(level2, merges=merge_level2),
        field_column(name),
    )


_DESCRIPTION = indicator_field("description")
_BASIS = indicator_field("basis")
_VALUE_PARTS = (NATURE_COLUMN, NUMBER_COLUMN, UNIT_COLUMN)

LAYOUT_2015 = Layout(
    "2015",
    "2015 年六栏样表（含绩效指标描述）",
    # 一级指标 | 二级指标 | 三级指标 | 绩效指标描述 | 指标值 | 指标值确定依据
    (*_levels(merge_level2=False), *(field_column(f) for f in WORD_INDICATOR_FIELDS[3:])),
    Profile.RULES_2015,
    # The sample's own w:tblGrid (twips), the same in all its 24 indicator tables.
    shares=(1077, 1191, 1417, 2211, 1077, 1871),
)
LAYOUT_2021 = Layout(
    "2021",
    "2021 年指引分栏（描述、上年值等有则列出）",
    (
        *_levels(merge_level2=True),
        field_column(_DESCRIPTION, optional=True),
        *_VALUE_PARTS,
        field_column(_BASIS),
        *(field_column(f, optional=True) for f in MORE_INDICATOR_FIELDS),
    ),
    Profile.GUIDANCE_2021,
    landscape=True,  # up to 11 columns: cramped on A4 portrait
)
LAYOUT_2021_7 = Layout(
    "2021-7",
    "2021 年指引七栏（无绩效指标描述）",
    (*_levels(merge_level2=True), *_VALUE_PARTS, field_column(_BASIS)),
    Profile.GUIDANCE_2021,
)

# Name → layout. The reader tries them in this order: list the one that loses least first.
LAYOUTS: dict[str, Layout] = {
    layout.name: layout for layout in (LAYOUT_2015, LAYOUT_2021, LAYOUT_2021_7)
}

# --- the later phases' indicator grids ---------------------------------------------------------
# Not choices of --layout: each phase's table has one official grid. 一级 and 二级 merge down.
ANNUAL_VALUE_COLUMN = LayoutColumn("年度指标值", VALUE_FIELD, minimum_ems=3, nowrap_ems=7)
REMARK = "备注"  # the 监控表's last column: no model field, kept in Indicator.extra["备注"]
WEIGHT_HEADER, SCORE_HEADER = "分值", "得分"  # the 自评表's headings for 权重 and 得分

LAYOUT_MONITOR = Layout(
    "monitor",
    "项目支出绩效目标执行监控表（财预〔2019〕136号）",
    # 一级 | 二级 | 三级 | 年度指标值 | 截至当期实际完成值 | 全年预计完成值 | 偏差原因 | 完成目标可能性 | 备注
    (
        *_levels(merge_level2=True),
        ANNUAL_VALUE_COLUMN,
        *(field_column(indicator_field(a)) for a in ("actual_to_date", "forecast")),
        LayoutColumn(
            indicator_field("deviation_cause").label,
            indicator_field("deviation_cause"),
            minimum_ems=3,
            nowrap_ems=6,
            aliases=("偏差原因分析",),  # the official form's heading (its category, one word)
        ),
        LayoutColumn(
            indicator_field("likelihood").label,
            indicator_field("likelihood"),
            minimum_ems=3,
            nowrap_ems=5,
        ),
        LayoutColumn(REMARK, extra=REMARK, minimum_ems=3, align="left"),
    ),
    Profile.RULES_2015,
    # Portrait, as the official form: in landscape a project of a dozen indicators (the
    # sample's) ran onto a second page. Fixed proportions: fitted to the text on a page this
    # narrow, the columns fell back to half their headers and broke 经费保障 and 确定能.
    shares=(800, 900, 1100, 1000, 1000, 1000, 1050, 1050, 1100),
)
LAYOUT_EVALUATE = Layout(
    "evaluate",
    "项目支出绩效自评表（财预〔2020〕10号）",
    # 一级 | 二级 | 三级 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施
    (
        *_levels(merge_level2=True),
        ANNUAL_VALUE_COLUMN,
        field_column(indicator_field("actual")),
        LayoutColumn(WEIGHT_HEADER, indicator_field("score_weight"), minimum_ems=2, nowrap_ems=4),
        LayoutColumn(SCORE_HEADER, indicator_field("score"), minimum_ems=3, nowrap_ems=5),
        field_column(indicator_field("deviation")),
    ),
    Profile.RULES_2015,
    # Portrait, as the official form: fitted to the text, the prose column took the room the
    # values need; these keep a 2024年12月底前 on two lines, a 16.67 and a 部分达成 whole, and give
    # the 三级指标 (long in real documents) the most of the rest.
    shares=(800, 950, 1350, 1100, 1050, 850, 1150, 1800),
)
# Phase value ("monitor", "evaluate") → the grid of that phase's table.
PHASE_LAYOUTS: dict[str, Layout] = {"monitor": LAYOUT_MONITOR, "evaluate": LAYOUT_EVALUATE}

# The checker knows the built-in layouts' columns from model.layouts.LAYOUT_FIELDS: they agree
# (tests/exporters/test_layout_fields.py).


def layout_choices() -> list[tuple[str, str]]:
    """(name, Chinese title) of every layout, for the editor's export dialog."""
    return [(layout.name, layout.title) for layout in LAYOUTS.values()]


def layout_named(name: str) -> Layout:
    """The layout of this name; a JixiaoError listing the names when there is none."""
    layout = LAYOUTS.get(name.strip())
    if layout is None:
        names = "、".join(LAYOUTS)
        raise JixiaoError(f"没有名为“{name}”的 Word 表格格式，可选：{names}")
    return layout


def default_layout(doc: Document, projects: Iterable[Project]) -> Layout:
    """2021 for a document of the 2021 guidance, or when some indicator has a field the 2015
    table has no column for (上年指标值, 计算公式, 权重 …); else the 2015 sample's table.
    The rule is model.layouts' (the checker asks it which columns a document has)."""
    return LAYOUTS[default_layout_name(doc, projects)]


def choose_layout(
    doc: Document, projects: Iterable[Project], requested: str | None = None
) -> Layout:
    """The layout asked for (--layout, the export dialog), else the one the document
    remembers, else the default rule. A remembered name this version does not know (a file
    from a newer one) falls back to the default rule."""
    if requested:
        return layout_named(requested)
    if doc.layout in LAYOUTS:
        return LAYOUTS[doc.layout]
    return default_layout(doc, projects)


def recognise(keys: set[str]) -> Layout | None:
    """The layout a table with these header columns (LayoutColumn.key) is in: the first
    registered one it matches exactly; else the first that has a column for each of the
    table's and splits the 指标值 as the table does (a 2021 table without 指标值确定依据)."""
    layouts = LAYOUTS.values()
    exact = next((layout for layout in layouts if layout.matches(keys)), None)
    return exact or next(
        (
            layout
            for layout in layouts
            if keys <= layout.keys()
            and {c.key for c in layout.columns if c.part is not None} <= keys
        ),
        None,
    )


def header_index(*, phases: bool = False) -> dict[str, str]:
    """Heading (compacted) → the key of what it means (LayoutColumn.key): a layout's column
    by its header and aliases, or an indicator field by any of its names. Worked out again
    whenever the registered layouts are not the very ones of the last call, so that a layout
    registered later (a test's) is read too. With phases, the 监控表's and 自评表's columns too
    (备注 is then a column of its own, not an unknown heading). A copy: the caller's to keep."""
    layouts = (*LAYOUTS.values(), *(PHASE_LAYOUTS.values() if phases else ()))
    known = _HEADER_INDEX.get(phases)
    if (
        known is None
        or len(known[0]) != len(layouts)
        or any(a is not b for a, b in zip(known[0], layouts, strict=True))
    ):
        # Building it compacts every name of every layout and field: 0.2 ms of the sample's
        # import, for the same layouts every time.
        known = _HEADER_INDEX[phases] = (layouts, build_header_index(layouts))
    return dict(known[1])


def build_header_index(layouts: Iterable[Layout]) -> dict[str, str]:
    """header_index worked out for these layouts: each one's column names, then every
    indicator field's, each compacted, the first meaning of a name kept."""
    index: dict[str, str] = {}
    for layout in layouts:
        for column in layout.columns:
            for name in column.names():
                index.setdefault(compact(name), column.key)
    for f in INDICATOR_FIELDS:
        for name in f.names():
            index.setdefault(compact(name), f.attr)
    return index


# phases → (the layouts header_index was built from, held so none is another's double, the index)
_HEADER_INDEX: dict[bool, tuple[tuple[Layout, ...], dict[str, str]]] = {}


__all__ = [
    "LAYOUTS",
    "LAYOUT_EVALUATE",
    "LAYOUT_MONITOR",
    "PHASE_LAYOUTS",
    "Layout",
    "LayoutColumn",
    "choose_layout",
    "default_layout",
    "field_column",
    "header_index",
    "layout_choices",
    "layout_named",
    "recognise",
]
