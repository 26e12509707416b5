"""Several staff on one server (issue 14, item 6): two accounts in one group save the same
database, whatever their umask, with and without a setgid folder; a third account outside the
group is told in one line why it cannot. Needs root to create the accounts; skipped otherwise."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from storage import Store

from ..documents import edge_case_document

KEY = "903001/2023"


def _need_root() -> None:
    if os.geteuid() != 0 or not shutil.which("useradd"):
        reason = "needs root and useradd to create two users in a group"
        print(f"SKIPPED: {reason}")
        pytest.skip(reason)


@pytest.fixture(scope="module")
def accounts() -> Iterator[tuple[int, list[tuple[int, int]]]]:
    """A group and three accounts (the first two in the group); removed afterwards."""
    _need_root()
    tag = uuid.uuid4().hex[:6]
    group, users = f"jxg{tag}", [f"jx{n}{tag}" for n in "abc"]
    subprocess.run(["groupadd", group], check=True)
    try:
        for n, user in enumerate(users):
            extra = ["-G", group] if n < 2 else []
            subprocess.run(["useradd", "-M", "-U", "-s", "/bin/false", *extra, user], check=True)
        import grp
        import pwd

        gid = grp.getgrnam(group).gr_gid
        yield gid, [(pwd.getpwnam(u).pw_uid, pwd.getpwnam(u).pw_gid) for u in users]
    finally:
        for user in users:
            subprocess.run(["userdel", user], check=False, capture_output=True)
        subprocess.run(["groupdel", group], check=False, capture_output=True)


@contextmanager
def group_folder(owner: int, gid: int, prefix: str, *, setgid: bool = True) -> Iterator[Path]:
    """A database path in a folder of `owner` and the group `gid` (rwxrwsr-x, or rwxrwxr-x
    without setgid) under a readable temporary top folder, removed afterwards."""
    top = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        top.chmod(0o755)
        folder = top / "data"
        folder.mkdir()
        os.chown(folder, owner, gid)
        folder.chmod(0o2775 if setgid else 0o775)
        yield folder / "jixiao.json"
    finally:
        shutil.rmtree(top)


def _as_user(uid: int, gid: int, groups: list[int], umask: int, action: Callable[[], str]) -> str:
    """Run action in a forked child as that account, with that umask; its result or error."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(read_end)
        try:
            os.setgroups(groups)
            os.setgid(gid)
            os.setuid(uid)
            os.umask(umask)
            result = action()
        except BaseException as exc:  # noqa: BLE001 - reported to the parent
            result = f"{type(exc).__name__}: {exc}"
        os.write(write_end, result.encode("utf-8"))
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        out = pipe.read().decode("utf-8")
    os.waitpid(pid, 0)
    return out


def _edit(path: Path, name: str) -> Callable[[], str]:
    def action() -> str:
        store = Store(path)
        doc, rev = store.load(KEY)
        doc.dept_name = name
        return f"saved {store.save(doc, rev)}"

    return action


