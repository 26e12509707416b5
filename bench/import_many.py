"""Importing 50 Word files in one call against 50 × importing one, measured in the same run.

The 50 files are the bundled sample exported by jixiao with unit codes 903001…903050 (and the
unit name varied), made once, outside the timing. Measured: `jixiao --db DB import` of all 50
files into an empty database (made before the timing), one process. Floor: `jixiao --db DB
import` of one of them into an empty database, × 50. Target ≤ 1.2×: a county's import must
cost what its files cost, not grow with the database (issue 17). Runs alternate; medians of the
CPU time (user + system) of each process — the machine is shared, so wall time mostly measures
the neighbours; the wall time of the 50-file import is printed too.

Usage: .venv/bin/python bench/import_many.py [RUNS]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _timing import compile_bytecode, cpu_command, record

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FILES, TARGET = 50, 1.2
runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
python = sys.executable


def make_files(folder: Path) -> list[Path]:
    from exporters.base import ExportOptions
    from exporters.docx.writer import write
    from jixiao.sample import load_sample

    sample = load_sample()
    paths = []
    for n in range(FILES):
        sample.dept_code = f"{903001 + n}"
        sample.dept_name = f"巨鹿县第{n + 1}乡人民政府本级"
        path = folder / f"{sample.dept_code}.docx"
        path.write_bytes(write(sample, options=ExportOptions()))
        paths.append(path)
    return paths


def empty_db(folder: Path, name: str) -> Path:
    from storage import open_store

    path = folder / name
    for old in folder.glob(f"{name}*"):  # the database, its lock and its history
        if old.is_dir():
            for part in sorted(old.rglob("*"), reverse=True):
                part.rmdir() if part.is_dir() else part.unlink()
            old.rmdir()
        else:
            old.unlink()
    open_store(path, create=True)
    return path


def main() -> int:
    compile_bytecode()
    with tempfile.TemporaryDirectory(prefix="jixiao-bench-import-") as tmp:
        folder = Path(tmp)
        paths = make_files(folder)
        files = [str(p) for p in paths]
        many_cpu: list[float] = []
        many_wall: list[float] = []
        one_cpu: list[float] = []
        for run in range(runs + 1):  # the first round warms the caches and is not counted
            db = empty_db(folder, "many.json")
            start = time.perf_counter()
            used = cpu_command([python, "-m", "jixiao", "--db", str(db), "import", *files])
            wall = time.perf_counter() - start
            db1 = empty_db(folder, "one.json")
            single = cpu_command(
                [python, "-m", "jixiao", "--db", str(db1), "import", files[run % FILES]]
            )
            if run:
                many_cpu.append(used)
                many_wall.append(wall)
                one_cpu.append(single)
        listed = subprocess.run(
            [python, "-m", "jixiao", "--db", str(folder / "many.json"), "list", "--json"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert listed.count('"key"') == FILES, "not every file was imported"
    many, one = statistics.median(many_cpu), statistics.median(one_cpu)
    ratio = many / (FILES * one)
    ok = ratio <= TARGET
    print(
        f"{FILES} 个 Word 文件（样例，单位编码各异），{runs} 轮交替，CPU 时间中位数；机器负载较高"
    )
    print(
        f"一次导入 {FILES} 个文件: {many:.2f} s CPU（墙钟 {statistics.median(many_wall):.1f} s）"
        f" vs {FILES} × 导入一个文件到空库 {one * 1000:.0f} ms = {FILES * one:.1f} s"
        f" → {ratio:.2f}×（目标 ≤ {TARGET}×）{'达标 OK' if ok else '未达标 OVER TARGET'}"
    )
    record(
        f"一次导入 {FILES} 个 Word 文件 vs {FILES} × 一个",
        f"{many:.2f} s CPU",
        f"{FILES * one:.1f} s CPU",
        ratio,
        f"≤ {TARGET}×",
        ok,
    )
    print(
        f"  每多一个文件多花 {(many - one) / (FILES - 1) * 1000:.0f} ms CPU；"
        f"下限中每个文件都含一次进程启动和导入模块的时间（一个文件共 {one * 1000:.0f} ms）"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
