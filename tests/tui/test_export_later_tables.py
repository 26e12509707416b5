"""The editor's export dialog writes the 运行监控表 / 绩效自评表 (导出内容), and offers the table of
the document's phase first (issue 20)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from model import Phase
from storage import open_store
from tui.app import JixiaoApp
from tui.dialogs import ExportScreen

from .test_files import SIZE, done, message

docx = pytest.importorskip("docx")


def _to_phase(db: Path, phase: Phase) -> None:
    store = open_store(db)
    [info] = store.list_documents()
    doc, revision = store.load(info.key)
    doc.phase = phase
    store.save(doc, revision)


async def test_in_evaluate_the_dialog_writes_the_evaluation_table(
    sample_db: Path, tmp_path: Path
) -> None:
    _to_phase(sample_db, Phase.EVALUATE)
    target = tmp_path / "自评表.docx"
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+e", "ctrl+u", *list(str(target)))
        await pilot.pause()
        assert app.screen.query_one("#content").value == "evaluate"  # the phase's table first
        await pilot.press("enter")
        await done(app, pilot)
        assert not isinstance(app.screen, ExportScreen)
    body = docx.Document(io.BytesIO(target.read_bytes()))
    assert body.paragraphs[0].text.strip() == "项目支出绩效自评表"
    assert any(row.cells[0].text.strip() == "总分" for t in body.tables for row in t.rows)


async def test_a_later_table_as_csv_is_refused_with_what_to_do(
    sample_db: Path, tmp_path: Path
) -> None:
    _to_phase(sample_db, Phase.MONITOR)
    target = tmp_path / "监控表.csv"
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+e", "ctrl+u", *list(str(target)))
        await pilot.pause()
        assert app.screen.query_one("#content").value == "monitor"
        await pilot.press("enter")
        await done(app, pilot)
        assert isinstance(app.screen, ExportScreen)
        assert "只能导出为 Word 或 PDF" in message(app) and ".docx" in message(app)
    assert not target.exists()


async def test_in_the_target_phase_the_whole_document_is_first(
    sample_db: Path, tmp_path: Path
) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert app.screen.query_one("#content").value == "document"
