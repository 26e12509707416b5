"""Checking documents: run the rule catalogue, keep what is asked for, and count."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from operator import attrgetter
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
    """One document's findings (those at or above the severity asked for) and its size.

    findings: the open ones (they count for the exit code); dismissed: those marked 已核实,
    each with its Dismissal (model.dismissals), shown only when asked for."""

    doc: Document
    findings: list[Any]
    dismissed: list[tuple[Any, Any]] = field(default_factory=list)
    _numbers: dict[str, int] | None = None

    def place(self, finding: Any) -> str:
        """The finding's typeable place (`3.1`), as `--dismiss RULE@PLACE` takes it."""
        from model.dismissals import project_numbers, short_place

        if self._numbers is None:
            self._numbers = project_numbers(self.doc)
        return short_place(self.doc, finding, self._numbers)

    def fixable(self) -> int:
        """How many of the open findings `fix` would correct (model.rules.plan_fixes)."""
        from model.rules import plan_fixes

        return sum(len(c.rules) for c in plan_fixes(self.doc, self.findings))

    def tag(self, finding: Any) -> str:
        """`JX210@3.1`: the rule and the place, printed with each finding."""
        return f"{finding.rule}@{self.place(finding)}"

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
    """Findings per severity, every severity present (in order): counted in C (Counter over
    the severities), not by a Python loop — a county's check --all counts 22,000."""
    from model.rules import Severity

    counted = Counter(map(_SEVERITY, findings))
    return {sev: counted[sev] for sev in Severity}


_SEVERITY = attrgetter("severity")


def check_documents(
    docs: Iterable[Document], *, min_severity: str = "hint", rules: list[str] | None = None
) -> list[DocumentCheck]:
    """Each document's findings at `min_severity` or above, from `rules` only when given."""
    return list(check_each(docs, min_severity=min_severity, rules=rules))


# Documents checked between two clearings of the rules' caches (model.rules.engine): they keep
# each document's texts as keys, so a county's check --all held every document's strings at the
# end (30 MB of 10 MB of file). Clearing every 10 documents holds ~10 documents' worth for ~2 %
# more CPU (every document: 17 %); a check of fewer documents (the editor's) never clears them.
# A clearing keeps the caches keyed by the short cells documents share (level names, 三级 names,
# 指标值: engine.clear_caches(keep_values=True)): a county's 3,226 distinct 指标值 are then parsed
# once, not 6,185 times (6,572 → 6,395 M instructions of check --all, +1.4 MB at the peak).
CACHE_SPAN = 10


def check_each(
    docs: Iterable[Document], *, min_severity: str = "hint", rules: list[str] | None = None
) -> Iterator[DocumentCheck]:
    """check_documents one document at a time, each checked when the caller asks for it: with
    docs from store.iter_documents, a caller that keeps only what it prints (a tally, the
    findings) holds one document at a time. The severity and the rules are checked now."""
    from model.rules import parse_severity

    floor = parse_severity(min_severity).rank
    only = rule_ids(rules) if rules else None
    return _checked(docs, floor, only)


def _checked(
    docs: Iterable[Document], floor: int, only: list[str] | None
) -> Iterator[DocumentCheck]:
    from model.dismissals import split
    from model.rules import Severity, check_document
    from model.rules.context import forget
    from model.rules.engine import clear_caches

    every = floor <= min(s.rank for s in Severity)  # --min-severity hint (the default)
    for n, doc in enumerate(docs):
        if n and n % CACHE_SPAN == 0:
            clear_caches(keep_values=True)
        found = check_document(doc, only=only)
        if not every:  # 22,000 findings a county: none tested when all of them are wanted
            found = [f for f in found if f.severity.rank >= floor]
        forget(doc)  # checked once: its cached context would keep it whole until the clearing
        active, dismissed = split(doc, found)
        yield DocumentCheck(doc, active, dismissed)
        # Not held while the next one is read: the caller may have let go of it already.
        del doc, found, active, dismissed


