"""Editing like a spreadsheet: typing on a cell replaces its value (Enter keeps it), a composed
中文 string starts the edit too, and Ctrl+Z brings the old value back."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.keys import _character_to_key

from tui.app import JixiaoApp
from tui.project import ProjectScreen
from tui.widgets import Editor

from .conftest import settle

SIZE = (120, 40)


async def type_as_terminal(app: JixiaoApp, pilot, text: str) -> None:  # noqa: ANN001
    """Characters as a terminal's driver sends them: the key name and the character itself
    (Pilot.press finds no character for some full-width keys, ＞ among them)."""
    for ch in text:
        app._driver.send_message(events.Key(_character_to_key(ch), ch))
        await pilot.pause()


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


async def test_a_typed_amount_is_kept_and_shown_with_two_decimals(sample_db: Path) -> None:
    from tui.projects import ProjectListScreen

    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter", "f6")  # the header fields
        screen = app.screen
        assert app.focused is screen.query_one("#fields") and app.focused.cursor_row == 0
        await pilot.press("j", "j", *"105.5", "enter")  # 预算数, typed over
        await settle(app, pilot)
        budget = app.doc.projects[0].budget
        assert str(budget) == "105.50"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ProjectListScreen)
        row = app.screen.query_one("#projects").get_row_at(0)
        assert any(str(cell).strip() == "105.50" for cell in row), row


async def test_a_value_with_a_stray_character_is_refused_with_the_reason(sample_db: Path) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter", "j", "l", "l", "l", "l")  # row 2, 指标值
        old = app.doc.projects[0].indicators[1].value
        await pilot.press(*"50台?", "enter")
        editor = app.screen.query_one(Editor)
        assert editor.active and editor.text() == "50台?"  # the text stays in the box
        message = str(app.screen.query_one("#editor-message").render())
        assert "台?" in message and "多余的字符" in message
        assert app.doc.projects[0].indicators[1].value == old
        await pilot.press("backspace", "enter")  # 50台 reads: committed
        await settle(app, pilot)
        assert app.doc.projects[0].indicators[1].value == "50台"


async def test_a_typed_value_is_spelled_one_way(sample_db: Path) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter", "j", "l", "l", "l", "l")
        await type_as_terminal(app, pilot, "＞＝９０ ％")
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.doc.projects[0].indicators[1].value == "≥90%"


async def test_typing_replaces_a_part1_entry(sample_db: Path) -> None:
    from tui.part1 import Part1Screen

    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f3")
        assert isinstance(app.screen, Part1Screen)
        await pilot.press(*"某某单位")
        editor = app.screen.query_one(Editor)
        assert editor.request.label == "单位名称" and editor.text() == "某某单位"
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.doc.dept_name == "某某单位"


async def test_typing_replaces_a_plan_checkpoint_with_two_decimals(sample_db: Path) -> None:
    from tui.project import HEADER_FIELDS

    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter", "f6")
        row = [h.label for h in HEADER_FIELDS].index("12月底")
        await pilot.press(*"j" * row, "8", "enter")
        await settle(app, pilot)
        assert str(app.doc.projects[0].plan.dec) == "8.00"
        assert app.screen.query_one("#fields").get_row_at(row)[-1].plain.strip().endswith("8.00")


async def test_typed_keys_arriving_together_keep_their_order(sample_db: Path) -> None:
    """Over SSH "9 5 %" may arrive in one packet: the first opens the editor, the rest follow."""
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter", "j", "l", "l", "l", "l")
        for key, ch in (("9", "9"), ("5", "5"), ("percent_sign", "%"), ("enter", None)):
            app.post_message(events.Key(key, ch))
        await pilot.pause(0.3)
        await settle(app, pilot)
        assert app.doc.projects[0].indicators[1].value == "95%"
        burst = (("7", "7"), ("enter", None))  # and on the list: a number and Enter
        await pilot.press("escape")
        for key, ch in burst:
            app.post_message(events.Key(key, ch))
        await pilot.pause(0.3)
        assert isinstance(app.screen, ProjectScreen)
        assert app.screen.project_id == app.doc.projects[6].id


async def test_typing_on_a_level_cell_opens_its_list_at_the_typed_name(sample_db: Path) -> None:
    from tui.dialogs import ChoiceScreen

    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # row 1, 一级指标 (产出指标)
        await pilot.press("效")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.doc.projects[0].indicators[0].level1 == "效益指标"


async def test_text_pasted_on_a_cell_replaces_its_value(sample_db: Path) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter", "j", "l", "l")  # row 2, 三级指标
        app.screen.query_one("#grid").post_message(events.Paste("村干部工资发放率"))
        await pilot.pause()
        editor = app.screen.query_one(Editor)
        assert editor.active and editor.text() == "村干部工资发放率"
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.doc.projects[0].indicators[1].name == "村干部工资发放率"


async def test_a_number_pasted_on_the_list_opens_that_project(sample_db: Path) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.query_one("#projects").post_message(events.Paste("12"))
        await pilot.pause()
        await pilot.press("enter")
        assert isinstance(app.screen, ProjectScreen)
        assert app.screen.project_id == app.doc.projects[11].id


def test_typing_and_the_edit_box_keys_are_in_f1_and_cannot_be_remapped(tmp_path: Path) -> None:
    from tui import keys

    rows = {row[4]: row for row in keys.help_rows({})}
    assert rows["box.clear_left"][2] == "Ctrl+U" and rows["type.replace"][2] == "直接打字"
    assert rows["app.palette"][2] == "Ctrl+P / :"
    assert all(b.id not in ("box.clear_left", "type.replace") for b in keys.bindings("grid"))
    path = tmp_path / "keys.toml"
    path.write_text('"box.clear_left" = "ctrl+l"\n', "utf-8")
    keymap, problems = keys.load_keymap(path)
    assert keymap == {} and "不能改" in problems[0]
