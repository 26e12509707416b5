"""The row actions (tui/rows.py) on each list that has them: the indicator grid, the project list
and Part 1 — add, copy, move, delete after a yes, and undo that puts rows and cursor back."""

from __future__ import annotations

from pathlib import Path

from model import Measure
from tui.app import JixiaoApp
from tui.dialogs import ConfirmScreen
from tui.part1 import Part1Screen
from tui.project import ProjectScreen
from tui.projects import ProjectListScreen
from tui.widgets import Editor, Grid

from .conftest import settle

SIZE = (120, 40)
VALUE = 4  # the 指标值 column


async def confirm_delete(app: JixiaoApp, pilot, question: str) -> None:  # noqa: ANN001
    """d asks first: n leaves the row, d and y delete it."""
    await pilot.press("d")
    assert isinstance(app.screen, ConfirmScreen) and app.screen.question == question
    before = app.doc
    await pilot.press("n")
    assert app.doc is before
    await pilot.press("d", "y")
    assert app.doc is not before


async def name_new_row(app: JixiaoApp, pilot, name: str) -> None:  # noqa: ANN001
    editor = app.screen.query_one(Editor)
    assert editor.active and editor.request.value == ""
    await pilot.press(*name, "enter")


async def open_rows(app: JixiaoApp, pilot, key: str | None, screen: type, grid: str) -> Grid:  # noqa: ANN001
    """Go to a screen with rows (`key`: how, None: it is the first screen) and give its grid."""
    await pilot.pause()
    if key:
        await pilot.press(key)
    assert isinstance(app.screen, screen)
    return app.screen.query_one(grid, Grid)


async def test_indicator_rows_add_copy_move_delete_and_undo(sample_db: Path) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        grid = await open_rows(app, pilot, "enter", ProjectScreen, "#grid")
        inds = lambda: app.doc.projects[0].indicators  # noqa: E731
        names = lambda: [i.name for i in inds()]  # noqa: E731
        before = names()
        assert len(before) == 7
        await pilot.press("K")  # the first row cannot go up: no undo step
        assert names() == before and not app.session.undo_stack
        await pilot.press(*["l"] * VALUE)
        # p: the copy goes below with a new id; the cursor follows it in the same column
        await pilot.press("p")
        assert names()[:2] == ["发放人数", "发放人数"] and app.message == "已复制指标行"
        assert inds()[1].id != inds()[0].id and inds()[1].value == inds()[0].value
        assert grid.cursor_coordinate == (1, VALUE)
        # J: the copy moves down one row, the cursor with it
        await pilot.press("J")
        assert names()[1:3] == ["工资发放率", "发放人数"] and app.message == "已移动指标行"
        assert grid.cursor_coordinate == (2, VALUE)
        # O: a new row above, under the same categories; the editor opens on 三级指标
        await pilot.press("O")
        assert grid.cursor_coordinate == (2, 2)
        await name_new_row(app, pilot, "新指标")
        assert names()[2:4] == ["新指标", "发放人数"]
        assert (inds()[2].level1, inds()[2].level2) == ("产出指标", "数量指标")
        # d on the last row: the cursor goes to the new last row
        await pilot.press(*["j"] * 10)
        assert grid.cursor_row == 8
        await confirm_delete(app, pilot, "删除第 9 行指标“服务对象满意度”？")
        assert names()[-1] == "办公效率提高比例"
        assert app.message == "已删除指标：服务对象满意度（Ctrl+Z 可撤销）"
        assert grid.cursor_row == 7
        # Undo, step by step: each puts the rows back and the cursor where it was
        await pilot.press("ctrl+z")
        assert names()[-1] == "服务对象满意度" and grid.cursor_coordinate.row == 8
        await pilot.press("ctrl+z")  # the naming: the cursor on the name
        assert names()[2] == "" and grid.cursor_coordinate == (2, 2)
        await pilot.press("ctrl+z")  # the add: the cursor on the row it was added to
        assert "" not in names() and grid.cursor_coordinate == (2, VALUE)
        await pilot.press("ctrl+z")
        assert app.message == "已撤销：移动指标" and grid.cursor_coordinate == (1, VALUE)
        await pilot.press("ctrl+z")
        assert names() == before and app.message == "已撤销：复制指标"
        assert grid.cursor_coordinate == (0, VALUE)
        await pilot.press("ctrl+y")  # redo the copy
        assert names()[:2] == ["发放人数", "发放人数"]
        # From the header fields, d, p and J do nothing; o still adds a row
        await pilot.press("f6", "d", "p", "J")
        assert not isinstance(app.screen, ConfirmScreen) and len(names()) == 8
        await pilot.press("o")
        await name_new_row(app, pilot, "表头下新增")
        assert names()[1] == "表头下新增"
        await pilot.press("ctrl+z", "ctrl+z")  # back to the header field it was added from
        assert len(names()) == 8 and not app.screen.in_grid
        await settle(app, pilot)


async def test_a_delete_confirmed_after_the_row_changed_deletes_nothing(sample_db: Path) -> None:
    """The question names a row; if the document changed under the dialog (say, the other
    version was loaded), yes deletes nothing rather than whatever row is there now."""
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter", "d")
        assert isinstance(app.screen, ConfirmScreen)
        pid = app.doc.projects[0].id
        app.session.edit_project(pid, lambda p: p.indicators.pop(0), "别处删除")
        await pilot.press("y")
        assert [i.name for i in app.doc.projects[0].indicators][:1] == ["工资发放率"]
        assert len(app.doc.projects[0].indicators) == 6


