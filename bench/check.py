"""Validation speed: per-keystroke re-check of one project, and a county-sized database.

(a) The editor re-checks the project being edited after each change: `check_project` on the
    sample (24 projects) after editing one cell, a new value each time so no cache hides the
    work. Target ≤ 5 ms. Floor: deserialising the same project (`project_from_dict`).
(b) A county reviewer checks every document: 100 documents × 25 projects × 10 indicators
    generated with realistic variety (and some of the sample's defects), checked from cold
    caches. Target ≤ 2 s. Floor: deserialising the same 100 documents (`document_from_dict`).
Runs alternate so machine noise hits both alike; medians are reported.
Usage: .venv/bin/python bench/check.py [RUNS]
"""

from __future__ import annotations

import itertools
import random
import sys
import time
from pathlib import Path

from _timing import alternate

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from exporters.docx import read  # noqa: E402
from model import document_from_dict, document_to_dict  # noqa: E402
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
    start = time.perf_counter()
    findings = check_project(sample, edited)
    elapsed = time.perf_counter() - start
    assert findings
    return elapsed


def keystroke_goal_check() -> float:
    """Editing a goal line changes the cross-project facts: the document context is rebuilt."""
    n = next(counter)
    edited.goals[0] = f"1.增加大留庄村基础设施建设费用{n}"
    start = time.perf_counter()
    check_project(sample, edited)
    return time.perf_counter() - start


def project_floor() -> float:
    start = time.perf_counter()
    project = project_from_dict(edited_data)
    elapsed = time.perf_counter() - start
    assert project.indicators
    return elapsed


# ---- (b) a county --------------------------------------------------------------------------------

rng = random.Random(2023)
SUBJECTS = ["西街村", "东街村", "南关村", "北岗村", "大留庄村", "小营村", "王家庄", "李家寨"]
KINDS = [
    ("道路硬化", "平方米", "元/平方米", (1000, 5000), (150, 220)),
    ("路灯安装", "盏", "元/盏", (20, 80), (1500, 3000)),
    ("围墙建设", "米", "元/米", (200, 800), (400, 700)),
    ("证照印制", "份", "元/份", (1000, 6000), (3, 8)),
]
WAGE_GROUPS = ["网格员", "协理员", "公益岗人员", "保洁员", "护林员", "村医"]
BASES = ["县政府工作安排", "乡政府工作安排", "调查问卷", "上年统计数据", "《预算绩效管理办法》"]


