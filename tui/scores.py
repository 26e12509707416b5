"""The editor's one door to the 自评 scores: `project_score(doc, project)` is model.scoring's
(财预〔2020〕10号: 一级 weights, equal split of a blank 分值, the 满意度 share moved to 产出 and
效益, …), the same numbers `jixiao score` prints; the rest is how the editor shows them."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import model.scoring as scoring
from model import Document, Indicator, Project
from model.attainment import Outcome, compare

CENT = Decimal("0.01")


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


ProjectScore = scoring.ProjectScore
IndicatorScore = scoring.IndicatorScore


def is_computed(ind: Indicator) -> bool:
    """Whether the indicator's 得分 is computed (a quantitative or blank 指标值) rather than
    entered by the clerk (定性 and 时限 indicators, judged 达成 / 部分达成 / 未达成)."""
    return compare(ind.value, "").outcome is not Outcome.ENTERED


def execution_rate(executed: Decimal | None, budget: Decimal | None) -> Decimal | None:
    """执行数 / 预算数; None when either is blank or the budget is 0."""
    if executed is None or not budget:
        return None
    return executed / budget


def project_score(doc: Document, project: Project) -> scoring.ProjectScore:
    """The project's 自评 scores, as `jixiao score` computes them (model.scoring), without the
    explanation text (the editor asks after every keystroke)."""
    return scoring.score_project(doc, project, explained=False)


def grade_text(doc: Document, score: scoring.ProjectScore) -> str:
    """The grade; while the project is not complete, the grade its scores so far would earn
    (shown dim, with （未填完））."""
    return score.grade or scoring.grade_of(score.total, doc.scoring)


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


ACHIEVEMENT_BANDS = scoring.BAND_SHARES


def band(achievement: str, weight: Decimal) -> tuple[Decimal, Decimal] | None:
    """The 得分 range a 完成程度 allows for this 分值 (2 decimals); None when none is chosen."""
    found = scoring.band_of(str(achievement), weight)
    return None if found is None else (_cents(found[0]), _cents(found[1]))


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
