"""JX1xx — structure: required fields, the indicator framework, duplicates, project codes."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import lru_cache
from operator import attrgetter, itemgetter
from typing import NamedTuple

from .. import framework as fw
from ..entities import Indicator, Profile, Project
from ..text import is_empty
from .base import (
    BASIS,
    BUDGET,
    CODE,
    DESCRIPTION,
    GOALS,
    IND_NAME,
    LEVEL1,
    LEVEL2,
    NAME,
    PURPOSE,
    TABLE,
    VALUE,
    Hit,
    Scope,
    Severity,
    quote,
    rule,
)
from .context import DocContext
from .facts import (
    CATEGORY_NAMES,
    COST,
    EFFECT,
    QUALITY,
    QUANTITY,
    SATISFACTION,
    TIMELINESS,
    Facts,
    canon,
)

PROJ, IND = Scope.PROJECT, Scope.INDICATOR
_FACTS = itemgetter(2)  # the facts of a (row, indicator, facts) of ctx.rows


# Blank, or only a placeholder (N/A, 无, 待定, -, /, 略, ——): empty in substance. The cached
# function itself, not a wrapper: it is asked of every required cell on every check.
_blank = is_empty


def _empty(label: str, text: str, ask: str) -> str:
    """The message for an empty cell; a placeholder is quoted so the clerk sees why."""
    if text and text.strip():
        return f"{label}只写了“{quote(text)}”，等于没有填写；{ask}"
    return f"{label}为空，{ask}"


@rule(
    "JX101",
    Severity.ERROR,
    "必填项为空",
    scope=PROJ,
    rationale="项目编码、项目名称、预算数、绩效目标和每行的一级、二级、三级指标与指标值是表格的骨架；"
    "缺一项，财政部门就无法审核，也无法在年终自评时对照。因此为“错误”。只填了占位符"
    "（N/A、无、待定、-、/、略、——）与空着一样。",
    example="第 3 行指标值为空 → 填写目标值，如“≥95%”或“12月底前”。",
)
def required_fields(ctx: DocContext, project: Project) -> list[Hit]:
    # The project rules here return lists (or ()), not generators: each runs 2,500 times a
    # county, and a generator cost ~0.1 µs more than a call that returns (rules/values.py).
    hits = []
    for label, value in ((CODE, project.code), (NAME, project.name)):
        # Only text of at most four characters once trimmed can be blank (text.is_empty): each
        # project's own code and name are not looked up in (or added to) the cache.
        if len(value.strip()) <= 4 and _blank(value):
            hits.append(Hit(_empty(label, value, "请填写"), label))
    if project.budget is None:
        hits.append(Hit("预算数为空，请填写本项目的预算金额", BUDGET))
    if all(map(_blank, project.goals)):
        goals = "、".join(g.strip() for g in project.goals if g.strip())
        hits.append(Hit(_empty(GOALS, goals, "请写出本项目要达到的目标（分条编号）"), GOALS))
    if not project.indicators:
        hits.append(Hit("没有任何绩效指标，请按产出、效益、满意度指标逐行填写", TABLE))
    for row, ind in enumerate(project.indicators, 1):
        if not _any_blank(ind.level1, ind.level2, ind.name, ind.value):
            continue  # the usual case, without building the loop below
        for label, value in (
            (LEVEL1, ind.level1),
            (LEVEL2, ind.level2),
            (IND_NAME, ind.name),
            (VALUE, ind.value),
        ):
            if _blank(value):
                hits.append(Hit(_empty(label, value, "请填写"), label, row))
    return hits


@lru_cache(maxsize=16384)
def _any_blank(level1: str, level2: str, name: str, value: str) -> bool:
    """Whether any of a row's required cells is blank: one cached call a row, not four."""
    return _blank(level1) or _blank(level2) or _blank(name) or _blank(value)


