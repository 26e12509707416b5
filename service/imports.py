"""Import: read a file into documents, work out what each does to the database (new, replace,
merge), then save.

Reading a file never touches the database. Every document is cleaned of control and
zero-width characters at the door (`parse`), checked (model.identifiers), and planned before any
is saved; then all the documents of an import — one file or several — are saved in one atomic
write of the store, or none (a refusal never writes). `plan_import` computes the resulting
documents without saving: the CLI saves them (`import_files`), the editor applies the open
document's to its session as one undoable step and saves the others (`save_planned`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from exporters.base import ImportOptions, ImportResult, Problem, Source
from exporters.registry import format_module
from model import Document, JixiaoError, merge
from model.cleaning import clean_document
from model.identifiers import check_document
from model.merge3 import Conflict, merge3, resolve
from model.times import format_time
from storage import ConflictError, DocumentStore, StoreError

from .errors import (
    DocumentExists,
    DuplicateDocument,
    ImportConflicts,
    KeyUnknown,
    StaleReplace,
    TargetAmbiguous,
)
from .files import file_format, read_bytes

Mode = Literal["create", "replace", "merge"]
Resolution = Literal[
    "mine", "theirs"
]  # how to resolve merge conflicts: the file's or the database's


class ImportRefused(JixiaoError):
    """The file had problems; nothing was imported. .problems lists them all."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(
            f"{source}：发现 {len(problems)} 个问题，未导入任何内容（首个：{problems[0]}）"
        )


@dataclass(slots=True)
class ImportOutcome:
    """What one document of one file did (or would do, on a dry run)."""

    source: str
    key: str
    action: str  # "新建" / "替换" / "合并"
    revision: int | None  # the new revision; None on a dry run
    projects: int
    indicators: int
    changes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)  # three-way merge: unresolved

    def summary(self) -> str:
        done = "将" if self.revision is None else "已"
        version = "" if self.revision is None else f"（第 {self.revision} 版）"
        return (
            f"{self.source}：{done}{self.action} {self.key}，{self.projects} 个项目，"
            f"{self.indicators} 条指标{version}"
        )


@dataclass(slots=True)
class PlannedImport:
    """One document of a file, worked out but not saved: `doc` is what the database (or the
    open document) becomes; `base` the stored revision it was computed from (0: new)."""

    doc: Document
    base: int
    outcome: ImportOutcome
    for_open_doc: bool = False  # computed from plan_import's open_doc: not to be saved here
    # A three-way merge (a file stamped with the revision it was exported from): the file
    # applied to that revision (`mine`), that revision (`exported`) and its number.
    mine: Document | None = None
    exported: Document | None = None
    exported_revision: int = 0


def parse(data: bytes, fmt: str, *, source: str, options: ImportOptions) -> ImportResult:
    """Parse a file's bytes (`fmt`: json, docx, csv, xlsx) into documents; raise ImportRefused if it has any error."""
    result = format_module(fmt).read(data, source=source, options=options)
    if result.errors:
        raise ImportRefused(source, result.errors)
    if not result.documents:
        raise JixiaoError(f"{source}：文件中没有可导入的文档")
    clean_result(result)
    return result


def clean_result(result: ImportResult) -> int:
    """Every format's documents pass here: control, zero-width and BOM characters are removed
    from every text field (model.cleaning), with one warning that counts them and names the
    first place. Returns how many were removed."""
    removed, first = 0, ""
    several = len(result.documents) > 1
    for n, doc in enumerate(result.documents, 1):
        count, place = clean_document(doc)
        if count and not first:
            first = f"第 {n} 个文档 {place}" if several else place
        removed += count
    if removed:
        result.problems.append(
            Problem("全文", f"已删除 {removed} 个控制字符或零宽字符（{first} 等）", "warning")
        )
    return removed


def read_file(path: str, fmt: str | None, options: ImportOptions) -> ImportResult:
    """Read and parse one file (format from its extension unless given)."""
    fmt = file_format(path, fmt)
    return parse(read_bytes(path), fmt, source=path, options=options)


