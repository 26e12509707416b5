"""The start-up benchmark's hook (bench/tui_startup.py): with JIXIAO_BENCH_PAINTED set, the
editor writes when the project list was first painted and quits; without it, nothing happens."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tui.app import JixiaoApp
from tui.projects import ProjectListScreen
from tui.widgets import Grid

from .conftest import SAMPLE_KEY

SIZE = (80, 24)


async def test_the_painted_project_list_is_noted_and_the_editor_quits(
    sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mark = tmp_path / "painted"
    monkeypatch.setenv("JIXIAO_BENCH_PAINTED", str(mark))
    app = JixiaoApp(sample_db, SAMPLE_KEY)
    before = time.monotonic()
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(400):  # up to 20 s on a loaded machine
            if mark.exists():
                break
            await pilot.pause(0.05)
        assert isinstance(app.screen, ProjectListScreen)
        assert app.screen.query_one("#projects", Grid).row_count == 24  # filled, not empty
        assert app.return_code == 0  # asked to quit
    moment, cpu = (float(n) for n in mark.read_text(encoding="utf-8").split())
    assert before < moment < time.monotonic()
    assert 0 < cpu < time.process_time()


async def test_without_the_setting_the_editor_stays_open(
    sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("JIXIAO_BENCH_PAINTED", raising=False)
    app = JixiaoApp(sample_db, SAMPLE_KEY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.3)
        assert isinstance(app.screen, ProjectListScreen)
        assert app.return_code is None  # still running
    assert not list(tmp_path.glob("painted*"))
