"""Who is saving: the OS login, with a display name from the user's config file or else the
account's full name. Also reads that config file (`$JIXIAO_CONFIG`, else
`~/.config/jixiao/config.toml`), e.g. `name = "王会计"` and a `[history]` table."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class User:
    login: str
    display: str  # a name to show colleagues; the login when nothing better is known


def config_path() -> Path:
    env = os.environ.get("JIXIAO_CONFIG")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "jixiao" / "config.toml"


def read_config() -> dict[str, Any]:
    """The user's config file as a dict; {} when it is missing or unreadable (never an error:
    a broken config must not stop anybody saving).

    tomllib is imported only when there is a file to parse: every store opening reads the
    config (its [history] table), and most users have none — the import was ~11 M of the
    ~6,800 M instructions of a county's `check --all`."""
    try:
        handle = config_path().open("rb")
    except (OSError, RuntimeError):  # RuntimeError: Path.home() without a home directory
        return {}
    import tomllib

    with handle:
        try:
            return tomllib.load(handle)
        except (OSError, tomllib.TOMLDecodeError, RuntimeError):
            return {}


def _account() -> tuple[str, str]:
    with contextlib.suppress(ImportError, KeyError):
        import pwd

        entry = pwd.getpwuid(os.getuid())
        return entry.pw_name, entry.pw_gecos.split(",")[0].strip()
    try:
        import getpass  # only without pwd, or without an entry for this uid

        return getpass.getuser(), ""
    except Exception:  # noqa: BLE001 - no login name in some containers
        return "", ""


def current_user() -> User:
    login, full_name = _account()
    configured = read_config().get("name")
    name = configured.strip() if isinstance(configured, str) else ""
    return User(login=login, display=name or full_name or login)
