"""Issue 15: control characters in a stored document are shown in the editor, never sent to the
terminal — an OSC 0 in a project name must not set the terminal title nor break the list."""

from __future__ import annotations

import re
from pathlib import Path

from storage import Store
from tui.app import JixiaoApp
from tui.picker import PickerScreen
from tui.project import ProjectScreen
from tui.projects import ProjectListScreen
from tui.widgets import Editor, Grid, TitleLine

from .conftest import SAMPLE_KEY, sample_document, settle

RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
TITLE = "\x1b]0;pwned\x07"
CLEAR = "\x1b[2J"


def cells(grid: Grid) -> list[str]:
    return [
        getattr(cell, "plain", str(cell))
        for n in range(grid.row_count)
        for cell in grid.get_row_at(n)
    ]


async def test_the_list_the_grid_and_the_title_show_control_characters_escaped(
    tmp_path: Path,
) -> None:
    doc = sample_document()
    doc.dept_name = f"张王疃乡{CLEAR}"
    doc.projects[0].name = f"工资{TITLE}发放"
    doc.projects[0].indicators[0].value = "≥95%\x9b31m"
    db = tmp_path / "db.json"
    Store.create(db).save(doc, 0)  # as an old database holds it: nothing cleaned it
    app = JixiaoApp(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ProjectListScreen)
        shown = cells(app.screen.query_one("#projects", Grid))
        assert any("工资␛]0;pwned␇发放" in c for c in shown)
        assert not any(RAW.search(c) for c in shown)
        title = str(app.screen.query_one("#title", TitleLine).render())
        assert "张王疃乡␛[2J" in title and "\x1b" not in title
        await pilot.press("enter")
        assert isinstance(app.screen, ProjectScreen)
        grid = cells(app.screen.query_one("#grid", Grid))
        assert any(c.startswith("≥95%\\u009") for c in grid)  # cut to the column
        assert not any(RAW.search(c) for c in grid)
        # The cell editor never holds the control characters either.
        await pilot.press("l", "l", "l", "l", "enter")
        editor = app.screen.query_one(Editor)
        assert editor.active and app.screen.query_one("#editor-input").value == "≥95%31m"
        await pilot.press("escape")
        screenshot = app.export_screenshot()
        assert "\x1b" not in screenshot and "\x9b" not in screenshot
        app.notify(f"已导入 {doc.projects[0].name}[b]")  # user text: neither markup nor control
        await pilot.pause()
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        listed = cells(app.screen.query_one(Grid))
        assert not any(RAW.search(c) for c in listed)
        assert "\x1b" not in app.export_screenshot()
        await settle(app, pilot)
    assert Store(db).load(SAMPLE_KEY)[0].projects[0].name == f"工资{TITLE}发放"  # unchanged
