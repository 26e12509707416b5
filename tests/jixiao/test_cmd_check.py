"""`jixiao check`: output formats, exit codes, filters, colour, --explain — module and command."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from jixiao import cmd_check
from model import JixiaoError
from service import checking
from tests.model.rules_helpers import clean_document


def faulty_document():
    doc = clean_document()
    doc.projects[1].indicators[1].value = "≤100%"  # JX208 error, row 2
    doc.projects[1].indicators[0].value = "≤12人"  # JX210 warning, row 1
    doc.projects[2].indicators[0].name = "证照印制数量（份）"  # JX603 hint, row 1
    return doc


def run(docs, **kwargs) -> tuple[int, str]:
    out = io.StringIO()
    code = cmd_check.run(docs, out=out, **kwargs)
    return code, out.getvalue()


def test_text_is_grouped_by_project_one_line_per_finding() -> None:
    doc = faulty_document()
    code, text = run([doc])
    assert code == 1
    lines = text.splitlines()
    assert lines[0] == "903001/2023 巨鹿县张王疃乡人民政府本级（2023 年）"
    wages = lines.index("  项目 2  13052923P00584011600B  “乡村振兴协理员”工资")
    assert lines[wages + 1].startswith("    JX210@2.1 警告  第 1 行 指标值：数量指标“发放人数”")
    assert lines[wages + 2].startswith("    JX208@2.2 错误  第 2 行 指标值：")
    printing = lines.index("  项目 3  13052923P00584011601C  便民服务中心证照印制")
    assert lines[printing + 1].startswith("    JX603@3.1 提示  第 1 行 三级指标：")
    assert "  项目 1 " not in text  # a project without findings is not listed
    assert (
        "共 3 条（错误 1、警告 1、提示 1）；第二部分 3 个项目、22 行指标，预算数合计 88.00万元"
        in text
    )
    assert "\x1b[" not in text  # not a terminal: plain


def test_json_is_an_array_of_findings() -> None:
    code, text = run([faulty_document()], fmt="json")
    assert code == 1
    data = json.loads(text)
    assert [(d["rule"], d["project_code"], d["indicator_row"], d["field"]) for d in data] == [
        ("JX210", "13052923P00584011600B", 1, "指标值"),
        ("JX208", "13052923P00584011600B", 2, "指标值"),
        ("JX603", "13052923P00584011601C", 1, "三级指标"),
    ]
    assert set(data[0]) == {
        "rule",
        "severity",
        "message",
        "document",
        "project_code",
        "indicator_row",
        "field",
        "place",  # what --dismiss RULE@PLACE takes
        "part1_item",
    }
    assert [d["place"] for d in data] == ["2.1", "2.2", "3.1"]
    assert data[1]["severity"] == "error" and data[1]["document"] == "903001/2023"


def test_clean_document_exits_zero() -> None:
    code, text = run([clean_document()])
    assert code == 0
    assert "未发现问题" in text
    code, text = run([clean_document()], fmt="json")
    assert (code, json.loads(text)) == (0, [])


def test_warnings_alone_exit_zero_and_min_severity_filters() -> None:
    doc = faulty_document()
    doc.projects[1].indicators[1].value = "=100%"
    assert run([doc])[0] == 0
    code, text = run([doc], fmt="json", min_severity="warning")
    assert [d["rule"] for d in json.loads(text)] == ["JX210"]
    code, text = run([faulty_document()], fmt="json", min_severity="error")
    assert (code, [d["rule"] for d in json.loads(text)]) == (1, ["JX208"])


def test_rule_filter_and_exit_code_follow_what_is_reported() -> None:
    code, text = run([faulty_document()], fmt="json", rules=["jx603"])
    assert (code, [d["rule"] for d in json.loads(text)]) == (0, ["JX603"])


def test_colour_on_request_and_never_when_piped() -> None:
    _, plain = run([faulty_document()])
    _, coloured = run([faulty_document()], color=True)
    assert "\x1b[1;31m错误\x1b[0m" in coloured
    assert "\x1b[" not in plain


def test_colour_follows_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    out = Tty()
    cmd_check.run([faulty_document()], out=out)
    assert "\x1b[" in out.getvalue()
    monkeypatch.setenv("NO_COLOR", "1")
    out = Tty()
    cmd_check.run([faulty_document()], out=out)
    assert "\x1b[" not in out.getvalue()


def test_several_documents_get_a_grand_total() -> None:
    other = clean_document()
    other.year = 2024
    for p in other.projects:
        p.code = p.code.replace("13052923", "13052924")
    other.projects[0].indicators[3].value = "2024年10月底前"
    code, text = run([faulty_document(), other])
    assert code == 1
    assert "903001/2024" in text
    assert text.rstrip().endswith("合计 2 份文档：错误 1、警告 1、提示 1")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"fmt": "xml"}, "text、json 或 csv"),
        ({"min_severity": "fatal"}, "error、warning 或 hint"),
        ({"rules": ["JX101", "JX999"]}, "JX999"),
    ],
)
def test_bad_options_are_one_line_user_errors(kwargs: dict, message: str) -> None:
    with pytest.raises(JixiaoError, match=message) as info:
        run([clean_document()], **kwargs)
    assert "\n" not in str(info.value)


def test_explain() -> None:
    assert "为什么：" in checking.explain("JX208")
    with pytest.raises(JixiaoError):
        checking.explain("JX000")


def test_the_command_checks_the_sample(tmp_path: Path, monkeypatch, capsys) -> None:
    from jixiao.cli import main
    from tests.conftest import SAMPLE_DOCX

    monkeypatch.setenv("JIXIAO_DB", str(tmp_path / "db.json"))
    assert main(["init"]) == 0
    assert main(["import", str(SAMPLE_DOCX)]) == 0
    capsys.readouterr()
    assert main(["check", "--format", "json", "--rule", "JX308"]) == 1
    (finding,) = json.loads(capsys.readouterr().out)
    assert finding["project_code"] == "13052923P00584110274J"
    assert "100.08万元" in finding["message"]
    assert main(["check", "--explain", "JX308"]) == 0
    assert "100.08万元" in capsys.readouterr().out


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"fmt": "json"}, {"fmt": "csv"}, {"stats": True}, {"show_dismissed": True}],
)
def test_documents_given_one_at_a_time_in_any_order_print_in_list_order(kwargs: dict) -> None:
    # check --all reads the documents one at a time in the file's order (store.iter_documents).
    docs = []
    for code in ("903001", "903002", "903003"):
        doc = faulty_document()
        doc.dept_code = code
        docs.append(doc)
    docs[1].projects[1].indicators[1].value = "≥100%"  # one error fewer in the middle one
    in_order = run(docs, **kwargs)
    shuffled = run(iter([docs[2], docs[0], docs[1]]), **kwargs)
    assert shuffled == in_order
    if not kwargs.get("stats"):
        text = in_order[1]
        assert text.index("903001/2023") < text.index("903002/2023") < text.index("903003/2023")


@pytest.mark.parametrize(
    ("kwargs", "collecting"),
    [({}, False), ({"fmt": "csv"}, False), ({"stats": True}, False), ({"fmt": "json"}, True)],
)
def test_the_collector_is_paused_while_checking_except_for_json(
    kwargs: dict, collecting: bool
) -> None:
    # Checking leaves next to nothing in cycles (reference counting frees each document), but
    # the JSON encoder leaves a cycle per finding: the collector must run for that output.
    import gc

    seen: list[bool] = []

    def docs():
        for doc in (faulty_document(), clean_document()):
            seen.append(gc.isenabled())
            yield doc

    assert gc.isenabled()
    code, _ = run(docs(), **kwargs)
    assert code == 1
    assert seen == [collecting, collecting]
    assert gc.isenabled()  # on again after


def test_the_summary_takes_documents_one_at_a_time() -> None:
    docs = [faulty_document(), clean_document()]
    docs[1].dept_code = "903002"
    out = io.StringIO()
    code = cmd_check.run_summary(iter(docs), out=out, fmt="json")
    assert code == 1
    assert [(t["key"], t["errors"]) for t in json.loads(out.getvalue())] == [
        ("903001/2023", 1),
        ("903002/2023", 0),
    ]


def test_json_is_written_piece_by_piece_exactly_as_one_json_text() -> None:
    """--detail --format json keeps each finding as text, not as a dict, and writes the list a
    piece at a time: the bytes are those of json_text over the whole list, dismissed ones last
    (and "[]" for none)."""
    from jixiao.textfmt import json_text

    docs = [faulty_document(), faulty_document()]
    docs[1].dept_code = "903002"
    checks = checking.check_documents(docs)
    expected = [cmd_check._json(c, f) for c in checks for f in c.findings]
    assert len(expected) > 3
    assert run(docs, fmt="json")[1] == json_text(expected) + "\n"
    assert run([clean_document()], fmt="json")[1] == "[]\n"


def test_check_all_and_list_load_neither_openssl_nor_the_scoring(tmp_path: Path) -> None:
    """hashlib maps OpenSSL (3 MB of a county's check --all, whose peak must stay under 3 × the
    file): only 已核实 marks need it; model.scoring only documents in the 自评 phase."""
    import subprocess
    import sys

    from storage import open_store

    database = tmp_path / "db.json"
    open_store(database, create=True).save(faulty_document(), 0)
    runner = (
        "import sys, jixiao.cli\n"
        "for args in (['check', '--all'], ['list']):\n"
        "    jixiao.cli.main(['--db', sys.argv[1], *args])\n"
        "print('LOADED', 'hashlib' in sys.modules, 'model.scoring' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", runner, str(database)], capture_output=True, text=True, timeout=120
    )
    assert "903001" in result.stdout, result.stderr  # it checked and listed the document
    assert result.stdout.rstrip().endswith("LOADED False False"), result.stdout + result.stderr
