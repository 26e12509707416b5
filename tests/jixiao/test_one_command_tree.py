"""main() gives typer a tree of the named command alone (start-up), and only then."""

from __future__ import annotations

import pytest

from jixiao import cli


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (["edit", "903001/2023"], "edit"),
        (["--db", "x.json", "edit"], "edit"),
        (["--db", "list", "check", "--all"], "check"),  # --db's value is not the command
        (["-h"], None),
        ([], None),
        (["--db", "x.json"], None),
        (["access", "list"], "access"),
    ],
)
def test_the_command_is_found_after_the_root_options(args: list[str], name: str | None) -> None:
    assert cli._command_in(args) == name


def test_a_known_command_sees_a_tree_of_itself_alone_and_the_tree_is_whole_again_after() -> None:
    whole = list(cli.app.registered_commands)
    with cli._only_the_command(["--db", "x.json", "where"]):
        assert [cli._command_name(c) for c in cli.app.registered_commands] == ["where"]
        assert cli.app.registered_groups == []
    assert cli.app.registered_commands == whole
    assert [g.name for g in cli.app.registered_groups] == ["access"]


def test_an_unknown_name_keeps_every_command_for_the_suggestion(
    capsys: pytest.CaptureFixture[str], tmp_path
) -> None:
    code = cli.main(["--db", str(tmp_path / "db.json"), "lst"])
    assert code == 2
    assert "您是不是要用 list" in capsys.readouterr().err
    assert len(cli.app.registered_commands) > 10


def test_a_command_runs_with_its_tree_alone(capsys: pytest.CaptureFixture[str], tmp_path) -> None:
    db = tmp_path / "db.json"
    assert cli.main(["--db", str(db), "where"]) == 0
    assert str(db) in capsys.readouterr().out