def target_key(
    store: DocumentStore, doc: Document, options: ImportOptions, exported: Source | None = None
) -> str:
    """For partial data (CSV tables): the document it belongs to — the one named by the
    options, else the one the file was exported from (when it is still there), else the only
    one."""
    if doc.dept_code and doc.year:
        return doc.key
    if not options.dept and not options.year and exported is not None:
        if store.revision(exported.key) > 0:
            return exported.key
    infos = store.list_documents()
    matches = [
        i
        for i in infos
        if (not options.dept or i.dept_code == options.dept)
        and (not options.year or i.year == options.year)
    ]
    if len(matches) == 1:
        return matches[0].key
    raise TargetAmbiguous([i.key for i in matches])


def count(doc: Document) -> tuple[int, int]:
    """Projects and indicator rows."""
    return len(doc.projects), sum(len(p.indicators) for p in doc.projects)


def combine(
    existing: Document | None, incoming: Document, result: ImportResult, mode: Mode
) -> tuple[Document, str]:
    """The document an import makes of `existing` (None: new) and its action word. A table
    (CSV) holds only some fields: replace and merge both apply those fields to the matching
    projects; everything else in the document is kept."""
    if existing is None:
        return incoming, "新建"
    if mode == "merge" or result.partial:
        partial = result.partial_fields if result.partial else None
        merged = merge.merge_document(existing, incoming, partial_fields=partial)
        return merged, "替换" if mode == "replace" else "合并"
    return incoming, "替换"


def plan_import(
    store: DocumentStore,
    result: ImportResult,
    *,
    source: str,
    options: ImportOptions,
    mode: Mode = "create",
    open_doc: Document | None = None,
    resolution: Resolution | None = None,
    seen: dict[str, str] | None = None,
) -> list[PlannedImport]:
    """What each document of the file would do, nothing saved. mode "create" refuses a whole
    document that exists (DocumentExists). `open_doc`, the document open in the editor: data
    for it (and a table that names no document) replaces (whole) or merges into (partial) it
    as it is now, unsaved edits included.
    A file that records the revision it was exported from (ImportResult.source) merges three
    ways (mode "merge"): the file's changes since that revision into the current one; conflicts
    are listed on the outcome (resolved by `resolution` when given). Replacing a document that
    changed since that revision is refused (StaleReplace).
    Every document is worked out before any is saved, so a refusal changes nothing; that one
    is marked for_open_doc, for the editor to apply (save_planned must not save it).
    Two documents with one key in an import (this file, or the files planned before it with
    the same `seen`: key → place) are refused (DuplicateDocument)."""
    planned = []
    seen = {} if seen is None else seen
    several = len(result.documents) > 1
    for number, incoming in enumerate(result.documents, 1):
        place = f"{source} 第 {number} 个文档" if several else source
        check_document(incoming, place, partial=result.partial)
        if result.partial and open_doc is not None and not incoming.dept_code:
            key = open_doc.key  # a table without 单位编码/年度: for the open document
        elif result.partial:
            key = target_key(store, incoming, options, result.source)
        elif not incoming.dept_code or not incoming.year:
            raise KeyUnknown(source)
        else:
            key = incoming.key
        if key in seen:
            raise DuplicateDocument(key, seen[key], place)
        seen[key] = place
        base = store.revision(key)
        is_open = open_doc is not None and key == open_doc.key
        if open_doc is not None and key == open_doc.key:
            existing: Document | None = open_doc
            doc_mode: Mode = "merge" if result.partial else "replace"
        else:
            existing = store.load(key)[0] if base else None
            doc_mode = mode
            if result.partial and existing is None:
                raise JixiaoError(f"{source}：数据库中没有文档 {key}，表格数据只能合并到已有文档")
            if existing is not None and mode == "create" and not result.partial:
                raise DocumentExists(key, source=source, refused="未导入")
        stamp = result.source if result.source is not None and result.source.key == key else None
        notes = list(result.notes)
        mine: Document | None = None
        if not is_open and existing is not None and doc_mode == "replace" and stamp is not None:
            if 0 < stamp.revision != base:
                raise _stale_replace(store, source, key, stamp.revision, base)
        conflicts: list[Conflict] = []
        merging = doc_mode == "merge" or (result.partial and doc_mode == "create")
        if not is_open and existing is not None and merging:
            exported, note = _exported(store, key, stamp)
            if note and (doc_mode == "merge" or stamp is not None):
                notes.append(note)
        else:
            exported = None
        try:
            if exported is not None and stamp is not None and existing is not None:
                mine = _applied(exported, incoming, result)
                merged = merge3(exported, mine, existing)
                conflicts = merged.conflicts
                new_doc = resolve(merged, resolution) if conflicts and resolution else merged.doc
                action = "合并"
                if stamp.revision != base:
                    notes.append(
                        f"文件导出自第 {stamp.revision} 版，与之后他人的修改（至第 {base} 版）按字段三方合并"
                    )
            else:
                new_doc, action = combine(existing, incoming, result, doc_mode)
        except JixiaoError as exc:
            # The model's refusal (a table naming a project the document lacks …) names no
            # file: the user must learn which of the files it was.
            if type(exc) is not JixiaoError or str(exc).startswith(place):
                raise  # the service's own errors say the file and carry their fields
            raise JixiaoError(f"{place}：{exc}") from None
        projects, indicators = count(new_doc)
        outcome = ImportOutcome(
            source,
            new_doc.key,
            action,
            None,
            projects,
            indicators,
            changes=[str(c) for c in merge.diff_documents(existing, new_doc)],
            notes=notes,
            warnings=[p for p in result.problems if p.severity != "error"],
            conflicts=conflicts,
        )
        item = PlannedImport(new_doc, base, outcome, is_open, mine, exported)
        item.exported_revision = stamp.revision if mine is not None and stamp else 0
        planned.append(item)
    return planned


