"""The pieces every rule shares: severities, findings, the rule catalogue and its registration."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from .. import fields as F
from ..errors import JixiaoError
from ..values import ValueKind


class Severity(StrEnum):
    ERROR = "error"  # the document is wrong or contradicts itself: fix before handing it in
    WARNING = "warning"  # very likely a defect a reviewer will send back; rarely intended
    HINT = "hint"  # style and hygiene: worth a look, harmless to leave

    @property
    def rank(self) -> int:
        return _RANK[self]

    @property
    def label(self) -> str:
        return _LABEL[self]


_RANK = {Severity.ERROR: 3, Severity.WARNING: 2, Severity.HINT: 1}
_LABEL = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.HINT: "提示"}


def parse_severity(text: str) -> Severity:
    """Severity from `error`/`warning`/`hint` (any case) or 错误/警告/提示; JixiaoError otherwise."""
    word = text.strip()
    for sev in Severity:
        if word.lower() == sev.value or word == sev.label:
            return sev
    raise JixiaoError(
        f"未知的严重程度“{text}”，请用 error、warning 或 hint（也可写 错误、警告、提示）"
    )


# The field names findings use (Hit.field), from model.fields.
CODE, NAME, BUDGET, PURPOSE = (
    F.project_field(a).column for a in ("code", "name", "budget", "purpose")
)
PLAN = F.PLAN_LABEL  # the 资金支出计划 as a whole
GOALS = F.GOALS.label
TABLE = "绩效指标"  # the project's indicator table as a whole
LEVEL1, LEVEL2, IND_NAME, DESCRIPTION, VALUE, BASIS = (
    F.indicator_field(a).column
    for a in ("level1", "level2", "name", "description", "value", "basis")
)

# Every value Finding.field takes: the editor maps them to its columns and Part 1 panes.
PROJECT_FIELDS = (
    *(f.column for f in (*F.PROJECT_FIELDS, *F.PROJECT_LATER_FIELDS)),
    PLAN,
    GOALS,
    TABLE,
)
INDICATOR_FIELDS = tuple(f.column for f in F.INDICATOR_FIELDS)
# The cells of an indicator row an indicator rule may read (Indicator's attributes), for Rule.reads.
ROW_CELLS = ("level1", "level2", "name", "description", "value", "basis")
PART1_FIELDS = ("总体绩效目标", "标题", "绩效目标", "绩效指标")  # Part 1 is not in model.fields
FIELDS = frozenset(PROJECT_FIELDS + INDICATOR_FIELDS + PART1_FIELDS)


QUOTE_LIMIT = 30  # characters of a cell a message quotes at most


def quote(text: str, limit: int = QUOTE_LIMIT) -> str:
    """A cell's text as a message quotes it: trimmed, each line break shown as ⏎ (a finding is
    one line), and at most `limit` characters — a 10,000-character cell is not echoed whole."""
    shown = text.strip()
    if "\n" in shown or "\r" in shown:
        shown = shown.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "⏎")
    if len(shown) > limit:
        shown = shown[: limit - 1] + "…"
    return shown


def _slot_setters(cls: type, names: str) -> tuple[Callable[[Any, Any], None], ...]:
    """The named slots' member descriptors' __set__, for a frozen dataclass's own __init__.

    Its generated __init__ sets each field by object.__setattr__ (frozen forbids plain
    assignment), a global and an attribute looked up and a call per field: 3.2 µs for a
    Finding's ten. The slot's descriptor sets it directly, the same store without the frozen
    check, in half the time — and a county's check makes 22,000 Findings and 18,000 Hits."""
    return tuple(cls.__dict__[name].__set__ for name in names.split())


