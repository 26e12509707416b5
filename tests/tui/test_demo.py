"""`jixiao demo`: the banner on every screen, and on quit with edits the offer to keep them."""

from __future__ import annotations

from pathlib import Path

import pytest

from service import documents
from storage import Store, open_store
from tui.app import JixiaoApp
from tui.demo import BANNER
from tui.widgets import TitleLine

from .conftest import SAMPLE_KEY, sample_document, settle

SIZE = (80, 24)


def _title(app: JixiaoApp) -> str:
    return str(app.screen.query_one("#title", TitleLine).render())


async def _edit_first_value(app: JixiaoApp, pilot) -> None:  # noqa: ANN001
    await pilot.press("enter")  # project 1
    await pilot.pause()
    await pilot.press("f6", "f6")  # back to the grid if the header was focused
    await pilot.pause()
    screen = app.screen
    before = app.doc.projects[0].indicators[0].name
    await pilot.press("right", "right", "f2", "ctrl+u", *"改过的名称", "enter")
    await settle(app, pilot)
    assert screen.doc.projects[0].indicators[0].name != before


async def test_the_banner_is_on_every_screen(sample_db: Path, tmp_path: Path) -> None:
    app = JixiaoApp(sample_db, SAMPLE_KEY, demo_keep=tmp_path / "keep.json")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert _title(app).startswith(BANNER)
        await pilot.press("enter")
        await pilot.pause()
        assert _title(app).startswith(BANNER) and "项目 1/24" in _title(app)
        await pilot.press("f5")
        await pilot.pause()
        assert _title(app).startswith(BANNER)


async def test_no_banner_outside_the_demo(sample_db: Path) -> None:
    app = JixiaoApp(sample_db, SAMPLE_KEY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert BANNER not in _title(app)


async def test_quit_without_edits_asks_nothing(sample_db: Path, tmp_path: Path) -> None:
    app = JixiaoApp(sample_db, SAMPLE_KEY, demo_keep=tmp_path / "keep.json")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0 and not (tmp_path / "keep.json").exists()


async def test_edits_kept_in_the_default_database(
    sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    keep = tmp_path / "keep.json"  # no database there yet: made, as `jixiao edit` would
    app = JixiaoApp(sample_db, SAMPLE_KEY, demo_keep=keep)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await _edit_first_value(app, pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert "要保留修改吗" in str(app.screen.query_one(".question").render())
        await pilot.press("s")
        await pilot.pause()
    kept, _ = documents.load(open_store(keep), SAMPLE_KEY)
    assert kept.projects[0].indicators[0].name == "改过的名称"
    # `jixiao list` on that database (the default one: $JIXIAO_DB) shows it
    from jixiao.cli import main

    monkeypatch.setenv("JIXIAO_DB", str(keep))
    capsys.readouterr()
    assert main(["list"]) == 0
    assert SAMPLE_KEY in capsys.readouterr().out


async def test_a_document_already_there_is_kept_as_a_copy(sample_db: Path, tmp_path: Path) -> None:
    keep = tmp_path / "keep.json"
    Store.create(keep).save(sample_document(), 0)
    app = JixiaoApp(sample_db, SAMPLE_KEY, demo_keep=keep)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await _edit_first_value(app, pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert "不会覆盖" in str(app.screen.query_one(".question").render())
        await pilot.press("c")
        await pilot.pause()
    store = open_store(keep)
    original, _ = documents.load(store, SAMPLE_KEY)
    assert original.projects[0].indicators[0].name != "改过的名称"  # not overwritten
    copies = [i.key for i in documents.list_documents(store) if i.key != SAMPLE_KEY]
    assert len(copies) == 1 and "-copy1/" in copies[0]
    copy_doc, _ = documents.load(store, copies[0])
    assert copy_doc.projects[0].indicators[0].name == "改过的名称"


async def test_discard_quits_and_keeps_nothing(sample_db: Path, tmp_path: Path) -> None:
    keep = tmp_path / "keep.json"
    app = JixiaoApp(sample_db, SAMPLE_KEY, demo_keep=keep)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await _edit_first_value(app, pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("n")  # 返回: still editing
        await pilot.pause()
        assert app.is_running and "临时数据库" in app.message
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
    assert not keep.exists()
