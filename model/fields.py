"""The one list of the document's fields: where each lives, its Chinese label, the other names
real forms give it, and how it is read from and written as text.

Every place that names fields — merge's change lines, the rules' field names, the CSV and Excel
columns, the Word reader's header aliases and its writer's layouts, the editor's grid and header
form, `jixiao show` — reads them from here, so a new field is added in one place.

Pure: no I/O, no UI. ``Field.text`` and ``Field.set_text`` are the one text form of a field (an
amount as written, the 指标值 as written, goals as lines), shared by every format that is text.

A field the dataclasses have no attribute for is declared with ``stored="extra"``: its value is
the entity's ``extra[label]`` (text; the key is dropped when blank), so it needs no schema
change, and every place listed above shows, reads and compares it like any other field.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from .amounts import (
    DEFAULT_DECIMALS,
    document_decimals,
    format_amount,
    normalise_amount,
    parse_amount,
)
from .entities import Achievement, DeviationCause, Likelihood, Phase, PlanUnit
from .errors import AmountError
from .text import strip_invisible
from .values import entered_value


class Kind(StrEnum):
    """How a field is read, written and edited."""

    TEXT = "text"  # one line of text (项目编码, 三级指标)
    LONG = "long"  # prose that may run to several lines (资金用途, 绩效指标描述)
    LEVEL = "level"  # a name from the indicator framework (一级指标, 二级指标)
    AMOUNT = "amount"  # money in the document's unit: Decimal, blank = None (not 0)
    VALUE = "value"  # a 指标值 in the value grammar (model.values), kept as written
    WEIGHT = "weight"  # a number of points (权重 / 分值)
    LINES = "lines"  # a list of lines (绩效目标): one per line of text
    YEAR = "year"  # a whole year (预算年度)
    CHOICE = "choice"  # one of a fixed set of words (指标体系)


class Entity(StrEnum):
    DOCUMENT = "document"
    PROJECT = "project"
    PLAN = "plan"  # the 资金支出计划 of a project: attributes of Project.plan
    INDICATOR = "indicator"


def compact(label: str) -> str:
    """A label for matching: no white space, half-width colon and brackets."""
    # str.split() splits where re's \s+ matches (both ask Py_UNICODE_ISSPACE; a test holds
    # them to each other on every code point), three times faster: a Word import asks this
    # of ~500 labels.
    return "".join(label.split()).replace(":", "：").replace("(", "（").replace(")", "）")


@dataclass(frozen=True, slots=True)
class Field:
    entity: Entity
    attr: str  # the attribute of the entity's dataclass (Project.plan's, for PLAN)
    label: str  # the label as the official forms print it
    kind: Kind
    short: str = ""  # a shorter heading for narrow columns; the label when blank
    aliases: tuple[str, ...] = ()  # other headings seen in real forms and spreadsheets
    in_word: bool = True  # part of the official Word table of the 2015 layout
    stored: str = "attr"  # "attr": the dataclass attribute; "extra": the entity's extra[label]
    # A CHOICE field's StrEnum, when its words are shown in Chinese (.label) and read from
    # either (.from_text); None: the value is its own text (指标体系 2015 / 2021).
    choice: Any = None
    # The tables the field belongs to (model.entities.Phase values): "target" for the 绩效目标
    # table, "monitor" for the 运行监控表, "evaluate" for the 绩效自评表. A field of a later
    # phase is never a column of the targets' Word table or the editor's target grid.
    phases: tuple[str, ...] = ("target",)
    blank_ok: bool = False  # a CHOICE that may be left blank (its value is then "")

    def __post_init__(self) -> None:
        if self.stored not in ("attr", "extra"):
            raise ValueError(f"{self.label}: stored must be 'attr' or 'extra'")
        if self.stored == "extra" and self.kind not in _TEXT_KINDS:
            raise ValueError(f"{self.label}: a field kept in extra holds text, not {self.kind}")

    @property
    def heading(self) -> str:
        return self.short or self.label

    @property
    def column(self) -> str:
        """The field's own name, for table columns, change lines and findings: the label without
        the 其中： that marks a sub-item in the official form (其中：财政资金 → 财政资金)."""
        return self.label.removeprefix("其中：")

    @property
    def in_extra(self) -> bool:
        return self.stored == "extra"

    @property
    def path(self) -> str:
        """The field's name in merge's field sets: "budget", "plan", "indicators.value"."""
        if self.entity is Entity.INDICATOR:
            return f"indicators.{self.attr}"
        if self.entity is Entity.PLAN:
            return "plan"
        return self.attr

    def names(self) -> tuple[str, ...]:
        """Every heading that means this field: label, short form, aliases."""
        return tuple(dict.fromkeys(n for n in (self.label, self.short, *self.aliases) if n))

    # --- values ---------------------------------------------------------------------------
    def owner(self, obj: Any) -> Any:
        """The object holding the attribute: a project's plan for PLAN fields."""
        return obj.plan if self.entity is Entity.PLAN else obj

    def get(self, obj: Any) -> Any:
        if self.in_extra:
            return self.owner(obj).extra.get(self.label, "")
        return getattr(self.owner(obj), self.attr)

    def set(self, obj: Any, value: Any) -> None:
        if not self.in_extra:
            setattr(self.owner(obj), self.attr, value)
        elif value:
            self.owner(obj).extra[self.label] = value
        else:
            self.owner(obj).extra.pop(self.label, None)

    def text(self, obj: Any) -> str:
        """The field of obj (a Document, Project or Indicator) as text."""
        return self.format(self.get(obj))

    def format(self, value: Any) -> str:
        if self.kind in (Kind.AMOUNT, Kind.WEIGHT):
            return format_amount(value)
        if self.kind is Kind.LINES:
            return "\n".join(value)
        if self.kind is Kind.YEAR:
            return str(value) if value else ""
        if self.choice is not None and isinstance(value, self.choice):
            return str(value.label)
        return "" if value is None else str(value)

    def parse(self, text: str) -> Any:
        """Text → the field's value; AmountError (a JixiaoError) names the field when it is bad."""
        if self.kind is Kind.WEIGHT:
            return parse_amount(text, field=self.column, unit="分")
        if self.kind is Kind.AMOUNT:
            return parse_amount(text, field=self.column)
        if self.kind is Kind.LINES:
            return [line.strip() for line in text.split("\n") if line.strip()]
        if self.kind is Kind.YEAR:
            from .errors import JixiaoError

            text = text.strip()
            if not text:
                return 0
            if not (text.isdigit() and len(text) == 4):
                raise JixiaoError(f"{self.label}“{text}”应为四位年份，如 2024")
            return int(text)
        if self.kind is Kind.VALUE:
            return text.strip()
        if self.choice is not None:
            if self.blank_ok:  # kept as its plain word (a str attribute), or ""
                return self.choice.from_text(text).value if text.strip() else ""
            return self.choice.from_text(text)
        return text.strip() if "\n" not in text else text

    @property
    def multiline(self) -> bool:
        """Whether the field may hold several lines (prose, goal lines): newline and tab are
        kept when text is cleaned; anywhere else they are removed."""
        return self.kind in (Kind.LONG, Kind.LINES)

    def allowed(self, value: Any) -> None:
        """Refuse (JixiaoError, AmountError for money) a value the document may not hold: a
        预算单位编码 or 预算年度 outside its grammar, a negative amount or one of more than two
        decimals (model.identifiers). parse does not: the file formats read back any value a
        database holds; imports check whole documents at the door."""
        from . import identifiers

        if self.kind in (Kind.AMOUNT, Kind.WEIGHT):
            problem = identifiers.amount_problem(value, self.column)
            if problem:
                raise AmountError(problem)
        elif self.kind is Kind.YEAR and value:
            identifiers.check(identifiers.year_problem(value))
        elif self.entity is Entity.DOCUMENT and self.attr == "dept_code" and value:
            identifiers.check(identifiers.dept_code_problem(value))

    def set_text(self, obj: Any, text: str, *, decimals: int = DEFAULT_DECIMALS) -> None:
        """Set the field from text as typed or pasted: control, zero-width and BOM characters
        are removed first (model.text.strip_invisible), as at an import; the value must be
        allowed (see allowed). Typed values are normalised: an amount to the document's
        `decimals` (105.5 → 105.50), a 指标值 as model.values.entered_value writes it (`＞＝９０％`
        → `≥90%`; `50台?` refused with the reason)."""
        text, _ = strip_invisible(text, multiline=self.multiline)
        value = self.parse(text)
        if self.kind is Kind.AMOUNT:
            value = normalise_amount(value, decimals)
        elif self.kind is Kind.VALUE:
            value = entered_value(value)
        self.allowed(value)
        self.set(obj, value)

    def read(self, text: str) -> Any:
        """A cell of a file that keeps text exactly (CSV, Excel) → the value: text as it is
        (spaces kept), amounts parsed (AmountError names the field), lines split."""
        if self.kind is Kind.LINES:
            return text.split("\n") if text else []
        if self.kind in _TEXT_KINDS and self.choice is None:
            return text
        return self.parse(text)

    def is_blank(self, obj: Any) -> bool:
        value = self.get(obj)
        return value is None or value == "" or value == [] or value == 0 and self.kind is Kind.YEAR


