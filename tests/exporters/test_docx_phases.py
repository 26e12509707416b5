"""The Word tables of the later phases (exporters.docx.phases, phase_reader): the
项目支出绩效目标执行监控表 and 项目支出绩效自评表 written in their official layouts and read back,
the 自评汇总表, `jixiao export --table`, one-line errors, and LibreOffice's rendering of both."""

from __future__ import annotations

import copy
import io
import shutil
import subprocess
from decimal import Decimal as D
from pathlib import Path

import pytest

from exporters import pdf
from exporters.base import ExportOptions, ImportOptions
from exporters.docx import read, write
from jixiao.cli import main
from model import Document, Indicator, Project
from model.entities import Phase
from model.merge import ALL_FIELDS
from storage import Store

CODE = "13052924P000000000001"


def sample() -> Document:
    """One project with every later field filled: quantitative, 时限 and 定性 indicators."""
    inds = [
        Indicator(
            "产出指标", "数量指标", "培训人数", "", "≥100人", "",
            actual_to_date="60人", forecast="100人", deviation_cause="经费保障",
            likelihood="确定能", actual="90人", deviation="部分学员请假，下年提前排课",
        ),
        Indicator(
            "产出指标", "质量指标", "合格率", "", "≥95%", "",
            actual_to_date="96%", forecast="96%", likelihood="确定能", actual="97%",
        ),
        Indicator(
            "产出指标", "时效指标", "完成时间", "", "2024年12月底前", "",
            actual_to_date="进行中", forecast="按期完成", likelihood="有可能",
            actual="2024年11月", achievement="达成", score=D("16"),
        ),
        Indicator(
            "效益指标", "社会效益指标", "群众知晓度", "", "明显提高", "",
            actual="明显提高", achievement="部分达成", score=D("22"),
        ),
        Indicator("满意度指标", "服务对象满意度指标", "学员满意度", "", "≥90%", "", actual="92%"),
    ]  # fmt: skip
    inds[0].extra["备注"] = "第三季度补训"
    project = Project(
        code=CODE,
        name="基层干部培训项目",
        budget=D("100.00"),
        fiscal=D("80.00"),
        other=D("20.00"),
        goals=["1.培训基层干部100人", "2.提高履职能力"],
        indicators=inds,
        annual_budget=D("120.00"),
        executed_to_date=D("55.00"),
        executed=D("110.00"),
        completion="全年培训90人，合格率97%。",
    )
    second = Project(
        code="13052924P000000000002",
        name="办公设备购置项目",
        budget=D("50.00"),
        indicators=[
            Indicator("产出指标", "数量指标", "购置台数", "", "=10台", "", actual="10台"),
            Indicator("效益指标", "经济效益指标", "节约经费", "", "≤5万元", "", actual="4万元"),
            Indicator("满意度指标", "满意度", "使用人员满意度", "", "≥90%", "", actual="95%"),
        ],
        executed=D("50.00"),
    )
    return Document(
        dept_code="903001",
        dept_name="巨鹿县教育局",
        year=2024,
        projects=[project, second],
        phase=Phase.EVALUATE,
    )


def export(doc: Document, table: str, **more) -> bytes:
    return write(doc, options=ExportOptions(word_table=table, **more))


def read_back(data: bytes) -> tuple[Document, list[str], list[str]]:
    result = read(data, source="导出.docx", options=ImportOptions())
    # a later table is merged into the stored document: only the fields it shows
    assert result.partial and result.partial_fields is not None
    assert result.partial_fields <= ALL_FIELDS
    return result.documents[0], [str(p) for p in result.problems], result.notes


def tables_text(data: bytes) -> list[list[list[str]]]:
    """Every table as rows of cell texts (merged cells repeated, as python-docx gives them)."""
    import docx

    document = docx.Document(io.BytesIO(data))
    return [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]


def paragraphs(data: bytes) -> list[str]:
    import docx

    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs if p.text]


MONITOR_FIELDS = ("actual_to_date", "forecast", "deviation_cause", "likelihood", "extra")
EVALUATE_FIELDS = ("actual", "achievement", "deviation")
TARGET_FIELDS = ("level1", "level2", "name", "value")