def has_errors(checks: Iterable[DocumentCheck]) -> bool:
    return any(f.severity.value == "error" for c in checks for f in c.findings)


# --- 已核实 (dismissals) and quick fixes --------------------------------------------------------


def identity(store: Any) -> tuple[str, str]:
    """(who, when) for a mark made now: the store's user and clock (storage.identity)."""
    import datetime as dt

    from storage import current_user

    user = getattr(store, "user", None) or current_user()
    clock = getattr(store, "clock", None)
    now = clock() if clock is not None else dt.datetime.now(dt.UTC)
    return user.display or user.login, now.astimezone().isoformat(timespec="seconds")


def findings_at(doc: Document, target: str) -> list[Any]:
    """The findings `RULE@PLACE` names (open or dismissed); JixiaoError when there are none."""
    from model.dismissals import parse_target, project_numbers, short_place
    from model.rules import check_document

    rule, place = parse_target(target)
    rule_ids([rule])
    numbers = project_numbers(doc)
    found = [f for f in check_document(doc, only=[rule]) if short_place(doc, f, numbers) == place]
    if not found:
        raise JixiaoError(
            f"文档 {doc.key} 的 {_place_words(place)} 没有 {rule} 的问题；"
            "位置请照检查结果中每条问题前的“规则@位置”填写"
        )
    return found


def _place_words(place: str) -> str:
    head, _, row = place.partition(".")
    if head == "0":
        return f"第一部分 分项绩效目标 {row}" if row else "第一部分"
    return f"项目 {head} 第 {row} 行" if row else f"项目 {head}"


@dataclass(slots=True)
class Dismissed:
    """What `dismiss` did: the marks made and the revision saved."""

    doc: Document
    marks: list[Any]
    revision: int


def dismiss(store: Any, key: str | None, targets: list[str], reason: str) -> Dismissed:
    """Mark the findings at each `RULE@PLACE` as 已核实 with `reason`, by the store's user, now;
    saved as one revision through the merging save (a colleague's save in between is merged)."""
    from model.dismissals import dismiss as mark

    from .documents import load
    from .merging import save_merging

    doc, revision = load(store, key)
    found = [f for target in targets for f in findings_at(doc, target)]
    by, at = identity(store)
    new, marks = mark(doc, found, reason, by, at)
    outcome = save_merging(store, new, revision, doc)
    if outcome.revision is None:  # pragma: no cover - marks merge without conflicts
        raise JixiaoError(f"文档 {doc.key} 未能保存核实：{outcome.conflicts[0].line()}")
    return Dismissed(outcome.doc, marks, outcome.revision)


def undismiss(store: Any, key: str | None, targets: list[str]) -> Dismissed:
    """Take back the 已核实 marks at each `RULE@PLACE` (the finding is open again), as one
    revision through the merging save; JixiaoError naming a place that has no mark."""
    from model.dismissals import location_of
    from model.dismissals import undismiss as unmark

    from .documents import load
    from .merging import save_merging

    doc, revision = load(store, key)
    marks = {d.key: d for d in doc.dismissals}
    gone = []
    for target in targets:
        found = [
            marks[k] for f in findings_at(doc, target) if (k := (f.rule, location_of(f))) in marks
        ]
        if not found:
            raise JixiaoError(f"文档 {doc.key} 的 {target.strip()[:30]} 没有已核实的标记")
        gone += found
    outcome = save_merging(store, unmark(doc, [d.key for d in gone]), revision, doc)
    if outcome.revision is None:  # pragma: no cover - marks merge without conflicts
        raise JixiaoError(f"文档 {doc.key} 未能保存：{outcome.conflicts[0].line()}")
    return Dismissed(outcome.doc, gone, outcome.revision)


@dataclass(slots=True)
class Fixed:
    """What `fix` did (or, dry, would do): the changes, one per field, and the revision saved."""

    doc: Document
    changes: list[Any]
    revision: int | None  # None: nothing written (a dry run, or nothing to fix)