def _exported(store: DocumentStore, key: str, stamp: Source | None) -> tuple[Document | None, str]:
    """The revision a file was exported from, for a three-way merge; else (None, a note why
    the merge is by 项目编码 into the current revision)."""
    if stamp is None or stamp.revision <= 0:
        return None, "文件未记录导出自哪一版，按项目编码合并到当前版本"
    try:
        return store.load_revision(key, stamp.revision), ""
    except StoreError:
        return None, (
            f"文件导出自的第 {stamp.revision} 版已不在历史中，无法三方合并，"
            "按项目编码合并到当前版本"
        )


def _applied(exported: Document, incoming: Document, result: ImportResult) -> Document:
    """The file's version of the document: a table's fields applied to the revision it was
    exported from; a whole document as it is (matched to that revision's projects by 项目编码
    when the file carries no ids, so an unchanged project is not a new one)."""
    if result.partial:
        return merge.merge_document(exported, incoming, partial_fields=result.partial_fields)
    ids = {p.id for p in exported.projects}
    if any(p.id in ids for p in incoming.projects):
        return incoming
    matched = merge.merge_document(exported, incoming)
    by_code = {p.code: p for p in matched.projects}
    matched.projects = [by_code[p.code] for p in incoming.projects]
    return matched


def _stale_replace(
    store: DocumentStore, source: str, key: str, exported: int, current: int
) -> StaleReplace:
    by, at = "", ""
    for info in store.history(key):
        if info.current:
            by = info.saved_by_name or info.saved_by
            at = format_time(info.saved_at)
    return StaleReplace(source, key, exported, current, by, at)


def save_planned(
    store: DocumentStore, planned: list[PlannedImport], resolution: Resolution | None = None
) -> list[ImportOutcome]:
    """Save what plan_import worked out, all in one atomic write of the store (or nothing),
    each at the revision it was computed from: a colleague's save in between is a conflict
    (ConflictError; DocumentExists for a document created meanwhile), not lost — plan again
    (import_files does) to merge it in. Conflicts of a three-way merge left without a
    `resolution` raise ImportConflicts before anything is written."""
    assert not any(item.for_open_doc for item in planned), "the editor applies that one"
    if resolution is None:
        for item in planned:
            if item.outcome.conflicts:
                raise ImportConflicts(item.outcome.source, item.outcome.key, item.outcome.conflicts)
    if not planned:
        return []
    try:
        revisions = store.save_many([(item.doc, item.base, None) for item in planned])
    except ConflictError as exc:
        if exc.expected == 0:  # someone created it in between
            item = next((i for i in planned if i.doc.key == exc.key), planned[0])
            raise DocumentExists(exc.key, source=item.outcome.source, refused="未导入") from None
        raise
    for item, revision in zip(planned, revisions, strict=True):
        item.outcome.revision = revision
    return [item.outcome for item in planned]


