"""Issue 17: the JSON file store finds one document's record by the file's layout and parses it
alone (jsonfile.find_record), so `jixiao edit DOC` on a county shows its document without
decoding the other 99 — the same record as the whole-file read, the revision a save is then
checked against, and a whole read whenever the file is not exactly as jixiao writes it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import storage.jsonfile as jsonfile
from storage import ConflictError, Store
from storage.jsonfile import encode, read_tables

from ..documents import edge_case_document

KEYS = ["900001/2023", "900002/2023", "900003/2023"]


def _county(path: Path) -> Store:
    store = Store.create(path)
    for key in ("900003", "900001", "900002"):  # the file's order is not the keys'
        doc = edge_case_document(key)
        doc.projects[0].name = f"{key}的项目"
        store.save(doc, 0)
    doc, revision = store.load("900001/2023")
    doc.dept_name = "第二版"
    store.save(doc, revision)
    return store


def _whole_reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every whole-file parse from now on (the fast path makes none)."""
    reads: list[Path] = []
    real = jsonfile._parse

    def counted(text: str, path: Path) -> Any:
        reads.append(path)
        return real(text, path)

    monkeypatch.setattr(jsonfile, "_parse", counted)
    return reads


def _expected(path: Path) -> dict[str, Any]:
    """What the whole-file read finds, by key (as it was before find_record): the first
    record of a key, in the file's order."""
    tables, _ = read_tables(path)
    found: dict[str, Any] = {}
    for record in tables["documents"].values():
        found.setdefault(record["key"], record)
    return found


def test_each_record_is_the_whole_reads_without_parsing_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _county(tmp_path / "db.json")
    expected = _expected(store.path)
    whole = {key: Store(store.path).load(key) for key in KEYS}  # for comparison, below
    reads = _whole_reads(monkeypatch)
    fresh = Store(store.path)
    for key in KEYS:
        assert fresh.revision(key) == expected[key]["revision"]
        assert fresh.load(key) == whole[key]
        assert jsonfile.find_record(fresh.path, key, jsonfile.FileMemo()) == expected[key]
    assert fresh.revision("900009/2023") == 0
    assert reads == []
    assert fresh._memo.tables is None  # one record is never remembered as the whole state
    assert fresh.revision("900001/2023") == 2 and fresh.load("900001/2023")[0].dept_name == "第二版"


def test_a_colleagues_save_is_seen_and_a_save_is_checked_against_what_was_read(
    tmp_path: Path,
) -> None:
    store = _county(tmp_path / "db.json")
    mine = Store(store.path)
    doc, revision = mine.load("900002/2023")
    theirs = Store(store.path)
    other, base = theirs.load("900002/2023")
    other.dept_name = "同事改过"
    theirs.save(other, base)
    assert mine.revision("900002/2023") == revision + 1  # the replaced file: read again
    assert mine.load("900002/2023")[0].dept_name == "同事改过"
    doc.dept_name = "我改的"
    with pytest.raises(ConflictError):
        mine.save(doc, revision)
    assert Store(store.path).load("900002/2023")[0].dept_name == "同事改过"


def test_after_a_save_the_state_written_is_served(tmp_path: Path) -> None:
    store = _county(tmp_path / "db.json")
    doc, revision = store.load("900003/2023")
    doc.dept_name = "改名"
    assert store.save(doc, revision) == revision + 1
    assert store.load("900003/2023") == (doc, revision + 1)
    assert Store(store.path).load("900003/2023") == (doc, revision + 1)


def _rewritten(path: Path, change: Any) -> dict[str, Any]:
    """Write the database's tables back through `change(tables) -> bytes`; the records the
    whole read then finds, by key."""
    tables, _ = read_tables(path)
    path.write_bytes(change(tables))
    return _expected(path)


def _compact(tables: dict[str, Any]) -> bytes:
    return json.dumps(tables, ensure_ascii=False).encode("utf-8")


def _tinydb_style(tables: dict[str, Any]) -> bytes:
    return json.dumps(tables).encode("ascii")  # TinyDB's JSONStorage: compact, \\u escapes