def fix(
    store: Any, key: str | None, *, rules: list[str] | None = None, dry_run: bool = False
) -> Fixed:
    """Apply every mechanical fix of the document's open findings (of `rules` when given) as
    ONE revision through the merging save; with dry_run, only list them."""
    from model.dismissals import split
    from model.rules import apply_fixes, check_document, plan_fixes

    from .documents import load
    from .merging import save_merging

    doc, revision = load(store, key)
    only = rule_ids(rules) if rules else None
    active, _ = split(doc, check_document(doc, only=only))
    changes = plan_fixes(doc, active)
    if dry_run or not changes:
        return Fixed(doc, changes, None)
    outcome = save_merging(store, apply_fixes(doc, changes), revision, doc)
    if outcome.revision is None:
        raise JixiaoError(
            f"文档 {doc.key} 未能保存修正：{outcome.conflicts[0].line()}；请重新检查后再修正"
        )
    return Fixed(outcome.doc, changes, outcome.revision)


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
    return rule_counts(f for c in checks for f in c.findings)


def rule_counts(findings: Iterable[Any]) -> list[RuleCount]:
    """statistics over findings gathered by the caller (check --all keeps them, not the
    documents)."""
    from collections import Counter

    from model.rules import RULES

    counts = Counter(f.rule for f in findings)
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


# -- county summary (issue 17 item 4): one line per document, units ranked by errors, warnings --


@dataclass(frozen=True, slots=True)
class DocumentTally:
    """One document's open findings counted per severity, with what identifies the unit: a
    line of `check --all`'s summary and of the editor's document list."""

    key: str
    dept_code: str
    dept_name: str
    year: int
    projects: int
    budget: Decimal  # sum of the filled 预算数 (blank ones are skipped, not taken as 0)
    counts: dict[str, int]  # severity value (error/warning/hint) → open findings
    money_unit: str = "万元"  # the document's own (金额单位): budget is in it

    @property
    def budget_yuan(self) -> Decimal:
        """The budget in 元, to compare documents kept in different units (an unknown unit
        is taken as 万元, the default)."""
        return self.budget * _YUAN.get(self.money_unit, _YUAN["万元"])

    @property
    def errors(self) -> int:
        return self.counts.get("error", 0)

    @property
    def warnings(self) -> int:
        return self.counts.get("warning", 0)

    @property
    def hints(self) -> int:
        return self.counts.get("hint", 0)

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "dept_code": self.dept_code,
            "dept_name": self.dept_name,
            "year": self.year,
            "projects": self.projects,
            "budget": str(self.budget),
            "money_unit": self.money_unit,
            "errors": self.errors,
            "warnings": self.warnings,
            "hints": self.hints,
        }


_YUAN = {"元": Decimal(1), "百元": Decimal(100), "千元": Decimal(1000), "万元": Decimal(10000)}
_YUAN["亿元"] = Decimal(100000000)


def tally(check: DocumentCheck) -> DocumentTally:
    """A checked document as one summary line."""
    doc = check.doc
    counts = {sev.value: n for sev, n in check.counts().items()}
    return DocumentTally(
        doc.key,
        doc.dept_code,
        doc.dept_name,
        doc.year,
        len(doc.projects),
        check.budget_total,
        counts,
        doc.money_unit,
    )


def ranked(tallies: Iterable[DocumentTally]) -> list[DocumentTally]:
    """Most errors first, then most warnings, then most hints; ties by 单位编码 and 年度, so
    the order is the same on every run."""
    return sorted(tallies, key=lambda t: (-t.errors, -t.warnings, -t.hints, t.dept_code, t.year))


def summarize(checks: Iterable[DocumentCheck]) -> list[DocumentTally]:
    """`check --all`'s summary: one tally per document, ranked (see ranked). Given check_each,
    only the tallies are kept: one document is held at a time (not even the last one while
    the next is read)."""
    tallies = []
    for check in checks:
        tallies.append(tally(check))
        del check
    return ranked(tallies)
