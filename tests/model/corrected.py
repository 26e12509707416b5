"""A carefully corrected copy of the sample: the precision guard for every rule.

`corrected_sample()` imports tests/fixtures/zhangwangtuan-2023.docx with the Word reader and fixes,
by hand and in code, every defect the hand review found (tests/model/test_rules_sample.py's
docstring) in Part 1 and in projects CORRECTED (the document's own numbers, 1-based) — and the
ones a reviewer would raise beyond today's rules: goals that measure nothing, effects with no
ratio or baseline, coined terms, plans that stop early, the same 时效 as the plan's 100 % point.
The other projects are left as they are, so rules that compare projects still see the copies
*they* hold; a corrected project must not be blamed for them.

Every rule must keep `check_project` at zero findings on each corrected project and Part 1 at
none (tests/model/test_rules_corrected.py). A rule that fires here is either imprecise or has
found something this copy still gets wrong: fix the rule, or fix the copy here and say why.
"""

from __future__ import annotations

from decimal import Decimal

from model import Document, GoalItem, Indicator, PlanUnit, Project, SpendingPlan

SAMPLE_PROJECTS = 24
CORRECTED: tuple[int, ...] = (1, 3, 4, 7, 10, 20)

D = Decimal


def _rows(table: str) -> list[Indicator]:
    """`一级|二级|三级|描述|指标值|依据` lines → indicators (fresh ids)."""
    return [Indicator(*line.strip().split("|")) for line in table.strip().splitlines()]


def _replace_rows(project: Project, table: str) -> None:
    project.indicators = _rows(table)


def _fix_part1(doc: Document) -> None:
    p1 = doc.part1
    # 全面建成小康社会 (JX505) and a city's slogan (经济强市、美丽邢台) in a township's document; the
    # second paragraph's 科学发展观 is stale too and 翻一番 / 前列 measure nothing.
    p1.overall = [
        "坚持以习近平新时代中国特色社会主义思想为指导，深入落实上级决策部署，坚持稳中求进工作"
        "总基调，坚持高质量发展根本要求，切实做好各项重点工作。进一步提升财政保障能力和服务"
        "发展水平，为全乡经济社会高质量发展提供有力支撑。",
        "紧扣县委、县政府的发展布局，加快推进工业新型化、农业产业化，推动乡域经济持续发展，"
        "全乡农业总产值、人均可支配收入稳步增长。",
    ]
    # Comparators in words (JX502), 建档率 without % (JX503), slogans with nothing to measure
    # (党员队伍壮大, 意识形态工作提升, 群众国防认识提升…), a stray “村；” fragment and two comparator
    # words in one phrase (提高粮食机收率上升10%): every measure is a name, a comparator, a number
    # and a unit.
    measures = [
        "各项工作群众满意率≥90%；工作完成率≥95%；党组织换届完成率=100%。",
        "招商引资项目落地数≥2个；粮食机收率≥90%；土地流转面积较上年增长≥5%；"
        "各项工作完成率≥90%；群众满意率≥90%。",
        "行政审批工作完成率≥90%；城乡居民医疗保险参保率≥95%；城乡居民低保保障率=100%；"
        "优抚对象抚恤足额兑现率=100%；城乡居民养老保险参保率≥90%；文化设施投入使用率≥90%；"
        "居民健康档案建档率≥90%；群众满意度≥90%。",
        "重大突发事件发生数=0起；突发事件处置率≥90%；应急管理宣传普及率≥85%；"
        "群防群治普及率≥90%；露天焚烧秸秆事件发生数=0起；越级上访、集体上访事件发生数=0起；"
        "重点工作完成率≥90%；群众满意率≥90%。",
        "村民委员会换届选举完成率=100%；村务公开率≥95%；重点工作完成率≥90%；群众满意率≥90%。",
        "村内生活垃圾清运率≥95%；环保宣传普及率≥95%；“散乱污”企业整治完成率=100%；"
        "重点工作完成率≥90%；群众满意率≥90%。",
    ]
    assert len(p1.items) == len(measures)
    p1.items = [
        GoalItem(title=item.title, goal=item.goal, measure=measure)
        for item, measure in zip(p1.items, measures, strict=True)
    ]
    for measure in p1.measures:  # “加强组织领导,树立良好作风”: a half-width comma in Chinese
        measure.title = measure.title.replace(",", "，")