@dataclass(slots=True)
class FileToImport:
    """One file of a (multi-file) import, read and parsed: where it came from and what it holds."""

    source: str
    result: ImportResult


# A colleague's save between planning and saving: plan again (merging it in) this many times.
PLAN_TRIES = 3


def plan_files(
    store: DocumentStore,
    files: list[FileToImport],
    *,
    options: ImportOptions,
    mode: Mode = "create",
    resolution: Resolution | None = None,
) -> list[PlannedImport]:
    """Plan every document of every file (plan_import), nothing saved; the same document
    twice in the import is refused up front (DuplicateDocument naming both places)."""
    seen: dict[str, str] = {}
    planned: list[PlannedImport] = []
    for f in files:
        planned += plan_import(
            store,
            f.result,
            source=f.source,
            options=options,
            mode=mode,
            resolution=resolution,
            seen=seen,
        )
    return planned


def import_files(
    store: DocumentStore,
    files: list[FileToImport],
    *,
    options: ImportOptions,
    mode: Mode = "create",
    dry_run: bool = False,
    resolution: Resolution | None = None,
) -> list[ImportOutcome]:
    """Import several files (each already parsed) as one: every document is planned first,
    then all are saved in one atomic write, or none (any refusal — a conflict, a document that
    exists, the same document twice — writes nothing). A colleague's save between planning
    and saving of a document being merged is merged in by planning again."""
    for attempt in range(PLAN_TRIES):
        planned = plan_files(store, files, options=options, mode=mode, resolution=resolution)
        if dry_run:
            return [item.outcome for item in planned]
        saved = _saved_or_replan(store, planned, resolution, attempt)
        if saved is not None:
            return saved
    raise AssertionError("unreachable")  # pragma: no cover


def _saved_or_replan(
    store: DocumentStore,
    planned: list[PlannedImport],
    resolution: Resolution | None,
    attempt: int,
) -> list[ImportOutcome] | None:
    """save_planned; None when a colleague saved a document being merged in the meantime (the
    caller plans again, up to PLAN_TRIES times). Any other conflict is raised."""
    try:
        return save_planned(store, planned, resolution)
    except ConflictError as exc:
        merging = any(i.doc.key == exc.key and i.outcome.action == "合并" for i in planned)
        if not merging or attempt == PLAN_TRIES - 1:
            raise
        return None


def import_documents(
    store: DocumentStore,
    result: ImportResult,
    *,
    source: str,
    options: ImportOptions,
    mode: Mode = "create",
    dry_run: bool = False,
    resolution: Resolution | None = None,
) -> list[ImportOutcome]:
    """Apply one file's parsed documents to the store (import_files with one file). With
    conflicts of a three-way merge and no `resolution`, nothing is saved (ImportConflicts); a
    dry run returns them on the outcomes."""
    return import_files(
        store,
        [FileToImport(source, result)],
        options=options,
        mode=mode,
        dry_run=dry_run,
        resolution=resolution,
    )


# -- a folder of files, each accepted or refused on its own (issue 17: `jixiao import DIR/`) ---


@dataclass(slots=True)
class Refusal:
    """A file of a batch import that was not imported: where, why, and the document (its key)
    when the refusal names one."""

    source: str
    error: JixiaoError
    key: str = ""


@dataclass(slots=True)
class BatchImport:
    """What import_each did: the documents imported (or, dry or all-or-nothing, that would have
    been), the files refused, and whether anything was written."""

    outcomes: list[ImportOutcome]
    refused: list[Refusal]
    saved: bool


def refusal(source: str, exc: JixiaoError) -> Refusal:
    return Refusal(source, exc, str(getattr(exc, "key", "") or ""))


