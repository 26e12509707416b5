"""Failing examples and near misses for the rules about what can be measured (JX114, JX230–JX235,
JX508–JX513), in test_rules_each's form: each starts from the clean synthetic document.

Kept in their own module so that test_rules_each (which every rule family extends) only has to
merge them in; test_rules_each runs them with its own failing and near-miss tests.
"""

from __future__ import annotations

from collections.abc import Callable

from model import Document, Indicator

Mutation = Callable[[Document], None]


def _row(doc: Document, project: int, n: int) -> Indicator:
    return doc.projects[project].indicators[n - 1]


def setv(project: int, n: int, **fields: str) -> Mutation:
    def mutate(doc: Document) -> None:
        for name, value in fields.items():
            setattr(_row(doc, project, n), name, value)

    return mutate


def measure(item: int, text: str) -> Mutation:
    def mutate(doc: Document) -> None:
        doc.part1.items[item].measure = text

    return mutate


def overall(text: str) -> Mutation:
    def mutate(doc: Document) -> None:
        doc.part1.overall.append(text)

    return mutate


def _file(doc: Document, places: tuple[tuple[int, int, str], ...]) -> None:
    for project, n, level2 in places:
        _row(doc, project, n).name = "群众获得感"
        _row(doc, project, n).level2 = level2


def _tie(doc: Document) -> None:
    """“群众获得感” twice under 社会效益指标 and twice under 可持续影响指标."""
    _file(
        doc,
        (
            (0, 7, "社会效益指标"),
            (1, 5, "社会效益指标"),
            (2, 5, "可持续影响指标"),
            (0, 8, "可持续影响指标"),
        ),
    )


def _one_each(doc: Document) -> None:
    _file(doc, ((0, 7, "社会效益指标"), (2, 5, "可持续影响指标")))


def _city_slogan_in_a_city_bureau(doc: Document) -> None:
    doc.dept_name = "邢台市财政局"
    doc.part1.overall.append("为加快建设“经济强市、美丽邢台”提供支撑。")


# rule → (mutation, project index or None for Part 1, row or None, field)
FAILING: dict[str, tuple[Mutation, int | None, int | None, str]] = {
    "JX114": (_tie, 2, 5, "二级指标"),
    "JX230": (
        setv(0, 7, name="村民出行便利程度", description="道路硬化后村民出行便利程度", value="≥30%"),
        0,
        7,
        "绩效指标描述",
    ),
    "JX231": (
        setv(2, 5, name="证照服务率", description="证照的服务率", value="≥90%"),
        2,
        5,
        "三级指标",
    ),
    "JX232": (
        setv(
            1,
            5,
            name="协理员收入提高比例",
            description="协理员人均收入提高的比例",
            value="≥10%",
            basis="县人社局统计",
        ),
        1,
        5,
        "绩效指标描述",
    ),
    "JX233": (setv(0, 7, value="出行条件得到保障"), 0, 7, "指标值"),
    "JX234": (
        setv(
            2, 1, name="管辖村数量", description="乡域内管辖村数量", value="34个", basis="行政区划"
        ),
        2,
        1,
        "三级指标",
    ),
    "JX235": (setv(1, 1, description="全年工资支出金额"), 1, 1, "绩效指标描述"),
    "JX508": (
        measure(0, "道路硬化面积 ≥2000平方米；村；工程验收合格率 =100%。"),
        None,
        None,
        "绩效指标",
    ),
    "JX509": (
        measure(0, "工程验收合格率不低于95%以上；村民满意度 ≥90%。"),
        None,
        None,
        "绩效指标",
    ),
    "JX510": (measure(0, "道路硬化面积 ≥2000平方米；村民出行条件改善。"), None, None, "绩效指标"),
    "JX511": (
        measure(0, "道路硬化面积 ≥2000平方米，路灯 ≥40盏；工程验收合格率 =100%。"),
        None,
        None,
        "绩效指标",
    ),
    "JX512": (overall("为加快建设“经济强市、美丽邢台”提供支撑。"), None, None, "总体绩效目标"),
    "JX513": (
        overall("坚持稳中求进工作总基调，做好各项工作，坚持稳中求进工作总基调。"),
        None,
        None,
        "总体绩效目标",
    ),
}

# Near misses a careful reviewer accepts: (rule, mutation).
PASSING: list[tuple[str, Mutation]] = [
    ("JX114", _one_each),  # one project each way says nothing about the document's convention
    (
        "JX230",
        setv(
            0,
            7,
            name="村民出行便利程度",
            description="步行到主干道不超过5分钟的村民户数占全村户数的比例",
            value="≥30%",
        ),
    ),
    ("JX230", setv(1, 5, name="协理员就业率", description="协理员就业率", value="≥90%")),
    (
        "JX231",
        setv(2, 5, name="证照服务率", description="当年领到证照的人数占申请总人数的比例"),
    ),
    ("JX231", setv(2, 2, name="证照印制验收率")),  # a common rate: 验收率
    (
        "JX232",
        setv(1, 5, name="协理员收入提高比例", description="人均收入较上年提高的比例", value="≥10%"),
    ),
    (
        "JX232",
        setv(1, 5, name="协理员收入增长率", description="协理员人均收入增长率", value="≥5%"),
    ),
    ("JX233", setv(0, 7, value="好（定性）")),
    ("JX233", setv(0, 8, value="达成")),
    (
        "JX234",
        setv(2, 1, name="入户服务村数", description="全乡开展上门办证服务的村数", value="34个"),
    ),
    ("JX235", setv(2, 1, description="全年印制的证照数量")),
    ("JX235", setv(1, 4, description="全年工资支出情况")),
    ("JX235", setv(1, 2, value="12人", description="足额发放工资的人数")),  # JX214's business
    ("JX508", measure(0, "道路硬化面积 ≥2000平方米；工程验收合格率 =100%；")),
    ("JX509", measure(0, "村民委员会换届选举率达到或超过上届水平；道路硬化面积较上年提高 ≥10%。")),
    ("JX510", measure(0, "不发生安全事故；按时完成道路硬化任务；大气污染指数较去年同期降低。")),
    ("JX511", measure(0, "2023年度完成道路硬化10项；工程验收合格率 =100%。")),
    ("JX512", _city_slogan_in_a_city_bureau),
    ("JX513", measure(1, "群众满意率 ≥90%；证照印制合格率 ≥98%。")),  # item 1 holds 满意度 too
]
