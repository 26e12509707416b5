"""Operations on a list of rows — a project's indicators, the projects, Part 1's paragraphs,
分项目标 and 保障措施 — written once for every list. Pure: the list given is never changed;
each operation returns a new list (the rows not touched are shared) and the index the cursor
goes to.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from copy import deepcopy
from typing import TypeVar

from .entities import Indicator, Project, new_id

T = TypeVar("T")


def insert(rows: Sequence[T], index: int, item: T) -> tuple[list[T], int]:
    """`item` put at `index` (0: first; len(rows) or more: last); the cursor goes to it."""
    at = max(0, min(index, len(rows)))
    return [*rows[:at], item, *rows[at:]], at


def delete(rows: Sequence[T], index: int) -> tuple[list[T], int]:
    """Row `index` taken out; the cursor goes to the row that took its place, or to the new
    last row when the last was deleted (-1: no row is left)."""
    if not 0 <= index < len(rows):
        raise IndexError(f"no row {index} in {len(rows)} rows")
    new = [*rows[:index], *rows[index + 1 :]]
    return new, min(index, len(new) - 1)


def move(rows: Sequence[T], index: int, delta: int) -> tuple[list[T], int] | None:
    """Row `index` swapped with the row `delta` away (-1: up, 1: down); the cursor goes with it.
    None where there is no such row (the first row up, the last one down): nothing moves."""
    target = index + delta
    if not (0 <= index < len(rows) and 0 <= target < len(rows)) or delta == 0:
        return None
    new = list(rows)
    new[index], new[target] = new[target], new[index]
    return new, target


def duplicate(item: T) -> T:
    """A copy of a row that shares nothing with it. Ids are unique in a document: a copied
    project or indicator gets a new id, and so does every indicator of a copied project."""
    twin = deepcopy(item)
    if isinstance(twin, Project):
        twin.id = new_id()
        for ind in twin.indicators:
            ind.id = new_id()
    elif isinstance(twin, Indicator):
        twin.id = new_id()
    return twin


def copy(rows: Sequence[T], index: int, make: Callable[[T], T] = duplicate) -> tuple[list[T], int]:
    """A copy of row `index` (made by `make`) put just below it; the cursor goes to the copy."""
    if not 0 <= index < len(rows):
        raise IndexError(f"no row {index} in {len(rows)} rows")
    return insert(rows, index + 1, make(rows[index]))
