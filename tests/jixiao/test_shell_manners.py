"""Issue 18 item 6: list/show fit the terminal, show finds a project by name, import makes
the database it needs."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.cli import main
from jixiao.textfmt import display_width, table, wrap

SAMPLE = Path(__file__).parent.parent / "fixtures" / "zhangwangtuan-2023.jixiao.json"


@pytest.fixture
def sample_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> Path:
    path = tmp_path / "db.json"
    monkeypatch.setenv("JIXIAO_DB", str(path))
    assert main(["import", str(SAMPLE)]) == 0
    capsys.readouterr()
    return path


def _out(capsys, *args: str) -> list[str]:
    assert main(list(args)) == 0
    return capsys.readouterr().out.splitlines()


@pytest.mark.parametrize("args", [["list"], ["list", "903001/2023"], ["show", "7"], ["show", "3"]])
def test_list_and_show_fit_80_columns(sample_db, capsys, monkeypatch, args) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    lines = _out(capsys, *args)
    assert max(display_width(line) for line in lines) <= 80
    monkeypatch.setenv("COLUMNS", "120")
    wide = _out(capsys, *args)
    assert max(display_width(line) for line in wide) <= 120


def test_wider_terminal_uses_the_room(sample_db, capsys, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    narrow = _out(capsys, "show", "7")
    monkeypatch.setenv("COLUMNS", "120")
    wide = _out(capsys, "show", "7")
    assert max(display_width(line) for line in wide) > 100
    assert len(wide) < len(narrow)  # fewer wrapped lines
    monkeypatch.setenv("COLUMNS", "400")
    unwrapped = _out(capsys, "show", "7")
    assert "根据县委、县政府工作安排" in "\n".join(unwrapped)


def test_cells_wrap_inside_their_column() -> None:
    text = table(["序号", "项目名称", "预算数"], [["1", "很长的项目名称" * 5, "100.00"]], width=40)
    lines = text.splitlines()
    assert all(display_width(line) <= 40 for line in lines)
    # the 预算数 column starts at the same place on the header and the first row
    column = display_width(lines[0].split("预算数")[0])
    assert display_width(lines[1].split("100.00")[0]) == column
    # the name's continuation lines stay in the name column
    assert all(line.startswith(" " * 6) for line in lines[2:])
    name = "".join(line[6:].replace("100.00", "").strip() for line in lines[1:])
    assert name == "很长的项目名称" * 5


def test_wrap_keeps_punctuation_off_the_start_of_a_line() -> None:
    for width in range(4, 30):
        for line in wrap("根据县委、县政府工作安排，保障单位正常运转。", width):
            assert display_width(line) <= width
            assert line[:1] not in "，、。"


def test_show_by_name_fragment(sample_db, capsys) -> None:
    lines = _out(capsys, "show", "军队退役")
    assert lines[0].startswith("7.军队退役人员公益性岗位满三年")
    assert _out(capsys, "show", "903001/2023", "军队 退役")[0] == lines[0]


def test_show_ambiguous_fragment_lists_candidates(sample_db, capsys) -> None:
    assert main(["show", "建设"]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert err.startswith("错误：文档 903001/2023 中有 2 个项目名称含“建设”")
    assert "3.大留庄村基础设施建设资金" in err and "24.综合服务中心建设经费" in err


def test_show_unknown_name(sample_db, capsys) -> None:
    assert main(["show", "不存在的项目"]) == 1
    assert "没有项目“不存在的项目”" in capsys.readouterr().err


def test_import_creates_a_missing_database(tmp_path, monkeypatch, capsys) -> None:
    path = tmp_path / "new" / "db.json"
    monkeypatch.setenv("JIXIAO_DB", str(path))
    assert main(["import", "--dry-run", str(SAMPLE)]) == 0
    assert not path.exists()  # a dry run writes nothing
    capsys.readouterr()
    assert main(["import", str(SAMPLE)]) == 0
    captured = capsys.readouterr()
    assert f"已新建数据库：{path}" in captured.err
    assert "已新建 903001/2023" in captured.out
    assert path.exists()


def test_import_of_a_bad_file_leaves_no_database(tmp_path, monkeypatch, capsys) -> None:
    path = tmp_path / "db.json"
    monkeypatch.setenv("JIXIAO_DB", str(path))
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert main(["import", str(bad)]) == 1
    assert not path.exists()


@pytest.fixture
def shanghai(monkeypatch: pytest.MonkeyPatch):
    import time

    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_times_are_local_in_one_format(tmp_path, monkeypatch, capsys, shanghai) -> None:
    """history, diff, list and check --show-dismissed show "YYYY-MM-DD HH:MM" in the zone."""
    import re

    from storage import open_store

    path = tmp_path / "db.json"
    monkeypatch.setenv("JIXIAO_DB", str(path))
    assert main(["import", str(SAMPLE)]) == 0
    assert main(["check", "--dismiss", "JX505@0", "--reason", "核实无误"]) == 0
    capsys.readouterr()
    saved = open_store(path).history("903001/2023")[0].saved_at
    expected = saved.astimezone().strftime("%Y-%m-%d %H:%M")
    assert saved.astimezone().utcoffset() == __import__("datetime").timedelta(hours=8)
    outputs = []
    for args in (["history"], ["diff"], ["list"], ["check", "--show-dismissed"]):
        assert main(args) in (0, 1), capsys.readouterr().err
        outputs.append(capsys.readouterr().out)
    for out in outputs[:3]:
        assert expected in out
    text = "\n".join(outputs)
    assert "T" not in "".join(re.findall(r"\d{4}-\d\d-\d\d.\d\d:\d\d", text))
    assert not re.search(r"\d\d:\d\d:\d\d|\+\d\d:\d\d|UTC", text)
    assert re.search(r"已核实：.*\d{4}-\d\d-\d\d \d\d:\d\d", outputs[3])


def test_codes_stay_whole_on_a_narrow_terminal(sample_db, capsys, monkeypatch) -> None:
    import json

    monkeypatch.setenv("COLUMNS", "50")
    text = "\n".join(_out(capsys, "list", "903001/2023"))
    assert max(display_width(line) for line in text.splitlines()) <= 50
    codes = [
        p["code"] for p in json.loads(SAMPLE.read_text(encoding="utf-8"))["document"]["projects"]
    ]
    assert codes and all(code in text for code in codes)
