"""Issue 18 item 5: the command line speaks Chinese — help, usage errors, defaults, required
markers and metavars; no English from click/typer reaches the clerk."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer

from jixiao.cli import app, main

# What click/typer would print in English (any of these in the output is a failure).
ENGLISH = [
    "Usage",
    "Try '",
    "for help",
    "Error",
    "No such",
    "Missing",
    "Invalid value",
    "unexpected extra",
    "Options",
    "Arguments",
    "Commands",
    "Show this message",
    "[default",
    "[required]",
    "<str>",
    "<int>",
    "list[",
    "TEXT",
    "INTEGER",
    "requires an argument",
    "Did you mean",
    "Possible options",
    "valid integer",
    "Input should",
]
# Words of four letters or more that are ours: file formats, table names, values, metavars.
OURS = {
    "jixiao",
    "JIXIAO",
    "docx",
    "json",
    "JSON",
    "xlsx",
    "summary",  # the 汇总表 formats summary-docx / summary-xlsx
    "target",  # the Word tables of export --table: target / monitor / evaluate(-summary)
    "monitor",
    "evaluate",
    "Word",
    "Excel",
    "text",
    "hint",
    "error",
    "warning",
    "indicators",
    "projects",
    "utf",
    "sig",
    "DOC",
    "FILE",
    "PROJECT",
    "CODE",
    "YYYY",
    "PATH",
    "NAME",
    "RULE",
    "diff",
    "history",
    "restore",
    "import",
    "edit",
    "init",
    "list",
    "show",
    "export",
    "copy",
    "check",
    "score",
    "rules",
    "where",
    "demo",
    "revision",
    "merge",
    "theirs",
    "mine",
    "dept",
    "year",
    "format",
    "reason",
    "dismiss",
    "explain",
    "frobnicate",
    "completion",
    "bash",
    "fish",
    "help",
    "install",
    "shell",
    # issue 21: the PostgreSQL commands and their metavars
    "PostgreSQL",
    "postgresql",
    "migrate",
    "access",
    "SOURCE",
    "DEST",
    "ROLE",
    "grant",
    "revoke",
}
WORD = re.compile(r"[A-Za-z]{4,}")


def _commands() -> dict[str, object]:
    group = typer.main.get_command(app)
    return dict(group.commands)  # type: ignore[attr-defined]


def _english(text: str) -> list[str]:
    found = [s for s in ENGLISH if s in text]
    stripped = re.sub(r"--?[A-Za-z][\w-]*|\$\w+|\S*/\S*", " ", text)  # options, $VARS, paths, keys
    found += [w for w in WORD.findall(stripped) if w not in OURS]
    return found


@pytest.fixture(autouse=True)
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "db.json"
    monkeypatch.setenv("JIXIAO_DB", str(path))
    monkeypatch.setenv("COLUMNS", "80")
    return path


def test_the_app_has_the_commands_this_test_walks() -> None:
    assert {"list", "show", "import", "export", "check", "copy", "demo", "score"} <= set(
        _commands()
    )


@pytest.mark.parametrize("command", [None, *sorted(_commands())])
def test_help_is_chinese(command: str | None, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--help"] if command is None else [command, "--help"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "用法：" in out and "选项：" in out
    assert _english(out) == []


@pytest.mark.parametrize("command", [None, *sorted(_commands())])
def test_wrong_option_is_chinese(command: str | None, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--frobnicate"] if command is None else [command, "--frobnicate"]
    assert main(args) == 2
    captured = capsys.readouterr()
    assert "错误：没有选项 --frobnicate" in captured.err
    assert "查看帮助" in captured.err
    assert _english(captured.out + captured.err) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["show"], "错误：缺少参数 DOC"),
        (["import"], "错误：缺少参数 [DOC] FILE..."),
        (["copy"], "错误：缺少参数 DOC"),
        (["copy", "903001/2023"], "错误：缺少选项 --year"),
        (["copy", "903001/2023", "--year"], "错误：选项 --year 后面要写一个值"),
        (["copy", "903001/2023", "--year", "abc"], "错误：--year 的值“abc”无效：应为整数"),
        (["list", "a", "b", "c"], "错误：多余的参数：b c"),
        (["score", "--project"], "错误：选项 --project 后面要写一个值"),
        (["lst"], "错误：没有命令“lst”；您是不是要用 list"),
        (["list", "--jsn"], "错误：没有选项 --jsn；您是不是要用 --json"),
        (["init", "--db"], "错误：没有选项 --db"),
    ],
)
def test_usage_errors_are_chinese(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err.splitlines()
    assert _english(err) == []


def test_help_fits_eighty_columns(capsys: pytest.CaptureFixture[str]) -> None:
    from jixiao.textfmt import display_width

    for command in ["import", "check", "export", "score"]:
        assert main([command, "--help"]) == 0
        out = capsys.readouterr().out
        assert max(display_width(line) for line in out.splitlines()) <= 80, command


@pytest.mark.parametrize(
    ("command", "option", "words"),
    [
        ("import", "--recursive", "子目录"),
        ("import", "--all-or-nothing", "被拒绝就都不导入"),
        ("export", "--all", "每个文档一个文件"),
        ("check", "--all", "错误多的单位排在前面"),
        ("check", "--detail", "逐条列出"),
    ],
)
def test_batch_options_have_chinese_help(
    command: str, option: str, words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 17's batch options are explained in Chinese (the help is wrapped: join the lines)."""
    assert main([command, "--help"]) == 0
    out = capsys.readouterr().out
    flat = re.sub(r"\s+", "", out)
    assert option in out and words in flat
    assert _english(out) == []
