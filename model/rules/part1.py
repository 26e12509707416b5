"""JX5xx — Part 1 (部门整体绩效目标): items complete, targets written as targets, totals agree."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from functools import lru_cache

from ..amounts import format_amount
from ..text import halfwidth
from .base import Hit, Scope, Severity, rule
from .context import DocContext

D = Scope.DOCUMENT

# What a rule finds in a Part 1 text depends on that text alone, and documents share their
# Part 1 (a county's 100 documents, one department's years): the findings of each distinct text
# are cached (the _CACHED functions below), and a document's check looks them up — on a county,
# the Part 1 rules took ~90 ms, nearly all of it for the same six 绩效指标 paragraphs.
_CACHED = 1024


def _per_measure(ctx: DocContext, message_of: Callable[[str], str]) -> Iterator[Hit]:
    """A finding on each 绩效指标 paragraph that message_of has a message for ("" for none)."""
    for n, item in enumerate(ctx.doc.part1.items, 1):
        message = message_of(item.measure)
        if message:
            yield Hit(message, "绩效指标", part1_item=n)


# The hits of each rule below for each distinct Part 1 (and what else the rule reads: the year),
# kept whole: the caches by text above still left each document's check a look-up per paragraph
# and rule, a hash of each of its new strings, and the scans of the whole text for old phrases
# and slogans; one key of the texts, made once per check, now finds them all. On 30 county
# documents the Part 1 rules ran 35 M instructions, now 28 M — most of it the first document
# after each clearing (they are cleared with the other caches); check --all on the county, 16 M.
_HITS: dict[tuple[object, ...], tuple[Hit, ...]] = {}


def _part1_key(ctx: DocContext) -> tuple[object, ...]:
    """Every text of Part 1, in order and as written (what the rules below read of it)."""

    def compute() -> tuple[object, ...]:
        p1 = ctx.doc.part1
        return (
            tuple(p1.overall),
            tuple([(item.title, item.goal, item.measure) for item in p1.items]),
            tuple([(measure.title, measure.body) for measure in p1.measures]),
        )

    key: tuple[object, ...] = ctx.memo(ctx.doc, "part1_key", compute)
    return key


def _kept(
    ctx: DocContext, rule: str, hits_of: Callable[[DocContext], Iterator[Hit]], *more: object
) -> tuple[Hit, ...]:
    """hits_of(ctx), found once per Part 1 (and `more`, the other things it reads)."""
    key = (rule, _part1_key(ctx), *more)
    hits = _HITS.get(key)
    if hits is None:
        if len(_HITS) >= _CACHED:
            _HITS.clear()
        hits = _HITS[key] = tuple(hits_of(ctx))
    return hits


@rule(
    "JX501",
    Severity.ERROR,
    "分项绩效目标缺少绩效目标或绩效指标",
    scope=D,
    rationale="每个分项绩效目标由“绩效目标”（做什么）和“绩效指标”（怎么衡量）两段组成；缺一段，"
    "这一项就无法评价，故为“错误”。",
    example="“3、优化公共服务”只有绩效目标 → 补写“绩效指标：行政审批按时办结率 ≥95%；……”。",
)
def part1_items_complete(ctx: DocContext) -> Iterator[Hit]:
    for n, item in enumerate(ctx.doc.part1.items, 1):
        if not item.title.strip():
            yield Hit(f"分项绩效目标 {n} 没有标题，请填写", "标题", part1_item=n)
        if not item.goal.strip():
            yield Hit(
                f"分项绩效目标 {n} 缺少“绩效目标”段，请写明要做什么", "绩效目标", part1_item=n
            )
        if not item.measure.strip():
            yield Hit(
                f"分项绩效目标 {n} 缺少“绩效指标”段，请写明如何衡量", "绩效指标", part1_item=n
            )


_WORD_COMPARATOR = re.compile(
    r"(大于|高于|不低于|不少于|不超过|低于|小于|高达|达到|超过)\s*(\d+(?:\.\d+)?\s*[%％]?)\s*(以上|以下)?"
)


@rule(
    "JX502",
    Severity.HINT,
    "比较关系写成了文字",
    scope=D,
    rationale="“大于90%”“达到90%以上”“高达100%”是口语；指标的方向应像表格一样写成 ≥ ≤，读者一眼可比。"
    "意思并没有错，故只作“提示”。",
    example="“群众满意率大于90%” → “群众满意率 ≥90%”；“达到90%以上” → “≥90%”。",
)
def part1_word_comparators(ctx: DocContext) -> Iterator[Hit]:
    yield from _kept(ctx, "JX502", lambda c: _per_measure(c, _word_comparators))


@lru_cache(maxsize=_CACHED)
def _word_comparators(measure: str) -> str:
    """JX502's message for a 绩效指标 paragraph, or "" when it has no comparator in words."""
    phrases = [m.group(0).strip() for m in _WORD_COMPARATOR.finditer(halfwidth(measure))]
    if not phrases:
        return ""
    shown = "、".join(f"“{p}”" for p in dict.fromkeys(phrases))
    return f"绩效指标中{shown}宜写成 ≥ 或 ≤ 加数字和单位"


