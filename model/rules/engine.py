"""Running the catalogue: findings for a whole document or for one edited project, and the
Checker that keeps re-checking a document as it is edited."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from operator import itemgetter

from ..entities import Document, Indicator, Project
from ..values import PERCENT_UNITS, ValueKind
from .base import RULES, Finding, Hit, Rule, Scope, new_finding
from .context import DocContext, build_context, context_for, cross_key, project_key
from .facts import Facts


@lru_cache(maxsize=256)
def _selected(scope: Scope, only: frozenset[str] | None) -> tuple[Rule, ...]:
    return tuple(r for r in RULES.values() if r.scope is scope and (only is None or r.id in only))


@lru_cache(maxsize=256)
def _cross(only: frozenset[str] | None) -> tuple[Rule, ...]:
    """The indicator rules that read more than their row (not cached per row)."""
    return tuple(r for r in _selected(Scope.INDICATOR, only) if r.cross)


@lru_cache(maxsize=256)
def _row_local(only: frozenset[str] | None) -> tuple[Rule, ...]:
    """The indicator rules that read only their row (their hits are cached per distinct row)."""
    return tuple(r for r in _selected(Scope.INDICATOR, only) if not r.cross)


@lru_cache(maxsize=1024)
def _row_rules(
    only: frozenset[str] | None, kind: ValueKind, category: str, percent: bool
) -> tuple[Rule, ...]:
    """The row-local rules that can fire on a row of this kind of value, category and (for a
    quantity) unit — percentage or not (Rule.kinds, .categories, .percent) — in catalogue order:
    a 定性 row skips the dozen rules about numbers, a count the six about percentages, and the
    generator call each of them cost was most of a new row's check."""
    return tuple(
        r
        for r in _row_local(only)
        if (r.kinds is None or kind in r.kinds)
        and (r.categories is None or category in r.categories)
        and (r.percent is None or r.percent is percent)
    )


def _finding(rule: Rule, hit: Hit, key: str, project: Project | None) -> Finding:
    """`key`: the document's (Document.key, made once per project rather than per finding)."""
    row = hit.row
    ind_id = None
    if project is not None and row is not None and 1 <= row <= len(project.indicators):
        ind_id = project.indicators[row - 1].id
    return new_finding(  # positional: 14,000 a county, and keywords cost more to bind
        rule.id,
        rule.severity,
        hit.message,
        key,
        project.id if project is not None else None,
        project.code if project is not None else None,
        row,
        ind_id,
        hit.field,
        hit.part1_item,
    )


# Hits of the row-local indicator rules for one distinct row in one kind of document. Rows
# repeat across projects and documents (发放人数, 服务对象满意度 …), and an unchanged row is
# re-checked on every keystroke in its project: the store makes both cheap. The key holds
# exactly what those rules read (see base.rule): the row's six cells — 指标值确定依据 too, where
# JX232 looks for a baseline and JX234 for 行政区划 — and the document's settings (_Settings:
# profile, allow_sustainable, year, and the rules asked for); ctx, project and ind are not in it.
_Settings = tuple[str, bool, int, frozenset[str] | None]
_RowKey = tuple[str, str, str, str, str, str, _Settings]
_STORE: dict[_RowKey, tuple[tuple[Rule, Hit], ...]] = {}
_STORE_LIMIT = 65536

# A new row's hits of the rules that read neither 描述 nor 依据 (Rule.reads within
# _NARROW_CELLS), kept by those cells and the settings alone: a county's copied rows differ
# mostly in their 描述, and its 15,668 distinct rows have 4,835 distinct (levels, name, value),
# so these rules are asked a third as often. Looked up only for a row the store does not have:
# a row found there costs what it did. What it saves is what those rules cost: check --all on
# the county (which clears the caches every 10 documents) ran as many instructions with it as
# without (7,852 M against 7,848 M) while only values.py's cheap value rules were narrow, and
# 66 M fewer (~1 %) with structure.py's JX103-105 and JX107 (level names and 三级 only) too.
_NARROW_CELLS = frozenset({"level1", "level2", "name", "value"})
_NarrowKey = tuple[str, str, str, str, _Settings]
_NARROW: dict[_NarrowKey, tuple[tuple[Rule, Hit], ...]] = {}


