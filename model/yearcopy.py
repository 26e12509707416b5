"""Copy a document to a new year: last year's document as the start of the next one."""

from __future__ import annotations

import copy

from .entities import Document, Phase, new_id
from .fields import LATER_FIELDS, PROJECT_LATER_FIELDS
from .text import is_empty


def copy_to_year(doc: Document, year: int, dept_code: str | None = None) -> Document:
    """A copy of doc for `year` (and `dept_code`, when given): each indicator's 实际完成值 (where
    the 自评 filled it in), else its 指标值, becomes the 上年指标值; the 运行监控 and 绩效自评
    fields are left blank and the copy is in the 目标 phase; projects and indicators get new ids; everything else (text, amounts, spending
    plan) is kept, to be edited from there. doc is not modified.

    Findings marked 已核实 are not carried over: a new year is a new document that its writers
    check afresh (and the new ids would not match the old places anyway)."""
    new = copy.deepcopy(doc)
    new.dismissals = []
    new.year = year
    new.phase = Phase.TARGET
    if dept_code is not None:
        new.dept_code = dept_code
    for project in new.projects:
        project.id = new_id()
        for ind in project.indicators:
            ind.id = new_id()
            # a placeholder actual (无, 待定, /) is not a value to carry into next year
            ind.previous_value = ind.value if is_empty(ind.actual) else ind.actual
        for f in LATER_FIELDS:
            owners = [project] if f in PROJECT_LATER_FIELDS else project.indicators
            for owner in owners:
                f.set(owner, f.get(type(owner)()))
    return new