_BARE_TARGET = re.compile(
    r"(?:率|度)(?:高达|达到|大于|高于|不低于|不少于|超过|保持在|稳定在|控制在|为|达)?\s*"
    r"(\d+(?:\.\d+)?)(?![\d.%％‰])"
)
_UNIT_AFTER = re.compile(r"\s*(?:[%％‰]|个|人|次|户|亩|万元|元|天|日|件|分|项|家|所|名)")


@rule(
    "JX503",
    Severity.WARNING,
    "比率目标缺少单位",
    scope=D,
    rationale="“建档率高达90”没有 %，读者无法确定是 90% 还是 90 个；这是明显的漏写，但不影响表格金额，"
    "故为“警告”。",
    example="“居民健康档案总体建档率高达90” → “居民健康档案总体建档率 ≥90%”。",
)
def part1_bare_targets(ctx: DocContext) -> Iterator[Hit]:
    yield from _kept(ctx, "JX503", _bare_target_hits)


def _bare_target_hits(ctx: DocContext) -> Iterator[Hit]:
    for n, item in enumerate(ctx.doc.part1.items, 1):
        for message in _bare_targets(item.measure):
            yield Hit(message, "绩效指标", part1_item=n)


@lru_cache(maxsize=_CACHED)
def _bare_targets(measure: str) -> tuple[str, ...]:
    """JX503's messages for a 绩效指标 paragraph, in order."""
    text = halfwidth(measure)
    found = []
    for m in _BARE_TARGET.finditer(text):
        if _UNIT_AFTER.match(text, m.end()):
            continue
        start = max(0, m.start() - 8)
        found.append(f"“{text[start : m.end()].strip('；;，,。 ')}”缺少单位，请补上（如 %）")
    return tuple(found)


_COUNT_CLAIM = re.compile(r"(\d+)\s*个(?:预算)?项目|项目\s*(\d+)\s*个")
_TOTAL_CLAIM = re.compile(
    r"(?:合计|总计|共计|总额|总预算|预算总额|预算资金)\D{0,6}?(\d+(?:\.\d+)?)\s*万元"
)


def _digit_before_ge(text: str) -> bool:
    """A digit before a 个 (white space between allowed), which every claim of _COUNT_CLAIM
    has: Part 1 has few 个, and the pattern (two alternatives, neither starting with a fixed
    character) was tried at each of its thousands of characters, the most costly scan of a
    document's check. \\d and \\s are str.isdecimal and str.isspace."""
    at = text.find("个")
    while at >= 0:
        end = at
        while end and text[end - 1].isspace():
            end -= 1
        if end and text[end - 1].isdecimal():
            return True
        at = text.find("个", at + 1)
    return False


