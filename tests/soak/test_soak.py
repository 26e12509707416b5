"""Soak: real processes edit one database at once — editors (Pilot) and shell pipes (`export |
change | import --merge`), 200 random edits each by default ($JIXIAO_SOAK_EDITS) — while this
process keeps loading the file. Every edit a worker was told is saved must be in the final
database, unless a later save to the same cell may have replaced it; an edit that could not be
merged must have been reported to its worker as a conflict. 0 silent losses, and the file always
loads."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from storage import open_store
from tests.conftest import SAMPLE_DOCX

from .worker import DOC, jixiao_command

EDITS = int(os.environ.get("JIXIAO_SOAK_EDITS", "200"))
ROOT = Path(__file__).parents[2]
WORKERS = [
    ("pipe", "pipe1", 11),
    ("pipe", "pipe2", 22),
    ("editor", "editor1", 33),
    ("editor", "editor2", 44),
]


def _records(log: Path) -> list[dict]:
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line]


def silent_losses(records: list[dict], final: dict[tuple[str, int], str]) -> list[str]:
    """Saved edits whose token is not in the final database, with no later save to that cell
    that may have replaced it (a save that ended after this one started)."""
    lost = []
    by_path: dict[tuple[str, int], list[dict]] = {}
    for r in records:
        by_path.setdefault(tuple(r["path"]), []).append(r)
    for path, edits in by_path.items():
        saved = [r for r in edits if r["outcome"] == "saved"]
        for r in saved:
            if final.get(path) == r["token"]:
                continue
            later = [o for o in saved if o is not r and o["end"] > r["start"]]
            if not later:
                lost.append(f"{r['token']} at {path}: final is {final.get(path)!r}")
    return lost


def final_bases(db: Path) -> dict[tuple[str, int], str]:
    doc, _ = open_store(db).load(DOC)
    return {(p.code, n): ind.basis for p in doc.projects for n, ind in enumerate(p.indicators, 1)}


def test_silent_losses_are_found_by_the_check() -> None:
    """The check itself can fail: a saved edit missing from the database with nothing after it."""
    records = [
        {"path": ["P", 1], "token": "a-000", "start": 0.0, "end": 1.0, "outcome": "saved"},
        {"path": ["P", 1], "token": "b-000", "start": 2.0, "end": 3.0, "outcome": "saved"},
    ]
    assert silent_losses(records, {("P", 1): "b-000"}) == []
    assert silent_losses(records, {("P", 1): "a-000"}) == ["b-000 at ('P', 1): final is 'a-000'"]
    conflict = [{**records[1], "outcome": "conflict"}]
    assert silent_losses([records[0], *conflict], {("P", 1): "a-000"}) == []


def test_editors_and_pipes_lose_nothing(tmp_path: Path) -> None:
    db = tmp_path / "shared.json"
    env = {**os.environ, "JIXIAO_DB": str(db), "PYTHONPATH": str(ROOT)}
    for args in (["init"], ["import", str(SAMPLE_DOCX)]):
        subprocess.run([*jixiao_command(), *args], env=env, check=True, capture_output=True)
    logs, procs = [], []
    for kind, name, seed in WORKERS:
        log = tmp_path / f"{name}.log"
        log.touch()
        logs.append(log)
        procs.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "tests.soak.worker",
                    kind,
                    name,
                    str(seed),
                    str(EDITS),
                    str(log),
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
        )
    loads = 0
    deadline = time.monotonic() + 1500
    while any(p.poll() is None for p in procs):
        assert time.monotonic() < deadline, "soak workers did not finish in time"
        store = open_store(db)  # the file always loads, whole, while they write
        for info in store.list_documents():
            store.load(info.key)
        loads += 1
        time.sleep(0.2)
    for (_kind, name, _), proc in zip(WORKERS, procs, strict=True):
        out, err = proc.communicate()
        assert proc.returncode == 0, f"{name}: {err.decode()[-2000:]}"
    records = [r for log in logs for r in _records(log)]
    saved = sum(r["outcome"] == "saved" for r in records)
    conflicts = sum(r["outcome"] == "conflict" for r in records)
    print(
        f"\nsoak: {len(records)} edits, {saved} saved, {conflicts} reported conflicts, {loads} loads"
    )
    assert len(records) == EDITS * len(WORKERS)
    assert saved > len(records) // 2  # most edits merge: workers mostly touch different cells
    assert silent_losses(records, final_bases(db)) == []
