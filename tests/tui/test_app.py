"""The editor driven as a user drives it (Textual Pilot): keys in, screen and database out."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from storage import Store
from tui import keys
from tui.app import JixiaoApp
from tui.dialogs import ChoiceScreen, ConfirmScreen, HelpScreen
from tui.part1 import Part1Screen
from tui.picker import PickerScreen
from tui.project import ProjectScreen
from tui.projects import ProjectListScreen
from tui.widgets import Editor, Grid

from .conftest import SAMPLE_KEY, ambiguous, sample_document, settle

SIZE = (120, 40)


async def type_text(pilot, text: str) -> None:
    await pilot.press(*list(text))


def stored(db: Path):
    return Store(db).load(SAMPLE_KEY)


async def test_edit_add_reorder_delete_undo_quit_and_find_it_saved(sample_db: Path) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ProjectListScreen)
        assert app.screen.query_one("#projects", Grid).row_count == 24
        await pilot.press("enter")
        assert isinstance(app.screen, ProjectScreen)
        # Row 2, 指标值: “≤100%” → “=100%”
        await pilot.press("j", "l", "l", "l", "l", "enter")
        assert app.screen.query_one(Editor).active
        await pilot.press("ctrl+u")
        await type_text(pilot, "=100%")
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.doc.projects[0].indicators[1].value == "=100%"
        assert app.save_state == "已保存"
        assert stored(sample_db)[0].projects[0].indicators[1].value == "=100%"
        # o: a new row below row 2, with its categories, and the editor on 三级指标
        await pilot.press("o")
        await type_text(pilot, "新指标")
        await pilot.press("enter")
        inds = app.doc.projects[0].indicators
        assert [i.name for i in inds[1:4]] == ["工资发放率", "新指标", "发放时间"]
        assert (inds[2].level1, inds[2].level2) == ("产出指标", "质量指标")
        # J moves it down one row
        await pilot.press("J")
        assert [i.name for i in app.doc.projects[0].indicators[2:4]] == ["发放时间", "新指标"]
        # d deletes it after confirmation; Ctrl+Z brings it back
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        assert "新指标" not in [i.name for i in app.doc.projects[0].indicators]
        await pilot.press("ctrl+z")
        assert app.doc.projects[0].indicators[3].name == "新指标"
        # p duplicates the row; Ctrl+Z undoes that, Ctrl+Y redoes, Ctrl+Z again
        await pilot.press("p")
        assert len(app.doc.projects[0].indicators) == 9
        await pilot.press("ctrl+z", "ctrl+y", "ctrl+z")
        assert len(app.doc.projects[0].indicators) == 8
        await settle(app, pilot)
        await pilot.press("ctrl+q")
    assert app.return_code == 0
    doc, revision = stored(sample_db)
    assert revision > 1
    names = [i.name for i in doc.projects[0].indicators]
    assert names[3] == "新指标" and len(names) == 8
    assert doc.projects[0].indicators[1].value == "=100%"

    # Start again: the edits are there.
    again = JixiaoApp(sample_db)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        grid = again.screen.query_one("#grid", Grid)
        assert grid.row_count == 8
        assert str(grid.get_cell_at((3, 2))) == "新指标"


async def test_quit_saves_an_edit_still_pending(sample_db: Path) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter", "l", "l", "enter")
        await type_text(pilot, "甲")
        await pilot.press("enter", "ctrl+q")  # no pause: the save may still be running
    assert stored(sample_db)[0].projects[0].indicators[0].name == "发放人数甲"


async def test_an_amount_that_is_not_a_number_cannot_be_committed(sample_db: Path) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter", "f6", "j", "j")  # header fields: 预算数
        await pilot.press("enter", "ctrl+u")
        await type_text(pilot, "11万")
        message = app.screen.query_one("#editor-message")
        assert "不是数字" in str(message.render())  # shown while typing
        await pilot.press("enter")
        editor = app.screen.query_one(Editor)
        assert editor.active  # refused: still editing
        assert app.doc.projects[0].budget == Decimal("11.00")
        await pilot.press("escape")
        assert not editor.active
        assert app.doc.projects[0].budget == Decimal("11.00")
        await pilot.press("enter", "ctrl+u")
        await type_text(pilot, "12.50")
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.doc.projects[0].budget == Decimal("12.50")
    assert str(stored(sample_db)[0].projects[0].budget) == "12.50"


async def add_row_named(app: JixiaoApp, pilot, name: str) -> None:
    """Press o and check that it opened the new grid row's editor, then name the row."""
    await pilot.press("o")
    editor = app.screen.query_one(Editor)
    assert editor.active and editor.request.target[0] == "ind"
    await type_text(pilot, name)
    await pilot.press("enter")
    await settle(app, pilot)