def _part1_text(ctx: DocContext) -> str:
    """Part 1's text, one cell a line, half-width: once per check (three rules read it)."""
    text: str = ctx.memo(ctx.doc, "part1_text", lambda: _joined_part1(ctx))
    return text


def _joined_part1(ctx: DocContext) -> str:
    p1 = ctx.doc.part1
    parts = list(p1.overall)
    for item in p1.items:
        parts += [item.title, item.goal, item.measure]
    for measure in p1.measures:
        parts += [measure.title, measure.body]
    return halfwidth("\n".join(parts))


@rule(
    "JX504",
    Severity.WARNING,
    "第一部分的项目数或金额合计与第二部分不符",
    scope=D,
    rationale="第一部分若写出“共 24 个项目”“预算资金合计 478.86 万元”，应与第二部分逐项相加的结果一致；"
    "不一致多半是改了项目后忘了改总述。文字里的数字也可能指别的口径，故为“警告”。",
    example="第一部分“共 25 个项目”，第二部分 24 个 → 改为“共 24 个项目”。",
)
def part1_totals(ctx: DocContext) -> Iterator[Hit]:
    doc = ctx.doc
    count_claims, total_claims = _claims(_part1_text(ctx))
    count = len(doc.projects)
    for said, claimed in count_claims:
        if claimed != count:
            yield Hit(f"第一部分写“{said}”，第二部分共有 {count} 个项目，请核对", "总体绩效目标")
    if not total_claims:
        return
    budgets = [p.budget for p in doc.projects if p.budget is not None]
    total = sum(budgets, Decimal(0))
    for said, wan in total_claims:
        if wan * 10000 != total * ctx.yuan_per_unit:  # the claim is in 万元
            yield Hit(
                f"第一部分写“{said}”，第二部分预算数合计 {format_amount(total)}"
                f"{doc.money_unit}，请核对",
                "总体绩效目标",
            )


@lru_cache(maxsize=_CACHED)
def _claims(
    text: str,
) -> tuple[tuple[tuple[str, int], ...], tuple[tuple[str, Decimal], ...]]:
    """Part 1's claims of a project count and of a total in 万元: (words, number) each."""
    counts = tuple(
        (m.group(0), int(m.group(1) or m.group(2)))
        for m in (_COUNT_CLAIM.finditer(text) if _digit_before_ge(text) else ())
    )
    totals = tuple((m.group(0), Decimal(m.group(1))) for m in _TOTAL_CLAIM.finditer(text))
    return counts, totals


# (phrase, the first budget year it is out of date in). 新农合 merged into 城乡居民基本医疗保险
# (国发〔2016〕3号, done everywhere by 2020); 科学发展观 gave way as the guiding thought in 2017.
_STALE = (
    ("全面建成小康社会", 2021),
    ("十三五", 2021),
    ("十二五", 2016),
    ("脱贫攻坚", 2021),
    ("精准扶贫", 2021),
    ("新农合", 2020),
    ("新型农村合作医疗", 2020),
    ("科学发展观", 2018),
)


def _where(ctx: DocContext, phrase: str) -> tuple[str, int | None]:
    """The Part 1 field and item (1-based) where a phrase first stands."""
    p1 = ctx.doc.part1
    if any(phrase in halfwidth(s) for s in p1.overall):
        return "总体绩效目标", None
    for n, item in enumerate(p1.items, 1):
        for field, text in (
            ("标题", item.title),
            ("绩效目标", item.goal),
            ("绩效指标", item.measure),
        ):
            if phrase in halfwidth(text):
                return field, n
    return "总体绩效目标", None


