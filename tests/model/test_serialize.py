"""The document survives JSON unchanged: blanks, `11.00`, multi-line cells, qualitative values."""

from __future__ import annotations

import json
from dataclasses import fields
from decimal import Decimal

import pytest

from exporters import json_io
from exporters.base import ExportOptions, ImportOptions
from model import JixiaoError, document_from_dict, document_to_dict
from model.entities import Indicator, target_indicator
from model.serialize import indicator_from_dict, indicator_to_dict

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


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", 5, "projects[1].indicators[2].name 应为文本"),
        ("extra", None, "projects[1].indicators[2].extra 应为“名称: 文本”的对象"),
        ("extra", {"列": 1}, "projects[1].indicators[2].extra 应为“名称: 文本”的对象"),
        ("likelihood", "也许", "projects[1].indicators[2].likelihood 应为以下之一："),
        ("score_weight", 1.5, "projects[1].indicators[2].score_weight 应写成文本形式的数字"),
        ("score", "很好", "projects[1].indicators[2].score"),
        ("id", 7, "projects[1].indicators[2].id 应为文本"),
    ],
)
def test_a_malformed_indicator_is_named_by_its_path(
    field: str, value: object, message: str
) -> None:
    """Rows are read by a fast path; a malformed one still gets the error naming its place."""
    data = document_to_dict(edge_case_document())
    data["projects"][0]["indicators"][1][field] = value
    with pytest.raises(JixiaoError) as caught:
        document_from_dict(data)
    assert str(caught.value).startswith(message)


def test_indicator_rows_that_are_not_objects_are_named() -> None:
    data = document_to_dict(edge_case_document())
    data["projects"][0]["indicators"][1] = "发放人数"
    with pytest.raises(JixiaoError, match=r"^projects\[1\]\.indicators\[2\] 应为对象"):
        document_from_dict(data)
    data["projects"][0]["indicators"] = "发放人数"
    with pytest.raises(JixiaoError, match=r"^projects\[1\]\.indicators 应为列表"):
        document_from_dict(data)


def test_indicator_rows_read_every_field() -> None:
    """Blank, missing and filled fields alike, on the fast path and the full one."""
    data = document_to_dict(edge_case_document())
    row = data["projects"][0]["indicators"][0]
    for key in ("basis", "formula", "extra"):
        row.pop(key, None)
    row["description"] = None
    row["likelihood"] = "有可能"
    row["id"] = ""
    weighted = dict(row, score_weight="5", id="w1")
    data["projects"][0]["indicators"].append(weighted)
    doc = document_from_dict(data)
    first, last = doc.projects[0].indicators[0], doc.projects[0].indicators[-1]
    assert (first.basis, first.formula, first.description, first.extra) == ("", "", "", {})
    assert first.likelihood == "有可能" and len(first.id) == 12
    assert last.score_weight == 5 and last.id == "w1" and last.likelihood == "有可能"
    assert (last.name, last.value) == (first.name, first.value)


def test_a_target_phase_row_is_read_field_for_field() -> None:
    """A row as the 目标 phase writes it is built positionally by a shortcut: each of its
    texts must land in its own field (every one distinct here, so a swap shows)."""
    ind = Indicator(
        level1="产出指标", level2="数量指标", name="发放人数", description="描述", value="≥5人",
        basis="依据", previous_value="≥4人", formula="公式", id="row1",
    )  # fmt: skip
    data = indicator_to_dict(ind)
    assert len(data) == 11  # the shape the shortcut takes
    assert indicator_from_dict(data) == ind
    assert indicator_from_dict(dict(data, extra={"备注": "x"})).extra == {"备注": "x"}


