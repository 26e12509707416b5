"""Validation speed: per-keystroke re-check of one project, and a county-sized database.

(a) The editor re-checks the project being edited after each change: `check_project` on the
    sample (24 projects) after editing one cell, a new value each time so no cache hides the
    work. Target ≤ 5 ms. Floor: deserialising the same project (`project_from_dict`).
(b) A county reviewer checks every document: 100 documents × 25 projects × 10 indicators
    from bench/county.py (realistic variety and some of the sample's defects), checked from
    cold caches. Target ≤ 2 s. Floor: deserialising the same 100 documents (`document_from_dict`).
Runs alternate so machine noise hits both alike; medians are reported. Times are the process's
CPU time (time.process_time): on the shared machine wall time mostly measures the neighbours.
Usage: .venv/bin/python bench/check.py [RUNS]
"""

from __future__ import annotations

import itertools
import sys
import time
from pathlib import Path

from _timing import alternate, record
from county import document_dicts

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from exporters.docx import read  # noqa: E402
from model import document_from_dict  # noqa: E402
from model.rules import check_document, check_project  # noqa: E402
from model.rules.engine import clear_caches  # noqa: E402
from model.serialize import project_from_dict, project_to_dict  # noqa: E402

runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15


def cold() -> None:
    """Forget every cache the rules use, so a run pays for parsing and facts."""
    clear_caches()


# ---- (a) one edited project --------------------------------------------------------------------

sample_path = ROOT / "tests/fixtures/zhangwangtuan-2023.docx"
sample = read(sample_path.read_bytes(), source=sample_path.name).documents[0]
edited = sample.projects[2]  # 大留庄村基础设施建设资金: 11 rows, unit costs, the most rules
edited_data = project_to_dict(edited)
counter = itertools.count(1)
check_project(sample, edited)  # warm: the document's cross-project facts exist once opened


def keystroke_check() -> float:
    n = next(counter)
    edited.indicators[0].value = f"{n}台"  # a new value: parse and facts are not cached
    edited.indicators[0].description = f"路灯安装的数量{n}"
    start = time.process_time()
    findings = check_project(sample, edited)
    elapsed = time.process_time() - start
    assert findings
    return elapsed


def keystroke_goal_check() -> float:
    """Editing a goal line changes the cross-project facts: the document context is rebuilt."""
    n = next(counter)
    edited.goals[0] = f"1.增加大留庄村基础设施建设费用{n}"
    start = time.process_time()
    check_project(sample, edited)
    return time.process_time() - start


def project_floor() -> float:
    start = time.process_time()
    project = project_from_dict(edited_data)
    elapsed = time.process_time() - start
    assert project.indicators
    return elapsed


# ---- (b) a county --------------------------------------------------------------------------------

county = document_dicts(100)  # bench/county.py: the sample's Part 1 and unit, 25 projects each


def county_floor() -> float:
    start = time.process_time()
    docs = [document_from_dict(data) for data in county]
    elapsed = time.process_time() - start
    assert len(docs) == 100
    return elapsed


loaded = [document_from_dict(data) for data in county]


def county_check() -> float:
    cold()
    start = time.process_time()
    findings = sum(len(check_document(doc)) for doc in loaded)
    elapsed = time.process_time() - start
    assert findings
    return elapsed


def county_load_and_check() -> float:
    cold()
    start = time.process_time()
    findings = sum(len(check_document(document_from_dict(data))) for data in county)
    elapsed = time.process_time() - start
    assert findings
    return elapsed


def show(title: str, measured: float, floor: float, target: float) -> bool:
    ok = measured <= target
    record(
        title,
        f"{measured * 1000:.2f} ms",
        f"{target * 1000:.0f} ms（目标）；反序列化 {floor * 1000:.2f} ms",
        measured / target,
        "≤ 1×（绝对时间）",
        ok,
    )
    print(
        f"{title}: {measured * 1000:.2f} ms (target ≤ {target * 1000:.0f} ms) "
        f"vs floor {floor * 1000:.2f} ms → {measured / floor:.1f}× floor  "
        + ("达标 OK" if ok else "未达标 OVER TARGET")
    )
    return ok


rows = sum(len(p["indicators"]) for d in county for p in d["projects"])
print(
    f"(a) 样例 {len(sample.projects)} 个项目，改一格后重查第 3 个项目；(b) {len(county)} 份文档、{rows} 行指标；{runs} 轮，取中位数"
)
a = alternate(runs * 20, check=keystroke_check, goal=keystroke_goal_check, floor=project_floor)
ok_a = show("(a) check_project after editing a cell", a["check"], a["floor"], 0.005)
ok_a &= show("(a) check_project after editing a goal line", a["goal"], a["floor"], 0.005)
b = alternate(max(3, runs // 3), check=county_check, both=county_load_and_check, floor=county_floor)
ok_b = show("(b) check_document × 100 documents (cold caches)", b["check"], b["floor"], 2.0)
print(
    f"    load + check together: {b['both'] * 1000:.0f} ms; load alone (floor): {b['floor'] * 1000:.0f} ms"
)
found = sum(len(check_document(doc)) for doc in loaded)
print(f"    findings in the county: {found}")
sys.exit(0 if ok_a and ok_b else 1)
