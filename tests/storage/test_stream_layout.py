"""Issue 17: a database laid out as encode writes it is read a record at a time by orjson
(jsonfile._stream_layout) — and gives exactly what json's reading gives, record for record and
type for type, whatever the records hold; where the two parsers would differ (NaN, Infinity,
integers beyond 64 bits) the file is read by json as before."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import storage.jsonfile as jsonfile
from storage.migrations import APP_TAG, SCHEMA_VERSION

from ..documents import edge_case_document


def _tables(records: dict[str, Any]) -> dict[str, Any]:
    return {
        "_meta": {"1": {"app": APP_TAG, "schema_version": SCHEMA_VERSION}},
        "documents": records,
    }


def _write(path: Path, records: dict[str, Any]) -> Path:
    path.write_bytes(jsonfile.encode(_tables(records)))
    return path


def _as_json(records: list[Any]) -> str:
    """Records compared exactly: json.dumps tells 1 from 1.0 and True from 1, and writes NaN."""
    return json.dumps(records, ensure_ascii=False)


def _json_reads(path: Path) -> list[Any]:
    return list(json.loads(path.read_text(encoding="utf-8"))["documents"].values())


def _layout_reads(path: Path) -> list[Any]:
    with path.open("rb") as fh:
        return list(jsonfile._stream_layout(fh))


def _record(n: int, extra: Any) -> dict[str, Any]:
    document = {"dept_code": f"90000{n}", "extra": extra}
    return {"key": f"90000{n}/2023", "revision": n, "document": document}


def test_a_database_as_encode_writes_it_is_read_by_the_layout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storage import Store

    store = Store.create(tmp_path / "db.json")
    for code in ("900001", "900002", "900003"):
        doc = edge_case_document()  # control characters, full-width forms, long texts …
        doc.dept_code = code
        store.save(doc, 0)
    expected = _json_reads(store.path)
    assert _as_json(_layout_reads(store.path)) == _as_json(expected)
    # and iter_records takes that way, not json's
    monkeypatch.setattr(jsonfile, "_stream_json", lambda fh: pytest.fail("json 读取"))
    assert _as_json(list(jsonfile.iter_records(store.path))) == _as_json(expected)


def test_an_empty_table_is_read_by_the_layout(tmp_path: Path) -> None:
    path = _write(tmp_path / "db.json", {})
    assert _layout_reads(path) == []


@pytest.mark.parametrize(
    "value",
    [
        "NaN",
        "Infinity",
        "-Infinity",
        "1e400",  # json: inf; orjson refuses it
        "18446744073709551616",  # beyond 64 bits: orjson would make it a float
        "-9223372036854775809",
        "12345678901234567890123",
        '"\\ud800"',  # a lone surrogate, written escaped
    ],
)
def test_what_orjson_reads_otherwise_is_read_by_json(tmp_path: Path, value: str) -> None:
    path = _write(tmp_path / "db.json", {"1": _record(1, "SLOT"), "2": _record(2, {})})
    raw = path.read_bytes().replace(b'"SLOT"', value.encode())
    path.write_bytes(raw)
    with pytest.raises(jsonfile._Irregular):
        _layout_reads(path)
    records = list(jsonfile.iter_records(path))
    assert _as_json(records) == _as_json(_json_reads(path))
    assert _as_json(records[0]["document"]["extra"]) == _as_json(json.loads(value))


def test_a_long_run_of_digits_is_found_across_the_windows() -> None:
    for start in (0, 5, jsonfile._DIGIT_WINDOW - 18, jsonfile._DIGIT_WINDOW - 1, 70000):
        text = bytearray(b"x" * 100_000)
        text[start : start + 19] = b"1234567890123456789"
        assert jsonfile._long_digits(memoryview(bytes(text))), start
        text[start + 9] = ord("x")  # two runs of 9 and 9
        assert not jsonfile._long_digits(memoryview(bytes(text))), start


def test_a_doc_id_twice_is_not_read_by_the_layout(tmp_path: Path) -> None:
    path = _write(tmp_path / "db.json", {"1": _record(1, 1), "2": _record(2, 2)})
    path.write_bytes(path.read_bytes().replace(b'\n  "2": {', b'\n  "1": {'))
    with pytest.raises(jsonfile._Irregular):  # as json's reading refuses it
        _layout_reads(path)
    with path.open("rb") as fh, pytest.raises(jsonfile._Irregular):
        list(jsonfile._stream_json(fh))


def test_a_file_cut_short_is_not_read_by_the_layout(tmp_path: Path) -> None:
    path = _write(tmp_path / "db.json", {"1": _record(1, 1), "2": _record(2, 2)})
    raw = path.read_bytes()
    for cut in (len(raw) - 3, len(raw) // 2, raw.index(b'"documents"') + 20):
        path.write_bytes(raw[:cut])
        with pytest.raises(jsonfile._Irregular):
            _layout_reads(path)


_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()  # of any size: beyond 64 bits json's reading is taken
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(st.characters(exclude_categories=("Cs",)), max_size=12)
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    ids=st.lists(st.text(min_size=1, max_size=8), min_size=0, max_size=4, unique=True),
    values=st.lists(_VALUES, min_size=4, max_size=4),
    chunk=st.sampled_from([1, 3, 64, 1 << 17]),
)
def test_any_records_read_as_json_reads_them(
    tmp_path_factory: pytest.TempPathFactory, ids: list[str], values: list[Any], chunk: int
) -> None:
    path = tmp_path_factory.mktemp("db") / "db.json"
    _write(path, {doc_id: _record(n, values[n]) for n, doc_id in enumerate(ids)})
    real = jsonfile._CHUNK
    jsonfile._CHUNK = chunk  # records split anywhere between reads
    try:
        assert _as_json(list(jsonfile.iter_records(path))) == _as_json(_json_reads(path))
    finally:
        jsonfile._CHUNK = real
