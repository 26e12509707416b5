"""Issue 15: control characters stored in a document (an old database, a path that did not
clean them) are shown, never obeyed: `list`, `show`, `check`, `history`, `diff` and error lines
print no raw control byte but the newline; JSON output escapes them; Excel export succeeds."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from exporters import xlsx_io
from exporters.base import ExportOptions
from jixiao.cli import main
from storage import Store

from ..documents import edge_case_document

# Anything a terminal may take as a command: C0 but newline, DEL, C1.
RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
CLEAR = "\x1b[2J"
OSC52 = "\x1b]52;c;ZWNobyBwd25lZA==\x07"  # write the clipboard
TITLE = "\x1b]0;pwned\x07"  # set the terminal title
CSI8 = "\x9b31m"  # a C1 CSI


def hostile():
    doc = edge_case_document()
    doc.dept_name = f"巨鹿县{TITLE}"
    project = doc.projects[0]
    project.name = f"工资{CLEAR}及保险"
    project.code = f"P{CSI8}01"
    project.goals = [f"目标{OSC52}"]
    project.indicators[0].value = f"≤3人{CLEAR}"
    project.indicators[0].name = f"人数\u200b{CSI8}"
    return doc


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "db.json"
    monkeypatch.setenv("JIXIAO_DB", str(path))
    store = Store.create(path)
    store.save(hostile(), 0)  # straight into the store: nothing cleaned it
    doc, rev = store.load("903001/2023")
    doc.projects[0].purpose = f"新的用途{CLEAR}"
    store.save(doc, rev)
    return path


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["list", "903001/2023"],
        ["show", "903001/2023", "1"],
        ["check", "903001/2023"],
        ["history", "903001/2023"],
        ["diff", "903001/2023"],
        ["show", "903001/2023", f"P{CSI8}{CLEAR}"],  # an error line quoting the argument
    ],
)
def test_text_output_holds_no_raw_control_byte(db: Path, capsys, args: list[str]) -> None:
    main(args)
    out, err = capsys.readouterr()
    assert out or err
    for text in (out, err):
        assert not RAW_CONTROL.search(text), repr(text)
    if args[0] == "show" and len(args) == 3 and args[2] == "1":
        assert "工资␛[2J及保险" in out and "\\u009b31m" in out


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--json"],
        ["list", "903001/2023", "--json"],
        ["show", "903001/2023", "1", "--json"],
        ["check", "--json"],
    ],
)
def test_json_output_escapes_them_and_keeps_the_value(db: Path, capsys, args: list[str]) -> None:
    main(args)
    out = capsys.readouterr().out
    assert not RAW_CONTROL.search(out) and "\u200b" not in out
    json.loads(out)  # still valid JSON
    if args[0] == "show":
        assert json.loads(out)["name"] == f"工资{CLEAR}及保险"  # the same value to a script
        assert json.loads(out)["code"] == f"P{CSI8}01"


def test_excel_export_of_such_a_document_succeeds() -> None:
    data = xlsx_io.write(hostile(), options=ExportOptions())
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data))
    cells = [str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value]
    assert "工资[2J及保险" in cells and "≤3人[2J" in cells  # ESC dropped, the rest kept
    assert not any("\x1b" in c for c in cells)
