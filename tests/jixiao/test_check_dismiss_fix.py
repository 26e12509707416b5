"""`jixiao check --dismiss RULE@PLACE --reason …`, `--show-dismissed`, `--fix [--dry-run]`:
what is printed, the exit codes, and one-line refusals that leave the database unchanged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jixiao.cli import main
from model.serialize import document_to_dict
from storage import Store
from tests.model.rules_helpers import clean_document

KEY = "903001/2023"


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "db.json"
    monkeypatch.setenv("JIXIAO_DB", str(path))
    doc = clean_document()
    doc.projects[1].indicators[1].value = "≤100%"  # JX208 error, fixable
    doc.projects[1].indicators[0].value = "≤12人"  # JX210 warning
    Store.create(path).save(doc, 0)
    return path


def revision(db: Path) -> int:
    return Store(db).load(KEY)[1]


def test_each_finding_prints_what_dismiss_takes(db: Path, capsys) -> None:
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    assert "    JX210@2.1 警告  第 1 行 指标值" in out
    assert "    JX208@2.2 错误  第 2 行 指标值" in out
    assert f"  其中 1 条可自动修正：jixiao check {KEY} --fix --dry-run 查看" in out


def test_dismiss_then_check_passes_and_shows_it_only_when_asked(db: Path, capsys) -> None:
    assert main(["check", "--dismiss", "jx208@2.2", "--reason", "按文件写法"]) == 0
    out = capsys.readouterr().out
    assert "已核实 JX208" in out and "已保存为第 2 版" in out
    assert main(["check"]) == 0  # the only error is dismissed: exit 0
    out = capsys.readouterr().out
    assert "JX208" not in out and "另有已核实 1 条" in out
    assert main(["check", "--show-dismissed"]) == 0
    out = capsys.readouterr().out
    assert "已核实（不计入）1 条" in out and "JX208@2.2" in out and "按文件写法" in out
    assert main(["check", "--format", "json", "--show-dismissed"]) == 0
    data = json.loads(capsys.readouterr().out)
    marked = [d for d in data if "dismissed" in d]
    assert [(d["rule"], d["place"], d["dismissed"]["reason"]) for d in marked] == [
        ("JX208", "2.2", "按文件写法")
    ]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--dismiss", "JX208@2.2"], "须加 --reason"),
        (["--dismiss", "JX208-2.2", "--reason", "x"], "规则@位置"),
        (["--dismiss", "JX208@9.9", "--reason", "x"], "项目 9 第 9 行 没有 JX208"),
        (["--dismiss", "JX999@2.2", "--reason", "x"], "JX999"),
        (["--reason", "x"], "--reason 只能与 --dismiss 合用"),
        (["--dry-run"], "--dry-run 只能与 --fix 合用"),
        (["--fix", "--dismiss", "JX208@2.2", "--reason", "x"], "分开运行"),
        (["--fix", "--all"], "--all"),
    ],
)
def test_refusals_are_one_line_and_change_nothing(db: Path, capsys, args, words) -> None:
    assert main(["check", *args]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    [line] = captured.err.splitlines()
    assert line.startswith("错误：") and words in line
    assert revision(db) == 1


def test_fix_dry_run_then_fix(db: Path, capsys) -> None:
    assert main(["check", "--fix", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "将要修正 1 处" in out and "项目2 第2行 指标值：“≤100%” → “=100%”（JX208）" in out
    assert "未保存" in out and revision(db) == 1
    assert main(["check", "--fix"]) == 0
    out = capsys.readouterr().out
    assert "已修正 1 处" in out and "已保存为第 2 版" in out
    assert Store(db).load(KEY)[0].projects[1].indicators[1].value == "=100%"
    assert main(["check", "--fix"]) == 0
    assert "没有可自动修正的问题" in capsys.readouterr().out
    assert revision(db) == 2
    assert main(["check"]) == 0  # the warning is left; no error
    assert "可自动修正" not in capsys.readouterr().out


def test_json_export_import_carries_the_marks(db: Path, tmp_path: Path, capsys) -> None:
    assert main(["check", "--dismiss", "JX210@2.1", "--reason", "名额上限"]) == 0
    out_file = tmp_path / "out.json"
    assert main(["export", KEY, "-o", str(out_file)]) == 0
    data = json.loads(out_file.read_text(encoding="utf-8"))
    assert [d["rule"] for d in data["document"]["dismissals"]] == ["JX210"]
    other = tmp_path / "other.json"
    assert main(["--db", str(other), "init"]) == 0
    assert main(["--db", str(other), "import", str(out_file)]) == 0
    doc, _ = Store(other).load(KEY)
    assert document_to_dict(doc)["dismissals"] == data["document"]["dismissals"]
    capsys.readouterr()
    assert main(["--db", str(other), "check"]) == 1
    assert "JX210" not in capsys.readouterr().out


def test_undismiss_opens_the_finding_again(db: Path, capsys) -> None:
    assert main(["check", "--undismiss", "JX208@2.2"]) == 1  # nothing marked there yet
    assert "没有已核实的标记" in capsys.readouterr().err and revision(db) == 1
    assert main(["check", "--dismiss", "JX208@2.2", "--reason", "按文件写法"]) == 0
    assert main(["check"]) == 0
    capsys.readouterr()
    assert main(["check", "--undismiss", "JX208@2.2"]) == 0
    assert "已取消核实 JX208（原理由：按文件写法）" in capsys.readouterr().out
    assert revision(db) == 3 and Store(db).load(KEY)[0].dismissals == []
    assert main(["check"]) == 1  # the error counts again
    assert main(["check", "--undismiss", "JX208@2.2", "--reason", "x"]) == 1
