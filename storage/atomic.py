"""Atomic, durable file replacement: temp file in the same directory, fsync, rename, fsync dir.

A reader (or a crash, SIGKILL or power loss at any instant) sees either the old bytes or the new
bytes, never a mix: rename(2) within one directory is atomic, and the fsyncs order the data
before the name change on disk.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from pathlib import Path

TEMP_SUFFIX = ".tmp"


def temp_prefix(path: Path) -> str:
    return f".{path.name}."


def fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(
    path: Path,
    data: bytes | Iterable[bytes],
    *,
    mode: int | None = None,
    gid: int | None = None,
) -> None:
    """Replace path with data atomically: bytes, or pieces of bytes written as they come (a
    failure while they are made leaves the old file, like any other). mode: permission bits,
    gid: group (default: keep the old file's, so a colleague in the database's group can still
    read and save it)."""
    path = Path(path)
    directory = path.parent
    if mode is None or gid is None:
        try:
            st = os.stat(path)
            mode = st.st_mode & 0o777 if mode is None else mode
            gid = st.st_gid if gid is None else gid
        except FileNotFoundError:
            mode = 0o666 & ~_umask() if mode is None else mode
    # tempfile (with shutil and random) is imported by the first write, not by every store's
    # opening: 11 M of the ~6,700 M instructions of a county's `check --all`, which never writes.
    import tempfile

    fd, tmp_name = tempfile.mkstemp(dir=directory, prefix=temp_prefix(path), suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(data, bytes):
                handle.write(data)
            else:
                for piece in data:
                    handle.write(piece)
            handle.flush()
            os.fsync(handle.fileno())
        if gid is not None and os.stat(tmp_name).st_gid != gid:
            with contextlib.suppress(OSError):  # only a member of the group may chown to it
                os.chown(tmp_name, -1, gid)
        # Colleagues sharing a group-writable database must still be able to read it after a save.
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    fsync_dir(directory)


def remove_stale_temps(path: Path) -> None:
    """Delete temp files a killed writer left behind. Call only while holding the write lock."""
    for stale in Path(path).parent.glob(f"{temp_prefix(Path(path))}*{TEMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            stale.unlink()


def _umask() -> int:
    # Linux reports the umask without changing it (os.umask would, racing other threads).
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    current = os.umask(0o022)
    os.umask(current)
    return current