@lru_cache(maxsize=1024)
def _split_rules(
    only: frozenset[str] | None, kind: ValueKind, category: str, percent: bool
) -> tuple[tuple[Rule, ...], tuple[Rule, ...]]:
    """_row_rules in two: those kept by _NARROW_CELLS, and the others."""
    rules = _row_rules(only, kind, category, percent)
    narrow = tuple(r for r in rules if r.reads is not None and r.reads <= _NARROW_CELLS)
    return narrow, tuple(r for r in rules if r not in narrow)


def _row_hits(
    ctx: DocContext,
    project: Project,
    ind: Indicator,
    facts: Facts,
    only: frozenset[str] | None,
    key: _RowKey,
) -> tuple[tuple[Rule, Hit], ...]:
    """The row-local rules' hits on a row the store does not have yet, stored under `key`."""
    if len(_STORE) >= _STORE_LIMIT:
        _STORE.clear()
    # a loop, not a generator: ~15 rules × every new row
    q = facts.value.quantity
    narrow, wide = _split_rules(
        only, facts.value.kind, facts.category, q is not None and q.unit in PERCENT_UNITS
    )
    narrow_key = (key[0], key[1], key[2], key[4], key[6])
    narrow_hits = _NARROW.get(narrow_key)
    if narrow_hits is None:
        if len(_NARROW) >= _STORE_LIMIT:
            _NARROW.clear()
        found: list[tuple[Rule, Hit]] = []
        for rule in narrow:
            for hit in rule.fn(ctx, project, 0, ind, facts):
                found.append((rule, hit))
        narrow_hits = _NARROW[narrow_key] = tuple(found)
    # (the narrow rules' hits first: _project_findings sorts a row's findings by rule)
    hits = list(narrow_hits)
    for rule in wide:
        for hit in rule.fn(ctx, project, 0, ind, facts):
            hits.append((rule, hit))
    stored = _STORE[key] = tuple(hits)
    return stored


def clear_caches(*, keep_values: bool = False) -> None:
    """Forget every cache the rules keep (benchmarks measure from cold).

    keep_values: forget only the caches that hold a document's longer texts (its rows, their
    descriptions, its goal lines, every cell), and keep those keyed by the few short texts a
    county's documents share — level names, 三级 names, 指标值 — and the rule selections: what
    a caller that clears every few documents to bound its memory (service.checking) should
    ask. Measured on the county's check --all (cleared every 10 documents), against clearing
    everything: 6,659 M instructions against 6,782 M (−1.8 %), parse_value's cache most of it
    (its 3,226 distinct 指标值 are parsed once, not 6,185 times, ~30,000 instructions each),
    for 1.3 MB more at the peak (interning those cells as documents are read, serialize, gives
    0.7 MB of it back). Not kept, for memory — check --all's peak is held to 3 × a county's
    file, and these took it to the limit: the row-local rules' hits by levels, name and value
    (_NARROW: 4,835 entries, 43 M fewer for 0.5–0.7 MB more) and structure._any_blank (21 M
    for 0.7 MB).
    """
    from ..text import halfwidth, is_empty
    from ..values import money_base, parse_value
    from . import (
        consistency,
        context,
        effects,
        facts,
        fixes,
        goals,
        hygiene,
        part1,
        structure,
        values,
        vocab,
    )

    _STORE.clear()
    hygiene._CELL_REPORTS.clear()
    context._CACHE.clear()
    consistency.clear_caches()
    goals.clear_caches()
    part1.clear_caches()
    for cached in (
        facts._facts,
        facts._description_facts,
        structure._any_blank,
        values._abstract_gain,
        context.goal_key,
        context.name_segments,
        goals.is_measurable,
        goals.content_bigrams,
        goals.without_name,
        effects._measure,
        fixes._normalised_value,
        halfwidth,
        is_empty,
    ):
        cached.cache_clear()
    _NARROW.clear()
    if keep_values:
        return
    for by_value in (
        # keyed by the rules asked for, the kind of a row's value, its category …
        _selected,
        _cross,
        _row_local,
        _row_rules,
        _split_rules,
        # … by a row's level names, its 三级 name or its 指标值 (or a unit of money in one)
        parse_value,
        facts._levels,
        facts._name_facts,
        facts.canon,
        structure._level1_hits,
        structure._level2_hits,
        structure._layout_of_levels,
        hygiene._bracket_report,  # (by a cell's brackets alone: 【】, （）)
        vocab.known_rate,
        money_base,
    ):
        by_value.cache_clear()


