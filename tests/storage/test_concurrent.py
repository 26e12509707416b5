"""Four processes saving one document at once, through the service layer's merge (what the
editor and `import --merge` do), on every backend: no acknowledged edit is lost, and edits of
one field from one base conflict exactly as on the file."""

from __future__ import annotations

import copy
import multiprocessing as mp
from typing import Any

from service.merging import save_merging
from storage import open_store

from ..documents import edge_case_document
from .conftest import StoreFactory

KEY = "903001/2023"
WRITERS = 4
EDITS = 6


def _four_projects():
    doc = edge_case_document()
    while len(doc.projects) < WRITERS:
        extra = copy.deepcopy(doc.projects[0])
        extra.code = f"P{len(doc.projects):03d}"
        doc.projects.append(extra)
    return doc


def _editor(location: str, n: int, barrier, results) -> None:
    """Rename project n EDITS times, each from the revision its last save gave; report every
    save the store acknowledged."""
    store = open_store(location)
    doc, revision = store.load(KEY)
    barrier.wait()
    acknowledged = []
    for edit in range(EDITS):
        base = copy.deepcopy(doc)
        doc.projects[n].name = f"写者{n}-第{edit}次"
        outcome = save_merging(store, doc, revision, base)
        if outcome.conflicts or outcome.revision is None:
            results.put((n, "conflict", acknowledged))
            return
        acknowledged.append((outcome.revision, doc.projects[n].name))
        doc, revision = store.load(KEY)  # as the editor does after a merge: take theirs in
    results.put((n, "done", acknowledged))


def _run_writers(target: Any, *args: Any) -> list[Any]:
    """WRITERS processes running target(*args, n, barrier, results) at once (each waits at the
    barrier), every one exiting cleanly; their reports, sorted."""
    ctx = mp.get_context("fork")
    barrier, results = ctx.Barrier(WRITERS), ctx.Queue()
    procs = [
        ctx.Process(target=target, args=(args[0], n, *args[1:], barrier, results))
        for n in range(WRITERS)
    ]
    for proc in procs:
        proc.start()
    outcomes = sorted(results.get(timeout=120) for _ in procs)
    for proc in procs:
        proc.join(timeout=30)
        assert proc.exitcode == 0
    return outcomes


def test_four_processes_editing_different_projects_lose_nothing(
    store_factory: StoreFactory,
) -> None:
    store = store_factory()
    store.save(_four_projects(), 0)
    outcomes = _run_writers(_editor, store.location)
    assert [kind for _, kind, _ in outcomes] == ["done"] * WRITERS, outcomes
    final, revision = store.load(KEY)
    assert revision == 1 + WRITERS * EDITS  # every acknowledged save is one revision
    for n, _, acknowledged in outcomes:
        assert len(acknowledged) == EDITS
        assert final.projects[n].name == acknowledged[-1][1]  # the last acknowledged edit stays
        for saved_at, name in acknowledged:  # and each was in the revision it was told of
            assert store.load_revision(KEY, saved_at).projects[n].name == name


def _same_field(location: str, n: int, base: int, barrier, results) -> None:
    store = open_store(location)
    doc, _ = store.load(KEY)
    before = copy.deepcopy(doc)
    doc.dept_name = f"写者{n}的名称"
    barrier.wait()
    outcome = save_merging(store, doc, base, before)
    kind = "conflict" if outcome.conflicts else "saved"
    results.put((n, kind, outcome.revision, [c.where for c in outcome.conflicts]))


def test_four_processes_changing_one_field_one_saves_three_conflict(
    store_factory: StoreFactory,
) -> None:
    store = store_factory()
    base = store.save(_four_projects(), 0)
    outcomes = _run_writers(_same_field, store.location, base)
    kinds = sorted(kind for _, kind, _, _ in outcomes)
    assert kinds == ["conflict"] * (WRITERS - 1) + ["saved"], outcomes
    winner = next(n for n, kind, _, _ in outcomes if kind == "saved")
    doc, revision = store.load(KEY)
    assert doc.dept_name == f"写者{winner}的名称" and revision == base + 1
    for _, kind, _, where in outcomes:
        if kind == "conflict":
            assert len(where) == 1  # the one field, nothing else
