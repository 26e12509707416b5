"""JSON: exact round trips, and the export validates against the published docs/schema.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from exporters import json_io
from exporters.base import ExportOptions, ImportOptions
from model import DOCUMENT_SCHEMA_VERSION, JixiaoError
from tests.doc_strategies import documents, sample_document

jsonschema = pytest.importorskip("jsonschema")

SCHEMA_PATH = Path(__file__).parents[2] / "docs" / "schema.json"


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_schema_is_draft_2020_12_and_pins_the_version():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["properties"]["schema_version"] == {
        "const": DOCUMENT_SCHEMA_VERSION,
        "description": schema["properties"]["schema_version"]["description"],
    }


def test_sample_export_is_valid(validator):
    payload = json.loads(json_io.write(sample_document()))
    errors = sorted(validator.iter_errors(payload), key=str)
    assert errors == []


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(later=True))
def test_random_exports_are_valid_and_round_trip(validator, doc):
    data = json_io.write(doc)
    assert list(validator.iter_errors(json.loads(data))) == []
    assert json_io.read(data, source="t.json", options=ImportOptions()).documents[0] == doc


@pytest.mark.parametrize(
    "breakage",
    [
        lambda p: p.update(schema_version=2),
        lambda p: p["document"]["projects"][0].update(budget=11.0),  # a float, not a string
        lambda p: p["document"]["projects"][0].update(budget="十一万"),
        lambda p: p["document"]["projects"][0].update(plan=["1.00"]),
        lambda p: p["document"].update(year="2023"),
        lambda p: p["document"]["projects"][0]["indicators"][0].update(unknown="x"),
        lambda p: p["document"].pop("projects"),
        lambda p: p["document"].update(phase="自评"),  # the JSON value, not the label
        lambda p: p["document"]["projects"][0]["indicators"][0].update(deviation_cause="资金"),
        lambda p: p["document"]["projects"][0]["indicators"][0].update(score=9.5),
        lambda p: p["document"]["projects"][0].update(executed=None),  # absent, never null
        lambda p: p["document"].update(scoring={"weights": {"产出指标": "50"}}),  # no bands
    ],
)
def test_schema_rejects_broken_documents(validator, breakage):
    payload = json.loads(json_io.write(sample_document()))
    assert list(validator.iter_errors(payload)) == []
    breakage(payload)
    assert list(validator.iter_errors(payload)) != []


def test_sample_round_trips_through_a_file(tmp_path):
    sample = sample_document()
    path = tmp_path / "sample.json"
    path.write_bytes(json_io.write(sample))
    back = json_io.read(path.read_bytes(), source=str(path), options=ImportOptions())
    assert back.documents[0] == sample and not back.partial


def test_selected_projects_only():
    sample = sample_document()
    code = sample.projects[3].code
    data = json_io.write(sample, options=ExportOptions(projects=[code]))
    doc = json_io.read(data, source="t.json", options=ImportOptions()).documents[0]
    assert [p.code for p in doc.projects] == [code]


def test_bad_json_names_the_place():
    with pytest.raises(JixiaoError, match="第 1 行第 2 列"):
        json_io.read(b"{,}", source="t.json", options=ImportOptions())


def test_dismissals_are_valid_and_a_broken_one_is_not(validator):
    from model import Dismissal

    doc = sample_document()
    doc.dismissals = [
        Dismissal("JX210", f"p/{doc.projects[0].id}/i/x/指标值", "名额上限", "王会计", "t", "ab12")
    ]
    payload = json.loads(json_io.write(doc))
    assert list(validator.iter_errors(payload)) == []
    assert json_io.read(json.dumps(payload).encode(), source="t.json").documents[0] == doc
    payload["document"]["dismissals"][0].pop("fingerprint")
    assert list(validator.iter_errors(payload)) != []


def evaluated_sample():
    """The sample in phase 自评 with every later field of its first project filled."""
    from decimal import Decimal

    from model import Phase

    doc = sample_document()
    doc.phase = Phase.EVALUATE
    doc.scoring.weights["产出指标"] = Decimal("55")
    doc.scoring.weights["效益指标"] = Decimal("25")
    project = doc.projects[0]
    project.annual_budget, project.executed_to_date = Decimal("11.00"), Decimal("5.50")
    project.executed, project.completion = Decimal("10.80"), "按月足额发放了工资。"
    for n, ind in enumerate(project.indicators):
        ind.actual_to_date, ind.forecast, ind.actual = "2人", "3人", "3人"
        ind.deviation_cause = ["经费保障", "", "其他"][n % 3]
        ind.likelihood = ["确定能", "有可能", "完全不可能"][n % 3]
        ind.achievement = ["达成", "部分达成", "未达成", ""][n % 4]
        ind.score_weight, ind.score = Decimal("7.5"), Decimal("6.00")
        ind.deviation = "人员调整，下年按时补齐。"
    return doc


def test_the_later_phases_fields_are_valid_and_round_trip(validator):
    doc = evaluated_sample()
    payload = json.loads(json_io.write(doc))
    assert list(validator.iter_errors(payload)) == []
    document = payload["document"]
    assert document["phase"] == "evaluate"
    assert document["scoring"]["weights"]["产出指标"] == "55"
    first = document["projects"][0]
    assert (first["executed"], first["executed_to_date"]) == ("10.80", "5.50")
    ind = first["indicators"][1]
    assert (ind["likelihood"], ind["achievement"], ind["score"]) == ("有可能", "部分达成", "6.00")
    assert "deviation_cause" not in ind  # blank: not written
    assert "actual" not in document["projects"][1]["indicators"][0]  # a targets-only project
    back = json_io.read(json.dumps(payload).encode(), source="t.json").documents[0]
    assert back == doc
    assert str(back.projects[0].indicators[0].score) == "6.00"
