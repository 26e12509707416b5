"""Issue 17: the JSON file store lists and iterates a county's documents one record at a time
(jsonfile.iter_records) — never the file's text or tables whole — with the same results and
the same messages as the whole-file read, and without touching what the store remembers."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

import storage.jsonfile as jsonfile
from storage import Store, StoreError
from storage.jsonfile import read_tables

from ..documents import edge_case_document


def _county(path: Path, codes: list[str]) -> Store:
    store = Store.create(path)
    for code in codes:
        doc = edge_case_document()
        doc.dept_code = code
        store.save(doc, 0)
    return store


def whole_reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The paths every whole-file read (jsonfile.read_tables) reads from now on."""
    reads: list[Path] = []
    real = jsonfile.read_tables

    def counted(path: Path) -> Any:
        reads.append(path)
        return real(path)

    monkeypatch.setattr(jsonfile, "read_tables", counted)
    return reads


def _no_whole_reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    reads = whole_reads(monkeypatch)
    monkeypatch.setattr(jsonfile, "_parse", lambda *a: pytest.fail("整个文件被解析"))
    return reads


def test_list_and_iterate_without_reading_the_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Saved out of order: the file's order is not the list's.
    store = _county(tmp_path / "db.json", ["900003", "900001", "900002"])
    doc, revision = store.load("900001/2023")
    doc.dept_name = "第二版"
    store.save(doc, revision)
    expected = Store(store.path).load_all()
    reads = _no_whole_reads(monkeypatch)
    fresh = Store(store.path)
    infos = fresh.list_documents()
    iterated = list(fresh.iter_documents())
    assert reads == []
    assert [i.key for i in infos] == ["900001/2023", "900002/2023", "900003/2023"]
    assert [i.revision for i in infos] == [2, 1, 1]
    assert sorted(iterated, key=lambda item: item[0].key) == expected
    assert [d.key for d, _ in iterated] == ["900003/2023", "900001/2023", "900002/2023"]


@pytest.mark.parametrize("chunk", [1, 7, 64, 4096])
def test_records_split_anywhere_between_reads_come_out_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    # 1 byte at a time splits every Chinese character and every number, word and string.
    store = _county(tmp_path / "db.json", ["900001", "900002"])
    tables, _ = read_tables(store.path)
    monkeypatch.setattr(jsonfile, "_CHUNK", chunk)
    records = list(jsonfile.iter_records(store.path))
    assert records == list(tables["documents"].values())


def test_reading_holds_a_fraction_of_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _county(tmp_path / "db.json", [f"9{k:05d}" for k in range(100)])
    size = store.path.stat().st_size
    monkeypatch.setattr(jsonfile, "_CHUNK", 8192)
    fresh = Store(store.path)

    def peak(work: Any) -> int:
        work()  # once before: what the first call imports or compiles is not the data's
        tracemalloc.start()
        try:
            work()
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    listed = peak(fresh.list_documents)
    counted = peak(lambda: sum(len(d.projects) for d, _ in fresh.iter_documents()))
    whole = peak(lambda: read_tables(store.path))
    # A document here is ~2 KB (a county's ~100 KB): the DocInfos listed and the one Document
    # held weigh more against the file than they will at scale.
    assert listed < size * 0.7 and counted < size / 2, (listed, counted, size)
    assert whole > 3 * size, (whole, size)  # what the whole-file read holds, for comparison


def test_damage_in_the_middle_is_told_as_the_whole_read_tells_it(tmp_path: Path) -> None:
    store = _county(tmp_path / "db.json", ["900001", "900002"])
    raw = store.path.read_bytes()
    at = raw.rindex(b'"revision"')  # the second record: the first is read before the damage
    damaged = raw[:at] + b"?" + raw[at + 1 :]
    store.path.write_bytes(damaged)
    with pytest.raises(StoreError) as whole:
        jsonfile.decode(damaged, store.path)
    opened = Store(store.path)  # both ends are intact: found when read
    for read in (opened.list_documents, lambda: list(opened.iter_documents())):
        with pytest.raises(StoreError) as caught:
            read()
        assert str(caught.value) == str(whole.value)
        assert "不是有效的 JSON" in str(caught.value)
    assert store.path.read_bytes() == damaged


def test_a_file_cut_between_records_is_refused_on_opening(tmp_path: Path) -> None:
    store = _county(tmp_path / "db.json", ["900001", "900002"])
    raw = store.path.read_bytes()
    cut = raw[: raw.index(b"\n  },") + 4]  # right after the first record's closing brace
    store.path.write_bytes(cut)
    with pytest.raises(StoreError, match="不完整.*已损坏"):
        Store(store.path)


def test_a_valid_file_laid_out_otherwise_is_read_whole(tmp_path: Path) -> None:
    store = _county(tmp_path / "db.json", ["900002", "900001"])
    tables, _ = read_tables(store.path)
    expected = Store(store.path).load_all()
    # Compact, documents before _meta: valid JSON, not as encode writes it.
    other = {"documents": tables["documents"], "_meta": tables["_meta"]}
    store.path.write_text(json.dumps(other, ensure_ascii=False), encoding="utf-8")
    fresh = Store(store.path)
    assert [i.key for i in fresh.list_documents()] == ["900001/2023", "900002/2023"]
    assert sorted(fresh.iter_documents(), key=lambda item: item[0].key) == expected


def test_an_older_schema_is_migrated_when_iterated(tmp_path: Path) -> None:
    store = _county(tmp_path / "db.json", ["900001"])
    tables, _ = read_tables(store.path)
    tables["_meta"]["1"]["schema_version"] = 1
    for record in tables["documents"].values():
        record["updated_by"] = "wang"
        del record["updated_by_name"]
    store.path.write_bytes(jsonfile.encode(tables))
    fresh = Store(store.path)
    [info] = fresh.list_documents()
    assert info.updated_by_name == "wang"  # the migration's default
    [(doc, revision)] = list(fresh.iter_documents())
    assert (doc.key, revision) == ("900001/2023", 1)


def test_streaming_leaves_what_the_store_remembers_correct(tmp_path: Path) -> None:
    store = _county(tmp_path / "db.json", ["900001"])
    reader = Store(store.path)
    reader.list_documents()
    list(reader.iter_documents())
    assert reader._memo.tables is None  # nothing read record by record is remembered
    doc, revision = reader.load("900001/2023")  # now the whole state is
    writer = Store(store.path)
    doc.dept_name = "同事改过"
    writer.save(doc, revision)
    assert [d.dept_name for d, _ in reader.iter_documents()] == ["同事改过"]
    assert [i.revision for i in reader.list_documents()] == [2]
