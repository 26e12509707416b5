"""绩效自评 scores as 财预〔2020〕10号 computes them: each indicator's 分值 and 得分, the project's
预算执行率 score, 总分 and grade — every step kept as a Chinese sentence for `jixiao score --explain`.
Pure: no I/O, Decimal only; cheap enough for the editor to run after every keystroke.

分值 (the weight of one indicator):
- An entered `score_weight` is used as it is.
- The blank ones share what their 一级's weight (`doc.scoring.weights`: 产出指标 50, 效益指标 30,
  满意度指标 10) leaves after the entered ones of that 一级: equally, each rounded half-up to 2
  decimals, the rounding remainder on the last, so the 一级 adds up exactly (50 over 3 → 16.67,
  16.67, 16.66). When the entered ones already exceed the 一级's weight, the blank ones get 0.
- A 一级 the project has no indicator under (usually 满意度指标) gives its weight to the 一级s it
  has, in proportion to their configured weights (满意度 10 → 产出 +6.25, 效益 +3.75: 50:30);
  the shares are rounded like the split, the remainder on the last.
- 成本指标 written as a 一级 (the 2021 guidance, 财预〔2021〕101号) shares the 产出指标 weight: 产出 and
  成本 indicators together split 产出's 50, because the 自评表 of 财预〔2020〕10号 knows no separate 成本
  weight. (A document whose scoring settings give 成本指标 a weight of its own is scored by that.)
  The 2015 convention files 成本 under 产出 anyway, so the same holds there.
- Local synonyms of the 一级 names (产出, 满意度 …) count as the names (model.framework.canonical).
  Any other 一级 (blank, misspelt, or 预算执行率, which is scored separately) gets no 分值 and no
  得分; the steps say why, and the rules report the name.

得分 (the score), each rounded half-up to 2 decimals:
- Quantitative targets: 分值 × the share model.attainment.compare computes (positive: min(实际 /
  目标, 1); negative: 1 when 实际 ≤ 目标, else 目标 / 实际).
- 定性 and 时限 targets: the 得分 the clerk entered; the chosen 达成 / 部分达成 / 未达成 gives its band
  (100–80 %, 80–60 %, 60–0 % of 分值). A score outside its band is still used (the rules flag it).
- No score (None), with the reason in the steps, when the 实际完成值 is blank or not a number in a
  unit that converts, the 指标值 is blank, or a 定性/时限 得分 is not entered. An 得分 entered on a
  quantitative indicator is not used: its score is computed.
- 预算执行率 = 全年执行数 / 全年预算数 (全年预算数 blank → 预算数); its score = its weight (10) ×
  min(率, 1); None when either amount is blank or the budget is 0.

总分 = the sum of the rounded scores there are (indicators and 预算执行率). The project is
`complete` when every indicator and the 预算执行率 have a score; only then is it graded (优 ≥ 90,
良 ≥ 80, 中 ≥ 60, else 差 — `doc.scoring.bands`): a grade on a partial sum would understate it. The
document's average is the plain mean of its projects' 总分, given (and graded) only when every
project is complete.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from . import framework
from .attainment import Attainment, Outcome, compare
from .entities import (
    EXECUTION_RATE,
    LOWEST_GRADE,
    Achievement,
    Document,
    Indicator,
    Project,
    Scoring,
)

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
CENT = Decimal("0.01")

# 达成 / 部分达成 / 未达成 → (lowest, highest) share of the 分值, both ends included.
BAND_SHARES: dict[str, tuple[Decimal, Decimal]] = {
    Achievement.MET.value: (Decimal("0.8"), ONE),
    Achievement.PARTLY.value: (Decimal("0.6"), Decimal("0.8")),
    Achievement.NOT_MET.value: (ZERO, Decimal("0.6")),
}

ENTERED, SPLIT, NONE = "entered", "split", "none"


@dataclass(frozen=True, slots=True)
class IndicatorScore:
    indicator_id: str
    row: int  # 1-based position in the project's indicator table
    level1: str  # 一级指标 as written
    name: str  # 三级指标
    target: str  # 指标值, raw
    actual: str  # 实际完成值, raw
    weight: Decimal | None  # 分值 (None: its 一级 has no weight)
    weight_source: str  # "entered" | "split" | "none"
    score: Decimal | None  # 得分, 2 decimals; None when it cannot be computed (see reason)
    attainment: Attainment
    band: tuple[Decimal, Decimal] | None  # 定性/时限: the range its 得分 should fall in
    steps: tuple[str, ...]  # how 分值 and 得分 were found, in Chinese
    reason: str = ""  # why score is None, one Chinese sentence; "" when scored


@dataclass(frozen=True, slots=True)
class ProjectScore:
    project_id: str
    code: str
    name: str
    indicators: tuple[IndicatorScore, ...]
    execution_rate: Decimal | None  # 全年执行数 / 全年预算数, exact (1 = 100 %); see rate_percent
    execution_weight: Decimal  # the 预算执行率 weight (10)
    execution_score: Decimal | None
    total: Decimal  # 总分: the sum of the scores there are
    grade: str | None  # only when complete
    complete: bool  # every indicator and the 预算执行率 scored
    steps: tuple[str, ...]  # the 一级 weights this project uses (before the indicators' steps)
    execution_steps: tuple[str, ...] = ()  # how the 预算执行率 and its score were found
    total_steps: tuple[str, ...] = ()  # the sum and the grade (or why there is none)


@dataclass(frozen=True, slots=True)
class DocumentScore:
    projects: tuple[ProjectScore, ...]
    average: Decimal | None  # mean 总分, 2 decimals; None unless every project is complete
    grade: str | None
    complete: bool = False  # every project complete (and there is one)


def round2(value: Decimal) -> Decimal:
    """Half-up to 2 decimals (2.345 → 2.35), as the 自评表 is filled."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _cents(value: Decimal) -> Decimal:
    """value with 2 decimals when that loses no digit (10 → 10.00), else as it is."""
    exponent = value.as_tuple().exponent
    return value.quantize(CENT) if isinstance(exponent, int) and exponent >= -2 else value


