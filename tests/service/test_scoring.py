"""service.scoring: picking projects, the JSON shape of issue 20 and the CSV rows of `jixiao score`."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from model import Document, Indicator, Project
from service import scoring
from service.errors import ProjectAmbiguous, ProjectNotFound

D = Decimal


def scored_document() -> Document:
    """Two projects: 道路 complete (总分 92.50, 优), 培训 with a row not filled in."""
    road = Project(
        code="P1",
        name="道路维修",
        budget=D("100.00"),
        executed=D("95.00"),
        indicators=[
            # no 满意度: 产出 56.25 (two rows: 28.13, 28.12), 效益 33.75
            Indicator("产出指标", "数量指标", "维修道路", "", "≥4公里", actual="3公里"),
            Indicator("产出指标", "质量指标", "合格率", "", "=100%", actual="100%"),
            Indicator(
                "效益指标",
                "社会效益指标",
                "通行",
                "",
                "明显改善",
                actual="已改善",
                achievement="达成",
                score=D("30"),
            ),  # fmt: skip
        ],
    )
    training = Project(
        code="P2",
        name="农民培训",
        budget=D("10"),
        indicators=[
            Indicator(
                "产出指标",
                "数量指标",
                "培训人次",
                "",
                "≥200人次",
                actual="150人次",
                score_weight=D("5"),
            ),  # fmt: skip
            Indicator("效益指标", "社会效益指标", "就业", "", "≥50人"),
        ],
    )
    return Document(dept_code="903001", dept_name="张王疃乡", year=2023,
                    projects=[road, training])  # fmt: skip


def test_every_project_or_the_one_asked_for() -> None:
    doc = scored_document()
    assert [(s.number, s.project.code) for s in scoring.score(doc)] == [(1, "P1"), (2, "P2")]
    assert [(s.number, s.project.code) for s in scoring.score(doc, "2")] == [(2, "P2")]
    assert [s.number for s in scoring.score(doc, "培训")] == [2]
    with pytest.raises(ProjectNotFound):
        scoring.score(doc, "P9")
    doc.projects[1].name = "道路维修二期"
    with pytest.raises(ProjectAmbiguous):
        scoring.score(doc, "道路")


def test_json_has_exactly_the_issue_shape_with_decimal_strings() -> None:
    doc = scored_document()
    data = scoring.to_json(doc, scoring.score(doc))
    # 道路: 28.13 × 3/4 = 21.0975 → 21.10; 28.12 × 1; 30 entered; 执行率 95 % → 9.50.
    # 21.10 + 28.12 + 30.00 + 9.50 = 88.72 → 良
    assert data == {
        "document": "903001/2023",
        "projects": [
            {
                "code": "P1",
                "name": "道路维修",
                "score": "88.72",
                "grade": "良",
                "execution_rate": "95.00",
                "indicators": [
                    {
                        "row": 1,
                        "target": "≥4公里",
                        "actual": "3公里",
                        "weight": "28.13",
                        "score": "21.10",
                    },
                    {
                        "row": 2,
                        "target": "=100%",
                        "actual": "100%",
                        "weight": "28.12",
                        "score": "28.12",
                    },
                    {
                        "row": 3,
                        "target": "明显改善",
                        "actual": "已改善",
                        "weight": "33.75",
                        "score": "30.00",
                    },
                ],  # fmt: skip
            },
            {
                # 满意度 absent: 产出 56.25 (5 entered), 效益 33.75; 5 × 150/200 = 3.75;
                # 就业 has no actual, 执行数 blank: 总分 3.75, no grade
                "code": "P2",
                "name": "农民培训",
                "score": "3.75",
                "grade": None,
                "execution_rate": None,
                "indicators": [
                    {
                        "row": 1,
                        "target": "≥200人次",
                        "actual": "150人次",
                        "weight": "5.00",
                        "score": "3.75",
                    },
                    {"row": 2, "target": "≥50人", "actual": "", "weight": "33.75", "score": None},
                ],  # fmt: skip
            },
        ],
    }


@pytest.mark.parametrize(
    ("value", "text"),
    [(None, None), ("5", "5.00"), ("16.6", "16.60"), ("16.67", "16.67"), ("3.333", "3.333")],
)
def test_number_text(value: str | None, text: str | None) -> None:
    assert scoring.number_text(None if value is None else D(value)) == text


def test_csv_rows_per_indicator_then_execution_and_total() -> None:
    doc = scored_document()
    rows = scoring.csv_rows(scoring.score(doc))
    assert len(rows) == 3 + 2 + 2 + 2  # indicators, then 预算执行率 and 总分 of each project
    assert all(len(r) == len(scoring.CSV_HEADERS) for r in rows)
    road = [r for r in rows if r[1] == "P1"]
    assert road[0][3:11] == ["1", "产出指标", "数量指标", "维修道路", "≥4公里", "3公里",
                             "28.13", "21.10"]  # fmt: skip
    assert road[3][6:] == ["预算执行率", "100.00", "95.00", "10.00", "9.50", "", "执行率 95.00%"]
    assert road[4][6:] == ["总分", "", "", "100.00", "88.72", "良", ""]
    training = [r for r in rows if r[1] == "P2"]
    assert training[1][9:] == ["33.75", "", "", "实际完成值未填写"]
    assert training[2][8:11] == ["", "10.00", ""]
    assert training[2][12].startswith("全年执行数未填写")
    assert training[3][6] == "总分" and training[3][10:12] == ["3.75", ""]
    assert "第2行和预算执行率未计分" in training[3][12]
    # the sum of a project's rows is its 总分
    assert sum(D(r[10]) for r in road[:4]) == D(road[4][10])


def test_csv_text_is_for_excel() -> None:
    doc = scored_document()
    text = scoring.csv_text(scoring.score(doc))
    assert text.startswith("\ufeff项目序号,项目编码,")
    assert "\r\n" in text
    records = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert records[2][7] == "'=100%"  # a formula to Excel otherwise
