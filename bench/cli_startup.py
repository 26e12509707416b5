"""Start-up time of `jixiao --help` against `python -c "import typer"`, measured in the same run.

Target ≤ 1.5×: the CLI must not import textual, python-docx or openpyxl to show its help.
Usage: .venv/bin/python bench/cli_startup.py [RUNS]
"""

from __future__ import annotations

import sys

from _timing import alternate, report, time_command

runs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
python = sys.executable
medians = alternate(
    runs,
    jixiao=lambda: time_command([python, "-m", "jixiao", "--help"]),
    floor=lambda: time_command([python, "-c", "import typer"]),
)
ok = report("jixiao --help", medians["jixiao"], medians["floor"], 1.5)
sys.exit(0 if ok else 1)
