"""历史版本 from the document list (v): revisions with who and what changed, and restoring one as
a new revision — the open editor takes the restored content in, and nothing is lost."""

from __future__ import annotations

import copy
from pathlib import Path

from storage import Store
from tui.app import JixiaoApp
from tui.dialogs import ConfirmScreen
from tui.history import HistoryScreen
from tui.picker import PickerScreen

from .conftest import SAMPLE_KEY, settle

SIZE = (120, 40)


def _second_revision(db: Path) -> str:
    """Save a changed 指标值 as revision 2; returns the original value."""
    store = Store(db)
    doc, revision = store.load(SAMPLE_KEY)
    changed = copy.deepcopy(doc)
    original = changed.projects[0].indicators[0].value
    changed.projects[0].indicators[0].value = "≤9人"
    store.save(changed, revision)
    return original


async def _open_history(app: JixiaoApp, pilot) -> HistoryScreen:  # noqa: ANN001
    await pilot.pause()
    await pilot.press("ctrl+o")
    assert isinstance(app.screen, PickerScreen)
    await pilot.press("v")
    assert isinstance(app.screen, HistoryScreen)
    await app.workers.wait_for_complete()
    await pilot.pause()
    return app.screen


async def test_history_lists_revisions_and_restores_one_into_the_open_editor(
    sample_db: Path,
) -> None:
    original = _second_revision(sample_db)
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.doc.projects[0].indicators[0].value == "≤9人"
        screen = await _open_history(app, pilot)
        assert [info.revision for info, _ in screen.rows] == [2, 1]
        assert "指标值" in screen.rows[0][1] and "≤9人" in screen.rows[0][1]
        await pilot.press("enter")  # on the current revision: nothing to restore
        assert not isinstance(app.screen, ConfirmScreen)
        assert "当前版本" in str(screen.query_one("#status").render())
        await pilot.press("down", "enter")
        assert isinstance(app.screen, ConfirmScreen) and "第 1 版" in app.screen.question
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [info.revision for info, _ in screen.rows] == [3, 2, 1]
        app.check_for_theirs()  # what the 1-second timer does
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.doc.projects[0].indicators[0].value == original
        await settle(app, pilot)
    doc, revision = Store(sample_db).load(SAMPLE_KEY)
    assert revision == 3 and doc.projects[0].indicators[0].value == original
    assert Store(sample_db).load_revision(SAMPLE_KEY, 2).projects[0].indicators[0].value == "≤9人"


async def test_restoring_is_asked_first_and_no_changes_nothing(sample_db: Path) -> None:
    _second_revision(sample_db)
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await _open_history(app, pilot)
        await pilot.press("down", "enter", "n")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, PickerScreen)
        await settle(app, pilot)
    assert Store(sample_db).revision(SAMPLE_KEY) == 2
