"""`jixiao score`: text fitted to $COLUMNS, --explain, --project, JSON and CSV, and errors as one
Chinese line with exit 1 that leave the database as it was."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from jixiao.cli import main
from jixiao.textfmt import display_width
from service import documents
from storage import open_store

from ..service.test_scoring import scored_document


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "db.json"
    monkeypatch.setenv("JIXIAO_DB", str(path))
    monkeypatch.setenv("COLUMNS", "80")
    documents.create(open_store(path, create=True), scored_document())
    return path


def test_text_per_project_then_its_indicators(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "903001/2023 张王疃乡（阶段：目标）"
    assert "1.道路维修（P1）" in lines
    assert "总分 88.72  等级 良  执行率 95.00%（得分 9.50／10.00）" in lines
    header = lines.index("总分 88.72  等级 良  执行率 95.00%（得分 9.50／10.00）") + 1
    assert lines[header].split() == ["行", "三级指标", "指标值", "实际完成值", "分值", "得分"]
    assert lines[header + 1].split() == ["1", "维修道路", "≥4公里", "3公里", "28.13", "21.10"]
    assert "总分 3.75  等级 —  全年执行数未填写，预算执行率不计分" in lines
    assert "第2行：实际完成值未填写" in lines
    assert lines[-1] == "平均分：2 个项目中 1 个已全部计分，全部计分后再算平均分"


def test_text_fits_the_terminal(
    db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    assert main(["score", "--explain"]) == 0
    out = capsys.readouterr().out
    assert max(display_width(line) for line in out.splitlines()) <= 40
    assert "维修道" in out and "28.13" in out  # wrapped inside the columns, not cut off


def test_the_average_when_every_project_is_complete(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = open_store(db)
    doc, revision = store.load("903001/2023")
    doc.projects[1].indicators[1].actual = "50人"  # 就业: met → 33.75
    doc.projects[1].executed = doc.projects[1].budget  # 执行率 100 % → 10
    store.save(doc, revision)
    assert main(["score"]) == 0
    out = capsys.readouterr().out
    # 农民培训: 3.75 + 33.75 + 10.00 = 47.50 → 差; average (88.72 + 47.50) / 2 = 68.11 → 中
    assert "总分 47.50  等级 差  执行率 100.00%（得分 10.00／10.00）" in out
    assert out.splitlines()[-1] == "平均分 68.11  等级 中"


def test_explain_prints_every_step(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", "903001/2023", "--project", "P1", "--explain"]) == 0
    out = capsys.readouterr().out
    assert "农民培训" not in out
    steps = out[out.index("计算过程：") :].splitlines()
    assert "  本项目没有满意度指标" in "\n".join(steps)
    assert "第1行 产出指标／维修道路" in steps
    assert "  得分 = 分值 28.13 × 实际 3 ÷ 目标 4 = 21.0975，四舍五入为 21.10" in steps
    assert "  完成程度“达成”：得分应在分值的 80%–100%，即 27–33.75" in steps
    assert "  预算执行率得分 = 权重 10 × 95.00 ÷ 100.00 = 9.50" in steps
    assert "  总分 = 21.10 + 28.12 + 30.00 + 9.50 = 88.72" in steps
    assert steps[-1] == "  等级：良（80 ≤ 总分 < 90）"


def test_json(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", "--format", "json", "--project", "农民"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["document"] == "903001/2023"
    [project] = data["projects"]
    assert set(project) == {"code", "name", "score", "grade", "execution_rate", "indicators"}
    assert (project["code"], project["score"], project["grade"]) == ("P2", "3.75", None)
    assert project["indicators"][0] == {
        "row": 1, "target": "≥200人次", "actual": "150人次", "weight": "5.00", "score": "3.75",
    }  # fmt: skip


def test_csv(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("\ufeff")
    records = list(csv.reader(io.StringIO(out.removeprefix("\ufeff"))))
    assert records[0][:4] == ["项目序号", "项目编码", "项目名称", "行号"]
    totals = [r for r in records if r[6] == "总分"]
    assert [(r[1], r[10], r[11]) for r in totals] == [("P1", "88.72", "良"), ("P2", "3.75", "")]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["score", "--format", "xml"], "错误：--format 只能是 text、json 或 csv，不认识“xml”"),
        (["score", "--format", "json", "--explain"], "错误：--explain 只用于文本输出"),
        (["score", "--project", "P9"], "错误：文档 903001/2023 中没有项目“P9”"),
        (["score", "--project", "道路", "904000/2023"], "错误：数据库中没有文档 904000/2023"),
    ],
)
def test_errors_are_one_chinese_line_and_change_nothing(
    db: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    before = db.read_bytes()
    assert main(args) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    [line] = captured.err.splitlines()
    assert line.startswith(message)
    assert db.read_bytes() == before


def test_scoring_never_writes(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = db.read_bytes()
    for fmt in ("text", "json", "csv"):
        assert main(["score", "--format", fmt]) == 0
    assert db.read_bytes() == before
