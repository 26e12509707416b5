"""Issue 15: `jixiao import a b c` reads and plans every file first and saves all in one write,
or nothing: one bad file, or the same document twice, leaves the database as it was."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from exporters import json_io
from exporters.base import ExportOptions
from jixiao.cli import main
from storage import Store

from ..documents import edge_case_document


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "db.json"
    Store.create(path)
    monkeypatch.setenv("JIXIAO_DB", str(path))
    return path


def write(path: Path, *codes: str) -> str:
    docs = [
        json.loads(json_io.write(edge_case_document(c), options=ExportOptions())) for c in codes
    ]
    path.write_text(json.dumps(docs if len(docs) > 1 else docs[0], ensure_ascii=False))
    return str(path)


def test_one_bad_file_imports_none(db: Path, tmp_path: Path, capsys) -> None:
    good = write(tmp_path / "a.json", "100001")
    bad = tmp_path / "b.json"
    bad.write_text("{broken")
    before = db.read_bytes()
    assert main(["import", good, str(bad)]) == 1
    err = capsys.readouterr().err
    assert "b.json" in err and "2 个文件中有 1 个有问题，未导入任何文件" in err
    assert db.read_bytes() == before


def test_the_same_document_in_two_files_is_one_line_naming_both(
    db: Path, tmp_path: Path, capsys
) -> None:
    first = write(tmp_path / "a.json", "100001")
    second = write(tmp_path / "b.json", "100002", "100001")
    before = db.read_bytes()
    assert main(["import", first, second]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "a.json" in err and "b.json 第 2 个文档" in err
    assert "他人" not in err and db.read_bytes() == before


def test_several_files_are_saved_together(db: Path, tmp_path: Path, capsys) -> None:
    first = write(tmp_path / "a.json", "100001")
    second = write(tmp_path / "b.json", "100002", "100003")
    assert main(["import", first, second]) == 0
    out = capsys.readouterr().out
    assert out.count("已新建") == 3
    assert [i.key for i in Store(db).list_documents()] == [
        "100001/2023",
        "100002/2023",
        "100003/2023",
    ]
