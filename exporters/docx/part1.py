"""第一部分 部门整体绩效目标: 总体绩效目标, 分项绩效目标, 工作保障措施 — found by their headings.

Sections are recognised by their label whatever the numbering (一、 （一） 1.) and whether the
heading is a Heading style or a bold plain paragraph. Inside 分项绩效目标 and 工作保障措施 a new
item starts at a heading, a bold paragraph or a numbered line (1、 1. （1）).
"""

from __future__ import annotations

import re

from model import GoalItem, Measure, Part1

from ..base import Problem
from .blocks import Para
from .labels import compact, is_numbered, strip_numbering, tidy

OVERALL, ITEMS, MEASURES = "overall", "items", "measures"
_SECTIONS = {
    "总体绩效目标": OVERALL,
    "整体绩效目标": OVERALL,
    "总体目标": OVERALL,
    "分项绩效目标": ITEMS,
    "分项目标": ITEMS,
    "工作保障措施": MEASURES,
    "保障措施": MEASURES,
}
# Title lines of the document itself: known, carry no content.
DOCUMENT_TITLES = {"第一部分", "部门整体绩效目标", "第二部分", "预算项目绩效目标"}
GOAL_LABEL = re.compile(r"^\s*(?:年度)?绩效目标\s*[：:]\s*")
MEASURE_LABEL = re.compile(r"^\s*绩效指标\s*[：:]\s*")


def section_of(text: str, titled: bool = False) -> str | None:
    """The section a heading opens; a titled line may add a word (部门总体绩效目标)."""
    label = compact(strip_numbering(text)).rstrip("：:")
    if label in _SECTIONS or not titled:
        return _SECTIONS.get(label)
    for key, section in _SECTIONS.items():
        if len(label) <= len(key) + 4 and (label.startswith(key) or label.endswith(key)):
            return section
    return None


def _append(old: str, new: str) -> str:
    return f"{old}\n{new}" if old else new


def _sections_with_heading_titles(paras: list[Para]) -> set[str]:
    """Sections whose item titles carry a Heading style. There the style marks a title, so a
    body paragraph that happens to open with numbering (1、成立领导小组。) stays body text."""
    styled: set[str] = set()
    section: str | None = None
    for para in paras:
        text = tidy(para.text)
        found = section_of(text, para.heading or para.bold) if text else None
        if found:
            section = found
        elif section and para.heading:
            styled.add(section)
    return styled


def read_part1(paras: list[Para], problems: list[Problem]) -> Part1:
    part1 = Part1()
    section: str | None = None
    field: str | None = None  # in 分项绩效目标: "goal" or "measure", where a continuation goes
    heading_titles = _sections_with_heading_titles(paras)
    for para in paras:
        text = tidy(para.text)
        if not text:
            # A blank title in heading style (as jixiao writes one) still starts an item.
            if para.heading and section in heading_titles:
                if section == ITEMS:
                    part1.items.append(GoalItem())
                    field = None
                elif section == MEASURES:
                    part1.measures.append(Measure())
            continue
        key = compact(text)
        if key in DOCUMENT_TITLES:
            continue
        found = section_of(text, para.heading or para.bold)
        if found:
            section, field = found, None
            continue
        if section in heading_titles:
            titled = para.heading
        else:
            titled = para.bold or is_numbered(text)
        where = f"第 {para.number} 段"
        if section == OVERALL:
            part1.overall.append(text)
        elif section == ITEMS:
            if GOAL_LABEL.match(text) or MEASURE_LABEL.match(text):
                if not part1.items:
                    part1.items.append(GoalItem())
                    problems.append(Problem(where, "分项绩效目标缺少标题", "warning"))
                item = part1.items[-1]
                if GOAL_LABEL.match(text):
                    item.goal, field = _append(item.goal, GOAL_LABEL.sub("", text)), "goal"
                else:
                    item.measure = _append(item.measure, MEASURE_LABEL.sub("", text))
                    field = "measure"
            elif titled or not part1.items or field is None:
                part1.items.append(GoalItem(title=text))
                field = None
            else:  # a second paragraph of the goal or measure text
                item = part1.items[-1]
                setattr(item, field, _append(getattr(item, field), text))
        elif section == MEASURES:
            if titled or not part1.measures:
                part1.measures.append(Measure(title=text))
            else:
                measure = part1.measures[-1]
                measure.body = _append(measure.body, text)
        else:
            problems.append(
                Problem(
                    where,
                    f"第一部分中未识别的段落（不在任何小节下），未导入：“{text[:30]}”",
                    "warning",
                )
            )
    return part1
