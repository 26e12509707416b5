"""Which database file to use: --db, else $JIXIAO_DB, else the per-user data directory."""

from __future__ import annotations

import os
from pathlib import Path

DB_ENV = "JIXIAO_DB"


def default_db_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("jixiao", appauthor=False)) / "jixiao.json"


def resolve_db_path(option: str | None) -> tuple[Path, str]:
    """The path and where it came from (for `jixiao where`)."""
    if option:
        return Path(option).expanduser().absolute(), "--db"
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser().absolute(), f"${DB_ENV}"
    return default_db_path(), "默认位置"
