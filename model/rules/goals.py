"""JX41x — the 绩效目标 lines of a project: do they say anything measurable, and does some
indicator measure each of them?

Both are heuristics on the words, kept conservative: a line counts as measurable when it has a
number, a time, a 100 %-word (足额, 全覆盖) or a concrete output (发放, 安装, 硬化 …); a line counts
as unmeasured only when it has at least two content bigrams — what is left after numbering,
function words, the project's own name and the stock verbs of goal prose (提高, 保障, 维护 …) —
and no indicator's name, description or value holds any of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from itertools import chain
from operator import add, attrgetter, itemgetter

from ..entities import Project
from ..text import halfwidth, is_placeholder
from .base import GOALS, Hit, Scope, Severity, rule
from .context import DocContext, goal_key

P = Scope.PROJECT

_QUOTE_CHARS = 30

# A number, a time or a frequency, or a word that means 100 %.
_MEASURABLE = re.compile(
    r"\d|[一二两三四五六七八九十百千万]+(?:个|次|人|名|户|亩|项|场|期|批|台|盏|座|所|村|件|份|张|本|套|处"
    r"|公里|米|平方米|家|辆|吨|天|日|月|年)"
    r"|月底|月末|月份|年底|年末|年内|季度|上半年|下半年|日前|之前|以前|按月|每月|每季|每年|当年"
    r"|足额|全额|全覆盖|百分之|零发生|无一"
)
# Verbs that name a concrete output: the money buys this.
_OUTPUT = re.compile(
    r"发放|缴纳|安装|硬化|修建|新建|建成|改建|改造|维修|修缮|购置|采购|印制|培训|举办|召开|征集"
    r"|检查|验收|清运|种植|栽植|铺设|配备|开通|兑现|补贴到|支付"
)

_STOP_CHARS = re.compile(
    r"[的了和与及等为对将使能更得把被之其并或而以从向于按由是有也都已要让给就]"
)
_NOT_CJK = re.compile(r"[^\u4e00-\u9fff]+")
# Two-character words of goal prose that say nothing about what is measured.
_STOCK = frozenset(
    """
    提高 保障 保证 提升 促进 推进 加强 改善 维护 实现 做好 确保 推动 进一 一步 工作 开展 顺利
    正常 有效 全面 相关 各项 单位 我单 完成 项目 资金 经费 年度 全年 进行 及时 发挥 重要 作用
    水平 能力 更好 不断 持续 我乡 本乡 乡镇 全乡 辖区 进一 落实 加大 力度 积极 努力 切实 充分
    得到 达到 增加 通过 拨付 支出 使用 开支 需求 需要 情况 方面 基本 较好 良好 稳步 逐步 大力
    深入 扎实 高效 健全 完善 建立 规范 管理 服务 群众 人民 社会 稳定 发展 建设 程度 能够 可以
    """.split()
)


def _quote(text: str) -> str:
    text = text.strip()
    return text if len(text) <= _QUOTE_CHARS else text[:_QUOTE_CHARS] + "…"


# Bounds that keep a hostile 10,000-character goal line or name cheap: a goal line says what it
# means in its first few hundred characters, and a shared piece longer than a phrase is cut.
MAX_GOAL_CHARS = 500
MAX_NAME_CHARS = 200
_MAX_PIECE = 30


@lru_cache(maxsize=16384)
def _bigrams(text: str) -> tuple[str, ...]:
    """Every two-character piece of a text, in order (text[k : k + 2] for each k), made in C.
    Cached: asked of each goal line for every project that has it, and a county's 6,900 goal
    lines are 1,100 texts."""
    return tuple(map(add, text, text[1:]))


@lru_cache(maxsize=16384)
def without_name(line: str, name: str) -> str:
    """The goal line (numbering dropped) with every piece of two or more characters that the
    project's name also has blanked out: `保障协理员队伍稳定` in “乡村振兴协理员”工资 → `保障 队伍稳定`.
    Cached: is_measurable and content_bigrams both ask it of every goal line."""
    s = goal_key(line)[:MAX_GOAL_CHARS]
    name = halfwidth(name)[:MAX_NAME_CHARS]
    # A piece starts where the line's next two characters are in the name: find those places
    # in one comprehension over the line's pieces of two characters (cached: slicing the line
    # at each place was ~60 % of the comprehension), then grow a piece only there.
    starts = [k for k, gram in enumerate(_bigrams(s)) if gram in name]
    if not starts:
        return s
    out: list[str] = []
    i = 0  # s[:i] is done
    for k in starts:
        if k < i:
            continue  # inside the piece just blanked
        j = k + 3
        while j <= len(s) and j - k <= _MAX_PIECE and s[k:j] in name:
            j += 1
        out.append(s[i:k])
        out.append(" ")
        i = j - 1
    out.append(s[i:])
    return "".join(out)


@lru_cache(maxsize=16384)
def _has_measure(text: str) -> bool:
    """A number, a time or a 100 %-word in a goal line's text (_MEASURABLE). Cached by the text:
    a county's goal lines, and what is left of them once a name is blanked out, repeat."""
    return _MEASURABLE.search(text) is not None


@lru_cache(maxsize=16384)
def is_measurable(line: str, name: str = "") -> bool:
    """A goal line with a number, a time or a 100 %-word of its own (not one the project's name
    holds: 满三年) or a concrete output (发放, 安装 …)."""
    key = goal_key(line)[:MAX_GOAL_CHARS]
    if _OUTPUT.search(key):
        return True
    # A number or time in the line with the name's pieces blanked out is one in the line itself
    # (a blank never joins two parts into one): the blanking is needed only when there is one.
    return _has_measure(key) and _has_measure(without_name(line, name))