def _reordered(tables: dict[str, Any]) -> bytes:
    for number, record in list(tables["documents"].items()):
        tables["documents"][number] = {"revision": record["revision"]} | record  # key second
    return encode(tables)


def _documents_first(tables: dict[str, Any]) -> bytes:
    return encode({"documents": tables["documents"], "_meta": tables["_meta"]})


def _one_key_twice(tables: dict[str, Any]) -> bytes:
    records = tables["documents"]
    stale = dict(records["2"]) | {"revision": 99}
    tables["documents"] = {"9": stale} | records  # the stale copy first: the whole read finds it
    return encode(tables)


def _older_schema(tables: dict[str, Any]) -> bytes:
    tables["_meta"]["1"]["schema_version"] = 1
    return encode(tables)


@pytest.mark.parametrize(
    "change",
    [_compact, _tinydb_style, _reordered, _documents_first, _one_key_twice, _older_schema],
)
def test_a_file_laid_out_otherwise_is_read_whole_with_the_same_result(
    tmp_path: Path, change: Any
) -> None:
    store = _county(tmp_path / "db.json")
    expected = _rewritten(store.path, change)
    fresh = Store(store.path)
    for key in KEYS:
        with pytest.raises(jsonfile.Unindexed):
            jsonfile.find_record(store.path, key, jsonfile.FileMemo())
        record = expected[key]
        assert fresh.revision(key) == record["revision"]
        assert fresh.load(key)[1] == record["revision"]
        assert fresh.load(key)[0].dept_name == record["document"]["dept_name"]
    assert fresh.revision("900009/2023") == 0


def test_a_file_indented_throughout_has_the_same_layout_where_it_matters(tmp_path: Path) -> None:
    # json.dumps(indent=1), as a script might write it: every container on lines of its own,
    # indented by depth — a record still starts and ends where encode's does.
    store = _county(tmp_path / "db.json")
    expected = _rewritten(
        store.path, lambda t: json.dumps(t, ensure_ascii=False, indent=1).encode("utf-8")
    )
    memo = jsonfile.FileMemo()
    for key in KEYS:
        assert jsonfile.find_record(store.path, key, memo) == expected[key]


def test_a_key_written_inside_another_documents_text_is_not_taken_for_its_record(
    tmp_path: Path,
) -> None:
    store = Store.create(tmp_path / "db.json")
    decoy = edge_case_document("900001")
    # Another record's first lines, as text: inside a JSON string the line breaks are \n.
    decoy.projects[0].purpose = '\n  "7": {\n   "key": "900002/2023",\n   "revision": 5,\n  }'
    decoy.dept_name = '"key": "900002/2023",'
    store.save(decoy, 0)
    real = edge_case_document("900002")
    real.dept_name = "真的"
    store.save(real, 0)
    expected = _expected(store.path)
    memo = jsonfile.FileMemo()
    assert jsonfile.find_record(store.path, "900002/2023", memo) == expected["900002/2023"]
    assert jsonfile.find_record(store.path, "900001/2023", memo) == expected["900001/2023"]
    fresh = Store(store.path)
    assert fresh.load("900002/2023")[0].dept_name == "真的"
    assert fresh.load("900001/2023")[0].projects[0].purpose == decoy.projects[0].purpose


def test_a_record_damaged_inside_is_read_whole_and_told(tmp_path: Path) -> None:
    from storage import StoreError

    store = _county(tmp_path / "db.json")
    raw = store.path.read_bytes()
    at = raw.index(b'"revision"')  # inside the first record: its ends are intact
    store.path.write_bytes(raw[:at] + b"?" + raw[at + 1 :])
    fresh = Store(store.path)
    first = json.loads(raw)["documents"]["1"]["key"]
    with pytest.raises(StoreError, match="不是有效的 JSON"):
        fresh.load(first)
    # another document's record is whole: it is served (the damage is told when the file
    # is read whole — a save, the document list)
    other = next(key for key in KEYS if key != first)
    assert fresh.load(other)[0].key == other


def test_an_empty_database_has_no_record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store.create(tmp_path / "db.json")
    reads = _whole_reads(monkeypatch)
    assert store.revision("900001/2023") == 0
    assert reads == []
