"""Issue 17: a save re-encodes only the documents it changed, and a read shares repeated text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import storage.jsonfile as jsonfile
from storage import Store
from storage.jsonfile import read_tables

from ..documents import edge_case_document


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
