"""Issue 18 item 6: Tab completion offers document keys and project codes from the database,
for bash as bash drives it; a missing database completes nothing and prints no error."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from jixiao import completion
from jixiao.cli import main

SAMPLE = Path(__file__).parent.parent / "fixtures" / "zhangwangtuan-2023.jixiao.json"
BIN = Path(sys.executable).parent
CODE_7 = "13052923P00584011423K"


@pytest.fixture
def sample_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> Path:
    path = tmp_path / "db.json"
    monkeypatch.setenv("JIXIAO_DB", str(path))
    assert main(["import", str(SAMPLE)]) == 0
    capsys.readouterr()
    return path


def _complete(words: str, cword: int, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """What bash's completion function runs: the program with COMP_WORDS/COMP_CWORD set."""
    return subprocess.run(
        [str(BIN / "jixiao")],
        env={
            **env,
            "COMP_WORDS": words,
            "COMP_CWORD": str(cword),
            "_JIXIAO_COMPLETE": "complete_bash",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_bash_completes_keys_and_codes(sample_db: Path) -> None:
    env = {**os.environ, "JIXIAO_DB": str(sample_db)}
    done = _complete("jixiao list ", 2, env)
    assert (done.returncode, done.stdout.split(), done.stderr) == (0, ["903001/2023"], "")
    done = _complete("jixiao show 903001/2023 1305292", 3, env)
    assert CODE_7 in done.stdout.split() and len(done.stdout.split()) == 24
    done = _complete("jixiao show 903001/2023 13052923P00584011423", 3, env)
    assert done.stdout.split() == [CODE_7]
    # --db on the line wins over $JIXIAO_DB
    done = _complete(
        f"jixiao --db {sample_db} export --project 13052923P0058401142",
        5,
        {**os.environ, "JIXIAO_DB": "/nonexistent/db.json"},
    )
    assert done.stdout.split() == [CODE_7]


def test_a_missing_database_completes_nothing_quietly(tmp_path: Path) -> None:
    env = {**os.environ, "JIXIAO_DB": str(tmp_path / "none.json")}
    for words, cword in [("jixiao list ", 2), ("jixiao show 903001/2023 1", 3)]:
        done = _complete(words, cword, env)
        assert (done.returncode, done.stdout.strip(), done.stderr) == (0, "", "")
    assert not (tmp_path / "none.json").exists()
    # a broken database file: still nothing, no traceback
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    done = _complete("jixiao list ", 2, {**os.environ, "JIXIAO_DB": str(broken)})
    assert (done.stdout.strip(), done.stderr) == ("", "")


def test_scripts_for_three_shells() -> None:
    for shell in ("bash", "zsh", "fish"):
        text = completion.script(shell)
        assert "_JIXIAO_COMPLETE" in text and "jixiao" in text
    done = subprocess.run(
        [str(BIN / "jixiao"), "--show-completion"],
        env={**os.environ, "SHELL": "/bin/bash"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0
    assert (
        "complete -o default -F _jixiao_completion jixiao" in done.stdout
        or "compdef" in (done.stdout)
        or "complete --command jixiao" in done.stdout
    )


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_bash_sources_the_script_and_completes(sample_db: Path, tmp_path: Path) -> None:
    script = tmp_path / "jixiao.bash"
    script.write_text(completion.script("bash"), encoding="utf-8")
    program = f"""
source {script}
COMP_WORDS=(jixiao show 903001/2023 13052923P00584011423)
COMP_CWORD=3
_jixiao_completion jixiao
printf '%s\\n' "${{COMPREPLY[@]}}"
COMP_WORDS=(jixiao history "")
COMP_CWORD=2
_jixiao_completion jixiao
printf '%s\\n' "${{COMPREPLY[@]}}"
"""
    env = {**os.environ, "JIXIAO_DB": str(sample_db), "PATH": f"{BIN}:{os.environ['PATH']}"}
    done = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", program],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stderr == ""
    assert done.stdout.split() == [CODE_7, "903001/2023"]


def test_completion_help_is_listed(capsys) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "--install-completion" in out and "安装 Tab 补全" in out


def test_install_completion_writes_the_script(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    done = subprocess.run(
        [str(BIN / "jixiao"), "--install-completion"],
        env={**os.environ, "HOME": str(home), "SHELL": "/bin/bash"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("已为 ") and "安装 Tab 补全" in done.stdout
    installed = [p for p in home.rglob("*") if p.is_file() and "_JIXIAO_COMPLETE" in p.read_text()]
    assert installed


def test_rule_ids_complete(tmp_path: Path) -> None:
    env = {**os.environ, "JIXIAO_DB": str(tmp_path / "none.json")}
    done = _complete("jixiao check --rule JX10", 3, env)
    offered = done.stdout.split()
    assert "JX101" in offered and all(o.startswith("JX10") for o in offered)


def test_zsh_shows_project_names(sample_db: Path) -> None:
    done = subprocess.run(
        [str(BIN / "jixiao")],
        env={
            **os.environ,
            "JIXIAO_DB": str(sample_db),
            "_JIXIAO_COMPLETE": "complete_zsh",
            "_TYPER_COMPLETE_ARGS": "jixiao show 903001/2023 13052923P00584011423",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert CODE_7 in done.stdout and "军队退役人员公益性岗位满三年" in done.stdout
