"""service.imports: parse, plan (nothing saved), save; errors carry facts and name no flag."""

from __future__ import annotations

from pathlib import Path

import pytest

from exporters import csv_io, json_io
from exporters.base import ExportOptions, ImportOptions
from service import errors, imports
from storage import Store

from ..documents import edge_case_document


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store.create(tmp_path / "db.json")


def write_json(path: Path, doc) -> str:
    path.write_bytes(json_io.write(doc, options=ExportOptions()))
    return str(path)


def test_a_new_document_is_created_and_a_dry_run_saves_nothing(store: Store, tmp_path: Path):
    source = write_json(tmp_path / "doc.json", edge_case_document())
    result = imports.read_file(source, None, ImportOptions())
    (dry,) = imports.import_documents(
        store, result, source=source, options=ImportOptions(), dry_run=True
    )
    assert (dry.action, dry.revision) == ("新建", None) and store.list_documents() == []
    (done,) = imports.import_documents(store, result, source=source, options=ImportOptions())
    assert (done.action, done.revision) == ("新建", 1)
    assert store.load("903001/2023")[0] == result.documents[0]


def test_an_existing_document_is_refused_with_its_key_and_no_flag(store: Store, tmp_path: Path):
    store.save(edge_case_document(), 0)
    source = write_json(tmp_path / "doc.json", edge_case_document())
    result = imports.read_file(source, None, ImportOptions())
    with pytest.raises(errors.DocumentExists) as info:
        imports.import_documents(store, result, source=source, options=ImportOptions())
    assert info.value.key == "903001/2023" and info.value.source == source
    assert "--" not in str(info.value)
    assert store.revision("903001/2023") == 1


def test_plan_computes_the_merge_without_saving_and_save_planned_saves_it(
    store: Store, tmp_path: Path
):
    store.save(edge_case_document(), 0)
    changed = edge_case_document()
    changed.projects[0].indicators[0].value = "≤4人"
    data = csv_io.write(changed, options=ExportOptions(table="indicators"))
    result = imports.parse(data, "csv", source="t.csv", options=ImportOptions())
    (planned,) = imports.plan_import(store, result, source="t.csv", options=ImportOptions())
    assert planned.outcome.action == "合并" and not planned.for_open_doc
    assert planned.doc.projects[0].indicators[0].value == "≤4人"
    assert any("≤3人 → ≤4人" in c for c in planned.outcome.changes)
    assert store.load("903001/2023")[0].projects[0].indicators[0].value == "≤3人"
    (outcome,) = imports.save_planned(store, [planned])
    assert outcome.revision == 2
    assert store.load("903001/2023")[0].projects[0].indicators[0].value == "≤4人"


def test_data_for_the_open_document_applies_to_it_as_it_is_now(store: Store, tmp_path: Path):
    store.save(edge_case_document(), 0)
    open_doc = edge_case_document()
    open_doc.dept_name = "未保存的修改"
    table = edge_case_document()
    table.projects[0].budget = table.projects[0].budget + 1
    store.save(edge_case_document(year=2024), 0)  # not the only one: the open one is meant
    data = csv_io.write(table, options=ExportOptions(table="projects"))
    options = ImportOptions()
    result = imports.parse(data, "csv", source="p.csv", options=options)
    (planned,) = imports.plan_import(
        store, result, source="p.csv", options=options, open_doc=open_doc
    )
    assert planned.for_open_doc and planned.outcome.action == "合并"
    assert planned.doc.dept_name == "未保存的修改"  # merged into the open one, edits kept
    assert planned.doc.projects[0].budget == table.projects[0].budget
    with pytest.raises(AssertionError):
        imports.save_planned(store, [planned])  # the editor applies it, never the store


def test_a_table_without_a_target_names_the_candidates(store: Store):
    data = csv_io.write(edge_case_document(), options=ExportOptions(table="indicators"))
    result = imports.parse(data, "csv", source="t.csv", options=ImportOptions())
    with pytest.raises(errors.TargetAmbiguous) as none:
        imports.plan_import(store, result, source="t.csv", options=ImportOptions())
    assert none.value.candidates == []
    store.save(edge_case_document(year=2023), 0)
    store.save(edge_case_document(year=2024), 0)
    with pytest.raises(errors.TargetAmbiguous) as two:
        imports.plan_import(store, result, source="t.csv", options=ImportOptions())
    assert two.value.candidates == ["903001/2023", "903001/2024"]
    assert "--" not in str(two.value)


def test_a_file_with_errors_is_refused_whole(tmp_path: Path):
    bad = tmp_path / "bad.csv"
    text = csv_io.write(edge_case_document(), options=ExportOptions(table="projects"))
    bad.write_bytes(text.decode("utf-8-sig").replace("11.00", "十一万").encode("utf-8"))
    with pytest.raises(imports.ImportRefused) as info:
        imports.read_file(str(bad), None, ImportOptions())
    assert info.value.problems and "十一万" in str(info.value)