async def test_adding_a_row_from_the_header_fields_edits_the_new_row(sample_db: Path) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter", "f6", "j", "j")  # header fields: 预算数
        await add_row_named(app, pilot, "新指标")
        assert app.doc.projects[0].indicators[1].name == "新指标"
        assert app.doc.projects[0].budget == Decimal("11.00")  # the header is untouched
        # A new project has no rows: o from its header starts the first one.
        await pilot.press("f4", "a")
        await settle(app, pilot)
        assert isinstance(app.screen, ProjectScreen) and not app.screen.in_grid
        await add_row_named(app, pilot, "第一个指标")
        new = app.screen.project
        assert [i.name for i in new.indicators] == ["第一个指标"] and new.code == ""


async def test_value_editor_says_what_the_value_means(sample_db: Path) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter", "j", "l", "l", "l", "l", "enter", "ctrl+u")
        await type_text(pilot, "12月底前")
        assert "时限" in str(app.screen.query_one("#editor-message").render())
        await pilot.press("ctrl+u")
        await type_text(pilot, "95%")
        assert "定量" in str(app.screen.query_one("#editor-message").render())
        await pilot.press("escape")
        assert app.doc.projects[0].indicators[1].value == "≤100%"


async def test_findings_are_shown_in_the_grid_and_counted_in_the_list(sample_db: Path) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.3)  # problems are counted in the background, after drawing
        await settle(app, pilot)
        table = app.screen.query_one("#projects", Grid)
        problems = str(table.get_cell_at((0, 7)))
        assert problems.isdigit() and int(problems) >= 1
        await pilot.press("enter", "j", "l", "l", "l", "l")  # row 2 (≤100%), 指标值
        grid = app.screen.query_one("#grid", Grid)
        assert "✗" in str(grid.rows[grid.coordinate_to_cell_key((1, 0)).row_key].label)
        detail = str(app.screen.query_one("#detail").render())
        assert "≤100%" in detail and "错误" in detail


async def test_level_two_is_chosen_from_the_framework(sample_db: Path) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter", "l", "enter")  # row 1, 二级指标 (under 产出指标)
        assert isinstance(app.screen, ChoiceScreen)
        assert app.screen.options == ["数量指标", "质量指标", "时效指标", "成本指标"]
        await pilot.press("down", "enter")
        assert app.doc.projects[0].indicators[0].level2 == "质量指标"


async def test_filter_as_you_type(sample_db: Path) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        expected = sum("补偿" in p.name for p in app.doc.projects)
        await pilot.press("slash")
        await type_text(pilot, "补偿")
        table = app.screen.query_one("#projects", Grid)
        assert table.row_count == expected == 7
        await pilot.press("enter")  # back to the table, filter kept
        assert app.focused is table and table.row_count == expected
        await pilot.press("enter")
        assert "补偿" in app.screen.project.name
        await pilot.press("escape")  # back to the list
        await pilot.press("slash", "escape")  # Esc clears the filter
        assert table.row_count == 24


async def test_project_list_add_copy_move_delete(sample_db: Path) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = app.doc.projects[0]
        await pilot.press("c")
        copy = app.doc.projects[1]
        assert copy.name == f"{first.name}（副本）" and copy.id != first.id
        assert [i.value for i in copy.indicators] == [i.value for i in first.indicators]
        await pilot.press("K")
        assert app.doc.projects[0] is copy
        await pilot.press("d", "y")
        assert len(app.doc.projects) == 24 and app.doc.projects[0] is first
        await pilot.press("a")  # adds a project after the cursor and opens it
        assert isinstance(app.screen, ProjectScreen)
        assert len(app.doc.projects) == 25
        await pilot.press("enter")  # 项目编码
        await type_text(pilot, "13052923P0TEST")
        await pilot.press("enter")
        await settle(app, pilot)
    assert stored(sample_db)[0].projects[1].code == "13052923P0TEST"


