"""The entry point opens the editor without typer for the lines that only open it, and leaves
every other line to the Typer CLI (jixiao/launch.py)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from jixiao import cli, launch


@pytest.mark.parametrize(
    ("args", "line"),
    [
        ([], (None, None)),
        (["--db", "x.json"], ("x.json", None)),
        (["edit"], (None, None)),
        (["edit", "903001/2023"], (None, "903001/2023")),
        (["--db", "x.json", "edit", "903001/2023"], ("x.json", "903001/2023")),
        # Typer's to read: help, other options, other spellings, more arguments, other commands
        (["edit", "--help"], None),
        (["-h"], None),
        (["edit", "-h"], None),
        (["--db=x.json", "edit"], None),
        (["--db", "x.json", "--db", "y.json", "edit"], None),
        (["--db"], None),
        (["--db", "--help"], None),
        (["edit", "a", "b"], None),
        (["edit", ""], None),
        (["list"], None),
        (["demo"], None),
        (["--install-completion"], None),
        (["edit", "-"], None),
    ],
)
def test_only_the_lines_that_open_the_editor_skip_typer(
    args: list[str], line: tuple[str | None, str | None] | None
) -> None:
    assert launch.editor_line(args) == line


def test_the_shell_asking_for_completions_always_goes_to_typer(monkeypatch) -> None:
    seen: list[list[str]] = []
    monkeypatch.setenv("_JIXIAO_COMPLETE", "bash_complete")
    monkeypatch.setattr(cli, "main", lambda args: seen.append(args) or 0)
    assert launch.main(["edit"]) == 0
    assert seen == [["edit"]]


def test_other_lines_reach_the_typer_cli_unchanged(monkeypatch) -> None:
    seen: list[list[str]] = []
    monkeypatch.setattr(cli, "main", lambda args: seen.append(args) or 3)
    assert launch.main(["--db", "x.json", "check", "--all"]) == 3
    assert seen == [["--db", "x.json", "check", "--all"]]


def test_the_editor_line_opens_the_same_editor_with_the_same_database(monkeypatch) -> None:
    opened: list[tuple[str | None, str | None]] = []
    monkeypatch.setattr(launch, "open_editor", lambda db, doc: opened.append((db, doc)))
    assert launch.main(["--db", "x.json", "edit", "903001/2023"]) == 0
    assert launch.main([]) == 0
    assert opened == [("x.json", "903001/2023"), (None, None)]


def test_typer_is_not_imported_on_the_way_to_the_editor() -> None:
    code = (
        "import sys\n"
        "from jixiao import launch\n"
        "launch.open_editor = lambda db, doc: print('typer' in sys.modules, db, doc)\n"
        "launch.main(['--db', 'x.json', 'edit', '903001/2023'])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.stdout.split() == ["False", "x.json", "903001/2023"]


def test_an_error_opening_the_editor_is_the_cli_s_line(tmp_path) -> None:
    db = tmp_path / "db.json"
    assert cli.main(["--db", str(db), "init"]) == 0
    code = (
        "import sys\n"
        "from jixiao import launch\n"
        f"rc = launch.main(['--db', {str(db)!r}, 'edit', '999999/2023'])\n"
        "print(rc)\n"
    )
    fast = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert fast.stdout.split() == ["1"]
    # the same line through Typer (an option after the document makes the line Typer's)
    slow = subprocess.run(
        [sys.executable, "-m", "jixiao", "--db", str(db), "edit", "999999/2023", "--help"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert slow.returncode == 0  # Typer answered the help itself
    typer_path = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys\nfrom jixiao import cli\n"
            f"sys.exit(cli.main(['--db', {str(db)!r}, 'edit', '999999/2023']))",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert typer_path.returncode == 1
    assert fast.stderr == typer_path.stderr
    assert fast.stderr.startswith("错误：") and "999999/2023" in fast.stderr
    assert len(fast.stderr.strip().splitlines()) == 1
