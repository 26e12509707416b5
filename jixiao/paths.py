"""Which database to use: --db, else $JIXIAO_DB, else the per-user data directory. A file's path,
or a database server's URL (postgresql://…), which is kept exactly as given."""

from __future__ import annotations

import os
import re
from pathlib import Path

DB_ENV = "JIXIAO_DB"

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


class DatabaseURL(str):
    """A server's address standing where a path is expected: open_store takes it as is (a Path
    would fold its `//`), and it always "exists" — whether the server has jixiao's tables is for
    open_store to say. `shown` hides a password for printing."""

    def exists(self) -> bool:
        return True

    @property
    def shown(self) -> str:
        from urllib.parse import urlsplit, urlunsplit

        parts = urlsplit(self)
        if parts.password is None:
            return str(self)
        user, host = parts.netloc.rsplit("@", 1)
        return urlunsplit(parts._replace(netloc=f"{user.split(':', 1)[0]}:***@{host}"))


def default_db_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("jixiao", appauthor=False)) / "jixiao.json"


def _location(text: str) -> Path:
    if _SCHEME.match(text):
        return DatabaseURL(text)  # type: ignore[return-value]
    return Path(text).expanduser().absolute()


def resolve_db_path(option: str | None) -> tuple[Path, str]:
    """The path (or DatabaseURL) and where it came from (for `jixiao where`)."""
    if option:
        return _location(option), "--db"
    env = os.environ.get(DB_ENV)
    if env:
        return _location(env), f"${DB_ENV}"
    return default_db_path(), "默认位置"
