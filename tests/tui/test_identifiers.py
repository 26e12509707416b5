"""Issue 15: the editor's 文档信息 keeps to the code grammar as you type, and the export dialog
never suggests a path out of its folder for a code stored before the grammar existed."""

from __future__ import annotations

from pathlib import Path

from storage import Store
from tui.app import JixiaoApp
from tui.dialogs import ExportScreen
from tui.docforms import DocumentInfoScreen

from .conftest import SAMPLE_KEY, sample_document


async def test_document_info_refuses_a_code_outside_the_grammar(sample_db: Path) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f9", "shift+tab", "ctrl+u", *"../../x")
        form = app.screen
        assert isinstance(form, DocumentInfoScreen)
        message = str(form.query_one("#form-message").render())
        assert "只能由英文字母、数字和 - 组成" in message
        await pilot.press("tab", "tab", "enter")  # Enter in 年度 confirms: refused
        assert app.screen is form
        await pilot.press("escape")
        assert app.doc.key == SAMPLE_KEY and not app.session.undo_stack


async def test_the_export_dialog_suggests_a_file_in_the_current_folder(tmp_path: Path) -> None:
    doc = sample_document()
    doc.dept_code = "../../x"  # an old database: stored before the grammar existed
    db = tmp_path / "db.json"
    Store.create(db).save(doc, 0)
    app = JixiaoApp(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        suggested = Path(app.screen.query_one("#path").value)
        assert suggested.parent == Path.cwd() and suggested.name == "______x-2023.docx"
