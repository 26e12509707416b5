"""Closing the editor (issue 17): the last edit is written once, a save being written is waited
for, and no save runs after the editor has gone (a background save that outlived the app wrote
into a database directory that was being removed: "Directory not empty")."""

from __future__ import annotations

import threading
from pathlib import Path

from storage import Store
from tui.app import JixiaoApp
from tui.session import Session

from .conftest import SAMPLE_KEY

SIZE = (120, 40)


def open_session(db: Path) -> Session:
    store = Store(db)
    doc, revision = store.load(SAMPLE_KEY)
    return Session(store, doc, revision)


def rename_first(s: Session, name: str) -> None:
    s.edit_project(s.doc.projects[0].id, lambda p: setattr(p, "name", name), "改名")


def stored(db: Path) -> tuple[str, int]:
    doc, revision = Store(db).load(SAMPLE_KEY)
    return doc.projects[0].name, revision


def test_close_writes_the_unsaved_edit_and_later_saves_write_nothing(sample_db: Path) -> None:
    s = open_session(sample_db)
    _, before = stored(sample_db)
    rename_first(s, "关闭前的修改")
    outcome = s.close()
    assert outcome is not None and outcome.saved
    assert stored(sample_db) == ("关闭前的修改", before + 1)
    rename_first(s, "关闭后的修改")
    assert s.save() is None
    assert s.close() is None  # closing twice writes nothing either
    assert stored(sample_db) == ("关闭前的修改", before + 1)


def test_close_without_flush_leaves_the_database_as_it_was(sample_db: Path) -> None:
    s = open_session(sample_db)
    was = stored(sample_db)
    rename_first(s, "不保存退出")
    assert s.close(flush=False) is None
    assert s.save() is None
    assert stored(sample_db) == was


def test_saves_asked_for_during_a_save_come_out_as_one_write_of_the_last_version(
    sample_db: Path,
) -> None:
    s = open_session(sample_db)
    _, before = stored(sample_db)
    writing, go = threading.Event(), threading.Event()
    real_save_many = s.store.save_many

    def slow_save_many(items):  # noqa: ANN001, ANN202
        writing.set()
        go.wait()
        return real_save_many(items)

    s.store.save_many = slow_save_many  # type: ignore[method-assign]
    rename_first(s, "第一次")
    first = threading.Thread(target=s.save)
    first.start()
    writing.wait()
    rename_first(s, "第二次")  # typed while the first save is being written …
    rename_first(s, "第三次")
    results: list[object] = []
    queued = [threading.Thread(target=lambda: results.append(s.save())) for _ in range(2)]
    for t in queued:
        t.start()
    go.set()
    first.join()
    for t in queued:
        t.join()
    # … the two saves asked for meanwhile: one writes the latest version, the other finds
    # nothing left to write.
    assert sorted(r is None for r in results) == [False, True]
    assert stored(sample_db) == ("第三次", before + 2)
    assert not s.dirty


def test_close_waits_for_a_save_being_written(sample_db: Path) -> None:
    s = open_session(sample_db)
    order: list[str] = []
    writing, go = threading.Event(), threading.Event()
    real_save_many = s.store.save_many

    def slow_save_many(items):  # noqa: ANN001, ANN202
        writing.set()
        go.wait()
        revisions = real_save_many(items)
        order.append("saved")
        return revisions

    s.store.save_many = slow_save_many  # type: ignore[method-assign]
    rename_first(s, "后台保存")
    saver = threading.Thread(target=s.save)
    saver.start()
    writing.wait()
    closer = threading.Thread(target=lambda: (s.close(), order.append("closed")))
    closer.start()
    closer.join(0.2)  # close is still waiting for the save …
    go.set()
    saver.join()
    closer.join()
    assert order == ["saved", "closed"]  # … and returned only once it was written
    assert stored(sample_db)[0] == "后台保存"


async def test_an_edit_waiting_for_its_quiet_moment_is_written_when_the_app_closes(
    sample_db: Path,
) -> None:
    app = JixiaoApp(sample_db)
    app.poll_seconds = 0
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        session = app.session
        assert session is not None
        rename_first(session, "最后一次修改")
        app.request_save()  # waits for the keyboard to be quiet; the app closes first
        assert app.save_pending
        app.exit()
    assert stored(sample_db)[0] == "最后一次修改"
    assert session.save() is None  # the session is closed: nothing runs after the app