def _fix_1(p: Project) -> None:
    """凤还巢大学生村干部工资及保险: ≤3人 (JX210), ≤100% (JX208), project 7's 满三年 row (JX402),
    单位正常运转率 (JX217), 办公效率提高 ≥50% (JX218), goals with nothing to measure."""
    p.goals = [
        "1.按月足额发放3名凤还巢大学生村干部的工资并缴纳保险。",
        "2.保障凤还巢大学生村干部的合法权益，工资发放率100%。",
        "3.稳定村干部队伍，凤还巢大学生村干部年末在岗率100%。",
    ]
    _replace_rows(
        p,
        """
        产出指标|数量指标|发放人数|我单位凤还巢大学生村干部人数|3人|根据县委、县政府工作安排
        产出指标|质量指标|工资发放率|足额发放工资的月份占全年月份的比例|=100%|根据县委、县政府工作安排
        产出指标|时效指标|发放时间|我单位凤还巢大学生村干部工资发放完成时间|12月底前|根据县委、县政府工作安排
        产出指标|成本指标|村干部工资及保险支出|凤还巢大学生村干部全年工资和单位缴纳保险的支出金额|≤11万元|根据县委、县政府工作安排
        效益指标|可持续影响指标|村干部年末在岗率|年末在岗的凤还巢大学生村干部人数占年初人数的比例|=100%|根据县委、县政府工作安排
        效益指标|社会效益指标|村级工作任务完成率|凤还巢大学生村干部完成的村级工作任务数占交办任务数的比例|≥95%|根据县委、县政府工作安排
        满意度指标|服务对象满意度指标|服务对象满意度|通过调查，满意的人数占总调查人数的比率|≥90%|调查问卷
        """,
    )


def _fix_3(p: Project) -> None:
    """大留庄村基础设施建设资金: 50台×1200元 + 3600㎡×178元 + 500米×600元 = 100.08万元 over
    the 100.00 budget (JX308; 道路 ≤177元 makes 99.72), names repeated as descriptions (JX405),
    costs without ≤ (JX212), 数量/成本 rows interleaved (JX113), 预算执行率 as quality (JX216),
    ≥30% of an unmeasurable 水平 (JX218), 三级 “社会效益指标” (JX107)."""
    p.goals = [
        "1.安装路灯50台、硬化道路3600平方米、建设围墙500米，改善大留庄村基础设施。",
        "2.12月底前全部完工，工程验收合格率100%。",
        "3.改善村民生产生活环境，村内主要街道夜间照明覆盖率不低于90%。",
    ]
    _replace_rows(
        p,
        """
        产出指标|数量指标|路灯安装数量|本年度在大留庄村安装的路灯台数|50台|乡政府工作安排
        产出指标|数量指标|道路硬化面积|本年度完成硬化的村内道路面积|3600平方米|乡政府工作安排
        产出指标|数量指标|围墙建设长度|本年度新建围墙的总长度|500米|乡政府工作安排
        产出指标|质量指标|工程验收合格率|验收合格的工程项数占完工工程项数的比例|=100%|乡政府工作安排
        产出指标|时效指标|工程完工时间|路灯安装、道路硬化和围墙建设全部完工的时间|12月底前|乡政府工作安排
        产出指标|成本指标|路灯单价|每台路灯的采购和安装费用|≤1200元|乡政府工作安排
        产出指标|成本指标|道路硬化单价|每平方米道路硬化的造价|≤177元|乡政府工作安排
        产出指标|成本指标|围墙建设单价|每米围墙的建设费用|≤600元|乡政府工作安排
        效益指标|可持续影响指标|设施完好率|年末完好可用的路灯、道路和围墙占建成总量的比例|≥95%|统计调查
        效益指标|社会效益指标|夜间照明覆盖率|安装路灯的村内主要街道数占全部主要街道数的比例|≥90%|统计调查
        满意度指标|服务对象满意度指标|服务对象的满意度|通过调查满意的群众占总调查人数的比例|≥95%|调查问卷
        """,
    )