# --- 运行监控 ---------------------------------------------------------------------------------


def test_monitor_table_is_in_the_official_layout():
    data = export(sample(), "monitor")
    assert paragraphs(data)[:2] == ["项目支出绩效目标执行监控表", "（2024年度）"]
    header, grid = tables_text(data)[:2]
    assert header[0][0] == "项目名称" and "基层干部培训项目" in header[0]
    assert header[1][0] == "主管部门及代码" and "巨鹿县教育局（903001）" in header[1]
    assert header[2][2:] == ["年初预算数", "全年预算数", "截至当期执行数", "执行率"]
    # 执行率 = 截至当期执行数 / 全年预算数 = 55 / 120, half-up to 2 decimals
    assert header[3][1:] == ["年度资金总额", "100.00", "120.00", "55.00", "45.83%"]
    assert header[4][1:] == ["其中：财政拨款", "80.00", "", "", ""]
    assert header[5][1:3] == ["其他资金", "20.00"]
    assert header[6][1:] == ["年初设定目标", "年初设定目标", "实际完成情况", "实际完成情况", "实际完成情况"]  # fmt: skip
    assert grid[0] == [
        "一级指标", "二级指标", "三级指标", "年度指标值", "截至当期实际完成值",
        "全年预计完成值", "偏差原因", "完成目标可能性", "备注",
    ]  # fmt: skip
    assert grid[1][4:] == ["60人", "100人", "经费保障", "确定能", "第三季度补训"]


def test_monitor_round_trip():
    doc = sample()
    back, problems, notes = read_back(export(doc, "monitor"))
    assert problems == []
    assert back.phase is Phase.MONITOR and back.year == 2024
    assert (back.dept_code, back.dept_name, back.money_unit) == ("903001", "巨鹿县教育局", "万元")
    for mine, theirs in zip(doc.projects, back.projects, strict=True):
        for attr in ("code", "name", "budget", "fiscal", "other", "goals", "completion"):
            assert getattr(theirs, attr) == getattr(mine, attr), attr
        assert theirs.full_year_budget == mine.full_year_budget
        assert theirs.executed_to_date == mine.executed_to_date
        for a, b in zip(mine.indicators, theirs.indicators, strict=True):
            for attr in TARGET_FIELDS + MONITOR_FIELDS:
                assert getattr(b, attr) == getattr(a, attr), (a.name, attr)
            assert b.actual == "" and b.score is None  # not in the 监控表


# --- 绩效自评 ---------------------------------------------------------------------------------


def test_evaluate_table_prints_the_computed_weights_scores_and_grade():
    data = export(sample(), "evaluate")
    assert paragraphs(data)[:2] == ["项目支出绩效自评表", "（2024年度）"]
    header, grid = tables_text(data)[:2]
    assert header[1][0] == "主管部门"
    assert header[2][2:] == ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
    # 预算执行率: 110 / 120 = 91.67 %, 10 × 0.9167 = 9.17
    assert header[3][1:] == ["年度资金总额", "100.00", "120.00", "110.00", "10", "91.67%", "9.17"]
    assert header[6][1] == "预期目标" and header[6][-1] == "实际完成情况"
    assert grid[0] == [
        "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
        "偏差原因分析及改进措施",
    ]  # fmt: skip
    # By hand (model.scoring): 产出指标 50 over three blank 分值 → 16.67, 16.67 and the remainder
    # 16.66; 培训人数 90 of ≥100 → 16.67 × 0.9 = 15.003 → 15; 合格率 97 % ≥ 95 % → 16.67; 完成时间
    # and 群众知晓度 are 时限/定性: their entered 16 and 22, 完成程度 beneath; 学员满意度 92 % ≥ 90 % →
    # 10; 预算执行率 9.17. 总分 15 + 16.67 + 16 + 22 + 10 + 9.17 = 88.84 → 良.
    assert [r[5] for r in grid[1:6]] == ["16.67", "16.67", "16.66", "30", "10"]
    assert [r[6] for r in grid[1:6]] == ["15", "16.67", "16\n达成", "22\n部分达成", "10"]
    total = grid[6]
    assert total[0] == "总分" and total[5:7] == ["100", "88.84"] and total[7] == "自评等级：良"


