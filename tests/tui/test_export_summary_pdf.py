"""The editor's export dialog offers the 汇总表 (导出内容) and PDF (by the .pdf extension), and
says what to install when LibreOffice is missing (issue 19 items 2 and 3)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from exporters import pdf
from tui.app import JixiaoApp
from tui.dialogs import ExportScreen

from .test_files import SIZE, done, message

docx = pytest.importorskip("docx")


async def _choose_summary(pilot) -> None:
    await pilot.press("tab", "tab", "enter")  # the 导出内容 list opens
    await pilot.pause()
    await pilot.press("down", "enter")  # 完整文档 → 汇总表
    await pilot.pause()


async def test_export_dialog_writes_the_summary_as_word(sample_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "汇总.docx"
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+e", "ctrl+u", *list(str(target)))
        await _choose_summary(pilot)
        assert app.screen.query_one("#content").value == "summary"
        await pilot.press("shift+tab", "shift+tab", "enter")
        await done(app, pilot)
        assert not isinstance(app.screen, ExportScreen)
    table = docx.Document(io.BytesIO(target.read_bytes())).tables[0]
    assert table.rows[0].cells[0].text == "序号"
    assert table.rows[-1].cells[0].text == "合计"


async def test_export_dialog_refuses_the_summary_as_csv(sample_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "汇总.csv"
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+e", "ctrl+u", *list(str(target)))
        await _choose_summary(pilot)
        await pilot.press("shift+tab", "shift+tab", "enter")
        await done(app, pilot)
        assert isinstance(app.screen, ExportScreen)
        assert "汇总表只能导出为 Word 或 Excel" in message(app)
    assert not target.exists()


async def test_export_dialog_without_libreoffice_names_the_package(
    sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    target = tmp_path / "x.pdf"
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+e", "ctrl+u", *list(str(target)), "enter")
        await done(app, pilot)
        assert isinstance(app.screen, ExportScreen)
        assert "libreoffice-writer" in message(app)
    assert not target.exists()