def _project_findings(
    ctx: DocContext, project: Project, only: frozenset[str] | None
) -> list[Finding]:
    doc = ctx.doc
    key = doc.key
    ctx.begin(project)
    found: list[tuple[int, str, Finding]] = []
    append = found.append
    pid, code = project.id, project.code
    indicators = project.indicators
    rows = len(indicators)
    # _finding inlined (same fields): 14,000 project findings a county
    for rule in _selected(Scope.PROJECT, only):
        for hit in rule.fn(ctx, project):
            at = hit.row
            append(
                (
                    at or 0,
                    rule.id,
                    new_finding(
                        rule.id,
                        rule.severity,
                        hit.message,
                        key,
                        pid,
                        code,
                        at,
                        indicators[at - 1].id if at is not None and 1 <= at <= rows else None,
                        hit.field,
                        hit.part1_item,
                    ),
                )
            )
    cross_rules = _cross(only)
    # Rows' findings are built here rather than by _finding (same fields): a county's check
    # makes tens of thousands of them, and the extra Hit and call per finding showed. The
    # store is looked up here too (25,000 rows a county, most of them found).
    settings: _Settings = (doc.profile.value, doc.allow_sustainable, doc.year, only)
    store = _STORE
    for row, ind, facts in ctx.rows(project):
        row_key = (
            ind.level1,
            ind.level2,
            ind.name,
            ind.description,
            ind.value,
            ind.basis,
            settings,
        )
        hits = store.get(row_key)
        if hits is None:
            hits = _row_hits(ctx, project, ind, facts, only, row_key)
        # The cross rules' findings come after the row's own; the sort below puts each row's
        # findings in rule order whatever the order they were found in. A plain loop, not a
        # generator chained onto the row's hits: that cost ~1 µs a row, and they rarely hit.
        if cross_rules:  # (the catalogue has none today)
            for rule in cross_rules:
                for hit in rule.fn(ctx, project, row, ind, facts):
                    hits = (*hits, (rule, hit))
        for rule, hit in hits:
            append(
                (
                    row,
                    rule.id,
                    new_finding(
                        rule.id,
                        rule.severity,
                        hit.message,
                        key,
                        pid,
                        code,
                        row,
                        ind.id,
                        hit.field,
                        None,
                    ),
                )
            )
    found.sort(key=_ROW_AND_RULE)  # project-level first, then by row; stable by rule
    return [f for _, _, f in found]


_ROW_AND_RULE = itemgetter(0, 1)  # (row, rule id) of a (row, rule id, finding): C, not a lambda


def _only(only: Iterable[str] | None) -> frozenset[str] | None:
    return None if only is None else frozenset(r.strip().upper() for r in only)


def check_project(
    doc: Document, project: Project, *, only: Iterable[str] | None = None
) -> list[Finding]:
    """Findings about one project, including cross-project ones that involve it."""
    return _project_findings(context_for(doc), project, _only(only))


def _document_findings(ctx: DocContext, only: frozenset[str] | None) -> list[Finding]:
    key = ctx.doc.key
    findings = [
        _finding(rule, hit, key, None)
        for rule in _selected(Scope.DOCUMENT, only)
        for hit in rule.fn(ctx)
    ]
    findings.sort(key=lambda f: (f.part1_item or 0, f.rule))
    return findings


def check_document(doc: Document, *, only: Iterable[str] | None = None) -> list[Finding]:
    """Every finding in the document, in document order: Part 1 first, then project by project."""
    ctx = context_for(doc)
    wanted = _only(only)
    findings = _document_findings(ctx, wanted)
    for project in doc.projects:
        findings.extend(_project_findings(ctx, project, wanted))
    ctx.end()
    return findings