def plan_each(
    store: DocumentStore,
    files: list[FileToImport],
    *,
    options: ImportOptions,
    mode: Mode = "create",
    resolution: Resolution | None = None,
) -> tuple[list[PlannedImport], list[Refusal]]:
    """Plan every file on its own (plan_import): a file that is refused — a document that
    exists in mode "create", a merge with unresolved conflicts, the same document as an
    earlier file — is set aside with its reason, and the others are planned as if it were
    not there. Nothing is saved."""
    seen: dict[str, str] = {}
    planned: list[PlannedImport] = []
    refused: list[Refusal] = []
    for f in files:
        mine = dict(seen)  # a refused file's documents are not "seen" for the files after it
        try:
            items = plan_import(
                store,
                f.result,
                source=f.source,
                options=options,
                mode=mode,
                resolution=resolution,
                seen=mine,
            )
            if resolution is None:
                for item in items:
                    if item.outcome.conflicts:
                        out = item.outcome
                        raise ImportConflicts(out.source, out.key, out.conflicts)
        except JixiaoError as exc:
            refused.append(refusal(f.source, exc))
            continue
        seen = mine
        planned += items
    return planned, refused


def import_each(
    store: DocumentStore,
    files: list[FileToImport],
    *,
    options: ImportOptions,
    mode: Mode = "create",
    dry_run: bool = False,
    resolution: Resolution | None = None,
    all_or_nothing: bool = False,
    unread: list[Refusal] | None = None,
) -> BatchImport:
    """Import a batch of files, each accepted or refused on its own (plan_each), all the
    accepted documents saved in ONE atomic write of the store. `unread`: the files refused
    before this (they could not be read); with all_or_nothing any refusal writes nothing. A
    colleague's save between planning and saving is merged in by planning again, as in
    import_files."""
    earlier = list(unread or [])
    for attempt in range(PLAN_TRIES):
        planned, refused = plan_each(
            store, files, options=options, mode=mode, resolution=resolution
        )
        refused = earlier + refused
        outcomes = [item.outcome for item in planned]
        if dry_run or not planned or (all_or_nothing and refused):
            return BatchImport(outcomes, refused, False)
        saved = _saved_or_replan(store, planned, resolution, attempt)
        if saved is not None:
            return BatchImport(saved, refused, True)
    raise AssertionError("unreachable")  # pragma: no cover


def folder_files(folder: str, *, recursive: bool = False) -> tuple[list[str], list[str]]:
    """The files of `folder` a batch import reads — .docx, .xlsx, .json, .csv, in name order
    (subfolders too when recursive) — and what it passes over, each as `name（why）`: other
    files, Office's lock files (~$…), hidden files, and subfolders when not recursive."""
    import os
    from pathlib import Path

    root = Path(folder).expanduser()
    if not root.is_dir():
        raise JixiaoError(f"{folder}：不是目录")
    taken: list[str] = []
    skipped: list[str] = []
    try:
        walk = sorted(root.rglob("*") if recursive else root.iterdir())
    except OSError as exc:
        raise JixiaoError(f"{folder}：无法读取目录（{os.strerror(exc.errno or 0)}）") from None
    for path in walk:
        name = str(path.relative_to(root))
        parts = path.relative_to(root).parts
        hidden = [n for n, part in enumerate(parts) if part.startswith(".")]
        if hidden:  # said once, for the hidden file or folder itself, not for what it holds
            if hidden[0] == len(parts) - 1:
                skipped.append(f"{name}（隐藏的{'目录' if path.is_dir() else '文件'}）")
            continue
        if path.is_dir():
            if not recursive:
                skipped.append(f"{name}（子目录；加 --recursive 一并导入）")
            continue
        suffix = path.suffix.lower()
        if path.name.startswith("~$"):
            skipped.append(f"{name}（Word/Excel 打开时留下的临时文件）")
        elif suffix in BATCH_SUFFIXES:
            taken.append(str(path))
        else:
            skipped.append(f"{name}（不是 Word、Excel、JSON 或 CSV 文件）")
    return taken, skipped


BATCH_SUFFIXES = (".docx", ".xlsx", ".json", ".csv")