@rule(
    "JX102",
    Severity.WARNING,
    "说明性内容为空",
    scope=PROJ,
    rationale="资金用途、绩效指标描述和指标值确定依据说明钱用在哪里、量的是什么、目标值从何而来。"
    "空着不影响表格成立，但审核时一定会被退回补充，故为“警告”。只填了占位符（N/A、无、待定、-、/、"
    "略、——）与空着一样。文档所用的 Word 表格格式没有“绩效指标描述”栏时（2021 年指引七栏表），"
    "描述本就无处填写，不报。",
    example="第 2 行指标值确定依据为空 → 写明来源，如“县政府工作安排”或“调查问卷”。",
)
def explanatory_fields(ctx: DocContext, project: Project) -> list[Hit]:
    hits = []
    if _blank(project.purpose):
        hits.append(Hit(_empty(PURPOSE, project.purpose, "请说明资金用于什么"), PURPOSE))
    for row, ind in enumerate(project.indicators, 1):
        # Only text of at most four characters once trimmed can be blank (text.is_empty): a
        # description is mostly longer, and its own (8,800 different ones in a county) — the
        # length is asked first, and the cache only of short ones.
        description = ind.description
        if len(description.strip()) <= 4 and _blank(description) and ctx.has_column("description"):
            hits.append(
                Hit(_empty(DESCRIPTION, ind.description, "请说明该指标衡量什么"), DESCRIPTION, row)
            )
        if _blank(ind.basis):
            ask = "请写明文件、计划、历史数据或调查问卷"
            hits.append(Hit(_empty(BASIS, ind.basis, ask), BASIS, row))
    return hits


def _convention_mismatch(facts: Facts, profile: Profile) -> bool:
    """A 成本指标 row written in the other convention (level-1 vs level-2 under 产出)."""
    return _mismatch(facts.level1, facts.level2, profile)


def _mismatch(level1: str, level2: str, profile: Profile) -> bool:
    """_convention_mismatch of canonical level names."""
    if profile is Profile.RULES_2015:
        return level1 == fw.COST
    return level1 == fw.OUTPUT and level2 == fw.COST2


@rule(
    "JX103",
    Severity.ERROR,
    "一级指标不在指标框架内",
    scope=IND,
    reads=("level1",),  # its level-2 test (_mismatch) never changes the answer
    rationale="一级指标只能是产出指标、效益指标、满意度指标（2021 年指引另有成本指标）。"
    "写成其他名称，系统无法归类，自评打分也无从对应，故为“错误”。",
    example="一级指标“产出类指标” → 改为“产出指标”。",
)
def level1_known(
    ctx: DocContext, project: Project, row: int, ind: Indicator, facts: Facts
) -> Iterable[Hit]:
    doc = ctx.doc
    return _level1_hits(ind.level1, ind.level2, doc.profile, doc.allow_sustainable)


# JX103 and JX104 read only the row's two levels and the document's settings, and a county's
# 25,000 rows have a handful of level pairs: their hits are kept per pair (facts.canon decides
# the canonical names, as facts_of does).
@lru_cache(maxsize=1024)
def _level1_hits(level1: str, level2: str, profile: Profile, sustainable: bool) -> tuple[Hit, ...]:
    l1, l2 = canon(level1), canon(level2)
    if _blank(level1) or _mismatch(l1, l2, profile):
        return ()
    allowed = fw.allowed_shared(profile, sustainable)
    if l1 not in allowed:
        names = "、".join(allowed)
        return (Hit(f"一级指标“{quote(level1)}”不在指标框架内，应为{names}之一", LEVEL1),)
    return ()


@rule(
    "JX104",
    Severity.ERROR,
    "二级指标不属于其一级指标",
    scope=IND,
    reads=("level1", "level2"),
    rationale="二级指标必须挂在规定的一级指标下（如数量指标属于产出指标）。放错位置会让"
    "自评分值算错，也说明表格被拼凑过，故为“错误”。",
    example="一级“效益指标”下的二级“数量指标” → 移到“产出指标”下。",
)
def level2_under_level1(
    ctx: DocContext, project: Project, row: int, ind: Indicator, facts: Facts
) -> Iterable[Hit]:
    doc = ctx.doc
    return _level2_hits(ind.level1, ind.level2, doc.profile, doc.allow_sustainable)


