"""The goal rules' shortcuts skip only what could not matter: a goal line whose goal_key is
longer than four characters is never a placeholder, so _goal_lines asks is_placeholder only of
the short ones — on any text, not just the documents at hand."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from model import Project
from model.rules import goals as G
from model.rules.context import goal_key
from model.text import PLACEHOLDERS, halfwidth, is_placeholder

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


# --- without_name, is_measurable and content_bigrams against their definitions --------------
# (goals.py caches a goal line's pieces of two characters, what is measurable in a text and a
# blanked text's content, so that a county's projects, named apart, share the work on their
# common goal lines.) Pieces that make a line share with its name: whole words, halves of them,
# stock words, numbers, full-width forms and the function words content_bigrams drops.
WORDS = st.sampled_from(
    ["凤还巢", "大学生", "村干部", "还巢大", "工资", "及保险", "保障", "提高", "队伍稳定", "的"]
    + ["满三年", "20名", "３月底", "发放", "足额", "热情", "干事", "（3-4）", "1.", "。", " "]
    + ["\u3000", "\u200b", "网格员", "补贴", "格员补", "按时", "a", "\x00", "进一步", "提升"]
)
TEXTS = st.lists(WORDS, max_size=8).map("".join) | st.text(max_size=12)


def _without_name(line: str, name: str) -> str:
    """without_name as defined: every piece of two or more characters (at most _MAX_PIECE) of
    the line, from the left, that the name also has, blanked."""
    s = goal_key(line)[: G.MAX_GOAL_CHARS]
    name = halfwidth(name)[: G.MAX_NAME_CHARS]
    out, i, k = [], 0, 0
    while k < len(s) - 1:
        if s[k : k + 2] in name:
            j = k + 2
            while j < len(s) and j - k < G._MAX_PIECE and s[k : j + 1] in name:
                j += 1
            out += [s[i:k], " "]
            i = k = j
        else:
            k += 1
    return "".join(out) + s[i:]


@given(TEXTS, TEXTS)
@example("2.保障协理员队伍稳定。", "“乡村振兴协理员”工资")
@example("1.提高凤还巢大学生村干部的干事热情。", "“凤还巢”大学生村干部工资及保险（3-4）")
@example("1.保障我单位军队退役人员公益性岗位满三年正常生活开支需求。", "公益性岗位满三年")
@example("凤还巢大学生村干部" * 3 + "凤还巢大", "凤还巢大学生村干部" * 4)  # cut at _MAX_PIECE
@example("大学生村干部工资", "大学生村干部及村干部工资")  # a run longer than any piece
def test_goal_heuristics_are_their_definitions(line: str, name: str) -> None:
    G.clear_caches()
    blanked = _without_name(line, name)
    assert G.without_name(line, name) == blanked
    key = goal_key(line)[: G.MAX_GOAL_CHARS]
    measurable = G._OUTPUT.search(key) is not None or (
        G._MEASURABLE.search(key) is not None and G._MEASURABLE.search(blanked) is not None
    )
    assert G.is_measurable(line, name) == measurable
    text = G._STOP_CHARS.sub(" ", G._STOCK_RE.sub(" ", blanked))
    content = {run[k : k + 2] for run in G._NOT_CJK.split(text) for k in range(len(run) - 1)}
    assert G.content_bigrams(line, name) == content
    # and again with the caches warm, from another project's name sharing the line
    assert G.content_bigrams(line, name + "（9-9）") == G.content_bigrams.__wrapped__(
        line, name + "（9-9）"
    )