@rule(
    "JX505",
    Severity.HINT,
    "沿用了过时的提法",
    scope=D,
    rationale="“全面建成小康社会”“十三五”是 2020 年以前的目标和规划期，“新农合”已并入城乡居民基本医疗保险，"
    "出现在之后年度的文档里，多半是沿用了旧稿。提法是否过时需要人来判断，故只作“提示”。"
    "能找到所在的分项绩效目标时，指出是哪一项。",
    example="2023 年文档“为全面建成小康社会……提供有力支撑” → 改为当年的任务表述。",
)
def part1_stale(ctx: DocContext) -> Iterator[Hit]:
    yield from _kept(ctx, "JX505", _stale_hits, ctx.doc.year)


def _stale_hits(ctx: DocContext) -> Iterator[Hit]:
    year = ctx.doc.year
    text = _part1_text(ctx)
    for phrase, since in _STALE:
        if year >= since and phrase in text:
            field, item = _where(ctx, phrase)
            yield Hit(
                f"第一部分提到“{phrase}”，这是 {since} 年以前的提法，请按 {year} 年的任务更新",
                field,
                part1_item=item,
            )


@rule(
    "JX506",
    Severity.WARNING,
    "第一部分为空",
    scope=D,
    rationale="部门整体绩效目标（总体目标和分项目标）与项目绩效目标一起公开；文档有项目却没有第一部分，"
    "多半是只导入了项目表。故为“警告”。",
    example="第一部分为空 → 在编辑器的“第一部分”中写总体绩效目标和分项绩效目标。",
)
def part1_present(ctx: DocContext) -> Iterator[Hit]:
    p1 = ctx.doc.part1
    if ctx.doc.projects and not any(s.strip() for s in p1.overall) and not p1.items:
        yield Hit("第一部分（总体绩效目标、分项绩效目标）为空，请补写", "总体绩效目标")


@rule(
    "JX507",
    Severity.ERROR,
    "文档是空的",
    scope=D,
    rationale="没有第一部分、也没有任何项目的文档无可审核：多半是导入时什么也没读到（选错了文件或表格），"
    "或检查时指错了文档。若按“没有发现问题”退出（退出码 0），脚本和批量检查会把空文件当作合格，"
    "故为“错误”，检查以退出码 1 结束。只有第一部分、没有项目的单位（没有项目支出）不在此列。",
    example="导入后文档为空 → 核对导入的文件是否为绩效目标表，或用 jixiao list 核对文档。",
)
def document_not_empty(ctx: DocContext) -> Iterator[Hit]:
    doc = ctx.doc
    p1 = doc.part1
    if doc.projects or any(s.strip() for s in p1.overall) or p1.items or p1.measures:
        return
    yield Hit("文档是空的：没有第一部分，也没有任何项目，请导入或填写内容", "总体绩效目标")


@lru_cache(maxsize=_CACHED)
def _phrases(text: str) -> tuple[tuple[str, str], ...]:
    """A 绩效指标 paragraph's targets, the pieces between semicolons and full stops: each as
    written (for messages) and in half-width forms (for matching). Cached: JX509, JX510 and
    JX511 each read them."""
    pieces = (p.strip(" \u3000，,、") for p in re.split(r"[；;。\n]", text))
    return tuple((p, halfwidth(p)) for p in pieces if p)


def _shown(phrases: list[str], most: int = 3) -> str:
    """Up to `most` phrases, each quoted and cut at 30 characters, then how many in all."""
    unique = list(dict.fromkeys(phrases))
    quoted = "、".join(f"“{p if len(p) <= 30 else p[:29] + '…'}”" for p in unique[:most])
    return quoted + (f"等 {len(unique)} 处" if len(unique) > most else "")


def _has_cjk(piece: str) -> bool:
    """A Chinese character (U+4E00–U+9FFF) in a piece of one or two characters: a comparison
    per character, not the regex class, whose compiling (a Python loop over its 21,000
    characters in re's compiler) cost every process that imports the rules ~2.5 ms."""
    return any("\u4e00" <= char <= "\u9fff" for char in piece)