# init=False, and an __init__ of its own with the generated one's signature and defaults
# (_slot_setters says why); everything else — frozen, equality, hash, repr, replace — is the
# dataclass's.
@dataclass(frozen=True, slots=True, init=False)
class Finding:
    rule: str
    severity: Severity
    message: str
    document: str
    project_id: str | None = None
    project_code: str | None = None
    indicator_row: int | None = None  # 1-based row in the project's indicator grid
    indicator_id: str | None = None
    field: str | None = None  # the Chinese field name: 指标值, 绩效目标, 资金支出计划 …
    part1_item: int | None = None  # 1-based 分项绩效目标 number, for Part 1 findings

    def __init__(
        self,
        rule: str,
        severity: Severity,
        message: str,
        document: str,
        project_id: str | None = None,
        project_code: str | None = None,
        indicator_row: int | None = None,
        indicator_id: str | None = None,
        field: str | None = None,
        part1_item: int | None = None,
    ) -> None:
        _f_rule(self, rule)
        _f_severity(self, severity)
        _f_message(self, message)
        _f_document(self, document)
        _f_project_id(self, project_id)
        _f_project_code(self, project_code)
        _f_indicator_row(self, indicator_row)
        _f_indicator_id(self, indicator_id)
        _f_field(self, field)
        _f_part1_item(self, part1_item)

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "document": self.document,
            "project_code": self.project_code,
            "indicator_row": self.indicator_row,
            "field": self.field,
            "part1_item": self.part1_item,  # the 分项绩效目标 number, for Part 1 findings
        }

    @property
    def where(self) -> str:
        """The place in words: 第 3 行 指标值 / 第一部分 分项目标 2 / 资金支出计划."""
        parts = []
        if self.part1_item is not None:
            parts.append(f"第一部分 分项绩效目标 {self.part1_item}")
        if self.indicator_row is not None:
            parts.append(f"第 {self.indicator_row} 行")
        if self.field:
            parts.append(self.field)
        return " ".join(parts)


(
    _f_rule,
    _f_severity,
    _f_message,
    _f_document,
    _f_project_id,
    _f_project_code,
    _f_indicator_row,
    _f_indicator_id,
    _f_field,
    _f_part1_item,
) = _slot_setters(
    Finding,
    "rule severity message document project_id project_code indicator_row indicator_id field"
    " part1_item",
)


class _FindingBuilt:
    """A Finding being made by new_finding: the same slots, set by plain assignment."""

    __slots__ = Finding.__slots__


def new_finding(
    rule: str,
    severity: Severity,
    message: str,
    document: str,
    project_id: str | None,
    project_code: str | None,
    indicator_row: int | None,
    indicator_id: str | None,
    field: str | None,
    part1_item: int | None,
) -> Finding:
    """Finding(rule, …, part1_item), every field given, for the engine, which makes a county's
    37,000: its slots filled on a twin class with the same slots, by plain assignments that
    3.11 specialises, then the object made a Finding (frozen from then on). 0.72 µs against
    Finding()'s 1.8 (its __init__ calls each slot's __set__, a method wrapper); check --all on
    the county: 6,395 M instructions against 6,525 M. tests/model/test_rules_api.py compares
    the two."""
    made: Any = _new(_FindingBuilt)
    made.rule = rule
    made.severity = severity
    made.message = message
    made.document = document
    made.project_id = project_id
    made.project_code = project_code
    made.indicator_row = indicator_row
    made.indicator_id = indicator_id
    made.field = field
    made.part1_item = part1_item
    made.__class__ = Finding
    finding: Finding = made
    return finding


_new = object.__new__


@dataclass(frozen=True, slots=True, init=False)  # its own __init__, as Finding's
class Hit:
    """What a rule function yields: the message and its place inside the project or document."""

    message: str
    field: str | None = None
    row: int | None = None  # 1-based indicator row
    part1_item: int | None = None

    def __init__(
        self,
        message: str,
        field: str | None = None,
        row: int | None = None,
        part1_item: int | None = None,
    ) -> None:
        _h_message(self, message)
        _h_field(self, field)
        _h_row(self, row)
        _h_part1_item(self, part1_item)


_h_message, _h_field, _h_row, _h_part1_item = _slot_setters(Hit, "message field row part1_item")


