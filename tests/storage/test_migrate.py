"""`jixiao migrate`: a JSON file to PostgreSQL and back gives the same documents and the same
history, revision by revision; a destination holding anything is refused without --replace."""

from __future__ import annotations

from pathlib import Path

from jixiao.cli import main
from storage import DocumentStore, open_store

from ..documents import edge_case_document


def _busy_file(path: Path) -> DocumentStore:
    """A file store with a document of three revisions, a deleted one (history only) and a
    renamed one."""
    store = open_store(path, create=True)
    doc = edge_case_document()
    rev = store.save(doc, 0)
    for n in range(2):
        doc.dept_name = f"第{n}次修改"
        doc.projects[0].name = f"项目改名{n}"
        rev = store.save(doc, rev)
    gone = edge_case_document(year=2021)
    store.save(gone, 0)
    gone.dept_name = "删除前"
    store.save(gone, 1)
    store.delete(gone.key, 2)
    moved = edge_case_document(year=2024)
    store.save(moved, 0)
    moved.year = 2025
    store.save(moved, 1, old_key="903001/2024")
    return store


def _everything(store: DocumentStore) -> dict:
    keys = ["903001/2021", "903001/2023", "903001/2024", "903001/2025"]
    return {
        "list": [
            (i.key, i.revision, i.project_count, i.updated, i.updated_by, i.updated_by_name)
            for i in store.list_documents()
        ],
        "current": {i.key: store.load(i.key) for i in store.list_documents()},
        "history": {key: store.history(key) for key in keys},
        "revisions": {
            key: [store.load_revision(key, r.revision) for r in store.history(key)] for key in keys
        },
    }


def test_file_to_postgresql_to_file_keeps_documents_and_history(
    tmp_path: Path, pg_url: str, capsys
) -> None:
    source = _busy_file(tmp_path / "source.json")
    before = _everything(source)
    assert len(before["history"]["903001/2021"]) == 2  # the deleted one's history came too
    assert main(["migrate", str(source.location), pg_url]) == 0
    said = capsys.readouterr().out
    assert "已迁移 2 个文档" in said and "逐版核对一致" in said
    assert _everything(open_store(pg_url)) == before
    back = tmp_path / "back.json"
    assert main(["migrate", pg_url, str(back)]) == 0
    assert _everything(open_store(back)) == before
    # The copy is a working store: its next save continues the numbers.
    again = open_store(back)
    doc, revision = again.load("903001/2023")
    assert again.save(doc, revision) == revision + 1


def test_a_destination_with_documents_is_refused_without_replace(
    tmp_path: Path, pg_url: str, capsys
) -> None:
    source = _busy_file(tmp_path / "source.json")
    target = open_store(pg_url, create=True)
    other = edge_case_document(dept="777777")
    target.save(other, 0)
    assert main(["migrate", source.location, pg_url]) == 1
    err = capsys.readouterr().err
    assert "--replace" in err and err.count("\n") == 1
    assert [i.key for i in target.list_documents()] == ["777777/2023"]  # untouched
    assert main(["migrate", source.location, pg_url, "--replace"]) == 0
    assert _everything(open_store(pg_url)) == _everything(source)
    assert target.revision("777777/2023") == 0


def test_migrating_onto_itself_or_from_nowhere_is_one_line(tmp_path: Path, capsys) -> None:
    source = _busy_file(tmp_path / "source.json")
    assert main(["migrate", source.location, source.location]) == 1
    assert "同一个" in capsys.readouterr().err
    assert main(["migrate", str(tmp_path / "none.json"), str(tmp_path / "x.json")]) == 1
    err = capsys.readouterr().err
    assert "不存在" in err and err.count("\n") == 1
    assert not (tmp_path / "x.json").exists()
