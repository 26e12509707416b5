"""Clean a whole document at the door: control, zero-width and BOM characters removed from every
text field (model.text.strip_invisible), newlines and tabs kept only where the field allows
several lines (model.fields kinds LONG and LINES; Part 1 prose). Pure: no I/O."""

from __future__ import annotations

from typing import Any

from .entities import Document
from .fields import (
    DOCUMENT_FIELDS,
    GOALS,
    INDICATOR_FIELDS,
    PROJECT_FIELDS,
    PROJECT_LATER_FIELDS,
    Field,
    Kind,
)
from .text import strip_invisible

_TEXT_KINDS = (Kind.TEXT, Kind.LONG, Kind.LEVEL, Kind.VALUE, Kind.CHOICE)


class _Tally:
    def __init__(self) -> None:
        self.count = 0
        self.first = ""

    def clean(self, text: str, place: str, *, multiline: bool) -> str:
        cleaned, removed = strip_invisible(text, multiline=multiline)
        if removed:
            self.count += removed
            self.first = self.first or place
        return cleaned

    def fields(self, obj: Any, fields: tuple[Field, ...], prefix: str) -> None:
        for f in fields:
            if f.kind not in _TEXT_KINDS or f.in_extra:
                continue
            value = f.get(obj)
            if isinstance(value, str) and value:
                f.set(obj, self.clean(value, f"{prefix}{f.column}", multiline=f.multiline))

    def extra(self, extra: dict[str, str], prefix: str) -> None:
        for key, value in list(extra.items()):
            new_key = self.clean(key, f"{prefix}{key}", multiline=False)
            new_value = self.clean(value, f"{prefix}{new_key}", multiline=True)
            if new_key != key or new_value != value:
                del extra[key]
                if new_key:
                    extra[new_key] = new_value


def clean_document(doc: Document) -> tuple[int, str]:
    """Clean doc in place; (characters removed, the first place they were removed from, e.g.
    "第 3 个项目 第 2 条指标 指标值")."""
    tally = _Tally()
    tally.fields(doc, DOCUMENT_FIELDS, "")
    tally.extra(doc.extra, "")
    part1 = doc.part1
    part1.overall = [tally.clean(t, "部门整体目标", multiline=True) for t in part1.overall]
    for n, item in enumerate(part1.items, 1):
        where = f"分项绩效目标 第 {n} 项 "
        item.title = tally.clean(item.title, where + "标题", multiline=False)
        item.goal = tally.clean(item.goal, where + "绩效目标", multiline=True)
        item.measure = tally.clean(item.measure, where + "绩效指标", multiline=True)
    for n, measure in enumerate(part1.measures, 1):
        where = f"工作保障措施 第 {n} 项 "
        measure.title = tally.clean(measure.title, where + "标题", multiline=False)
        measure.body = tally.clean(measure.body, where + "内容", multiline=True)
    for n, project in enumerate(doc.projects, 1):
        prefix = f"第 {n} 个项目 "
        tally.fields(project, (*PROJECT_FIELDS, *PROJECT_LATER_FIELDS), prefix)
        tally.extra(project.extra, prefix)
        project.goals = [
            tally.clean(g, prefix + GOALS.label, multiline=False) for g in project.goals
        ]
        for m, ind in enumerate(project.indicators, 1):
            where = f"{prefix}第 {m} 条指标 "
            tally.fields(ind, INDICATOR_FIELDS, where)
            tally.extra(ind.extra, where)
    return tally.count, tally.first
