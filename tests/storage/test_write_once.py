"""Issue 17: a save re-encodes only the documents it changed, and a read shares repeated text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import storage.jsonfile as jsonfile
from storage import Store, StoreError
from storage.jsonfile import read_tables

from ..documents import edge_case_document
from .test_streaming import whole_reads


def _county(store: Store, n: int) -> list[str]:
    keys = []
    for k in range(n):
        doc = edge_case_document()
        doc.dept_code = f"9{k:05d}"
        keys.append(doc.key)
        store.save(doc, 0)
    return keys


def test_a_save_encodes_only_the_document_it_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store.create(tmp_path / "db.json")
    keys = _county(store, 5)
    doc, revision = store.load(keys[2])
    revision = store.save(doc, revision)  # the text of every document is now remembered
    encoded: list[str] = []
    real = jsonfile._layout

    def layout(value: Any, depth: int, out: list[str], cache: Any = None) -> None:
        if depth == jsonfile._CACHED_DEPTH and cache is None and isinstance(value, dict):
            if "projects" in value:  # a document, written out in full
                encoded.append(value["dept_code"])
        real(value, depth, out, cache)

    monkeypatch.setattr(jsonfile, "_layout", layout)
    doc.projects[0].name = "只改了这个文档"
    store.save(doc, revision)
    assert encoded == [doc.dept_code]
    # …and the file is what a full encode writes: the remembered text is the same text.
    monkeypatch.setattr(jsonfile, "_layout", real)
    tables, _ = read_tables(store.path)
    assert store.path.read_bytes() == jsonfile.encode(tables)
    assert Store(store.path).load(keys[2])[0].projects[0].name == "只改了这个文档"


def test_reading_shares_one_string_for_a_repeated_short_value(tmp_path: Path) -> None:
    store = Store.create(tmp_path / "db.json")
    doc = edge_case_document()
    store.save(doc, 0)
    other = edge_case_document()
    other.dept_code = "900002"
    store.save(other, 0)
    tables, _ = read_tables(store.path)
    records = {r["key"]: r["document"] for r in tables["documents"].values()}
    first, second = (records[k]["projects"][0]["indicators"][0] for k in (doc.key, other.key))
    assert first["level1"] == second["level1"]
    assert first["level1"] is second["level1"]  # one object for both cells
    assert Store(store.path).load(doc.key)[0] == doc  # and the content is what was saved


def test_load_all_reads_the_file_once_in_list_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store.create(tmp_path / "db.json")
    for code, year in (("900003", 2023), ("900001", 2024), ("900001", 2023)):
        doc = edge_case_document(year=year)
        doc.dept_code = code
        store.save(doc, 0)
    store.save(store.load("900001/2024")[0], 1)  # revision 2
    reads = whole_reads(monkeypatch)
    fresh = Store(store.path)
    loaded = fresh.load_all()
    assert len(reads) == 1  # opening read it; loading every document did not read it again
    assert [(d.key, rev) for d, rev in loaded] == [
        (i.key, i.revision) for i in fresh.list_documents()
    ]
    assert [d.key for d, _ in loaded] == ["900001/2023", "900001/2024", "900003/2023"]
    assert [rev for _, rev in loaded] == [1, 2, 1]


def test_load_all_names_a_damaged_document(tmp_path: Path) -> None:
    store = Store.create(tmp_path / "db.json")
    store.save(edge_case_document(), 0)
    tables, _ = read_tables(store.path)
    next(iter(tables["documents"].values()))["document"]["projects"] = "不是列表"
    store.path.write_bytes(jsonfile.encode(tables))
    with pytest.raises(StoreError, match="文档 903001/2023 已损坏"):
        Store(store.path).load_all()
