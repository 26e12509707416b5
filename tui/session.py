"""The editing session: one document, its revision in the store, undo/redo and saving.

No Textual here, so it is tested directly. The document is treated as immutable: an edit copies
the one project (or Part 1) it touches and builds a new Document that shares everything else.
So an undo step is just the Document objects before and after the edit, and the save worker can
write a document while the user keeps typing — nothing it holds is ever changed in place.

Several people may edit one document: a save merges a colleague's save in (service.merging), a
colleague's save seen while editing is merged under the unsaved edits (take_theirs), and undo takes
back only the difference of my own step (model.merge3.revert), never their work.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from model import Document, Part1, Project
from service import documents

if TYPE_CHECKING:
    from model.merge3 import Conflict, Merged
    from service.merging import SaveOutcome

# Merging (model.merge3, service.merging) is imported where a save, an undo or a colleague's
# save needs it: not before the editor's first paint, which creates a Session.

UNDO_LIMIT = 500


@dataclass(slots=True)
class Step:
    """One undoable edit: the document before and after it, and where the cursor was.

    Undo applies only the difference after → before to the current document (model.merge3
    .revert), so a colleague's change merged in since stays; redo is the same with the roles
    swapped."""

    before: Document
    label: str
    where: Any = None
    after: Document | None = None


class UndoRefused(Exception):
    """Someone else changed what the step would put back: the undo (redo) is not done."""

    def __init__(self, step: Step, conflict: Conflict) -> None:
        super().__init__(conflict.where)
        self.step = step
        self.conflict = conflict


@dataclass(slots=True)
class Incoming:
    """A colleague's save taken into the session (see Session.take_theirs)."""

    merged: Merged
    changes: list[str]  # where they changed, briefly (model.merge.brief_changes)
    theirs: Document
    revision: int


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
        self._written: tuple[Document, Document] | None = None  # (sent, stored): see adopt
        self._closed = False  # see close: no save after the editor has gone

    # --- editing -------------------------------------------------------------------------
    @property
    def dirty(self) -> bool:
        return self.doc is not self.saved_doc

    def apply(self, new_doc: Document, label: str, where: Any = None) -> None:
        """Make new_doc current as one undoable step."""
        self.undo_stack.append(Step(self.doc, label, where, new_doc))
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
        """Undo my last step on the current document; UndoRefused when someone else changed
        a field it would put back (the step stays on the stack)."""
        return self._travel(self.undo_stack, self.redo_stack)

    def redo(self) -> Step | None:
        return self._travel(self.redo_stack, self.undo_stack)

    def _travel(self, source: list[Step], target: list[Step]) -> Step | None:
        if not source:
            return None
        step = source[-1]
        current = self.doc
        if step.after is None or current is step.after:
            new_doc = step.before  # nothing changed since the step: as it was, exactly
        else:
            from model.merge3 import revert

            merged = revert(step.before, step.after, current)
            if not merged.clean:
                raise UndoRefused(step, merged.conflicts[0])
            new_doc = merged.doc
        source.pop()
        # The way back is the same difference reversed, applied to whatever is current then.
        target.append(Step(step.after or current, step.label, step.where, step.before))
        self.doc = new_doc
        return step

    # --- saving (called from a worker thread) ---------------------------------------------
    def save(self) -> SaveOutcome | None:
        """Write the current document if it changed. Blocking: run it in a thread.

        Someone else's save since our revision is merged in (service.merging.save_merging):
        a clean merge is written, and the stored (merged) version becomes `saved_doc`; call
        `adopt` on the UI thread to show it. With conflicts nothing is written (the outcome
        lists them, to resolve with `resolve`). None when there was nothing to write. A rename
        onto another document or a deleted document raises ConflictError; other store errors
        pass through too. The session stays dirty whenever nothing was written.
        """
        with self._save_lock:
            if self._closed:
                return None
            return self._save_latest()

    def _save_latest(self) -> SaveOutcome | None:
        """save, with _save_lock held. The document written is the latest one, read only once
        the lock is ours: saves asked for while another was being written (a burst of edits)
        come out as one write of the last version, and the ones after it find nothing to do."""
        with self._lock:
            doc = self.doc
            if doc is self.saved_doc:
                return None
            base, base_doc = self.revision, self.saved_doc
            # A changed code or year renames the stored document (undo renames it back).
            stored_key = base_doc.key
            old_key = stored_key if stored_key != doc.key else None
        from service import merging

        outcome = merging.save_merging(self.store, doc, base, base_doc, old_key=old_key)
        self._saved(doc, outcome)
        return outcome

    def close(self, *, flush: bool = True) -> SaveOutcome | None:
        """End the session as the editor closes: wait for a save being written, then (flush)
        write what is still unsaved, once; after that save() writes nothing. So the last edit
        is not lost, and no background save outlives the editor (one that did wrote into a
        database its owner was already removing: "Directory not empty"). flush=False when the
        user chose to quit without saving. Returns the flushing save's outcome (None when there
        was nothing to write); store errors pass through, the session is closed all the same.
        """
        with self._save_lock:
            try:
                return self._save_latest() if flush and not self._closed else None
            finally:
                self._closed = True

    def resolve(self, outcome: SaveOutcome, choices: Any) -> SaveOutcome:
        """Save the conflicted `outcome` with the user's choices (service.merging
        .resolve_and_save); may come back with new conflicts if yet another save came in."""
        from service import merging

        with self._save_lock:
            done = merging.resolve_and_save(self.store, outcome, choices)
            assert outcome.merged is not None
            self._saved(outcome.merged.mine, done)
            return done

    def _saved(self, snapshot: Document, outcome: SaveOutcome) -> None:
        if outcome.revision is None:
            return
        if outcome.doc is not None and outcome.doc is not snapshot:
            # A colleague's changes merged in: the projects neither changed stay the objects
            # the editor has (their findings and drawn rows are kept). Not yet seen by anyone.
            from model.merge import share_unchanged

            share_unchanged(outcome.doc, snapshot)
        with self._lock:
            self.revision = outcome.revision
            self.saved_doc = snapshot if outcome.doc is snapshot else outcome.doc
            self._written = (snapshot, self.saved_doc)

    def adopt(self) -> None:
        """On the UI thread after a save: when the save merged a colleague's changes in, show
        the merged version, keeping whatever was typed while the save was running."""
        with self._lock:
            written, self._written = self._written, None
        if written is None:
            return
        snapshot, stored = written
        if stored is snapshot or stored is not self.saved_doc:
            return
        if self.doc is snapshot:
            self.doc = stored
            return
        # Typed during the save: put those edits on top of the stored version. Where one of
        # them touches a field the colleague changed, the later typing wins (theirs stays in
        # the history).
        from model.merge import share_unchanged
        from model.merge3 import merge3, resolve

        merged = merge3(snapshot, self.doc, stored)
        doc = merged.doc if merged.clean else resolve(merged, "mine")
        share_unchanged(doc, self.doc)
        self.doc = doc

    def take_theirs(self, theirs: Document, revision: int) -> Incoming:
        """Someone else saved this document (`theirs` at `revision`): merge their changes into
        what is being edited. Clean: their version becomes the stored one, my unsaved edits stay
        on top of it (still dirty). Not clean (we both changed one field): nothing changes here;
        the next save meets the conflict and asks field by field."""
        from model.merge import brief_changes, share_unchanged
        from model.merge3 import merge3

        with self._lock:
            base = self.saved_doc
        mine = self.doc
        merged = merge3(base, mine, theirs)
        incoming = Incoming(merged, brief_changes(base, theirs), theirs, revision)
        if merged.clean:
            # The projects they did not change stay the objects the editor has: their problem
            # counts and drawn rows are kept, not recomputed (and shown as "…" meanwhile).
            share_unchanged(theirs, base)
            share_unchanged(merged.doc, mine)
            with self._lock:
                self.saved_doc = theirs
                self.revision = revision
            self.doc = theirs if mine is base else merged.doc
        return incoming

    def save_mine_as_copy(self) -> str:
        """Save our version as a new document `<dept_code>-copyN/<year>` (offered only when
        quitting after a failed save); the stored one stays untouched. Returns the copy's key."""
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


def changed_ids(old: Document, new: Document) -> set[str]:
    """Ids of the projects and indicators that differ between two versions (for marking what
    a colleague changed), and "part1" when Part 1 did."""
    ids: set[str] = set()
    before = {p.id: p for p in old.projects}
    for project in new.projects:
        was = before.get(project.id)
        if was is project or was == project:
            continue
        ids.add(project.id)
        inds = {} if was is None else {i.id: i for i in was.indicators}
        ids.update(i.id for i in project.indicators if inds.get(i.id) != i)
    if old.part1 != new.part1:
        ids.add("part1")
    return ids
