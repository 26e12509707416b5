"""The real sample: the findings per project are pinned, and each was checked by hand.

The sample (巨鹿县张王疃乡, 2023) passed review and was published, yet holds the defects below.
Project numbers are the document's own (1 = “凤还巢”…, 24 = 综合服务中心建设经费); 0 is Part 1.
`JX210@1` is rule JX210 at indicator row 1; `@-` a project-level finding (goals, plan).

Hand check, in short:
 1/2/7/19 发放人数 ≤N人 (JX210); 工资发放率 / 运转率 ≤100% (JX208: always true);
 单位正常运转率 as an effect (JX217) and 办公效率提高 ≥50% (JX218) throughout;
 2 goal 3 = goal 2 (JX401) and row 6 describes 凤还巢大学生村干部, project 1's people (JX402);
 1/2 the cost row “公岗满三年工资支出” is project 7's (公益性岗位满三年), word for word (JX402);
 3 50台×1200元 + 3600㎡×178元 + 500米×600元 = 100.08万元 > 100.00 (JX308); names repeated as
   descriptions (JX405); 数量/成本 rows interleaved (JX113); 三级 “社会效益指标” (JX107);
 4 《 missing in every basis (JX604), 企业环保检查（次） (JX603), ≤100次 (JX210);
 6/8/14/24 时效 rows that are rates, not deadlines (JX204); 21 时效 “12万元” (JX203);
 8/9/12/14/16/20/23 plan blank after 6月底 (JX306); 10 名称“…时间” with ≥95% (JX215) and
   “人大代表联络站” (project 11's subject) in its cost row (JX402); 14 every 三级 a category name;
 2 row 2 工资发放率 in a 补贴 project, project 1's row word for word (JX402);
 10/11 11's goal 2 is 10's goal 1 with 保证 → 使, its goal 3 is 10's goal 2 (JX403 both ways);
 11 cost row “补偿金额|补偿金额” taken from the land-compensation projects (12's row) in a
   人大代表联络站 project that pays no 补偿 (JX402);
 17 a second paragraph pasted from row 5 (JX406) and a cost row “用于扶贫、环保等支出”: 环保 is
   project 4's own (环保工作经费) and not this office-running project's (JX402);
 18 预算执行率 as a cost (JX206) and a basis citing the 人大代表 document (JX402);
 19 “人员工资发放率” (description 车补发放率) in a 交通补贴 project, from project 1's 工资发放率
   (JX402); goals 1–2 are project 1's with “凤还巢大学生村干部” replaced by “人员” (JX403);
 20 goals say 239.262亩, the indicator 239.26亩 (JX404);
 Part 1: “建档率高达90” without % (JX503), comparators in words (JX502), 全面建成小康社会 (JX505).
What can be measured (issue 16, families 4–8):
 8/12/15/16/20/23 “可持续服务率” of occupied land, a rate nobody defines, its description only
   repeats the name (JX231); and both it and “补助人群生活改善情况” are filed 3× under 社会效益,
   3× under 可持续影响 in those six projects — no majority, so JX114 names both sides on each row;
 13/18 数量 “管辖村数量 34个/34村” and 14 “已脱贫人口数量 2405人” count what the township has,
   not what the money buys (JX234);
 Part 1: 科学发展观 (overall) and 新农合 (item 3) are stale (JX505), “经济强市、美丽邢台” is the
   city's slogan (JX512), “坚持稳中求进工作总基调” twice in one paragraph (JX513), slogans with
   nothing to measure in every item (JX510: 党员队伍壮大, 人居环境改善 …), “提高粮食机收率上升10%”
   and “普及率小、达到90%以上” (JX509), the stray “村；” (JX508), two targets in one phrase in
   items 3 and 6 (JX511).
Issue 16 (text hygiene): half-width commas in Chinese — Part 1 item 3 “95%,城乡” (JX608),
 17 row 7 “调查问卷,满意” and 21's goals “拨付,确保” (JX606).

Issue 16, families 1–3 (checked by hand against tests/fixtures/zhangwangtuan-2023.txt):
 0 the header says 资金支出计划（%） (plan_unit percent) while 23 projects end their plan at the
   budget — cumulative 万元 (3, budget 100.00, cannot tell): ONE document finding (JX302);
 1–7, 10, 11, 13, 14, 17, 18, 19, 21, 22, 24: not one goal line has a number, a time or a
   concrete output (提高干事热情, 保障合法权益, 保证工作有效迅速开展 …; 7's 满三年 is its name) (JX410);
   8, 9, 12, 15, 16, 20, 23 pay 补偿款 (发放, 足额, 亩) and are left alone;
 12, 16, 20, 23: the plan reaches the budget at 6月底, the 时效 row says 12月底 / 12月前 (JX314);
   8 and 14 have the same plan but no deadline among their 时效 rows; 9's 8月底 is near enough;
 17: 10.00 / 10.00 / 10.00 / 47.20 — 79 % of the money in the last two months (JX315).
 Before → after, per rule: JX302 0 → 1 (was per project, never fired on the sample), JX410 0 → 17,
 JX314 0 → 4, JX315 0 → 1; JX312, JX313, JX316, JX411 0 → 0.
"""

