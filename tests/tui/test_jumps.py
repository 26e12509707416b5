"""Jumps: the palette (Ctrl+P or `:`) finds a project by number or name fragment, an indicator
row by name and a finding by rule, and says "no match" in Chinese."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandList

from tui.app import JixiaoApp
from tui.commands import NO_MATCHES
from tui.project import ProjectScreen

SIZE = (120, 40)


async def palette(pilot, opener: str, text: str) -> None:  # noqa: ANN001
    await pilot.press(opener)
    await pilot.pause()
    await pilot.press(*text)
    await pilot.pause(0.4)


async def test_the_palette_opens_a_project_by_name_fragment(sample_db: Path) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await palette(pilot, "ctrl+p", "团建")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ProjectScreen)
        assert app.screen.project_id == app.doc.projects[4].id  # 基层团建工作经费


async def test_colon_then_a_number_opens_that_project(sample_db: Path) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await palette(pilot, "colon", "7")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ProjectScreen)
        assert app.screen.project_id == app.doc.projects[6].id


async def test_the_palette_finds_an_indicator_row_by_name(sample_db: Path) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        project = next(
            p for p in app.doc.projects if any(i.name == "路灯的单价" for i in p.indicators)
        )
        row = [i.name for i in project.indicators].index("路灯的单价")
        await palette(pilot, "colon", "路灯的单价")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ProjectScreen)
        assert app.screen.project_id == project.id
        grid = app.screen.query_one("#grid")
        assert (grid.cursor_row, grid.cursor_column) == (row, 2)


async def test_the_palette_finds_a_finding_by_rule(sample_db: Path) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.findings.all(app.doc)  # the list counts problems in the background; wait for it
        await palette(pilot, "colon", "JX208")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ProjectScreen)
        assert app.screen.project_id == app.doc.projects[0].id  # row 2's ≤100%
        grid = app.screen.query_one("#grid")
        assert (grid.cursor_row, grid.cursor_column) == (1, 4)


async def test_no_match_is_said_in_chinese(sample_db: Path) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await palette(pilot, "ctrl+p", "qqqqzzzz")
        await pilot.pause(0.8)
        options = app.screen.query_one(CommandList)
        shown = [
            str(options.get_option_at_index(n).prompt.renderable)
            for n in range(options.option_count)
        ]
        assert any(NO_MATCHES in s for s in shown), shown
        assert not any("No matches" in s for s in shown)
