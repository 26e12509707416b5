"""Document-level parts of the editor: new document dialog at 80×24, 文档信息 (code, name, year,
指标口径), deleting a document, and keys arriving in one burst in every input."""

from __future__ import annotations

from pathlib import Path

from textual import events

from tui.app import JixiaoApp
from tui.dialogs import ExportScreen
from tui.projects import FilterInput

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
