"""Scoring speed: the editor re-scores the project being edited after each keystroke (issue 20).

(a) `score_project` on the sample's largest project (every actual filled, 分值 blank so the split
    runs) after typing a new 实际完成值, a new value each time so the parse cache misses.
    Target ≤ 5 ms. Floor: deserialising the same project (`project_from_dict`).
(b) `score_document` on the whole sample (24 projects), as the project list shows every 总分:
    with every step (for --explain), and without (explained=False, numbers only).
    Target ≤ 50 ms. Floor: deserialising the document (`document_from_dict`).
Runs alternate so machine noise hits both alike; medians are reported.
Usage: .venv/bin/python bench/scoring.py [RUNS]
"""

from __future__ import annotations

import itertools
import sys
import time
from decimal import Decimal
from pathlib import Path

from _timing import alternate

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from exporters.docx import read  # noqa: E402
from model import document_from_dict, document_to_dict  # noqa: E402
from model.scoring import score_document, score_project  # noqa: E402
from model.serialize import project_from_dict, project_to_dict  # noqa: E402

runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15

sample_path = ROOT / "tests/fixtures/zhangwangtuan-2023.docx"
sample = read(sample_path.read_bytes(), source=sample_path.name).documents[0]
for project in sample.projects:  # the year is over: every actual is in
    project.executed = project.budget
    for ind in project.indicators:
        quantity = ind.parsed.quantity
        if quantity is not None:
            ind.actual = f"{quantity.number}{quantity.unit}"
        else:
            ind.actual, ind.achievement, ind.score = "已完成", "达成", Decimal(5)
edited = max(sample.projects, key=lambda p: len(p.indicators))
edited_data = project_to_dict(edited)
sample_data = document_to_dict(sample)
counter = itertools.count(1)


def keystroke_score() -> float:
    n = next(counter)
    edited.indicators[0].actual = f"{n}"  # a new value: not in the parse cache
    start = time.perf_counter()
    result = score_project(sample, edited)
    elapsed = time.perf_counter() - start
    assert result.indicators
    return elapsed


def document_score() -> float:
    start = time.perf_counter()
    result = score_document(sample)
    elapsed = time.perf_counter() - start
    assert result.projects
    return elapsed


def document_numbers() -> float:
    start = time.perf_counter()
    result = score_document(sample, explained=False)
    elapsed = time.perf_counter() - start
    assert result.projects
    return elapsed


def project_floor() -> float:
    start = time.perf_counter()
    project_from_dict(edited_data)
    return time.perf_counter() - start


def document_floor() -> float:
    start = time.perf_counter()
    document_from_dict(sample_data)
    return time.perf_counter() - start


def show(title: str, measured: float, floor: float, target: float) -> bool:
    ok = measured <= target
    print(
        f"{title}: {measured * 1000:.2f} ms (target ≤ {target * 1000:.0f} ms) "
        f"vs floor {floor * 1000:.2f} ms → {measured / floor:.1f}× floor  "
        + ("达标 OK" if ok else "未达标 OVER TARGET")
    )
    return ok


print(
    f"样例 {len(sample.projects)} 个项目；逐键重算的项目有 {len(edited.indicators)} 行指标；"
    f"{runs} 轮，取中位数"
)
a = alternate(runs * 20, score=keystroke_score, floor=project_floor)
ok = show("(a) score_project after typing an actual", a["score"], a["floor"], 0.005)
b = alternate(runs, score=document_score, numbers=document_numbers, floor=document_floor)
ok &= show("(b) score_document, the whole sample", b["score"], b["floor"], 0.05)
ok &= show("(b) the same, explained=False", b["numbers"], b["floor"], 0.05)
sys.exit(0 if ok else 1)
