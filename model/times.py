"""The one way a time is shown to a person: "2026-12-06 21:05", in this server's local zone.

Stored times are aware (UTC or with an offset, ISO 8601 in the database); every screen, every
line of `jixiao history`, `list`, `diff`, `check --show-dismissed` and the editor shows them
through format_time, so the clerk sees one format, in the office's clock."""

from __future__ import annotations

import datetime as dt

TIME_FORMAT = "%Y-%m-%d %H:%M"


def local_time(when: dt.datetime | str) -> dt.datetime | None:
    """An aware datetime (or ISO 8601 text) in the server's local zone; None for text that is
    not a time. A naive datetime is taken as already local (jixiao stores aware times)."""
    if isinstance(when, str):
        try:
            when = dt.datetime.fromisoformat(when.strip())
        except ValueError:
            return None
    return when.astimezone()


def format_time(when: dt.datetime | str | None) -> str:
    """ "2026-12-06 21:05" in the server's local zone; "" for None or empty text; text that is
    not a time is returned as it is."""
    if when is None or when == "":
        return ""
    local = local_time(when)
    if local is None:
        return str(when)
    return local.strftime(TIME_FORMAT)