@lru_cache(maxsize=1024)
def _level2_hits(level1: str, level2: str, profile: Profile, sustainable: bool) -> tuple[Hit, ...]:
    l1, l2 = canon(level1), canon(level2)
    if _blank(level2) or _mismatch(l1, l2, profile):
        return ()
    allowed = fw.allowed_shared(profile, sustainable)
    if l1 not in allowed or l2 in allowed[l1]:
        return ()
    home = fw.level1_of(l2, profile, allow_sustainable=sustainable)
    name = quote(level2)
    if home:
        return (Hit(f"二级指标“{name}”应属于“{home}”，不能放在“{l1}”下", LEVEL2),)
    if l2 == fw.SUSTAINABLE:
        return (
            Hit("本文档的设置不允许使用“可持续影响指标”，请改用经济、社会或生态效益指标", LEVEL2),
        )
    names = "、".join(allowed[l1])
    return (Hit(f"二级指标“{name}”不在框架内，“{l1}”下应为{names}之一", LEVEL2),)


@rule(
    "JX105",
    Severity.ERROR,
    "成本指标的写法与本文档采用的规则不一致",
    scope=IND,
    reads=("level1", "level2"),
    rationale="2015 年规则（财预〔2015〕88号）把成本指标作为产出指标下的二级指标；2021 年指引"
    "（财预〔2021〕101号）把成本指标升为一级指标。一份文档只能采用一种，混用会让汇总和打分出错，故为“错误”。",
    example="按 2015 规则的文档中出现一级“成本指标/经济成本指标” → 改为一级“产出指标”、二级“成本指标”，"
    "或把整份文档的规则改为 2021。",
    # Either convention's 成本指标 is a cost row (facts._category): a 一级 成本指标, or 产出指标
    # with the 二级 成本指标.
    categories=(COST,),
)
def cost_convention(
    ctx: DocContext, project: Project, row: int, ind: Indicator, facts: Facts
) -> Iterable[Hit]:
    # Plain returns, not a generator: nearly always silent.
    if not _convention_mismatch(facts, ctx.doc.profile):
        return ()
    return (_CONVENTION_2015 if ctx.doc.profile is Profile.RULES_2015 else _CONVENTION_2021,)


_CONVENTION_2015 = Hit(
    "本文档按 2015 年规则，成本指标应为“产出指标”下的二级指标，不能作一级指标", LEVEL1
)
_CONVENTION_2021 = Hit(
    "本文档按 2021 年指引，成本指标应为一级指标（经济成本、社会成本、生态环境成本），"
    "不能放在“产出指标”下",
    LEVEL2,
)


_NEEDED = (
    (QUANTITY, "数量指标"),
    (QUALITY, "质量指标"),
    (TIMELINESS, "时效指标"),
    (COST, "成本指标"),
    (EFFECT, "效益指标"),
    (SATISFACTION, "满意度指标"),
)


@rule(
    "JX106",
    Severity.WARNING,
    "缺少必备的指标类别",
    scope=PROJ,
    rationale="财政部要求每个项目至少有数量、质量、时效、成本四类产出指标，以及效益和满意度指标。"
    "缺了某一类，目标就不完整；但个别项目确有特殊情况，故为“警告”而非“错误”。",
    example="项目只有数量、质量指标 → 补充时效指标（如“12月底前”）、成本指标（如“≤11万元”）等。",
)
def categories_present(ctx: DocContext, project: Project) -> Iterable[Hit]:
    if not project.indicators:
        return ()  # JX101 already says so
    return _layout(ctx, project).missing


def _missing_categories(levels: tuple[tuple[str, str, str], ...]) -> tuple[Hit, ...]:
    """JX106's hits on a table whose rows have these (一级, 二级, category)."""
    have = {category for _, _, category in levels}
    missing = [label for cat, label in _NEEDED if cat not in have]
    if missing:
        return (Hit(f"缺少{'、'.join(missing)}，请至少各补充一行", TABLE),)
    return ()


class _Layout(NamedTuple):
    """The hits of the rules that read only the rows' (canonical) 一级 and 二级, in order: what
    JX106 and JX113 find in one layout of the table."""

    missing: tuple[Hit, ...]  # JX106 (a row's category follows from its two levels: facts)
    apart: tuple[Hit, ...]  # JX113


def _layout(ctx: DocContext, project: Project) -> _Layout:
    """The _Layout of a project's rows: once per project check."""
    found: _Layout = ctx.memo(project, "structure.layout", lambda: _layout_of(ctx, project))
    return found


# A row's canonical 一级 and 二级 and the category they make (facts: a function of the two).
_LEVELS = attrgetter("level1", "level2", "category")


