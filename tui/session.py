"""The editing session: one document, its revision in the store, undo/redo and saving.

No Textual here, so it is tested directly. The document is treated as immutable: an edit copies
the one project (or Part 1) it touches and builds a new Document that shares everything else.
So an undo step is just the previous Document object, and the save worker can write a document
while the user keeps typing — nothing it holds is ever changed in place.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from model import Document, Part1, Project
from service import documents

UNDO_LIMIT = 500


@dataclass(slots=True)
class Step:
    """One undoable edit: the document before it and where the cursor was."""

    before: Document
    label: str
    where: Any = None


class Session:
    def __init__(self, store: Any, doc: Document, revision: int) -> None:
        self.store = store
        self.doc = doc
        self.revision = revision  # the store's revision our last save (or load) produced
        self.saved_doc: Document = doc  # the document as it is in the store at `revision`
        self.undo_stack: list[Step] = []
        self.redo_stack: list[Step] = []
        self._lock = threading.Lock()  # guards revision/saved_doc between UI and save thread
        self._save_lock = threading.Lock()  # one save at a time (worker and quit may overlap)

    # --- editing -------------------------------------------------------------------------
    @property
    def dirty(self) -> bool:
        return self.doc is not self.saved_doc

    def apply(self, new_doc: Document, label: str, where: Any = None) -> None:
        """Make new_doc current as one undoable step."""
        self.undo_stack.append(Step(self.doc, label, where))
        del self.undo_stack[:-UNDO_LIMIT]
        self.redo_stack.clear()
        self.doc = new_doc

    def edit_project(
        self, project_id: str, change: Callable[[Project], None], label: str, where: Any = None
    ) -> Project:
        """Copy the project, let `change` alter the copy, and make that one step."""
        doc = self.doc
        index = next(n for n, p in enumerate(doc.projects) if p.id == project_id)
        project = copy.deepcopy(doc.projects[index])
        change(project)
        projects = list(doc.projects)
        projects[index] = project
        self.apply(replace(doc, projects=projects), label, where)
        return project

    def edit_projects(
        self, change: Callable[[list[Project]], None], label: str, where: Any = None
    ) -> None:
        """Add, remove or reorder projects: the list is copied, the projects are shared."""
        projects = list(self.doc.projects)
        change(projects)
        self.apply(replace(self.doc, projects=projects), label, where)

    def edit_part1(self, change: Callable[[Part1], None], label: str, where: Any = None) -> None:
        part1 = copy.deepcopy(self.doc.part1)
        change(part1)
        self.apply(replace(self.doc, part1=part1), label, where)

    def undo(self) -> Step | None:
        if not self.undo_stack:
            return None
        step = self.undo_stack.pop()
        self.redo_stack.append(Step(self.doc, step.label, step.where))
        self.doc = step.before
        return step

    def redo(self) -> Step | None:
        if not self.redo_stack:
            return None
        step = self.redo_stack.pop()
        self.undo_stack.append(Step(self.doc, step.label, step.where))
        self.doc = step.before
        return step

    # --- saving (called from a worker thread) ---------------------------------------------
    def save(self) -> bool:
        """Write the current document if it changed. Blocking: run it in a thread.

        Returns True when something was written. ConflictError and other store errors pass
        through to the caller; the session stays dirty, so nothing is lost.
        """
        with self._save_lock:
            with self._lock:
                doc = self.doc
                if doc is self.saved_doc:
                    return False
                base = self.revision
                # A changed code or year renames the stored document (undo renames it back).
                stored_key = self.saved_doc.key
                old_key = stored_key if stored_key != doc.key else None
            new_revision = documents.save(self.store, doc, base, old_key=old_key)
            with self._lock:
                self.revision = new_revision
                self.saved_doc = doc
            return True

    def reload_theirs(self) -> None:
        """Take the stored version as current; ours stays one Ctrl+Z away."""
        with self._save_lock:  # theirs is under the key we last saved (ours may be renamed)
            theirs, revision = documents.load(self.store, self.saved_doc.key)
        mine = self.doc
        with self._lock:
            self.revision = revision
            self.saved_doc = theirs
        self.undo_stack.append(Step(mine, "载入对方版本"))
        self.redo_stack.clear()
        self.doc = theirs

    def save_mine_as_copy(self) -> str:
        """Save our version as a new document `<dept_code>-副本N/<year>`; theirs stays untouched.

        The session then continues on the copy. Returns the copy's key.
        """
        with self._save_lock:
            copy_doc, revision = documents.save_as_copy(self.store, self.doc)
        with self._lock:
            self.revision = revision
            self.saved_doc = copy_doc
        self.doc = copy_doc
        # Undo steps refer to the other document's key; keep their content but not their key.
        self.undo_stack.clear()
        self.redo_stack.clear()
        return copy_doc.key
