"""The editor's one door to the 自评 scores: `project_score(doc, project)`.

model.scoring (财预〔2020〕10号: 一级 weights, equal split of a blank 分值, the 满意度 share moved
to 产出 and 效益, …) is written in parallel; the editor reads scores only through this module,
and only these attributes of its ProjectScore / IndicatorScore: `.indicators` (each with
indicator_id, weight, score), execution_rate, total, grade, complete. Until it arrives the
stand-in below computes with model.attainment.compare: an indicator's 分值 is its entered
score_weight (a project with none gets the 一级 weights split equally), a quantitative 得分 =
分值 × ratio, a 定性/时限 得分 is the one entered. At the merge `project_score` becomes
`return model.scoring.score_project(doc, project)` (and the stand-in classes go); the helpers
below the stand-in stay.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from model import Document, Indicator, Project
from model.attainment import Outcome, compare
from model.entities import EXECUTION_RATE, LOWEST_GRADE
from model.framework import canonical

CENT = Decimal("0.01")
SATISFACTION = "满意度指标"


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class IndicatorScore:
    indicator_id: str
    weight: Decimal  # 分值
    score: Decimal | None  # 得分; None: not yet known (no 实际完成值, not entered …)
    computed: bool  # True for a quantitative indicator (得分 computed, never typed)


@dataclass(frozen=True, slots=True)
class ProjectScore:
    indicators: list[IndicatorScore] = field(default_factory=list)
    execution_rate: Decimal | None = None  # 全年执行数 / 全年预算数 (0…, not capped)
    execution_score: Decimal | None = None  # 预算执行率 × its weight, capped at the weight
    total: Decimal = Decimal(0)
    grade: str = LOWEST_GRADE
    complete: bool = False  # every 得分 and the execution rate are known


def _split(total: Decimal, n: int) -> list[Decimal]:
    """`total` in n equal parts of 2 decimals, the rounding remainder on the last."""
    if n <= 0:
        return []
    part = (total / n).quantize(CENT, rounding=ROUND_HALF_UP)
    return [part] * (n - 1) + [total - part * (n - 1)]


def _weights(doc: Document, project: Project) -> list[Decimal]:
    inds = project.indicators
    if any(i.score_weight is not None for i in inds):
        return [i.score_weight or Decimal(0) for i in inds]
    weights = {k: v for k, v in doc.scoring.weights.items() if k != EXECUTION_RATE}
    groups: dict[str, list[int]] = {}
    for n, ind in enumerate(inds):
        groups.setdefault(canonical(ind.level1), []).append(n)
    if SATISFACTION not in groups and SATISFACTION in weights:
        moved = weights.pop(SATISFACTION)
        rest = [k for k in weights if k in groups]
        base = sum((weights[k] for k in rest), Decimal(0))
        for k in rest:
            weights[k] += _cents(moved * weights[k] / base) if base else Decimal(0)
    out = [Decimal(0)] * len(inds)
    for level1, rows in groups.items():
        for row, weight in zip(
            rows, _split(weights.get(level1, Decimal(0)), len(rows)), strict=True
        ):
            out[row] = weight
    return out


def is_computed(ind: Indicator) -> bool:
    """Whether the indicator's 得分 is computed (a quantitative or blank 指标值) rather than
    entered by the clerk (定性 and 时限 indicators, judged 达成 / 部分达成 / 未达成)."""
    return compare(ind.value, "").outcome is not Outcome.ENTERED


def execution_rate(executed: Decimal | None, budget: Decimal | None) -> Decimal | None:
    """执行数 / 预算数; None when either is blank or the budget is 0."""
    if executed is None or not budget:
        return None
    return executed / budget


def grade_of(doc: Document, total: Decimal) -> str:
    for grade, lowest in sorted(doc.scoring.bands.items(), key=lambda b: b[1], reverse=True):
        if total >= lowest:
            return grade
    return LOWEST_GRADE


def project_score(doc: Document, project: Project) -> ProjectScore:
    """The project's 自评 scores (stand-in for model.scoring.score_project)."""
    scores: list[IndicatorScore] = []
    complete = True
    for ind, weight in zip(project.indicators, _weights(doc, project), strict=True):
        found = compare(ind.value, ind.actual)
        computed = found.outcome is not Outcome.ENTERED
        if computed:
            score = _cents(weight * found.ratio) if found.ratio is not None else None
        else:
            score = ind.score
        complete = complete and score is not None
        scores.append(IndicatorScore(ind.id, weight, score, computed))
    rate = execution_rate(project.executed, project.full_year_budget)
    rate_weight = doc.scoring.weights.get(EXECUTION_RATE, Decimal(0))
    rate_score = _cents(rate_weight * min(rate, Decimal(1))) if rate is not None else None
    complete = complete and rate_score is not None
    total = sum((s.score for s in scores if s.score is not None), Decimal(0)) + (
        rate_score or Decimal(0)
    )
    total = _cents(total)
    return ProjectScore(scores, rate, rate_score, total, grade_of(doc, total), complete)


# --- how the editor reads and writes them ---------------------------------------------------------


def indicator_score(score: Any, indicator_id: str) -> Any:
    """The IndicatorScore of one indicator in a ProjectScore, or None."""
    return next((s for s in score.indicators if s.indicator_id == indicator_id), None)


def number_text(value: Decimal | None) -> str:
    """8.50 → 8.5, 10.00 → 10; blank for None."""
    if value is None:
        return ""
    text = format(value.quantize(CENT, rounding=ROUND_HALF_UP), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def percent_text(rate: Decimal | None) -> str:
    """0.9545… → 95.45%; blank for None."""
    return "" if rate is None else f"{number_text(rate * 100)}%"


# 定性 and 时限 indicators: the share of the 分值 each 完成程度 allows (财预〔2020〕10号).
ACHIEVEMENT_BANDS: dict[str, tuple[Decimal, Decimal]] = {
    "达成": (Decimal("0.8"), Decimal(1)),
    "部分达成": (Decimal("0.6"), Decimal("0.8")),
    "未达成": (Decimal(0), Decimal("0.6")),
}


def band(achievement: str, weight: Decimal) -> tuple[Decimal, Decimal] | None:
    """The 得分 range a 完成程度 allows for this 分值 (2 decimals); None when none is chosen."""
    shares = ACHIEVEMENT_BANDS.get(str(achievement))
    if shares is None:
        return None
    return _cents(weight * shares[0]), _cents(weight * shares[1])


def band_text(achievement: str, weight: Decimal) -> str:
    """`部分达成：得分在 7.5–10 之间（分值 12.5 的 60%–80%）`, or what to choose first."""
    found = band(achievement, weight)
    if found is None:
        return "请先选完成程度（达成/部分达成/未达成），得分按其区间填写"
    low, high = found
    shares = ACHIEVEMENT_BANDS[str(achievement)]
    return (
        f"{achievement}：得分在 {number_text(low)}–{number_text(high)} 之间"
        f"（分值 {number_text(weight)} 的 {percent_text(shares[0])}–{percent_text(shares[1])}）"
    )


def score_note(text: str, achievement: str, weight: Decimal) -> str:
    """What an entered 得分 says against its 分值 and 完成程度 (shown while typing)."""
    try:
        value = Decimal(text.strip())
    except ArithmeticError:
        return ""
    if value > weight:
        return f"得分 {number_text(value)} 超过分值 {number_text(weight)}"
    found = band(achievement, weight)
    if found is not None and not found[0] <= value <= found[1]:
        return f"得分不在{band_text(achievement, weight)}"
    return ""