def _layout_of(ctx: DocContext, project: Project) -> _Layout:
    key = tuple(map(_LEVELS, map(_FACTS, ctx.rows(project))))  # C calls: asked of every project
    return _layout_of_levels(key)


@lru_cache(maxsize=1024)
def _layout_of_levels(levels: tuple[tuple[str, str, str], ...]) -> _Layout:
    """The _Layout of a table whose rows have these (一级, 二级, category), in order: worked out
    once per layout — the projects of one unit mostly share a few layouts of the table (the
    same kind of work), and so do the units of a county (its 2,500 projects have 7 in all,
    the same in every document). Kept across documents, as it reads nothing else (not the
    document's profile): per document, the county's check worked out 700 (≈20 µs each);
    JX106 and JX113 over the county's projects, cold: 36.5 → 22 ms."""
    return _Layout(_missing_categories(levels), tuple(_apart(levels)))


@rule(
    "JX107",
    Severity.ERROR,
    "三级指标名称只是类别名称",
    scope=IND,
    reads=("level1", "level2", "name"),
    rationale="三级指标是具体衡量的东西（发放人数、补助覆盖率）。把“数量指标”“社会效益指标”这类"
    "类别名称当作三级指标，等于没有写指标，故为“错误”。",
    example="三级指标“社会效益指标” → 写出具体内容，如“失地群众生活改善情况”。",
)
def name_is_category(
    ctx: DocContext, project: Project, row: int, ind: Indicator, facts: Facts
) -> Iterable[Hit]:
    if facts.name not in CATEGORY_NAMES:
        return ()
    extra = ""
    if canon(facts.name) not in (facts.level1, facts.level2):
        extra = f"，且与所在二级“{quote(ind.level2)}”不符"
    return (Hit(f"三级指标“{facts.shown}”只是类别名称{extra}，请写出具体衡量的内容", IND_NAME),)


@rule(
    "JX108",
    Severity.WARNING,
    "重复的指标行",
    scope=PROJ,
    rationale="同一项目中二级指标、三级指标、描述和指标值完全相同的两行是重复粘贴，"
    "会在自评时被重复计分，故为“警告”。",
    example="第 5、6 行完全相同 → 删除一行，或改成另一项要衡量的内容。",
)
def duplicate_rows(ctx: DocContext, project: Project) -> list[Hit]:
    hits = []
    first: dict[tuple[object, ...], int] = {}
    for row, facts in _named_twice(ctx, project):  # equal rows have equal names
        key = facts.row_key
        if key in first:
            hits.append(Hit(f"与第 {first[key]} 行完全相同，请删除或改写", IND_NAME, row))
        else:
            first[key] = row
    return hits


@rule(
    "JX109",
    Severity.HINT,
    "三级指标名称在项目内重复",
    scope=PROJ,
    rationale="两行用同一个三级指标名称但内容不同（如两行都叫“资金使用标准”），读者要看描述才能区分；"
    "内容并没有错，故只作“提示”。",
    example="两行都叫“资金使用标准” → 改为“印制证照单价”“印制宣传页单价”。",
)
def repeated_names(ctx: DocContext, project: Project) -> list[Hit]:
    hits = []
    first: dict[str, int] = {}
    keys: dict[str, tuple[object, ...]] = {}
    for row, facts in _named_twice(ctx, project):
        key = facts.row_key
        if facts.name in first and keys[facts.name] != key:
            hits.append(
                Hit(
                    f"三级指标名称“{facts.shown}”与第 {first[facts.name]} 行相同，请改用能区分两者的名称",
                    IND_NAME,
                    row,
                )
            )
        elif facts.name not in first:
            first[facts.name] = row
            keys[facts.name] = key
    return hits


_NAME = attrgetter("name")


def _named_twice(ctx: DocContext, project: Project) -> list[tuple[int, Facts]]:
    """(row, facts) of the rows whose 三级 name (not blank) another row of the project has too,
    in order: all that JX108 and JX109 look at. Most projects name every row differently, which
    one set of the names tells: then neither rule walks the rows."""

    def compute() -> list[tuple[int, Facts]]:
        rows = ctx.rows(project)
        names = list(map(_NAME, map(_FACTS, rows)))
        if len(set(names)) == len(names):
            return []
        count = Counter(names)
        return [(row, facts) for row, _, facts in rows if facts.name and count[facts.name] > 1]

    found: list[tuple[int, Facts]] = ctx.memo(project, "structure.named_twice", compute)
    return found


