"""Running the catalogue: findings for a whole document or for one edited project."""

from __future__ import annotations

from collections.abc import Iterable

from ..entities import Document, Project
from .base import RULES, Finding, Hit, Rule, Scope
from .context import DocContext, context_for
from .facts import facts_of


def _selected(scope: Scope, only: Iterable[str] | None) -> list[Rule]:
    wanted = None if only is None else {r.upper() for r in only}
    return [r for r in RULES.values() if r.scope is scope and (wanted is None or r.id in wanted)]


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


def _project_findings(
    ctx: DocContext, project: Project, only: Iterable[str] | None = None
) -> list[Finding]:
    doc = ctx.doc
    found: list[tuple[int, str, Finding]] = []
    for rule in _selected(Scope.PROJECT, only):
        for hit in rule.fn(ctx, project):
            found.append((hit.row or 0, rule.id, _finding(rule, hit, doc, project)))
    indicator_rules = _selected(Scope.INDICATOR, only)
    for row, ind in enumerate(project.indicators, 1):
        facts = facts_of(ind)
        for rule in indicator_rules:
            for hit in rule.fn(ctx, project, row, ind, facts):
                hit_row = hit.row if hit.row is not None else row
                found.append(
                    (
                        hit_row,
                        rule.id,
                        _finding(rule, Hit(hit.message, hit.field, hit_row), doc, project),
                    )
                )
    found.sort(key=lambda t: (t[0], t[1]))  # project-level first, then by row; stable by rule
    return [f for _, _, f in found]


def check_project(
    doc: Document, project: Project, *, only: Iterable[str] | None = None
) -> list[Finding]:
    """Findings about one project, including cross-project ones that involve it."""
    return _project_findings(context_for(doc), project, only)


def check_document(doc: Document, *, only: Iterable[str] | None = None) -> list[Finding]:
    """Every finding in the document, in document order: Part 1 first, then project by project."""
    ctx = context_for(doc)
    findings: list[Finding] = []
    for rule in _selected(Scope.DOCUMENT, only):
        findings.extend(_finding(rule, hit, doc, None) for hit in rule.fn(ctx))
    findings.sort(key=lambda f: (f.part1_item or 0, f.rule))
    for project in doc.projects:
        findings.extend(_project_findings(ctx, project, only))
    return findings