async def test_project_rows_add_copy_move_delete_and_undo(sample_db: Path) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_rows(app, pilot, None, ProjectListScreen, "#projects")
        ids = lambda: [p.id for p in app.doc.projects]  # noqa: E731
        before = ids()
        second = app.doc.projects[1]
        await pilot.press("j", "c")  # a copy of the second project, below it
        copy = app.doc.projects[2]
        assert copy.name == f"{second.name}（副本）" and copy.code == "" and copy.id != second.id
        assert [i.name for i in copy.indicators] == [i.name for i in second.indicators]
        assert not {i.id for i in copy.indicators} & {i.id for i in second.indicators}
        assert table.cursor_row == 2 and app.message == "已复制项目：副本的编码留空，请填写"
        await pilot.press("J")
        assert app.doc.projects[3] is copy and table.cursor_row == 3
        await pilot.press("a")  # a new project below the cursor, opened
        assert isinstance(app.screen, ProjectScreen)
        new = app.doc.projects[4]
        assert app.screen.project_id == new.id and new.name == "" and len(ids()) == 26
        await pilot.press("escape")
        assert isinstance(app.screen, ProjectListScreen) and table.cursor_row == 4
        await confirm_delete(app, pilot, "删除项目“（未命名）”及其 0 个指标？")
        assert new.id not in ids() and app.message == "已删除项目：（Ctrl+Z 可撤销）"
        await pilot.press("ctrl+z", "ctrl+z")
        assert new.id not in ids() and app.doc.projects[3] is copy
        await pilot.press("ctrl+z")  # the move
        assert app.doc.projects[2] is copy and table.cursor_row == 2
        await pilot.press("ctrl+z")  # the copy: back on the project copied
        assert ids() == before and table.cursor_row == 1
        # With a filter on, a new project clears it (the new one matches nothing) and opens
        await pilot.press("slash", *"补偿", "enter")
        assert table.row_count == 7
        await pilot.press("a")
        (added,) = set(ids()) - set(before)
        assert isinstance(app.screen, ProjectScreen) and app.screen.project_id == added
        await pilot.press("escape")
        assert table.row_count == 25
        await settle(app, pilot)


async def test_part1_rows_add_move_delete_and_undo(sample_db: Path) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_rows(app, pilot, "f3", Part1Screen, "#part1")
        titles = lambda: [m.title for m in app.doc.part1.measures]  # noqa: E731
        before = titles()
        await pilot.press("o", "J", "d")  # on the document's settings: no row action
        assert not isinstance(app.screen, ConfirmScreen) and not app.session.undo_stack
        # 3 settings, 2 paragraphs, 6 分项目标 of 3 rows: 措施1·内容 is row 24
        table.move_cursor(row=24)
        await pilot.press("J")  # the measure moves down, the cursor stays on its 内容
        assert titles()[:2] == [before[1], before[0]] and app.message == "已移动保障措施"
        assert table.cursor_row == 26
        await pilot.press("K", "K")  # up again, and the first cannot go further
        assert titles() == before and table.cursor_row == 24
        assert len(app.session.undo_stack) == 2
        await pilot.press("O")  # a new measure above: the editor on its 标题
        assert table.cursor_row == 23
        await name_new_row(app, pilot, "新措施")
        assert titles()[:2] == ["新措施", before[0]] and app.doc.part1.measures[0].body == ""
        await confirm_delete(app, pilot, "删除保障措施1这一条（标题和内容）？")
        assert titles() == before and app.message == "已删除保障措施1（Ctrl+Z 可撤销）"
        await pilot.press("ctrl+z")
        assert titles()[0] == "新措施" and table.cursor_row == 23
        await pilot.press("ctrl+z", "ctrl+z")  # the naming, then the add
        assert titles() == before and app.message == "已撤销：新增保障措施"
        # An empty section shows one placeholder row: d does nothing there, o starts the list
        app.session.edit_part1(lambda p: p.measures.clear(), "清空")
        app.edited()
        await pilot.pause()
        table.move_cursor(row=table.row_count - 1)
        await pilot.press("d")
        assert not isinstance(app.screen, ConfirmScreen)
        await pilot.press("o")
        await name_new_row(app, pilot, "唯一措施")
        assert app.doc.part1.measures == [Measure(title="唯一措施")]
        await settle(app, pilot)


async def test_part1_rows_copy_below_and_undo(sample_db: Path) -> None:
    """p copies a 分项绩效目标 below itself, as it copies an indicator row."""
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_rows(app, pilot, "f3", Part1Screen, "#part1")
        items = lambda: list(app.doc.part1.items)  # noqa: E731
        before = items()
        await pilot.press("p")  # on the document's settings: nothing to copy
        assert not app.session.undo_stack
        table.move_cursor(row=6)  # 分项目标1·标题 (3 settings, 2 paragraphs, a heading row)
        await pilot.pause()
        await pilot.press("p")
        after = items()
        assert len(after) == len(before) + 1 and after[1] == before[0] and after[1] is not after[0]
        assert app.message == "已复制分项目标"
        await pilot.press("ctrl+z")
        assert items() == before
        await settle(app, pilot)
