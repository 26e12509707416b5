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


# -- reviewer output (issue 16 item 5): the catalogue, counts per rule, rows for a spreadsheet --


SEVERITY_WORDS = "error/错误、warning/警告、hint/提示"


def severity_name(text: str) -> str:
    """`error`/`warning`/`hint` for any of those words or 错误/警告/提示; JixiaoError otherwise."""
    from model.rules import parse_severity

    return parse_severity(text).value


@dataclass(frozen=True, slots=True)
class RuleEntry:
    """One rule of the catalogue as a reviewer reads it."""

    id: str
    severity: str  # 错误 / 警告 / 提示
    family: str  # 结构与框架, 指标值 …
    title: str


def catalogue() -> list[RuleEntry]:
    """Every rule in id order, in Chinese."""
    from model.rules import RULES

    return [RuleEntry(r.id, r.severity.label, r.family, r.title) for r in RULES.values()]


@dataclass(frozen=True, slots=True)
class RuleCount:
    """How often one rule fired (like ruff's --statistics)."""

    id: str
    severity: str  # error / warning / hint
    label: str  # 错误 / 警告 / 提示
    title: str
    count: int

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.id,
            "severity": self.severity,
            "title": self.title,
            "count": self.count,
        }


def statistics(checks: Iterable[DocumentCheck]) -> list[RuleCount]:
    """Findings counted per rule over the documents: most frequent first, then by id."""
    from collections import Counter

    from model.rules import RULES

    counts = Counter(f.rule for c in checks for f in c.findings)
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [
        RuleCount(
            rule_id,
            RULES[rule_id].severity.value,
            RULES[rule_id].severity.label,
            RULES[rule_id].title,
            n,
        )
        for rule_id, n in ordered
    ]


# A spreadsheet row per finding: Chinese headings, every place as its own column.
CSV_HEADERS = (
    "文档",
    "预算单位",
    "项目序号",
    "项目编码",
    "项目名称",
    "分项绩效目标",
    "指标行",
    "字段",
    "规则",
    "严重程度",
    "规则名称",
    "问题说明",
)


def finding_rows(checks: Iterable[DocumentCheck]) -> list[list[str]]:
    """One row per finding under CSV_HEADERS (text cells; blank where a place does not apply)."""
    from model.rules import RULES

    rows: list[list[str]] = []
    for check in checks:
        doc = check.doc
        number = {p.id: n for n, p in enumerate(doc.projects, 1)}
        names = {p.id: p.name for p in doc.projects}
        for f in check.findings:
            pid = f.project_id
            rows.append(
                [
                    doc.key,
                    doc.dept_name,
                    str(number[pid]) if pid in number else "",
                    f.project_code or "",
                    names.get(pid, "") if pid else "",
                    "" if f.part1_item is None else str(f.part1_item),
                    "" if f.indicator_row is None else str(f.indicator_row),
                    f.field or "",
                    f.rule,
                    f.severity.label,
                    RULES[f.rule].title if f.rule in RULES else "",
                    f.message,
                ]
            )
    return rows
