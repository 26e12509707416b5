"""The long fuzz run (issue 15): mutated files of each format imported through the import service,
each case in a worker process, with counts per outcome.

Per case: the file is made from a seed by the format's mutator (tests/fuzz/formats), imported by
tests/fuzz/harness.run_case into a one-document database, and timed (wall clock; beyond
--timeout seconds the worker is killed and the case counts OVER_TIME) and measured (peak resident
memory, VmHWM, reset before each case through /proc/self/clear_refs; beyond --memory MiB for a
file of at most 10 MB it counts OVER_MEMORY). The worker runs under RLIMIT_AS of 2 GiB so that a
runaway case cannot take the machine down; a MemoryError counts OVER_MEMORY, a dead worker
WORKER_DIED; both restart the worker. Case i of a run is the same on every machine: its random
generator is seeded with (--seed, format, i), so `--only I` repeats it in-process.

    .venv/bin/python bench/fuzz.py --cases 2000 [--format docx] [--seed 0]
    .venv/bin/python bench/fuzz.py --format docx --only 123     # one case, in-process, verbose

Prints a table per format (imported, refused, traceback, over time, over memory, DB changed on
refusal, bad message = a refusal not on one line or not naming the file) and a few examples of
each bad outcome; exits 1 when any bad count is non-zero.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import select
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OVER_TIME = "OVER_TIME"
OVER_MEMORY = "OVER_MEMORY"
WORKER_DIED = "WORKER_DIED"
MUTATOR_FAILED = "MUTATOR_FAILED"  # the fuzzer's own defect: its traceback is shown
BAD_MESSAGE = "BAD_MESSAGE"
COLUMNS = [
    ("IMPORTED", "imported"),
    ("REFUSED", "refused"),
    ("TRACEBACK", "traceback"),
    (OVER_TIME, "over time"),
    (OVER_MEMORY, "over memory"),
    ("DB_CHANGED_ON_REFUSAL", "DB changed"),
    (BAD_MESSAGE, "bad message"),
    (WORKER_DIED, "worker died"),
    (MUTATOR_FAILED, "mutator failed"),
]
BAD = {"TRACEBACK", OVER_TIME, OVER_MEMORY, "DB_CHANGED_ON_REFUSAL", BAD_MESSAGE, WORKER_DIED}
BAD.add(MUTATOR_FAILED)
MEMORY_LIMIT_AS = 2 * 1024**3  # the worker's address space: protects the shared machine
MEASURED_UP_TO = 10 * 1024 * 1024  # the memory bound applies to inputs up to this size


def case_data(fmt, seed: int, index: int) -> bytes:
    """Case `index` of a run: a seed file mutated once or twice, reproducibly."""
    rng = random.Random(f"{seed}:{fmt.NAME}:{index}")
    data = rng.choice(fmt.seeds())
    for _ in range(1 if rng.random() < 0.8 else 2):
        data = fmt.mutate(data, rng)
    return data


# -- the worker ----------------------------------------------------------------------------------


def _peak_reset() -> None:
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def _peak_mib() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def worker(fmt_name: str, seed: int, workdir: Path) -> None:
    """Read case numbers on stdin, answer one JSON line per case on stdout."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_AS, MEMORY_LIMIT_AS))
    out = os.fdopen(os.dup(1), "w", buffering=1)
    sys.stdout = sys.stderr  # nothing but answers on the pipe
    from tests.fuzz import harness
    from tests.fuzz.formats import by_name

    fmt = by_name(fmt_name)
    fmt.seeds()  # built before the first case is timed
    print(json.dumps({"ready": True}), file=out)
    for line in sys.stdin:
        index = int(line)
        try:
            data = case_data(fmt, seed, index)
        except Exception:
            import traceback

            failed = {"index": index, "kind": MUTATOR_FAILED, "traceback": traceback.format_exc()}
            print(json.dumps(failed, ensure_ascii=False), file=out)
            continue
        print(json.dumps({"started": index}), file=out)  # the parent's clock starts here
        _peak_reset()
        start = time.perf_counter()
        outcome = harness.run_case(fmt, data, workdir)
        seconds = time.perf_counter() - start
        peak = _peak_mib()
        kind = outcome.kind
        if kind == harness.TRACEBACK and outcome.message.startswith("MemoryError"):
            kind = OVER_MEMORY
        elif peak > MEMORY_MIB and len(data) <= MEASURED_UP_TO:
            kind = OVER_MEMORY
        elif kind == harness.REFUSED and not outcome.message_ok:
            kind = BAD_MESSAGE
        answer = {
            "index": index,
            "kind": kind,
            "message": outcome.message[:2000],
            "traceback": outcome.traceback[-4000:],
            "seconds": seconds,
            "peak": peak,
            "size": len(data),
        }
        print(json.dumps(answer, ensure_ascii=False), file=out)


MEMORY_MIB = 512.0


# -- the parent ----------------------------------------------------------------------------------


