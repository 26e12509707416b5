"""The catalogue's public surface: ids, explain, Finding.to_json, check_project and its cache."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from model import JixiaoError
from model.rules import RULES, Finding, Severity, check_document, check_project, explain
from model.rules.docs import render_markdown
from tests.model.rules_helpers import clean_document

ROOT = Path(__file__).resolve().parents[2]


def test_rule_ids_are_stable_and_grouped_by_family() -> None:
    for rule_id, rule in RULES.items():
        assert re.fullmatch(r"JX[1-7]\d\d", rule_id)
        assert rule.id == rule_id
        assert rule.title and rule.rationale and rule.example
        # Every rationale ends by saying why this severity (docs/rules.md shows it).
        assert f"“{rule.severity.label}”" in rule.rationale
    assert list(RULES) == sorted(RULES)  # registered in id order: docs and output follow it


def test_explain_gives_rationale_and_example() -> None:
    text = explain("jx308")
    assert text.startswith("JX308（错误）")
    assert "为什么：" in text and "示例：" in text and "100.08万元" in text


def test_explain_unknown_rule_is_a_user_error() -> None:
    with pytest.raises(JixiaoError, match="JX999"):
        explain("JX999")


def test_finding_json_has_exactly_the_documented_keys() -> None:
    doc = clean_document()
    doc.projects[1].indicators[1].value = "≤100%"
    (finding,) = check_document(doc)
    assert isinstance(finding, Finding)
    data = finding.to_json()
    assert data == {
        "rule": "JX208",
        "severity": "error",
        "message": finding.message,
        "document": "903001/2023",
        "project_code": "13052923P00584011600B",
        "indicator_row": 2,
        "field": "指标值",
        "part1_item": None,  # the 分项绩效目标 number of a Part 1 finding (issue 16)
    }
    json.dumps(data, ensure_ascii=False)
    assert finding.severity == "error" and finding.severity is Severity.ERROR
    assert finding.project_id == doc.projects[1].id
    assert finding.indicator_id == doc.projects[1].indicators[1].id


def test_part1_findings_carry_the_item_number() -> None:
    doc = clean_document()
    doc.part1.items[1].goal = ""
    (finding,) = check_document(doc)
    assert (finding.rule, finding.part1_item, finding.field) == ("JX501", 2, "绩效目标")
    assert finding.project_code is None and finding.indicator_row is None


def test_findings_come_in_document_order() -> None:
    doc = clean_document()
    doc.part1.overall.append("为全面建成小康社会提供支撑。")
    doc.projects[2].indicators[0].value = "≤4000份"
    doc.projects[0].indicators[5].value = "≤3000元/盏"
    doc.projects[0].plan.dec = None
    found = [(f.project_code, f.indicator_row, f.rule) for f in check_document(doc)]
    assert found == [
        (None, None, "JX505"),
        (doc.projects[0].code, None, "JX305"),
        (doc.projects[0].code, None, "JX306"),
        (doc.projects[0].code, 6, "JX308"),
        (doc.projects[2].code, 1, "JX210"),
    ]


def test_only_restricts_the_rules_run() -> None:
    doc = clean_document()
    doc.projects[1].indicators[1].value = "≤100%"
    doc.projects[1].indicators[0].value = "≤12人"
    assert [f.rule for f in check_document(doc, only=["jx210"])] == ["JX210"]


def test_check_project_sees_a_change_in_another_project() -> None:
    """Cross-project facts are cached, but rebuilt as soon as another project changes."""
    doc = clean_document()
    printing, wages = doc.projects[2], doc.projects[1]
    assert check_project(doc, printing) == []
    wages.code = printing.code
    assert [f.rule for f in check_project(doc, printing)] == ["JX110"]
    wages.code = "13052923P00584011600B"
    assert check_project(doc, printing) == []
    wages.goals.append("3.印制证照4000份，满足群众办证需要。")
    assert [f.rule for f in check_project(doc, printing)] == ["JX403"]


def test_check_project_follows_edits_in_place() -> None:
    doc = clean_document()
    project = doc.projects[0]
    assert check_project(doc, project) == []
    project.indicators[3].value = "12万元"
    assert [f.rule for f in check_project(doc, project)] == ["JX203"]
    project.indicators[3].value = "10月底前"
    assert check_project(doc, project) == []


def test_two_documents_do_not_share_cached_facts() -> None:
    a, b = clean_document(), clean_document()
    b.projects[1].code = b.projects[0].code
    assert check_document(a) == []
    assert {f.rule for f in check_document(b)} == {"JX110"}
    assert check_document(a) == []


def test_docs_rules_md_is_generated_from_the_catalogue() -> None:
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == render_markdown(), (
        "docs/rules.md is stale: regenerate it as model/rules/docs.py says"
    )
    for rule_id in RULES:
        assert f"### {rule_id} " in committed


def test_the_engines_findings_are_the_constructors() -> None:
    """base.new_finding fills a twin class's slots and makes it a Finding: it must give what
    Finding() gives for every field (a field added to Finding and not set there stays unset,
    and comparing raises), hashing alike, and frozen."""
    import dataclasses

    from model.rules.base import new_finding

    for fields in (
        ("JX210", Severity.WARNING, "数量指标写成上限", "D1", "p1", "001", 3, "i3", "指标值", None),
        ("JX501", Severity.HINT, "第一部分", "D2", None, None, None, None, None, 2),
    ):
        made, real = new_finding(*fields), Finding(*fields)
        assert type(made) is Finding
        assert made == real and hash(made) == hash(real) and repr(made) == repr(real)
        assert [getattr(made, f.name) for f in dataclasses.fields(Finding)] == list(fields)
        with pytest.raises(dataclasses.FrozenInstanceError):
            made.rule = "JX000"  # type: ignore[misc]
