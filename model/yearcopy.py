"""Copy a document to a new year: last year's document as the start of the next one."""

from __future__ import annotations

import copy

from .entities import Document, new_id


def copy_to_year(doc: Document, year: int, dept_code: str | None = None) -> Document:
    """A copy of doc for `year` (and `dept_code`, when given): this year's 指标值 become
    上年指标值; projects and indicators get new ids; everything else (text, amounts, spending
    plan) is kept, to be edited from there. doc is not modified.

    Findings marked 已核实 are not carried over: a new year is a new document that its writers
    check afresh (and the new ids would not match the old places anyway)."""
    new = copy.deepcopy(doc)
    new.dismissals = []
    new.year = year
    if dept_code is not None:
        new.dept_code = dept_code
    for project in new.projects:
        project.id = new_id()
        for ind in project.indicators:
            ind.id = new_id()
            ind.previous_value = ind.value
    return new
