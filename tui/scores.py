"""The editor's one door to the 自评 scores: `project_score(doc, project)` is model.scoring's
(财预〔2020〕10号: 一级 weights, equal split of a blank 分值, the 满意度 share moved to 产出 and
效益, …), the same numbers `jixiao score` prints; the rest is how the editor shows them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import model.scoring as scoring
from model import Document, Indicator, Project
from model.attainment import Outcome, compare

ProjectScore = scoring.ProjectScore
IndicatorScore = scoring.IndicatorScore


def is_computed(ind: Indicator) -> bool:
    """Whether the indicator's 得分 is computed (a quantitative or blank 指标值) rather than
    entered by the clerk (定性 and 时限 indicators, judged 达成 / 部分达成 / 未达成)."""
    return compare(ind.value, "").outcome is not Outcome.ENTERED


execution_rate = scoring.execution_rate
number_text = scoring.points_text


def project_score(doc: Document, project: Project) -> scoring.ProjectScore:
    """The project's 自评 scores, as `jixiao score` computes them (model.scoring), without the
    explanation text (the editor asks after every keystroke)."""
    return scoring.score_project(doc, project, explained=False)


def grade_text(doc: Document, score: scoring.ProjectScore) -> str:
    """The grade, once every indicator and the 预算执行率 are scored; "—" before (as
    `jixiao score` prints it: a grade of half the scores would mislead)."""
    return score.grade or "—"


# --- how the editor reads and writes them ---------------------------------------------------------


def indicator_score(score: Any, indicator_id: str) -> Any:
    """The IndicatorScore of one indicator in a ProjectScore, or None."""
    return next((s for s in score.indicators if s.indicator_id == indicator_id), None)


def percent_text(rate: Decimal | None) -> str:
    """0.9545… → 95.45%; blank for None."""
    return "" if rate is None else f"{number_text(rate * 100)}%"


ACHIEVEMENT_BANDS = scoring.BAND_SHARES


def band(achievement: str, weight: Decimal) -> tuple[Decimal, Decimal] | None:
    """The 得分 range a 完成程度 allows for this 分值 (2 decimals); None when none is chosen."""
    found = scoring.band_of(str(achievement), weight)
    return None if found is None else (scoring.round2(found[0]), scoring.round2(found[1]))


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
