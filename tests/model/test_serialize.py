"""The document survives JSON unchanged: blanks, `11.00`, multi-line cells, qualitative values."""

from __future__ import annotations

import json

import pytest

from exporters import json_io
from exporters.base import ExportOptions, ImportOptions
from model import JixiaoError, document_from_dict, document_to_dict

from ..documents import edge_case_document


def test_dict_round_trip_is_identical() -> None:
    doc = edge_case_document()
    assert document_from_dict(document_to_dict(doc)) == doc


def test_json_export_then_import_is_identical() -> None:
    doc = edge_case_document()
    data = json_io.write(doc, options=ExportOptions())
    back = json_io.read(data, source="x.json", options=ImportOptions()).documents
    assert back == [doc]
    text = data.decode("utf-8")
    assert '"11.00"' in text and '"11"' in text  # digits as written
    assert "\\u" not in text  # readable Chinese, no escapes
    project = json.loads(text)["document"]["projects"][0]
    assert project["other"] is None and project["plan"][1] is None  # blank is not 0


def test_floats_are_refused_because_binary_floats_lose_cents() -> None:
    data = document_to_dict(edge_case_document())
    data["projects"][0]["budget"] = 11.1
    with pytest.raises(JixiaoError, match="budget"):
        document_from_dict(data)


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("year",), "2023", "year"),
        (("projects", 0, "plan"), ["1"], "plan"),
        (("projects", 0, "budget"), "十一万", "不是数字"),
        (("projects", 0, "goals"), "1.目标", "文本列表"),
        (("profile",), "2018", "2015 或 2021"),
    ],
)
def test_malformed_data_names_the_place(path: tuple, value: object, message: str) -> None:
    data = document_to_dict(edge_case_document())
    target = data
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    with pytest.raises(JixiaoError, match=message):
        document_from_dict(data)
