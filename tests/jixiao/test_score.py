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


def test_the_sample_carried_through_a_json_merge(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Export the sample as JSON, fill the year's actuals of three projects in it, merge it
    back and score: the numbers worked out by hand below."""
    from jixiao.sample import load_sample

    path = tmp_path / "sample.json"
    monkeypatch.setenv("JIXIAO_DB", str(tmp_path / "db.json"))
    documents.create(open_store(tmp_path / "db.json", create=True), load_sample())
    exported = tmp_path / "export.json"
    assert main(["export", "--format", "json", "-o", str(exported)]) == 0
    data = json.loads(exported.read_text(encoding="utf-8"))
    projects = data["document"]["projects"]

    def fill(project: dict, executed: str, rows: list[dict], **more: str) -> None:
        project.update(executed=executed, **more)
        assert len(rows) == len(project["indicators"])
        for indicator, filled in zip(project["indicators"], rows, strict=True):
            indicator.update(filled)

    # 1 凤还巢 (预算数 11.00): 产出 4 × 12.50, 效益 2 × 15, 满意度 10 (no 分值 entered).
    #   ≤3人 ← 3人: 12.50; ≤100% ← 100%: 12.50; 12月底前 达成, 得分 12.5: 12.50;
    #   ≤11万元 ← 110000元 (= 11万元): 12.50; 100% ← 96%: 15 × 0.96 = 14.40;
    #   ≥50% ← 40%: 15 × 40/50 = 12.00; ≥90% ← 95%: 10.00; 执行率 10.45/11.00 = 95% → 9.50
    #   总分 50 + 14.40 + 12.00 + 10.00 + 9.50 = 95.90 → 优
    fill(projects[0], "10.45", [
        {"actual": "3人"}, {"actual": "100%"}, {"achievement": "达成", "score": "12.5"},
        {"actual": "110000元"}, {"actual": "96%"}, {"actual": "40%"}, {"actual": "95%"},
    ])  # fmt: skip
    # 2 综合网格员 (全年预算数 100, 全年执行数 120: 120 % → 10.00)
    #   ≤248人 ← 250人: 12.50 × 248/250 = 12.40; ≤100% ← 100%: 12.50;
    #   12月底前 部分达成, 得分 9 (band 7.5–10): 9.00; ≤89.28万元 ← 90万元: 12.50 × 89.28/90
    #   = 12.40; 100% ← 100%: 15.00; ≥50% ← 25%: 15 × 25/50 = 7.50; ≥90% ← 88%:
    #   10 × 88/90 = 9.777… → 9.78
    #   总分 12.40 + 12.50 + 9.00 + 12.40 + 15.00 + 7.50 + 9.78 + 10.00 = 88.58 → 良
    fill(projects[1], "120", [
        {"actual": "250人"}, {"actual": "100%"}, {"achievement": "部分达成", "score": "9"},
        {"actual": "90万元"}, {"actual": "100%"}, {"actual": "25%"}, {"actual": "88%"},
    ], annual_budget="100")  # fmt: skip
    # 3 大留庄村 (11 rows: 产出 8 × 6.25, 效益 2 × 15, 满意度 10), 执行数 = 预算数 → 10.00;
    #   every target met but row 10 (定性) has no 得分 yet: 总分 50 + 15 + 10 + 10 = 85.00,
    #   no grade
    budget = projects[2]["budget"]
    fill(projects[2], budget, [
        {"actual": "50台"}, {"actual": "1200元"}, {"actual": "3600平方米"}, {"actual": "178元"},
        {"actual": "500米"}, {"actual": "600元"}, {"achievement": "达成", "score": "6.25"},
        {"actual": "100%"}, {"actual": "30%"}, {"actual": "明显改善"}, {"actual": "95%"},
    ])  # fmt: skip
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert main(["import", "--merge", str(path)]) == 0
    capsys.readouterr()

    assert main(["score", "--format", "json"]) == 0
    scored = json.loads(capsys.readouterr().out)["projects"]
    got = [(p["score"], p["grade"], p["execution_rate"]) for p in scored[:3]]
    assert got == [("95.90", "优", "95.00"), ("88.58", "良", "120.00"), ("85.00", None, "100.00")]
    assert [i["score"] for i in scored[1]["indicators"]] == [
        "12.40", "12.50", "9.00", "12.40", "15.00", "7.50", "9.78",
    ]  # fmt: skip
    assert scored[2]["indicators"][9]["score"] is None
    assert all(p["score"] is not None and p["grade"] is None for p in scored[3:])

    assert main(["score", "--project", "3"]) == 0
    out = capsys.readouterr().out
    assert "总分 85.00  等级 —  执行率 100.00%（得分 10.00／10.00）" in out
    assert "第10行：得分未填写：定性、时限指标的得分由填报人按完成程度填写" in out


def test_tab_completes_the_command_and_project_codes(db: Path) -> None:
    import os

    from .test_completion import _complete

    env = {**os.environ, "JIXIAO_DB": str(db)}
    assert _complete("jixiao sco", 1, env).stdout.split() == ["score"]
    done = _complete("jixiao score 903001/2023 --project P", 4, env)
    assert (done.returncode, done.stdout.split(), done.stderr) == (0, ["P1", "P2"], "")
