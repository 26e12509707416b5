"""The `jixiao` command: the contract of issue 2 — paths, listing, JSON import/export, restore,
exit codes, and one-line errors that leave the database unchanged."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
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
    monkeypatch.setenv("JIXIAO_DB", str(path))
    return path


def run(
    *args: str, stdin: bytes | None = None, monkeypatch: pytest.MonkeyPatch | None = None
) -> int:
    if stdin is not None:
        assert monkeypatch is not None
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    return main(list(args))


def test_where_follows_option_then_env(db: Path, tmp_path: Path, capsys) -> None:
    assert run("where") == 0
    assert capsys.readouterr().out.strip() == str(db)
    other = tmp_path / "other.json"
    assert run("--db", str(other), "where") == 0
    assert capsys.readouterr().out.strip() == str(other)


def test_init_list_import_show_export(db: Path, tmp_path: Path, capsys) -> None:
    assert run("init") == 0
    assert db.exists()
    source = tmp_path / "doc.json"
    source.write_bytes(json_io.write(edge_case_document(), options=ExportOptions()))
    assert run("import", str(source)) == 0
    assert "已新建 903001/2023" in capsys.readouterr().out
    assert run("list", "--json") == 0
    [info] = json.loads(capsys.readouterr().out)
    assert (info["key"], info["project_count"], info["revision"]) == ("903001/2023", 2, 1)
    assert run("list", "903001/2023") == 0
    assert "“凤还巢”大学生村干部工资及保险" in capsys.readouterr().out
    assert run("show", "13052923P00584011574U") == 0  # one document: DOC may be left out
    shown = capsys.readouterr().out
    assert "预算数：11.00" in shown and "≤3人" in shown
    assert run("show", "903001/2023", "1", "--json") == 0
    assert json.loads(capsys.readouterr().out)["budget"] == "11.00"
    out = tmp_path / "out.json"
    assert run("export", "-o", str(out)) == 0
    assert (
        json_io.read(out.read_bytes(), source="o").documents[0] == Store(db).load("903001/2023")[0]
    )


def test_json_round_trip_through_the_cli_is_identical(db: Path, tmp_path: Path, capsys) -> None:
    run("init")
    original = edge_case_document()
    source = tmp_path / "in.json"
    source.write_bytes(json_io.write(original, options=ExportOptions()))
    assert run("import", str(source)) == 0
    out = tmp_path / "out.json"
    assert run("export", "--format", "json", "-o", str(out)) == 0
    assert json_io.read(out.read_bytes(), source="out.json").documents == [original]


def test_stdin_and_stdout(db: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    run("init")
    data = json_io.write(edge_case_document(), options=ExportOptions())
    assert run("import", "--format", "json", "-", stdin=data, monkeypatch=monkeypatch) == 0
    capsys.readouterr()
    assert run("export", "--format", "json", "-o", "-") == 0
    assert json.loads(capsys.readouterr().out)["document"]["dept_code"] == "903001"


def test_existing_document_needs_replace(db: Path, tmp_path: Path, capsys) -> None:
    run("init")
    source = tmp_path / "doc.json"
    source.write_bytes(json_io.write(edge_case_document(), options=ExportOptions()))
    run("import", str(source))
    before = db.read_bytes()
    assert run("import", str(source)) == 1
    assert "已存在" in capsys.readouterr().err
    assert db.read_bytes() == before
    assert run("import", "--replace", str(source)) == 0
    assert Store(db).load("903001/2023")[1] == 2


def test_dry_run_writes_nothing(db: Path, tmp_path: Path, capsys) -> None:
    run("init")
    before = db.read_bytes()
    source = tmp_path / "doc.json"
    source.write_bytes(json_io.write(edge_case_document(), options=ExportOptions()))
    assert run("import", "--dry-run", str(source)) == 0
    assert "将新建 903001/2023" in capsys.readouterr().out
    assert db.read_bytes() == before


def test_export_refuses_to_overwrite_without_force(db: Path, tmp_path: Path, capsys) -> None:
    run("init")
    Store(db).save(edge_case_document(), 0)
    out = tmp_path / "out.json"
    out.write_text("keep me", encoding="utf-8")
    assert run("export", "-o", str(out)) == 1
    assert "--force" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "keep me"
    assert run("export", "-o", str(out), "--force") == 0
    assert out.read_text(encoding="utf-8").startswith("{")


def test_history_lists_revisions_and_restore_brings_one_back(db: Path, capsys) -> None:
    run("init")
    store = Store(db)
    doc = edge_case_document()
    rev = store.save(doc, 0)
    doc.dept_name = "改过的名字"
    store.save(doc, rev)
    assert run("history", "903001/2023") == 0
    listing = capsys.readouterr().out
    assert "第2版（当前）" in listing and "第1版" in listing
    assert run("restore", "903001/2023", "--revision", "1") == 0
    assert "保存为第 3 版" in capsys.readouterr().out
    assert Store(db).load("903001/2023") == (Store(db).load_revision("903001/2023", 1), 3)
    assert run("restore", "903001/2023", "--revision", "9") == 1
    assert "没有第 9 版" in capsys.readouterr().err
    assert run("restore", "--list") == 0
    assert "jixiao history DOC" in capsys.readouterr().out  # no whole-file backups any more


def test_several_documents_need_doc(db: Path, capsys) -> None:
    run("init")
    store = Store(db)
    store.save(edge_case_document(year=2023), 0)
    store.save(edge_case_document(year=2024), 0)
    assert run("export", "--format", "json") == 1
    err = capsys.readouterr().err
    assert "903001/2023" in err and "903001/2024" in err
    assert run("list", "999/2023") == 1


BAD_INPUTS = [
    ("not-json.json", b"{oops", "JSON 格式错误"),
    ("empty.json", b"", "JSON 格式错误"),
    ("wrong.json", b'{"hello": 1}', "不是 jixiao 导出的 JSON"),
    ("amount.json", None, "不是数字"),
    ("old.doc", b"\xd0\xcf\x11\xe0", "另存为 .docx"),
    ("table.ods", b"x", "不认识的文件类型"),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD_INPUTS)
def test_bad_input_is_one_line_exit_1_database_unchanged(
    db: Path, tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    run("init")
    Store(db).save(edge_case_document(year=2024), 0)
    before = db.read_bytes()
    if content is None:
        payload = json.loads(json_io.write(edge_case_document(), options=ExportOptions()))
        payload["document"]["projects"][0]["budget"] = "十一万"
        content = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    bad = tmp_path / name
    bad.write_bytes(content)
    proc = subprocess.run(
        [sys.executable, "-m", "jixiao", "import", str(bad)],
        capture_output=True,
        text=True,
        env={"JIXIAO_DB": str(db), "PATH": ""},
    )
    assert proc.returncode == 1, proc.stderr
    assert message in proc.stderr
    assert str(bad) in proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert db.read_bytes() == before


def test_usage_errors_exit_2(db: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "jixiao", "no-such-command"],
        capture_output=True,
        text=True,
        env={"JIXIAO_DB": str(db), "PATH": ""},
    )
    assert proc.returncode == 2


def test_missing_database_is_one_line(db: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "jixiao", "list"],
        capture_output=True,
        text=True,
        env={"JIXIAO_DB": str(db), "PATH": ""},
    )
    assert proc.returncode == 1
    assert (
        proc.stderr.strip()
        == f"错误：数据库文件 {db} 不存在；新建请运行 jixiao init，或用 --db 指定路径"
    )


def test_help_is_chinese_and_start_up_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys; from jixiao.cli import main; rc = main(['--help']); "
        "heavy = [m for m in ('textual', 'docx', 'openpyxl', 'tinydb', 'rich') if m in sys.modules]; "
        "print('HEAVY', heavy)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "用法：jixiao" in proc.stdout and "导入文件" in proc.stdout
    assert "HEAVY []" in proc.stdout


def test_export_takes_a_bare_dash_for_stdout(db: Path, capsys) -> None:
    run("init")
    Store(db).save(edge_case_document(), 0)
    capsys.readouterr()
    assert run("export", "903001/2023", "--format", "json", "-") == 0
    assert json.loads(capsys.readouterr().out)["document"]["year"] == 2023
    assert run("export", "-", "--format", "json") == 0  # DOC left out
    assert json.loads(capsys.readouterr().out)["document"]["year"] == 2023


def test_show_of_a_missing_project_says_how_to_list_them(db: Path, tmp_path: Path, capsys) -> None:
    source = tmp_path / "doc.json"
    source.write_bytes(json_io.write(edge_case_document(), options=ExportOptions()))
    assert run("init") == 0 and run("import", str(source)) == 0
    capsys.readouterr()
    assert run("show", "903001/2023", "99") == 1
    err = capsys.readouterr().err
    assert "没有项目“99”" in err and "jixiao list 903001/2023" in err and err.count("\n") == 1


def test_history_summarises_each_change_and_diff_lists_them_field_by_field(
    db: Path, capsys
) -> None:

    run("init")
    store = Store(db)
    doc = edge_case_document()
    revision = store.save(doc, 0)
    doc.dept_name = "改过的名字"
    revision = store.save(doc, revision)
    doc.projects[0].purpose = "新的用途"
    doc.projects[0].indicators[0].value = "≤5人"
    store.save(doc, revision)
    assert run("history", "903001/2023") == 0
    lines = capsys.readouterr().out.splitlines()
    assert "新建" in lines[-1] and "改过的名字" in lines[-2] and "等 2 处修改" in lines[-3]
    assert run("diff", "903001/2023") == 0
    out = capsys.readouterr().out.splitlines()
    assert re.fullmatch(  # each revision with its local save time and who saved it
        r"文档 903001/2023 第 2 版（\d{4}-\d\d-\d\d \d\d:\d\d .+） → 第 3 版（\d{4}-\d\d-\d\d \d\d:\d\d .+）：",
        out[0],
    ), out[0]
    assert any("新的用途" in line for line in out) and any("≤5人" in line for line in out)
    assert len(out) == 3
    assert run("diff", "903001/2023", "--revision", "1", "--to", "2") == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2 and "改过的名字" in out[1]
    assert run("diff", "903001/2023", "--revision", "9") == 1
    assert "没有第 9 版" in capsys.readouterr().err
    for n in range(47):  # 50 revisions, each summarised (how fast is bench/'s business)
        doc.projects[0].purpose = f"用途{n}"
        store.save(doc, store.revision("903001/2023"))
    assert run("history", "903001/2023") == 0
    out = capsys.readouterr().out
    assert "用途46" in out and "第50版（当前）" in out
