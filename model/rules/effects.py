"""JX23x — whether an indicator can be measured: ratios that say what is divided by what, rate
names a reader knows, changes with a baseline, graded qualitative values, counts of what the money
buys, and a name and description that measure the same thing.

Every rule here is an indicator rule over the row's own cells (cached per distinct row), and
returns its hits as a tuple rather than yielding them (see rules/values.py).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..entities import Indicator, Project
from ..values import ValueKind
from . import vocab
from .base import DESCRIPTION, IND_NAME, VALUE, Hit, Scope, Severity, quote, rule
from .context import DocContext
from .facts import CATEGORY_NAMES, COST, EFFECT, QUALITY, QUANTITY, SATISFACTION, Facts
from .values import unmeasurable_gain

IND = Scope.INDICATOR


def _percent(facts: Facts) -> bool:
    q = facts.value.quantity
    return facts.value.kind is ValueKind.QUANTITATIVE and q is not None and q.is_percent


def _defined(facts: Facts) -> bool:
    """The description says how the number is made: a division, a formula or a baseline."""
    d = facts.description
    return bool(vocab.DIVISION.search(d) or vocab.BASELINE.search(d))


def _coined(facts: Facts) -> bool:
    """A 三级 name ending in 率 that is not a common rate, and that nothing explains."""
    core = facts.name_core
    return (
        core.endswith("率")
        and core not in CATEGORY_NAMES
        and not vocab.known_rate(core)
        and facts.category not in (SATISFACTION, COST)
        and not _defined(facts)
        and unmeasurable_gain(facts) is None  # JX218 speaks for 办公效率提高比例 and its kin
    )


@rule(
    "JX230",
    Severity.WARNING,
    "效益比率没有说明怎么计算",
    scope=IND,
    rationale="效益指标写成百分比（“群众生活水平 ≥30%”），描述却没有说明是什么占什么的比例、和什么相比，"
    "年终自评时无法算出实际值，只能照填。常用的比率（就业率、覆盖率）读者都懂，不在此列；"
    "“办公效率提高 N%”由 JX218 负责。描述补一句就能改好，但不补就无法评价，故为“警告”。",
    example="效益指标“群众生活水平 ≥30%”、描述“群众生活水平” → 描述写“补偿后人均收入较上年增长的比例”，"
    "或改为可统计的指标。",
    kinds=(ValueKind.QUANTITATIVE,),
    categories=(EFFECT,),
    percent=True,
    reads=("level1", "level2", "name", "description", "value"),
)
def effect_ratio_undefined(
    ctx: DocContext, project: Project, row: int, ind: Indicator, facts: Facts
) -> tuple[Hit, ...]:
    if (
        facts.category != EFFECT
        or not _percent(facts)
        or facts.name in CATEGORY_NAMES
        or vocab.known_rate(facts.name_core)
        or _defined(facts)
        or _coined(facts)
        or unmeasurable_gain(facts) is not None
        or vocab.CHANGE.search(facts.text)  # a change: JX232 asks for its baseline
    ):
        return ()
    return (
        Hit(
            f"效益指标“{quote(facts.shown)}”的值是百分比“{quote(ind.value)}”，描述却没有说明"
            "是什么占什么的比例（或与什么相比）；请在描述中写明计算方法，如“A 占 B 的比例”",
            DESCRIPTION,
        ),
    )


@rule(
    "JX231",
    Severity.WARNING,
    "自造的比率名称没有解释",
    scope=IND,
    rationale="“可持续服务率”这类名称不在常用指标之列（发放率、覆盖率、合格率、按时完成率……），描述也只是"
    "把名称重复一遍，读者不知道它量的是什么，年终无法核实。这类指标多半是凑数；描述写清"
    "“A 占 B 的比例”就能保留。比率名称是否常用有时需要判断，故为“警告”。",
    example="“可持续服务率 ≥90%”、描述“占地的可持续服务率” → 改为可统计的指标，"
    "或在描述中写明“……占……的比例”。",
    reads=("level1", "level2", "name", "description", "value"),
)
def coined_rate(
    ctx: DocContext, project: Project, row: int, ind: Indicator, facts: Facts
) -> tuple[Hit, ...]:
    if _coined(facts):
        return (
            Hit(
                f"三级指标“{quote(facts.shown)}”不是常用的指标名称，描述也没有说明它怎么计算；"
                "请在描述中写明“A 占 B 的比例”，或改用常用的可统计指标",
                IND_NAME,
            ),
        )
    return ()


# What the regex 增长率$ finds, as an ending: $ matches before a final line break too. A test of
# the end, not a search of the name (≈300 against ≈2,000 instructions; ~4,000 rows a county).
_GROWTH_RATE = ("增长率", "增长率\n")


@rule(
    "JX232",
    Severity.WARNING,
    "增减 N% 没有基数",
    scope=IND,
    rationale="“收入提高 ≥10%”“投诉减少 ≥20%”要有比较的起点：比上年、比实施前，还是比某个基数？"
    "名称、描述和依据都没有写，年终就无法核实是否达到。“办公效率提高”这类本身无法计量的由 JX218 负责，"
    "名为“…增长率”的按惯例与上年相比，不在此列。补上基数即可，故为“警告”。",
    example="“农户收入提高比例 ≥10%”、描述“农户收入提高的比例” → 描述写“农户人均收入较上年提高的比例”，"
    "依据写上年人均收入。",
    kinds=(ValueKind.QUANTITATIVE,),
    percent=True,
)
def change_without_baseline(
    ctx: DocContext, project: Project, row: int, ind: Indicator, facts: Facts
) -> tuple[Hit, ...]:
    if (
        not _percent(facts)
        or facts.category == SATISFACTION
        or facts.name_core.endswith(_GROWTH_RATE)
        or unmeasurable_gain(facts) is not None
    ):
        return ()
    m = vocab.CHANGE.search(facts.text)
    if m is None or vocab.BASELINE.search(facts.text + " " + ind.basis):
        return ()
    return (
        Hit(
            f"“{quote(facts.shown)}”要求{m.group(0)}“{quote(ind.value)}”，但名称、描述和依据都没有写"
            f"与什么相比；请写明基数（如“较上年”）",
            DESCRIPTION,
        ),
    )


@rule(
    "JX233",
    Severity.WARNING,
    "定性指标值没有分级",
    scope=IND,
    rationale="定性的指标值年终要按“达成 / 部分达成 / 未达成”或“好 / 较好 / 一般 / 差”评分。"
    "“得到保障”“持续推进”这样的话没有分级，也没有注明“定性”，评价时无从判断达到与否。"
    "只看质量和效益指标（数量、满意度由 JX213 负责）；改写一下即可，故为“警告”。",
    example="效益指标“村民生活得到保障” → “村民生活明显改善”或“好（定性）”。",
    kinds=(ValueKind.QUALITATIVE,),
    categories=(
        QUALITY,
        EFFECT,
    ),
    reads=("level1", "level2", "value"),
)
def qualitative_graded(
    ctx: DocContext, project: Project, row: int, ind: Indicator, facts: Facts
) -> tuple[Hit, ...]:
    if facts.value.kind is not ValueKind.QUALITATIVE or facts.category not in (QUALITY, EFFECT):
        return ()
    raw = facts.value.raw.strip()
    if not raw or raw[0].isdigit() or raw[0] in "≥≤<>=" or vocab.GRADED.search(raw):
        return ()
    return (
        Hit(
            f"指标值“{quote(raw)}”是文字，但没有分级（好/较好/一般/差、达成/未达成）也没有注明定性；"
            "请写成可评价的等级，或改为数值",
            VALUE,
        ),
    )


@rule(
    "JX234",
    Severity.WARNING,
    "数量指标数的是单位本来就有的",
    scope=IND,
    rationale="数量指标是这笔钱要完成的量（发放人数、检查次数、硬化面积）。“管辖村数量 34个”"
    "“已脱贫人口 2405人”数的是单位本来就有、不花钱也不会变的东西，年终一定“完成”，衡量不出项目做了什么。"
    "偶有按辖区全覆盖的项目，故为“警告”。",
    example="“管辖村数量 34个” → “开展普查的村数 34个”或“入户登记 1200户”。",
    kinds=(ValueKind.QUANTITATIVE,),
    categories=(QUANTITY,),
    percent=False,
)
def counts_what_it_has(
    ctx: DocContext, project: Project, row: int, ind: Indicator, facts: Facts
) -> tuple[Hit, ...]:
    q = facts.value.quantity
    if (
        facts.category != QUANTITY
        or facts.value.kind is not ValueKind.QUANTITATIVE
        or q is None
        or q.is_percent
        or q.money_unit is not None
    ):
        return ()
    text = facts.text + " " + ind.basis
    m = vocab.POSSESSION.search(text)
    if m is None or vocab.ACTION.search(facts.text):
        return ()
    shown = facts.description if facts.name in CATEGORY_NAMES else facts.shown
    return (
        Hit(
            f"数量指标“{quote(shown)}”（{quote(ind.value)}）数的是单位本来就有的（“{m.group(0)}”），"
            "不是这笔钱完成的量；请改为本项目完成的数量（如开展次数、发放人数）",
            IND_NAME,
        ),
    )


# What a name or description measures, read from its last word.
_TAIL_CHARS = "的。.；;，,%％ \t\n\u3000"
_TAIL_PAREN = re.compile(r"[(（][^()（）]{0,20}[)）]$")  # bounded: linear on hostile text
# Tested with str.endswith: _strip_tail leaves no line break at the end, so this is what the
# regexes `(?:率|比例|…)$` said, without trying them at every position of a long description.
_KINDS = (
    ("比率", ("率", "比例", "比率", "占比", "百分比", "满意度")),
    ("金额", ("金额", "资金", "经费", "费用", "支出", "成本", "投入", "单价", "造价", "工资", "价格", "款")),
    (
        "数量",
        (
            "人数", "人次", "户数", "数量", "个数", "次数", "件数", "份数", "面积", "亩数", "长度",
            "里程", "台数", "场次", "村数",
        ),
    ),
)  # fmt: skip


def _strip_tail(text: str) -> str:
    """The text without what may follow its last word: （%）, 情况, 的, punctuation."""
    s = text
    # A round of the loop changes nothing when the text does not end with a character any of its
    # steps removes (_TAIL_LAST): that ends it before the round, not after (most descriptions,
    # and each of a county's "…(58)" after its bracket is cut: ≈2.1 against ≈1.5 µs).
    while s[-1:] in _TAIL_LAST:
        before = s
        s = s.rstrip(_TAIL_CHARS).removesuffix("情况")
        if s.endswith((")", "）")):
            # Only the end can match; re reads a negative pos as 0 (without max(): ≈1,300
            # fewer instructions a search, one for most of a county's descriptions)
            tail = _TAIL_PAREN.search(s, len(s) - 22)
            if tail is not None:
                s = s[: tail.start()]
        if s == before:
            return s
    return s


# The last characters _strip_tail's steps can remove: its stripped marks, 情况's 况, a bracket.
_TAIL_LAST = frozenset(_TAIL_CHARS + "况)）")


@lru_cache(maxsize=65536)
def _measure(text: str) -> str:
    """Cached: JX235 asks it of every distinct row's name and description (names repeat)."""
    s = _strip_tail(text)
    # Only the kinds with an ending that ends in s's last character are tried, in _KINDS' order
    # (_BY_LAST): one short endswith, not three over 33 endings (test_rules_regex_prefix tries
    # every ending).
    for kind, endings in _BY_LAST.get(s[-1:], ()):
        if s.endswith(endings):
            return kind
    return ""


