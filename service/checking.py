"""Checking documents: run the rule catalogue, keep what is asked for, and count."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from model import Document, JixiaoError


def explain(rule_id: str) -> str:
    """A rule's rationale and an example fix; JixiaoError for an unknown id."""
    from model.rules import explain as _explain

    return _explain(rule_id)


def rule_ids(rules: Iterable[str]) -> list[str]:
    """The rule ids asked for, normalised; JixiaoError naming the ids there are none of."""
    from model.rules import RULES

    wanted = [r.strip().upper() for r in rules]
    unknown = [r for r in wanted if r not in RULES]
    if unknown:
        raise JixiaoError(
            f"没有编号为 {'、'.join(unknown)} 的规则；可用的编号见 docs/rules.md（JX101…）"
        )
    return wanted


@dataclass(slots=True)
class DocumentCheck:
    """One document's findings (those at or above the severity asked for) and its size."""

    doc: Document
    findings: list[Any]

    def counts(self) -> dict[Any, int]:
        """Findings per severity, every severity present (in order)."""
        return severity_counts(self.findings)

    @property
    def indicator_rows(self) -> int:
        return sum(len(p.indicators) for p in self.doc.projects)

    @property
    def budget_total(self) -> Decimal:
        return sum((p.budget for p in self.doc.projects if p.budget is not None), Decimal(0))


def severity_counts(findings: Iterable[Any]) -> dict[Any, int]:
    from model.rules import Severity

    totals = {sev: 0 for sev in Severity}
    for f in findings:
        totals[f.severity] += 1
    return totals


def check_documents(
    docs: Iterable[Document], *, min_severity: str = "hint", rules: list[str] | None = None
) -> list[DocumentCheck]:
    """Each document's findings at `min_severity` or above, from `rules` only when given."""
    from model.rules import check_document, parse_severity

    floor = parse_severity(min_severity).rank
    only = rule_ids(rules) if rules else None
    return [
        DocumentCheck(doc, [f for f in check_document(doc, only=only) if f.severity.rank >= floor])
        for doc in docs
    ]


def has_errors(checks: Iterable[DocumentCheck]) -> bool:
    return any(f.severity.value == "error" for c in checks for f in c.findings)
