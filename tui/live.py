"""Colleagues' saves announced by the database server instead of looked for (issue 21).

The editor's awareness (JixiaoApp.check_for_theirs) asks the store for the open document's
revision only when its change signature moved: for the JSON file that is the file's mtime and
size, stat'ed every POLL_SECONDS. A store that can `listen` (PostgreSQL: LISTEN/NOTIFY) pushes a
notice for every save instead; here each notice moves a counter that stands in for that
signature and runs the check at once — no query until someone has saved, and no second's wait.
"""

from __future__ import annotations

import contextlib
from typing import Any


class Live:
    """Notices received so far: their count is the store's change signature."""

    def __init__(self) -> None:
        self.count = 0
        self.stop: Any = None

    def signature(self) -> tuple[int, int]:
        return (self.count, 0)


def start(app: Any) -> Live | None:
    """Listen for saves on app's store, if it can announce them (else None: the file is polled).
    Listening ends with the app."""
    listen = getattr(app.store, "listen", None)
    if listen is None:
        return None
    live = Live()

    def on_save(key: str, revision: int) -> None:  # in the listening thread
        live.count += 1
        with contextlib.suppress(Exception):  # the app closing meanwhile
            app.call_from_thread(app.check_for_theirs)

    live.stop = listen(on_save, alive=lambda: bool(getattr(app, "_running", False)))
    return live
