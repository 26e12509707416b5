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
@given(documents())
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
