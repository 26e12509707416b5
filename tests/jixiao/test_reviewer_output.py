"""Reviewer output (issue 16 item 5): --statistics, --format csv, part1_item in JSON, the rule
catalogue (`jixiao rules`, `check --explain` without an id), severities in Chinese."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from jixiao import cmd_check
from jixiao.cli import main
from model import Document, Part1
from model.rules import RULES
from service import checking
from tests.jixiao.test_cmd_check import faulty_document
from tests.model.rules_helpers import clean_document


def run(docs, **kwargs) -> tuple[int, str]:
    out = io.StringIO()
    code = cmd_check.run(docs, out=out, **kwargs)
    return code, out.getvalue()


def test_statistics_count_per_rule_most_frequent_first() -> None:
    doc = faulty_document()
    doc.projects[0].indicators[0].value = "≤2000平方米"  # a second JX210
    code, text = run([doc], stats=True)
    assert code == 1  # the exit code still follows the errors
    lines = text.splitlines()
    assert lines[0] == f"2  JX210  警告  {RULES['JX210'].title}"
    assert f"1  JX208  错误  {RULES['JX208'].title}" in lines
    assert lines[-1] == "共 4 条，3 条规则"


def test_statistics_as_json_and_when_nothing_is_found() -> None:
    _, text = run([faulty_document()], stats=True, fmt="json")
    data = json.loads(text)
    assert {d["rule"]: d["count"] for d in data} == {"JX208": 1, "JX210": 1, "JX603": 1}
    assert set(data[0]) == {"rule", "severity", "title", "count"}
    code, text = run([clean_document()], stats=True)
    assert (code, text) == (0, "未发现问题\n")


def test_csv_is_one_row_per_finding_for_excel() -> None:
    doc = faulty_document()
    doc.part1.items[0].measure = "道路硬化面积大于2000平方米"  # JX502, a Part 1 finding
    code, text = run([doc], fmt="csv")
    assert code == 1
    assert text.startswith("\ufeff")  # Excel reads the file as UTF-8
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[0] == list(checking.CSV_HEADERS)
    assert rows[0][:3] == ["文档", "预算单位", "项目序号"]
    body = rows[1:]
    assert len(body) == len(checking.check_documents([doc])[0].findings) == 4
    part1 = next(r for r in body if r[8] == "JX502")
    assert (part1[2], part1[5], part1[7], part1[9]) == ("", "1", "绩效指标", "提示")
    wages = next(r for r in body if r[8] == "JX208")
    assert wages[2:5] == ["2", doc.projects[1].code, doc.projects[1].name]
    assert (wages[6], wages[7], wages[9], wages[10]) == (
        "2",
        "指标值",
        "错误",
        RULES["JX208"].title,
    )


def test_json_findings_say_which_part1_item() -> None:
    doc = clean_document()
    doc.part1.items[1].measure = "证照印制合格率高于98%"
    _, text = run([doc], fmt="json")
    (finding,) = json.loads(text)
    assert (finding["rule"], finding["part1_item"]) == ("JX502", 2)


@pytest.mark.parametrize(
    ("word", "rules"),
    [
        ("错误", ["JX208"]),
        ("error", ["JX208"]),
        ("ERROR", ["JX208"]),
        ("警告", ["JX210", "JX208"]),
        ("提示", ["JX210", "JX208", "JX603"]),
    ],
)
def test_min_severity_in_chinese_or_english(word: str, rules: list[str]) -> None:
    _, text = run([faulty_document()], fmt="json", min_severity=word)
    assert [d["rule"] for d in json.loads(text)] == rules


def test_the_catalogue_in_chinese() -> None:
    entries = checking.catalogue()
    assert [e.id for e in entries] == list(RULES)
    jx208 = next(e for e in entries if e.id == "JX208")
    assert (jx208.severity, jx208.family, jx208.title) == ("错误", "指标值", RULES["JX208"].title)


def test_an_empty_document_fails_the_check() -> None:
    empty = Document(dept_code="903001", dept_name="某乡本级", year=2023, part1=Part1())
    code, text = run([empty])
    assert code == 1 and "JX507" in text


def test_a_line_break_in_a_name_does_not_break_the_one_line_output() -> None:
    doc = faulty_document()
    doc.projects[1].name = "“乡村振兴协理员”\n工资"
    doc.projects[1].indicators[1].name = "工资足额\n发放率"
    _, text = run([doc])
    assert "  项目 2  13052923P00584011600B  “乡村振兴协理员”⏎工资" in text.splitlines()
    (jx208,) = [line for line in text.splitlines() if "JX208" in line]
    assert "“工资足额⏎发放率”" in jx208


# --- the command ------------------------------------------------------------------------------


@pytest.fixture
def db(tmp_path: Path, monkeypatch) -> Path:
    from tests.conftest import SAMPLE_DOCX

    monkeypatch.setenv("JIXIAO_DB", str(tmp_path / "db.json"))
    assert main(["init"]) == 0
    assert main(["import", str(SAMPLE_DOCX)]) == 0
    return tmp_path


def test_rules_and_explain_without_an_id_list_the_catalogue(capsys) -> None:
    assert main(["rules"]) == 0
    listed = capsys.readouterr().out
    assert main(["check", "--explain"]) == 0
    captured = capsys.readouterr()
    assert captured.out == listed and captured.err == ""
    assert listed.splitlines()[0].split() == ["编号", "级别", "类别", "规则"]
    assert "JX208  错误  指标值" in listed
    assert f"共 {len(RULES)} 条规则" in listed
    assert main(["check", "--explain", "--all"]) == 0  # followed by another option
    assert "JX101" in capsys.readouterr().out


def test_the_command_takes_the_new_options(db, capsys) -> None:
    capsys.readouterr()
    assert main(["check", "--statistics", "--min-severity", "错误"]) == 1
    out = capsys.readouterr().out
    assert "JX308  错误" in out and "警告" not in out
    assert main(["check", "--format", "csv", "--rule", "JX308"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("\ufeff文档,") and "100.08万元" in out
    assert main(["check", "--min-severity", "严重"]) == 1
    err = capsys.readouterr().err
    assert "error/错误" in err and "\n" == err[-1] and err.count("\n") == 1
    assert main(["check", "--format", "xml"]) == 1
    assert "csv" in capsys.readouterr().err
