"""Files beside a shared database take the database file's group and mode, whatever the saving
user's umask: the lock file, temporary files and the history folders. So when the database is
group-writable, every member of its group can always save (issue 14, item 6)."""

from __future__ import annotations

import contextlib
import grp
import os
import pwd
import stat
from pathlib import Path

from .errors import StoreError


def like(reference: os.stat_result) -> tuple[int, int]:
    """(file mode, gid) that a file beside the database should have."""
    return reference.st_mode & 0o666, reference.st_gid


def adopt(path: Path | str, reference: os.stat_result | None, *, fd: int | None = None) -> None:
    """Give a file we just created the database's group and permission bits (best effort: only
    its owner may chmod it, and chown to a group needs membership of it)."""
    if reference is None:
        return
    mode, gid = like(reference)
    with contextlib.suppress(OSError):
        if fd is not None:
            os.fchown(fd, -1, gid)
        else:
            os.chown(path, -1, gid)
    with contextlib.suppress(OSError):
        if fd is not None:
            os.fchmod(fd, mode)
        else:
            os.chmod(path, mode)


def share_in_setgid_folder(path: Path) -> None:
    """A new database in a setgid folder (`chmod g+s`: the folder says its files belong to its
    group) is made group-readable and -writable whatever the creator's umask, so the first
    colleague to save does not find it 0644. Elsewhere the umask decides, as for any file."""
    if path.parent.stat().st_mode & stat.S_ISGID:
        os.chmod(path, path.stat().st_mode & 0o777 | 0o060)


def dir_mode(reference: os.stat_result) -> int:
    """A folder's mode from a file's: searchable wherever the file is readable (0664 → 0775)."""
    mode = reference.st_mode & 0o666
    return mode | ((mode & 0o444) >> 2)


def make_dir(path: Path, reference: os.stat_result | None) -> None:
    """mkdir -p path, each new folder with the database's group and mode (and setgid when the
    database's folder has it, so files made inside inherit the group as there)."""
    if path.is_dir():
        return
    make_dir(path.parent, reference)
    with contextlib.suppress(FileExistsError):
        path.mkdir()
        if reference is not None:
            mode = dir_mode(reference)
            if os.stat(path.parent).st_mode & stat.S_ISGID:
                mode |= stat.S_ISGID
            with contextlib.suppress(OSError):
                os.chown(path, -1, reference.st_gid)
            with contextlib.suppress(OSError):
                os.chmod(path, mode)


def describe(st: os.stat_result) -> str:
    try:
        owner = pwd.getpwuid(st.st_uid).pw_name
    except KeyError:
        owner = str(st.st_uid)
    try:
        group = grp.getgrgid(st.st_gid).gr_name
    except KeyError:
        group = str(st.st_gid)
    return f"所有者 {owner}:{group}，权限 {stat.filemode(st.st_mode)}"


def check_can_write(path: Path) -> os.stat_result:
    """Refuse, in one line, a save that could not or must not happen: a read-only database
    file (like SQLite's "attempt to write a readonly database"), or a file or folder this
    user may not write. Returns the database file's stat."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise StoreError(
            f"数据库文件 {path} 不存在；新建请运行 jixiao init，或用 --db 指定路径"
        ) from None
    if not st.st_mode & 0o222:
        raise StoreError(
            f"数据库文件 {path} 是只读的（{describe(st)}），未保存；如需修改请联系管理员去掉只读"
        )
    folder = path.parent
    if not os.access(path, os.W_OK) or not os.access(folder, os.W_OK | os.X_OK):
        where = path if not os.access(path, os.W_OK) else folder
        raise StoreError(
            f"您无权写入 {where}（{describe(os.stat(where))}），未保存；请联系管理员把您加入该组"
            "或开放组写权限"
        )
    return st


def lock_refused(lock_path: Path, database: os.stat_result | None) -> StoreError:
    """A lock file this user may not even open (another user made it with a private umask):
    who owns it, and the fix — give it the database's group and group read/write, or delete it
    while nobody is saving (jixiao makes it again with the database's group and mode)."""
    try:
        st = os.stat(lock_path)
    except OSError:
        return StoreError(f"无法创建锁文件 {lock_path}，未保存；请联系管理员检查该目录的写权限")
    try:
        owner = pwd.getpwuid(st.st_uid).pw_name
    except KeyError:
        owner = str(st.st_uid)
    group = ""
    if database is not None:
        try:
            group = grp.getgrgid(database.st_gid).gr_name
        except KeyError:
            group = str(database.st_gid)
    chgrp = f"chgrp {group} {lock_path} && " if group else ""
    return StoreError(
        f"锁文件 {lock_path} 属于用户 {owner}（{describe(st)}），您无权打开，未保存；"
        f"请 {owner} 或管理员运行 {chgrp}chmod 664 {lock_path}，"
        "或在无人保存时删除它（jixiao 会按数据库的组和权限重建）"
    )