def test_evaluate_round_trip_keeps_what_was_entered():
    doc = sample()
    back, problems, notes = read_back(export(doc, "evaluate"))
    assert problems == []
    assert back.phase is Phase.EVALUATE
    assert any(n.startswith("这是项目支出绩效自评表：只把表中的栏目合并") for n in notes)
    for mine, theirs in zip(doc.projects, back.projects, strict=True):
        for attr in ("code", "name", "budget", "fiscal", "other", "goals", "completion"):
            assert getattr(theirs, attr) == getattr(mine, attr), attr
        assert (theirs.annual_budget, theirs.executed) == (mine.annual_budget, mine.executed)
        for a, b in zip(mine.indicators, theirs.indicators, strict=True):
            for attr in TARGET_FIELDS + EVALUATE_FIELDS:
                assert getattr(b, attr) == getattr(a, attr), (a.name, attr)
            # the 得分 of a 定性/时限 indicator is the clerk's; a quantitative one's is computed
            assert b.score == a.score
            # the 分值 printed were the equal split: nothing was entered, none is read
            assert b.score_weight is None


def test_evaluate_round_trip_keeps_entered_weights():
    doc = sample()
    weights = [D(20), D(20), D(10), D(30), D(10)]
    for ind, weight in zip(doc.projects[0].indicators, weights, strict=True):
        ind.score_weight = weight
    back, problems, _ = read_back(export(doc, "evaluate"))
    assert problems == []
    assert [i.score_weight for i in back.projects[0].indicators] == weights
    assert [i.score_weight for i in back.projects[1].indicators] == [None, None, None]


def test_a_project_that_cannot_be_scored_yet_has_no_grade():
    doc = sample()
    doc.projects[0].indicators[0].actual = ""
    grid = tables_text(export(doc, "evaluate"))[1]
    assert grid[1][6] == ""
    assert grid[-1][6] == "" and grid[-1][7] == "未评等级（尚有得分未算出）"
    # the summary: its 总分 and 等级 blank, no average, and a note that says why
    data = export(doc, "evaluate-summary")
    [table] = tables_text(data)
    assert table[1][6:] == ["", ""] and table[2][6:] == ["100", "优"]
    assert table[3][6:] == ["", ""]
    assert (
        "注：1 个项目尚未能完整计分（缺实际完成值、得分或执行数），其总分和等级空缺，也不计算平均总分和等级。"
        in paragraphs(data)
    )


def test_evaluate_summary_lists_every_project_and_the_average():
    data = export(sample(), "evaluate-summary")
    assert paragraphs(data)[0] == "项目支出绩效自评汇总表"
    [table] = tables_text(data)
    assert table[0] == ["序号", "项目编码", "项目名称", "全年预算数", "全年执行数", "执行率", "总分", "等级"]  # fmt: skip
    assert table[1] == ["1", CODE, "基层干部培训项目", "120.00", "110.00", "91.67%", "88.84", "良"]
    # the second: every target met, 执行率 100 % → 100; the average (88.84 + 100) / 2
    assert table[2][5:] == ["100.00%", "100", "优"]
    assert table[3][0] == "合计 / 平均" and table[3][3:] == [
        "170.00",
        "160.00",
        "94.12%",
        "94.42",
        "优",
    ]


# --- errors -----------------------------------------------------------------------------------


def test_a_malformed_amount_and_an_unknown_choice_are_one_line_problems():
    data = export(sample(), "monitor")
    data = _patch(data, ">55.00<", ">五十五<")
    data = _patch(data, ">确定能<", ">肯定能<", count=1)
    back, problems, _ = read_back(data)
    [amount, choice] = problems
    assert amount.startswith("表格 1 第 4 行 第 5 列：") and "五十五" in amount
    assert "\n" not in amount
    assert "完成目标可能性“肯定能”应为确定能、有可能、完全不可能之一" in choice
    assert back.projects[0].indicators[0].likelihood == ""
    assert back.projects[0].indicators[0].extra["完成目标可能性"] == "肯定能"


