"""The units a 指标值 may carry (人, 个, %, 万元, 平方米, 元/份 …): the vocabulary a typed value's
unit is checked against, so that `50台?` is refused with its reason instead of being kept as
50 of the unit `台?`.

A unit is accepted when it is
- a known unit, optionally with a multiplier in front (万人次, 千米, 亿元);
- a known measure word followed by the thing counted (个村, 台设备, 所学校, 人次);
- a rate of two such units (元/份, 元/人·月, 吨/日, 次/年).
Pure: no I/O.
"""

from __future__ import annotations

import re

# Counting words and units seen in performance tables; one entry per spelling.
KNOWN_UNITS: frozenset[str] = frozenset(
    {
        # share and ratio
        "%", "‰", "百分比", "百分点", "个百分点", "倍", "成",
        # people and things counted
        "人", "人次", "名", "位", "户", "家", "个", "次", "项", "件", "台", "套", "台套", "辆",
        "艘", "架", "部", "份", "册", "本", "篇", "张", "页", "条", "处", "座", "所", "栋",
        "幢", "间", "层", "盏", "棵", "株", "头", "只", "羽", "匹", "批", "场", "期", "届",
        "班", "轮", "批次", "课时", "学时", "节", "门", "类", "种", "组", "支", "队", "对",
        "村", "乡", "镇", "社区", "单位", "床", "床位", "座位", "块", "根", "片", "箱", "包",
        "袋", "瓶", "盒", "副", "双", "顶", "把", "台班", "车次", "趟", "例", "宗", "起", "单",
        "笔", "个数", "人数", "户数", "分", "星", "级", "岁", "年龄", "代", "窗口", "网点", "站",
        # money
        "元", "万元", "亿元", "千元", "百元",
        # length, area, volume, weight, energy
        "米", "千米", "公里", "延米", "厘米", "毫米", "平方米", "平米", "平方千米", "平方公里",
        "亩", "公顷", "立方米", "方", "吨", "千克", "公斤", "斤", "克", "升", "毫升",
        "千瓦", "千瓦时", "度", "瓦", "兆瓦", "kw", "kwh", "km", "m", "m2", "m3", "kg", "t",
        "㎡", "m²", "m³", "℃",
        # time
        "年", "月", "个月", "周", "天", "日", "个工作日", "工作日", "个自然日", "自然日",
        "小时", "分钟", "秒", "季度", "个季度", "学期", "年度",
    }
)  # fmt: skip

# Measure words a counted thing may follow (个村, 台设备, 所学校, 名学生).
MEASURE_WORDS: frozenset[str] = frozenset(
    "个 名 位 户 家 次 项 件 台 套 辆 份 册 本 篇 张 条 处 座 所 栋 间 盏 棵 株 头 只 批 场 期 "
    "班 种 类 组 支 块 根 片 箱 包 袋 瓶 例 宗 起 笔 人 亩 吨".split()
)

_MULTIPLIERS = ("万", "千", "百", "亿", "十")
_CJK = re.compile(r"^[\u4e00-\u9fff]+$")
# Characters a unit may be made of; anything else (? ! , ; ( ) …) is a stray character.
_UNIT_CHARS = re.compile(r"^[\u4e00-\u9fffA-Za-z%‰㎡²³℃/·・]+$")


def _known(part: str) -> bool:
    if not part:
        return False
    folded = part.casefold()
    if folded in KNOWN_UNITS:
        return True
    if part[0] in _MULTIPLIERS and part[1:] in KNOWN_UNITS:
        return True  # 万人次, 千米, 亿元
    # A measure word and the thing counted: 个村, 台设备, 万名学生.
    body = part[1:] if part[0] in _MULTIPLIERS and len(part) > 1 else part
    return body[0] in MEASURE_WORDS and len(body) > 1 and bool(_CJK.match(body[1:]))


def unit_problem(unit: str) -> str | None:
    """Why a unit is not one a 指标值 may carry, in words; None when it may (or is blank)."""
    unit = unit.strip()
    if not unit:
        return None
    if not _UNIT_CHARS.match(unit):
        stray = "".join(dict.fromkeys(ch for ch in unit if not _UNIT_CHARS.match(ch)))
        return f"单位“{unit}”含有多余的字符“{stray}”，请删去"
    parts = re.split(r"[/·・]", unit)
    unknown = [p for p in parts if not _known(p)]
    if unknown:
        return (
            f"单位“{unknown[0]}”不是常用单位（如 人、个、%、万元、平方米、元/份），请检查；"
            "文字描述请写成“定性：……”"
        )
    return None


__all__ = ["KNOWN_UNITS", "MEASURE_WORDS", "unit_problem"]
