"""What the editor redraws: over SSH every redrawn cell is work and bytes on the line.

Counts, not timings: how many table cells are rendered anew when a key is pressed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable

from tui.app import JixiaoApp
from tui.widgets import Editor, Grid

from .conftest import settle

SIZE = (120, 40)


@pytest.fixture
def rendered_cells(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int, int]]:
    """Every table cell rendered from now on: (table id, row, column)."""
    cells: list[tuple[str, int, int]] = []
    original = DataTable._render_cell

    def counting(self, row_index, column_index, *args, **kwargs):  # noqa: ANN001, ANN002
        cells.append((self.id, row_index, column_index))
        return original(self, row_index, column_index, *args, **kwargs)

    monkeypatch.setattr(DataTable, "_render_cell", counting)
    return cells


async def test_opening_and_closing_the_cell_editor_redraws_no_cell_of_the_grid(
    sample_db: Path, rendered_cells: list
) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # the first project
        await pilot.pause()
        grid = app.screen.query_one("#grid", Grid)
        await pilot.press("l", "l", "l", "l", "j", "j")  # to 指标值, third row
        await pilot.pause()
        assert grid.cursor_coordinate == (2, 4)
        rendered_cells.clear()
        await pilot.press("enter")
        await pilot.pause()
        editor = app.screen.query_one("#editor", Editor)
        assert editor.active and not grid.has_focus
        assert grid.has_class("editing")  # keeps the focused look: the cell stands out
        # Opening the editor moved the focus off the grid: nothing in the grid looks different.
        assert [c for c in rendered_cells if c[0] == "grid"] == []
        await pilot.press("escape")
        await pilot.pause()
        assert grid.has_focus and not editor.active
        await pilot.pause()
        assert not grid.has_class("editing")
        assert [c for c in rendered_cells if c[0] == "grid"] == []


async def test_moving_the_cursor_redraws_only_the_two_rows_it_touches(
    sample_db: Path, rendered_cells: list
) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("j", "j", "j")
        await pilot.pause()
        rendered_cells.clear()
        await pilot.press("k")
        await pilot.pause()
        rows = {row for table, row, _ in rendered_cells if table == "grid"}
        assert rows <= {2, 3}
        # and a full repaint afterwards (the editor opening) draws nothing new
        rendered_cells.clear()
        await pilot.press("enter")
        await pilot.pause()
        assert [c for c in rendered_cells if c[0] == "grid"] == []


async def test_typing_in_the_cell_editor_lays_out_nothing(sample_db: Path) -> None:
    """A letter typed changes the editor's text, not the size of anything on the screen."""
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("l", "l", "l", "l", "enter")
        await pilot.pause()
        screen = app.screen
        layouts = 0
        original = type(screen)._refresh_layout

        def counting(self, *args, **kwargs):  # noqa: ANN001, ANN002
            nonlocal layouts
            layouts += 1
            return original(self, *args, **kwargs)

        type(screen)._refresh_layout = counting
        try:
            await pilot.press("9", "5")
            await pilot.pause()
        finally:
            type(screen)._refresh_layout = original
        assert app.screen.query_one("#editor-input").value.endswith("95")
        assert layouts == 0


async def test_the_project_list_is_drawn_once_at_start_up(
    sample_db: Path, rendered_cells: list
) -> None:
    """The first paint shows the grid already focused (AUTO_FOCUS), so focusing it does not
    draw every cell again, and the Resize that follows the first layout draws nothing."""
    import threading

    app = JixiaoApp(sample_db, "903001/2023")
    at_paint: list[list] = []

    class Noted(threading.Event):
        def set(self) -> None:
            at_paint.append(list(rendered_cells))
            super().set()

    app.painted = Noted()
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(100):
            if at_paint:
                break
            await pilot.pause(0.05)
        assert app.screen.query_one("#projects", Grid).has_focus
    drawn = [(row, column) for table, row, column in at_paint[0] if table == "projects"]
    assert drawn, "the list was painted"
    assert len(drawn) == len(set(drawn))  # no cell drawn twice before the first paint


