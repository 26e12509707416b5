"""What only the JSON-file store does: its bytes on disk (readable UTF-8, one line per project,
atomic replacement), the lock, file modes, the backups folder, migrations and unusable files.
The behaviour every backend shares is in test_store.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storage import ConflictError, Store, StoreError, migrations, open_store
from storage.jsonfile import decode

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


def test_backups_keep_the_last_n_in_a_folder_beside_the_file(tmp_path: Path) -> None:
    store = Store.create(tmp_path / "db.json", keep_backups=3)
    doc = edge_case_document()
    rev = store.save(doc, 0)
    for n in range(5):
        doc.dept_name = f"第{n}次"
        rev = store.save(doc, rev)
    backups = store.backups()
    assert len(backups) == 3
    assert backups[0].documents == [("903001/2023", rev - 1)]
    folder = tmp_path / "db.json.backups"
    assert sorted(folder.iterdir()) == sorted(b.path for b in backups)
    assert all(b.path.stat().st_size == b.size for b in backups)
    store.restore(2)
    assert len(store.backups()) == 3  # the restore's own backup is pruned to the limit too
    assert store.load(doc.key)[0].dept_name == "第2次"


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
    real_read = Path.read_bytes

    def denied(self: Path) -> bytes:  # chmod 0 does not stop root, who runs CI
        if self == path:
            raise PermissionError(13, "Permission denied")
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", denied)
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