@rule(
    "JX508",
    Severity.WARNING,
    "绩效指标中有残缺的片段",
    scope=D,
    rationale="“村民委员会换届选举率达到或超过上届水平；村；村务公开率……”中孤立的“村”是删改时留下的残片，"
    "公开的文本里一眼可见。两个分号之间只剩一两个字，不可能是一条指标；删去即可，但审核时会被指出，"
    "故为“警告”。",
    example="“……上届水平；村；村务公开率……” → 删去“村；”。",
)
def part1_fragments(ctx: DocContext) -> Iterator[Hit]:
    yield from _kept(ctx, "JX508", lambda c: _per_measure(c, _fragments))


@lru_cache(maxsize=_CACHED)
def _fragments(measure: str) -> str:
    """JX508's message for a 绩效指标 paragraph, or "" when it has no stray fragment."""
    pieces = re.split(r"[；;]", halfwidth(measure))
    if len(pieces) < 2:
        return ""
    stray = [p.strip(" ，,、。.") for p in pieces]
    stray = [p for p in stray if p and len(p) <= 2 and _has_cjk(p)]
    if not stray:
        return ""
    return f"绩效指标中{_shown(stray)}夹在分号之间，不成一条指标，像是删改时留下的，请删除或补全"


_NUM = r"\d+(?:\.\d+)?\s*[%％]?"
_DIGIT = re.compile(r"\d")
_UP = r"不低于|不少于|不小于|高于|大于|超过|高达"
_DOWN = r"不超过|不高于|不大于|低于|小于|控制在"
_WORDS = rf"{_UP}|{_DOWN}|达到"
_FIGHTING = re.compile(
    rf"(?:{_UP}|达到)\s*{_NUM}\s*以下"  # 达到 90% 以下: up and down at once
    rf"|(?:{_DOWN})\s*{_NUM}\s*以上"  # 不超过 5% 以上
    rf"|(?:{_UP})\s*{_NUM}\s*以上"  # 不低于 90% 以上: the floor said twice
    rf"|(?:{_WORDS}|[大小])\s*[、,，]?\s*(?:{_WORDS})\s*{_NUM}"  # 普及率小、达到90%
    r"|(?:提高|提升|增加|增长)[^；;，,。、\d]{1,10}?(?:上升|提高|提升|增加|增长)\s*\d"  # 提高…上升10%
)


@rule(
    "JX509",
    Severity.WARNING,
    "一个目标里的比较词相互矛盾或重复",
    scope=D,
    rationale="“不低于90%以上”把下限说了两遍，“达到90%以下”同时说上限和下限，“普及率小、达到90%以上”"
    "“提高粮食机收率上升10%”两个比较词叠在一起：读者无法确定目标的方向，年终也无法判断是否达到。"
    "多半是改稿时没删干净，故为“警告”。",
    example="“普及率小、达到90%以上” → “普及率 ≥90%”；“提高粮食机收率上升10%” → “粮食机收率较上年提高 ≥10%”。",
)
def part1_fighting_comparators(ctx: DocContext) -> Iterator[Hit]:
    yield from _kept(ctx, "JX509", lambda c: _per_measure(c, _fighting))


@lru_cache(maxsize=_CACHED)
def _fighting(measure: str) -> str:
    """JX509's message for a 绩效指标 paragraph, or "" when no phrase has fighting comparators."""
    # Every alternative of _FIGHTING has a digit in it (a number): a phrase without one is
    # passed over without trying the five alternatives at each of its characters.
    found = [shown for shown, p in _phrases(measure) if _DIGIT.search(p) and _FIGHTING.search(p)]
    if not found:
        return ""
    return f"绩效指标中{_shown(found)}的比较词相互矛盾或重复，请只保留一个方向，写成 ≥ 或 ≤ 加数字"