@pytest.mark.parametrize(
    ("name", "suffix"), [("table.ods", "ods"), ("noext", "")], ids=["unknown", "none"]
)
def test_a_file_name_without_a_known_format(tmp_path: Path, name: str, suffix: str):
    path = tmp_path / name
    path.write_bytes(b"x")
    with pytest.raises(errors.FormatUnknown) as info:
        imports.read_file(str(path), None, ImportOptions())
    assert info.value.suffix == suffix and "--" not in str(info.value)


# -- three-way merge of an exported file (issue 14) ----------------------------------------------

KEY = "903001/2023"


def exported(store: Store, tmp_path: Path, fmt: str = "json", **edits: str) -> str:
    """The stored document exported as a stamped file, with the first project's `edits`."""
    doc, revision = store.load(KEY)
    for name, value in edits.items():
        setattr(doc.projects[0], name, value)
    module = json_io if fmt == "json" else csv_io
    path = tmp_path / f"export.{fmt}"
    path.write_bytes(module.write(doc, options=ExportOptions(revision=revision)))
    return str(path)


def colleague(store: Store, **edits: str) -> None:
    doc, revision = store.load(KEY)
    for name, value in edits.items():
        setattr(doc.projects[0], name, value)
    store.save(doc, revision)


def merge_file(store: Store, source: str, **kwargs) -> list[imports.ImportOutcome]:
    result = imports.read_file(source, None, ImportOptions())
    return imports.import_documents(
        store, result, source=source, options=ImportOptions(), mode="merge", **kwargs
    )


def test_an_exported_file_merges_three_ways_and_keeps_a_colleagues_save(
    store: Store, tmp_path: Path
):
    store.save(edge_case_document(), 0)
    source = exported(store, tmp_path, purpose="文件的用途")
    colleague(store, name="对方的名称")
    (done,) = merge_file(store, source)
    assert done.revision == 3 and any("三方合并" in n for n in done.notes)
    project = store.load(KEY)[0].projects[0]
    assert (project.purpose, project.name) == ("文件的用途", "对方的名称")


def test_the_same_field_is_a_conflict_and_nothing_is_saved(store: Store, tmp_path: Path):
    store.save(edge_case_document(), 0)
    source = exported(store, tmp_path, purpose="文件的用途", name="文件的名称")
    colleague(store, purpose="对方的用途")
    (dry,) = merge_file(store, source, dry_run=True)
    assert [c.path[-1] for c in dry.conflicts] == ["purpose"]
    with pytest.raises(errors.ImportConflicts) as info:
        merge_file(store, source)
    assert "--" not in str(info.value) and len(info.value.conflicts) == 1
    assert store.revision(KEY) == 2
    merge_file(store, source, resolution="theirs")
    project = store.load(KEY)[0].projects[0]
    assert (project.purpose, project.name) == ("对方的用途", "文件的名称")
    colleague(store, purpose="又改了")
    source = exported(store, tmp_path, purpose="文件的用途2")
    colleague(store, purpose="对方的用途2")
    merge_file(store, source, resolution="mine")
    assert store.load(KEY)[0].projects[0].purpose == "文件的用途2"


def test_a_table_merges_against_its_export_revision(store: Store, tmp_path: Path):
    doc = edge_case_document()
    store.save(doc, 0)
    stored, _ = store.load(KEY)
    stored.projects[0].indicators[0].value = "表格的值"
    path = tmp_path / "table.csv"
    path.write_bytes(csv_io.write(stored, options=ExportOptions(revision=1)))
    colleague_doc, revision = store.load(KEY)
    colleague_doc.projects[0].indicators[1].value = "对方的值"
    store.save(colleague_doc, revision)
    (done,) = merge_file(store, str(path))
    values = [i.value for i in store.load(KEY)[0].projects[0].indicators[:2]]
    assert done.revision == 3 and values == ["表格的值", "对方的值"]


def test_without_a_stamp_or_with_a_pruned_base_the_merge_says_so(store: Store, tmp_path: Path):
    store.save(edge_case_document(), 0)
    plain = write_json(tmp_path / "plain.json", edge_case_document())
    (done,) = merge_file(store, plain)
    assert any("未记录导出自哪一版" in n for n in done.notes)
    source = exported(store, tmp_path, purpose="文件的用途")
    colleague(store, name="对方的名称")
    from storage import history as store_history

    for file, _ in store_history.files(store.path, KEY).values():
        file.unlink()
    (done,) = merge_file(store, source)
    assert any("已不在历史中" in n for n in done.notes)


def test_replacing_with_a_stale_export_is_refused(store: Store, tmp_path: Path):
    store.save(edge_case_document(), 0)
    source = exported(store, tmp_path, purpose="文件的用途")
    result = imports.read_file(source, None, ImportOptions())
    imports.import_documents(store, result, source=source, options=ImportOptions(), mode="replace")
    assert store.revision(KEY) == 2  # nobody saved since the export: replaced
    colleague(store, name="对方的名称")
    with pytest.raises(errors.StaleReplace) as info:
        imports.import_documents(
            store, result, source=source, options=ImportOptions(), mode="replace"
        )
    assert (info.value.exported, info.value.current) == (1, 3) and info.value.by
    assert "--" not in str(info.value) and store.revision(KEY) == 3
