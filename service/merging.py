"""Saving that merges instead of refusing: when someone saved the document since my edit started,
my changes are merged three ways (model.merge3) into theirs, field by field, and saved; only the
same field changed differently (or a row deleted by one side and edited by the other) is held
back as a conflict for the user to choose. Both front ends save through here: the editor (its
save and conflict dialog) and the command line (`import --merge`).

The base of the merge is the revision my edit started from (`base_doc`, or that revision from the
document's history). When the history no longer has it (pruned), the merge is two-way: every field
where mine and theirs differ is a conflict, so nothing of theirs is ever silently overwritten.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from model import Document
from model.entities import GoalItem, Indicator, Measure, Part1, Project, SpendingPlan
from model.merge import describe_changes
from model.merge3 import Choice, Conflict, Merged, Path, merge3, resolve
from model.times import format_time
from storage import ConflictError, DocumentStore, StoreError

from .documents import saved_by

# When other saves keep slipping in between our load and our save, we merge again: for up to
# this long, with a short random pause between tries so that busy writers fall out of step.
RETRY_SECONDS = 20.0


@dataclass(slots=True)
class SaveOutcome:
    """What `save_merging` did.

    revision: the new revision, None when conflicts held the save back (nothing was written).
    doc: what was saved; with conflicts, the merge so far (theirs at each conflicted field).
    conflicts: the places both sides changed differently (Conflict.line() words each one).
    base_revision: the revision my edit started from; theirs_revision: the stored revision that
    was merged with (== base_revision when nobody saved in between: no merge happened).
    theirs_by / theirs_at: who saved theirs (display name, else login) and when.
    theirs_changes: what theirs changed since the base, one Chinese line each (for a status
    line "王会计 14:03 修改了 …"); empty when nobody saved in between or the base was unknown.
    two_way: the base was not available, every differing field counted as a conflict.
    """

    key: str
    revision: int | None
    doc: Document
    conflicts: list[Conflict]
    base_revision: int
    theirs_revision: int
    theirs_by: str = ""
    theirs_at: dt.datetime | None = None
    theirs_changes: list[str] = field(default_factory=list)
    two_way: bool = False
    merged: Merged | None = None  # the merge (None: saved as it was, no merge needed)
    theirs: Document | None = None  # the stored document merged with
    old_key: str | None = None

    @property
    def saved(self) -> bool:
        return self.revision is not None

    @property
    def clean(self) -> bool:
        return not self.conflicts

    @property
    def merged_in(self) -> bool:
        """Someone else's save was merged in (or, with conflicts, is waiting to be)."""
        return self.theirs_revision != self.base_revision

    def who(self) -> str:
        """ "王会计 2026-12-06 14:03" (or just the name / the time, whichever is known)."""
        when = format_time(self.theirs_at)
        return " ".join(x for x in (self.theirs_by, when) if x) or "他人"

    def status(self) -> str:
        """One status line: what theirs changed (first change, and how many more), or ''."""
        if not self.merged_in:
            return ""
        if self.two_way:
            return (
                f"{self.who()} 保存了新版本（第 {self.theirs_revision} 版），无法确定对方改了什么"
            )
        if not self.theirs_changes:
            return f"{self.who()} 保存了新版本（第 {self.theirs_revision} 版），内容没有变化"
        first = self.theirs_changes[0]
        more = len(self.theirs_changes) - 1
        return f"{self.who()} 修改了 {first}" + (f" 等 {more + 1} 处" if more else "")


def save_merging(
    store: DocumentStore,
    mine: Document,
    base_revision: int,
    base_doc: Document | None = None,
    *,
    old_key: str | None = None,
) -> SaveOutcome:
    """Save `mine`, an edit of revision `base_revision` of its document (0: a new document, never
    merged). When someone saved since, merge three ways: base = `base_doc` (the document as it
    was at base_revision, when the caller has it) or that revision from the history (two-way
    when it is gone), theirs = the current revision. A clean merge is saved at the current
    revision (retried when yet another save slips in between); with conflicts nothing is
    written and the outcome lists them (finish with `resolve_and_save`).
    `old_key`: the key the document was loaded under, when mine changed its code or year.
    ConflictError still propagates for a new document whose key is taken, a document deleted
    since, and a rename onto another document's key; StoreError for anything else."""
    source_key = old_key or mine.key
    to_save, at = mine, base_revision
    base: Document | None = base_doc
    two_way = False
    outcome: SaveOutcome | None = None
    deadline = time.monotonic() + RETRY_SECONDS
    for attempt in itertools.count():
        if attempt > 1:
            if time.monotonic() > deadline:
                break
            time.sleep(random.uniform(0, min(0.25, 0.005 * 2**attempt)))
        try:
            revision = store.save(to_save, at, old_key=old_key if old_key != mine.key else None)
        except ConflictError as exc:
            if exc.expected == 0 or exc.actual == 0 or exc.key != source_key:
                raise
            theirs, current = store.load(source_key)
            if base is None:
                base, two_way = _base(store, source_key, base_revision, mine, theirs)
            merged = merge3(base, mine, theirs)
            outcome = _outcome(store, source_key, mine, merged, base_revision, current, theirs)
            outcome.two_way, outcome.old_key = two_way, old_key
            if two_way:
                outcome.theirs_changes = []
                outcome.conflicts = [replace(c, base="（无法确定）") for c in merged.conflicts]
            if outcome.conflicts:
                return outcome
            to_save, at = merged.doc, current
            continue
        if outcome is None:
            return SaveOutcome(
                mine.key, revision, mine, [], base_revision, base_revision, old_key=old_key
            )
        outcome.revision = revision
        outcome.key = to_save.key
        return outcome
    raise StoreError(
        f"文档 {source_key} 正被他人频繁保存，{RETRY_SECONDS:.0f} 秒内未能保存；修改仍在，请稍后再试"
    )


