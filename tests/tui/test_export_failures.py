"""Issue 15: the editor's export dialog shows a failed export as its one line and keeps
running (the dialog stays open for another path); no partial file is left."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from tui.app import JixiaoApp
from tui.dialogs import ExportScreen

from .test_files import SIZE, enter_path, message


async def test_a_missing_directory_and_a_full_disk_are_one_line_in_the_dialog(
    sample_db: Path, tmp_path: Path
) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await enter_path(app, pilot, "ctrl+e", tmp_path / "missing" / "a.docx")
        assert isinstance(app.screen, ExportScreen)
        assert "请先创建该目录" in message(app) and message(app).startswith("✗")
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(os, "fsync", _full)
            await pilot.press("ctrl+u", *list(str(tmp_path / "a.json")), "enter")
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
        assert isinstance(app.screen, ExportScreen) and "磁盘空间不足" in message(app)
        assert not list(tmp_path.glob("a.json")) and not list(tmp_path.glob(".a.json*"))
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ExportScreen)  # still running, back where it was


def _full(fd: int) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
