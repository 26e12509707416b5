"""model.text.halfwidth finds the characters to change with one search and replaces each
distinct one: it must give exactly what the plain str.translate of its table gives."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from model import text as T

# Mostly the characters the table changes, among Chinese and ASCII ones.
CHARS = st.sampled_from(
    [chr(c) for c in T._FULLWIDTH] + list("中文，。、ab 1\n\t") + ["\uff00", "\uff5f", "\u3001"]
)
TEXTS = st.lists(CHARS, max_size=16).map("".join) | st.text(max_size=20)


def _translated(text: str) -> str:
    return text.translate(T._FULLWIDTH)


@given(TEXTS)
@example("用于信访维稳经费支出情况（89）")
@example("\u200b\ufeff\u3000Ａ")
def test_halfwidth_is_the_tables_translation(text: str) -> None:
    assert T.halfwidth.__wrapped__(text) == _translated(text)


def test_text_that_needs_no_change_is_returned_as_itself() -> None:
    text = "".join(["发放", "人数"])  # not interned: a new object
    assert T.halfwidth.__wrapped__(text) is text
    assert T.halfwidth.__wrapped__("≥９０％，较上年") == "≥90%,较上年"
    assert T.halfwidth.__wrapped__("零\u200b宽") == "零宽"
