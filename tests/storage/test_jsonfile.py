"""What only the JSON-file store does: its bytes on disk (readable UTF-8, one line per project,
atomic replacement), the lock, file modes, the history folder and its pruning, migrations,
symlinks, read-only and unusable files.
The behaviour every backend shares is in test_store.py."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest

from model import document_from_dict, document_to_dict
from storage import (
    ConflictError,
    HistoryPolicy,
    Store,
    StoreError,
    current_user,
    migrations,
    open_store,
)
from storage.jsonfile import decode, encode

from ..documents import edge_case_document


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store.create(tmp_path / "db.json")


def test_a_refused_save_leaves_the_file_byte_for_byte(store: Store) -> None:
    doc = edge_case_document()
    store.save(doc, 0)
    store.save(doc, 1)
    before = store.path.read_bytes()
    with pytest.raises(ConflictError):
        store.save(doc, 1)
    assert store.path.read_bytes() == before


def test_file_is_readable_utf8_json(store: Store) -> None:
    store.save(edge_case_document(), 0)
    text = store.path.read_text(encoding="utf-8")
    assert "巨鹿县测试乡人民政府本级" in text and "\\u" not in text
    assert "\n " in text  # indented, so a person can read and diff it
    assert json.loads(text)["_meta"]["1"]["schema_version"] == migrations.SCHEMA_VERSION


def test_each_project_is_one_line_so_a_diff_names_it(store: Store) -> None:
    doc = edge_case_document()
    store.save(doc, 0)
    before = store.path.read_text(encoding="utf-8").splitlines()
    doc.projects[1].name = "改了第二个项目的名称"
    store.save(doc, 1)
    after = store.path.read_text(encoding="utf-8").splitlines()
    changed = [line for line in after if line not in before]
    # The revision, the time stamp and the one project changed; the other project did not.
    assert sum("改了第二个项目的名称" in line for line in changed) == 1
    assert not any(doc.projects[0].code in line for line in changed)
    assert len(changed) <= 4


def test_a_file_replaced_by_hand_is_read_again_although_the_store_remembers_it(
    tmp_path: Path,
) -> None:
    # Each Store remembers the file it last read or wrote (by inode, size and times) and must
    # notice when the file was replaced: by another process's save or, here, by hand.
    store = Store.create(tmp_path / "db.json")
    doc = edge_case_document()
    store.save(doc, 0)
    assert store.load(doc.key)[0].dept_name == doc.dept_name  # now remembered
    # Same length, so only the file's identity (another inode) tells the change.
    text = store.path.read_text(encoding="utf-8").replace(doc.dept_name, "手工改过的乡人民政府本级")
    replacement = tmp_path / "new.json"
    replacement.write_text(text, encoding="utf-8")
    replacement.replace(store.path)
    assert store.load(doc.key)[0].dept_name == "手工改过的乡人民政府本级"


def test_a_failed_write_leaves_no_trace_in_what_the_store_remembers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import storage.jsonfile

    store = Store.create(tmp_path / "db.json", keep_backups=0)  # no backup link touches the file
    doc = edge_case_document()
    store.save(doc, 0)
    changed = edge_case_document()
    changed.dept_name = "未能保存的修改"

    def disk_full(path: Path, data: bytes, **_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(storage.jsonfile, "atomic_write", disk_full)
    with pytest.raises(StoreError, match="保存数据库"):
        store.save(changed, 1)
    monkeypatch.undo()
    assert store.load(doc.key) == (doc, 1)


def test_reading_does_not_wait_for_a_colleagues_save(store: Store) -> None:
    # The file is only ever replaced whole, so a reader needs no lock: opening a document
    # never waits behind someone's save. Changes do wait (and say so if it takes too long).
    from filelock import FileLock

    import storage.store

    doc = edge_case_document()
    store.save(doc, 0)
    with FileLock(str(store.lock_path)):  # a colleague's save in progress
        assert Store(store.path).load(doc.key) == (doc, 1)
        assert [i.key for i in store.list_documents()] == [doc.key]
        original = storage.store.LOCK_TIMEOUT
        storage.store.LOCK_TIMEOUT = 0.2
        try:
            with pytest.raises(StoreError, match="正被他人保存"):
                store.save(doc, 1)
        finally:
            storage.store.LOCK_TIMEOUT = original


def test_history_is_kept_per_document_in_a_folder_beside_the_file(tmp_path: Path) -> None:
    store = Store.create(tmp_path / "db.json")
    mine, theirs = edge_case_document(year=2023), edge_case_document(year=2024)
    store.save(theirs, 0)
    rev = store.save(mine, 0)
    for n in range(5):
        mine.dept_name = f"第{n}次"
        rev = store.save(mine, rev)
    folder = tmp_path / "db.json.history"
    kept = sorted(p.name.split("-")[0] for p in (folder / "903001%2F2023").iterdir())
    assert kept == [f"{n:08d}" for n in range(1, 6)]  # the earlier revisions, not the current
    assert not (folder / "903001%2F2024").exists()  # my edits keep nothing of theirs
    assert not (tmp_path / "db.json.backups").exists()  # no more whole-file copies
    assert store.load_revision(mine.key, 3).dept_name == "第1次"


def _clock(start: dt.datetime) -> tuple[list[dt.datetime], Callable[[], dt.datetime]]:
    now = [start]
    return now, lambda: now[0]


def test_pruning_keeps_recent_revisions_then_one_a_day(tmp_path: Path) -> None:
    now, clock = _clock(dt.datetime(2026, 1, 1, 9, tzinfo=dt.UTC))
    policy = HistoryPolicy(keep_all_days=7, daily_days=90, min_count=2, max_count=1000)
    store = Store.create(tmp_path / "db.json")
    store = Store(store.path, policy=policy, clock=clock)
    doc = edge_case_document()
    rev = store.save(doc, 0)
    for day in range(120):  # three saves a day for 120 days
        for hour in (9, 12, 15):
            now[0] = dt.datetime(2026, 1, 1, hour, tzinfo=dt.UTC) + dt.timedelta(days=day)
            doc.dept_name = f"第{day}天{hour}时"
            rev = store.save(doc, rev)
    kept = [r for r in store.history(doc.key) if not r.current]
    week = dt.timedelta(days=7)
    recent = [r for r in kept if now[0] - r.saved_at <= week]
    assert len(recent) == 7 * 3  # every revision of the last 7 days (the newest is current)
    older = [r.saved_at.astimezone().date() for r in kept if now[0] - r.saved_at > week]
    assert len(older) == len(set(older)) == 90 - 7  # then one a day, for 90 days
    assert max(now[0] - r.saved_at for r in kept) <= dt.timedelta(days=90)
    assert store.load_revision(doc.key, kept[-1].revision).dept_name.startswith("第")


def test_policy_from_the_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        'name = "王会计"\n[history]\nkeep_all_days = 3\ndaily_days = 30\nmax_count = "x"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("JIXIAO_CONFIG", str(config))
    store = Store.create(tmp_path / "db.json")
    assert store.policy == HistoryPolicy(keep_all_days=3, daily_days=30)
    assert current_user().display == "王会计"
    store.save(edge_case_document(), 0)
    assert store.list_documents()[0].updated_by_name == "王会计"
    monkeypatch.setenv("JIXIAO_CONFIG", str(tmp_path / "none.toml"))
    assert Store(store.path).policy == HistoryPolicy()
    user = current_user()
    assert user.login and user.display  # the account's full name, else the login


def test_an_unusable_config_file_is_no_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """read_config is {} for a config that is not TOML or is a folder, and for no home
    directory at all — never an error (tomllib is imported only once a file is open)."""
    from storage.identity import read_config

    bad = tmp_path / "bad.toml"
    for content in (b'name = "x\n', b"[history\n", b"name = 1 = 2\n"):
        bad.write_bytes(content)
        monkeypatch.setenv("JIXIAO_CONFIG", str(bad))
        assert read_config() == {}
    monkeypatch.setenv("JIXIAO_CONFIG", str(tmp_path))  # a folder
    assert read_config() == {}
    bad.write_bytes('name = "王会计"\n'.encode())
    monkeypatch.setenv("JIXIAO_CONFIG", str(bad))
    assert read_config() == {"name": "王会计"}
    monkeypatch.delenv("JIXIAO_CONFIG")
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.setattr(Path, "home", lambda: (_ for _ in ()).throw(RuntimeError("no home")))
    assert read_config() == {}


def test_a_failed_save_keeps_the_history(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import storage.jsonfile

    # A policy that would prune everything but the newest after any successful save.
    policy = HistoryPolicy(keep_all_days=0, daily_days=0, min_count=1, max_count=1)
    store = Store(Store.create(tmp_path / "db.json").path, policy=HistoryPolicy())
    doc = edge_case_document()
    rev = store.save(doc, 0)
    for n in range(3):
        doc.dept_name = f"第{n}次"
        rev = store.save(doc, rev)
    history_before = store.history(doc.key)
    store = Store(store.path, policy=policy)
    real_write = storage.jsonfile.atomic_write

    def fails_midway(path: Path, data: Iterable[bytes], **kwargs: object) -> None:
        whole = b"".join(data)
        real_write(path.with_name("half"), whole[: len(whole) // 2])  # got this far, then:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(storage.jsonfile, "atomic_write", fails_midway)
    doc.dept_name = "未能保存"
    with pytest.raises(StoreError, match="保存数据库.*失败") as caught:
        store.save(doc, rev)
    assert "\n" not in str(caught.value)
    monkeypatch.undo()
    assert store.history(doc.key) == history_before  # nothing evicted
    assert store.load(doc.key)[0].dept_name == "第2次"
    assert store.save(doc, rev) == rev + 1  # the next save works, and only then prunes
    assert [r.revision for r in store.history(doc.key)] == [rev + 1, rev]


def test_a_version_1_file_is_upgraded_on_first_write_keeping_one_copy(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    doc = document_to_dict(edge_case_document())
    raw = {
        "_meta": {"1": {"app": "jixiao", "schema_version": 1}},
        "documents": {
            "1": {
                "key": "903001/2023",
                "revision": 7,
                "updated": "2025-03-01T10:00:00+08:00",
                "updated_by": "zhang",
                "document": doc,
            }
        },
    }
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    old_bytes = path.read_bytes()
    backups = tmp_path / "db.json.backups"
    backups.mkdir()
    for n in range(2):  # whole-file copies made by the old jixiao
        (backups / f"2025030{n}T000000.000000Z.json").write_bytes(old_bytes)
    store = Store(path)
    [info] = store.list_documents()  # reading migrates in memory, writes nothing
    assert (info.revision, info.updated_by_name) == (7, "zhang")
    assert path.read_bytes() == old_bytes
    loaded, rev = store.load("903001/2023")
    loaded.dept_name = "升级后的第一次保存"
    assert store.save(loaded, rev) == 8
    on_disk = json.loads(path.read_text(encoding="utf-8"))
    assert on_disk["_meta"]["1"]["schema_version"] == migrations.SCHEMA_VERSION == 2
    copies = sorted(backups.iterdir())
    assert len(copies) == 3 and all(c.read_bytes() == old_bytes for c in copies)
    assert [(r.revision, r.saved_by) for r in store.history("903001/2023")] == [
        (8, store.list_documents()[0].updated_by),
        (7, "zhang"),
    ]
    assert store.load_revision("903001/2023", 7) == document_from_dict(doc)
    assert len(store.backups()) == 3
    loaded.dept_name = "第二次保存"
    store.save(loaded, 8)
    assert len(list(backups.iterdir())) == 3  # one copy, at the upgrade only


def test_a_symlinked_path_writes_through_to_and_locks_the_target(tmp_path: Path) -> None:
    real = Store.create(tmp_path / "data" / "real.json").path
    link = tmp_path / "link.json"
    link.symlink_to(real)
    store = Store(link)
    store.save(edge_case_document(), 0)
    store.save(edge_case_document(), 1)
    assert link.is_symlink() and link.resolve() == real
    assert Store(real).revision("903001/2023") == 2
    assert store.lock_path == real.with_name("real.json.lock") and store.lock_path.exists()
    assert not (tmp_path / "link.json.lock").exists()
    assert (tmp_path / "data" / "real.json.history").is_dir()
    assert store.location == str(link)


def test_a_read_only_database_file_is_refused(tmp_path: Path) -> None:
    store = Store.create(tmp_path / "db.json")
    store.save(edge_case_document(), 0)
    store.path.chmod(0o444)
    before = store.path.read_bytes()
    with pytest.raises(StoreError, match="只读") as caught:
        store.save(edge_case_document(), 1)
    message = str(caught.value)
    assert "\n" not in message and "-r--r--r--" in message and str(store.path) in message
    assert store.path.read_bytes() == before
    assert store.load("903001/2023")[1] == 1  # reading still works


def test_files_beside_the_database_take_its_group_mode_whatever_the_umask(
    tmp_path: Path,
) -> None:
    store = Store.create(tmp_path / "db.json")
    store.path.chmod(0o664)
    old = os.umask(0o077)
    try:
        doc = edge_case_document()
        store.save(doc, 0)
        store.save(doc, 1)
    finally:
        os.umask(old)
    assert store.path.stat().st_mode & 0o777 == 0o664
    assert store.lock_path.stat().st_mode & 0o777 == 0o664
    folder = tmp_path / "db.json.history"
    for sub in (folder, *folder.iterdir()):
        assert sub.stat().st_mode & 0o777 == 0o775, sub
    [kept] = (folder / "903001%2F2023").iterdir()
    assert kept.stat().st_mode & 0o777 == 0o664


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "是空的"),
        (b"   \n", "是空的"),
        (b"{not json", "不是有效的 JSON"),
        (b"\xff\xfe\x00", "不是 UTF-8"),
        (b'{"_default": {}}', "不是 jixiao 数据库"),
        (b"[1, 2]", "不是 jixiao 数据库"),
        (b'{"_meta": {"1": {"app": "jixiao", "schema_version": 99}}}', "更新版本"),
        (b'{"_meta": {"1": {"app": "jixiao", "schema_version": "x"}}}', "版本号"),
    ],
)
def test_unusable_files_give_one_line_and_are_never_overwritten(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "db.json"
    path.write_bytes(content)
    with pytest.raises(StoreError, match=message) as caught:
        Store(path)
    assert str(path) in str(caught.value) and "\n" not in str(caught.value)
    assert path.read_bytes() == content


def test_a_path_opens_the_json_file_store(tmp_path: Path) -> None:
    created = open_store(tmp_path / "db.json", create=True)
    assert isinstance(created, Store) and created.path == tmp_path / "db.json"
    assert created.location == str(tmp_path / "db.json")
    assert isinstance(open_store(str(tmp_path / "db.json")), Store)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="不存在.*jixiao init"):
        Store(tmp_path / "nope.json")
    with pytest.raises(StoreError, match="是一个目录"):
        Store(tmp_path)


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = Store.create(tmp_path / "db.json").path
    real_open = Path.open

    def denied(self: Path, *args: Any, **kwargs: Any) -> Any:  # chmod 0 does not stop root
        if self == path:
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", denied)
    with pytest.raises(StoreError, match="无权读取"):
        Store(path)


def test_create_refuses_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    path.write_text("mine", encoding="utf-8")
    with pytest.raises(StoreError, match="已存在"):
        Store.create(path)
    assert path.read_text(encoding="utf-8") == "mine"


def test_group_permissions_survive_a_save(tmp_path: Path) -> None:
    store = Store.create(tmp_path / "db.json")
    store.path.chmod(0o664)
    store.save(edge_case_document(), 0)
    assert store.path.stat().st_mode & 0o777 == 0o664


def test_an_older_schema_is_migrated_on_read(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Pretend the current schema is 2 and version 1 files need a step that renames a field.
    def v1_to_v2(tables: dict) -> dict:
        for record in tables["documents"].values():
            record["document"]["dept_name"] = record["document"].pop("old_name")
        return tables

    path = tmp_path / "db.json"
    doc = {"dept_code": "1", "old_name": "旧字段", "year": 2023, "projects": []}
    raw = {
        "_meta": {"1": {"app": "jixiao", "schema_version": 1}},
        "documents": {"1": {"key": "1/2023", "revision": 1, "document": doc}},
    }
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(migrations.MIGRATIONS, 1, v1_to_v2)
    monkeypatch.setattr("storage.jsonfile.SCHEMA_VERSION", 2)
    tables = decode(path.read_bytes(), path)
    assert tables["documents"]["1"]["document"]["dept_name"] == "旧字段"
    assert tables["_meta"]["1"]["schema_version"] == 2


def test_stale_temp_files_of_a_killed_writer_are_cleaned(store: Store) -> None:
    leftover = store.path.with_name(f".{store.path.name}.abc123.tmp")
    leftover.write_bytes(b"half a fi")
    store.save(edge_case_document(), 0)
    assert not leftover.exists()
    store.save(edge_case_document(), 1)
    folder = store.path.with_name("db.json.history") / "903001%2F2023"
    in_history = folder / ".00000002-1.json.gz.def456.tmp"
    in_history.write_bytes(b"half a fi")
    store.save(edge_case_document(), 2)
    assert not in_history.exists() and len(list(folder.iterdir())) == 2


def test_a_save_reencodes_only_what_changed_and_writes_the_same_bytes(store: Store) -> None:
    # The store remembers each document's text between saves (by identity); the file must be
    # exactly what encoding everything afresh gives, after edits, renames and deletes.
    docs = [edge_case_document(year=year) for year in (2023, 2024, 2025)]
    revisions = [store.save(doc, 0) for doc in docs]
    docs[1].projects[0].name = "只改第二个文档"
    revisions[1] = store.save(docs[1], revisions[1])
    docs[2].year = 2026
    store.save(docs[2], revisions[2], old_key="903001/2025")
    store.delete("903001/2023", revisions[0])
    on_disk = store.path.read_bytes()
    assert on_disk == encode(decode(on_disk, store.path))
    assert "只改第二个文档" in on_disk.decode("utf-8")
    assert [i.key for i in store.list_documents()] == ["903001/2024", "903001/2026"]


def test_a_save_writes_the_file_in_pieces_that_join_to_the_whole_encoding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A county's save never holds the whole text and its bytes at once: encode_parts gives
    # about a megabyte at a time, and the pieces are exactly encode's bytes.
    import storage.jsonfile
    from storage.jsonfile import encode_parts

    monkeypatch.setattr(storage.jsonfile, "_PIECE", 1024)
    big = edge_case_document()
    tables = {
        "_meta": {"1": {"app": "jixiao", "schema_version": 2}},
        "documents": {
            str(n): {"key": f"k{n}", "document": document_to_dict(big)} for n in range(8)
        },
    }
    pieces = list(encode_parts(tables))
    assert len(pieces) > 3
    assert b"".join(pieces) == encode(tables)
    # each piece is about _PIECE characters: at most one part (a document's record) more
    longest_part = max(len(json.dumps(r, ensure_ascii=False)) for r in tables["documents"].values())
    assert all(len(p.decode("utf-8")) <= 1024 + longest_part + 64 for p in pieces)

    written: list[object] = []
    real_write = storage.jsonfile.atomic_write

    def recording(path: Path, data: object, **kwargs: object) -> None:
        written.append(data)
        real_write(path, data, **kwargs)  # type: ignore[arg-type]

    store = Store.create(tmp_path / "db.json", keep_backups=0)
    monkeypatch.setattr(storage.jsonfile, "atomic_write", recording)
    store.save(big, 0)
    assert written and not isinstance(written[-1], bytes)  # pieces, not one bytes object
    assert store.load(big.key)[0] == big
    on_disk = (tmp_path / "db.json").read_bytes()
    assert on_disk == encode(decode(on_disk, tmp_path / "db.json"))
