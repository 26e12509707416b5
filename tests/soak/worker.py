"""One soak-test worker: a process that makes random edits to the shared database and writes an
acknowledgement log. Run by tests/soak/test_soak.py as `python -m tests.soak.worker KIND …`.

Every edit sets the 指标值确定依据 of one indicator (chosen at random, so workers collide) to a token
unique to the worker and edit, e.g. `pipe1-017`. The log holds one JSON line per edit:
{"path": [project code, row], "token": …, "start": t0, "end": t1, "outcome": "saved" | "conflict"}
"saved" = the worker was told its edit is stored; "conflict" = it was told it was not (a conflict
reported to its author). The test checks that no saved edit was silently lost.

Kinds:
- pipe: `jixiao export DOC --format csv - | (change one cell) | jixiao import --format csv --merge DOC -`
  with real processes, as the README's pipe does.
- editor: a Textual editor driven by Pilot (see editor_main).
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

DOC = "903001/2023"
BASIS = "指标值确定依据"


def jixiao_command() -> list[str]:
    script = Path(sys.executable).parent / "jixiao"
    return [str(script)] if script.exists() else [sys.executable, "-m", "jixiao"]


def indicator_paths(csv_text: str) -> list[tuple[str, int]]:
    """(项目编码, row within the project) of every indicator row of an exported CSV."""
    rows = list(csv.reader(io.StringIO(csv_text, newline="")))
    header, paths, seen = rows[0], [], {}
    code = header.index("项目编码")
    for row in rows[1:]:
        if not row or row[0].startswith("#"):
            continue
        seen[row[code]] = seen.get(row[code], 0) + 1
        paths.append((row[code], seen[row[code]]))
    return paths


def set_basis(csv_text: str, path: tuple[str, int], token: str) -> str:
    rows = list(csv.reader(io.StringIO(csv_text, newline="")))
    header = rows[0]
    code, basis = header.index("项目编码"), header.index(BASIS)
    n = 0
    for row in rows[1:]:
        if row and row[code] == path[0]:
            n += 1
            if n == path[1]:
                row[basis] = token
                break
    else:
        raise AssertionError(f"no row {path}")
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def pipe_main(name: str, seed: int, edits: int, log_path: Path) -> None:
    rng = random.Random(seed)
    command = jixiao_command()
    env = dict(os.environ)
    with log_path.open("a", encoding="utf-8") as log:
        for n in range(edits):
            token = f"{name}-{n:03d}"
            start = time.time()
            exported = subprocess.run(
                [*command, "export", DOC, "--format", "csv", "-"],
                capture_output=True,
                env=env,
                timeout=120,
            )
            if exported.returncode != 0:
                raise SystemExit(f"export failed: {exported.stderr.decode()}")
            text = exported.stdout.decode("utf-8-sig")
            path = rng.choice(indicator_paths(text))
            time.sleep(rng.random() * 0.05)  # a person's sed takes a moment: widen the window
            changed = set_basis(text, path, token)
            done = subprocess.run(
                [*command, "import", "--format", "csv", "--merge", DOC, "-"],
                input=changed.encode("utf-8-sig"),
                capture_output=True,
                env=env,
                timeout=120,
            )
            err = done.stderr.decode()
            if done.returncode == 0:
                outcome = "saved"
            elif "冲突" in err or "对方" in err or "未能保存" in err:  # told: not saved
                outcome = "conflict"
            else:
                raise SystemExit(f"import failed ({done.returncode}): {err}")
            record = {
                "path": list(path),
                "token": token,
                "start": start,
                "end": time.time(),
                "outcome": outcome,
            }
            log.write(json.dumps(record, ensure_ascii=False) + "\n")
            log.flush()


def main(argv: list[str]) -> None:
    kind, name, seed, edits, log = argv[:5]
    if kind == "pipe":
        pipe_main(name, int(seed), int(edits), Path(log))
    elif kind == "editor":
        from .editor_worker import editor_main

        editor_main(name, int(seed), int(edits), Path(log))
    else:
        raise SystemExit(f"unknown worker kind {kind}")


if __name__ == "__main__":
    main(sys.argv[1:])
