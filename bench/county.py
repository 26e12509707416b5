"""A county database for the benchmarks, built in seconds without Word (issue 17).

N documents (default 100: one per unit of a county) × 25 projects × 10 indicators. Every
document takes Part 1 and the unit from the bundled sample's JSON
(tests/fixtures/zhangwangtuan-2023.jixiao.json); its projects alternate between

- the sample's 24 projects, copied with new codes, names, ids and values, topped up to 10
  indicators with rows of the next sample project (so texts are real 乡镇 texts), and
- generated projects (works with quantity × unit price, or wages of a group of people) with
  realistic variety and some of the sample's defects (short budgets, ≤100% 发放率, a repeated
  goal), so the rules have real work to do.

The documents are written through the Store in one save (Store.save_many): the records carry
real revisions, savers and times, exactly as `jixiao import` leaves them. Deterministic for a
given N and seed.

    .venv/bin/python bench/county.py OUT.json [N]       # or, from another bench:
    from county import build; build(path, 100)          # build_in_child: in a fresh process
"""

from __future__ import annotations

import copy
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SAMPLE_JSON = ROOT / "tests/fixtures/zhangwangtuan-2023.jixiao.json"
PROJECTS, INDICATORS = 25, 10

SUBJECTS = ["西街村", "东街村", "南关村", "北岗村", "大留庄村", "小营村", "王家庄", "李家寨"]
KINDS = [
    ("道路硬化", "平方米", "元/平方米", (1000, 5000), (150, 220)),
    ("路灯安装", "盏", "元/盏", (20, 80), (1500, 3000)),
    ("围墙建设", "米", "元/米", (200, 800), (400, 700)),
    ("证照印制", "份", "元/份", (1000, 6000), (3, 8)),
]
WAGE_GROUPS = ["网格员", "协理员", "公益岗人员", "保洁员", "护林员", "村医"]
BASES = ["县政府工作安排", "乡政府工作安排", "调查问卷", "上年统计数据", "《预算绩效管理办法》"]
TOWNS = ["张王疃乡", "西郭城镇", "堤村乡", "阎疃镇", "官亭镇", "王虎寨镇", "小吕寨镇", "苏家营乡"]


def sample_dict() -> dict[str, Any]:
    """The bundled sample as the store's JSON document (document_to_dict form)."""
    return json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))["document"]


def _id(rng: random.Random) -> str:
    return f"{rng.getrandbits(48):012x}"


# fmt: off
def generated_project(rng: random.Random, d: int, p: int) -> dict[str, Any]:
    """A project of works (odd p) or of wages (even p), 10 indicator rows."""
    code = f"13052923P{d:05d}{p:05d}A"
    if p % 4 == 1:
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
        name, goals = f"{subject}{work}（{d}-{p}）", [f"1.完成{subject}{work}{qty}{unit}。", "2.改善群众生产生活条件。"]
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
        "id": _id(rng),
        "code": code,
        "name": name,
        "budget": b,
        "fiscal": b,
        "other": None,
        "purpose": f"用于{name}",
        "plan": [None, f"{float(b) / 2:.2f}", None, b] if p % 3 else [None, None, None, b],
        "goals": goals,
        "indicators": [
            {"id": _id(rng), "level1": r[0], "level2": r[1], "name": r[2], "description": r[3], "value": r[4], "basis": rng.choice(BASES)}
            for r in rows
        ],
    }
# fmt: on


def sample_project(rng: random.Random, sample: list[dict[str, Any]], d: int, p: int) -> dict:
    """The sample's project p (cycling), with a new code, name, ids and varied values, topped
    up to INDICATORS rows with the next sample project's rows."""
    project = copy.deepcopy(sample[p % len(sample)])
    extra = sample[(p + 1) % len(sample)]["indicators"]
    project["indicators"] += copy.deepcopy(extra[: max(0, INDICATORS - len(project["indicators"]))])
    project["id"] = _id(rng)
    project["code"] = f"130529{d:03d}P{p:011d}"
    project["name"] = f"{project['name']}（{d}-{p}）"
    project["purpose"] = f"{project['purpose']}（{rng.choice(SUBJECTS)}）"
    for row in project["indicators"]:
        row["id"] = _id(rng)
        if rng.random() < 0.5 and row["value"][:1] in "≥≤=":
            digits = "".join(ch for ch in row["value"] if ch.isdigit())
            if digits:  # another number, same unit: keeps the value's shape (and its rules)
                row["value"] = row["value"].replace(digits, str(rng.randint(1, 99)), 1)
        row["description"] = f"{row['description']}（{d}）"
    return project


def document_dicts(n: int = 100, *, seed: int = 17, projects: int = PROJECTS) -> list[dict]:
    """n county documents in the store's JSON form: unit codes 903001…, varied names."""
    rng = random.Random(seed)
    base = sample_dict()
    docs = []
    for d in range(n):
        doc = copy.deepcopy({k: v for k, v in base.items() if k != "projects"})
        doc["dept_code"] = f"{903001 + d}"
        doc["dept_name"] = f"巨鹿县{TOWNS[d % len(TOWNS)]}人民政府本级（{d}）"
        doc["projects"] = [
            generated_project(rng, d, p) if p % 2 else sample_project(rng, base["projects"], d, p)
            for p in range(projects)
        ]
        docs.append(doc)
    return docs


def documents(n: int = 100, *, seed: int = 17, projects: int = PROJECTS) -> list:
    """The same documents as model.Document objects."""
    from model import document_from_dict

    return [document_from_dict(d) for d in document_dicts(n, seed=seed, projects=projects)]


def build(path: str | Path, n: int = 100, *, seed: int = 17) -> Path:
    """Create a database at path (must not exist) holding n county documents, in one save."""
    from storage import open_store

    path = Path(path)
    store = open_store(path, create=True)
    docs = documents(n, seed=seed)
    if docs:
        store.save_many([(doc, 0, None) for doc in docs])
    return path


def build_in_child(path: str | Path, n: int = 100) -> Path:
    """build() in a child process: a bench that then times or weighs other processes stays
    small (a child shares its parent's pages until it execs, and its peak RSS counts them)."""
    import subprocess

    subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), str(path), str(n)],
        check=True,
        capture_output=True,
    )
    return Path(path)


def main() -> int:
    if len(sys.argv) < 2:
        print("用法：bench/county.py 输出.json [文档数，默认 100]", file=sys.stderr)
        return 2
    out, n = Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 100
    if out.exists():
        print(f"错误：{out} 已存在，未作任何修改；请换一个文件名", file=sys.stderr)
        return 1
    start = time.perf_counter()
    build(out, n)
    took = time.perf_counter() - start
    print(
        f"已生成 {out}：{n} 个文档 × {PROJECTS} 个项目，{out.stat().st_size / 1e6:.1f} MB，{took:.1f} 秒"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
