"""The editor soak worker: a real Textual editor (Pilot, headless) in its own process, making
random edits and saving each with Ctrl+S, as a clerk would. A field both sides changed opens the
field conflict dialog: the worker keeps its own value (M, then Ctrl+S: saved) or takes the
colleague's (T: its edit is reported to it as not saved) at random."""

from __future__ import annotations

import asyncio
import json
import os
import random
import time
from pathlib import Path

from .worker import DOC


async def _edit_and_save(app, pilot, rng: random.Random, name: str, n: int) -> dict:  # noqa: ANN001
    from tui.dialogs import FieldConflictScreen

    doc = app.session.doc
    project = rng.choice([p for p in doc.projects if p.indicators])
    row = rng.randrange(len(project.indicators))
    indicator_id = project.indicators[row].id
    token = f"{name}-{n:03d}"
    start = time.time()

    def change(p) -> None:  # noqa: ANN001
        p.indicator(indicator_id).basis = token

    app.session.edit_project(project.id, change, "soak")
    app.edited()
    await pilot.pause(rng.random() * 0.05)
    await pilot.press("ctrl+s")
    outcome = None
    deadline = time.monotonic() + 120
    while outcome is None:
        assert time.monotonic() < deadline, "a save did not finish"
        await pilot.pause(0.02)
        if isinstance(app.screen, FieldConflictScreen):
            keep = rng.random() < 0.5
            await pilot.press("M" if keep else "T", "ctrl+s")
            if not keep:
                outcome = "conflict"  # told: the colleague's value stays, mine is not saved
            continue
        if app.save_state.startswith("保存失败"):  # told; the edit is kept: save again
            await pilot.press("ctrl+s")
            continue
        session = app.session
        if not session.dirty and not app.save_pending:
            stored = session.saved_doc.project(project.id).indicator(indicator_id).basis
            outcome = "saved" if stored == token else "conflict"
    while app.save_pending or isinstance(app.screen, FieldConflictScreen):
        assert time.monotonic() < deadline, "a save did not finish"
        if isinstance(app.screen, FieldConflictScreen):
            await pilot.press("T", "ctrl+s")  # a colleague's save raced the last one: theirs
        await pilot.pause(0.02)
    return {
        "path": [project.code, row + 1],
        "token": token,
        "start": start,
        "end": time.time(),
        "outcome": outcome,
    }


def _state(app) -> str:  # noqa: ANN001
    """What the editor was doing, for a worker that stalled."""
    return (
        f"screens={[type(s).__name__ for s in app.screen_stack]} save_state={app.save_state!r} "
        f"dirty={app.session.dirty} saving={app._saving} timer={app._save_timer is not None} "
        f"conflict_open={app._conflict_open} message={getattr(app, 'message', '')!r}"
    )


async def _run(name: str, seed: int, edits: int, log_path: Path) -> None:
    from tui.app import JixiaoApp

    rng = random.Random(seed)
    app = JixiaoApp(Path(os.environ["JIXIAO_DB"]), DOC)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.5)
        with log_path.open("a", encoding="utf-8") as log:
            for n in range(edits):
                try:
                    record = await asyncio.wait_for(
                        _edit_and_save(app, pilot, rng, name, n), timeout=150
                    )
                except TimeoutError:
                    raise SystemExit(f"{name} edit {n} stalled: {_state(app)}") from None
                log.write(json.dumps(record, ensure_ascii=False) + "\n")
                log.flush()
        await pilot.press("ctrl+q")
        await pilot.pause(0.5)


def editor_main(name: str, seed: int, edits: int, log_path: Path) -> None:
    asyncio.run(_run(name, seed, edits, log_path))