# A target that can be checked without a number: nothing happens, or a task is done.
_ZERO_OR_DONE = re.compile(
    r"不出现|不发生|未发生|杜绝|无[^，,]{0,8}(?:事件|事故|案件)|零|"
    r"完成[^，,；;]{0,12}任务|全部完成|按时完成|如期完成"
)
# “较去年提高” measures a direction; still a slogan when what rises cannot be counted.
_BASELINE_REF = re.compile(
    r"(?:较|比|与)?(?:去年|上年|上一年|上届|往年)(?:同期)?(?:水平)?(?:相比)?"
)
_ABSTRACT = re.compile(
    r"效率|水平|能力|稳定|影响力|幸福|形象|积极性|热情|力度|面貌|村容村貌|氛围|意识|认识"
)
_MEASURED = re.compile(r"率|数|量|次|面积|指数|金额|人|户|亩")


def _slogan(phrase: str) -> bool:
    if len(phrase) <= 2 or _DIGIT.search(phrase) or _ZERO_OR_DONE.search(phrase):
        return False
    if _BASELINE_REF.search(phrase) and re.search(r"去年|上年|上一年|上届|往年", phrase):
        rest = _BASELINE_REF.sub("", phrase)
        return bool(_ABSTRACT.search(rest)) or not _MEASURED.search(rest)
    return True


@rule(
    "JX510",
    Severity.HINT,
    "第一部分的绩效指标是口号",
    scope=D,
    rationale="“党员队伍壮大”“意识形态工作提升”“人居环境改善”没有任何可以衡量的东西：没有数字、没有比率，"
    "也不是“不发生”“完成任务”这样可以判断的结果；年终无法说达到与否。“较去年提高”只在提高的是能统计的量"
    "（污染指数、选举率）时算有目标。第一部分是文字叙述，审核较宽，故只作“提示”。",
    example="“党员队伍壮大” → “新发展党员 ≥5名”；“人居环境改善” → “村内生活垃圾清运率 ≥95%”。",
)
def part1_slogans(ctx: DocContext) -> Iterator[Hit]:
    yield from _kept(ctx, "JX510", lambda c: _per_measure(c, _slogans))


@lru_cache(maxsize=_CACHED)
def _slogans(measure: str) -> str:
    """JX510's message for a 绩效指标 paragraph, or "" when no phrase is a slogan."""
    slogans = [shown for shown, p in _phrases(measure) if _slogan(p)]
    if not slogans:
        return ""
    return f"绩效指标中{_shown(slogans)}没有可以衡量的内容，请写成“指标 + 比较符 + 数值”（如 ≥95%）"


_TARGET = re.compile(
    r"\d+(?:\.\d+)?\s*(?:[%％‰]|平方米|公里|米|万元|元|个|人|次|户|亩|天|件|项|起|家|所|名|村|盏|台|份|张|场|处|座|辆|吨)"
)


@rule(
    "JX511",
    Severity.HINT,
    "一句里写了两个目标",
    scope=D,
    rationale="“新农合参合率高于95%,城乡居民低保保障率高达100%”是两个指标挤在一句里，"
    "“环保宣传普及率大于95%，同比增长15%”则让读者猜 15% 指的是什么。每条指标单独成句、用分号隔开，"
    "才能逐条对照；意思并没有错，故只作“提示”。",
    example="“参合率高于95%,低保保障率高达100%” → “参合率 ≥95%；低保保障率 =100%”。",
)
def part1_two_targets(ctx: DocContext) -> Iterator[Hit]:
    yield from _kept(ctx, "JX511", lambda c: _per_measure(c, _two_targets))


@lru_cache(maxsize=_CACHED)
def _two_targets(measure: str) -> str:
    """JX511's message for a 绩效指标 paragraph, or "" when no phrase holds two targets."""
    # The comma first: a test of two characters before a search for every target.
    doubled = [
        shown
        for shown, p in _phrases(measure)
        if ("," in p or "、" in p) and len(_TARGET.findall(p)) >= 2
    ]
    if not doubled:
        return ""
    return f"绩效指标中{_shown(doubled)}一句写了两个目标，请拆开，各自写明指标名称，用分号隔开"