async def test_part1_edit_add_delete(sample_db: Path) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f3")
        assert isinstance(app.screen, Part1Screen)
        # The document's settings come first: 单位名称, 指标口径, 可持续影响指标
        await pilot.press("j", "enter")
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("down", "enter")
        assert app.doc.profile.value == "2021"
        await pilot.press("j", "enter", "down", "enter")
        assert app.doc.allow_sustainable is False
        await pilot.press("j")  # 总体目标1
        await pilot.press("o")  # a new 总体目标 paragraph below the first
        await type_text(pilot, "新增段落")
        await pilot.press("enter")
        assert app.doc.part1.overall[1] == "新增段落"
        # 分项目标 1 标题 is row 4 (two paragraphs + new one before it)
        await pilot.press("j", "j", "enter", "ctrl+u")
        await type_text(pilot, "一加强党的领导")
        await pilot.press("enter")
        assert app.doc.part1.items[0].title == "一加强党的领导"
        await pilot.press("J")  # move 分项目标 1 below 分项目标 2
        assert app.doc.part1.items[1].title == "一加强党的领导"
        await pilot.press("d", "y")
        assert len(app.doc.part1.items) == 5
        await pilot.press("ctrl+z")
        assert len(app.doc.part1.items) == 6
        await settle(app, pilot)
    doc = stored(sample_db)[0]
    assert doc.part1.overall[1] == "新增段落"
    assert (doc.profile.value, doc.allow_sustainable) == ("2021", False)


async def test_help_lists_every_key_and_palette_runs_actions(sample_db: Path) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        help_text = str(app.screen.query_one("#help-text").render())
        assert all(a.id in help_text for a in keys.ACTIONS)
        await pilot.press("escape", "enter")
        count = len(app.doc.projects[0].indicators)
        await pilot.press("ctrl+p")
        # Its magnifier is an emoji the Linux console cannot draw: it is hidden.
        from textual.command import SearchIcon

        assert not app.screen.query_one(SearchIcon).display
        await type_text(pilot, "在下方新增指标")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert len(app.doc.projects[0].indicators) == count + 1


async def test_remapped_key_from_the_config_file(
    sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "keys.toml"
    config.write_text('"rows.add_below" = "n"\n', encoding="utf-8")
    monkeypatch.setenv("JIXIAO_KEYS", str(config))
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter", "o")
        assert len(app.doc.projects[0].indicators) == 7  # o is free now: typed on the cell
        await pilot.press("escape")  # (the cell is 一级指标: typing opened its list)
        await pilot.press("n")
        assert len(app.doc.projects[0].indicators) == 8


async def test_picker_copies_last_year_into_a_new_year(sample_db: Path) -> None:
    store = Store(sample_db)
    other = sample_document()
    other.dept_code = "903002"
    store.save(other, 0)
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("y")  # copy 903001/2023 (first row) to 2024
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ProjectListScreen)
        assert app.doc.key == "903001/2024"
    doc, _ = Store(sample_db).load("903001/2024")
    assert doc.projects[0].indicators[0].previous_value == "≤3人"


