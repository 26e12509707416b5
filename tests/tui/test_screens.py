"""Screens that use the terminal: the footer chooses what fits, F1 help fits 80×24, wider
terminals get wider columns and more of the header, the edited row stays in sight."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len

from tui import keys
from tui.app import JixiaoApp
from tui.widgets import DetailLine, Grid, KeyBar

from .conftest import SAMPLE_KEY


def _footer(app: JixiaoApp) -> str:
    return str(app.screen.query_one("#keys", KeyBar).render())


def _whole_hints(text: str) -> list[str]:
    """The hints of a footer text: ` F1   帮助 ` pieces (key then words)."""
    return text.split()


@pytest.mark.parametrize("width", [80, 120])
async def test_footer_shows_f1_and_the_screens_f_keys_uncut(sample_db: Path, width: int) -> None:
    app = JixiaoApp(sample_db, SAMPLE_KEY)
    async with app.run_test(size=(width, 24)) as pilot:
        await pilot.pause()
        text = _footer(app)
        assert text.split()[:2] == ["F1", "帮助"]
        assert "F5" in text and "…" not in text and cell_len(text.rstrip()) <= width
        assert "F4" not in text.split()  # 项目列表 is not offered on the project list
        await pilot.press("enter")  # project 1
        await pilot.pause()
        text = _footer(app)
        words = _whole_hints(text)
        assert words[:2] == ["F1", "帮助"]
        for key in ("F2", "F5", "F6"):  # edit, problems, header/grid: the project's F-keys
            assert key in words, (width, text)
        if width >= 120:
            assert {"F7", "F8", "F4"} <= set(words)
        assert "…" not in text and cell_len(text.rstrip()) <= width
        # every hint shown is whole: each key is followed by its own words
        shown = {label: words for _, label, words in keys.footer_items(_active(app))}
        pairs = dict(zip(words[::2], words[1::2], strict=True))
        assert all(shown[k] == v for k, v in pairs.items())


def _active(app: JixiaoApp) -> dict[str, str]:
    active: dict[str, str] = {}
    for key, info in app.screen.active_bindings.items():
        if info.binding.id and info.enabled:
            active.setdefault(info.binding.id, key)
    shown = keys.footer_items(active)
    return {i: active[i] for i, _, _ in shown}


def test_fit_footer_drops_whole_hints_and_keeps_f1() -> None:
    items = keys.footer_items({"app.help": "f1", "edit.edit": "f2", "app.problems": "f5"})
    assert [i for i, _, _ in items] == ["app.help", "app.problems", "edit.edit"]
    assert [i for i, _, _ in keys.fit_footer(items, 10)] == ["app.help"]
    assert [i for i, _, _ in keys.fit_footer(items, 1)] == ["app.help"]
    assert len(keys.fit_footer(items, 200)) == 3
    assert [i for i, _, _ in keys.footer_items({"app.problems": "f5"}, "problems")] == []


async def test_help_fits_80x24_and_shows_every_key_name(sample_db: Path) -> None:
    app = JixiaoApp(sample_db, SAMPLE_KEY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter", "f1")
        await pilot.pause()
        dialog = app.screen.query_one(".dialog")
        region = dialog.region
        assert region.x >= 0 and region.y >= 0
        assert region.right <= 80 and region.bottom <= 24  # its border is on the screen
        scroll = app.screen.query_one("#help-scroll")
        text_widget = app.screen.query_one("#help-text")
        assert scroll.max_scroll_x == 0  # nothing to scroll sideways to
        lines = text_widget.render().plain.split("\n")
        width = text_widget.content_region.width
        assert width > 0 and all(cell_len(line) <= width for line in lines)
        body = "\n".join(lines)
        for action in keys.ACTIONS:
            assert action.id in body, action.id
        # …and the list scrolls down with the keyboard
        await pilot.press("pagedown")
        await pilot.pause()
        assert scroll.scroll_y > 0


async def test_wide_terminal_shows_the_whole_header_and_wider_columns(sample_db: Path) -> None:
    widths = {}
    headers = {}
    details = {}

    async def look(size: tuple[int, int]) -> None:
        app = JixiaoApp(sample_db, SAMPLE_KEY)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            grid = app.screen.query_one("#grid", Grid)
            widths[size] = [c.width for c in grid.columns.values()]
            headers[size] = app.screen.query_one("#fields", Grid).size.height
            details[size] = app.screen.query_one("#detail", DetailLine).outer_size.height

    for size in ((80, 24), (120, 40), (160, 50)):
        await look(size)
    assert headers[(80, 24)] == 6 and headers[(120, 40)] == headers[(160, 50)] == 11
    assert details[(80, 24)] == details[(120, 40)] == 5  # the edit box's height: see project.py
    # every column at least as wide as at 80, and the table uses the width it is given
    for wide in ((120, 40), (160, 50)):
        assert all(w >= n for w, n in zip(widths[wide], widths[(80, 24)], strict=True))
        assert sum(widths[wide]) + 2 * len(widths[wide]) >= wide[0] - 10
    assert widths[(160, 50)][2] > widths[(120, 40)][2]  # 三级指标


async def test_the_edited_row_stays_in_sight(sample_db: Path) -> None:
    app = JixiaoApp(sample_db, SAMPLE_KEY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        grid = app.screen.query_one("#grid", Grid)
        await pilot.press("G", "right", "right", "right", "f2")  # 指标描述 of the last row
        await pilot.pause()
        await pilot.pause()
        row = grid.cursor_row
        top = grid.scroll_y
        visible = grid.scrollable_content_region.height - 1  # the header row
        assert top <= row < top + visible, (top, row, visible)


async def test_row_numbers_stay_after_the_terminal_is_widened(sample_db: Path) -> None:
    app = JixiaoApp(sample_db, SAMPLE_KEY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        grid = app.screen.query_one("#grid", Grid)
        assert grid.render_line(1).text.startswith(" 1")
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        await pilot.pause()
        assert [c.width for c in grid.columns.values()][2] >= 14  # laid out anew
        assert grid.render_line(1).text.startswith(" 1"), grid.render_line(1).text
