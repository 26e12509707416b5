"""Shared helpers for bench scripts: time commands alternately and report medians."""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from collections.abc import Callable, Sequence
from pathlib import Path

PACKAGES = ("model", "storage", "exporters", "tui", "jixiao")


def compile_bytecode() -> None:
    """Byte-compile the project, as installing it does (pip compiles on install; an editable
    install writes .pyc on first import). Needed where PYTHONDONTWRITEBYTECODE is set, as on
    the machine these benchmarks were written on: else every start compiles every module."""
    import compileall

    root = Path(__file__).resolve().parent.parent
    for package in PACKAGES:
        compileall.compile_dir(root / package, quiet=1)


def time_command(argv: Sequence[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def cpu_command(argv: Sequence[str], env: dict[str, str] | None = None) -> float:
    """CPU seconds (user + system) of one run of argv: on a loaded machine (2 cores shared by
    many) the wall time mostly measures the neighbours; the CPU time measures the command."""
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):  # 1: check found errors, which is its answer
        raise subprocess.CalledProcessError(proc.returncode, list(argv))
    return usage.ru_utime + usage.ru_stime


def settle() -> None:
    """Start a measurement from the heap a fresh process would have: collect the garbage of
    the last subject and give the memory it freed back to the system (glibc's malloc_trim).
    Without this a subject pays for the one before it: after an import that built and freed
    a large styles tree, the lxml floor's parse took 21 ms instead of the 17.5 ms it takes
    alone, because glibc trimmed the heap during the floor's run (measured for issue 17)."""
    import ctypes
    import ctypes.util
    import gc

    gc.collect()
    name = ctypes.util.find_library("c")
    if name:
        try:
            ctypes.CDLL(name).malloc_trim(0)
        except (OSError, AttributeError):  # not glibc: nothing to give back this way
            pass


def alternate(runs: int, **subjects: Callable[[], float]) -> dict[str, float]:
    """Run each subject `runs` times, interleaved so machine noise hits all alike, each from a
    settled heap (settle); medians."""
    samples: dict[str, list[float]] = {name: [] for name in subjects}
    compile_bytecode()
    for subject in subjects.values():
        subject()  # warm the page cache and .pyc files
    for _ in range(runs):
        for name, subject in subjects.items():
            settle()
            samples[name].append(subject())
    return {name: statistics.median(values) for name, values in samples.items()}


def record(
    title: str, measured: str, floor: str, ratio: float, target: str, ok: bool | None
) -> None:
    """One row for bench/all.py's table: appended as a JSON line to $JIXIAO_BENCH_RESULTS when
    it is set (measured, floor and target as the script words them; ok None: no target)."""
    path = os.environ.get("JIXIAO_BENCH_RESULTS")
    if not path:
        return
    import json

    row = {"title": title, "measured": measured, "floor": floor, "ratio": ratio}
    row |= {"target": target, "ok": ok}
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def report(title: str, measured: float, floor: float, target: float, unit: str = "ms") -> bool:
    ratio = measured / floor
    verdict = "达标 OK" if ratio <= target else "未达标 OVER TARGET"
    print(
        f"{title}: {measured * 1000:.1f} {unit} vs floor {floor * 1000:.1f} {unit} "
        f"→ ratio {ratio:.2f}× (target ≤ {target}×) {verdict}"
    )
    record(
        title,
        f"{measured * 1000:.1f} {unit}",
        f"{floor * 1000:.1f} {unit}",
        ratio,
        f"≤ {target}×",
        ratio <= target,
    )
    return ratio <= target