def execution_rate(executed: Decimal | None, budget: Decimal | None) -> Decimal | None:
    """执行数 / 预算数, exact (1 = 100 %); None when either is blank or the budget is 0."""
    if executed is None or not budget:
        return None
    return executed / budget


def points_text(value: Decimal | None) -> str:
    """A 分值 / 得分 as the tables show it: half-up to 2 decimals, trailing zeros dropped
    (8.50 → 8.5, 10.00 → 10, 16.666 → 16.67); blank for None."""
    if value is None:
        return ""
    text = format(round2(value), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def cents_text(value: Decimal) -> str:
    """A number as `jixiao score` writes it: two decimals when that loses no digit (5 → 5.00)."""
    return format(_cents(value), "f")


def rate_percent(rate: Decimal | None) -> Decimal | None:
    """An execution rate as the 自评表 shows it: a percentage, 2 decimals (0.95238… → 95.24)."""
    return None if rate is None else round2(rate * HUNDRED)


def _n(value: Decimal) -> str:
    """A number for the steps: plain digits, at most 6 decimals (… when cut)."""
    text = str(value)
    if "E" in text:  # 1E+1, 1E-7: str's exponent form
        text = format(value, "f")
    dot = text.find(".")
    if dot >= 0 and len(text) - dot > 7:
        return f"{text[: dot + 7]}…"
    return text


def _t(value: Decimal) -> str:
    """A number without trailing zeros (80.0 → 80, 15.000 → 15, 13.336 stays)."""
    text = _n(value)
    if "." in text and not text.endswith("…"):
        text = text.rstrip("0").rstrip(".")
    return text


def grade_of(total: Decimal, scoring: Scoring) -> str:
    """The grade of a 总分: the best band whose lowest 总分 it reaches, else 差."""
    for name, lowest in sorted(scoring.bands.items(), key=lambda kv: kv[1], reverse=True):
        if total >= lowest:
            return name
    return LOWEST_GRADE


def _grade_range(grade: str, scoring: Scoring) -> str:
    """`80 ≤ 总分 < 90` for 良, `总分 < 60` for 差."""
    ordered = sorted(scoring.bands.items(), key=lambda kv: kv[1], reverse=True)
    lows = [low for _, low in ordered]
    if grade not in scoring.bands:
        return f"总分 < {_n(lows[-1])}" if lows else "总分任意"
    n = [name for name, _ in ordered].index(grade)
    if not n:
        return f"总分 ≥ {_n(ordered[n][1])}"
    return f"{_n(ordered[n][1])} ≤ 总分 < {_n(ordered[n - 1][1])}"


def band_of(achievement: str, weight: Decimal) -> tuple[Decimal, Decimal] | None:
    """The range a 定性/时限 得分 should fall in for the chosen 达成 / 部分达成 / 未达成 (exact,
    both ends included: 达成 on 分值 10 → (8.0, 10)); None when achievement is not one of them."""
    shares = BAND_SHARES.get(achievement.strip())
    if shares is None:
        return None
    return shares[0] * weight, shares[1] * weight


# -- 分值 ---------------------------------------------------------------------------------------


def weight_group(level1: str, scoring: Scoring) -> str | None:
    """The 一级 of scoring.weights an indicator's 一级指标 draws its 分值 from; None when none."""
    name = framework.canonical(level1)
    if name == EXECUTION_RATE:
        return None
    if name in scoring.weights:
        return name
    if name == framework.COST and framework.OUTPUT in scoring.weights:
        return framework.OUTPUT
    return None


def _share_out(total: Decimal, parts: list[Decimal]) -> list[Decimal]:
    """total divided in proportion to parts, each but the last half-up to 2 decimals, the last
    taking the remainder (so the shares add up to total exactly)."""
    whole = sum(parts, ZERO)
    shares = [round2(total * p / whole) for p in parts[:-1]]
    return [*shares, total - sum(shares, ZERO)]


def _group_weights(
    scoring: Scoring, present: set[str], say: bool = True
) -> tuple[dict[str, Decimal], list[str]]:
    """Each 一级's weight for a project whose indicators fall under `present`: the configured
    weights, those of the absent 一级s handed to the present ones in proportion (and, when
    `say`, the steps)."""
    configured = {k: v for k, v in scoring.weights.items() if k != EXECUTION_RATE}
    weights = dict(configured)
    steps: list[str] = []
    if say:
        steps.append(
            "一级指标权重："
            + "、".join(f"{k} {_n(v)}" for k, v in scoring.weights.items())
            + "（共 "
            + _n(sum(scoring.weights.values(), ZERO))
            + " 分）"
        )
    absent = [k for k, v in configured.items() if k not in present and v]
    receivers = [k for k in configured if k in present and configured[k] > 0]
    if not absent or not present:
        return weights, steps
    spare = sum((configured[k] for k in absent), ZERO)
    names = "、".join(absent)
    if not receivers:
        if say:
            steps.append(f"本项目没有{names}，其权重 {_n(spare)} 无处分配，不计入")
        return weights, steps
    shares = _share_out(spare, [configured[k] for k in receivers])
    for k in absent:
        weights[k] = ZERO
    for k, share in zip(receivers, shares, strict=True):
        weights[k] = configured[k] + share
    if not say:
        return weights, steps
    ratio = ":".join(_n(configured[k]) for k in receivers)
    given = "，".join(
        f"{k} {_n(configured[k])} + {_n(s)} = {_n(weights[k])}"
        for k, s in zip(receivers, shares, strict=True)
    )
    steps.append(
        f"本项目没有{names}，其权重 {_n(spare)} 按 {'、'.join(receivers)} 的权重之比 {ratio} "
        f"分给它们（保留两位小数，尾差计入最后一个）：{given}"
    )
    return weights, steps


@dataclass(frozen=True, slots=True)
class _Weight:
    value: Decimal | None
    source: str
    step: str


def _weights(
    doc: Document, project: Project, say: bool = True
) -> tuple[dict[str, _Weight], list[str]]:
    """Each indicator's 分值 by id, and the project's steps on its 一级 weights; without `say`
    the steps are left out (the reason an indicator has no 分值 is kept)."""
    scoring = doc.scoring
    groups: dict[str, list[Indicator]] = {}
    out: dict[str, _Weight] = {}
    for ind in project.indicators:
        group = weight_group(ind.level1, scoring)
        if group is not None:
            groups.setdefault(group, []).append(ind)
    group_weights, steps = _group_weights(scoring, set(groups), say)
    for ind in project.indicators:
        if ind.score_weight is not None:
            step = f"分值 {_n(ind.score_weight)}（已填）" if say else ""
            out[ind.id] = _Weight(ind.score_weight, ENTERED, step)
        elif weight_group(ind.level1, scoring) is None:
            out[ind.id] = _Weight(None, NONE, _unweighted(ind.level1, scoring))
    for group, members in groups.items():
        blank = [i for i in members if i.score_weight is None]
        full = group_weights[group]
        if not blank:
            entered = sum((i.score_weight or ZERO for i in members), ZERO)
            if say and entered != full:
                steps.append(
                    f"{group}的分值都已填写，合计 {_n(entered)}，与该一级的权重 {_n(full)} 不等"
                    "（按所填计分，检查时会提示）"
                )
            continue
        entered = sum((i.score_weight for i in members if i.score_weight is not None), ZERO)
        left = full - entered
        n = len(blank)
        if not say:
            if left < 0:
                zero = ZERO.quantize(CENT)
                out.update((i.id, _Weight(zero, SPLIT, "")) for i in blank)
            else:
                each = round2(left / n) if n > 1 else _cents(left)
                out.update((i.id, _Weight(each, SPLIT, "")) for i in blank[:-1])
                out[blank[-1].id] = _Weight(_cents(left - each * (n - 1)), SPLIT, "")
            continue
        if entered:
            pool = f"{group}权重 {_n(full)} 减去本项目已填的分值 {_n(entered)}，余 {_n(left)}"
        else:
            pool = f"{group}权重 {_n(full)}"
        if left < 0:
            for ind in blank:
                out[ind.id] = _Weight(
                    ZERO.quantize(CENT),
                    SPLIT,
                    f"分值 0：{pool}，已填的分值超过该一级的权重，未填的指标分值为 0",
                )
            continue
        if n == 1:
            out[blank[0].id] = _Weight(
                _cents(left), SPLIT, f"分值 {_n(_cents(left))}：{pool}，全部归本指标"
            )
            continue
        each = round2(left / n)
        last = _cents(left - each * (n - 1))
        for ind in blank[:-1]:
            out[ind.id] = _Weight(
                each,
                SPLIT,
                f"分值 {_n(each)}：{pool}，由 {n} 个未填分值的指标平分（{_n(left)} ÷ {n}，"
                "四舍五入保留两位小数）",
            )
        out[blank[-1].id] = _Weight(
            last,
            SPLIT,
            f"分值 {_n(last)}：{pool}，由 {n} 个未填分值的指标平分，前 {n - 1} 个各 {_n(each)}，"
            f"本行为最后一个，取余下的 {_n(left)} − {_n(each)} × {n - 1} = {_n(last)}",
        )
    return out, steps


def _unweighted(level1: str, scoring: Scoring) -> str:
    if not level1.strip():
        return "一级指标未填写，无分值，不计分"
    if framework.canonical(level1) == EXECUTION_RATE:
        return "预算执行率在项目资金一栏单独计分，不作为绩效指标计分值"
    names = "、".join(k for k in scoring.weights if k != EXECUTION_RATE)
    return f"一级指标“{level1.strip()}”不是评分设置中的一级指标（{names}），无分值，不计分"


def level1_weights(doc: Document, project: Project) -> dict[str, Decimal]:
    """Each 一级's weight for this project (预算执行率 not included): the document's, with the
    weight of a 一级 the project has no indicator under moved to the others (see the module
    docstring). What the 分值 of a 一级's indicators should add up to."""
    present = {g for i in project.indicators if (g := weight_group(i.level1, doc.scoring))}
    return _group_weights(doc.scoring, present)[0]


def effective_weights(doc: Document, project: Project) -> dict[str, tuple[Decimal | None, str]]:
    """Each indicator's 分值 (by id) and where it comes from: "entered", "split" (from its 一级's
    weight) or "none" (its 一级 has no weight)."""
    found, _ = _weights(doc, project)
    return {i.id: (found[i.id].value, found[i.id].source) for i in project.indicators}


# -- 得分 ---------------------------------------------------------------------------------------


def _share_text(a: Attainment) -> str:
    """How the share of the 分值 was found, as a factor: `× 95 ÷ 100`, `× 1`."""
    if a.ratio == ONE or a.ratio == ZERO or a.actual is None or a.target is None:
        return f"× {_n(a.ratio or ZERO)}"
    if a.positive:
        return f"× 实际 {_n(a.actual)} ÷ 目标 {_n(a.target)}"
    return f"× 目标 {_n(a.target)} ÷ 实际 {_n(a.actual)}"


def _score_indicator(row: int, ind: Indicator, weight: _Weight, say: bool = True) -> IndicatorScore:
    """One indicator's 得分; without `say` no steps (the reason for a missing score is kept)."""
    a = compare(ind.value, ind.actual)
    steps = [weight.step, a.note] if say else []
    score: Decimal | None = None
    band: tuple[Decimal, Decimal] | None = None
    reason = ""
    w = weight.value
    if w is None:
        reason = weight.step
    elif a.outcome is Outcome.COMPARED and a.ratio is not None:
        exact = w * a.ratio
        score = round2(exact)
        if say:
            shown = _n(score) if exact == score else f"{_n(exact)}，四舍五入为 {_n(score)}"
            steps.append(f"得分 = 分值 {_n(w)} {_share_text(a)} = {shown}")
            if ind.score is not None:
                steps.append(f"所填得分 {_n(ind.score)} 不采用：定量指标的得分按公式计算")
    elif a.outcome is Outcome.ENTERED:
        achievement = ind.achievement.strip()
        band = band_of(achievement, w)
        if ind.score is None:
            reason = "得分未填写：定性、时限指标的得分由填报人按完成程度填写"
        else:
            score = round2(ind.score)
        if say:
            steps += _entered_steps(achievement, band, ind.score, score)
    else:
        reason = a.note
    if say:
        if reason and reason not in steps:
            steps.append(reason)
        if score is None:
            steps.append("本行不计得分")
    return IndicatorScore(
        indicator_id=ind.id,
        row=row,
        level1=ind.level1,
        name=ind.name,
        target=ind.value,
        actual=ind.actual,
        weight=w,
        weight_source=weight.source,
        score=score,
        attainment=a,
        band=band,
        steps=tuple(s for s in steps if s),
        reason=reason,
    )


def _entered_steps(
    achievement: str,
    band: tuple[Decimal, Decimal] | None,
    entered: Decimal | None,
    score: Decimal | None,
) -> list[str]:
    """The steps of a 定性/时限 indicator: its band, the 得分 as entered, whether it fits."""
    if band is not None:
        low, high = BAND_SHARES[achievement]
        steps = [
            f"完成程度“{achievement}”：得分应在分值的 {_t(low * HUNDRED)}%–{_t(high * HUNDRED)}%"
            f"，即 {_t(band[0])}–{_t(band[1])}"
        ]
    elif achievement:
        steps = [f"完成程度“{achievement}”不是达成、部分达成、未达成之一，无法核对得分区间"]
    else:
        steps = ["未选择完成程度（达成、部分达成、未达成）"]
    if entered is not None and score is not None:
        rounded = "" if score == entered else f"，四舍五入为 {_n(score)}"
        steps.append(f"得分 {_n(entered)}（已填）{rounded}")
        if band is not None and not band[0] <= score <= band[1]:
            steps.append("所填得分不在该区间内：仍按所填计分，检查时会提示")
    return steps


def _execution(
    doc: Document, project: Project, say: bool = True
) -> tuple[Decimal | None, Decimal, Decimal | None, list[str]]:
    """The 预算执行率, its weight and score, and the steps (without `say` only the reason
    when there is no rate)."""
    weight = doc.scoring.weights.get(EXECUTION_RATE, ZERO)
    executed, budget = project.executed, project.full_year_budget
    budget_name = "全年预算数" if project.annual_budget is not None else "预算数"
    budget_note = "" if project.annual_budget is not None else "（全年预算数未填，取预算数）"
    if executed is None:
        return None, weight, None, ["全年执行数未填写，预算执行率不计分"]
    if budget is None:
        return None, weight, None, ["全年预算数和预算数都未填写，预算执行率不计分"]
    if budget == 0:
        return None, weight, None, [f"{budget_name}为 0，无法计算预算执行率，不计分"]
    rate = executed / budget  # execution_rate, with the reason for each blank above
    capped = min(rate, ONE)
    exact = weight * capped
    score = round2(exact)
    if not say:
        return rate, weight, score, []
    steps = [
        f"预算执行率 = 全年执行数 {_n(executed)} ÷ {budget_name} {_n(budget)} = "
        f"{_n(rate_percent(rate) or ZERO)}%{budget_note}"
        + ("，超过 100% 按 100% 计" if rate > ONE else ""),
    ]
    factor = "1" if capped == ONE else f"{_n(executed)} ÷ {_n(budget)}"
    shown = _n(score) if exact == score else f"{_n(exact)}，四舍五入为 {_n(score)}"
    steps.append(f"预算执行率得分 = 权重 {_n(weight)} × {factor} = {shown}")
    return rate, weight, score, steps


def score_project(doc: Document, project: Project, *, explained: bool = True) -> ProjectScore:
    """The project's 分值, 得分, 预算执行率, 总分 and grade, with every step. With
    explained=False the steps are left out — only the reasons a score is missing are kept
    (IndicatorScore.reason, the 预算执行率's reason, the note on an ungraded 总分) — for a list
    of many projects that shows the numbers only (a third less time: bench/scoring.py)."""
    weights, steps = _weights(doc, project, explained)
    scores = tuple(
        _score_indicator(row, ind, weights[ind.id], explained)
        for row, ind in enumerate(project.indicators, 1)
    )
    rate, exec_weight, exec_score, exec_steps = _execution(doc, project, explained)
    parts = [s.score for s in scores if s.score is not None]
    if exec_score is not None:
        parts.append(exec_score)
    total = round2(sum(parts, ZERO))
    unscored = [s.row for s in scores if s.score is None]
    missing = [rows_text(unscored)] if unscored else []
    if exec_score is None:
        missing.append("预算执行率")
    complete = bool(scores) and not missing
    total_steps = []
    if explained:
        added = " + ".join(_n(p) for p in parts) if len(parts) > 1 else ""
        total_steps.append(f"总分 = {added} = {_n(total)}" if added else f"总分 = {_n(total)}")
    grade: str | None = None
    if complete:
        grade = grade_of(total, doc.scoring)
        if explained:
            total_steps.append(f"等级：{grade}（{_grade_range(grade, doc.scoring)}）")
    elif not scores:
        total_steps.append("本项目没有绩效指标，不评等级")
    else:
        total_steps.append(f"{'和'.join(missing)}未计分，总分只是已计分部分之和，不评等级")
    return ProjectScore(
        project_id=project.id,
        code=project.code,
        name=project.name,
        indicators=scores,
        execution_rate=rate,
        execution_weight=exec_weight,
        execution_score=exec_score,
        total=total,
        grade=grade,
        complete=complete,
        steps=tuple(steps),
        execution_steps=tuple(exec_steps),
        total_steps=tuple(total_steps),
    )


def rows_text(rows: list[int]) -> str:
    """`第2行`, `第1、3、4行`: indicator rows named as the 自评表's clerks name them."""
    return f"第{'、'.join(str(r) for r in rows)}行"


def average(totals: Iterable[Decimal]) -> Decimal | None:
    """The plain mean, half-up to 2 decimals; None for none."""
    values = list(totals)
    return round2(sum(values, ZERO) / len(values)) if values else None


def score_document(doc: Document, *, explained: bool = True) -> DocumentScore:
    """Every project's score (see score_project for `explained`); the average 总分 and its
    grade when every project is complete."""
    projects = tuple(score_project(doc, p, explained=explained) for p in doc.projects)
    complete = bool(projects) and all(p.complete for p in projects)
    mean = average(p.total for p in projects) if complete else None
    grade = grade_of(mean, doc.scoring) if mean is not None else None
    return DocumentScore(projects, mean, grade, complete)


def explain(project_score: ProjectScore) -> list[str]:
    """Every step in Chinese, in the order a clerk checks it by hand: the weights, each
    indicator (its 分值, the comparison, its 得分), the 预算执行率, the 总分 and grade."""
    ps = project_score
    lines = [f"{ps.code} {ps.name}".strip(), "权重", *(f"  {s}" for s in ps.steps)]
    for s in ps.indicators:
        lines.append(f"第{s.row}行 {s.level1}／{s.name}".rstrip("／ "))
        lines += [f"  {step}" for step in s.steps]
    lines.append("预算执行率")
    lines += [f"  {step}" for step in ps.execution_steps]
    lines.append("总分")
    lines += [f"  {step}" for step in ps.total_steps]
    return lines


__all__ = [
    "BAND_SHARES",
    "DocumentScore",
    "IndicatorScore",
    "ProjectScore",
    "average",
    "band_of",
    "effective_weights",
    "explain",
    "grade_of",
    "level1_weights",
    "rate_percent",
    "round2",
    "rows_text",
    "score_document",
    "score_project",
    "weight_group",
]
