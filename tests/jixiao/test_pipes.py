"""Shell pipes through real processes: export to stdout, edit, import from stdin (issue 6)."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.doc_strategies import SAMPLE_DOCX

pytest.importorskip("jixiao.cli")
pytest.importorskip("exporters.docx.reader")

DOC = "903001/2023"
CODE = "13052923P00584011574U"  # the first project: 指标 7 is 满意度 ≥90%


def _command() -> list[str]:
    script = Path(sys.executable).parent / "jixiao"
    return [str(script)] if script.exists() else [sys.executable, "-m", "jixiao"]


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory) -> Path:
    """A database holding the sample, built once and copied for each test."""
    path = tmp_path_factory.mktemp("pipes") / "db.json"
    env = {**os.environ, "JIXIAO_DB": str(path)}
    for args in (["init"], ["import", str(SAMPLE_DOCX)]):
        done = subprocess.run([*_command(), *args], capture_output=True, env=env, timeout=60)
        assert done.returncode == 0, done.stderr.decode()
    return path


@pytest.fixture
def jx(tmp_path: Path, sample_db: Path):
    """Run jixiao against a fresh copy of the sample database."""
    db = tmp_path / "db.json"
    shutil.copyfile(sample_db, db)
    env = {**os.environ, "JIXIAO_DB": str(db)}

    def run(*args: str, stdin: bytes | None = None, ok: bool = True):
        done = subprocess.run(
            [*_command(), *args], input=stdin, capture_output=True, env=env, timeout=60
        )
        if ok:
            assert done.returncode == 0, done.stderr.decode()
        return done

    run.env = env
    return run


def _document(jx) -> dict:
    return json.loads(jx("export", DOC, "--format", "json").stdout)["document"]


def _indicator(doc: dict, code: str, n: int) -> dict:
    project = next(p for p in doc["projects"] if p["code"] == code)
    return project["indicators"][n - 1]


def test_csv_through_sed_and_back(jx):
    before = _document(jx)
    assert _indicator(before, CODE, 7)["value"] == "≥90%"
    me = " ".join(shlex.quote(c) for c in _command())
    sed = f"sed 's/^\\({CODE},.*,\\)≥90%,/\\1≥95%,/'"
    pipe = f"{me} export {DOC} --format csv -o - | {sed} | {me} import --format csv --replace -"
    done = subprocess.run(["bash", "-o", "pipefail", "-c", pipe], capture_output=True, env=jx.env)
    assert done.returncode == 0, done.stderr.decode()
    after = _document(jx)
    assert _indicator(after, CODE, 7)["value"] == "≥95%"
    _indicator(after, CODE, 7)["value"] = "≥90%"
    assert after == before  # nothing else moved: ids, amounts as written, Part 1


def test_project_table_edit_changes_only_that_amount(jx):
    before = _document(jx)
    data = jx("export", DOC, "--format", "csv", "--table", "projects").stdout.decode("utf-8-sig")
    lines = data.split("\r\n")
    assert lines[1].startswith(f"1,{CODE},") and ",11.00,11.00,," in lines[1]
    lines[1] = lines[1].replace(",11.00,11.00,,", ",12.00,12.00,,", 1)
    done = jx(
        "import",
        "--format",
        "csv",
        "--table",
        "projects",
        "--merge",
        "-",
        stdin="\r\n".join(lines).encode("utf-8-sig"),
    )
    assert "合并" in done.stdout.decode()
    after = _document(jx)
    assert after["projects"][0]["budget"] == after["projects"][0]["fiscal"] == "12.00"
    after["projects"][0]["budget"] = after["projects"][0]["fiscal"] = "11.00"
    assert after == before


def test_dry_run_lists_the_changes_and_writes_nothing(jx):
    before = _document(jx)
    data = jx("export", DOC, "--format", "csv").stdout.decode("utf-8-sig")
    data = data.replace("≥90%", "≥95%", 1)
    done = jx("import", "--format", "csv", "--merge", "--dry-run", "-", stdin=data.encode())
    out = done.stdout.decode()
    assert f"项目 {CODE} 指标 7 指标值：≥90% → ≥95%" in out
    assert _document(jx) == before


def test_bad_amount_is_refused_with_its_place_and_nothing_written(jx):
    before = _document(jx)
    data = jx("export", DOC, "--format", "csv", "--table", "projects").stdout.decode("utf-8-sig")
    data = data.replace(",11.00,11.00,,", ",十一万,11.00,,", 1)
    done = jx("import", "--format", "csv", "--replace", "-", stdin=data.encode(), ok=False)
    err = done.stderr.decode()
    assert done.returncode == 1
    assert "标准输入：第 2 行 第 4 列（预算数）" in err and "十一万" in err
    assert "Traceback" not in err
    assert _document(jx) == before


def test_unknown_project_code_is_refused(jx):
    before = _document(jx)
    data = jx("export", DOC, "--format", "csv").stdout.decode("utf-8-sig")
    data = data.replace(CODE, "13052923P99999999999X")
    done = jx("import", "--format", "csv", "--merge", "-", stdin=data.encode(), ok=False)
    assert done.returncode == 1
    assert "13052923P99999999999X" in done.stderr.decode()
    assert _document(jx) == before


@pytest.mark.parametrize(
    "export_args",
    [
        ("--format", "json"),
        ("--format", "xlsx", "-o", "-"),
        ("--format", "csv", "--encoding", "gbk"),
        ("--format", "csv", "--table", "projects"),
    ],
)
def test_formats_round_trip_unchanged_through_pipes(jx, export_args):
    before = _document(jx)
    data = jx("export", DOC, *export_args).stdout
    fmt = export_args[1]
    extra = ("--table", "projects") if "projects" in export_args else ()
    jx("import", "--format", fmt, *extra, "--replace", "-", stdin=data)
    assert _document(jx) == before


def test_import_takes_the_document_as_its_first_argument(jx):
    data = jx("export", DOC, "--format", "csv").stdout.decode("utf-8-sig")
    changed = data.replace("≥90%", "≥95%", 1)
    done = jx("import", "--format", "csv", "--merge", DOC, "-", stdin=changed.encode())
    assert f"已合并 {DOC}" in done.stdout.decode()
    missing = jx("import", "--format", "csv", "--merge", "999999/2023", "-", stdin=b"", ok=False)
    assert missing.returncode == 1 and "没有文档 999999/2023" in missing.stderr.decode()


def test_a_csv_without_a_document_goes_to_the_one_it_was_exported_from(jx, tmp_path):
    other = tmp_path / "other.json"
    jx("export", DOC, "-o", str(other))
    text = other.read_text(encoding="utf-8").replace(
        '"dept_code": "903001"', '"dept_code": "903002"'
    )
    other.write_text(text, encoding="utf-8")
    jx("import", str(other))  # now two documents: a table must say which, or carry its stamp
    data = jx("export", DOC, "--format", "csv").stdout.decode("utf-8-sig")
    unstamped = "\r\n".join(line for line in data.split("\r\n") if not line.startswith("#"))
    refused = jx("import", "--format", "csv", "--merge", "-", stdin=unstamped.encode(), ok=False)
    assert refused.returncode == 1 and "--dept" in refused.stderr.decode()
    done = jx("import", "--format", "csv", "--merge", "-", stdin=data.encode())
    assert f"已合并 {DOC}" in done.stdout.decode()


# -- several writers (issue 14): the README pipe merges three ways ----------------------------

COLLEAGUE = """
import sys
from storage import open_store
store = open_store(sys.argv[1])
doc, revision = store.load("903001/2023")
project = next(p for p in doc.projects if p.code == sys.argv[2])
project.indicators[int(sys.argv[3]) - 1].value = sys.argv[4]
store.save(doc, revision)
"""


def _pipe_with_a_colleague(jx, row: int, value: str, *flags: str):
    """`export csv | sed | import --merge` while another process saves indicator `row` of the
    first project between the export and the import."""
    me = " ".join(shlex.quote(c) for c in _command())
    db = jx.env["JIXIAO_DB"]
    colleague = " ".join(
        shlex.quote(c) for c in (sys.executable, "-c", COLLEAGUE, db, CODE, str(row), value)
    )
    sed = f"sed 's/^\\({CODE},.*,\\)≥90%,/\\1≥95%,/'"
    extra = " ".join(flags)
    pipe = (
        f"{me} export {DOC} --format csv -o - > exported.csv && {colleague} && "
        f"{sed} exported.csv | {me} import --format csv --merge {extra} {DOC} -"
    )
    return subprocess.run(
        ["bash", "-o", "pipefail", "-c", pipe],
        capture_output=True,
        env=jx.env,
        cwd=Path(db).parent,
        timeout=120,
    )


def test_the_pipe_keeps_a_colleagues_save_of_another_field(jx):
    done = _pipe_with_a_colleague(jx, 1, "≤4人")
    assert done.returncode == 0, done.stderr.decode()
    assert "三方合并" in done.stderr.decode()
    after = _document(jx)
    assert (_indicator(after, CODE, 1)["value"], _indicator(after, CODE, 7)["value"]) == (
        "≤4人",
        "≥95%",
    )


def test_the_same_field_is_a_conflict_line_and_nothing_is_written(jx):
    done = _pipe_with_a_colleague(jx, 7, "≥99%")
    err = done.stderr.decode()
    assert done.returncode == 1
    assert "冲突：" in err and "我的“≥95%”，对方的“≥99%”" in err and "--theirs" in err
    assert "Traceback" not in err
    after = _document(jx)
    assert _indicator(after, CODE, 7)["value"] == "≥99%"
    revisions = jx("history", DOC).stdout.decode()
    assert "第3版" not in revisions  # nothing saved after the colleague's revision 2


@pytest.mark.parametrize(("flag", "kept"), [("--theirs", "≥99%"), ("--mine", "≥95%")])
def test_theirs_or_mine_resolves_the_conflicts(jx, flag: str, kept: str):
    done = _pipe_with_a_colleague(jx, 7, "≥99%", flag)
    assert done.returncode == 0, done.stderr.decode()
    assert "冲突（" in done.stderr.decode()
    assert _indicator(_document(jx), CODE, 7)["value"] == kept


def test_replacing_with_a_stale_export_is_refused_with_who_saved_since(jx, tmp_path: Path):
    exported = tmp_path / "old.json"
    jx("export", DOC, "--format", "json", "-o", str(exported))
    db = jx.env["JIXIAO_DB"]
    subprocess.run([sys.executable, "-c", COLLEAGUE, db, CODE, "1", "≤4人"], check=True)
    done = jx("import", "--replace", str(exported), ok=False)
    err = done.stderr.decode()
    assert done.returncode == 1 and "--merge" in err and "第 1 版" in err
    assert len(err.strip().splitlines()) == 1
    assert _indicator(_document(jx), CODE, 1)["value"] == "≤4人"