def test_rows_read_share_one_object_per_short_cell_and_keep_their_texts() -> None:
    """Two rows read from two loads share their level, name and value texts (one object each,
    for memory: the caches kept across a county's documents hold them), and read as written."""
    ind = Indicator(
        level1="产出指标", level2="数量指标", name="发放人数", description="向全县发放补贴的人数",
        value="≥5人", basis="依据", id="row1",
    )  # fmt: skip
    first, second = (
        indicator_from_dict(json.loads(json.dumps(indicator_to_dict(ind)))) for _ in "ab"
    )
    assert first == second == ind
    for attr in ("level1", "level2", "name", "value"):
        assert getattr(first, attr) is getattr(second, attr), attr


def test_target_indicator_is_the_constructor_with_only_targets_filled() -> None:
    """target_indicator sets each slot itself, bypassing __init__: it must give what the
    constructor gives, every field (an Indicator field it forgot stays unset, and comparing
    or reading it raises), and a fresh extra dict per row."""
    texts = ("一级", "二级", "名称", "描述", "≥5人", "依据", "≥4人", "公式")
    made = target_indicator(*texts, "row1")
    assert made == Indicator(*texts, id="row1")
    assert [getattr(made, f.name) for f in fields(Indicator)] == [
        getattr(Indicator(*texts, id="row1"), f.name) for f in fields(Indicator)
    ]
    assert made.extra is not target_indicator(*texts, "row2").extra


def test_amounts_read_as_written_on_the_quick_path_and_off_it() -> None:
    """Amounts as format_amount writes them skip the full parse; anything else still gets it
    (thousands separators, full-width digits) and the same Decimal, exponent and all."""
    data = document_to_dict(edge_case_document())
    project = data["projects"][0]
    project.update(budget="11.00", fiscal="1,100.50", other="１２.5")
    project["plan"] = ["-0.50", "0", "1,000", None]
    read = document_from_dict(data).projects[0]
    assert [str(v) for v in (read.budget, read.fiscal, read.other)] == ["11.00", "1100.50", "12.5"]
    assert [None if v is None else str(v) for v in read.plan.as_list()] == [
        "-0.50",
        "0",
        "1000",
        None,
    ]
    project["plan"][3] = "1e5"
    with pytest.raises(JixiaoError, match=r"plan\[4\]"):
        document_from_dict(data)


def test_amount_texts_read_once_still_read_as_written_and_refuse_the_rest() -> None:
    """_project_fast keeps each amount text's Decimal for the next project: a text read before
    gives the same digits (exponent and all), and a value that is not a text is still refused
    with its place, whatever was read before."""
    data = document_to_dict(edge_case_document())
    first = data["projects"][0]
    first.update(budget="11.00", fiscal="11.00", other=None, plan=["2.50", "5.00", "8.00", "11.00"])
    data["projects"].append(dict(first, id="again", budget="11.0", fiscal="11.00"))
    read = document_from_dict(data).projects
    assert [str(read[-1].budget), str(read[-1].fiscal)] == ["11.0", "11.00"]
    assert read[-1].plan == read[0].plan and str(read[-1].plan.dec) == "11.00"
    data["projects"][-1]["budget"] = ["11.00"]
    with pytest.raises(JixiaoError, match=r"projects\[\d+\]\.budget"):
        document_from_dict(data)


def test_a_project_reads_the_same_on_the_quick_path_and_off_it(monkeypatch) -> None:
    """A project as project_to_dict writes it is read without a _Reader (_project_fast): every
    field — later-phase amounts and 完成情况 too — must come out as the _Reader path reads it."""
    import model.serialize as serialize

    doc = edge_case_document()
    first = doc.projects[0]
    first.annual_budget, first.executed_to_date = Decimal("12.00"), Decimal("3.5")
    first.executed, first.completion = Decimal("11"), "已完成"
    data = document_to_dict(doc)
    quick = document_from_dict(data)
    assert quick == doc
    taken: list[object] = []
    real = serialize._project_fast
    monkeypatch.setattr(serialize, "_project_fast", lambda d, p: taken.append(real(d, p)) or None)
    assert document_from_dict(data) == quick
    assert taken and all(p is not None for p in taken)  # the quick path was open to every one