def resolve_and_save(
    store: DocumentStore,
    outcome: SaveOutcome,
    choices: str | Sequence[Choice] | Mapping[Path, Choice],
) -> SaveOutcome:
    """Finish a save that `save_merging` held back for conflicts: apply the user's `choices`
    ("mine" / "theirs" for all, one per conflict in order, or {Conflict.path: "mine" | "theirs" |
    a typed value}; see model.merge3.resolve) and save the result on top of the revision it was
    merged with, merging again (base: that revision) if yet another save came in between — which
    may return new conflicts. A typed value that does not parse raises its JixiaoError."""
    assert outcome.merged is not None and outcome.theirs is not None, "nothing to resolve"
    chosen = resolve(outcome.merged, choices)
    return save_merging(
        store, chosen, outcome.theirs_revision, outcome.theirs, old_key=outcome.old_key
    )


# --- the base, who saved theirs ----------------------------------------------------------------


def _base(
    store: DocumentStore, key: str, revision: int, mine: Document, theirs: Document
) -> tuple[Document, bool]:
    """(the base to merge from, whether it is the two-way stand-in): the revision from the
    history, else a document every field of which differs from both sides."""
    try:
        return store.load_revision(key, revision), False
    except StoreError:
        return unknown_base(mine, theirs), True


def _outcome(
    store: DocumentStore,
    key: str,
    mine: Document,
    merged: Merged,
    base_revision: int,
    current: int,
    theirs: Document,
) -> SaveOutcome:
    by, at = saved_by(store, key, current)
    return SaveOutcome(
        mine.key,
        None,
        merged.doc,
        list(merged.conflicts),
        base_revision,
        current,
        by,
        at,
        describe_changes(merged.base, theirs),
        merged=merged,
        theirs=theirs,
    )


class _Unknown(str):
    """A value of the unknown base: equal to nothing (not even itself), shown blank. With it as
    the base value, a field mine and theirs hold differently is a conflict, one they agree on is
    not — a two-way comparison that never picks a side."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        return False

    def __ne__(self, other: object) -> bool:
        return True

    def __hash__(self) -> int:
        return id(self)

    def __format__(self, spec: str) -> str:
        return ""


def unknown_base(mine: Document, theirs: Document) -> Document:
    """A stand-in base for a two-way merge of mine and theirs: every row of either (by id; Part 1
    rows by position) with every field unknown, so merge3 reports each difference as a conflict
    and a row only one side has as deleted-edited."""
    u: Any = _Unknown()

    def extra(*objs: Any) -> dict[str, str]:
        return {k: u for o in objs if o is not None for k in o.extra}

    def indicator(iid: str, rows: list[Indicator]) -> Indicator:
        return Indicator(
            u, u, u, u, u, u, u, u, u, u, u, u, u, u, u, u, u, extra(*rows), iid
        )  # fmt: skip

    def project(pid: str, m: Project | None, t: Project | None) -> Project:
        by_id: dict[str, list[Indicator]] = {}
        for p in (t, m):
            for ind in p.indicators if p is not None else []:
                by_id.setdefault(ind.id, []).append(ind)
        rows = [indicator(iid, inds) for iid, inds in by_id.items()]
        return Project(
            u, u, u, u, u, u, SpendingPlan(u, u, u, u), u, rows, extra(m, t), pid, u, u, u, u
        )

    mp = {p.id: p for p in mine.projects}
    tp = {p.id: p for p in theirs.projects}
    ids = list(dict.fromkeys([*tp, *mp]))
    items = max(len(mine.part1.items), len(theirs.part1.items))
    measures = max(len(mine.part1.measures), len(theirs.part1.measures))
    return Document(
        u,
        u,
        u,
        u,
        u,
        u,
        u,
        u,
        Part1(
            u, [GoalItem(u, u, u) for _ in range(items)], [Measure(u, u) for _ in range(measures)]
        ),
        [project(pid, mp.get(pid), tp.get(pid)) for pid in ids],
        extra(mine, theirs),
        phase=u,
        scoring=u,
    )