def test_a_score_cell_may_bracket_its_achievement_and_a_word_too_many_is_a_warning():
    data = export(sample(), "evaluate")
    data = _patch(data, ">部分达成<", ">（部分达成）<")
    data = _patch(data, ">16<", ">十六<")
    back, problems, _ = read_back(data)
    inds = back.projects[0].indicators
    assert (inds[3].achievement, inds[3].score) == ("部分达成", D(22))
    [problem] = problems
    assert problem.startswith("表格 2 第 4 行 第 7 列：得分“十六”不是数字") and "\n" not in problem
    assert inds[2].score is None and inds[2].extra["得分"] == "十六"


def test_the_official_heading_of_the_deviation_column_is_read():
    data = _patch(export(sample(), "monitor"), ">偏差原因<", ">偏差原因分析<")
    back, problems, _ = read_back(data)
    assert problems == []
    assert back.projects[0].indicators[0].deviation_cause == "经费保障"


def test_titles_with_a_prefix_are_known_and_sentences_are_not():
    from exporters.docx.phase_reader import later_title

    assert later_title("附件2 项目支出绩效自评表") == "evaluate"
    assert later_title("1.项目支出绩效目标执行监控表") == "monitor"
    assert later_title("2024年度基层干部培训项目支出绩效自评表") == "evaluate"
    assert later_title("各单位按要求填报项目支出绩效自评表") == ""
    assert later_title("年底前完成并报送项目支出绩效自评表") == ""


def _patch(data: bytes, old: str, new: str, count: int = -1) -> bytes:
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "word/document.xml":
                text = body.decode("utf-8")
                assert old in text
                body = text.replace(old, new, count).encode("utf-8")
            dst.writestr(item, body)
    return out.getvalue()


# --- jixiao export --table --------------------------------------------------------------------


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "db.json"
    monkeypatch.setenv("JIXIAO_DB", str(path))
    assert main(["init"]) == 0
    Store(path).save(sample(), 0)
    return path


def test_cli_exports_each_table(db, tmp_path):
    for table, title in (
        ("monitor", "项目支出绩效目标执行监控表"),
        ("evaluate", "项目支出绩效自评表"),
        ("evaluate-summary", "项目支出绩效自评汇总表"),
        ("target", "第一部分"),
    ):
        out = tmp_path / f"{table}.docx"
        assert main(["export", "903001/2024", "-o", str(out), "--table", table]) == 0
        assert paragraphs(out.read_bytes())[0] == title
    # the default is the targets' table, as before
    assert main(["export", "903001/2024", "-o", str(tmp_path / "默认.docx")]) == 0
    assert paragraphs((tmp_path / "默认.docx").read_bytes())[0] == "第一部分"
    # --summary --table evaluate: the 自评汇总表
    out = tmp_path / "汇总.docx"
    assert main(["export", "903001/2024", "-o", str(out), "--summary", "--table", "evaluate"]) == 0
    assert paragraphs(out.read_bytes())[0] == "项目支出绩效自评汇总表"


def test_cli_imports_a_filled_evaluate_table_into_the_stored_targets(db, tmp_path, capsys):
    """The year's use: the targets are stored (with 绩效指标描述 and 资金用途, which the 自评表
    does not show); the 自评表 comes back filled in; `import` merges the shown fields only."""
    filled = tmp_path / "自评表.docx"
    filled.write_bytes(export(sample(), "evaluate"))
    targets = sample()
    for project in targets.projects:
        project.purpose = "用于培训"
        project.executed = None
        for ind in project.indicators:
            ind.description = f"{ind.name}的说明"
            ind.actual, ind.achievement, ind.score, ind.deviation = "", "", None, ""
    store = Store(db)
    store.save(targets, store.revision("903001/2024"))
    capsys.readouterr()
    assert main(["import", str(filled)]) == 0
    assert "只把表中的栏目合并" in capsys.readouterr().err
    back = store.load("903001/2024")[0]
    want = sample()
    for mine, theirs, stored in zip(want.projects, back.projects, targets.projects, strict=True):
        assert theirs.purpose == "用于培训" and theirs.executed == mine.executed
        # the stored indicators, updated in place (matched by position: Word has no ids)
        assert [i.id for i in theirs.indicators] == [i.id for i in stored.indicators]
        for a, b in zip(mine.indicators, theirs.indicators, strict=True):
            assert b.description == f"{a.name}的说明"  # kept: not in the table
            assert (b.actual, b.achievement, b.score, b.deviation) == (
                a.actual, a.achievement, a.score, a.deviation,
            )  # fmt: skip


