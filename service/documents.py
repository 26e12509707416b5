"""The documents of a database: find one, list, create, copy to a new year, change the code or
year (rename), delete."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace

from model import Document, JixiaoError, Project
from model.identifiers import (
    DEPT_CODE_MAX,
    check,
    check_document,
    dept_code_problem,
    year_problem,
)
from model.yearcopy import copy_to_year
from storage import ConflictError, DocInfo, DocumentStore

from .errors import (
    DocumentExists,
    DocumentNeeded,
    DocumentNotFound,
    NoDocuments,
    ProjectAmbiguous,
    ProjectNotFound,
)


def list_documents(store: DocumentStore) -> list[DocInfo]:
    return store.list_documents()


def resolve(store: DocumentStore, key: str | None) -> str:
    """The key of the document meant: `key` when it exists; with none given, the only one.
    A key is looked up by its revision, not in the list: the file store then reads the file
    once, for the load that follows too (the list reads it apart, record by record)."""
    if key:
        if store.revision(key) == 0:
            raise DocumentNotFound(key, [i.key for i in store.list_documents()])
        return key
    infos = store.list_documents()
    if len(infos) == 1:
        return infos[0].key
    if not infos:
        raise NoDocuments(store.location)
    raise DocumentNeeded([i.key for i in infos])


def load(store: DocumentStore, key: str | None) -> tuple[Document, int]:
    """The document meant (see resolve) and its revision."""
    return store.load(resolve(store, key))


def saved_by(store: DocumentStore, key: str, revision: int) -> tuple[str, dt.datetime | None]:
    """Who saved `revision` of the document and when, if it is the current one (display name,
    else login; "" when unknown). Reads the document list, not the history: cheap enough for
    every merged save and every colleague's save the editor notices."""
    for info in store.list_documents():
        if info.key == key and info.revision == revision:
            try:
                when: dt.datetime | None = dt.datetime.fromisoformat(info.updated)
            except ValueError:
                when = None
            return info.updated_by_name or info.updated_by, when
    return "", None


def find_project(doc: Document, wanted: str) -> tuple[int, Project]:
    """A project by its 项目编码, its 序号 (1-based position), or a fragment of its 项目名称
    (spaces ignored): (序号, project). ProjectAmbiguous when several names contain the fragment
    (one whose name is exactly the fragment wins), ProjectNotFound when none does."""
    wanted = wanted.strip()
    for number, project in enumerate(doc.projects, 1):
        if project.code == wanted:
            return number, project
    if wanted.isdigit() and 1 <= int(wanted) <= len(doc.projects):
        return int(wanted), doc.projects[int(wanted) - 1]
    fragment = "".join(wanted.split())
    if fragment and not fragment.isdigit():
        names = [("".join(p.name.split()), n, p) for n, p in enumerate(doc.projects, 1)]
        exact = [(n, p) for name, n, p in names if name == fragment]
        matches = exact or [(n, p) for name, n, p in names if fragment in name]
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise ProjectAmbiguous(doc.key, wanted, [(n, p.name) for n, p in matches])
    raise ProjectNotFound(doc.key, wanted, len(doc.projects))


def load_all(store: DocumentStore) -> list[Document]:
    """Every document of the database, in list order (one read of the store)."""
    return [doc for doc, _ in store.load_all()]


def iter_all(store: DocumentStore) -> Iterator[Document]:
    """Every document of the database one at a time, in no promised order (store.iter_documents):
    for a caller that keeps only what it prints, not the documents."""
    for doc, _ in store.iter_documents():
        yield doc
        del doc  # not held while the store reads the next one


def exists(store: DocumentStore, key: str) -> bool:
    return store.revision(key) > 0


def create(store: DocumentStore, doc: Document, *, refused: str = "未保存") -> int:
    """Save doc as a new document; DocumentExists if its key is taken. Returns its revision.
    Its code, year and amounts must be allowed (model.identifiers)."""
    check_document(doc)
    try:
        return store.save(doc, 0)
    except ConflictError as exc:
        if exc.expected == 0:
            raise DocumentExists(exc.key, refused=refused) from None
        raise


def copy_year(
    store: DocumentStore, key: str, year: int, dept_code: str | None = None
) -> tuple[Document, int]:
    """Copy document `key` to `year` (model.yearcopy.copy_to_year) and save it as a new
    document; DocumentExists when the target is already there. Returns it and its revision."""
    check(year_problem(year))
    if dept_code is not None:
        check(dept_code_problem(dept_code))
    source, _ = store.load(key)
    new = copy_to_year(source, year, dept_code)
    if new.key == source.key:
        raise JixiaoError(f"文档 {key} 复制到的年度和单位与原文档相同，未复制；请换一个年度")
    if exists(store, new.key):
        raise DocumentExists(new.key, refused="未复制")
    return new, create(store, new, refused="未复制")


def update(
    store: DocumentStore, doc: Document, revision: int, *, old_key: str | None = None
) -> int:
    """Save a changed document at the revision it was loaded at. A changed code or year
    (`old_key` its key before) renames it: refused with DocumentExists when the new key is
    another document's. Returns the new revision."""
    if old_key is not None and old_key != doc.key:
        check(dept_code_problem(doc.dept_code))  # a new key: it must be a code and a year
        check(year_problem(doc.year))
    if old_key is not None and old_key != doc.key and exists(store, doc.key):
        raise DocumentExists(doc.key, refused="未改名")
    try:
        return store.save(doc, revision, old_key=old_key if old_key != doc.key else None)
    except ConflictError as exc:
        if exc.key == doc.key and exc.expected == 0 and old_key not in (None, doc.key):
            raise DocumentExists(doc.key, refused="未改名") from None
        raise


def save_as_copy(store: DocumentStore, doc: Document) -> tuple[Document, int]:
    """Save doc as a new document `<单位编码>-copyN/<年度>` (the first N free; a code of letters,
    digits and - like any other), leaving the stored version of doc untouched. Returns the
    copy and its revision."""
    existing = {info.key for info in store.list_documents()}
    n = 1
    while f"{_copy_code(doc.dept_code, n)}/{doc.year}" in existing:
        n += 1
    copy_doc = replace(doc, dept_code=_copy_code(doc.dept_code, n))
    return copy_doc, store.save(copy_doc, 0)


def _copy_code(code: str, n: int) -> str:
    suffix = f"-copy{n}"
    return code[: DEPT_CODE_MAX - len(suffix)] + suffix


def delete(store: DocumentStore, key: str, revision: int | None) -> None:
    """Delete document `key`, refused (ConflictError) if it changed since `revision` was read.
    The store backs up the database first, so a deletion can be undone with a restore."""
    store.delete(key, revision)