async def test_new_document_from_an_empty_database(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    Store.create(db)
    app = JixiaoApp(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("n")
        await type_text(pilot, "905001")
        await pilot.press("enter")
        await type_text(pilot, "某某乡")
        await pilot.press("enter")
        await type_text(pilot, "2025")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ProjectListScreen)
        assert app.doc.key == "905001/2025" and app.doc.dept_name == "某某乡"
        await pilot.press("a")  # a first project
        assert isinstance(app.screen, ProjectScreen)
        await pilot.press("ctrl+q")
    doc, _ = Store(db).load("905001/2025")
    assert len(doc.projects) == 1 and doc.profile.value == "2021"


def test_next_year_copy_gives_new_ids_and_keeps_values() -> None:
    from model.yearcopy import copy_to_year

    doc = sample_document()
    new = copy_to_year(doc, 2024)
    assert new.year == 2024 and doc.year == 2023
    assert new.projects[0].id != doc.projects[0].id
    assert new.projects[0].indicators[1].previous_value == "≤100%"


async def test_ambiguous_width_setting_draws_safe_characters(
    sample_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JIXIAO_AMBIGUOUS_WIDE", "1")
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        grid = app.screen.query_one("#grid", Grid)
        assert str(grid.get_cell_at((0, 4))) == "<=3人"
        assert str(grid.get_cell_at((1, 4))) == "<=100%"
    assert stored(sample_db)[0].projects[0].indicators[0].value == "≤3人"  # data unchanged


async def test_wide_mode_draws_no_ambiguous_width_character(
    sample_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With JIXIAO_AMBIGUOUS_WIDE=1 nothing on screen may be drawn 1 or 2 cells by whim of the
    terminal (borders, scrollbars, ≤, “”, …) — except inside the editor's own text box."""

    monkeypatch.setenv("JIXIAO_AMBIGUOUS_WIDE", "1")
    app = JixiaoApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        screens = [(), ("enter",), ("j", "l", "l", "l", "l", "d"), ("escape", "f3"), ("f1",)]
        for keys_ in screens:
            await pilot.press(*keys_)
            await pilot.pause(0.1)
            assert ambiguous(app.export_screenshot()) == set(), keys_


async def test_completion_offers_names_from_other_documents(sample_db: Path) -> None:
    other = sample_document()
    other.dept_code = "903009"
    other.projects[0].indicators[0].name = "村干部补贴发放人数"
    Store(sample_db).save(other, 0)
    app = JixiaoApp(sample_db, SAMPLE_KEY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.5)  # the library is built in the background, after the first paint
        await app.workers.wait_for_complete()
        await pilot.press("enter", "l", "l", "enter", "ctrl+u")
        await type_text(pilot, "村干部")
        box = app.screen.query_one("#editor-input")
        await pilot.pause()
        assert box._suggestion == "村干部补贴发放人数"
        await pilot.press("right", "enter")  # → accepts the completion
        assert app.doc.projects[0].indicators[0].name == "村干部补贴发放人数"


async def test_export_from_the_editor(sample_db: Path, tmp_path: Path) -> None:
    from exporters import json_io

    target = tmp_path / "out.json"
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+e", "ctrl+u")
        await type_text(pilot, str(target))
        await pilot.press("enter")
        await app.workers.wait_for_complete()  # the file is written in a worker
        await pilot.pause()
    doc = json_io.read(target.read_bytes(), source=str(target)).documents[0]
    assert doc.key == SAMPLE_KEY and len(doc.projects) == 24


async def test_keys_arriving_together_keep_their_order(sample_db: Path) -> None:
    """Over SSH several keys often arrive in one packet; the driver posts them all at once."""
    from textual import events

    def burst(app: JixiaoApp, *keys: str) -> None:
        for key in keys:
            char = key if len(key) == 1 else None
            app.post_message(events.Key(key, "%" if key == "percent_sign" else char))

    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter", "j", "l", "l", "l", "l")
        burst(app, "enter", "ctrl+u", "9", "5", "percent_sign", "enter")
        await pilot.pause(0.3)
        assert app.doc.projects[0].indicators[1].value == "95%"
        burst(app, "enter", "ctrl+u", "a", "b", "backspace", "c", "left", "x", "home", "y")
        await pilot.pause(0.3)
        assert app.screen.query_one("#editor-input").value == "yaxc"


async def test_multiline_text_takes_enter_as_a_new_line_and_f2_commits(sample_db: Path) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f3")
        # rows: 3 document settings, 2 总体目标, 分项1 标题, 分项1 绩效目标
        before = app.doc.part1.items[0].goal
        await pilot.press(*["j"] * 6, "enter", "ctrl+a")  # to the start of the (wrapped) line
        await type_text(pilot, "第一行")
        await pilot.press("enter")  # a new line, not a commit
        assert app.screen.query_one(Editor).active
        await pilot.press("f2")
        assert not app.screen.query_one(Editor).active
        after = app.doc.part1.items[0].goal
        assert "第一行\n" in after and after.replace("第一行\n", "") == before


async def test_import_replaces_the_document_as_one_undoable_step(
    sample_db: Path, tmp_path: Path
) -> None:
    from exporters import json_io

    changed = sample_document()
    changed.projects[0].name = "导入后的名称"
    source = tmp_path / "in.json"
    source.write_text(json_io.dumps(changed), encoding="utf-8")
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+r", "ctrl+u")
        await type_text(pilot, str(source))
        await pilot.press("enter")
        await app.workers.wait_for_complete()  # the file is read in a worker
        await pilot.pause()
        assert app.doc.projects[0].name == "导入后的名称"
        await pilot.press("ctrl+z")
        assert app.doc.projects[0].name == "“凤还巢”大学生村干部工资及保险"
