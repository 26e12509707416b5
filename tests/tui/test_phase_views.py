"""The 监控 and 自评 views of the project screen (Ctrl+T), live 得分 and 总分, the choice cells, the
阶段 in 文档信息, the project list's 总分 and grade; snapshots of the 自评 grid."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from model.entities import Phase
from storage import Store
from tui import findings, scores
from tui.app import JixiaoApp
from tui.dialogs import ChoiceScreen
from tui.docforms import DocumentInfoScreen
from tui.project import ProjectScreen
from tui.projects import ProjectListScreen
from tui.widgets import Editor, Grid

from .conftest import SAMPLE_KEY, StandInFinding, sample_document, settle
from .test_app import type_text

# Project 1 of the sample: 7 indicators, row 1 发放人数 ≤3人, row 3 发放时间 12月底前 (时限).
EVALUATE = [
    "一级指标",
    "二级指标",
    "三级指标",
    "指标值",
    "权重",
    "实际完成值",
    "完成程度",
    "得分",
    "偏差分析",
]
MONITOR = [
    "一级指标",
    "二级指标",
    "三级指标",
    "指标值",
    "当期完成值",
    "预计完成值",
    "偏差原因",
    "完成可能性",
]
ACTUAL, ACHIEVEMENT, SCORE = 5, 6, 7  # grid positions in the 自评 view
CAUSE, LIKELIHOOD = 6, 7  # in the 监控 view


def column_keys(app: JixiaoApp) -> list[str]:
    grid = app.screen.query_one("#grid", Grid)
    return [str(column.key.value) for column in grid.ordered_columns]


def headings(app: JixiaoApp) -> list[str]:
    grid = app.screen.query_one("#grid", Grid)
    return [str(column.label) for column in grid.ordered_columns]


def cell(app: JixiaoApp, row: int, column: int) -> str:
    return str(app.screen.query_one("#grid", Grid).get_cell_at((row, column)))


def text_of(app: JixiaoApp, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


def stored(db: Path):
    return Store(db).load(SAMPLE_KEY)[0]


async def open_project(app: JixiaoApp, pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.press("enter")
    assert isinstance(app.screen, ProjectScreen)


async def test_switch_to_evaluate_enter_an_actual_and_see_the_scores(sample_db: Path) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_project(app, pilot)
        assert column_keys(app) == [
            "一级指标",
            "二级指标",
            "三级指标",
            "指标描述",
            "指标值",
            "确定依据",
        ]
        assert not app.screen.query_one("#scoreline").display  # targets: no score line
        await pilot.press("ctrl+t")  # → 监控
        assert column_keys(app) == MONITOR
        assert "运行监控表" in text_of(app, "#title")
        await pilot.press("ctrl+t")  # → 自评
        assert column_keys(app) == EVALUATE
        assert headings(app)[3:5] == ["年度指标值", "分值"]
        assert "绩效自评表" in text_of(app, "#title")
        assert "视图：自评" in text_of(app, "#status")
        line = text_of(app, "#scoreline")
        assert line.startswith("总分 0 差（未填完）") and "全年预算数 11.00" in line
        # 分值 left blank: the 产出 50 split over its four rows, shown computed
        assert cell(app, 0, 4) == "12.5"
        await pilot.press(*["l"] * 4)
        assert text_of(app, "#detail").startswith("分值：（未填，按一级指标的分值均分计 12.5）")
        await pilot.press(*["h"] * 4)
        assert app.doc.projects[0].indicators[0].score_weight is None
        # Row 1 (≤3人): typing 4人 over 实际完成值 → 得分 12.5 × 3/4
        await pilot.press(*["l"] * ACTUAL)
        await type_text(pilot, "4人")
        assert "反向指标" in text_of(app, "#editor-message")  # compared as you type
        await pilot.press("enter")
        assert app.doc.projects[0].indicators[0].actual == "4人"
        assert cell(app, 0, SCORE) == "9.38"
        assert text_of(app, "#scoreline").startswith("总分 9.38 差（未填完）")
        await pilot.press("ctrl+z")  # undo: the actual and the scores go back
        assert app.doc.projects[0].indicators[0].actual == ""
        assert cell(app, 0, SCORE) == ""
        assert text_of(app, "#scoreline").startswith("总分 0 差")
        grid = app.screen.query_one("#grid", Grid)
        assert grid.cursor_coordinate == (0, ACTUAL)  # on the undone cell
        await pilot.press("ctrl+y")
        assert cell(app, 0, SCORE) == "9.38"
        # 3人 meets the target: full 分值
        await pilot.press("enter", "ctrl+u")
        await type_text(pilot, "3")  # a bare number takes the target's unit
        await pilot.press("enter")
        assert cell(app, 0, SCORE) == "12.5"
        await pilot.press("l", "l")
        assert "自动计算" in text_of(app, "#detail")
        await settle(app, pilot)
    assert stored(sample_db).projects[0].indicators[0].actual == "3"


async def test_a_computed_score_refuses_typing_and_an_entered_one_is_typed(
    sample_db: Path,
) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_project(app, pilot)
        await pilot.press("ctrl+t", "ctrl+t", *["l"] * SCORE)
        await type_text(pilot, "5")  # row 1 is quantitative: refused
        editor = app.screen.query_one(Editor)
        assert not editor.active
        assert "自动计算，不能直接填写" in text_of(app, "#status")
        assert app.doc.projects[0].indicators[0].score is None
        # Row 3 (发放时间 12月底前, 时限): 完成程度 from its words, then 得分 typed
        await pilot.press("j", "j", "h", "enter")
        choice = app.screen
        assert isinstance(choice, ChoiceScreen)
        assert choice.options == ["达成", "部分达成", "未达成", "（不填）"]
        await pilot.press("down", "enter")
        ind = app.doc.projects[0].indicators[2]
        assert ind.achievement == "部分达成"
        await pilot.press("l")
        await type_text(pilot, "13")
        assert editor.active
        assert "得分 13 超过分值 12.5" in text_of(app, "#editor-message")  # said, not refused
        await pilot.press("ctrl+u")
        await type_text(pilot, "9")
        assert "部分达成：得分在 7.5–10 之间" in text_of(app, "#editor-message")
        assert "不在" not in text_of(app, "#editor-message")
        await pilot.press("enter")
        assert ind.score is None  # the old object: edits replace the project
        assert app.doc.projects[0].indicators[2].score == Decimal("9")
        assert cell(app, 2, SCORE) == "9"
        assert text_of(app, "#scoreline").startswith("总分 9 差")
        await settle(app, pilot)
    saved = stored(sample_db).projects[0].indicators[2]
    assert (saved.achievement, saved.score) == ("部分达成", Decimal("9"))


async def test_switching_the_view_while_editing_keeps_what_was_typed(sample_db: Path) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_project(app, pilot)
        await pilot.press("ctrl+t", "ctrl+t", *["l"] * ACTUAL)
        await type_text(pilot, "2人")
        assert app.screen.query_one(Editor).active
        await pilot.press("ctrl+t")  # → 目标: 实际完成值 is committed first
        assert not app.screen.query_one(Editor).active
        assert app.doc.projects[0].indicators[0].actual == "2人"
        assert "实际完成值" not in column_keys(app)


async def test_monitor_choice_cells_pick_their_words_and_clear(sample_db: Path) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_project(app, pilot)
        await pilot.press("ctrl+t", *["l"] * CAUSE, "enter")
        choice = app.screen
        assert isinstance(choice, ChoiceScreen)
        assert choice.options == [
            "经费保障",
            "制度保障",
            "人员保障",
            "硬件条件保障",
            "其他",
            "（不填）",
        ]
        await pilot.press("down", "down", "enter")  # 人员保障
        assert app.doc.projects[0].indicators[0].deviation_cause == "人员保障"
        assert cell(app, 0, CAUSE) == "人员保障"
        # At 80×24 the monitor table is wider than the screen: it scrolls to the cursor
        grid = app.screen.query_one("#grid", Grid)
        await pilot.press("l")
        await pilot.pause()
        assert grid.scroll_x > 0
        await pilot.press("enter")
        assert app.screen.options == ["确定能", "有可能", "完全不可能", "（不填）"]  # type: ignore[attr-defined]
        await pilot.press("down", "enter")
        assert app.doc.projects[0].indicators[0].likelihood == "有可能"
        assert "完成目标可能性：有可能" in text_of(app, "#detail")
        await pilot.press("h", "enter", "end", "enter")  # （不填） clears 偏差原因
        assert app.doc.projects[0].indicators[0].deviation_cause == ""
        await pilot.press("ctrl+z")
        assert app.doc.projects[0].indicators[0].deviation_cause == "人员保障"
        # 当期完成值 goes through the value grammar (full-width digits, comparators)
        await pilot.press(*["h"] * 2)
        await type_text(pilot, "２人")
        await pilot.press("enter")
        assert app.doc.projects[0].indicators[0].actual_to_date == "2人"
        await settle(app, pilot)
    saved = stored(sample_db).projects[0].indicators[0]
    assert (saved.deviation_cause, saved.likelihood, saved.actual_to_date) == (
        "人员保障",
        "有可能",
        "2人",
    )


async def test_the_header_form_edits_the_later_project_fields(sample_db: Path) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_project(app, pilot)
        await pilot.press("ctrl+t", "ctrl+t", "f6")  # 自评, the header form
        fields = app.screen.query_one("#fields", Grid)
        assert str(fields.get_cell_at((1, 0))) == "全年执行数"
        await pilot.press("j", "enter")
        await type_text(pilot, "10")
        await pilot.press("enter")
        assert app.doc.projects[0].executed == Decimal("10.00")
        line = text_of(app, "#scoreline")
        assert "全年执行数 10.00" in line and "执行率 90.91%" in line
        # 预算执行率 counts 10 × 0.9091 = 9.09
        assert line.startswith("总分 9.09")
        await pilot.press("ctrl+t")  # back to the targets: the form has its own rows again
        assert str(fields.get_cell_at((0, 0))) == "项目编码"
        await pilot.press("ctrl+z")  # the undone field is shown in the view that has it
        assert app.doc.projects[0].executed is None
        assert "绩效自评表" in text_of(app, "#title")
        await settle(app, pilot)
    assert stored(sample_db).projects[0].executed is None


async def test_the_phase_in_document_info_is_saved_and_opens_its_view(sample_db: Path) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f9")
        assert isinstance(app.screen, DocumentInfoScreen)
        form = app.screen
        phase = form.query_one("#phase")
        region = phase.region
        assert region.y + region.height <= 24 and region.x + region.width <= 80  # fits 80×24
        await pilot.press(*["tab"] * 5, "down", "down", "down", "enter")  # 阶段 → 自评
        await pilot.press("tab", "enter")  # 确定
        assert isinstance(app.screen, ProjectListScreen)
        assert app.doc.phase is Phase.EVALUATE
        assert "阶段：自评" in text_of(app, "#status")
        # The list shows 总分 and grade; the project opens in its 自评 table
        grid = app.screen.query_one("#projects", Grid)
        keys_ = [str(c.key.value) for c in grid.ordered_columns]
        assert keys_[-3:-1] == ["总分", "等级"]
        assert "Ctrl+T" in text_of(app, "#keys")  # a 自评 document offers the view key
        await pilot.press("enter")
        assert column_keys(app) == EVALUATE
        await settle(app, pilot)
        assert stored(sample_db).phase is Phase.EVALUATE
        await pilot.press("escape", "ctrl+z")  # one step back: 目标 again
        assert app.doc.phase is Phase.TARGET
        await settle(app, pilot)
    assert stored(sample_db).phase is Phase.TARGET


async def test_the_project_list_shows_every_total_and_grade(tmp_path: Path) -> None:
    doc = sample_document()
    doc.phase = Phase.EVALUATE
    first = doc.projects[0]
    first.executed = Decimal("11")
    first.executed_to_date = Decimal("5.50")
    for ind in first.indicators:  # every target met: full marks
        ind.actual = ind.value.lstrip("≤≥")
        ind.score = Decimal(0) if not scores.is_computed(ind) else None
    first.indicators[2].score = Decimal("12.5")  # the 时限 row, entered
    db = tmp_path / "jixiao.db"
    Store.create(db).save(doc, 0)
    app = JixiaoApp(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        expected = scores.project_score(app.doc, app.doc.projects[0])
        assert expected.complete and expected.total == Decimal(100) and expected.grade == "优"
        grid = app.screen.query_one("#projects", Grid)
        row = [str(c) for c in grid.get_row_at(0)]
        assert row[5:8] == ["100%", "100", "优"]
        assert [str(c) for c in grid.get_row_at(1)][6:8] == ["0*", "差"]  # not filled in
        assert "平均" in text_of(app, "#totals")
        await pilot.press("ctrl+t")  # → 目标: the plan columns again
        keys_ = [str(c.key.value) for c in grid.ordered_columns]
        assert "总分" not in keys_ and "计划12月底" in keys_
        await pilot.press("ctrl+t")  # → 监控: 截至当期执行数 and its rate
        assert [str(c.key.value) for c in grid.ordered_columns][3:6] == [
            "全年预算数",
            "当期执行数",
            "执行率",
        ]
        assert [str(c) for c in grid.get_row_at(0)][4:6] == ["5.50", "50%"]
        assert "运行监控表" in text_of(app, "#title")


# --- snapshots ------------------------------------------------------------------------------------


class _FixedRules:
    """A stand-in for model.rules.Checker (as in test_snapshots): one warning on row 1's
    实际完成值, so that the pictures do not change with every new rule."""

    def project(self, doc, project):
        if not project.indicators:
            return []
        return [
            StandInFinding(
                "warning",
                "实际完成值未达到指标值，请填写偏差原因",
                project.indicators[0].id,
                "实际完成值",
            )
        ]

    def projects(self, doc, projects):
        return {p.id: self.project(doc, p) for p in projects}

    def document(self, doc):
        return []


@pytest.fixture
def evaluated_db(tmp_path: Path) -> Path:
    """The sample in its 自评 phase, project 1 partly filled in."""
    doc = sample_document()
    doc.phase = Phase.EVALUATE
    project = doc.projects[0]
    project.executed = Decimal("10.50")
    project.indicators[0].actual = "4人"
    project.indicators[1].actual = "100%"
    project.indicators[2].achievement = "达成"
    project.indicators[2].score = Decimal("12")
    project.indicators[3].actual = "10万元"
    db = tmp_path / "jixiao.db"
    Store.create(db).save(doc, 0)
    return db


@pytest.mark.parametrize(
    ("size", "press"),
    [
        ((80, 24), ["enter", *["l"] * ACTUAL]),  # scrolled to 实际完成值
        ((120, 40), ["enter", "j", "j", *["l"] * SCORE]),  # the 时限 row's entered 得分
    ],
    ids=["80x24", "120x40"],
)
def test_evaluate_grid_snapshot(
    snap_compare, evaluated_db: Path, monkeypatch: pytest.MonkeyPatch, size, press
) -> None:
    monkeypatch.setattr(findings, "_checker", _FixedRules)
    assert snap_compare(JixiaoApp(evaluated_db), press=press, terminal_size=size)
