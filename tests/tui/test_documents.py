"""Document-level parts of the editor: new document dialog at 80×24, 文档信息 (code, name, year,
指标口径), deleting a document, and keys arriving in one burst in every input."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events

from model import PlanUnit
from storage import Store
from tui.app import JixiaoApp
from tui.dialogs import ConfirmScreen, ExportScreen
from tui.docforms import DocumentInfoScreen
from tui.picker import NewDocumentScreen, PickerScreen
from tui.projects import FilterInput, ProjectListScreen

from .conftest import SAMPLE_KEY, ambiguous, sample_document, settle

SIZE = (120, 40)


def burst(app: JixiaoApp, *keys: str) -> None:
    """Post keys the way the driver does when several arrive in one packet over SSH."""
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))


BURST = ("a", "b", "backspace", "c", "left", "x", "home", "y")  # → "yaxc"


async def test_filter_input_keeps_keys_of_one_burst_in_order(sample_db: Path) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash")
        burst(app, *BURST)
        await pilot.pause(0.3)
        assert app.screen.query_one("#filter", FilterInput).value == "yaxc"


async def test_dialog_input_keeps_keys_of_one_burst_in_order(sample_db: Path) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+e")
        assert isinstance(app.screen, ExportScreen)
        burst(app, "ctrl+u", *BURST)
        await pilot.pause(0.3)
        assert app.screen.query_one("#path").value == "yaxc"


# --- 新建文档 fits a 80×24 terminal -----------------------------------------------------------

FORM_PARTS = ("#code", "#name", "#year", "#profile", "#ok", "#cancel")


def assert_whole_and_on_screen(app: JixiaoApp, selector: str, size: tuple[int, int]) -> None:
    """The widget is laid out in full inside the screen: not cut off by the dialog or the
    terminal (a field pushed below the dialog's edge has no region, or a clipped one)."""
    from textual.errors import NoWidget
    from textual.geometry import Region

    widget = app.screen.query_one(selector)
    try:
        geometry = app.screen.find_widget(widget)
    except NoWidget:
        raise AssertionError(f"{selector} is not drawn at all") from None
    region = geometry.region
    assert region.height >= 1 and region.width >= 4, (selector, region)
    assert geometry.clip.contains_region(region), (selector, region, geometry.clip)
    assert Region(0, 0, *size).contains_region(region), (selector, region)


async def open_new_document_form(app: JixiaoApp, pilot) -> None:
    await pilot.pause()
    await pilot.press("n")
    await pilot.pause()
    assert isinstance(app.screen, NewDocumentScreen)


@pytest.mark.parametrize("wide", [False, True], ids=["normal", "ambiguous-wide"])
async def test_new_document_form_fits_80x24_and_tab_reaches_every_part(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, wide: bool
) -> None:
    if wide:
        monkeypatch.setenv("JIXIAO_AMBIGUOUS_WIDE", "1")
    db = tmp_path / "empty.db"
    Store.create(db)
    app = JixiaoApp(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_new_document_form(app, pilot)
        for selector in FORM_PARTS:
            assert_whole_and_on_screen(app, selector, (80, 24))
        reached = []
        for _ in FORM_PARTS:
            reached.append(f"#{app.focused.id}")
            await pilot.press("tab")
        assert reached == list(FORM_PARTS)
        assert f"#{app.focused.id}" == FORM_PARTS[0]  # and round again
        if wide:  # nothing drawn that such a terminal may draw two cells wide (▼, ▊ …)
            assert ambiguous(app.export_screenshot()) == set()
            await pilot.press("shift+tab", "shift+tab", "shift+tab", "enter")  # 指标口径 list
            assert app.screen.query_one("#profile").expanded
            assert ambiguous(app.export_screenshot()) == set()


async def test_new_document_year_is_checked_as_you_type(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    Store.create(db)
    app = JixiaoApp(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_new_document_form(app, pilot)
        form = app.screen
        await pilot.press(*"905001", "enter", "enter", "2", "0")
        message = form.query_one("#form-message")
        assert "四位年份" in str(message.render()) and message.has_class("invalid")
        assert form.query_one("#year").has_class("-invalid")
        await pilot.press("enter")  # refused: still the form, nothing saved
        assert app.screen is form and Store(db).list_documents() == []
        await pilot.press("2", "5")
        assert str(message.render()) == "" and not form.query_one("#year").has_class("-invalid")
        await pilot.press("tab", "tab", "enter")  # 指标口径 → 确定
        await pilot.pause()
    assert [i.key for i in Store(db).list_documents()] == ["905001/2025"]


async def test_new_document_refuses_a_key_that_exists(sample_db: Path) -> None:
    store = Store(sample_db)
    other = sample_document()
    other.dept_code = "903002"
    store.save(other, 0)
    app = JixiaoApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_new_document_form(app, pilot)
        await pilot.press(*"903001", "enter", "enter", *"2023", "enter")
        assert isinstance(app.screen, NewDocumentScreen)
        assert "已存在" in str(app.screen.query_one("#form-message").render())


# --- 文档信息 -----------------------------------------------------------------------------------


def stored_keys(db: Path) -> list[str]:
    return [info.key for info in Store(db).list_documents()]


async def test_document_info_changes_the_key_as_one_undoable_step(sample_db: Path) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f9")
        form = app.screen
        assert isinstance(form, DocumentInfoScreen)
        for selector in (*FORM_PARTS, "#sustainable", "#plan-unit", "#phase"):
            assert_whole_and_on_screen(app, selector, (80, 24))
        await pilot.press("shift+tab", "ctrl+u", *"903009", "tab", "ctrl+u", *"某某乡")
        await pilot.press("tab", "ctrl+u", *"2024", "tab", "down", "down", "enter")  # → 2021
        await pilot.press("tab", "down", "down", "enter")  # 可持续影响指标 → 不允许
        await pilot.press("tab", "down", "down", "enter")  # 支出计划单位 → 累计百分比
        await pilot.press("tab", "tab", "enter")  # past 阶段 (unchanged), 确定
        assert isinstance(app.screen, ProjectListScreen)
        doc = app.doc
        assert (doc.key, doc.dept_name, doc.profile.value) == ("903009/2024", "某某乡", "2021")
        assert doc.allow_sustainable is False and len(doc.projects) == 24
        assert doc.plan_unit is PlanUnit.PERCENT
        assert "903009/2024" in str(app.screen.query_one("#title").render())
        await settle(app, pilot)
        assert stored_keys(sample_db) == ["903009/2024"]
        await pilot.press("ctrl+z")  # one step back: the old key, name and settings
        assert (app.doc.key, app.doc.profile.value) == (SAMPLE_KEY, "2015")
        assert app.doc.plan_unit is PlanUnit.AMOUNT
        await settle(app, pilot)
    assert stored_keys(sample_db) == [SAMPLE_KEY]


async def test_document_info_refuses_a_key_that_exists(sample_db: Path) -> None:
    other = sample_document()
    other.year = 2024
    Store(sample_db).save(other, 0)
    app = JixiaoApp(sample_db, SAMPLE_KEY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f9", "tab", "ctrl+u", *"2024", "enter")
        form = app.screen
        assert isinstance(form, DocumentInfoScreen)
        message = str(form.query_one("#form-message").render())
        assert (
            message == "✗ 文档 903001/2024 已存在，不能改为该编码和年度；请换一个或先删除那个文档"
        )
        await pilot.press("backspace", "5", "enter")  # 2025 is free
        assert app.doc.key == "903001/2025"
        assert app.session.undo_stack[-1].label == "修改文档信息"


async def test_document_info_checks_code_as_you_type(sample_db: Path) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f9", "shift+tab", "ctrl+u")
        form = app.screen
        assert str(form.query_one("#form-message").render()) == "✗ 请填写预算单位编码"
        await pilot.press("tab", "tab", "enter")  # Enter in 年度 confirms: refused, back to 编码
        assert app.screen is form and app.focused is form.query_one("#code")
        await pilot.press("escape")
        assert app.doc.key == SAMPLE_KEY and not app.session.undo_stack


async def test_document_info_from_the_palette(sample_db: Path) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p", *"文档信息")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DocumentInfoScreen)


def two_documents(db: Path) -> None:
    other = sample_document()
    other.dept_code, other.dept_name = "903002", "某某局"
    Store(db).save(other, 0)


async def test_picker_edits_a_document_that_is_not_open(sample_db: Path) -> None:
    two_documents(sample_db)
    app = JixiaoApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("j", "i")  # 903002
        assert isinstance(app.screen, DocumentInfoScreen)
        await pilot.press("ctrl+u", *"某某局机关", "enter", "ctrl+u", *"2022", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        assert app.screen.query_one("#docs").get_row_at(0)[0].plain == "903001"
    doc, revision = Store(sample_db).load("903002/2022")
    assert doc.dept_name == "某某局机关" and revision == 2
    assert stored_keys(sample_db) == [SAMPLE_KEY, "903002/2022"]


# --- deleting a document -----------------------------------------------------------------------


async def test_picker_deletes_a_document_after_confirmation(sample_db: Path) -> None:
    two_documents(sample_db)
    app = JixiaoApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("j", "d")
        confirm = app.screen
        assert isinstance(confirm, ConfirmScreen)
        assert "903002/2023 某某局" in confirm.question and "jixiao restore" in confirm.question
        await pilot.press("n")  # cancelled: nothing happens
        assert stored_keys(sample_db) == [SAMPLE_KEY, "903002/2023"]
        await pilot.press("d", "y")
        await pilot.pause()
        assert stored_keys(sample_db) == [SAMPLE_KEY]
        assert app.screen.query_one("#docs").row_count == 1


async def test_deleting_the_open_document_saves_closes_it_and_shows_the_list(
    sample_db: Path,
) -> None:
    two_documents(sample_db)
    app = JixiaoApp(sample_db, SAMPLE_KEY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.session.edit_part1(lambda p1: p1.overall.append("删除前的修改"), "新增")
        app.edited()
        await pilot.press("ctrl+o", "d", "y")
        await pilot.pause(0.3)
        assert isinstance(app.screen, PickerScreen) and app.session is None
        assert len(app.screen_stack) == 2  # no screen of the deleted document is left
        assert app.screen.query_one("#docs").row_count == 1
        await pilot.press("escape", "f3", "f4", "ctrl+z")  # nothing open: these do nothing
        assert isinstance(app.screen, PickerScreen)
    assert stored_keys(sample_db) == ["903002/2023"]
    # the edit made before deleting was saved first, so the document's history holds it
    store = Store(sample_db)
    newest = store.load_revision(SAMPLE_KEY, store.history(SAMPLE_KEY)[0].revision)
    assert "删除前的修改" in newest.part1.overall


async def test_form_fields_take_a_burst_with_tab_and_enter(tmp_path: Path) -> None:
    """Tab and Enter move to the next field at once: the letters after them go there."""
    db = tmp_path / "empty.db"
    Store.create(db)
    app = JixiaoApp(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_new_document_form(app, pilot)
        burst(app, *"905001", "tab", *"某某乡", "enter", *"20x", "backspace", *"25", "enter")
        await pilot.pause(0.3)
        assert isinstance(app.screen, ProjectListScreen)
        assert (app.doc.key, app.doc.dept_name) == ("905001/2025", "某某乡")