# The kinds whose value is a str: the only ones a field kept in ``extra`` may have.
_TEXT_KINDS = frozenset({Kind.TEXT, Kind.LONG, Kind.LEVEL, Kind.VALUE, Kind.CHOICE})

# The name of the ``extra`` dict of an entity where a table or change line shows it whole.
EXTRA_LABEL = "扩展字段"


def _f(entity: Entity, attr: str, label: str, kind: Kind, **more: Any) -> Field:
    return Field(entity, attr, label, kind, **more)


D, P, PL, IND = Entity.DOCUMENT, Entity.PROJECT, Entity.PLAN, Entity.INDICATOR

DOCUMENT_FIELDS: tuple[Field, ...] = (
    _f(D, "dept_code", "预算单位编码", Kind.TEXT, aliases=("单位编码",)),
    _f(D, "dept_name", "预算单位名称", Kind.TEXT, aliases=("单位名称", "预算单位", "部门名称")),
    _f(D, "year", "预算年度", Kind.YEAR, aliases=("年度",)),
    _f(D, "money_unit", "金额单位", Kind.TEXT, aliases=("单位",)),
    _f(D, "profile", "指标体系", Kind.CHOICE, aliases=("指标口径",)),
    _f(D, "plan_unit", "资金支出计划单位", Kind.CHOICE, aliases=("支出计划单位",), choice=PlanUnit),
    _f(D, "phase", "阶段", Kind.CHOICE, aliases=("填报阶段",), choice=Phase),
)

