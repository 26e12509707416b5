"""Document-level parts of the editor: new document dialog at 80×24, 文档信息 (code, name, year,
指标口径), deleting a document, and keys arriving in one burst in every input."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events

from storage import Store
from tui.app import JixiaoApp
from tui.dialogs import ExportScreen
from tui.picker import NewDocumentScreen
from tui.projects import FilterInput

from .conftest import sample_document

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