def test_the_evaluate_summary_is_refused_on_import_in_one_line():
    from model import JixiaoError

    with pytest.raises(JixiaoError) as caught:
        read(export(sample(), "evaluate-summary"), source="汇总.docx", options=ImportOptions())
    message = str(caught.value)
    assert message.startswith("汇总.docx：项目支出绩效自评汇总表只能导出，不能导入")
    assert "\n" not in message


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["-o", "x.csv", "--table", "monitor"], ["项目支出绩效目标执行监控表", "Word", "PDF"]),
        (["-o", "x.docx", "--table", "self"], ["self", "monitor", "evaluate"]),
        (["-o", "x.docx", "--table", "evaluate", "--layout", "2021"], ["--layout", "绩效目标表"]),
    ],
)
def test_cli_refusals_are_one_line(db, tmp_path, monkeypatch, capsys, args, words):
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    assert main(["export", "903001/2024", *args]) == 1
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "Traceback" not in err
    assert all(w in err for w in words), err
    assert not (tmp_path / args[1]).exists()


# --- LibreOffice ------------------------------------------------------------------------------

needs_libreoffice = [
    pytest.mark.skipif(pdf.find_soffice() is None, reason="LibreOffice (soffice) is not installed"),
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed"),
    pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="pdfinfo is not installed"),
]


def _pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True).stdout
    line = next(ln for ln in info.decode().splitlines() if ln.startswith("Pages:"))
    return int(line.split()[1])


@pytest.mark.parametrize("table", ["monitor", "evaluate"])
@needs_libreoffice[0]
@needs_libreoffice[1]
@needs_libreoffice[2]
def test_libreoffice_renders_each_project_on_one_page(db, tmp_path, table):
    """`--format pdf --table …`: LibreOffice lays the table out, a project per page (no page
    pushed out by the last line), its title and 总分 / 执行率 on it."""
    out = tmp_path / f"{table}.pdf"
    assert main(["export", "903001/2024", "-o", str(out), "--table", table]) == 0
    assert _pages(out) == 2  # two projects
    first = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-layout", str(out), "-"],
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    flat = "".join(first.split())
    assert ("项目支出绩效自评表" if table == "evaluate" else "项目支出绩效目标执行监控表") in flat
    assert ("自评等级：良" if table == "evaluate" else "45.83%") in flat


@pytest.mark.parametrize("table", ["monitor", "evaluate"])
@needs_libreoffice[0]
@needs_libreoffice[1]
@needs_libreoffice[2]
def test_libreoffice_lays_the_sample_out_a_project_a_page(tmp_path, table):
    """The published sample's 24 projects (up to 15 indicators): each begins a page with its
    title; a long one goes on under the grid's repeated header; no page is empty."""
    from exporters import json_io

    fixture = Path(__file__).parent.parent / "fixtures" / "zhangwangtuan-2023.jixiao.json"
    doc = json_io.read(fixture.read_bytes(), source="样例", options=ImportOptions()).documents[0]
    out = tmp_path / f"{table}.pdf"
    out.write_bytes(pdf.convert(export(doc, table)))
    title = "项目支出绩效自评表" if table == "evaluate" else "项目支出绩效目标执行监控表"
    firsts = []
    for page in range(1, _pages(out) + 1):
        text = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), str(out), "-"],
            capture_output=True,
            check=True,
        ).stdout.decode("utf-8")
        firsts.append("".join(text.split())[:6])
    assert firsts.count(title[:6]) == len(doc.projects)
    assert all(f == title[:6] or f.startswith("一级") for f in firsts), firsts
    assert len(firsts) <= len(doc.projects) + 4  # only the longest projects take two pages


def test_the_sample_is_not_changed_by_an_export():
    doc = sample()
    before = copy.deepcopy(doc)
    export(doc, "evaluate")
    export(doc, "monitor")
    assert doc == before
