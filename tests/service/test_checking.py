"""service.checking: findings per document at or above a severity, counted."""

from __future__ import annotations

import pytest

from model import JixiaoError
from service import checking
from tests.model.rules_helpers import clean_document


def test_findings_are_filtered_and_counted() -> None:
    doc = clean_document()
    doc.projects[1].indicators[1].value = "≤100%"  # JX208 error
    doc.projects[1].indicators[0].value = "≤12人"  # JX210 warning
    (every,) = checking.check_documents([doc])
    (errors_only,) = checking.check_documents([doc], min_severity="error")
    assert {f.rule for f in errors_only.findings} == {"JX208"}
    assert sum(every.counts().values()) == len(every.findings) > len(errors_only.findings)
    assert checking.has_errors([errors_only])
    assert not checking.has_errors(checking.check_documents([clean_document()]))
    assert every.indicator_rows == sum(len(p.indicators) for p in doc.projects)


def test_unknown_rule_ids_are_named() -> None:
    with pytest.raises(JixiaoError, match="JX999"):
        checking.check_documents([clean_document()], rules=["jx101", "JX999"])
    assert checking.rule_ids([" jx101 "]) == ["JX101"]