class Checker:
    """Re-checks one document as it is edited, for an editor.

        checker = Checker()                     # or Checker(doc) to build the facts at once
        checker.project(doc, project)           # == check_project(doc, project)
        checker.document(doc)                   # Part 1 and whole-document findings
        checker.part1(doc)                      # those of them about one 分项绩效目标
        checker.projects(doc)                   # {project id: findings} for every project
        checker.all(doc)                        # == check_document(doc)

    Each call gives exactly what check_project / check_document give for that document. The
    difference is cost: an editor that copies the document on every edit (copy-on-write) would
    make check_project rebuild the document-wide facts the cross-project rules need each time
    (tens of ms at 500 projects). A Checker keeps the facts of the last version it checked and
    reuses them for any later version in which what they are built from (codes, names, goal
    lines, 三级 names and their level-2s, the money unit; see context.cross_key) is unchanged,
    which it verifies on every call — so in-place changes are safe too.

    copy_on_write=True is for a caller that never changes a Project (its goals or indicators)
    in place once it has been checked, but copies it to edit it (as tui/session.py does): each
    project's part of that key is then read once per project object, and a check no longer walks
    the whole document (≈0.5 ms saved per call at 500 projects). Changing the document's list
    of projects, its settings or Part 1 in place remains safe.

    Safe to use from several threads at once (an editor's worker and its screen).
    """

    def __init__(
        self,
        doc: Document | None = None,
        *,
        only: Iterable[str] | None = None,
        copy_on_write: bool = False,
    ) -> None:
        self._only = _only(only)
        self._last: tuple[list[object], DocContext] | None = None
        # id(project) → (project, its key part); the project is kept so that its id stays its own
        self._parts: dict[int, tuple[Project, tuple[object, ...]]] | None = (
            {} if copy_on_write else None
        )
        if doc is not None:
            self._context(doc)

    def _part(self, project: Project) -> tuple[object, ...]:
        parts = self._parts
        assert parts is not None
        hit = parts.get(id(project))
        if hit is not None and hit[0] is project:
            return hit[1]
        part = project_key(project)
        parts[id(project)] = (project, part)
        return part

    def _context(self, doc: Document) -> DocContext:
        parts = self._parts
        if parts is not None and len(parts) > 2 * len(doc.projects) + 256:
            parts.clear()  # replaced and trial projects: keep no more than the document's worth
        key = cross_key(doc) if parts is None else cross_key(doc, self._part)
        last = self._last
        if last is not None and last[0] == key:
            ctx = last[1].rebind(doc)
        else:
            ctx = build_context(doc)
        self._last = (key, ctx)  # one assignment: another thread sees the old or the new pair
        # Each call gets a context of its own (its own memo): concurrent calls never share one.
        return ctx

    def project(self, doc: Document, project: Project) -> list[Finding]:
        """Findings about one project of `doc`, including cross-project ones that involve it."""
        return _project_findings(self._context(doc), project, self._only)

    def projects(
        self, doc: Document, projects: Sequence[Project] | None = None
    ) -> dict[str, list[Finding]]:
        """Findings of several projects (default: all), keyed by project id, one context."""
        ctx = self._context(doc)
        chosen = doc.projects if projects is None else projects
        return {p.id: _project_findings(ctx, p, self._only) for p in chosen}

    def document(self, doc: Document) -> list[Finding]:
        """Findings that belong to no project: Part 1 (with part1_item when about one 分项绩效目标)
        and the document as a whole (totals quoted in Part 1, an empty Part 1 …)."""
        return _document_findings(self._context(doc), self._only)

    def part1(self, doc: Document) -> list[Finding]:
        """The document findings about one 分项绩效目标 (part1_item set)."""
        return [f for f in self.document(doc) if f.part1_item is not None]

    def all(self, doc: Document) -> list[Finding]:
        """Every finding, in the order of check_document."""
        ctx = self._context(doc)
        findings = _document_findings(ctx, self._only)
        for project in doc.projects:
            findings.extend(_project_findings(ctx, project, self._only))
        ctx.end()
        return findings
