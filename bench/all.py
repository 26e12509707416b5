"""Run every benchmark with small run counts and print one table of ratios.

Each script is run as its own process with JIXIAO_BENCH_RESULTS set; every ratio it prints it
also appends there as a JSON line (_timing.record), and the table is made from those lines.
A script that fails or misses a target makes this exit 1; the full output of each is shown as
it runs. bench/fuzz.py is not a benchmark with a floor and is not run.

    .venv/bin/python bench/all.py [--only NAME...] [--runs-scale K]

Small run counts (the defaults below) keep the whole run to about 15 minutes on the shared
2-core machine; medians of so few runs are rough: rerun one script with more runs to settle a
number.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

# script → arguments for a small run
SCRIPTS: dict[str, list[str]] = {
    "docx_import": ["7"],
    "docx_export": ["7"],
    "cli_startup": ["3"],
    "tui_startup": ["3"],
    "tui_keys": ["5"],
    "import_many": ["1"],
    "save": ["5"],
    "check": ["3"],
    "memory": ["1"],
}


def main() -> int:
    parser = argparse.ArgumentParser(description="运行全部基准测试，输出比值汇总表")
    parser.add_argument("--only", nargs="*", default=None, metavar="NAME", help="只运行这些脚本")
    parser.add_argument("--runs-scale", type=int, default=1, help="每个脚本的轮数乘以此数")
    args = parser.parse_args()
    chosen = args.only or list(SCRIPTS)
    unknown = [name for name in chosen if name not in SCRIPTS]
    if unknown:
        print(
            f"错误：没有基准测试 {'、'.join(unknown)}；可选：{'、'.join(SCRIPTS)}", file=sys.stderr
        )
        return 2
    failed: list[str] = []
    with tempfile.TemporaryDirectory(prefix="jixiao-bench-all-") as tmp:
        results = Path(tmp) / "results.jsonl"
        env = dict(os.environ, JIXIAO_BENCH_RESULTS=str(results))
        rows: list[tuple[str, dict]] = []
        for name in chosen:
            argv = [sys.executable, str(HERE / f"{name}.py")]
            argv += [str(int(a) * args.runs_scale) for a in SCRIPTS[name]]
            print(f"\n== bench/{name}.py {' '.join(argv[2:])}", flush=True)
            results.write_text("", encoding="utf-8")
            start = time.perf_counter()
            code = subprocess.run(argv, env=env).returncode
            took = time.perf_counter() - start
            print(f"   （退出码 {code}，{took:.0f} 秒）", flush=True)
            if code:
                failed.append(name)
            lines = results.read_text(encoding="utf-8").splitlines()
            rows += [(name, json.loads(line)) for line in lines if line.strip()]
            if not lines:
                rows.append((name, {"title": "（没有结果：脚本出错）", "ok": False}))
    print("\n| 脚本 | 测的是 | 实测 | 下限 | 比值 | 目标 | 结果 |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, row in rows:
        ratio = f"{row['ratio']:.2f}×" if "ratio" in row else ""
        verdict = {True: "达标", False: "未达标", None: "—"}[row.get("ok")]
        cells = [name, row["title"], row.get("measured", ""), row.get("floor", "")]
        cells += [ratio, row.get("target", ""), verdict]
        print("| " + " | ".join(cells) + " |")
    print("\n机器为 2 核、多人共用，测量时负载较高；中位数基于很少的轮数，仅供参考。")
    if failed:
        print(f"未达标或出错的脚本：{'、'.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