def _fix_4(p: Project) -> None:
    """环保工作经费: ≤100次 (JX210), a unit in the name (JX603), 《 missing in every basis
    (JX604), 环保工作正常运转率 (JX217), 三级 “服务对象满意度指标” (JX107)."""
    p.goals = [
        "1.全年检查辖区企业环评、排污等手续不少于100次。",
        "2.空气自动检测站综合运行率不低于95%。",
        "3.辖区企业环保合格率不低于95%，检查发现的环境问题整改率不低于95%。",
    ]
    basis = "《关于加强全市乡镇（街道）环保机构和队伍建设的意见的通知》"
    _replace_rows(
        p,
        f"""
        产出指标|数量指标|企业环保检查次数|去企业检查环评、排污等手续的次数|≥100次|{basis}
        产出指标|质量指标|空气自动检测站综合运行率|实际运行站点数占应运行站点数的比率|≥95%|{basis}
        产出指标|时效指标|支出时间|该笔资金支出完成时间|12月底前|{basis}
        产出指标|成本指标|环保工作经费的支出|用于环保检测设备制作条幅等的支出|≤10万元|{basis}
        效益指标|可持续影响指标|企业环保合格率|被检查的企业环保合格的占所有应合格的企业比率|≥95%|{basis}
        效益指标|生态效益指标|环境问题整改率|已整改的环境问题数占检查发现问题数的比例|≥95%|{basis}
        满意度指标|服务对象满意度指标|服务对象满意度|通过问卷调查，满意和较满意的受益对象占全部调研对象的比例|≥95%|调查问卷
        """,
    )


def _fix_7(p: Project) -> None:
    """公益性岗位满三年补贴: ≤20人 (JX210), 及时发放率 with a deadline (JX214), 单位正常运转率
    (JX217), 办公效率提高 ≥50% (JX218)."""
    p.goals = [
        "1.按月足额发放20名军队退役人员公益性岗位满三年人员的工资并缴纳保险。",
        "2.工资发放率100%，保障退役士兵的基本生活。",
        "3.稳定公益性岗位队伍，年末在岗率不低于95%。",
    ]
    _replace_rows(
        p,
        """
        产出指标|数量指标|发放人数|我单位公岗满三年人数|20人|根据县委、县政府工作安排
        产出指标|质量指标|工资发放率|我单位公岗满三年足额发放工资的人数占应发人数的比例|=100%|根据县委、县政府工作安排
        产出指标|时效指标|发放完成时间|该笔资金发放完成的时间|12月底前|根据县委、县政府工作安排
        产出指标|成本指标|公岗满三年工资支出|军队退役人员公岗满三年工资支出金额|≤71.64万元|根据县委、县政府工作安排
        效益指标|可持续影响指标|公益性岗位年末在岗率|年末在岗的公益性岗位人员占年初人数的比例|≥95%|根据县委、县政府工作安排
        效益指标|社会效益指标|公益性岗位任务完成率|公益性岗位人员完成的交办任务数占交办任务总数的比例|≥95%|根据县委、县政府工作安排
        满意度指标|服务对象满意度指标|服务对象满意度|通过调查，满意的人数占总调查人数的比率|≥90%|调查问卷
        """,
    )


