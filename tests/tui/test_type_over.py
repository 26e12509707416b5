"""Editing like a spreadsheet: typing on a cell replaces its value (Enter keeps it), a composed
中文 string starts the edit too, and Ctrl+Z brings the old value back."""

from __future__ import annotations

from pathlib import Path

from tui.app import JixiaoApp
from tui.project import ProjectScreen
from tui.widgets import Editor

from .conftest import settle

SIZE = (120, 40)


async def test_typing_on_a_cell_replaces_its_value_and_undo_restores_it(sample_db: Path) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter", "j", "l", "l", "l", "l")  # project 1, row 2, 指标值
        assert isinstance(app.screen, ProjectScreen)
        old = app.doc.projects[0].indicators[1].value
        assert old and not old.startswith("9")
        await pilot.press("9", "5", "%")
        editor = app.screen.query_one(Editor)
        assert editor.active and editor.text() == "95%"
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.doc.projects[0].indicators[1].value == "95%"
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert app.doc.projects[0].indicators[1].value == old


async def test_enter_still_edits_the_existing_value(sample_db: Path) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter", "j", "l", "l", "l", "l")
        old = app.doc.projects[0].indicators[1].value
        await pilot.press("enter")
        assert app.screen.query_one(Editor).text() == old


async def test_a_composed_chinese_string_starts_the_edit(sample_db: Path) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter", "j", "l", "l")  # row 2, 三级指标
        screen = app.screen
        assert screen.query_one("#grid").cursor_column == 2
        # An input method sends the composed text as one key event per character.
        await pilot.press(*"培训人数")
        editor = screen.query_one(Editor)
        assert editor.active
        assert editor.text() == "培训人数"
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.doc.projects[0].indicators[1].name == "培训人数"


async def test_a_number_then_enter_opens_that_project(sample_db: Path) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("7", "enter")
        assert isinstance(app.screen, ProjectScreen)
        assert app.screen.project_id == app.doc.projects[6].id


async def test_a_number_past_the_end_says_so(sample_db: Path) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("9", "9", "enter")
        assert not isinstance(app.screen, ProjectScreen)
        assert "没有第 99 个项目" in app.message


async def test_a_name_typed_on_the_list_filters_it(sample_db: Path) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        target = app.doc.projects[4]
        fragment = target.name[:4]
        await pilot.press(*fragment)
        assert app.screen.query_one("#filter").value == fragment
        await pilot.press("enter", "enter")  # back to the list, then open the first match
        assert isinstance(app.screen, ProjectScreen)
        assert fragment in app.doc.project(app.screen.project_id).name
