"""Real processes: concurrent saves from one base revision, and writers killed mid-save."""

from __future__ import annotations

import multiprocessing as mp
import os
import random
import signal
import time
from pathlib import Path

from storage import ConflictError, Store, open_store

from ..documents import edge_case_document
from .conftest import StoreFactory


def _save_from_base(location: str, name: str, base: int, barrier, results) -> None:
    store = open_store(location)
    doc, _ = store.load("903001/2023")
    doc.dept_name = name
    barrier.wait()  # both processes save at the same instant, from the same base revision
    try:
        results.put((name, "saved", store.save(doc, base)))
    except ConflictError as exc:
        results.put((name, "conflict", str(exc)))


def test_two_processes_save_from_the_same_base_exactly_one_wins(
    store_factory: StoreFactory,
) -> None:
    # Behaviour every backend must have, so it runs against each (see conftest.BACKENDS).
    ctx = mp.get_context("fork")
    for _ in range(5):
        store = store_factory()
        base = store.save(edge_case_document(), 0)
        barrier, results = ctx.Barrier(2), ctx.Queue()
        procs = [
            ctx.Process(target=_save_from_base, args=(store.location, name, base, barrier, results))
            for name in ("张三", "李四")
        ]
        for proc in procs:
            proc.start()
        outcomes = sorted(results.get(timeout=30) for _ in procs)
        for proc in procs:
            proc.join(timeout=30)
            assert proc.exitcode == 0
        kinds = sorted(kind for _, kind, _ in outcomes)
        assert kinds == ["conflict", "saved"], outcomes
        winner = next(name for name, kind, _ in outcomes if kind == "saved")
        loser_message = next(msg for _, kind, msg in outcomes if kind == "conflict")
        assert "保存冲突" in loser_message
        doc, revision = open_store(store.location).load("903001/2023")
        assert doc.dept_name == winner and revision == base + 1


def _writer(path: str) -> None:
    """Save forever; every save writes one counter into every project, so a torn state shows."""
    store = Store(path, keep_backups=2)
    doc, rev = store.load("903001/2023")
    n = int(doc.extra["n"])
    while True:
        n += 1
        doc.extra["n"] = str(n)
        for project in doc.projects:
            project.name = f"第{n}版"
            project.purpose = "用途" * (n % 50)  # sizes vary, so a half-written file would show
        rev = store.save(doc, rev)


def test_writers_killed_at_random_moments_leave_old_or_new_state(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    store = Store.create(path, keep_backups=2)
    doc = edge_case_document()
    doc.extra["n"] = "0"
    for project in doc.projects:
        project.name = "第0版"
    store.save(doc, 0)
    rng = random.Random(20261128)
    last_seen, kills = 0, 0
    while kills < 200:
        pid = os.fork()
        if pid == 0:  # child: write until killed
            try:
                _writer(str(path))
            finally:
                os._exit(0)
        # mostly within a save's first milliseconds; every tenth writer lives long enough to
        # finish saves even on a loaded machine, so progress is made between the kills
        time.sleep(rng.uniform(0.0, 0.02) if kills % 10 else 0.5)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        kills += 1
        loaded, revision = Store(path).load("903001/2023")  # always loads
        n = int(loaded.extra["n"])
        assert {p.name for p in loaded.projects} == {f"第{n}版"}  # one whole state, not a mix
        assert n >= last_seen and revision == n + 1
        last_seen = n
    assert last_seen > 0  # the writers did make progress between kills
