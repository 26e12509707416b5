"""The 分值 and 得分 the 绩效自评表 prints: one adapter, `_scores(doc, project)`.

The scoring itself is model.scoring's (score_project, 财预〔2020〕10号), written in parallel with
this module. Until it is merged, `_scores` computes the same shape (ProjectScore of
IndicatorScore) from model.attainment.compare and the entered 分值, so that the Word tables can
be written and tested; at the merge, `_scores` becomes `return score_project(doc, project)` and
the two dataclasses below go. Nothing else in exporters.docx computes a score.

What the stand-in does (the issue's rules, simply): each 一级指标 has its points of the 100
(Scoring.weights; a document without 满意度指标 gives its points to 产出/效益 50:30); inside one,
an entered 分值 is kept and the blank ones share the rest equally (the remainder on the last);
a quantitative indicator scores 分值 × compare().ratio, a 定性/时限 one its entered 得分;
预算执行率 scores its points × min(全年执行数 / 全年预算数, 1); half-up to 2 decimals; the grade
from Scoring.bands (below the last: 差).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from model import Document, Project
from model.attainment import Outcome, compare
from model.entities import EXECUTION_RATE, LOWEST_GRADE

CENT = Decimal("0.01")
_SATISFACTION, _OUTPUT, _EFFECT = "满意度指标", "产出指标", "效益指标"


@dataclass(frozen=True, slots=True)
class IndicatorScore:
    indicator_id: str
    weight: Decimal | None  # 分值: entered, or its share of the 一级's points
    score: Decimal | None  # 得分: None when it cannot be computed (no 实际完成值 …)
    entered: bool = False  # a 定性/时限 indicator: the 得分 is the clerk's


@dataclass(frozen=True, slots=True)
class ProjectScore:
    indicators: tuple[IndicatorScore, ...]
    execution_rate: Decimal | None  # 全年执行数 / 全年预算数, 0…(may exceed 1)
    execution_weight: Decimal
    execution_score: Decimal | None
    total: Decimal | None  # the sum, when complete
    grade: str
    complete: bool  # every 得分 is known

    def of(self, indicator_id: str) -> IndicatorScore | None:
        return next((s for s in self.indicators if s.indicator_id == indicator_id), None)


def round_half_up(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _level_points(doc: Document, project: Project) -> dict[str, Decimal]:
    weights = {k: v for k, v in doc.scoring.weights.items() if k != EXECUTION_RATE}
    levels = {i.level1 for i in project.indicators}
    if _SATISFACTION in weights and _SATISFACTION not in levels:
        spare = weights.pop(_SATISFACTION)
        out, eff = weights.get(_OUTPUT, Decimal(0)), weights.get(_EFFECT, Decimal(0))
        if out + eff:
            weights[_OUTPUT] = out + spare * out / (out + eff)
            weights[_EFFECT] = eff + spare * eff / (out + eff)
    return weights


def _weights(doc: Document, project: Project) -> dict[str, Decimal | None]:
    """indicator id → 分值: entered, or an equal share of what its 一级 has left."""
    points = _level_points(doc, project)
    out: dict[str, Decimal | None] = {}
    for level, total in points.items():
        group = [i for i in project.indicators if i.level1 == level]
        blank = [i for i in group if i.score_weight is None]
        left = total - sum((i.score_weight or Decimal(0)) for i in group)
        share = (left / len(blank)).quantize(CENT, rounding=ROUND_DOWN) if blank else Decimal(0)
        for ind in group:
            if ind.score_weight is not None:
                out[ind.id] = ind.score_weight
            elif ind is blank[-1]:
                out[ind.id] = left - share * (len(blank) - 1)  # the remainder on the last
            else:
                out[ind.id] = share
    for ind in project.indicators:
        out.setdefault(ind.id, ind.score_weight)
    return out


def _scores(doc: Document, project: Project) -> ProjectScore:
    """The project's scores (model.scoring.score_project's shape; see the module docstring)."""
    weights = _weights(doc, project)
    scores: list[IndicatorScore] = []
    for ind in project.indicators:
        weight = weights[ind.id]
        found = compare(ind.value, ind.actual)
        if found.outcome is Outcome.ENTERED:
            scores.append(IndicatorScore(ind.id, weight, ind.score, entered=True))
        elif found.ratio is not None and weight is not None:
            scores.append(IndicatorScore(ind.id, weight, round_half_up(weight * found.ratio)))
        else:
            scores.append(IndicatorScore(ind.id, weight, None))
    execution_weight = doc.scoring.weights.get(EXECUTION_RATE, Decimal(0))
    budget, executed = project.full_year_budget, project.executed
    rate = executed / budget if budget and executed is not None else None
    execution_score = (
        round_half_up(execution_weight * min(rate, Decimal(1))) if rate is not None else None
    )
    parts = [s.score for s in scores] + [execution_score]
    complete = all(p is not None for p in parts)
    total = sum((p for p in parts if p is not None), Decimal(0)) if complete else None
    return ProjectScore(
        tuple(scores), rate, execution_weight, execution_score, total, grade(doc, total), complete
    )


def grade(doc: Document, total: Decimal | None) -> str:
    """The grade of a 总分 by the document's bands; "" when there is no total."""
    if total is None:
        return ""
    for name, lowest in sorted(doc.scoring.bands.items(), key=lambda kv: -kv[1]):
        if total >= lowest:
            return name
    return LOWEST_GRADE


__all__ = ["IndicatorScore", "ProjectScore", "_scores", "grade", "round_half_up"]
