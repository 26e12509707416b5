"""Which indicator columns each Word table layout has — as data the rules can read.

The Word layouts themselves (widths, headers, the 指标值 split) live in exporters/docx/layouts.py,
which the rules may not import. What the rules need of them is only this: does the document's
table have a column for a field (a 绩效指标描述 that the seven-column form has no room for is not
"missing")? So the answer is kept here, by layout name, and the exporters' registry is built to
agree with it (tests/exporters/test_layout_fields.py) and takes its default rule from here.

A layout name this table does not know (one a test registers) is taken to show every field.
"""

from __future__ import annotations

from collections.abc import Iterable
from operator import attrgetter

from .entities import Document, Profile, Project
from .fields import (
    INDICATOR_FIELDS,
    MORE_INDICATOR_FIELDS,
    WORD_INDICATOR_FIELDS,
    Entity,
    Field,
    Kind,
    indicator_field,
)

ALWAYS = True  # the column is always written
IF_USED = False  # written only when some indicator of the document fills it in

_LEVELS = {f.attr: ALWAYS for f in INDICATOR_FIELDS[:3]}  # 一级, 二级, 三级指标

# layout name → {indicator field attr: ALWAYS | IF_USED}; a field not listed has no column.
LAYOUT_FIELDS: dict[str, dict[str, bool]] = {
    # the published sample's six columns
    "2015": {f.attr: ALWAYS for f in WORD_INDICATOR_FIELDS},
    # the 2021 guidance's columns, plus 绩效指标描述 and the fields the 2015 table has no room for
    "2021": {
        **_LEVELS,
        "description": IF_USED,
        "value": ALWAYS,
        "basis": ALWAYS,
        **{f.attr: IF_USED for f in MORE_INDICATOR_FIELDS},
    },
    # exactly the guidance's seven columns (指标性质 / 指标值 / 度量单位 are the one 指标值)
    "2021-7": {**_LEVELS, "value": ALWAYS, "basis": ALWAYS},
}
DEFAULT_2015, DEFAULT_2021 = "2015", "2021"


def default_layout_name(doc: Document, projects: Iterable[Project] | None = None) -> str:
    """2021 for a document of the 2021 guidance, or when some indicator has a field the 2015
    table has no column for (上年指标值, 计算公式, 权重 …); else the 2015 sample's table."""
    if doc.profile is Profile.GUIDANCE_2021:
        return DEFAULT_2021
    shown = LAYOUT_FIELDS[DEFAULT_2015]
    hidden = [f for f in INDICATOR_FIELDS if f.attr not in shown]
    # The indicator's own attributes read at once (an import asks this of every indicator:
    # Field.is_blank per field per indicator was 1.6 ms of the sample's); what is_blank says.
    plain = [f for f in hidden if _plain(f)]
    others = [f for f in hidden if not _plain(f)]
    values = attrgetter(*(f.attr for f in plain)) if len(plain) > 1 else None
    chosen = doc.projects if projects is None else projects
    for p in chosen:
        for i in p.indicators:
            for v in values(i) if values is not None else [f.get(i) for f in plain]:
                if v is not None and v != "" and v != []:
                    return DEFAULT_2021
            if any(not f.is_blank(i) for f in others):
                return DEFAULT_2021
    return DEFAULT_2015


def _plain(f: Field) -> bool:
    """A field whose is_blank is its attribute's value being None, "" or []."""
    return not f.in_extra and f.entity is Entity.INDICATOR and f.kind is not Kind.YEAR


def has_column(doc: Document, attr: str) -> bool:
    """Whether the document's Word table has a column for the indicator field `attr`.

    An optional column (2021's 绩效指标描述) is there when some indicator fills it in: a table
    without it is the seven-column form, whose rows have nothing to say there.
    """
    name = doc.layout.strip() if doc.layout.strip() else default_layout_name(doc)
    columns = LAYOUT_FIELDS.get(name)
    if columns is None:
        return True  # a layout this table does not know: assume every column
    if attr not in columns:
        return False
    if columns[attr] is ALWAYS:
        return True
    f = indicator_field(attr)
    return any(not f.is_blank(i) for p in doc.projects for i in p.indicators)
