"""model.rows: insert, delete, move and copy a row, without changing the list given."""

from __future__ import annotations

import pytest

from model import GoalItem, Indicator, Project
from model import rows as R


def test_insert_puts_the_row_where_asked_and_clamps_the_place() -> None:
    rows = ["a", "b"]
    assert R.insert(rows, 1, "x") == (["a", "x", "b"], 1)
    assert R.insert(rows, 0, "x") == (["x", "a", "b"], 0)
    assert R.insert(rows, 2, "x") == (["a", "b", "x"], 2)
    assert R.insert(rows, 9, "x") == (["a", "b", "x"], 2)  # past the end: last
    assert R.insert([], 0, "x") == (["x"], 0)  # the first row of an empty list
    assert rows == ["a", "b"]  # the list given is untouched


def test_delete_leaves_the_cursor_on_the_next_row_or_the_new_last() -> None:
    rows = ["a", "b", "c"]
    assert R.delete(rows, 1) == (["a", "c"], 1)
    assert R.delete(rows, 0) == (["b", "c"], 0)
    assert R.delete(rows, 2) == (["a", "b"], 1)  # the last row: the cursor goes up one
    assert R.delete(["a"], 0) == ([], -1)  # nothing left
    assert rows == ["a", "b", "c"]
    with pytest.raises(IndexError):
        R.delete(rows, 3)


def test_move_swaps_with_the_neighbour_and_the_cursor_follows() -> None:
    rows = ["a", "b", "c"]
    assert R.move(rows, 0, 1) == (["b", "a", "c"], 1)
    assert R.move(rows, 2, -1) == (["a", "c", "b"], 1)
    assert R.move(rows, 0, -1) is None  # the first row cannot go up
    assert R.move(rows, 2, 1) is None  # nor the last one down
    assert R.move(["a"], 0, 1) is None
    assert rows == ["a", "b", "c"]


def test_untouched_rows_are_shared() -> None:
    first, second = GoalItem(title="一"), GoalItem(title="二")
    new, _ = R.move([first, second], 0, 1)
    assert new[0] is second and new[1] is first


def test_copy_of_an_indicator_has_a_new_id_and_the_same_values() -> None:
    ind = Indicator(level1="产出指标", name="人数", value="≥3人")
    rows = [ind, Indicator(name="其他")]
    new, at = R.copy(rows, 0)
    assert at == 1 and len(new) == 3 and new[0] is ind
    twin = new[1]
    assert twin is not ind and twin.id != ind.id
    assert (twin.level1, twin.name, twin.value) == ("产出指标", "人数", "≥3人")
    assert rows[1].name == "其他" and len(rows) == 2


def test_copy_of_a_project_renews_the_ids_of_its_indicators_too() -> None:
    project = Project(name="甲", indicators=[Indicator(name="一"), Indicator(name="二")])
    new, at = R.copy([project], 0)
    twin = new[at]
    assert twin.id != project.id
    assert [i.name for i in twin.indicators] == ["一", "二"]
    assert not {i.id for i in twin.indicators} & {i.id for i in project.indicators}
    twin.indicators[0].name = "改"  # shares nothing with the original
    assert project.indicators[0].name == "一"


def test_copy_with_a_maker_of_its_own() -> None:
    new, at = R.copy(["段落"], 0, lambda s: s + "（副本）")
    assert (new, at) == (["段落", "段落（副本）"], 1)
    twin = R.duplicate(GoalItem(title="标题", goal="目标"))
    assert (twin.title, twin.goal) == ("标题", "目标")
    with pytest.raises(IndexError):
        R.copy([], 0)
