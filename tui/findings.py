"""The seam to validation (model.rules): findings per project and per document, cached.

The editor never changes a Document or Project in place (see session.py), so a project object's
findings stay valid until an edit replaces the object — or until something that cross-project
rules look at changes elsewhere (codes, names, purposes, goals, indicator names): that is part
of the cache key. Document findings (Part 1, the document as a whole) are kept per Document.
model.rules.Checker does the checking and reuses the document-wide facts between edits.
If model.rules is not installed, there are no findings.
"""

from __future__ import annotations

from collections.abc import Iterable
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
    rule: str = ""
    project_id: str | None = None  # None: Part 1 or the whole document
    row: int | None = None  # 1-based indicator row
    part1_item: int | None = None  # 1-based 分项绩效目标
    location: str = ""  # the stable place a 已核实 mark names (model.dismissals.location_of)

    @property
    def indicator_row(self) -> int | None:  # the name model.dismissals reads
        return self.row


MARK = {"error": "✗", "warning": "!", "hint": "·"}
MARK_SAFE = {"error": "x", "warning": "!", "hint": "."}  # for ambiguous-wide terminals
SEVERITY_NAME = {"error": "错误", "warning": "警告", "hint": "提示"}
_RANK = {"error": 0, "warning": 1, "hint": 2}


def _checker() -> Any:
    """model.rules.Checker (project, projects, document), imported on first use."""
    from model.rules import Checker

    # The editor never changes a project in place (session.py copies it to edit it).
    return Checker(copy_on_write=True)


def _shown(f: Any, project_id: str | None) -> Shown:
    from model.dismissals import location_of

    shown = Shown(
        str(getattr(f.severity, "value", f.severity)),
        str(f.message),
        getattr(f, "indicator_id", None),
        getattr(f, "field", None),
        str(getattr(f, "rule", "")),
        project_id,
        getattr(f, "indicator_row", None),
        getattr(f, "part1_item", None),
    )
    return replace(shown, location=location_of(shown))


def open_findings(doc: Document, found: list[Shown]) -> list[Shown]:
    """The findings not marked 已核实 (a mark holds while its field is unchanged)."""
    if not doc.dismissals:
        return found
    from model.dismissals import split

    return split(doc, found)[0]


def _failed(exc: Exception, project_id: str | None) -> list[Shown]:
    # A rule bug must not take the editor down: say so where the findings would be.
    return [Shown("hint", f"校验出错：{exc}", None, None, project_id=project_id)]


def by_severity(found: Iterable[Shown]) -> list[Shown]:
    """Errors first, then warnings, then hints; the order within each kept."""
    return sorted(found, key=lambda s: _RANK.get(s.severity, 3))


def problems(found: Iterable[Shown]) -> int:
    """Errors and warnings (hints are not counted as problems)."""
    return sum(1 for s in found if s.severity != "hint")


