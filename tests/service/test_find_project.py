"""service.documents.find_project: by 项目编码, 序号, or a fragment of the 项目名称 (issue 18)."""

from __future__ import annotations

import copy

import pytest

from service.documents import find_project
from service.errors import ProjectAmbiguous, ProjectNotFound

from ..documents import edge_case_document


def _doc():
    doc = edge_case_document()
    extra = copy.deepcopy(doc.projects[0])
    extra.code, extra.name = "13052923P00000000001X", "大学生村干部"
    doc.projects.append(extra)
    return doc


def test_code_number_and_fragment() -> None:
    doc = _doc()
    first = doc.projects[0]
    assert find_project(doc, first.code) == (1, first)
    assert find_project(doc, "1") == (1, first)
    assert find_project(doc, " 凤还巢 ") == (1, first)
    assert find_project(doc, "凤 还 巢")[0] == 1  # spaces typed between words do not count


def test_an_exact_name_wins_over_names_containing_it() -> None:
    doc = _doc()
    assert "大学生村干部" in doc.projects[0].name
    assert find_project(doc, "大学生村干部")[0] == len(doc.projects)


def test_ambiguous_and_unknown() -> None:
    doc = _doc()
    with pytest.raises(ProjectAmbiguous) as info:
        find_project(doc, "大学生")
    assert [n for n, _ in info.value.candidates] == [1, len(doc.projects)]
    assert "\n" not in str(info.value)
    with pytest.raises(ProjectNotFound):
        find_project(doc, "没有这个")
    with pytest.raises(ProjectNotFound):
        find_project(doc, "99")  # a number past the end is not a name fragment
