"""Exports from the database record which document and revision they were made from (JSON field,
CSV last line, Excel file property), so that `import --merge` can merge three ways against it."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from exporters import csv_io, json_io, xlsx_io
from exporters.base import ExportOptions, ImportOptions, Source

from ..documents import edge_case_document

FORMATS = {"json": json_io, "csv": csv_io, "xlsx": xlsx_io}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_an_export_of_a_stored_revision_says_so_and_a_plain_one_does_not(fmt: str) -> None:
    module = FORMATS[fmt]
    doc = edge_case_document()
    stamped = module.write(doc, options=ExportOptions(revision=7))
    read = module.read(stamped, source="x", options=ImportOptions())
    assert read.source == Source("903001/2023", 7)
    assert not read.errors
    plain = module.read(module.write(doc, options=ExportOptions()), source="x")
    assert plain.source is None
    # The stamp changes nothing else the file carries.
    assert [p.code for p in read.documents[0].projects] == [
        p.code for p in plain.documents[0].projects
    ]
    assert read.documents[0].projects == plain.documents[0].projects


def test_the_csv_stamp_is_the_last_line_so_rows_keep_their_numbers() -> None:
    data = csv_io.write(edge_case_document(), options=ExportOptions(revision=3))
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[0].startswith("项目编码,项目名称,")
    assert lines[-2].startswith("# jixiao 导出自 903001/2023 第 3 版") and lines[-1] == ""


def test_a_csv_stamp_survives_a_spreadsheet_save_and_a_comment_row_is_not_taken_for_it() -> None:
    data = csv_io.write(edge_case_document(), options=ExportOptions(revision=3))
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    width = len(rows[0])
    rows[-1] += [""] * (width - 1)  # Excel/WPS write every row as wide as the widest
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows([*rows, [""] * width])
    assert csv_io.read(out.getvalue().encode(), source="x").source == Source("903001/2023", 3)
    # A last row whose first cell merely starts with # is data, not a stamp: nothing dropped.
    plain = csv_io.write(edge_case_document(), options=ExportOptions()).decode("utf-8-sig")
    read = csv_io.read((plain + "# 说明：这一行不是导出戳\r\n").encode(), source="x")
    assert read.source is None
    assert read.documents[0].projects[-1].code == "# 说明：这一行不是导出戳"


def test_the_json_stamp_is_in_the_published_schema(tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((Path(__file__).parents[2] / "docs" / "schema.json").read_text("utf-8"))
    payload = json.loads(json_io.write(edge_case_document(), options=ExportOptions(revision=2)))
    assert payload["exported_from"] == {"document": "903001/2023", "revision": 2}
    jsonschema.validate(payload, schema)


@pytest.mark.parametrize(
    "stamp", [{"document": "903001/2023", "revision": "2"}, {"document": 5, "revision": 2}, "x"]
)
def test_a_hand_edited_json_stamp_is_ignored_not_trusted(stamp: object) -> None:
    payload = json.loads(json_io.write(edge_case_document(), options=ExportOptions(revision=2)))
    payload["exported_from"] = stamp
    read = json_io.read(json.dumps(payload, ensure_ascii=False).encode(), source="x")
    assert read.source is None and len(read.documents) == 1