_UPPER_SLOGAN = re.compile(r"“([^”]{0,20}?(?:强|名|大|富)[市省][^”]{0,20})”")


@rule(
    "JX512",
    Severity.HINT,
    "乡镇文档引用了市、省一级的口号",
    scope=D,
    rationale="乡镇的部门整体绩效目标写“加快建设‘经济强市、美丽邢台’”，是照搬了市里的文件：口号说的是"
    "市的目标，本单位的绩效目标无从衡量它，也常常已经换了提法。引用上级部署本身不算错，故只作“提示”。",
    example="“为……加快建设‘经济强市、美丽邢台’提供有力支撑” → “为全乡经济社会高质量发展提供有力支撑”。",
)
def part1_upper_slogan(ctx: DocContext) -> Iterator[Hit]:
    name = ctx.doc.dept_name
    if not re.search(r"乡|镇|街道", name) or re.search(r"[市省](?!.*(?:乡|镇|街道))", name):
        return
    yield from _kept(ctx, "JX512", _upper_slogan_hits)


def _upper_slogan_hits(ctx: DocContext) -> Iterator[Hit]:
    for m in _UPPER_SLOGAN.finditer(_part1_text(ctx)):
        field, item = _where(ctx, m.group(1))
        yield Hit(
            f"第一部分引用了“{m.group(1)}”，这是市、省一级的口号，不是本乡镇能衡量的目标；"
            "请改为本单位本年度的任务",
            field,
            part1_item=item,
        )


_CLAUSE = re.compile(r"[，,。；;！!？?\n]")


@rule(
    "JX513",
    Severity.HINT,
    "第一部分同一段里重复了同一句",
    scope=D,
    rationale="“坚持稳中求进工作总基调”在总体绩效目标的同一段里出现两次，是拼接几份旧稿时留下的。"
    "只比较同一段内六个字以上的分句，不同分项之间相同的指标（群众满意率 ≥90%）不算。"
    "删去一处即可，故只作“提示”。",
    example="“……坚持稳中求进工作总基调……。坚持稳中求进工作总基调，牢固树立……” → 删去后一处。",
)
def part1_repeated_clause(ctx: DocContext) -> Iterator[Hit]:
    yield from _kept(ctx, "JX513", _repeated_clause_hits)


def _repeated_clause_hits(ctx: DocContext) -> Iterator[Hit]:
    p1 = ctx.doc.part1
    places: list[tuple[str, int | None, str]] = [("总体绩效目标", None, t) for t in p1.overall]
    for n, item in enumerate(p1.items, 1):
        places += [("绩效目标", n, item.goal), ("绩效指标", n, item.measure)]
    for field, item_no, text in places:
        repeated = _repeated_clauses(text)
        if repeated:
            yield Hit(
                f"{field}中{_shown(list(repeated))}在同一段里出现了两次，请删去一处",
                field,
                part1_item=item_no,
            )


@lru_cache(maxsize=_CACHED)
def _repeated_clauses(text: str) -> tuple[str, ...]:
    """The clauses of six characters or more that a paragraph repeats, in order of repetition."""
    seen: set[str] = set()
    repeated: list[str] = []
    for clause in _CLAUSE.split(halfwidth(text)):
        clause = clause.strip()
        if len(clause) < 6:
            continue
        if clause in seen and clause not in repeated:
            repeated.append(clause)
        seen.add(clause)
    return tuple(repeated)


def clear_caches() -> None:
    """Forget this module's caches (engine.clear_caches: benchmarks measure from cold)."""
    _HITS.clear()
    for cached in (
        _word_comparators,
        _bare_targets,
        _claims,
        _fragments,
        _phrases,
        _fighting,
        _slogans,
        _two_targets,
        _repeated_clauses,
    ):
        cached.cache_clear()