class FindingCache:
    _UNSET: Any = object()

    def __init__(self) -> None:
        self._checker_obj: Any = self._UNSET  # model.rules is imported on first use
        # id(project) → (project, doc key, findings); the project is kept so its id stays unique
        self._cache: dict[int, tuple[Project, int, list[Shown]]] = {}
        self._fingerprints: dict[int, tuple[Project, int]] = {}
        self._last_doc: Document | None = None
        self._last_key = 0
        self._doc_findings: tuple[Document, list[Shown]] | None = None
        self.last_problem = 0  # the problem list's row when it was left (it opens there again)

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
        if self._checker_obj is self._UNSET:
            self._checker_obj = _checker()
        return self._checker_obj

    @property
    def loaded(self) -> bool:
        """Whether the rules are imported yet (importing them takes ≈0.1 s: not before the
        first screen is drawn)."""
        return self._checker_obj is not self._UNSET

    # --- projects ------------------------------------------------------------------------------
    def _cached(self, doc: Document, project: Project) -> list[Shown] | None:
        hit = self._cache.get(id(project))
        if hit is None or hit[0] is not project or hit[1] != self._doc_key(doc):
            return None
        return hit[2]

    def _store(self, doc: Document, project: Project, raw: Iterable[Any]) -> list[Shown]:
        shown = by_severity(_shown(f, project.id) for f in raw)
        if len(self._cache) > 5000:
            self._cache.clear()
        self._cache[id(project)] = (project, self._doc_key(doc), shown)
        return shown

    def cached_count(self, doc: Document, project: Project) -> int | None:
        """The problem count if already known (None: not computed yet for this version)."""
        found = self._cached(doc, project)
        return None if found is None else problems(open_findings(doc, found))

    def for_project(self, doc: Document, project: Project) -> list[Shown]:
        """The project's open findings (those marked 已核实 left out)."""
        return open_findings(doc, self._all_of_project(doc, project))

    def _all_of_project(self, doc: Document, project: Project) -> list[Shown]:
        found = self._cached(doc, project)
        if found is not None:
            return found
        try:
            raw = self._check.project(doc, project)
        except Exception as exc:  # noqa: BLE001 - a rule bug must not take the editor down
            self._cache[id(project)] = (project, self._doc_key(doc), _failed(exc, project.id))
            return self._cache[id(project)][2]
        return self._store(doc, project, raw)

    def check_all_projects(self, doc: Document) -> None:
        """Fill the cache for every project not yet checked (in a worker: ≈0.5 s at 500
        projects), with one document context for all of them."""
        todo = [p for p in doc.projects if self._cached(doc, p) is None]
        if not todo:
            return
        try:
            found = self._check.projects(doc, todo)
        except Exception:  # noqa: BLE001 - one by one, so that a failing rule shows where
            for p in todo:
                self._all_of_project(doc, p)
            return
        for p in todo:
            self._store(doc, p, found.get(p.id, []))

    def count(self, doc: Document, project: Project) -> int:
        """Errors and warnings (hints are not counted as problems)."""
        return problems(self.for_project(doc, project))

    def trial(self, doc: Document, project: Project) -> list[Shown]:
        """Findings for a project that is being edited (not cached: the object is temporary)."""
        trial_doc = replace(
            doc, projects=[project if p.id == project.id else p for p in doc.projects]
        )
        try:
            raw = self._check.project(trial_doc, project)
        except Exception:  # noqa: BLE001 - live checking must never break typing
            return []
        return open_findings(trial_doc, [_shown(f, project.id) for f in raw])

    # --- Part 1 and the whole document ------------------------------------------------------
    def for_document(self, doc: Document) -> list[Shown]:
        """Findings about no project: Part 1 (part1_item set when about one 分项绩效目标) and the
        document as a whole. Cheap (no project is checked), so computed on demand."""
        cached = self._doc_findings
        if cached is not None and cached[0] is doc:
            return cached[1]
        try:
            shown = by_severity(_shown(f, None) for f in self._check.document(doc))
        except Exception as exc:  # noqa: BLE001 - a rule bug must not take the editor down
            shown = _failed(exc, None)
        shown = open_findings(doc, shown)
        self._doc_findings = (doc, shown)
        return shown

    def cached_all(self, doc: Document) -> list[Shown] | None:
        """Every finding of the document, errors first and then in document order — or None
        while some project is not checked yet (see check_all_projects)."""
        found = list(self.for_document(doc))
        for project in doc.projects:
            own = self._cached(doc, project)
            if own is None:
                return None
            found += own or []
        return by_severity(open_findings(doc, found))

    def counts(self, doc: Document) -> dict[str, int] | None:
        """How many errors, warnings and hints the whole document has (None: not all checked)."""
        counts = dict.fromkeys(_RANK, 0)
        for s in self.for_document(doc):
            counts[s.severity] = counts.get(s.severity, 0) + 1
        for project in doc.projects:
            own = self._cached(doc, project)
            if own is None:
                return None
            for s in open_findings(doc, own):
                counts[s.severity] = counts.get(s.severity, 0) + 1
        return counts

    def all(self, doc: Document) -> list[Shown]:
        """Every finding of the document (checks what is not cached: use from a worker)."""
        self.check_all_projects(doc)
        return by_severity(
            self.for_document(doc) + [s for p in doc.projects for s in self.for_project(doc, p)]
        )


def finding_line(f: Shown, wide: bool) -> str:
    """`✗错误【绩效指标】分项绩效目标 2 缺少…` — no ASCII spaces: the detail line wraps Chinese
    anywhere, but would break at a space."""
    marks = MARK_SAFE if wide else MARK
    where = f"【{f.field}】" if f.field else "："
    return f"{marks.get(f.severity, '·')}{SEVERITY_NAME.get(f.severity, '')}{where}{f.message}"


def for_indicator(findings: list[Shown], indicator_id: str) -> list[Shown]:
    return [f for f in findings if f.indicator_id == indicator_id]


def worst(findings: list[Shown]) -> str | None:
    return findings[0].severity if findings else None
