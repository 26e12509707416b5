"""The arrows between the packages, enforced: model ← storage, exporters ← service ← tui, jixiao.

The import-linter contracts in pyproject.toml ([tool.importlinter]) hold, and can fail; only the
editor commands load textual (every scripted command is run in a fresh interpreter to see that);
front ends build their store through storage.open_store; mypy is clean on the core packages.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("model", "storage", "exporters", "service", "tui", "jixiao")
BIN = Path(sys.executable).parent  # the venv's scripts sit beside its python


def _tool(name: str) -> str:
    path = BIN / name
    if not path.exists():
        pytest.fail(f"{name} is not installed beside {sys.executable}: pip install -e '.[test]'")
    return str(path)


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    # Run in `root` so that its copies of the packages are the ones analysed; no cache, so no
    # stale graph and no cache folder left behind.
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [_tool("lint-imports"), "--no-cache"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


# -- import-linter ----------------------------------------------------------------------------


def test_the_import_contracts_hold() -> None:
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout
    # Every contract was checked (a contract dropped from pyproject.toml shows here).
    assert len(re.findall(r" KEPT\b", result.stdout)) == 6, result.stdout


@pytest.fixture(scope="module")
def packages_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The packages and pyproject.toml, copied, for the tests that break an arrow on purpose."""
    root = tmp_path_factory.mktemp("layers")
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, root / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    return root


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("model/text.py", "import tui", "model imports none of the other packages"),
        ("model/amounts.py", "import storage", "model imports none of the other packages"),
        ("storage/errors.py", "import service", "storage and exporters import only model"),
        ("exporters/base.py", "import textual", "storage and exporters import only model"),
        ("exporters/base.py", "import storage", "storage and exporters do not import each other"),
        ("service/__init__.py", "import tui.app", "service imports no front end"),
        ("service/__init__.py", "import jixiao.cli", "service imports no front end"),
        ("tui/keys.py", "import jixiao.paths", "the editor imports no command-line code"),
        (
            "jixiao/paths.py",
            "import tui.app",
            "nothing imports tui except the functions that open the editor",
        ),
    ],
)
def test_a_broken_arrow_fails_the_lint(
    packages_copy: Path, module: str, line: str, contract: str
) -> None:
    path = packages_copy / module
    original = path.read_text(encoding="utf-8")
    path.write_text(original + f"\n{line}  # the arrow this test breaks\n", encoding="utf-8")
    try:
        result = _lint_imports(packages_copy)
    finally:
        path.write_text(original, encoding="utf-8")
    assert result.returncode != 0, result.stdout
    # The contract is named, and so is the import that broke it (an arrow into a lower layer
    # breaks the contracts of the layers above it too).
    assert f"{contract} BROKEN" in result.stdout, result.stdout
    assert re.search(r"\(l\.\d+\)", result.stdout), result.stdout


# -- textual is loaded only by the editor commands --------------------------------------------

# Every scripted command, one line each: (arguments, expected exit code). The database ($JIXIAO_DB)
# holds the bundled sample (document 903001/2023); {files} holds it exported as sample.docx,
# .json, .csv and .xlsx; {out} is an empty folder. A new command is one more line here.
SCRIPTED_COMMANDS: list[tuple[str, int]] = [
    ("--help", 0),
    ("where", 0),
    ("--db {out}/new.json init", 0),
    ("list", 0),
    ("list --json", 0),
    ("list 903001/2023", 0),
    ("show 903001/2023 1", 0),
    ("check", 1),  # the sample has errors, so check exits 1 by design
    ("check --explain JX101", 0),
    ("export -o {out}/out.csv", 0),
    ("export -o {out}/out.json", 0),
    ("export -o {out}/out.docx", 0),
    ("export -o {out}/out.xlsx", 0),
    ("export -o {out}/seven.docx --layout 2021-7", 0),
    ("import --replace {files}/sample.docx", 0),
    ("import --replace {files}/sample.json", 0),
    ("import --replace {files}/sample.csv", 0),
    ("import --replace {files}/sample.xlsx", 0),
    ("import --dry-run --replace {files}/sample.docx", 0),
    ("copy 903001/2023 --year 2024", 0),
    ("restore --list", 0),
    ("history 903001/2023", 0),
    ("diff 903001/2023 --revision 1", 0),
]