# fmt: off
def county_project(d: int, p: int) -> dict:
    code = f"13052923P{d:05d}{p:05d}A"
    if p % 2:
        subject, (work, unit, per, qty_range, price_range) = rng.choice(SUBJECTS), rng.choice(KINDS)
        qty = rng.randint(*qty_range)
        price = rng.randint(*price_range)
        # The budget covers quantity × unit price, rounded up to 0.01 万元; one in four is short.
        cents = -(-qty * price // 100)
        cents = cents * 9 // 10 if rng.random() < 0.25 else cents
        budget = f"{cents // 100}.{cents % 100:02d}"
        rows = [
            ["产出指标", "数量指标", f"{work}数量", f"本年度完成的{work}数量", f"≥{qty}{unit}"],
            ["产出指标", "成本指标", f"{work}单价", f"每{unit}{work}的费用", f"≤{price}{per}"],
            ["产出指标", "成本指标", f"{work}总费用", "全部工程费用", f"≤{budget}万元"],
            ["产出指标", "质量指标", "工程验收合格率", "验收合格工程占完工工程的比例", "=100%"],
            ["产出指标", "时效指标", "工程完工时间", "全部完工的时间", rng.choice(["10月底前", "12月底前", "2023年11月底"])],
            ["效益指标", "社会效益指标", "群众出行条件", "工程完工后群众出行便利程度", "明显改善"],
            ["效益指标", "生态效益指标", "村内扬尘", "工程完工后扬尘情况", "明显减少"],
            ["效益指标", "可持续影响指标", "设施使用年限", "设计使用年限", f"≥{rng.randint(5, 20)}年"],
            ["效益指标", "社会效益指标", "办公效率提高比例", "办公效率提高的比率", "≥50%"],
            ["满意度指标", "服务对象满意度指标", "群众满意度", "满意群众占调查人数的比例", f"≥{rng.choice([85, 90, 95])}%"],
        ]
        name, goals = f"{subject}{work}", [f"1.完成{subject}{work}{qty}{unit}。", "2.改善群众生产生活条件。"]
    else:
        group = rng.choice(WAGE_GROUPS)
        people = rng.randint(3, 300)
        budget = f"{people * rng.randint(2, 4) * 0.6:.2f}"
        rows = [
            ["产出指标", "数量指标", "发放人数", f"领取补贴的{group}人数", rng.choice([f"{people}人", f"≤{people}人"])],
            ["产出指标", "数量指标", "覆盖村数", "补贴覆盖的行政村数", f"{rng.randint(10, 40)}村"],
            ["产出指标", "质量指标", "补贴发放率", "足额发放人数占应发人数的比例", rng.choice(["=100%", "≤100%", "≥98%"])],
            ["产出指标", "质量指标", "资金使用覆盖率", "实际使用资金占应使用资金的比例", "100%"],
            ["产出指标", "时效指标", "发放完成时间", "全部发放的时间", "12月底前"],
            ["产出指标", "成本指标", "补贴支出", f"{group}补贴支出总额", f"≤{budget}万元"],
            ["效益指标", "社会效益指标", f"{group}在岗率", "年末在岗人数占年初人数的比例", "≥90%"],
            ["效益指标", "可持续影响指标", "单位正常运转率", "正常运转天数占全年天数的比例", "100%"],
            ["效益指标", "经济效益指标", "人均增收", f"{group}人均年增收", f"≥{rng.randint(1000, 5000)}元"],
            ["满意度指标", "服务对象满意度指标", f"{group}满意度", "满意人数占调查人数的比例", "≥90%"],
        ]
        name = f"“{group}”补贴（{d}-{p}）"
        goals = [f"1.按时足额向{people}名{group}发放补贴。", "2.保障队伍稳定。", "2.保障队伍稳定。"]
    b = budget
    return {
        "code": code,
        "name": name,
        "budget": b,
        "fiscal": b,
        "other": None,
        "purpose": f"用于{name}",
        "plan": [None, f"{float(b) / 2:.2f}", None, b] if p % 3 else [None, None, None, b],
        "goals": goals,
        "indicators": [
            {"level1": r[0], "level2": r[1], "name": r[2], "description": r[3], "value": r[4], "basis": rng.choice(BASES)}
            for r in rows
        ],
    }
# fmt: on


county = []
for d in range(100):
    doc = document_to_dict(sample)  # Part 1 and the unit from the sample
    doc["dept_code"] = f"9{d:05d}"
    doc["projects"] = [county_project(d, p) for p in range(25)]
    county.append(doc)


def county_floor() -> float:
    start = time.perf_counter()
    docs = [document_from_dict(data) for data in county]
    elapsed = time.perf_counter() - start
    assert len(docs) == 100
    return elapsed


loaded = [document_from_dict(data) for data in county]


def county_check() -> float:
    cold()
    start = time.perf_counter()
    findings = sum(len(check_document(doc)) for doc in loaded)
    elapsed = time.perf_counter() - start
    assert findings
    return elapsed


def county_load_and_check() -> float:
    cold()
    start = time.perf_counter()
    findings = sum(len(check_document(document_from_dict(data))) for data in county)
    elapsed = time.perf_counter() - start
    assert findings
    return elapsed


def show(title: str, measured: float, floor: float, target: float) -> bool:
    ok = measured <= target
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