@rule(
    "JX110",
    Severity.ERROR,
    "项目编码重复",
    scope=PROJ,
    rationale="项目编码在同一预算年度内唯一，是预算系统对应项目的依据；重复的编码会让两张表对应到"
    "同一个项目，故为“错误”。",
    example="两个项目都写 13052923P00584011574U → 核对预算系统，改正其中一个。",
)
def unique_code(ctx: DocContext, project: Project) -> Iterable[Hit]:
    code = project.code.strip()
    if code and ctx.code_count[code] > 1:
        return (
            Hit(
                f"项目编码 {quote(code)} 在本文档中出现 {ctx.code_count[code]} 次，请核对预算系统中的编码",
                CODE,
            ),
        )
    return ()


_CODE_OK = re.compile(r"^[0-9A-Za-z]{6,40}$")
_CODE_YEAR = re.compile(r"^\d{6}(\d{2})[A-Z]")


@rule(
    "JX111",
    Severity.WARNING,
    "项目编码格式可疑",
    scope=PROJ,
    rationale="项目编码由预算系统生成，只含字母和数字（如 13052923P00584011574U：地区 130529、年度 23）。"
    "含空格、汉字，或编码中的年度与预算年度不符，多半是抄错或沿用了往年编码，故为“警告”。",
    example="2023 年文档中的编码 13052922P00584011574U → 年度位为 22，请改用 2023 年的编码。",
)
def code_format(ctx: DocContext, project: Project) -> Iterable[Hit]:
    code = project.code.strip()
    if not code:
        return ()
    if not _CODE_OK.match(code):
        return (Hit(f"项目编码“{quote(code)}”应只含字母和数字（预算系统生成），请核对", CODE),)
    m = _CODE_YEAR.match(code)
    if m and ctx.doc.year and int(m.group(1)) != ctx.doc.year % 100:
        return (
            Hit(
                f"项目编码中的年度“{m.group(1)}”与预算年度 {ctx.doc.year} 不符，请核对是否沿用了往年编码",
                CODE,
            ),
        )
    return ()


@rule(
    "JX112",
    Severity.HINT,
    "同一三级指标在文档中归入不同的二级指标",
    scope=PROJ,
    rationale="同一个三级指标（如“单位正常运转率”）在多数项目中归入一个二级指标，个别项目却放在另一个下，"
    "汇总和比较时会对不上；两种归类都可能说得通，故只作“提示”。",
    example="“单位正常运转率”多数项目放在“可持续影响指标”，本项目放在“社会效益指标” → 统一归类。",
)
def consistent_level2(ctx: DocContext, project: Project) -> list[Hit]:
    # A project rule that reports on rows, not a row rule: the engine called a row rule on
    # each of a county's 25,000 rows (≈1 µs each, with the loop over what it returned). Only a
    # row whose 三级 name the document files mostly under another level-2 can be reported: the
    # document's majorities are worked out once (_majorities), and each row looked up in them.
    majorities: dict[str, str] = ctx.derive("structure.majorities", _majorities)
    if not majorities:
        return []
    return [
        Hit(message, LEVEL2, row)
        for row, ind, facts in ctx.rows(project)
        if facts.name in majorities
        and majorities[facts.name] != facts.level2
        and (message := _inconsistent_level2(ctx, ind, facts))
    ]


def _majorities(ctx: DocContext) -> dict[str, str]:
    """三级 name → the level-2 the document files it under most often, for the names filed
    under two level-2s or more with one leading (from build_context's name_level2, so the same
    for every context rebound from this one)."""
    return {
        name: top
        for name, counts in ctx.name_level2.items()
        if len(counts) >= 2 and (top := ctx.majority_level2(name)) is not None
    }


def _inconsistent_level2(ctx: DocContext, ind: Indicator, facts: Facts) -> str | None:
    """JX112's message about one row, or None."""
    counts = ctx.name_level2.get(facts.name)  # a blank name is not in it (build_context)
    if counts is None or len(counts) < 2:
        return None  # the usual row: its name is filed under one level-2 only (majority_level2)
    top = ctx.majority_level2(facts.name)
    if top is not None and top != facts.level2:
        return (
            f"“{facts.shown}”在本文档其他项目中多归入“{top}”，这里是“{quote(ind.level2)}”，请统一"
        )
    return None


