"""Start-up at county scale (issue 17): what may wait does wait. The first screen is painted
before background work starts (JixiaoApp.painted); the indicator library gives way to the
keyboard (keys_quiet); its suggestion lists are sorted once and follow every new note; and
`jixiao edit DOC` hands the store it opened to the editor instead of reading the file again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import tui.app
from model import Indicator
from tui.app import JixiaoApp
from tui.library import IndicatorLibrary
from tui.projects import ProjectListScreen

from .conftest import SAMPLE_KEY, sample_document

SIZE = (100, 30)


def test_suggestions_follow_every_note_after_being_sorted() -> None:
    lib = IndicatorLibrary.from_documents([sample_document()])
    first = lib.name_suggestions()
    assert "全新的指标名称" not in first
    values = lib.value_suggestions("服务对象满意度")
    assert "≥99.5%" not in values
    for _ in range(500):  # now the commonest name and value of all
        lib.note("全新的指标名称", "≥99.5%")
    assert lib.name_suggestions()[0] == "全新的指标名称"
    assert lib.name_suggestions()[1:] == first  # the others keep their order
    after = lib.value_suggestions("服务对象满意度")
    own = lib.usual_values("服务对象满意度", limit=100)
    assert after[: len(own)] == own  # this name's own values first …
    assert after[len(own)] == "≥99.5%"  # … then the commonest of all
    assert len(after) == len(set(after)) == len(values) + 1  # each value once


def test_a_returned_list_is_the_callers_own() -> None:
    lib = IndicatorLibrary.from_documents([sample_document()])
    names = lib.name_suggestions()
    names.clear()
    assert lib.name_suggestions()  # the remembered order is not the caller's list


class FakeClock:
    """time for tui.app: sleeping moves the clock; `during_sleep` runs on each sleep (a key)."""

    def __init__(self, now: float) -> None:
        self.now = now
        self.sleeps: list[float] = []
        self.during_sleep: Any = None

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 6))
        self.now += seconds
        if self.during_sleep is not None:
            self.during_sleep()


def test_background_work_waits_for_quiet_keys(
    sample_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FakeClock(100.0)
    monkeypatch.setattr(tui.app, "time", clock)
    app = JixiaoApp(sample_db, SAMPLE_KEY)
    app._last_key = 99.9  # a key 0.1 s ago
    app.keys_quiet(quiet=0.3)
    assert clock.sleeps == [0.2]  # until 0.3 s after that key

    keys = iter([True, True, False])  # two more keys come while it waits

    def typing() -> None:
        if next(keys):
            app._last_key = clock.now

    clock.sleeps, clock.during_sleep = [], typing
    app._last_key = clock.now
    app.keys_quiet(quiet=0.3)
    assert clock.sleeps == [0.3, 0.3, 0.3]

    clock.sleeps, clock.during_sleep = [], lambda: setattr(app, "_last_key", clock.now)
    app._last_key = clock.now
    app.keys_quiet(quiet=0.3, longest=1.0)  # endless typing: it goes on after `longest`
    assert sum(clock.sleeps) == pytest.approx(1.0)


def _save_a_second_document(sample_db: Path) -> None:
    """Another unit's document with a name only it has: the library's work shows by it."""
    from storage import Store

    other = sample_document()
    other.dept_code = "903009"
    other.projects[0].indicators[0].name = "村干部补贴发放人数"
    Store(sample_db).save(other, 0)


async def test_nothing_runs_in_the_background_before_the_first_paint(
    sample_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _save_a_second_document(sample_db)
    # The paint is never reported: the library and the problem counts must wait for it.
    monkeypatch.setattr(JixiaoApp, "_when_painted", lambda self, mounted: None)
    app = JixiaoApp(sample_db, SAMPLE_KEY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.8)  # past the library's and the counts' timers
        assert isinstance(app.screen, ProjectListScreen)
        assert not app.painted.is_set()
        assert "村干部补贴发放人数" not in app.library.names
        assert not app.findings.loaded
        app.painted.set()
        for _ in range(400):  # the waiting threads go on now (a loaded machine may be slow)
            if "村干部补贴发放人数" in app.library.names and app.findings.loaded:
                break
            await pilot.pause(0.05)
        assert "村干部补贴发放人数" in app.library.names  # another document's name
        assert app.findings.loaded


async def test_the_first_paint_is_noted(sample_db: Path) -> None:
    app = JixiaoApp(sample_db, SAMPLE_KEY)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(100):
            if app.painted.is_set():
                break
            await pilot.pause(0.05)
        assert app.painted.is_set()
        # the library starts on a timer after mounting, then builds in a thread: wait for it
        # (not for the workers running now, which may not include it yet)
        for _ in range(400):
            if app.library.names:
                break
            await pilot.pause(0.05)
        assert app.library.names  # built once painted


def test_edit_hands_its_store_to_the_editor(
    sample_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import storage
    from jixiao.cli import main

    opened: list[Any] = []
    real_open = storage.open_store

    def counting_open(*args: Any, **kwargs: Any) -> Any:
        store = real_open(*args, **kwargs)
        opened.append(store)
        return store

    given: list[Any] = []
    monkeypatch.setattr(storage, "open_store", counting_open)
    monkeypatch.setattr(JixiaoApp, "run", lambda self: given.append(self.store))
    monkeypatch.setenv("JIXIAO_DB", str(sample_db))
    assert main(["edit", SAMPLE_KEY]) == 0
    assert len(opened) == 1  # the file is read once before the editor starts
    assert given == opened


def test_library_notes_an_edit(sample_db: Path) -> None:
    lib = IndicatorLibrary()
    lib.add_document(sample_document())
    ind = Indicator(name="新指标", value="≥3个")
    lib.note(ind.name, ind.value)
    assert lib.value_suggestions("新指标")[0] == "≥3个"


async def test_a_closing_editor_stops_building_the_library(
    sample_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _save_a_second_document(sample_db)
    import asyncio
    import threading

    monkeypatch.setattr(JixiaoApp, "_when_painted", lambda self, mounted: None)
    reached = threading.Event()  # the build is about to read its first document
    monkeypatch.setattr(JixiaoApp, "keys_quiet", lambda self: reached.set())
    monkeypatch.setattr(tui.app, "LIBRARY_AT_ONCE", 0)  # gives way before every document
    app = JixiaoApp(sample_db, SAMPLE_KEY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.8)  # the library's worker is waiting for the paint
        building = [w for w in app.workers if w.group == "library"]
        assert building
        for worker in building:
            worker.cancel()  # as on quitting
        app.painted.set()
        assert await asyncio.to_thread(reached.wait, 20)
        await pilot.pause(0.3)  # a build that went on would be done by now (two documents)
        assert "村干部补贴发放人数" not in app.library.names  # it gave up before reading


def test_edit_pauses_the_garbage_collector_until_the_editor_runs(
    sample_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    from jixiao.cli import main

    seen: list[tuple[bool, bool]] = []
    monkeypatch.setattr(
        JixiaoApp, "run", lambda self: seen.append((gc.isenabled(), self.resume_gc))
    )
    monkeypatch.setenv("JIXIAO_DB", str(sample_db))
    assert gc.isenabled()
    assert main(["edit", SAMPLE_KEY]) == 0
    assert seen == [(False, True)]  # paused for the start-up; the app is to resume it
    assert gc.isenabled()  # and on again however the editor ended
    assert main(["edit", "999999/2023"]) == 1  # refused before the editor starts
    assert gc.isenabled()


async def test_the_first_paint_resumes_a_paused_garbage_collector(sample_db: Path) -> None:
    import gc

    app = JixiaoApp(sample_db, SAMPLE_KEY)
    app.resume_gc = True
    gc.disable()
    try:
        async with app.run_test(size=SIZE) as pilot:
            for _ in range(100):
                if app.painted.is_set():
                    break
                await pilot.pause(0.05)
            assert gc.isenabled()
            assert gc.get_freeze_count() > 0  # what start-up made is left out of collections
    finally:
        gc.unfreeze()
        gc.enable()


async def test_a_paused_garbage_collector_is_resumed_when_nothing_is_painted(
    sample_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    monkeypatch.setattr(tui.app, "PAINT_WAIT", 0.2)
    app = JixiaoApp(sample_db, "900000/2023")  # no such document: the blank screen stays
    app.resume_gc = True
    gc.disable()
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause(0.1)
            assert not app.painted.is_set() and not gc.isenabled()
            for _ in range(100):
                if gc.isenabled():
                    break
                await pilot.pause(0.05)
            assert gc.isenabled()
    finally:
        gc.unfreeze()
        gc.enable()