def _fix_10(p: Project) -> None:
    """人大代表工作经费: goals copied to/from project 11 (JX403), a time name with ≥95% (JX215),
    完成率 with a deadline (JX214), project 11's 联络站 in the cost row (JX402), 办公效率 (JX218),
    单位正常运转率 (JX217)."""
    p.goals = [
        "1.全年组织开展人大代表活动不少于12次。",
        "2.人大代表活动质量达标率不低于95%，发挥乡、村两级人大代表作用。",
        "3.人大代表建议办结率不低于95%。",
    ]
    basis = p.indicators[0].basis
    _replace_rows(
        p,
        f"""
        产出指标|数量指标|组织开展活动次数|组织开展人大活动的次数|≥12次|{basis}
        产出指标|质量指标|活动质量达标率|质量达标的人大代表活动次数占开展活动次数的比例|≥95%|{basis}
        产出指标|时效指标|经费支出完成时间|该笔资金支出完成时间|12月底前|{basis}
        产出指标|成本指标|人大代表活动经费支出|用于人大代表开展活动的经费支出情况|≤2.75万元|{basis}
        效益指标|社会效益指标|代表建议办结率|已办结的人大代表建议数占收到建议数的比例|≥95%|{basis}
        效益指标|可持续影响指标|代表活动参与率|参加活动的人大代表人次占应参加人次的比例|≥90%|统计调查
        满意度指标|服务对象满意度指标|群众满意度|群众满意数量占调查总数的比例|≥95%|调查问卷
        """,
    )


def _fix_20(p: Project) -> None:
    """新邢德线北移土地补偿: goals say 239.262亩, the indicator 239.26亩 (JX404); the plan stops
    at 6月底 (JX306, and the money is all paid by then, so the 时效 says 6月底前 too); 补偿金额 as
    its own description (JX405); an increase with no baseline; 可持续服务率, a coined term."""
    p.plan = SpendingPlan(D("20.00"), D("55.99"), D("55.99"), D("55.99"))
    p.goals = [
        "1.6月底前足额发放邢德新线张王疃段239.26亩占地补偿款。",
        "2.补偿发放覆盖率不低于95%，维护被占地群众的合法权益。",
        "3.占地补偿纠纷化解率100%，保证施工顺利进行。",
    ]
    basis = "县政府重点工作安排及占地补偿协议"
    _replace_rows(
        p,
        f"""
        产出指标|数量指标|补偿占地面积|邢德新线张王疃段占地亩数|239.26亩|{basis}
        产出指标|质量指标|补偿发放覆盖率|已补偿人数占应补偿人数的比率|≥95%|{basis}
        产出指标|时效指标|资金发放时间|该笔资金发放完成时间|6月底前|{basis}
        产出指标|成本指标|土地补偿款支出|按协议向被占地群众发放的补偿款金额|≤55.99万元|{basis}
        效益指标|社会效益指标|占地补偿纠纷化解率|已化解的占地补偿纠纷数占发生纠纷数的比例|=100%|{basis}
        效益指标|可持续影响指标|施工用地按期交付率|按期交付施工的占地亩数占应交付亩数的比例|=100%|{basis}
        满意度指标|服务对象满意度指标|服务对象满意度|通过调查满意的群众占总调查人数的比例|≥95%|调查问卷
        """,
    )


_FIXES = {1: _fix_1, 3: _fix_3, 4: _fix_4, 7: _fix_7, 10: _fix_10, 20: _fix_20}
assert tuple(_FIXES) == CORRECTED


def read_sample() -> Document:
    """The sample as the Word reader imports it (nothing corrected)."""
    from exporters import docx
    from tests.conftest import SAMPLE_DOCX

    (doc,) = docx.read(SAMPLE_DOCX.read_bytes(), source=SAMPLE_DOCX.name).documents
    return doc


def corrected_sample() -> Document:
    """The whole sample (24 projects) with Part 1 and projects CORRECTED fixed; a fresh copy."""
    doc = read_sample()
    assert len(doc.projects) == SAMPLE_PROJECTS
    _fix_part1(doc)
    # The plan header says 资金支出计划（%） over cumulative 万元 amounts (JX302): the document's
    # plan_unit, read from that header, is corrected to what every project fills in.
    doc.plan_unit = PlanUnit.AMOUNT
    for number, fix in _FIXES.items():
        fix(doc.projects[number - 1])
    return doc


def corrected_projects(doc: Document) -> list[Project]:
    """The corrected projects of `corrected_sample()`'s document, in CORRECTED order."""
    return [doc.projects[n - 1] for n in CORRECTED]