PROJECT_FIELDS: tuple[Field, ...] = (
    _f(P, "code", "项目编码", Kind.TEXT),
    _f(P, "name", "项目名称", Kind.TEXT),
    _f(P, "budget", "预算数", Kind.AMOUNT, aliases=("预算金额", "年度预算数")),
    _f(
        P,
        "fiscal",
        "其中：财政资金",
        Kind.AMOUNT,
        short="财政资金",
        aliases=("财政拨款", "其中：财政拨款"),
    ),
    _f(P, "other", "其他资金", Kind.AMOUNT),
    _f(P, "purpose", "资金用途", Kind.LONG),
)

# 资金支出计划: cumulative amounts at the four checkpoints (model.entities.PLAN_CHECKPOINTS).
PLAN_LABEL = "资金支出计划"
PLAN_FIELDS: tuple[Field, ...] = (
    _f(PL, "mar", "3月底", Kind.AMOUNT),
    _f(PL, "jun", "6月底", Kind.AMOUNT),
    _f(PL, "oct", "10月底", Kind.AMOUNT),
    _f(PL, "dec", "12月底", Kind.AMOUNT),
)

MONITOR, EVALUATE = ("monitor",), ("evaluate",)
BOTH_LATER = ("monitor", "evaluate")

# A project's fields of the 运行监控表 and 绩效自评表 (not in the targets' header table).
PROJECT_LATER_FIELDS: tuple[Field, ...] = (
    _f(
        P,
        "annual_budget",
        "全年预算数",
        Kind.AMOUNT,
        aliases=("年度预算数（全年）",),
        in_word=False,
        phases=BOTH_LATER,
    ),
    _f(
        P,
        "executed_to_date",
        "截至当期执行数",
        Kind.AMOUNT,
        aliases=("截至目前执行数", "当期执行数", "1-6月执行数"),
        in_word=False,
        phases=MONITOR,
    ),
    _f(
        P,
        "executed",
        "全年执行数",
        Kind.AMOUNT,
        aliases=("执行数", "年度执行数"),
        in_word=False,
        phases=EVALUATE,
    ),
    _f(
        P,
        "completion",
        "年度总体目标完成情况",
        Kind.LONG,
        short="目标完成情况",
        aliases=("总体目标完成情况", "实际完成情况", "年度目标完成情况"),
        in_word=False,
        phases=BOTH_LATER,
    ),
)

GOALS = _f(P, "goals", "绩效目标", Kind.LINES, aliases=("年度绩效目标", "项目绩效目标"))

