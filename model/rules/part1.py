"""JX5xx — Part 1 (部门整体绩效目标): items complete, targets written as targets, totals agree."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from ..amounts import format_amount
from ..text import halfwidth
from .base import Hit, Scope, Severity, rule
from .context import DocContext

D = Scope.DOCUMENT


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
    for n, item in enumerate(ctx.doc.part1.items, 1):
        phrases = [m.group(0).strip() for m in _WORD_COMPARATOR.finditer(halfwidth(item.measure))]
        if phrases:
            shown = "、".join(f"“{p}”" for p in dict.fromkeys(phrases))
            yield Hit(f"绩效指标中{shown}宜写成 ≥ 或 ≤ 加数字和单位", "绩效指标", part1_item=n)


_BARE_TARGET = re.compile(
    r"(?:率|度)(?:高达|达到|大于|高于|不低于|为|达)?\s*(\d+(?:\.\d+)?)(?![\d.%％‰])"
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
    for n, item in enumerate(ctx.doc.part1.items, 1):
        text = halfwidth(item.measure)
        for m in _BARE_TARGET.finditer(text):
            if _UNIT_AFTER.match(text, m.end()):
                continue
            start = max(0, m.start() - 8)
            yield Hit(
                f"“{text[start : m.end()].strip('；;，,。 ')}”缺少单位，请补上（如 %）",
                "绩效指标",
                part1_item=n,
            )


_COUNT_CLAIM = re.compile(r"(\d+)\s*个(?:预算)?项目|项目\s*(\d+)\s*个")
_TOTAL_CLAIM = re.compile(
    r"(?:合计|总计|共计|总额|总预算|预算总额|预算资金)\D{0,6}?(\d+(?:\.\d+)?)\s*万元"
)


def _part1_text(ctx: DocContext) -> str:
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
    text = _part1_text(ctx)
    count = len(doc.projects)
    for m in _COUNT_CLAIM.finditer(text):
        claimed = int(m.group(1) or m.group(2))
        if claimed != count:
            yield Hit(
                f"第一部分写“{m.group(0)}”，第二部分共有 {count} 个项目，请核对", "总体绩效目标"
            )
    budgets = [p.budget for p in doc.projects if p.budget is not None]
    total = sum(budgets, Decimal(0))
    for m in _TOTAL_CLAIM.finditer(text):
        if Decimal(m.group(1)) * 10000 != total * ctx.yuan_per_unit:  # the claim is in 万元
            yield Hit(
                f"第一部分写“{m.group(0)}”，第二部分预算数合计 {format_amount(total)}"
                f"{doc.money_unit}，请核对",
                "总体绩效目标",
            )


_STALE = (("全面建成小康社会", 2021), ("十三五", 2021), ("脱贫攻坚", 2021))


@rule(
    "JX505",
    Severity.HINT,
    "沿用了过时的提法",
    scope=D,
    rationale="“全面建成小康社会”“十三五”是 2020 年以前的目标和规划期，出现在之后年度的文档里，多半是"
    "沿用了旧稿。提法是否过时需要人来判断，故只作“提示”。",
    example="2023 年文档“为全面建成小康社会……提供有力支撑” → 改为当年的任务表述。",
)
def part1_stale(ctx: DocContext) -> Iterator[Hit]:
    year = ctx.doc.year
    text = _part1_text(ctx)
    for phrase, since in _STALE:
        if year >= since and phrase in text:
            yield Hit(
                f"第一部分提到“{phrase}”，这是 {since} 年以前的提法，请按 {year} 年的任务更新",
                "总体绩效目标",
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
