"""`jixiao score`'s data: a document's 自评 scores (model.scoring) picked by project and laid out
for JSON and CSV, so the command only prints (jixiao/score.py lays out the text).

Numbers leave here as strings of Decimals, never floats: 分值, 得分 and 总分 with two decimals
(an entered 分值 with more keeps its digits), 执行率 as a percentage with two decimals
("95.24" for 95.24 %), None (JSON null, an empty CSV cell) where there is none."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from exporters.csv_io import neutralise
from model import Document, Project
from model.amounts import format_amount
from model.scoring import ProjectScore, cents_text, rate_percent, score_project

from .documents import find_project


@dataclass(frozen=True, slots=True)
class ScoredProject:
    number: int  # 序号 in the document
    project: Project
    score: ProjectScore


def score(doc: Document, wanted: str | None = None) -> list[ScoredProject]:
    """Every project's score, or only the project `wanted` (项目编码, 序号 or a fragment of its
    name, as `jixiao show` takes it: ProjectNotFound / ProjectAmbiguous otherwise)."""
    if wanted is not None:
        number, project = find_project(doc, wanted)
        return [ScoredProject(number, project, score_project(doc, project))]
    return [ScoredProject(n, p, score_project(doc, p)) for n, p in enumerate(doc.projects, 1)]


def number_text(value: Decimal | None) -> str | None:
    """A 分值 / 得分 / 总分 as a string with two decimals (5 → "5.00"); None stays None."""
    return None if value is None else cents_text(value)


def rate_text(rate: Decimal | None) -> str | None:
    """The execution rate as a percentage with two decimals, without the % sign."""
    percent = rate_percent(rate)
    return None if percent is None else format(percent, "f")


def to_json(doc: Document, scored: list[ScoredProject]) -> dict[str, Any]:
    """{"document", "projects": [{"code", "name", "score", "grade", "execution_rate",
    "indicators": [{"row", "target", "actual", "weight", "score"}]}]} — the shape of issue 20."""
    return {
        "document": doc.key,
        "projects": [
            {
                "code": s.score.code,
                "name": s.score.name,
                "score": number_text(s.score.total),
                "grade": s.score.grade,
                "execution_rate": rate_text(s.score.execution_rate),
                "indicators": [
                    {
                        "row": i.row,
                        "target": i.target,
                        "actual": i.actual,
                        "weight": number_text(i.weight),
                        "score": number_text(i.score),
                    }
                    for i in s.score.indicators
                ],
            }
            for s in scored
        ],
    }


CSV_HEADERS = (
    "项目序号",
    "项目编码",
    "项目名称",
    "行号",
    "一级指标",
    "二级指标",
    "三级指标",
    "指标值",
    "实际完成值",
    "分值",
    "得分",
    "等级",
    "说明",
)
EXECUTION_LINE = "预算执行率"
TOTAL_LINE = "总分"


def total_weight(ps: ProjectScore) -> Decimal:
    """The 分值 the project's score is out of: its indicators' and the 预算执行率's."""
    weights = [i.weight for i in ps.indicators if i.weight is not None]
    return sum(weights, ps.execution_weight)


def missing_note(ps: ProjectScore) -> str:
    """Why a project has no grade, one line (model.scoring's last total step); "" with one."""
    return "" if ps.complete or not ps.total_steps else ps.total_steps[-1]


def execution_note(ps: ProjectScore) -> str:
    """`执行率 95.24%`, or why there is none (the first step: 全年执行数未填写 …)."""
    rate = rate_text(ps.execution_rate)
    if rate is not None:
        return f"执行率 {rate}%"
    return ps.execution_steps[0] if ps.execution_steps else ""


def csv_rows(scored: list[ScoredProject]) -> list[list[str]]:
    """Under CSV_HEADERS: one row per indicator, then the project's 预算执行率 row (指标值 = 全年
    预算数, 实际完成值 = 全年执行数) and its 总分 row (分值 = what it is out of, 等级)."""
    rows: list[list[str]] = []
    for s in scored:
        ps, project = s.score, s.project
        head = [str(s.number), ps.code, ps.name]
        for i in ps.indicators:
            ind = project.indicators[i.row - 1]
            rows.append(
                [
                    *head,
                    str(i.row),
                    i.level1,
                    ind.level2,
                    i.name,
                    i.target,
                    i.actual,
                    number_text(i.weight) or "",
                    number_text(i.score) or "",
                    "",
                    i.reason,
                ]
            )
        rows.append(
            [
                *head,
                "",
                "",
                "",
                EXECUTION_LINE,
                format_amount(project.full_year_budget),
                format_amount(project.executed),
                number_text(ps.execution_weight) or "",
                number_text(ps.execution_score) or "",
                "",
                execution_note(ps),
            ]
        )
        rows.append(
            [
                *head,
                "",
                "",
                "",
                TOTAL_LINE,
                "",
                "",
                number_text(total_weight(ps)) or "",
                number_text(ps.total) or "",
                ps.grade or "",
                missing_note(ps),
            ]
        )
    return rows


def csv_text(scored: list[ScoredProject]) -> str:
    """The CSV for Excel: a BOM (so that it reads UTF-8), CRLF rows, formula-like cells
    (=100% …) written with a leading apostrophe as the indicator CSV does."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADERS)
    writer.writerows([neutralise(cell) for cell in row] for row in csv_rows(scored))
    return out.getvalue()


__all__ = [
    "CSV_HEADERS",
    "ScoredProject",
    "csv_rows",
    "csv_text",
    "execution_note",
    "missing_note",
    "number_text",
    "rate_text",
    "score",
    "to_json",
    "total_weight",
]
