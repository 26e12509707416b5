"""Save speed and history size on a county database (issue 14).

A database of 100 documents × 25 projects (2,500 projects, built by bench/county.py: the
bundled sample's JSON with varied unit codes, project codes and texts, and generated projects). One small edit (one indicator value) is saved
through Store.save, history kept, against a floor measured in this run: writing the same
database with json.dumps + fsync (what any JSON store must at least do). Target ≤ 1.3×.
Then 200 such edits spread over the documents: the history's disk use against the database
file's size. Target ≤ 0.5×. Runs alternate so machine noise hits both alike; medians.

    .venv/bin/python bench/save.py [RUNS]
"""

from __future__ import annotations

import copy
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

from _timing import alternate, record, report
from county import build

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.merging import save_merging  # noqa: E402
from storage import open_store  # noqa: E402
from storage.history import history_dir  # noqa: E402

TARGET_TIME, TARGET_DISK = 1.3, 0.5
DOCS, PROJECTS, EDITS = 100, 25, 200
runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15


def main() -> None:
    rng = random.Random(14)
    folder = Path(tempfile.mkdtemp(prefix="jixiao-bench-save-"))
    db = folder / "db.json"
    build(db, DOCS)
    store = open_store(db)
    revisions = {info.key: info.revision for info in store.list_documents()}
    size = db.stat().st_size
    keys = sorted(revisions)
    loaded = {key: store.load(key)[0] for key in keys}
    floor_path = folder / "floor.json"
    counter = iter(range(10**9))

    def edit_and_save() -> float:
        key = keys[0]
        doc = loaded[key]
        doc.projects[3].indicators[0].value = f"≤{next(counter)}元"
        start = time.perf_counter()
        revisions[key] = store.save(doc, revisions[key])
        return time.perf_counter() - start

    def json_dumps_fsync() -> float:
        tables = json.loads(db.read_bytes())  # outside the timing, as the save's memo
        start = time.perf_counter()
        data = json.dumps(tables, ensure_ascii=False).encode("utf-8")
        with open(floor_path, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        return time.perf_counter() - start

    merge_key = keys[1]
    theirs_doc, mine_doc = copy.deepcopy(loaded[merge_key]), copy.deepcopy(loaded[merge_key])

    def edit_and_save_merging() -> float:
        """A colleague saved another project of the document first (not timed); my small edit
        is then saved through service.merging.save_merging: refused as stale, theirs loaded,
        merged three ways with my base, saved — what the editor and import --merge do."""
        nonlocal theirs_doc, mine_doc
        base, base_revision = mine_doc, revisions[merge_key]
        theirs_doc = copy.deepcopy(base)
        theirs_doc.projects[5].indicators[0].value = f"≥{next(counter)}%"
        colleague = store.save(theirs_doc, base_revision)
        mine = copy.deepcopy(base)
        mine.projects[3].indicators[0].value = f"≤{next(counter)}元"
        start = time.perf_counter()
        outcome = save_merging(store, mine, base_revision, base)
        elapsed = time.perf_counter() - start
        assert outcome.saved and outcome.merged_in and outcome.revision == colleague + 1
        revisions[merge_key], mine_doc = outcome.revision, outcome.doc
        return elapsed

    medians = alternate(
        runs, save=edit_and_save, merge=edit_and_save_merging, floor=json_dumps_fsync
    )
    print(f"数据库 {DOCS} 个文档、{DOCS * PROJECTS} 个项目，{size / 1e6:.1f} MB")
    ok = report("一次小修改的保存（含历史）", medians["save"], medians["floor"], TARGET_TIME)
    ok = (
        report(
            "同一文档他人先保存后，小修改合并保存（含三方合并）",
            medians["merge"],
            medians["floor"],
            TARGET_TIME,
        )
        and ok
    )

    for _ in range(EDITS):
        key = rng.choice(keys)
        doc = loaded[key]
        project = rng.choice(doc.projects)
        if project.indicators:
            rng.choice(project.indicators).value = f"≤{rng.randint(1, 5000)}元"
        else:
            project.purpose += "。"
        revisions[key] = store.save(doc, revisions[key])
    used = sum(p.stat().st_size for p in history_dir(db).rglob("*") if p.is_file())
    ratio = used / db.stat().st_size
    verdict = "达标 OK" if ratio <= TARGET_DISK else "未达标 OVER TARGET"
    print(
        f"{EDITS} 次修改后历史占用 {used / 1e6:.2f} MB，数据库 {db.stat().st_size / 1e6:.1f} MB"
        f" → {ratio:.2f}×（目标 ≤ {TARGET_DISK}×）{verdict}"
    )
    record(
        f"{EDITS} 次修改后历史占用 vs 数据库文件",
        f"{used / 1e6:.2f} MB",
        f"{db.stat().st_size / 1e6:.1f} MB",
        ratio,
        f"≤ {TARGET_DISK}×",
        ratio <= TARGET_DISK,
    )
    ok = ok and ratio <= TARGET_DISK
    for path in sorted(folder.rglob("*"), reverse=True):
        path.unlink() if not path.is_dir() else path.rmdir()
    folder.rmdir()
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
