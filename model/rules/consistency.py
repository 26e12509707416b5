"""JX4xx — consistency and copy-paste: goals against goals, indicators and other projects."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from functools import lru_cache

from ..entities import Project
from ..text import halfwidth
from .base import Hit, Scope, Severity, rule
from .context import DocContext, goal_key

P = Scope.PROJECT
GOALS = "绩效目标"


@rule(
    "JX401",
    Severity.WARNING,
    "绩效目标重复",
    scope=P,
    rationale="同一项目的两条绩效目标文字相同（编号不同），是复制后忘了改；目标看似三条、实际两条。"
    "不影响金额，故为“警告”。",
    example="“2.保证工作有效迅速开展。3.保证工作有效迅速开展。” → 删除第 3 条或写出另一个目标。",
)
def repeated_goal_lines(ctx: DocContext, project: Project) -> Iterator[Hit]:
    first: dict[str, int] = {}
    for n, line in enumerate(project.goals, 1):
        key = goal_key(line)
        if not key:
            continue
        if key in first:
            yield Hit(
                f"绩效目标第 {n} 条与第 {first[key]} 条相同：“{line.strip()}”，请删除或改写", GOALS
            )
        else:
            first[key] = n


def _project_label(ctx: DocContext, index: int) -> str:
    """`第 1 个项目（“凤还巢”大学生村干部工资及保险）` — the name as written, never re-quoted."""
    return f"第 {index + 1} 个项目（{ctx.doc.projects[index].name.strip()}）"


def _cells(project: Project) -> Iterator[tuple[str, str, int | None]]:
    """(text, field, row) of every cell that may have been copied from elsewhere."""
    for line in project.goals:
        yield line, GOALS, None
    for row, ind in enumerate(project.indicators, 1):
        yield ind.name, "三级指标", row
        yield ind.description, "绩效指标描述", row
        yield ind.basis, "指标值确定依据", row


@rule(
    "JX402",
    Severity.WARNING,
    "提到了另一个项目的对象",
    scope=P,
    rationale="“综合网格员”项目的描述写着“凤还巢大学生村干部”，说明这一格是从另一个项目复制来的、没有改。"
    "只比对其他项目名称中独有的部分（去掉“经费”“补偿”等通用词），本项目名称和资金用途里出现过的不算，"
    "以免误报；三级指标名称与另一项目逐字相同、又含有该项目名称独有的字（“公岗满三年工资支出”之于"
    "“…公益性岗位满三年…”）也算。偶有项目确实涉及另一项目的对象，故为“警告”。",
    example="“综合网格员”补贴中“我单位凤还巢大学生村干部办公效率…” → 改为“我单位综合网格员…”。",
)
def foreign_subject(ctx: DocContext, project: Project) -> Iterator[Hit]:
    flagged: set[int] = set()
    for text, fld, row in _foreign_terms_named(ctx, project):
        if fld == "三级指标" and row is not None:
            flagged.add(row)
        yield Hit(text, fld, row)
    yield from _copied_names(ctx, project, flagged)


def _foreign_terms_named(
    ctx: DocContext, project: Project
) -> Iterator[tuple[str, str, int | None]]:
    """Cells that name another project's subject (a part of its name no other name has)."""
    terms = ctx.foreign_terms(project)
    if not terms:
        return
    cells = [(text, fld, row) for text, fld, row in _cells(project) if text]
    # Terms hold no ASCII (context.subject_terms splits on it), so full-width forms in the
    # cells cannot hide one: no halfwidth() needed here.
    whole = "\n".join(text for text, _, _ in cells)
    present = [(t, owner) for t, owner in terms if t in whole]
    if not present:
        return
    for text, fld, row in cells:
        for term, owner in present:
            if term in text:
                yield _copied(fld, term, ctx, owner), fld, row
                break  # one finding per cell is enough


def _copied(fld: str, term: str, ctx: DocContext, owner: int) -> str:
    return (
        f"{fld}提到“{term}”，这是{_project_label(ctx, owner)}的内容，可能是复制后没有修改，请核对"
    )


def _copied_names(ctx: DocContext, project: Project, flagged: set[int]) -> Iterator[Hit]:
    """A 三级 name shared word for word with another project and holding a piece of that
    project's own name (“公岗满三年工资支出” in the 凤还巢 project, from 公益性岗位满三年)."""
    me = ctx.position(project)
    own = halfwidth(project.name + " " + project.purpose)
    for row, _ind, facts in ctx.rows(project):
        if row in flagged or not facts.name:
            continue
        for owner in sorted(ctx.name_projects.get(facts.name, ())):
            if owner == me:
                continue
            piece = next(
                (g for g in ctx.grams.get(owner, ()) if g in facts.name and g not in own), None
            )
            if piece:
                owner_name = halfwidth(ctx.doc.projects[owner].name)
                shown = _widen(facts.name, piece, owner_name)
                yield Hit(_copied("三级指标", shown, ctx, owner), "三级指标", row)
                break


def _widen(text: str, piece: str, source: str) -> str:
    """The piece grown to the longest stretch of `text` that `source` also contains."""
    start = text.index(piece)
    end = start + len(piece)
    while start > 0 and text[start - 1 : end] in source:
        start -= 1
    while end < len(text) and text[start : end + 1] in source:
        end += 1
    return text[start:end]


