"""Findings whose field the rules name differently from the screen: the spending plan as a
whole (资金支出计划) and the shortened column headings (指标描述, 确定依据)."""

from __future__ import annotations

from pathlib import Path

from textual.coordinate import Coordinate

from tui.app import JixiaoApp
from tui.project import HEADER_FIELDS, ProjectScreen
from tui.widgets import Grid

SIZE = (120, 40)


def detail_text(app: JixiaoApp) -> str:
    return str(app.screen.query_one("#detail").render())


async def open_project(app: JixiaoApp, pilot, number: int) -> ProjectScreen:
    await pilot.pause(0.3)
    await app.workers.wait_for_complete()
    await pilot.press(*["j"] * (number - 1), "enter")
    await pilot.pause()
    assert isinstance(app.screen, ProjectScreen)
    return app.screen


async def test_a_plan_finding_marks_the_checkpoints_and_shows_on_each(sample_db: Path) -> None:
    # Project 8 (老漳河东岸土地补偿): 10月底 and 12月底 left blank after 6月底 (JX306).
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_project(app, pilot, 8)
        fields = screen.query_one("#fields", Grid)
        labels = {f.label: n for n, f in enumerate(HEADER_FIELDS)}
        for name in ("3月底", "6月底", "10月底", "12月底"):
            label = fields.get_cell_at(Coordinate(labels[name], 0))
            assert "red" in str(label.style), name
        assert "red" not in str(fields.get_cell_at(Coordinate(labels["项目名称"], 0)).style)
        await pilot.press("f6")  # to the header fields
        fields.move_cursor(row=labels["12月底"], animate=False)
        await pilot.pause()
        text = detail_text(app)
        assert (
            text.startswith("资金支出计划 12月底")
            and "资金支出计划" in text
            and "10月底、12月底应填" in text
        )


async def test_a_description_finding_marks_its_cell_and_comes_first(sample_db: Path) -> None:
    # Project 3 (大留庄村基础设施建设): row 1's 绩效指标描述 only repeats the name (JX405).
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_project(app, pilot, 3)
        grid = screen.query_one("#grid", Grid)
        assert "red" in str(grid.get_cell_at(Coordinate(0, 3)).style)
        assert "red" not in str(grid.get_cell_at(Coordinate(0, 5)).style)
        grid.move_cursor(row=0, column=3, animate=False)
        await pilot.pause()
        lines = detail_text(app).splitlines()
        assert lines[0].startswith("指标描述：")
        assert "绩效指标描述只是重复三级指标名称" in lines[1]
