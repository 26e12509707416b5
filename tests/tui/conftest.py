"""Fixtures for the editor tests: a database holding the sample document (from a JSON fixture,
so these tests do not depend on the Word reader), and a clean key configuration."""

from __future__ import annotations

import asyncio
import html
import inspect
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

from exporters import json_io
from model import Document
from storage import Store

SAMPLE_JSON = Path(__file__).parent.parent / "fixtures" / "tui" / "zhangwangtuan-2023.json"
SAMPLE_KEY = "903001/2023"


def sample_document() -> Document:
    return json_io.read(SAMPLE_JSON.read_bytes(), source=str(SAMPLE_JSON)).documents[0]


@pytest.fixture(autouse=True)
def _clean_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No user key file, no wide-character setting: every test sees the defaults."""
    monkeypatch.setenv("JIXIAO_KEYS", str(tmp_path / "no-keys.toml"))
    monkeypatch.delenv("JIXIAO_AMBIGUOUS_WIDE", raising=False)


@pytest.fixture
def sample_db(tmp_path: Path) -> Path:
    path = tmp_path / "jixiao.db"
    Store.create(path).save(sample_document(), 0)
    return path


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run `async def` tests in a fresh event loop (no pytest-asyncio needed for Pilot tests)."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{n: pyfuncitem.funcargs[n] for n in names}))
    return True


async def settle(app, pilot) -> None:  # noqa: ANN001
    """Wait for the save (it starts once the keyboard is quiet) and the repaint."""
    await pilot.pause()
    for _ in range(600):  # up to 30 s: a loaded CI machine may be slow to merge and save
        if not app.save_pending:
            break
        await pilot.pause(0.05)
    await app.workers.wait_for_complete()
    await pilot.pause()


def ambiguous(svg: str) -> set[str]:
    """Characters of ambiguous East Asian width in a screenshot."""
    text = "".join(html.unescape(t) for t in re.findall(r"<text[^>]*>(.*?)</text>", svg))
    return {c for c in text if ord(c) > 127 and unicodedata.east_asian_width(c) == "A"}


@dataclass
class StandInFinding:
    """A finding as model.rules.Checker gives it, for tests whose rules are stand-ins."""

    severity: str
    message: str
    indicator_id: str | None
    field: str | None
    part1_item: int | None = None
    indicator_row: int | None = None
    rule: str = "JX000"
