"""The precision guard: a carefully corrected copy of the sample gets no finding at all.

tests/model/corrected.py fixes, in code, every defect the hand review found in Part 1 and in
projects 1, 3, 4, 7, 10 and 20 of the sample. Any rule that fires on them is a false alarm (or
the copy is still wrong: then fix the copy there and say why). Every new rule must keep this at
zero.
"""

from __future__ import annotations

import pytest

from model import Document
from model.rules import check_document, check_project
from tests.model.corrected import CORRECTED, corrected_projects, corrected_sample, read_sample

pytest.importorskip("exporters.docx")


@pytest.fixture(scope="module")
def corrected() -> Document:
    return corrected_sample()


def _show(findings) -> list[str]:
    return [f"{f.rule}@{f.indicator_row or f.part1_item or '-'} {f.message}" for f in findings]


@pytest.mark.parametrize("number", CORRECTED)
def test_each_corrected_project_gets_no_finding(corrected: Document, number: int) -> None:
    project = corrected.projects[number - 1]
    assert _show(check_project(corrected, project)) == []


def test_corrected_part1_and_document_get_no_finding(corrected: Document) -> None:
    """Findings that belong to no project (Part 1, the document as a whole) — none."""
    loose = [f for f in check_document(corrected) if f.project_id is None]
    assert _show(loose) == []


def test_the_corrections_are_real(corrected: Document) -> None:
    """The guard guards something: the same projects, uncorrected, have findings each."""
    original = read_sample()
    for number in CORRECTED:
        assert check_project(original, original.projects[number - 1]), number
    assert [f for f in check_document(original) if f.project_id is None]
    # and the corrected copy is still the sample's document, project for project
    assert [p.code for p in corrected_projects(corrected)] == [
        original.projects[n - 1].code for n in CORRECTED
    ]
    assert len(corrected.projects) == len(original.projects)