class Scope(StrEnum):
    INDICATOR = "indicator"  # fn(ctx, project, row, facts) per indicator row
    PROJECT = "project"  # fn(ctx, project) once per project
    DOCUMENT = "document"  # fn(ctx) once per document (Part 1, document-wide facts)


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    severity: Severity
    title: str  # one line, Chinese
    scope: Scope
    rationale: str  # why it matters, why this severity
    example: str  # a failing value and its fix
    fn: Callable[..., Iterable[Hit]]
    # An indicator rule that reads document-wide facts (other projects) cannot be cached per row.
    cross: bool = False
    # The rows an indicator rule can fire on: the kinds of 指标值 (model.values.ValueKind) and
    # the categories (model.rules.facts: 数量 … 满意度, "" outside the framework) it needs; None:
    # any. The engine calls the rule on no other row — a county has 25,000 rows and ~30 rules,
    # and most rules are about one kind of value — so a rule declares here exactly what its
    # first test already says (tests/model/test_rules_dispatch.py runs it on every other row).
    kinds: frozenset[ValueKind] | None = None
    categories: frozenset[str] | None = None
    # True: it fires only on a percentage (a quantitative value in %); False: never on one.
    # Half the county's values are percentages, and six rules are about nothing else.
    percent: bool | None = None
    # The cells of its row (ROW_CELLS) a row-local rule reads, through the facts or the
    # indicator; None: all six. A rule that reads neither 描述 nor 依据 has its hits kept by
    # those cells alone (engine._NARROW): a county's rows differ mostly in their 描述. Two rows
    # equal in these cells must give it the same hits (tests/model/test_rules_reads.py changes
    # every other cell of a wide pool of rows).
    reads: frozenset[str] | None = None

    @property
    def family(self) -> str:
        return FAMILIES[self.id[2]]


FAMILIES: dict[str, str] = {
    "1": "结构与框架",
    "2": "指标值",
    "3": "金额",
    "4": "一致性与复制粘贴",
    "5": "第一部分",
    "6": "文字规范",
    "7": "运行监控与绩效自评",
}

RULES: dict[str, Rule] = {}


def rule(
    rule_id: str,
    severity: Severity,
    title: str,
    *,
    scope: Scope,
    rationale: str,
    example: str,
    cross: bool = False,
    kinds: Iterable[ValueKind] | None = None,
    categories: Iterable[str] | None = None,
    percent: bool | None = None,
    reads: Iterable[str] | None = None,
) -> Callable[[Callable[..., Iterable[Hit]]], Callable[..., Iterable[Hit]]]:
    """Register a rule function in the catalogue under a stable id.

    An indicator rule must depend only on the row's cells and the document's profile,
    allow_sustainable and year — unless registered with cross=True — so its hits can be cached
    per distinct row (rows repeat across projects and documents). `kinds`, `categories` and
    `percent` (indicator rules only) say which rows it can fire on at all, `reads` which of the
    row's cells it reads (see Rule).
    """
    read = None if reads is None else frozenset(reads)
    # What decides whether the engine calls the rule at all must be among what it reads: the
    # kind of value and whether it is a percentage come from 指标值, the category from the levels.
    needed = {"value"} if kinds is not None or percent is not None else set()
    if categories is not None:
        needed |= {"level1", "level2"}
    if read is not None and not (needed <= read <= set(ROW_CELLS)):  # pragma: no cover
        raise RuntimeError(f"{rule_id}: reads {sorted(read)} must hold {sorted(needed)}")

    def register(fn: Callable[..., Iterable[Hit]]) -> Callable[..., Iterable[Hit]]:
        if rule_id in RULES:  # pragma: no cover - a programming error caught at import
            raise RuntimeError(f"duplicate rule id {rule_id}")
        RULES[rule_id] = Rule(
            rule_id,
            severity,
            title,
            scope,
            rationale.strip(),
            example,
            fn,
            cross,
            None if kinds is None else frozenset(kinds),
            None if categories is None else frozenset(categories),
            percent,
            read,
        )
        return fn

    return register


def explain(rule_id: str) -> str:
    """A rule's title, severity, rationale and example fix, as plain text."""
    found = RULES.get(rule_id.strip().upper())
    if found is None:
        raise JixiaoError(
            f"没有编号为“{rule_id}”的规则，请用 jixiao check --explain 加有效编号，如 JX101"
        )
    return (
        f"{found.id}（{found.severity.label}）{found.title}\n"
        f"类别：{found.family}\n\n"
        f"为什么：{found.rationale}\n\n"
        f"示例：{found.example}\n"
    )