from __future__ import annotations

from collections import defaultdict

import pytest

from model import Document
from model.rules import FIELDS, Severity, check_document, check_project
from tests.conftest import SAMPLE_DOCX

PINNED: dict[int, str] = {
    0: "JX302@- JX505@- JX505@- JX512@- JX513@- JX502@1 JX510@1 JX502@2 JX509@2 JX510@2 JX502@3 JX503@3 JX505@3 JX510@3 JX511@3 JX608@3 JX502@4 JX509@4 JX510@4 JX502@5 JX508@5 JX510@5 JX502@6 JX510@6 JX511@6",
    1: "JX410@- JX210@1 JX208@2 JX402@4 JX217@5 JX218@6",
    2: "JX401@- JX410@- JX210@1 JX208@2 JX402@2 JX402@4 JX217@5 JX218@6 JX402@6",
    3: "JX410@- JX405@1 JX212@2 JX405@2 JX113@3 JX405@3 JX212@4 JX405@4 JX405@5 JX212@6 JX308@6 JX405@6 JX405@7 JX216@8 JX405@8 JX218@9 JX107@10",
    4: "JX410@- JX210@1 JX603@1 JX604@1 JX604@2 JX604@3 JX604@4 JX604@5 JX217@6 JX604@6 JX107@7",
    5: "JX410@- JX217@5 JX216@6",
    6: "JX410@- JX204@3 JX208@5 JX217@5 JX218@6",
    7: "JX410@- JX210@1 JX214@3 JX217@5 JX218@6",
    8: "JX306@- JX403@- JX403@- JX403@- JX204@3 JX216@3 JX114@5 JX114@6 JX231@6",
    9: "JX306@- JX603@1 JX218@5 JX218@6",
    10: "JX403@- JX403@- JX410@- JX215@2 JX214@3 JX402@4 JX218@5 JX217@6",
    11: "JX403@- JX403@- JX410@- JX402@4 JX405@4 JX112@5 JX218@5 JX112@6 JX217@6",
    12: "JX306@- JX314@- JX605@- JX405@4 JX114@5 JX114@6 JX231@6",
    13: "JX410@- JX234@1 JX216@2 JX112@5 JX218@5 JX112@6 JX217@6",
    14: "JX306@- JX410@- JX107@1 JX234@1 JX107@2 JX216@2 JX107@3 JX204@3 JX216@3 JX107@4 JX212@4 JX107@5 JX107@6 JX107@7",
    15: "JX401@- JX403@- JX403@- JX405@3 JX405@4 JX114@5 JX114@6 JX231@6",
    16: "JX306@- JX314@- JX114@5 JX231@5 JX114@6",
    17: "JX315@- JX410@- JX402@4 JX217@5 JX218@6 JX406@6 JX606@7",
    18: "JX410@- JX234@1 JX405@1 JX216@2 JX405@2 JX405@3 JX405@3 JX206@4 JX216@4 JX405@4 JX218@5 JX402@5 JX217@6 JX405@7 JX405@7",
    19: "JX403@- JX403@- JX410@- JX210@1 JX402@2 JX214@3 JX217@5 JX218@6",
    20: "JX306@- JX314@- JX404@- JX405@4 JX114@5 JX114@6 JX231@6",
    21: "JX410@- JX606@- JX203@3 JX112@6 JX217@6",
    22: "JX410@- JX216@2 JX405@3 JX218@5 JX217@6",
    23: "JX306@- JX314@- JX403@- JX403@- JX403@- JX405@3 JX405@4 JX114@5 JX114@6 JX231@6",
    24: "JX401@- JX410@- JX216@3 JX204@4 JX212@5 JX109@6 JX212@6 JX218@7 JX217@8",
}


