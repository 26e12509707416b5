"""Issue 15: a damaged database and a colleague's private lock file are told as what they are,
in one line, with what to do; nothing is changed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from storage import Store, StoreError

from ..documents import edge_case_document
from .test_shared_server import (  # noqa: F401 - the fixture, for real users
    _as_user,
    accounts,
    group_folder,
)

KEY = "903001/2023"


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    path = tmp_path / "db.json"
    store = Store.create(path)
    store.save(edge_case_document(), 0)
    doc, rev = store.load(KEY)
    doc.dept_name = "第二版"
    store.save(doc, rev)
    return path


@pytest.mark.parametrize("where", ["ascii", "mid-character", "mid-string"])
def test_a_truncated_database_is_called_damaged_and_points_to_the_history(
    saved: Path, where: str
) -> None:
    raw = saved.read_bytes()
    if where == "ascii":
        at = raw.index(b'"revision"') + 3
    elif where == "mid-character":
        at = next(n for n in range(len(raw) // 2, len(raw)) if raw[n] >= 0xE0) + 1
    else:
        at = raw.index("第二版".encode()) + 3
    saved.write_bytes(raw[:at])
    with pytest.raises(StoreError) as caught:
        Store(saved)
    message = str(caught.value)
    assert "不完整" in message and "已损坏" in message and "UTF-8" not in message
    assert "jixiao history" in message and "jixiao restore" in message and "\n" not in message
    assert saved.read_bytes() == raw[:at]


def test_the_advice_works_rename_init_and_restore_from_the_history(saved: Path) -> None:
    raw = saved.read_bytes()
    saved.write_bytes(raw[: len(raw) // 2])
    saved.rename(saved.with_name("db.json.damaged"))
    store = Store.create(saved)
    [kept] = store.history(KEY)
    assert store.restore_revision(KEY, kept.revision, 0) == 2
    assert store.load(KEY)[0].dept_name == edge_case_document().dept_name


def test_a_file_that_is_not_utf8_is_still_told_so(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    path.write_bytes(b"\xff\xfe{\x00}")
    with pytest.raises(StoreError, match="不是 UTF-8 文本.*jixiao where"):
        Store(path)


def test_a_colleagues_private_lock_file_names_its_owner_and_the_fix(
    accounts: tuple[int, list[tuple[int, int]]],  # noqa: F811
) -> None:
    import filelock  # noqa: F401 - imported here, before the children drop root

    gid, [(uid_a, gid_a), (uid_b, gid_b), _] = accounts
    with group_folder(uid_a, gid, "jixiao-lock-") as db:

        def init() -> str:  # under umask 077 the lock file is private to its owner
            return f"saved {Store.create(db).save(edge_case_document(), 0)}"

        assert _as_user(uid_a, gid_a, [gid_a, gid], 0o077, init) == "saved 1"
        os.chown(db, uid_a, gid)
        db.chmod(0o664)  # the database is shared; its lock file is not (mode 0600)
        lock = db.with_name(db.name + ".lock")
        lock.chmod(0o600)

        def edit() -> str:
            store = Store(db)
            doc, rev = store.load(KEY)
            return f"saved {store.save(doc, rev)}"

        refused = _as_user(uid_b, gid_b, [gid_b, gid], 0o022, edit)
        assert refused.startswith("StoreError: ") and "\n" not in refused
        import grp
        import pwd

        owner, group = pwd.getpwuid(uid_a).pw_name, grp.getgrgid(gid).gr_name
        assert f"属于用户 {owner}" in refused and "-rw-------" in refused
        assert f"chgrp {group} {lock}" in refused and f"chmod 664 {lock}" in refused
        assert Store(db).revision(KEY) == 1
        # The fix it names works.
        os.chown(lock, -1, gid)
        lock.chmod(0o664)
        assert _as_user(uid_b, gid_b, [gid_b, gid], 0o022, edit) == "saved 2"