@pytest.mark.parametrize("setgid", [False, True])
@pytest.mark.parametrize("umask", [0o022, 0o002])
def test_a_second_user_of_the_group_can_always_save(
    accounts: tuple[int, list[tuple[int, int]]], umask: int, setgid: bool
) -> None:
    import filelock  # noqa: F401 - imported here, before the children drop root

    gid, [(uid_a, gid_a), (uid_b, gid_b), (uid_c, gid_c)] = accounts
    with group_folder(uid_a, gid, "jixiao-shared-", setgid=setgid) as db:

        def set_up() -> str:  # user A creates the database and shares it with the group
            store = Store.create(db)
            os.chown(db, -1, gid)
            db.chmod(0o664)
            return f"saved {store.save(edge_case_document(), 0)}"

        a_groups, b_groups = [gid_a, gid], [gid_b, gid]
        assert _as_user(uid_a, gid_a, a_groups, umask, set_up) == "saved 1"
        assert _as_user(uid_a, gid_a, a_groups, umask, _edit(db, "甲改的")) == "saved 2"
        assert _as_user(uid_b, gid_b, b_groups, umask, _edit(db, "乙改的")) == "saved 3"
        assert _as_user(uid_a, gid_a, a_groups, umask, _edit(db, "甲又改")) == "saved 4"
        assert _as_user(uid_b, gid_b, b_groups, umask, _edit(db, "乙又改")) == "saved 5"
        store = Store(db)
        assert store.load(KEY)[0].dept_name == "乙又改"
        assert [r.revision for r in store.history(KEY)] == [5, 4, 3, 2, 1]
        everything = [db, store.lock_path, *db.parent.glob("jixiao.json.history/**/*")]
        for path in everything:
            st = path.stat()
            assert st.st_gid == gid, path
            assert st.st_mode & 0o060 == 0o060 or path == db, (path, oct(st.st_mode))
            if stat.S_ISDIR(st.st_mode):
                assert st.st_mode & 0o070 == 0o070, (path, oct(st.st_mode))
        # Someone outside the group is told why, in one line, and nothing changes.
        refused = _as_user(uid_c, gid_c, [gid_c], umask, _edit(db, "丙改的"))
        assert refused.startswith("StoreError: ") and "\n" not in refused
        assert "无权写入" in refused and "所有者" in refused and "-rw-rw-r--" in refused
        assert Store(db).revision(KEY) == 5


def test_a_database_created_in_a_setgid_folder_is_shared_with_its_group(
    accounts: tuple[int, list[tuple[int, int]]],
) -> None:
    """User A creates the database with umask 022 in the group's setgid folder and shares
    nothing by hand (as `jixiao import` into a new database does): B of the group can save."""
    import filelock  # noqa: F401 - imported here, before the children drop root

    gid, [(uid_a, gid_a), (uid_b, gid_b), _] = accounts
    with group_folder(uid_a, gid, "jixiao-shared-") as db:

        def create() -> str:
            store = Store.create(db)
            return f"saved {store.save(edge_case_document(), 0)}"

        assert _as_user(uid_a, gid_a, [gid_a, gid], 0o022, create) == "saved 1"
        assert stat.S_IMODE(db.stat().st_mode) == 0o664 and db.stat().st_gid == gid
        assert _as_user(uid_b, gid_b, [gid_b, gid], 0o022, _edit(db, "乙改的")) == "saved 2"


def test_a_lock_file_made_before_the_database_was_shared_does_not_stop_a_colleague(
    accounts: tuple[int, list[tuple[int, int]]],
) -> None:
    """A database and lock file left -rw-r--r-- (umask 022, by an earlier jixiao); the database is made group-writable afterwards, and a colleague saves before
    its owner ever saves again (the owner's save would fix the lock file's mode)."""
    import filelock  # noqa: F401 - imported here, before the children drop root

    gid, [(uid_a, gid_a), (uid_b, gid_b), _] = accounts
    with group_folder(uid_a, gid, "jixiao-shared-") as db:

        def init_and_import() -> str:
            return f"saved {Store.create(db).save(edge_case_document(), 0)}"

        assert _as_user(uid_a, gid_a, [gid_a, gid], 0o022, init_and_import) == "saved 1"
        lock = db.with_name(db.name + ".lock")
        # A database made in this setgid folder is now group-writable from the start; one made
        # by an earlier jixiao (or copied in) is -rw-r--r--, its lock file too:
        for made in (db, lock):
            made.chmod(0o644)
        os.chown(db, uid_a, gid)
        db.chmod(0o664)  # the owner shares the database, not knowing about the lock file

        assert _as_user(uid_b, gid_b, [gid_b, gid], 0o022, _edit(db, "乙改的")) == "saved 2"
        assert _as_user(uid_a, gid_a, [gid_a, gid], 0o022, _edit(db, "甲改的")) == "saved 3"
        assert _as_user(uid_b, gid_b, [gid_b, gid], 0o022, _edit(db, "乙又改")) == "saved 4"