@pytest.fixture(scope="module")
def sample() -> Document:
    docx = pytest.importorskip("exporters.docx")
    result = docx.read(SAMPLE_DOCX.read_bytes(), source=SAMPLE_DOCX.name)
    (doc,) = result.documents
    return doc


def _by_project(doc: Document, findings) -> dict[int, str]:
    numbers = {p.id: n for n, p in enumerate(doc.projects, 1)}
    grouped: defaultdict[int, list[str]] = defaultdict(list)
    for f in findings:
        place = f.indicator_row or f.part1_item or "-"
        grouped[numbers.get(f.project_id, 0)].append(f"{f.rule}@{place}")
    return {n: " ".join(items) for n, items in grouped.items()}


def test_sample_findings_are_pinned_per_project(sample: Document) -> None:
    assert len(sample.projects) == 24
    findings = check_document(sample)
    assert _by_project(sample, findings) == PINNED
    assert {f.field for f in findings} <= FIELDS


def test_sample_errors_are_the_undeniable_ones(sample: Document) -> None:
    errors = [f for f in check_document(sample) if f.severity is Severity.ERROR]
    numbers = {p.id: n for n, p in enumerate(sample.projects, 1)}
    # Issue 16's severity calibration made goal lines pasted twice (JX401), another project's
    # subject (JX402) and goal numbers that disagree with the indicator (JX404) errors: a
    # reviewer returns the document for each. Every one below was checked by hand (docstring).
    assert sorted({(numbers[f.project_id], f.rule) for f in errors}) == [
        (1, "JX208"),
        (1, "JX402"),
        (2, "JX208"),
        (2, "JX401"),
        (2, "JX402"),
        (3, "JX107"),
        (3, "JX308"),
        (4, "JX107"),
        (6, "JX208"),
        (10, "JX402"),
        (11, "JX402"),
        (14, "JX107"),
        (15, "JX401"),
        (17, "JX402"),
        (18, "JX206"),
        (18, "JX402"),
        (19, "JX402"),
        (20, "JX404"),
        (21, "JX203"),
        (24, "JX401"),
    ]


def test_sample_messages_name_the_numbers(sample: Document) -> None:
    findings = check_document(sample)

    def code_of(project: int) -> str:
        return sample.projects[project - 1].code

    def message(project: int, rule: str, row: int | None = None) -> str:
        code = sample.projects[project - 1].code
        return next(
            f.message
            for f in findings
            if f.project_code == code and f.rule == rule and row in (None, f.indicator_row)
        )

    assert "100.08万元" in message(3, "JX308") and "100.00万元" in message(3, "JX308")
    assert "凤还巢" in message(2, "JX402", 6)
    assert "“满三年”" in message(1, "JX402", 4) and "第 7 个项目" in message(1, "JX402", 4)
    assert "239.262亩" in message(20, "JX404") and "239.26亩" in message(20, "JX404")
    assert "≤100%" in message(1, "JX208")
    assert "12万元" in message(21, "JX203")
    assert "10月底、12月底应填 2.62" in message(8, "JX306")
    # The copies in projects 11, 17 and 19, each with where it came from.
    assert "“补偿金额”" in message(11, "JX402", 4) and "第 12 个项目" in message(11, "JX402", 4)
    assert "“环保”" in message(17, "JX402", 4) and "第 4 个项目" in message(17, "JX402", 4)
    assert "“人员工资发放率”" in message(19, "JX402", 2)
    assert "第 1 个项目" in message(19, "JX402", 2) and "“工资发放率”" in message(19, "JX402", 2)
    goals_19 = [f.message for f in findings if f.rule == "JX403" and f.project_code == code_of(19)]
    assert len(goals_19) == 2 and all("“人员”" in m and "第 1 个项目" in m for m in goals_19)
    goals_11 = [f.message for f in findings if f.rule == "JX403" and f.project_code == code_of(11)]
    assert "“保证”换成了“使”" in goals_11[0] and "逐字相同" in goals_11[1]


def test_check_project_agrees_with_check_document(sample: Document) -> None:
    everything = check_document(sample)
    for project in sample.projects:
        expected = [f for f in everything if f.project_id == project.id]
        assert check_project(sample, project) == expected
