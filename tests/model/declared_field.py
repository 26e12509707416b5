"""Run by test_fields.py in a copy of the source whose model/fields.py declares one more field,
an indicator's 备注 kept in ``extra`` (and nothing else changed): every place that lists fields
must carry it. Exits non-zero with a traceback when one does not."""

from __future__ import annotations

import copy
import csv
import io
import json

import openpyxl

from exporters import csv_io, json_io, xlsx_io
from exporters.base import ImportOptions
from jixiao.show import render_project
from model import Document, Indicator, Project
from model import fields as F
from model.merge import diff_documents, merge_document
from model.merge3 import merge3
from model.rules import FIELDS
from tui.project import COLUMNS, cell_value, set_cell_value, shows_extra_columns


def document(remark: str) -> Document:
    first = Indicator("产出指标", "数量指标", "人数", value="≥3人", extra={"其他": "x"})
    F.by_label("备注").set(first, remark)
    second = Indicator("产出指标", "质量指标", "合格率", value="100%")
    project = Project(code="P1", name="项目", indicators=[first, second])
    return Document(dept_code="903001", year=2023, projects=[project])


def main() -> None:
    remark = F.by_label("备注")
    assert remark is not None and remark.in_extra
    doc = document("按花名册")
    assert doc.projects[0].indicators[0].extra == {"其他": "x", "备注": "按花名册"}

    # CSV: a column of its own, written because a row uses it, read and merged back.
    text = csv_io.write(doc).decode("utf-8-sig")
    header, first, second = list(csv.reader(io.StringIO(text, newline="")))
    assert header[-1] == "备注" and first[-1] == "按花名册" and second[-1] == "", header
    result = csv_io.read(text.encode(), source="t.csv", options=ImportOptions())
    assert not result.errors and "indicators.remark" in result.partial_fields
    stored = document("")
    assert stored.projects[0].indicators[0].extra == {"其他": "x"}
    merged = merge_document(stored, result.documents[0], partial_fields=result.partial_fields)
    assert merged.projects[0].indicators[0].extra == {"其他": "x", "备注": "按花名册"}

    # Excel: its own column after 权重; 扩展字段 keeps only what no field declares.
    data = xlsx_io.write(doc)
    ws = openpyxl.load_workbook(io.BytesIO(data))["绩效指标"]
    names = [c.value for c in ws[1]]
    assert names[-5:] == ["计算公式", "权重", "备注", "扩展字段", "指标ID"], names
    row = dict(zip(names, [c.value for c in ws[2]], strict=True))
    assert row["备注"] == "按花名册" and json.loads(row["扩展字段"]) == {"其他": "x"}
    back = xlsx_io.read(data, source="t.xlsx").documents[0]
    assert back.projects[0].indicators[0].extra == {"其他": "x", "备注": "按花名册"}
    assert back.projects[0].indicators[1].extra == {}

    # Merge: a change line of its own, none for 扩展字段.
    lines = [str(c) for c in diff_documents(doc, document("按实到人数"))]
    assert lines == ["项目 P1 指标 1 备注：按花名册 → 按实到人数"], lines

    # Three-way merge: a field of its own beside the undeclared keys of extra.
    mine, theirs = copy.deepcopy(doc), copy.deepcopy(doc)
    remark.set(mine.projects[0].indicators[0], "我的备注")
    theirs.projects[0].indicators[0].extra["其他"] = "y"
    clean = merge3(doc, mine, theirs)
    assert not clean.conflicts
    assert clean.doc.projects[0].indicators[0].extra == {"其他": "y", "备注": "我的备注"}
    remark.set(theirs.projects[0].indicators[0], "对方的备注")
    (conflict,) = merge3(doc, mine, theirs).conflicts
    assert conflict.path[-1] == "remark" and conflict.label == "备注", conflict
    assert conflict.line() == "项目1“项目” 第1行 备注：我的“我的备注”，对方的“对方的备注”"

    # JSON keeps it in extra, as before.
    assert json.loads(json_io.dumps(doc))["document"]["projects"][0]["indicators"][0]["extra"] == {
        "其他": "x",
        "备注": "按花名册",
    }

    # show: a column when a row uses it.
    shown = render_project(doc, doc.projects[0], 1).split("\n")
    table = shown[shown.index("") + 1 :]
    assert table[0].split()[-1] == "备注" and table[1].split()[-1] == "按花名册", table

    # The editor's grid: an optional column, shown when used; edited like the others.
    assert COLUMNS[-1] == ("备注", "remark", "long")
    assert shows_extra_columns(doc) and not shows_extra_columns(document(""))
    ind = doc.projects[0].indicators[0]
    assert cell_value(ind, "remark") == "按花名册"
    set_cell_value(ind, "remark", "  ")
    assert ind.extra == {"其他": "x"}  # blank: the key goes

    # The rules' field catalogue knows it.
    assert "备注" in FIELDS
    print("ok")


if __name__ == "__main__":
    main()