_STOCK_RE = re.compile("|".join(sorted(_STOCK, key=len, reverse=True)))


@lru_cache(maxsize=16384)
def content_bigrams(line: str, name: str) -> frozenset[str]:
    """The goal line's content: its two-character pieces once the project's name, the stock
    words of goal prose and function words are taken out."""
    return _content(without_name(line, name))


@lru_cache(maxsize=16384)
def _content(text: str) -> frozenset[str]:
    """content_bigrams of a goal line's text with the name blanked out (without_name). Cached by
    that text: the projects of a county have each its own name, but blanking it leaves the same
    text of the same line in each (提高 的干事热情, 保障队伍稳定): 6,900 pairs, ~1,300 texts."""
    text = _STOCK_RE.sub(" ", text)
    grams: set[str] = set()
    for run in _NOT_CJK.split(_STOP_CHARS.sub(" ", text)):
        grams.update(map(add, run, run[1:]))  # its two-character pieces, made in C
    return frozenset(grams)


def clear_caches() -> None:
    """Forget the caches engine.clear_caches does not name itself (it calls this)."""
    for cached in (_bigrams, _has_measure, _content):
        cached.cache_clear()


def _goal_lines(project: Project) -> list[tuple[int, str]]:
    """The goal lines with text (a placeholder such as 无 or 待定 is empty: JX101's business).
    A placeholder is at most four characters trimmed, and its goal_key no longer: a longer key
    needs no is_placeholder()."""
    return [
        (n, line)
        for n, line in enumerate(project.goals, 1)
        if (key := goal_key(line)) and (len(key) > 4 or not is_placeholder(line))
    ]


def _goals(ctx: DocContext, project: Project) -> tuple[list[tuple[int, str]], bool]:
    """The goal lines with text and whether any of them is measurable: once per project check
    (JX410 and JX411 both start from them)."""

    def compute() -> tuple[list[tuple[int, str]], bool]:
        lines = _goal_lines(project)
        return lines, any(is_measurable(line, project.name) for _, line in lines)

    found: tuple[list[tuple[int, str]], bool] = ctx.memo(project, "goals", compute)
    return found


@rule(
    "JX410",
    Severity.WARNING,
    "绩效目标没有可衡量的内容",
    scope=P,
    rationale="绩效目标要“细化量化”：写明做多少（数量）、何时完成（时限）或产出什么（发放、建成、安装……）。"
    "“提高干事热情”“保障合法权益”“维护社会稳定”每条都只说方向，年底无从判断是否实现，审核时按"
    "“绩效目标不明确”退回。每一条都没有数量、时限或具体产出时报告（只有个别条目如此时不报，以免误报）。"
    "措辞可以有多种合理写法，故为“警告”。",
    example="“1.提高村干部的干事热情。2.保障村干部的合法权益。” → “1.按月足额发放3名村干部的工资并缴纳保险。"
    "2.村干部年末在岗率100%。”",
)
def goals_measurable(ctx: DocContext, project: Project) -> Iterator[Hit]:
    lines, measurable = _goals(ctx, project)
    if not lines or measurable:
        return
    numbers = "、".join(str(n) for n, _ in lines)
    yield Hit(
        f"绩效目标第 {numbers} 条都没有可衡量的内容（数量、时限或具体产出），如“{_quote(lines[0][1])}”；"
        "请写明做多少、何时完成或产出什么",
        GOALS,
    )


_INDICATOR, _FACTS = itemgetter(1), itemgetter(2)  # of a (row, indicator, facts)
_TEXT, _VALUE = attrgetter("text"), attrgetter("value")


@rule(
    "JX411",
    Severity.HINT,
    "绩效目标没有对应的绩效指标",
    scope=P,
    rationale="每条绩效目标都应有至少一个绩效指标来衡量它：目标说“提高退役士兵工作热情”，指标里却没有一项"
    "与此有关，年底评价时这条目标就无从打分。判断方法是比较用词：目标中除编号、虚词、项目名称和“提高、"
    "保障、维护”之类套话之外的词（至少两个字的片段两处以上），在各指标的名称、描述和指标值中一处也找不到。"
    "同义的不同说法会被当作没有对应，故为“提示”。所有目标都没有可衡量内容时只报 JX410。",
    example="目标“1.按月足额发放20名退役人员补贴。2.提高退役士兵工作热情。”，指标只有发放人数、发放率、"
    "满意度 → 第 2 条改写为可由指标衡量的内容，或增加衡量“工作热情”的指标（如任务完成率）。",
)
def goals_have_indicators(ctx: DocContext, project: Project) -> Iterator[Hit]:
    lines, measurable = _goals(ctx, project)
    if not lines or not measurable:
        return  # nothing measurable at all: JX410 says so once
    rows = ctx.rows(project)
    if not rows:
        return  # no indicators yet: the structure rules say so
    measured = ""
    for n, line in lines:
        content = content_bigrams(line, project.name)
        if len(content) < 2:
            continue
        # The indicators' words, one cell a line (made when a goal has content to look for): a
        # goal's two-character piece is among theirs exactly when it occurs in this text (the
        # pieces are Chinese only, never a line break or the space in Facts.text, the name and
        # description) — one C-level search each, where building every row's set of pieces cost
        # more than any other rule on a county's check. Gathered by map(), in C.
        measured = measured or "\n".join(
            chain(
                map(_TEXT, map(_FACTS, rows)),
                map(halfwidth, map(_VALUE, map(_INDICATOR, rows))),
            )
        )
        if any(map(measured.__contains__, content)):
            continue
        yield Hit(
            f"绩效目标第 {n} 条“{_quote(line)}”没有对应的绩效指标（指标中找不到它说的内容）；"
            "请增加衡量它的指标，或改写这条目标",
            GOALS,
        )