@rule(
    "JX403",
    Severity.HINT,
    "绩效目标与其他项目逐字相同",
    scope=P,
    rationale="不同项目的绩效目标逐字相同（如“及时足额发放占地补偿款，维护社会稳定。”），说明目标是套话，"
    "没有写出本项目特有的内容。同类项目目标相近也情有可原，故只作“提示”。",
    example="“维护社会稳定。” → 写出本项目的具体目标，如“按时向 35 户失地群众足额发放补偿款”。",
)
def goals_shared_across_projects(ctx: DocContext, project: Project) -> Iterator[Hit]:
    me = ctx.position(project)
    done: set[str] = set()
    for n, line in enumerate(project.goals, 1):
        key = goal_key(line)
        if not key or key in done:
            continue
        done.add(key)
        others = [i for i in ctx.goal_projects.get(key, ()) if i != me]
        if others:
            names = "、".join(_project_label(ctx, i) for i in others[:3])
            more = f"等 {len(others)} 个项目" if len(others) > 3 else ""
            yield Hit(f"绩效目标第 {n} 条与{names}{more}逐字相同，请写出本项目特有的目标", GOALS)


_GOAL_NUMBER = re.compile(
    r"(\d+(?:\.\d+)?)\s*(平方米|公里|亩|人次|人|个|次|村|件|台|米|户|名|家|场|份|张|处|座|盏|辆|吨)"
)


@rule(
    "JX404",
    Severity.WARNING,
    "绩效目标中的数字与指标值不符",
    scope=P,
    rationale="目标写“发放 239.262 亩补偿款”，数量指标却是“239.26亩”：目标与指标应是同一件事的两种说法，"
    "数字要一致。只与单位相同的指标比较；文字中的数字也可能另有所指，故为“警告”。",
    example="目标“…239.262亩…”，指标“239.26亩” → 两处统一为核实后的亩数。",
)
def goal_numbers_match(ctx: DocContext, project: Project) -> Iterator[Hit]:
    by_unit: dict[str, set[Decimal]] = {}
    for _, _, facts in ctx.rows(project):
        q = facts.value.quantity
        if q is not None:
            by_unit.setdefault(q.unit, set()).add(q.number)
    reported: set[tuple[str, str]] = set()
    for line in project.goals:
        for m in _GOAL_NUMBER.finditer(halfwidth(line)):
            number, unit = Decimal(m.group(1)), m.group(2)
            numbers = by_unit.get(unit)
            if not numbers or number in numbers or (m.group(1), unit) in reported:
                continue
            reported.add((m.group(1), unit))
            shown = "、".join(f"{format(v, 'f')}{unit}" for v in sorted(numbers))
            yield Hit(f"绩效目标写“{m.group(0)}”，指标值却是 {shown}，请统一", GOALS)


_PUNCT = re.compile(r"[\s。；;，,.]")


@lru_cache(maxsize=65536)
def _norm(text: str) -> str:
    return _PUNCT.sub("", halfwidth(text))


def _same(a: str, b: str) -> bool:
    if not a.strip() or not b:
        return False
    return a == b or _norm(a) == _norm(b)


@rule(
    "JX405",
    Severity.HINT,
    "描述或依据只是重复三级指标名称",
    scope=P,
    rationale="绩效指标描述应说明衡量什么、怎么算；指标值确定依据应写出文件、计划或调查。照抄三级指标名称"
    "没有增加任何信息，但也不算错，故只作“提示”。",
    example="三级“道路硬化的面积”、描述“道路硬化的面积” → 描述写“本年度完成硬化的村内道路面积（平方米）”。",
)
def repeats_name(ctx: DocContext, project: Project) -> Iterator[Hit]:
    for row, ind in enumerate(project.indicators, 1):
        if _same(ind.name, ind.description):
            yield Hit(
                "绩效指标描述只是重复三级指标名称，请说明衡量什么、怎么计算", "绩效指标描述", row
            )
        if _same(ind.name, ind.basis):
            yield Hit(
                "指标值确定依据只是重复三级指标名称，请写明文件、计划、历史数据或调查",
                "指标值确定依据",
                row,
            )


@rule(
    "JX406",
    Severity.WARNING,
    "描述中混入了另一行的描述",
    scope=P,
    rationale="一格绩效指标描述有两段，其中一段与同项目另一行的描述一字不差（如“办公效率提高比例”的描述"
    "后面跟着“保证单位正常运转的天数占全年总天数的比例”），是粘贴时多带了一段。读者无法判断哪段才算数，"
    "故为“警告”。",
    example="描述“…办公效率提高的比率⏎保证单位正常运转的天数占全年总天数的比例” → 删除第二段。",
)
def pasted_description(ctx: DocContext, project: Project) -> Iterator[Hit]:
    if not any("\n" in ind.description for ind in project.indicators):
        return
    whole = {
        halfwidth(ind.description).strip(): row
        for row, ind in enumerate(project.indicators, 1)
        if ind.description.strip()
    }
    for row, ind in enumerate(project.indicators, 1):
        paragraphs = [p.strip() for p in halfwidth(ind.description).split("\n") if p.strip()]
        if len(paragraphs) < 2:
            continue
        for paragraph in paragraphs:
            other = whole.get(paragraph)
            if other is not None and other != row:
                yield Hit(
                    f"绩效指标描述中的“{paragraph}”与第 {other} 行的描述相同，像是粘贴时多带的，请删除",
                    "绩效指标描述",
                    row,
                )
                break
