"""Every everyday command, unchanged, on each backend (`--db` a file or a postgresql:// URL):
import, list, show, export, check, copy, history, diff, restore — and where."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from exporters import json_io
from exporters.base import ExportOptions
from jixiao.cli import main

from ..documents import edge_case_document
from .conftest import StoreFactory

KEY = "903001/2023"


@pytest.fixture
def db(store_factory: StoreFactory, monkeypatch: pytest.MonkeyPatch) -> str:
    location = store_factory().location
    monkeypatch.setenv("JIXIAO_DB", location)
    return location


def test_the_commands_work_on_every_backend(db: str, tmp_path: Path, capsys) -> None:
    source = tmp_path / "doc.json"
    source.write_bytes(json_io.write(edge_case_document(), options=ExportOptions()))
    assert main(["where"]) == 0
    assert capsys.readouterr().out.strip() == db
    assert main(["import", str(source)]) == 0
    assert "已新建 903001/2023" in capsys.readouterr().out
    assert main(["list", "--json"]) == 0
    [info] = json.loads(capsys.readouterr().out)
    assert (info["key"], info["project_count"], info["revision"]) == (KEY, 2, 1)
    assert main(["show", "13052923P00584011574U"]) == 0
    assert "“凤还巢”大学生村干部工资及保险" in capsys.readouterr().out
    out = tmp_path / "out.csv"
    assert main(["export", KEY, "--format", "csv", "-o", str(out)]) == 0
    edited = out.read_text(encoding="utf-8-sig").replace("“凤还巢”", "“雁归巢”")
    out.write_text(edited, encoding="utf-8-sig")
    assert main(["import", "--format", "csv", "--merge", KEY, str(out)]) == 0
    capsys.readouterr()
    assert main(["show", "13052923P00584011574U", "--json"]) == 0
    assert "雁归巢" in capsys.readouterr().out
    assert main(["check", KEY]) in (0, 1)
    assert "JX" in capsys.readouterr().out
    assert main(["copy", KEY, "--year", "2024"]) == 0
    capsys.readouterr()
    assert main(["list"]) == 0
    listed = capsys.readouterr().out
    assert "2023" in listed and "2024" in listed
    assert main(["history", KEY]) == 0
    shown = capsys.readouterr().out
    assert "第2版（当前）" in shown and "第1版" in shown and "雁归巢" in shown and "新建" in shown
    assert main(["diff", KEY, "--revision", "1"]) == 0
    assert "雁归巢" in capsys.readouterr().out
    assert main(["restore", KEY, "--revision", "1"]) == 0
    assert "保存为第 3 版" in capsys.readouterr().out
    assert main(["show", KEY, "13052923P00584011574U", "--json"]) == 0
    assert "凤还巢" in capsys.readouterr().out
    assert main(["restore", "--list"]) == 0
    assert "没有" in capsys.readouterr().out


def test_errors_are_one_line_on_every_backend(db: str, capsys) -> None:
    assert main(["show", "999999/2023", "1"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("错误：") and err.count("\n") == 1


def test_the_command_line_does_not_load_psycopg_for_a_file(tmp_path: Path) -> None:
    # psycopg is imported when a postgresql:// location is opened, never at start-up.
    import subprocess
    import sys

    code = (
        "import sys; from jixiao.cli import main; main(['--db', sys.argv[1], 'init']); "
        "main(['--db', sys.argv[1], 'list']); print('psycopg' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "db.json")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip().splitlines()[-1] == "False"


def test_without_postgresql_its_tests_skip_saying_why(monkeypatch: pytest.MonkeyPatch) -> None:
    from . import conftest

    monkeypatch.setattr(conftest, "find_binaries", lambda: None)
    reason = conftest._postgres_missing()
    assert "PostgreSQL" in reason and "跳过" in reason