INDICATOR_FIELDS: tuple[Field, ...] = (
    _f(IND, "level1", "一级指标", Kind.LEVEL, aliases=("一级",)),
    _f(IND, "level2", "二级指标", Kind.LEVEL, aliases=("二级",)),
    _f(IND, "name", "三级指标", Kind.TEXT, aliases=("三级", "指标名称")),
    _f(
        IND,
        "description",
        "绩效指标描述",
        Kind.LONG,
        short="指标描述",
        aliases=("指标解释", "指标内容"),
    ),
    _f(IND, "value", "指标值", Kind.VALUE, aliases=("目标值", "年度指标值")),
    _f(
        IND,
        "basis",
        "指标值确定依据",
        Kind.LONG,
        short="确定依据",
        aliases=("指标值设定依据",),
    ),
    # Kept per indicator by real systems and asked for by 财预〔2021〕101号.
    _f(IND, "previous_value", "上年指标值", Kind.VALUE, aliases=("上年值",), in_word=False),
    _f(IND, "formula", "计算公式", Kind.LONG, aliases=("指标计算公式",), in_word=False),
    _f(
        IND,
        "score_weight",
        "权重",
        Kind.WEIGHT,
        aliases=("指标权重", "分值", "权重(分值)", "权重（分值）"),
        in_word=False,
        phases=("target", "evaluate"),
    ),
    # 运行监控表 (mid-year).
    _f(
        IND,
        "actual_to_date",
        "截至当期实际完成值",
        Kind.VALUE,
        short="当期完成值",
        aliases=("1-6月实际完成值", "截至目前完成值", "当期实际完成值"),
        in_word=False,
        phases=MONITOR,
    ),
    _f(
        IND,
        "forecast",
        "全年预计完成值",
        Kind.VALUE,
        short="预计完成值",
        aliases=("全年预计完成情况", "预计全年完成值"),
        in_word=False,
        phases=MONITOR,
    ),
    _f(
        IND,
        "deviation_cause",
        "偏差原因",
        Kind.CHOICE,
        aliases=("偏差原因分类",),
        in_word=False,
        phases=MONITOR,
        choice=DeviationCause,
        blank_ok=True,
    ),
    _f(
        IND,
        "likelihood",
        "完成目标可能性",
        Kind.CHOICE,
        short="完成可能性",
        aliases=("完成目标的可能性",),
        in_word=False,
        phases=MONITOR,
        choice=Likelihood,
        blank_ok=True,
    ),
    # 绩效自评表 (after the year).
    _f(
        IND,
        "actual",
        "实际完成值",
        Kind.VALUE,
        aliases=("全年实际完成值", "实际值"),
        in_word=False,
        phases=EVALUATE,
    ),
    _f(
        IND,
        "achievement",
        "完成程度",
        Kind.CHOICE,
        aliases=("达成情况", "完成情况"),
        in_word=False,
        phases=EVALUATE,
        choice=Achievement,
        blank_ok=True,
    ),
    _f(IND, "score", "得分", Kind.WEIGHT, aliases=("自评得分",), in_word=False, phases=EVALUATE),
    _f(
        IND,
        "deviation",
        "偏差原因分析及改进措施",
        Kind.LONG,
        short="偏差分析",
        aliases=("偏差原因分析及改进", "偏差原因及改进措施", "未完成原因和改进措施"),
        in_word=False,
        phases=EVALUATE,
    ),
)

# A project's fields in the order of the official header table, then those of the later tables.
PROJECT_HEADER: tuple[Field, ...] = (*PROJECT_FIELDS, *PLAN_FIELDS, GOALS, *PROJECT_LATER_FIELDS)
ALL_FIELDS: tuple[Field, ...] = (*DOCUMENT_FIELDS, *PROJECT_HEADER, *INDICATOR_FIELDS)

# The indicator fields of the 2015 Word table (the first six), and the targets' fields added
# after them (shown where used: the 2021 layout, the editor's extra columns).
WORD_INDICATOR_FIELDS: tuple[Field, ...] = tuple(f for f in INDICATOR_FIELDS if f.in_word)
MORE_INDICATOR_FIELDS: tuple[Field, ...] = tuple(
    f for f in INDICATOR_FIELDS if not f.in_word and "target" in f.phases
)


def phase_fields(fields: Iterable[Field], phase: str) -> tuple[Field, ...]:
    """The fields of the table of a phase ("monitor", "evaluate"), in order; for "target",
    those that belong to the targets."""
    return tuple(f for f in fields if phase in f.phases)


