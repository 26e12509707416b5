"""The words a reviewer reads indicators with: common rate names, how a ratio is defined,
baselines, grades of a qualitative value, what a unit already has.

Built from the guidance summarised in the project's domain notes (财预〔2015〕88号,
财预〔2021〕101号 and the self-evaluation rules of 财预〔2020〕10号): the rates they name
(发放率, 覆盖率, 合格率, 满意度, 按时完成率, 预算执行率, 到位率 …), the grades of a qualitative
value (好/较好/一般/差, 达成/部分达成/未达成, 优/良/中/差) and the baselines a change is measured
from (上年指标值, 历史数据). Pure data and small predicates; no rule lives here.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Rate names a reader understands without a definition: the guidance's own and the ones every
# 绩效目标表 uses. A 三级 name ending in one of these is not a coined term.
COMMON_RATES: frozenset[str] = frozenset(
    """
    发放率 覆盖率 合格率 满意率 满意度 运转率 完成率 执行率 到位率 办结率 参保率 参合率 建档率
    普及率 处置率 达标率 使用率 利用率 知晓率 入学率 就业率 出勤率 在岗率 到岗率 增长率 回收率
    准确率 正确率 及时率 兑现率 保障率 管控率 受益率 成活率 通过率 处理率 解决率 办理率 更新率
    参与率 参训率 清运率 检测率 监测率 运行率 开放率 入住率 出栏率 存活率 治愈率 接种率 巡查率
    整改率 化解率 结案率 成功率 差错率 投诉率 事故率 发生率 故障率 损耗率 空置率 流失率 失误率
    误差率 返工率 偏差率 缺陷率 支付率 拨付率 兑付率 补助率 救助率 培训率 审核率 验收率 配备率
    录入率 上报率 归档率 公开率 覆盖面 占有率 贡献率 转化率 采纳率 留存率 脱贫率 减贫率 绿化率
    覆盖比例 出动率 响应率 到场率 换届率 选举率 安置率 复工率 开工率 竣工率 交付率 完好率
    维修率 修复率 净化率 无害化处理率 收集率 收缴率 征收率 缴费率 登记率 核查率 核实率 抽检率
    """.split()
)

# A description that says what is divided by what: 占…的比例, A/B, 分子/分母, a formula, or a
# definition (是指, 即). Every alternative starts with a plain character (/|÷, not [/÷]): re
# then skips, in C, to the next character that can start one (its "charset prefix"); with a
# class among them it tried all 17 alternatives at every character of the description
# (≈1.1 against ≈0.7 µs a description of the county; tests/model/test_rules_regex_prefix.py
# compares it with the pattern as first written).
DIVISION = re.compile(
    r"占[^，,。；;]{0,30}(?:比|百分|总|全部|所有|应)|/|÷|除以|分子|分母|之比|比值|计算公式|公式|=|＝|是指|指的是|即|平均|每(?:[\u4e00-\u9fff]{1,4})"
)

# Where a change is measured from: last year, a base period, a named baseline.
BASELINE = re.compile(
    r"上年|去年|上一年|前一年|往年|基期|基数|基准|基线|较|同比|环比|相比|比上|之前|以前|初始|原有|原来|"
    r"改造前|实施前|发放前|建设前|执法前|现状|由\s*\d"
)

# A change in amount: “提高 N%”, “增长 N%”, “降低 N%”.
CHANGE = re.compile(r"提高|提升|增长|增加|上升|增幅|涨幅|降低|下降|减少|缩短|节约|节省|降幅")

# A qualitative value that can be scored at year end: graded (好/较好/一般/差, 优/良/中/差,
# 达成/部分达成/未达成), a pass mark (达标, 合格), an intensity (明显, 显著), a zero-event or a
# done/not-done target, or marked 定性.
GRADED = re.compile(  # 好|优|良|差, not [好优良差]: see DIVISION
    r"定性|较好|良好|优秀|优良|好转|向好|好|优|良|差|一般|达标|达成|合格|显著|明显|大幅|较大|"
    r"完成|实现|无|零|未发生|不发生|杜绝|符合|满足|通过|正常"
)

# What a unit already has, rather than what the money buys: the villages it governs, the
# people it registered, the branches it has (管辖村数量 34个, 乡域内…, 已脱贫人口 2405人).
POSSESSION = re.compile(
    r"管辖|所辖|辖区|辖内|乡域|镇域|全乡|全镇|现有|已有|在册|户籍|常住|行政区划|行政村数|"
    r"已(?:脱贫|建成|登记|注册|建立|设立)"
)
# …unless the row counts what is done to them: visits, checks, payments, trainings.
ACTION = re.compile(
    r"开展|组织|检查|培训|发放|补助|救助|慰问|走访|新增|安装|建设|修建|硬化|改造|印制|举办|服务|"
    r"覆盖|受益|享受|参加|参与|签约|办理|调解|排查|巡查|治理|整治|帮扶|入户|宣传|次|场"
)


_LONGEST = max(map(len, COMMON_RATES))


@lru_cache(maxsize=4096)
def known_rate(name: str) -> bool:
    """Whether a 三级 name ends in a rate every reader knows (土地补偿发放率 → 发放率). Cached:
    JX230 and JX231 ask it of every new rate row, and names repeat."""
    return any(name[-k:] in COMMON_RATES for k in range(2, min(len(name), _LONGEST) + 1))
