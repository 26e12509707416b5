"""The seam to validation (model.rules): findings per project, cached per project object.

Projects are never changed in place (see session.py), so a project object's findings stay valid
until an edit replaces the object — or until something that cross-project rules look at changes
elsewhere (codes, names, purposes, goals, indicator names): that is part of the cache key.
If model.rules is not installed, there are no findings.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace
from typing import Any

from model import Document, Project


@dataclass(frozen=True, slots=True)
class Shown:
    """A finding as the editor shows it."""

    severity: str  # "error" | "warning" | "hint"
    message: str
    indicator_id: str | None
    field: str | None  # Chinese field name, e.g. 指标值


MARK = {"error": "✗", "warning": "!", "hint": "·"}
MARK_SAFE = {"error": "x", "warning": "!", "hint": "."}  # for ambiguous-wide terminals
SEVERITY_NAME = {"error": "错误", "warning": "警告", "hint": "提示"}
_RANK = {"error": 0, "warning": 1, "hint": 2}


class _Checker:
    """model.rules.check_project, reusing the document context while it still applies.

    The rules cache their cross-project context per Document object; the editor makes a new
    Document for every edit (copy-on-write), which would rebuild it each time (≈10 ms at 500
    projects). Edits that leave codes, names, purposes, goals and indicator names alone keep the
    same context; only the document and the project positions are refreshed. Should the rules'
    internals change, this falls back to the public check_project.
    """

    def __init__(self, check_project: Any) -> None:
        self.check_project = check_project
        try:
            from model.rules.context import build_context
            from model.rules.engine import _project_findings
        except ImportError:
            self.build_context = self.project_findings = None
        else:
            self.build_context, self.project_findings = build_context, _project_findings
        self._ctx: Any = None
        self._ctx_key: int | None = None

    def __call__(self, doc: Document, project: Project, doc_key: int) -> list[Any]:
        ctx = self._context(doc, doc_key)
        if ctx is not None:
            try:
                return self.project_findings(ctx, project, None)
            except TypeError:  # the engine's private signature changed: use the public one
                self.build_context = None
        return self.check_project(doc, project)

    def _context(self, doc: Document, key: int) -> Any:
        if self.build_context is None:
            return None
        ctx = self._ctx
        if ctx is None or self._ctx_key != key:
            ctx = self.build_context(doc)
            if not (hasattr(ctx, "doc") and hasattr(ctx, "index")):
                self.build_context = None
                return None
        elif ctx.doc is not doc:
            ctx = copy.copy(ctx)
            ctx.doc = doc
            ctx.index = {id(p): n for n, p in enumerate(doc.projects)}
        self._ctx, self._ctx_key = ctx, key
        return ctx


def _checker() -> Any:
    try:
        from model.rules import check_project
    except ImportError:
        return None
    return _Checker(check_project)


class FindingCache:
    _UNSET: Any = object()

    def __init__(self) -> None:
        self._checker_fn: Any = self._UNSET  # model.rules is imported on first use
        # id(project) → (project, doc key, findings); the project is kept so its id stays unique
        self._cache: dict[int, tuple[Project, int, list[Shown]]] = {}
        self._fingerprints: dict[int, tuple[Project, int]] = {}
        self._last_doc: Document | None = None
        self._last_key = 0

    def _fingerprint(self, p: Project) -> int:
        hit = self._fingerprints.get(id(p))
        if hit is not None and hit[0] is p:
            return hit[1]
        fp = hash(
            (
                p.code,
                p.name,
                p.purpose,
                tuple(p.goals),
                tuple((i.name, i.level2) for i in p.indicators),
            )
        )
        if len(self._fingerprints) > 20000:
            self._fingerprints.clear()
        self._fingerprints[id(p)] = (p, fp)
        return fp

    def _doc_key(self, doc: Document) -> int:
        """What cross-project rules see of the whole document (projects are immutable, so each
        one's part is computed once)."""
        if self._last_doc is doc:
            return self._last_key
        key = hash(
            (
                doc.profile,
                doc.allow_sustainable,
                doc.year,
                doc.money_unit,
                tuple(self._fingerprint(p) for p in doc.projects),
            )
        )
        self._last_doc, self._last_key = doc, key
        return key

    @property
    def _check(self) -> Any:
        if self._checker_fn is self._UNSET:
            self._checker_fn = _checker()
        return self._checker_fn

    def cached_count(self, doc: Document, project: Project) -> int | None:
        """The problem count if already known (None: not computed yet for this version)."""
        hit = self._cache.get(id(project))
        if hit is None or hit[0] is not project or hit[1] != self._doc_key(doc):
            return None
        return sum(1 for s in hit[2] if s.severity != "hint")

    @property
    def available(self) -> bool:
        return self._check is not None

    def for_project(self, doc: Document, project: Project) -> list[Shown]:
        if self._check is None:
            return []
        settings = self._doc_key(doc)
        hit = self._cache.get(id(project))
        if hit is not None and hit[0] is project and hit[1] == settings:
            return hit[2]
        try:
            raw = self._check(doc, project, settings)
        except Exception as exc:  # noqa: BLE001 - a rule bug must not take the editor down
            raw = []
            shown = [Shown("hint", f"校验出错：{exc}", None, None)]
        else:
            shown = []
        for f in raw:
            severity = str(getattr(f.severity, "value", f.severity))
            shown.append(
                Shown(
                    severity,
                    str(f.message),
                    getattr(f, "indicator_id", None),
                    getattr(f, "field", None),
                )
            )
        shown.sort(key=lambda s: _RANK.get(s.severity, 3))
        if len(self._cache) > 5000:
            self._cache.clear()
        self._cache[id(project)] = (project, settings, shown)
        return shown

    def trial(self, doc: Document, project: Project) -> list[Shown]:
        """Findings for a project that is being edited (not cached: the object is temporary)."""
        if self._check is None:
            return []
        trial_doc = replace(
            doc, projects=[project if p.id == project.id else p for p in doc.projects]
        )
        try:
            raw = self._check(trial_doc, project, self._doc_key(trial_doc))
        except Exception:  # noqa: BLE001 - live checking must never break typing
            return []
        return [
            Shown(
                str(getattr(f.severity, "value", f.severity)),
                str(f.message),
                getattr(f, "indicator_id", None),
                getattr(f, "field", None),
            )
            for f in raw
        ]

    def count(self, doc: Document, project: Project) -> int:
        """Errors and warnings (hints are not counted as problems)."""
        return sum(1 for s in self.for_project(doc, project) if s.severity != "hint")


def for_indicator(findings: list[Shown], indicator_id: str) -> list[Shown]:
    return [f for f in findings if f.indicator_id == indicator_id]


def worst(findings: list[Shown]) -> str | None:
    return findings[0].severity if findings else None