# The 运行监控表 and 绩效自评表 columns of an indicator, after its targets (level1…指标值).
MONITOR_INDICATOR_FIELDS: tuple[Field, ...] = phase_fields(INDICATOR_FIELDS, "monitor")
EVALUATE_INDICATOR_FIELDS: tuple[Field, ...] = phase_fields(INDICATOR_FIELDS, "evaluate")
MONITOR_PROJECT_FIELDS: tuple[Field, ...] = phase_fields(PROJECT_LATER_FIELDS, "monitor")
EVALUATE_PROJECT_FIELDS: tuple[Field, ...] = phase_fields(PROJECT_LATER_FIELDS, "evaluate")
# Every field that only a later phase fills in.
LATER_FIELDS: tuple[Field, ...] = tuple(
    f for f in (*PROJECT_LATER_FIELDS, *INDICATOR_FIELDS) if "target" not in f.phases
)


def amount_decimals(doc: Any) -> int:
    """The decimals the document writes its amounts with (model.amounts.document_decimals):
    what a typed amount is normalised to."""
    amounts = (
        f.get(p)
        for p in doc.projects
        for f in (*PROJECT_FIELDS, *PLAN_FIELDS)
        if f.kind is Kind.AMOUNT
    )
    return document_decimals(amounts)


def fields_of(entity: Entity) -> tuple[Field, ...]:
    return tuple(f for f in ALL_FIELDS if f.entity is entity)


def field(entity: Entity | str, attr: str) -> Field:
    """The field of an entity by attribute name; KeyError when there is none."""
    entity = Entity(entity)
    for f in ALL_FIELDS:
        if f.entity is entity and f.attr == attr:
            return f
    raise KeyError(f"{entity}.{attr}")


def indicator_field(attr: str) -> Field:
    return field(Entity.INDICATOR, attr)


def project_field(attr: str) -> Field:
    if attr == "goals":
        return GOALS
    return field(Entity.PROJECT, attr)


def label_index(candidates: Iterable[Field]) -> dict[str, Field]:
    """Heading (compacted) → field, over every name of every candidate. The first field to
    claim a name keeps it, so list the more specific fields first."""
    index: dict[str, Field] = {}
    for f in candidates:
        for name in f.names():
            index.setdefault(compact(name), f)
    return index


def by_label(label: str, candidates: Iterable[Field] = ALL_FIELDS) -> Field | None:
    """The field a heading means (label, short form or alias; spaces ignored), or None."""
    return label_index(candidates).get(compact(label))


def undeclared(entity: Entity | str, extra: dict[str, str]) -> dict[str, str]:
    """The part of an ``extra`` dict that no field of the entity declares (shown as 扩展字段)."""
    entity = Entity(entity)
    declared = {f.label for f in ALL_FIELDS if f.entity is entity and f.in_extra}
    return {k: v for k, v in extra.items() if k not in declared}


def in_use(candidates: Iterable[Field], objects: Iterable[Any]) -> tuple[Field, ...]:
    """The candidates that at least one of the objects has filled in."""
    objects = list(objects)
    return tuple(f for f in candidates if any(not f.is_blank(o) for o in objects))


def labels(entity: Entity | str) -> dict[str, str]:
    """attribute → label, for one entity (plan fields under their checkpoint names)."""
    entity = Entity(entity)
    return {f.attr: f.label for f in ALL_FIELDS if f.entity is entity}


__all__ = [
    "ALL_FIELDS",
    "EVALUATE_INDICATOR_FIELDS",
    "EVALUATE_PROJECT_FIELDS",
    "LATER_FIELDS",
    "MONITOR_INDICATOR_FIELDS",
    "MONITOR_PROJECT_FIELDS",
    "PROJECT_LATER_FIELDS",
    "phase_fields",
    "DOCUMENT_FIELDS",
    "EXTRA_LABEL",
    "GOALS",
    "INDICATOR_FIELDS",
    "MORE_INDICATOR_FIELDS",
    "PLAN_FIELDS",
    "PLAN_LABEL",
    "PROJECT_FIELDS",
    "PROJECT_HEADER",
    "WORD_INDICATOR_FIELDS",
    "Entity",
    "amount_decimals",
    "Field",
    "Kind",
    "by_label",
    "compact",
    "field",
    "fields_of",
    "in_use",
    "indicator_field",
    "label_index",
    "labels",
    "project_field",
    "undeclared",
]