# Runs one command in a fresh interpreter, then reports which textual modules it had loaded.
RUNNER = """
import sys
import jixiao.cli
rc = jixiao.cli.main(sys.argv[1:])
sys.stdout.flush()
loaded = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
print("LOADED-TEXTUAL:" + ",".join(loaded), file=sys.stderr)
sys.exit(rc)
"""


@pytest.fixture(scope="module")
def sample_database(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A database holding the bundled sample, and a folder with it exported in each format."""
    from exporters.base import ExportOptions
    from exporters.registry import format_module
    from jixiao.sample import load_sample, sample_bytes
    from storage import open_store

    root = tmp_path_factory.mktemp("scripted")
    doc = load_sample()
    database = root / "sample.json"
    open_store(database, create=True).save(doc, 0)
    files = root / "files"
    files.mkdir()
    (files / "sample.docx").write_bytes(sample_bytes())
    for fmt in ("json", "csv", "xlsx"):
        data = format_module(fmt).write(doc, options=ExportOptions())
        (files / f"sample.{fmt}").write_bytes(data)
    return database, files


@pytest.mark.parametrize(
    ("command", "expected"), SCRIPTED_COMMANDS, ids=[c for c, _ in SCRIPTED_COMMANDS]
)
def test_scripted_commands_never_load_textual(
    sample_database: tuple[Path, Path], tmp_path: Path, command: str, expected: int
) -> None:
    template, files = sample_database
    database = tmp_path / "db.json"
    shutil.copy(template, database)
    out = tmp_path / "out"
    out.mkdir()
    args = shlex.split(command.format(files=files, out=out))
    env = {**os.environ, "JIXIAO_DB": str(database), "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run(
        [sys.executable, "-c", RUNNER, *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    detail = f"jixiao {command}\n{result.stdout}\n{result.stderr}"
    assert "LOADED-TEXTUAL:" in result.stderr, detail  # main() returned
    messages, _, loaded = result.stderr.rpartition("LOADED-TEXTUAL:")
    assert "Traceback" not in messages, detail
    assert result.returncode == expected, detail
    assert (result.stdout + messages).strip(), detail  # it did its work and said so
    for arg in args:  # the files it was to write (export -o, init) are there
        if arg.startswith(str(out)):
            assert Path(arg).stat().st_size > 0, detail
    modules = loaded.split()
    assert not modules, f"jixiao {command} loaded textual: {modules[0][:200]}…"


# -- types --------------------------------------------------------------------------------------


def _mypy(root: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    # The files and options come from root's pyproject.toml ([tool.mypy]).
    return subprocess.run(
        [_tool("mypy"), "--cache-dir", str(cache)],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_the_core_packages_type_check(tmp_path: Path) -> None:
    result = _mypy(ROOT, tmp_path / "cache")
    assert result.returncode == 0, result.stdout + result.stderr
    checked = re.search(r"no issues found in (\d+) source files", result.stdout)
    assert checked and int(checked.group(1)) >= 20, result.stdout  # model, storage, service


def test_a_type_error_in_a_core_package_fails_mypy(packages_copy: Path, tmp_path: Path) -> None:
    path = packages_copy / "storage" / "errors.py"
    original = path.read_text(encoding="utf-8")
    path.write_text(original + '\n\ndef broken() -> int:\n    return "一"\n', encoding="utf-8")
    try:
        result = _mypy(packages_copy, tmp_path / "cache")
    finally:
        path.write_text(original, encoding="utf-8")
    assert result.returncode != 0, result.stdout
    assert "storage/errors.py" in result.stdout and "return-value" in result.stdout


# -- one way to get a store -------------------------------------------------------------------


def test_callers_build_their_store_through_open_store() -> None:
    # Constructing the JSON-file Store directly would tie a caller to that backend.
    direct = re.compile(r"\bStore(\.create)?\(")
    offenders = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for folder in (*PACKAGES, "bench")
        if folder != "storage"
        for path in sorted((ROOT / folder).rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if direct.search(line)
    ]
    assert offenders == [], "use storage.open_store(location) instead:\n" + "\n".join(offenders)