@rule(
    "JX114",
    Severity.HINT,
    "同一三级指标在文档中平分在两个二级指标下",
    scope=PROJ,
    rationale="同一个三级指标（如“可持续服务率”）在一半项目中归入一个二级指标，另一半归入另一个，"
    "JX112 找不出多数，无从说哪边是对的；但汇总和比较时同样对不上。只在每边至少 2 处时报告"
    "（各 1 处说明不了文档的惯例，类别放错另有规则负责）。两种归类都可能说得通，需要人选定一种，"
    "故只作“提示”，并列出两边。",
    example="“可持续服务率”3 个项目放在“社会效益指标”、3 个放在“可持续影响指标” → 选定一种，全文统一。",
)
def tied_level2(ctx: DocContext, project: Project) -> list[Hit]:
    # A project rule reporting on rows, as JX112 (which see): only a row whose name is split
    # evenly, at least two each way, can be reported (_ties).
    ties: frozenset[str] = ctx.derive("structure.ties", _ties)
    if not ties:
        return []
    return [
        Hit(message, LEVEL2, row)
        for row, ind, facts in ctx.rows(project)
        if facts.name in ties and (message := _tied_level2(ctx, ind, facts))
    ]


def _ties(ctx: DocContext) -> frozenset[str]:
    """The 三级 names (not category names) the document files under two level-2s or more with
    two or more of them tied for first, at least twice each (as _majorities)."""
    return frozenset(
        name
        for name, counts in ctx.name_level2.items()
        if len(counts) >= 2
        and name not in CATEGORY_NAMES
        and (tie := ctx.tied_level2(name)) is not None
        and tie[1] >= 2
    )


def _tied_level2(ctx: DocContext, ind: Indicator, facts: Facts) -> str | None:
    """JX114's message about one row, or None."""
    counts = ctx.name_level2.get(facts.name)  # a blank name is not in it (build_context)
    if counts is None or len(counts) < 2:
        return None  # the usual row: its name is filed under one level-2 only (no tie)
    if facts.name in CATEGORY_NAMES:
        return None  # JX107: the name itself is wrong
    tie = ctx.tied_level2(facts.name)
    if tie is None or tie[1] < 2:
        return None  # one project each way is too little to call a convention split
    tied, count = tie
    sides = "、".join(f"“{name}”" for name in tied)
    here = "" if facts.level2 in tied else f"，这里是“{quote(ind.level2)}”"
    return (
        f"“{quote(facts.shown)}”在本文档中归入{sides}的各有 {count} 处{here}，"
        "无法判断哪种是对的；请选定一种二级指标，全文统一"
    )


@rule(
    "JX113",
    Severity.HINT,
    "同一类别的指标行不相邻",
    scope=PROJ,
    rationale="Word 表格中一级、二级指标是合并单元格，同一类别的行必须相邻；分散的行在导出时会"
    "重复出现类别名称，读者也难以对照。内容本身没有错，故只作“提示”。",
    example="数量指标在第 1、3、5 行，成本指标在第 2、4、6 行 → 把同类指标排在一起。",
)
def grouped_rows(ctx: DocContext, project: Project) -> Iterable[Hit]:
    return _layout(ctx, project).apart


def _apart(levels: tuple[tuple[str, str, str], ...]) -> Iterator[Hit]:
    """JX113's hits on a table whose rows have these (一级, 二级, category), in order."""
    for keys, label in (
        ([level1 for level1, _, _ in levels], LEVEL1),
        ([(level1, level2) for level1, level2, _ in levels], LEVEL2),
    ):
        seen: set[object] = set()
        previous: object = None
        for row, key in enumerate(keys, 1):  # rows are numbered 1, 2, … (ctx.rows)
            if key != previous and key in seen:
                name = key if isinstance(key, str) else key[1]
                yield Hit(
                    f"“{name}”的行不相邻（第 {row} 行与前面同类行隔开），请把同类指标排在一起",
                    label,
                    row,
                )
                break
            seen.add(key)
            previous = key