# Last character → (kind, its endings that end in it) for each kind that has such endings.
_BY_LAST: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    last: tuple(
        (kind, tuple(e for e in endings if e.endswith(last)))
        for kind, endings in _KINDS
        if any(e.endswith(last) for e in endings)
    )
    for last in {e[-1] for _, endings in _KINDS for e in endings}
}


@rule(
    "JX235",
    Severity.WARNING,
    "名称和描述衡量的不是一回事",
    scope=IND,
    rationale="三级指标名称与绩效指标描述应说同一件事：名称是“发放人数”，描述却是“工资支出金额”；名称是"
    "“补助覆盖率”，描述却是“享受补助的人数”。多半是复制别的行后只改了一格，读者不知道以哪个为准。"
    "只比较两者末尾明确的量（比率、金额、数量），说不清的不报；时间由 JX215、名称与指标值由 JX214 负责。"
    "故为“警告”。",
    example="三级“发放人数”、描述“全年工资支出金额” → 描述改为“领取工资的协理员人数”。",
    reads=("level1", "level2", "name", "description", "value"),
)
def name_and_description_differ(
    ctx: DocContext, project: Project, row: int, ind: Indicator, facts: Facts
) -> tuple[Hit, ...]:
    if (
        not facts.description
        or facts.name in CATEGORY_NAMES
        or facts.category == SATISFACTION
        or "\n" in facts.description
    ):
        return ()
    q = facts.value.quantity
    if (facts.name_says_rate or facts.desc_says_rate) and not (q is not None and q.is_percent):
        return ()  # JX214 says the value is not the rate the name or description promises
    # The name's measure first: names repeat (its _measure is cached), descriptions rarely do.
    said = _measure(facts.name_core)
    if not said:
        return ()
    described = _measure(facts.description)
    if not described or said == described:
        return ()
    return (
        Hit(
            f"三级指标“{quote(facts.shown)}”衡量的是{said}，绩效指标描述“{quote(facts.description)}”"
            f"衡量的却是{described}；请核对两者说的是否是同一件事",
            DESCRIPTION,
        ),
    )