async def test_resizing_the_terminal_redraws_no_row_already_drawn(
    sample_db: Path, rendered_cells: list
) -> None:
    app = JixiaoApp(sample_db, "903001/2023")
    async with app.run_test(size=(100, 20)) as pilot:
        for _ in range(400):  # the problem counts arrive after the first paint: wait for them
            if app.findings.loaded and app.screen._findings_timer is None:
                break
            await pilot.pause(0.05)
        await settle(app, pilot)
        grid = app.screen.query_one("#projects", Grid)
        shown = {row for table, row, _ in rendered_cells if table == "projects" and row >= 0}
        assert shown and grid.row_count > max(shown) + 1  # rows below the screen remain
        rendered_cells.clear()
        await pilot.resize_terminal(100, 30)  # taller: the same columns, more rows
        await pilot.pause()
        grid.refresh()  # any later repaint (a key, a status message) draws from the cache
        await pilot.pause()
        redrawn = {row for table, row, _ in rendered_cells if table == "projects" and row >= 0}
        assert redrawn, "the rows that came into view are drawn"
        assert not redrawn & shown


async def _counts_shown(app: JixiaoApp, pilot) -> None:  # noqa: ANN001
    """Wait until the project list's problem counts are in and drawn."""
    for _ in range(400):
        if app.findings.loaded and app.screen._findings_timer is None:
            break
        await pilot.pause(0.05)
    await settle(app, pilot)


def _problem_column(app: JixiaoApp) -> list[str]:
    grid = app.screen.query_one("#projects", Grid)
    return [grid.get_row_at(n)[-1].plain for n in range(grid.row_count)]


async def test_a_colleagues_save_redraws_only_the_project_they_changed(
    sample_db: Path, rendered_cells: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Someone saves a change to project 3's 指标值确定依据 (a field no cross-project rule
    reads): the list redraws project 3's row alone, and the other projects' problem counts
    stay as they were all along — never "…" while they are counted again."""
    from storage import Store
    from tui.projects import ProjectListScreen

    from .conftest import SAMPLE_KEY

    app = JixiaoApp(sample_db, SAMPLE_KEY)
    app.poll_seconds = 0  # the test decides when the editor looks for a colleague's save
    async with app.run_test(size=SIZE) as pilot:
        await _counts_shown(app, pilot)
        before = _problem_column(app)
        assert "…" not in before
        seen: list[list[str]] = []  # the problem column every time the list is refreshed
        refresh = ProjectListScreen.refresh_view

        def noting(self: ProjectListScreen) -> None:
            refresh(self)
            seen.append(_problem_column(app))

        monkeypatch.setattr(ProjectListScreen, "refresh_view", noting)
        store = Store(sample_db)
        doc, revision = store.load(SAMPLE_KEY)
        doc.projects[2].indicators[0].basis = "同事改的依据"
        store.save(doc, revision)
        rendered_cells.clear()
        app.check_for_theirs()
        await app.workers.wait_for_complete()
        await _counts_shown(app, pilot)
        assert app.doc.projects[2].indicators[0].basis == "同事改的依据"
        assert seen, "the list was refreshed"
        for column in seen:
            assert [c for n, c in enumerate(column) if n != 2] == before[:2] + before[3:]
        redrawn = {row for table, row, _ in rendered_cells if table == "projects" and row >= 0}
        assert redrawn == {2}


async def test_a_cell_updated_in_a_grid_redraws_its_row_alone(rendered_cells: list) -> None:
    """DataTable redraws every visible row after any update_cell (one update count keys all
    its caches); the Grid only the row the cell is in — and all of them again when the table
    itself changes (a row added)."""
    from textual.app import App, ComposeResult

    class One(App[None]):
        def compose(self) -> ComposeResult:
            yield Grid(id="g", cursor_type="row")

    app = One()
    async with app.run_test(size=(60, 20)) as pilot:
        grid = app.query_one("#g", Grid)
        grid.add_columns("甲", "乙")
        for n in range(30):
            grid.add_row(str(n), f"第{n}行", key=f"r{n}")
        await pilot.pause()
        visible = {row for _, row, _ in rendered_cells if row >= 0}
        assert len(visible) > 10
        rendered_cells.clear()
        grid.update_cell("r5", grid.ordered_columns[1].key, "改了")
        await pilot.pause()
        assert {row for _, row, _ in rendered_cells if row >= 0} == {5}
        assert "改了" in "".join(s.text for s in grid.render_line(6))  # drawn anew, not stale
        rendered_cells.clear()
        grid.refresh()
        await pilot.pause()
        assert [c for c in rendered_cells if c[1] >= 0] == []  # a repaint draws from the cache
        grid.add_row("30", "第30行", key="r30")
        await pilot.pause()
        assert {row for _, row, _ in rendered_cells if row >= 0} == visible
