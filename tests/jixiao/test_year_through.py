"""The sample carried through the year (issue 20): the unit exports its targets as CSV, fills the
year's actuals of three projects in a spreadsheet, merges them back with `jixiao import --merge`;
`jixiao score` and the Word 项目支出绩效自评表 then show the same numbers, worked by hand below."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import docx
import pytest

from jixiao.cli import main
from jixiao.sample import load_sample
from model import Phase
from service import documents
from storage import open_store

# (实际完成值, 完成程度, 得分) per indicator row of the first three projects of the sample, and
# each project's 全年执行数. Worked by hand (no 分值 entered: 产出 50 split equally over its rows,
# 效益 30, 满意度 10; 预算执行率 10 × min(执行数 / 预算数, 1)):
# 1 凤还巢 (预算数 11.00; 产出 4 × 12.50, 效益 2 × 15, 满意度 10):
#   ≤3人 ← 3人: 12.50; ≤100% ← 100%: 12.50; 12月底前 达成, 得分 12.5: 12.50;
#   ≤11万元 ← 110000元 (= 11万元): 12.50; 100% ← 96%: 15 × 0.96 = 14.40;
#   ≥50% ← 40%: 15 × 40/50 = 12.00; ≥90% ← 95%: 10.00; 执行率 10.45/11.00 = 95% → 9.50
#   总分 50 + 14.40 + 12.00 + 10.00 + 9.50 = 95.90 → 优
# 2 综合网格员 (全年执行数 = 预算数 → 10.00):
#   ≤248人 ← 250人: 12.50 × 248/250 = 12.40; ≤100% ← 100%: 12.50;
#   12月底前 部分达成, 得分 9 (band 7.50–10.00): 9.00; ≤89.28万元 ← 90万元: 12.50 × 89.28/90
#   = 12.40; 100% ← 100%: 15.00; ≥50% ← 25%: 15 × 25/50 = 7.50; ≥90% ← 88%: 10 × 88/90
#   = 9.777… → 9.78
#   总分 12.40 + 12.50 + 9.00 + 12.40 + 15.00 + 7.50 + 9.78 + 10.00 = 88.58 → 良
# 3 大留庄村 (11 rows: 产出 8 × 6.25, 效益 2 × 15, 满意度 10), 执行数 = 预算数 → 10.00;
#   every target met (row 7 定性 达成 6.25, row 10 定性 达成 15): 总分 100.00 → 优
ACTUALS: list[tuple[str, list[tuple[str, str, str]]]] = [
    ("10.45", [("3人", "", ""), ("100%", "", ""), ("", "达成", "12.5"), ("110000元", "", ""),
               ("96%", "", ""), ("40%", "", ""), ("95%", "", "")]),
    ("", [("250人", "", ""), ("100%", "", ""), ("", "部分达成", "9"), ("90万元", "", ""),
               ("100%", "", ""), ("25%", "", ""), ("88%", "", "")]),
    ("", [("50台", "", ""), ("1200元", "", ""), ("3600平方米", "", ""), ("178元", "", ""),
          ("500米", "", ""), ("600元", "", ""), ("", "达成", "6.25"), ("100%", "", ""),
          ("30%", "", ""), ("明显改善", "达成", "15"), ("95%", "", "")]),
]  # fmt: skip
EXPECTED = [("95.90", "优"), ("88.58", "良"), ("100.00", "优")]


def _rows(text: str) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    return list(reader.fieldnames or []), list(reader)


def _write(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, header, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text("\ufeff" + out.getvalue(), encoding="utf-8")


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "db.json"
    monkeypatch.setenv("JIXIAO_DB", str(path))
    doc = load_sample()
    doc.phase = Phase.EVALUATE  # chosen in 文档信息: the exports carry the 自评 columns
    documents.create(open_store(path, create=True), doc)
    return path


def test_actuals_filled_in_csv_score_the_same_in_jixiao_score_and_the_word_table(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inds, projs = tmp_path / "指标.csv", tmp_path / "项目.csv"
    assert main(["export", "--format", "csv", "-o", str(inds)]) == 0
    assert main(["export", "--format", "csv", "--table", "projects", "-o", str(projs)]) == 0

    # the spreadsheet work: actuals on the indicator rows, 全年执行数 on the project rows
    header, rows = _rows(inds.read_text(encoding="utf-8"))
    assert {"实际完成值", "完成程度", "得分", "偏差原因分析及改进措施"} <= set(header)
    codes = list(dict.fromkeys(r["项目编码"] for r in rows))[:3]
    for code, (_, filled) in zip(codes, ACTUALS, strict=True):
        mine = [r for r in rows if r["项目编码"] == code]
        assert len(mine) == len(filled)
        for row, (actual, achievement, score) in zip(mine, filled, strict=True):
            row.update({"实际完成值": actual, "完成程度": achievement, "得分": score})
    _write(inds, header, rows)
    pheader, prows = _rows(projs.read_text(encoding="utf-8"))
    assert "全年执行数" in pheader
    for prow in prows:
        if prow["项目编码"] in codes:
            executed = ACTUALS[codes.index(prow["项目编码"])][0]
            prow["全年执行数"] = executed or prow["预算数"]
    _write(projs, pheader, prows)

    stored = db.read_bytes()
    assert main(["import", "--merge", str(inds)]) == 0
    assert main(["import", "--merge", str(projs)]) == 0
    assert db.read_bytes() != stored
    capsys.readouterr()

    assert main(["score", "--format", "json"]) == 0
    scored = json.loads(capsys.readouterr().out)["projects"]
    assert [(p["score"], p["grade"]) for p in scored[:3]] == EXPECTED
    assert [i["score"] for i in scored[1]["indicators"]] == [
        "12.40", "12.50", "9.00", "12.40", "15.00", "7.50", "9.78",
    ]  # fmt: skip

    # the Word 自评表 of the same three projects: every 得分 and the 总分 row agree
    word = tmp_path / "自评表.docx"
    args = ["export", "--format", "docx", "--table", "evaluate", "-o", str(word)]
    for code in codes:
        args += ["--project", code]
    assert main(args) == 0
    tables = docx.Document(str(word)).tables
    cells = [[[c.text.strip() for c in row.cells] for row in t.rows] for t in tables]
    flat = [row for table in cells for row in table]
    totals = [row for row in flat if row and row[0] == "总分"]
    assert len(totals) == 3
    for row, (score, grade) in zip(totals, EXPECTED, strict=True):
        assert _number(row[-2]) == score and row[-1] == f"自评等级：{grade}", row
    for project, table in zip(scored[:3], _indicator_tables(cells), strict=True):
        wanted = [i["score"] for i in project["indicators"]]
        got = [_number(row[-2].split("\n")[0]) for row in table]
        assert got == [_number(w) for w in wanted]


def _indicator_tables(cells: list[list[list[str]]]) -> list[list[list[str]]]:
    """The indicator rows of each 自评表: the rows after the 一级指标 header, up to 总分."""
    found = []
    for table in cells:
        starts = [n for n, row in enumerate(table) if "三级指标" in row and "得分" in row]
        if not starts:
            continue
        body = []
        for row in table[starts[0] + 1 :]:
            if row[0] == "总分":
                break
            body.append(row)
        found.append(body)
    return found


def _number(text: str) -> str:
    from decimal import Decimal

    return str(Decimal(text).quantize(Decimal("0.01"))) if text else ""