class Worker:
    def __init__(self, fmt_name: str, seed: int, workdir: Path) -> None:
        self.args = [sys.executable, __file__, "--worker", fmt_name, "--seed", str(seed)]
        self.args += ["--memory", str(MEMORY_MIB), "--workdir", str(workdir)]
        self.proc: subprocess.Popen[bytes] | None = None
        self.buffer = b""

    def start(self) -> None:
        self.buffer = b""
        self.proc = subprocess.Popen(
            self.args,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            bufsize=0,
            cwd=ROOT,
        )
        ready = self._read(120.0)
        if ready is None or not ready.get("ready"):
            raise SystemExit(f"the fuzz worker for {self.args[3]} did not start")

    def _read(self, timeout: float) -> dict | None:
        """The worker's next answer line; None after `timeout` seconds without one."""
        assert self.proc is not None and self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                return None
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                return {"died": True}
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return json.loads(line)

    def run(self, index: int, timeout: float) -> dict:
        if self.proc is None or self.proc.poll() is not None:
            self.start()
        assert self.proc is not None and self.proc.stdin is not None
        try:
            self.proc.stdin.write(f"{index}\n".encode())
            self.proc.stdin.flush()
        except BrokenPipeError:
            self.stop()
            return {"index": index, "kind": WORKER_DIED, "message": "worker gone"}
        answer = self._read(300.0)  # making the file is not timed: "started", or a failure
        if answer is not None and "started" in answer:
            start = time.perf_counter()
            answer = self._read(timeout)
        else:
            start = time.perf_counter()
        if answer is None:
            self.stop()
            return {
                "index": index,
                "kind": OVER_TIME,
                "message": f"killed after {time.perf_counter() - start:.1f} s",
            }
        if answer.get("died"):
            code = self.proc.wait()
            self.proc = None
            return {"index": index, "kind": WORKER_DIED, "message": f"exit status {code}"}
        return answer

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc = None


def run_format(fmt_name: str, cases: int, seed: int, timeout: float, examples: int) -> bool:
    scratch = Path(tempfile.mkdtemp(prefix=f"jixiao-fuzz-{fmt_name}-"))
    worker_ = Worker(fmt_name, seed, scratch / "case")
    counts: Counter[str] = Counter()
    shown: dict[str, list[dict]] = {}
    slowest = peak = 0.0
    started = time.perf_counter()
    try:
        for index in range(cases):
            answer = worker_.run(index, timeout)
            kind = answer["kind"]
            counts[kind] += 1
            slowest = max(slowest, answer.get("seconds", 0.0))
            peak = max(peak, answer.get("peak", 0.0))
            seen = shown.setdefault(kind, [])
            first_line = (answer.get("traceback") or answer.get("message", "")).strip()
            last = first_line.splitlines()[-1] if first_line else ""
            if len(seen) < examples and all(s["last"] != last for s in seen):
                seen.append({**answer, "last": last})
            if (index + 1) % 100 == 0:
                print(f"  {fmt_name}: {index + 1}/{cases}", file=sys.stderr, flush=True)
    finally:
        worker_.stop()
        shutil.rmtree(scratch, ignore_errors=True)
    elapsed = time.perf_counter() - started

    header = f"{'format':8}{'cases':>7}" + "".join(f"{title:>15}" for _, title in COLUMNS)
    print(header)
    print(f"{fmt_name:8}{cases:>7}" + "".join(f"{counts[kind]:>15}" for kind, _ in COLUMNS))
    print(
        f"  run time {elapsed:.0f} s ({elapsed / max(cases, 1):.2f} s a case), slowest case "
        f"{slowest:.2f} s, highest peak memory {peak:.0f} MiB (whole worker process)"
    )
    for kind in [k for k, _ in COLUMNS if k in BAD] + ["REFUSED"]:
        for example in shown.get(kind, []):
            print(f"\n--- {kind}, case {example['index']} (size {example.get('size', '?')} B)")
            text = example.get("traceback") or example.get("message", "")
            print(text.rstrip()[-1500:] if kind != "REFUSED" else text[:300])
    print()
    return not any(counts[kind] for kind in BAD)


def only(fmt_name: str, seed: int, index: int) -> None:
    from tests.fuzz import harness
    from tests.fuzz.formats import by_name

    fmt = by_name(fmt_name)
    data = case_data(fmt, seed, index)
    workdir = Path(tempfile.mkdtemp(prefix="jixiao-fuzz-only-")) / "case"
    start = time.perf_counter()
    outcome = harness.run_case(fmt, data, workdir)
    print(f"case {index}: {outcome.kind} in {time.perf_counter() - start:.2f} s, {len(data)} B")
    print(outcome.traceback or outcome.message)
    saved = workdir.parent / f"case-{index}{fmt.SUFFIX}"
    saved.write_bytes(data)
    print(f"input saved as {saved}")


def main() -> int:
    global MEMORY_MIB
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--format", action="append", dest="formats", metavar="NAME")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds a case may take")
    parser.add_argument("--memory", type=float, default=512.0, help="MiB of peak memory")
    parser.add_argument("--examples", type=int, default=3, help="examples shown per outcome")
    parser.add_argument("--only", type=int, metavar="I", help="run case I in-process and show it")
    parser.add_argument("--worker", metavar="NAME", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    MEMORY_MIB = args.memory
    if args.worker:
        worker(args.worker, args.seed, args.workdir)
        return 0
    from tests.fuzz.formats import modules

    names = args.formats or [m.NAME for m in modules()]
    if args.only is not None:
        for name in names:
            only(name, args.seed, args.only)
        return 0
    ok = True
    for name in names:
        ok = run_format(name, args.cases, args.seed, args.timeout, args.examples) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
