"""Running the catalogue: findings for a whole document or for one edited project."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from ..entities import Document, Indicator, Project
from .base import RULES, Finding, Hit, Rule, Scope
from .context import DocContext, context_for
from .facts import Facts


@lru_cache(maxsize=256)
def _selected(scope: Scope, only: frozenset[str] | None) -> tuple[Rule, ...]:
    return tuple(r for r in RULES.values() if r.scope is scope and (only is None or r.id in only))


def _finding(rule: Rule, hit: Hit, doc: Document, project: Project | None) -> Finding:
    row = hit.row
    ind_id = None
    if project is not None and row is not None and 1 <= row <= len(project.indicators):
        ind_id = project.indicators[row - 1].id
    return Finding(
        rule=rule.id,
        severity=rule.severity,
        message=hit.message,
        document=doc.key,
        project_id=project.id if project is not None else None,
        project_code=project.code if project is not None else None,
        indicator_row=row,
        indicator_id=ind_id,
        field=hit.field,
        part1_item=hit.part1_item,
    )


# Hits of the row-local indicator rules for one distinct row in one kind of document. Rows
# repeat across projects and documents (发放人数, 服务对象满意度 …), and an unchanged row is
# re-checked on every keystroke in its project: the store makes both cheap. The key holds
# exactly what those rules read (see base.rule); ctx, project and ind are not part of it.
_RowKey = tuple[str, str, str, str, str, str, bool, int, frozenset[str] | None]
_STORE: dict[_RowKey, tuple[tuple[Rule, Hit], ...]] = {}
_STORE_LIMIT = 65536


def _row_hits(
    ctx: DocContext, project: Project, ind: Indicator, facts: Facts, only: frozenset[str] | None
) -> tuple[tuple[Rule, Hit], ...]:
    doc = ctx.doc
    key = (
        ind.level1,
        ind.level2,
        ind.name,
        ind.description,
        ind.value,
        doc.profile.value,
        doc.allow_sustainable,
        doc.year,
        only,
    )
    found = _STORE.get(key)
    if found is None:
        if len(_STORE) >= _STORE_LIMIT:
            _STORE.clear()
        found = _STORE[key] = tuple(
            (rule, hit)
            for rule in _selected(Scope.INDICATOR, only)
            if not rule.cross
            for hit in rule.fn(ctx, project, 0, ind, facts)
        )
    return found


def clear_caches() -> None:
    """Forget every cache the rules keep (benchmarks measure from cold)."""
    from ..values import parse_value
    from . import consistency, context, facts, hygiene

    _STORE.clear()
    context._CACHE.clear()
    parse_value.cache_clear()
    for cached in (
        facts._facts,
        facts.canon,
        hygiene._cell_report,
        consistency._norm,
        context.goal_key,
    ):
        cached.cache_clear()


def _project_findings(
    ctx: DocContext, project: Project, only: frozenset[str] | None
) -> list[Finding]:
    doc = ctx.doc
    ctx.begin(project)
    found: list[tuple[int, str, Finding]] = []
    for rule in _selected(Scope.PROJECT, only):
        for hit in rule.fn(ctx, project):
            found.append((hit.row or 0, rule.id, _finding(rule, hit, doc, project)))
    cross_rules = [r for r in _selected(Scope.INDICATOR, only) if r.cross]
    for row, ind, facts in ctx.rows(project):
        hits = list(_row_hits(ctx, project, ind, facts, only))
        for rule in cross_rules:
            hits.extend((rule, hit) for hit in rule.fn(ctx, project, row, ind, facts))
        for rule, hit in hits:
            placed = Hit(hit.message, hit.field, row)
            found.append((row, rule.id, _finding(rule, placed, doc, project)))
    found.sort(key=lambda t: (t[0], t[1]))  # project-level first, then by row; stable by rule
    return [f for _, _, f in found]


def _only(only: Iterable[str] | None) -> frozenset[str] | None:
    return None if only is None else frozenset(r.strip().upper() for r in only)


def check_project(
    doc: Document, project: Project, *, only: Iterable[str] | None = None
) -> list[Finding]:
    """Findings about one project, including cross-project ones that involve it."""
    return _project_findings(context_for(doc), project, _only(only))


def check_document(doc: Document, *, only: Iterable[str] | None = None) -> list[Finding]:
    """Every finding in the document, in document order: Part 1 first, then project by project."""
    ctx = context_for(doc)
    wanted = _only(only)
    findings: list[Finding] = []
    for rule in _selected(Scope.DOCUMENT, wanted):
        findings.extend(_finding(rule, hit, doc, None) for hit in rule.fn(ctx))
    findings.sort(key=lambda f: (f.part1_item or 0, f.rule))
    for project in doc.projects:
        findings.extend(_project_findings(ctx, project, wanted))
    return findings
