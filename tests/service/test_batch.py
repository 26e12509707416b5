"""Issue 17: the service side of the batch commands — import_each (each file on its own, one
save), folder_files, batch_plan / export_all, checking.summarize."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest

from exporters import json_io
from exporters.base import ExportOptions, ImportOptions
from model import Document
from service import checking, errors, exports, imports
from storage import Store

from ..documents import edge_case_document


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store.create(tmp_path / "db.json")


def parsed(source: str, *docs: Document) -> imports.FileToImport:
    data = b"[" + b",".join(json_io.write(d, options=ExportOptions()) for d in docs) + b"]"
    if len(docs) == 1:
        data = json_io.write(docs[0], options=ExportOptions())
    return imports.FileToImport(
        source, imports.parse(data, "json", source=source, options=ImportOptions())
    )


def test_a_refused_file_does_not_count_its_documents_as_seen(store: Store) -> None:
    """b.json holds 100002 and (already stored) 100001: refused whole; c.json's 100002 is then
    the first of its key and is imported."""
    store.save(edge_case_document("100001"), 0)
    files = [
        parsed("b.json", edge_case_document("100002"), edge_case_document("100001")),
        parsed("c.json", edge_case_document("100002")),
    ]
    done = imports.import_each(store, files, options=ImportOptions())
    assert [(r.source, r.key, type(r.error)) for r in done.refused] == [
        ("b.json", "100001/2023", errors.DocumentExists)
    ]
    assert [(o.source, o.key, o.revision) for o in done.outcomes] == [("c.json", "100002/2023", 1)]
    assert done.saved and store.revision("100002/2023") == 1


def test_unread_files_are_refusals_and_all_or_nothing_keeps_the_store(store: Store) -> None:
    unread = [imports.refusal("x.json", errors.KeyUnknown("x.json"))]
    files = [parsed("a.json", edge_case_document("100001"))]
    held = imports.import_each(
        store, files, options=ImportOptions(), all_or_nothing=True, unread=unread
    )
    assert not held.saved and store.list_documents() == []
    assert [o.key for o in held.outcomes] == ["100001/2023"] and held.outcomes[0].revision is None
    done = imports.import_each(store, files, options=ImportOptions(), unread=unread)
    assert done.saved and [r.source for r in done.refused] == ["x.json"]


def test_folder_files_takes_the_four_formats_and_says_what_it_passes_over(tmp_path: Path) -> None:
    for name in ("b.DOCX", "a.json", "c.csv", "d.xlsx", "e.pdf", "~$b.docx", ".x.json"):
        (tmp_path / name).write_bytes(b"")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "f.json").write_bytes(b"")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "g.json").write_bytes(b"")
    taken, skipped = imports.folder_files(str(tmp_path))
    assert [Path(p).name for p in taken] == ["a.json", "b.DOCX", "c.csv", "d.xlsx"]
    assert len(skipped) == 5 and any(s.startswith("sub（子目录") for s in skipped)
    deep, skipped = imports.folder_files(str(tmp_path), recursive=True)
    assert [os.path.relpath(p, tmp_path) for p in deep][-1] == "sub/f.json"
    assert ".git（隐藏的目录）" in skipped and not any("g.json" in s for s in skipped)


def test_batch_plan_names_files_by_code_and_year(store: Store, tmp_path: Path) -> None:
    store.save(edge_case_document("100002", 2024), 0)
    store.save(edge_case_document("100001"), 0)
    plan = exports.batch_plan(store, tmp_path, "summary-xlsx")
    assert [(b.key, b.path.name) for b in plan] == [
        ("100001/2023", "100001-2023-汇总表.xlsx"),
        ("100002/2024", "100002-2024-汇总表.xlsx"),
    ]
    with pytest.raises(errors.JixiaoError, match="每个文档一个文件"):
        exports.batch_plan(store, tmp_path, "txt")


def test_export_all_goes_on_past_a_document_that_fails(store: Store, tmp_path: Path) -> None:
    for code in ("100001", "100002", "100003"):
        store.save(edge_case_document(code), 0)
    plan = exports.batch_plan(store, tmp_path, "json")
    plan[1].path = tmp_path / "missing" / "x.json"  # its folder is not there
    ticks: list[int] = []
    done = exports.export_all(store, plan, "json", advance=lambda: ticks.append(1))
    assert [b.written for b in done] == [True, False, True] and len(ticks) == 3
    assert "不存在" in done[1].error and (tmp_path / "100003-2023.json").exists()


def test_export_all_refuses_every_existing_file_before_writing(store: Store, tmp_path: Path):
    for code in ("100001", "100002"):
        store.save(edge_case_document(code), 0)
    (tmp_path / "100002-2023.json").write_text("old")
    plan = exports.batch_plan(store, tmp_path, "json")
    with pytest.raises(exports.OutputsExist) as refused:
        exports.export_all(store, plan, "json")
    assert refused.value.paths == [str(tmp_path / "100002-2023.json")]
    assert not (tmp_path / "100001-2023.json").exists()


def test_summarize_ranks_by_errors_then_warnings_then_code() -> None:
    def tally(code: str, e: int, w: int) -> checking.DocumentTally:
        counts = {"error": e, "warning": w, "hint": 0}
        return checking.DocumentTally(f"{code}/2023", code, "", 2023, 1, Decimal(0), counts)

    tallies = [tally("3", 0, 9), tally("2", 1, 0), tally("1", 1, 0), tally("4", 1, 5)]
    assert [t.dept_code for t in checking.ranked(tallies)] == ["4", "1", "2", "3"]
    checks = checking.check_documents([edge_case_document("100001")])
    (one,) = checking.summarize(checks)
    assert one.errors == sum(1 for f in checks[0].findings if f.severity.value == "error")
    assert one.budget == checks[0].budget_total
    assert one.projects == len(checks[0].doc.projects) and one.key == "100001/2023"


def test_a_tally_compares_budgets_across_money_units() -> None:
    yuan = edge_case_document("100001")
    yuan.money_unit = "元"
    (in_yuan,) = checking.summarize(checking.check_documents([yuan]))
    (in_wan,) = checking.summarize(checking.check_documents([edge_case_document("100002")]))
    assert in_yuan.budget == in_wan.budget  # the same figures …
    assert in_yuan.budget_yuan * 10000 == in_wan.budget_yuan  # … in units 10,000 apart
    assert in_yuan.to_json()["money_unit"] == "元"
