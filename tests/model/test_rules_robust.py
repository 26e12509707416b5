"""The rules never fail, whatever the document holds: blanks, odd text, huge or negative amounts."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings

from model.rules import FIELDS, check_document, check_project
from tests.doc_strategies import documents
from tests.documents import edge_case_document


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_any_document_can_be_checked(doc) -> None:
    findings = check_document(doc)
    json.dumps([f.to_json() for f in findings], ensure_ascii=False)
    for f in findings:
        assert f.message and f.rule.startswith("JX")
        assert f.field in FIELDS
        if f.indicator_row is not None:
            project = next(p for p in doc.projects if p.id == f.project_id)
            assert 1 <= f.indicator_row <= len(project.indicators)
    for project in doc.projects:
        assert check_project(doc, project) == [f for f in findings if f.project_id == project.id]


def test_edge_case_document_can_be_checked() -> None:
    doc = edge_case_document()
    findings = check_document(doc)
    assert all(f.document == doc.key for f in findings)
