"""The goal rules' shortcuts skip only what could not matter: a goal line whose goal_key is
longer than four characters is never a placeholder, so _goal_lines asks is_placeholder only of
the short ones — on any text, not just the documents at hand."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from model import Project
from model.rules import goals as G
from model.rules.context import goal_key
from model.text import PLACEHOLDERS, is_placeholder

# Placeholders, numbering, white space of every kind halfwidth() and strip() know, full-width
# forms and the characters halfwidth() drops: what could make a key and its line differ.
PIECES = st.sampled_from(
    sorted(PLACEHOLDERS)
    + ["1.", "（2）", "三、", " ", "\u3000", "\u00a0", "\u200b", "\ufeff", "\t", "\n", "。", "；"]
    + ["ＮＡ", "Ｎ/Ａ", "待定", "无", "发放工资", "a"]
)
LINES = st.lists(PIECES, max_size=6).map("".join) | st.text(max_size=8)


@given(LINES)
@example("\u3000无\u3000")
@example("1.无。")
@example("\u200b\u200b待补充\u200b")
def test_a_placeholder_has_a_short_goal_key(line: str) -> None:
    if is_placeholder(line):
        assert len(goal_key(line)) <= 4


@given(st.lists(LINES, max_size=4))
def test_goal_lines_are_the_lines_with_text_and_no_placeholder(goals: list[str]) -> None:
    expected = [
        (n, line) for n, line in enumerate(goals, 1) if goal_key(line) and not is_placeholder(line)
    ]
    assert G._goal_lines(Project(goals=goals)) == expected
