"""CLI start-up and whole-command cost against the least a Typer command can do, same run.

Each measurement is a fresh process; its CPU time (user + system, os.wait4) is taken, not the
wall time: on the shared 2-core machine the wall time mostly measures the neighbours.

- `jixiao --help` against `python -c "import typer"`. Target ≤ 1.5× (the help must not import
  textual, python-docx or openpyxl).
- `jixiao list` and `jixiao check DOC` at 1 and 100 documents (bench/county.py) against
  bench/floor_cli.py on the same database: a Typer command that json.loads the file and prints
  each document's key, unit and project count (list), or builds the one document with
  model.document_from_dict (check). Ratios reported, no target (issue 17 sets none).
- `jixiao check --all` at 100 documents: target ≤ 2 s CPU, and ≤ 1.2 × 100 × the work of one
  document's check measured in this run, where that work is `jixiao check DOC` on the
  1-document database minus the floor's `check DOC` on it (start-up, imports and parsing
  common to both taken out: what is left is the rules and the report).

Usage: .venv/bin/python bench/cli_startup.py [RUNS]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from _timing import alternate, cpu_command, record
from county import build_in_child

HERE = Path(__file__).resolve().parent
DOC = "903001/2023"
runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
python = sys.executable
FLOOR = str(HERE / "floor_cli.py")


def jixiao(db: Path, *args: str):
    return lambda: cpu_command([python, "-m", "jixiao", "--db", str(db), *args])


def floor(*args: str):
    return lambda: cpu_command([python, FLOOR, *args])


def line(title: str, measured: float, base: float, target: float | None = None) -> bool:
    ratio = measured / base
    ok = target is None or ratio <= target
    aim = f"（目标 ≤ {target}×）{'达标 OK' if ok else '未达标 OVER TARGET'}" if target else ""
    print(f"{title}: {measured * 1000:.0f} ms vs 下限 {base * 1000:.0f} ms → {ratio:.2f}×{aim}")
    goal = f"≤ {target}×" if target else "（只报告）"
    record(
        title,
        f"{measured * 1000:.0f} ms CPU",
        f"{base * 1000:.0f} ms CPU",
        ratio,
        goal,
        ok if target else None,
    )
    return ok


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="jixiao-bench-cli-") as tmp:
        one, county = Path(tmp) / "one.json", Path(tmp) / "county.json"
        build_in_child(one, 1)
        build_in_child(county, 100)
        size = county.stat().st_size
        print(f"CPU 时间（用户 + 系统）中位数，{runs} 轮交替；县库 100 个文档 {size / 1e6:.1f} MB")
        m = alternate(
            runs,
            help=lambda: cpu_command([python, "-m", "jixiao", "--help"]),
            typer=lambda: cpu_command([python, "-c", "import typer"]),
            list1=jixiao(one, "list"),
            list1_floor=floor("list", str(one)),
            check1=jixiao(one, "check", DOC),
            check1_floor=floor("check", str(one), DOC),
        )
        n = alternate(
            max(3, runs // 3),
            list100=jixiao(county, "list"),
            list100_floor=floor("list", str(county)),
            check100=jixiao(county, "check", DOC),
            check100_floor=floor("check", str(county), DOC),
            all100=jixiao(county, "check", "--all"),
            all100_floor=floor("check", str(county)),
        )
    ok = line("jixiao --help vs import typer", m["help"], m["typer"], 1.5)
    line("jixiao list（1 个文档）", m["list1"], m["list1_floor"])
    line("jixiao list（100 个文档）", n["list100"], n["list100_floor"])
    line("jixiao check DOC（1 个文档的库）", m["check1"], m["check1_floor"])
    line("jixiao check DOC（100 个文档的库）", n["check100"], n["check100_floor"])
    line("jixiao check --all（100 个文档）vs 逐个建文档", n["all100"], n["all100_floor"])
    one_doc = m["check1"] - m["check1_floor"]
    all_ok = n["all100"] <= 2.0
    print(
        f"jixiao check --all（100 个文档）: {n['all100']:.2f} s CPU（目标 ≤ 2 s）"
        f"{'达标 OK' if all_ok else '未达标 OVER TARGET'}"
    )
    record(
        "jixiao check --all（100 个文档）绝对时间",
        f"{n['all100']:.2f} s CPU",
        "2 s",
        n["all100"] / 2.0,
        "≤ 1×（≤ 2 s）",
        all_ok,
    )
    ok = (
        line(
            "  同一轮中 100 × 一个文档的检查工作（check DOC − 下限，1 个文档的库）",
            n["all100"],
            100 * max(one_doc, 1e-3),
            1.2,
        )
        and ok
    )
    marginal = (n["all100"] - m["check1"]) / 99
    print(
        f"  每多一个文档 check --all 多花 {marginal * 1000:.0f} ms CPU"
        f"（一个文档的检查工作含规则模块的导入，为 {one_doc * 1000:.0f} ms）"
    )
    return 0 if ok and all_ok else 1


if __name__ == "__main__":
    sys.exit(main())
