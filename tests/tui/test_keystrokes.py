"""The keystroke table of issue 18: keys pressed for a clerk's common tasks, before (the editor
as it was: Enter edits the old text, so Ctrl+U clears it; the list is walked with j) and after
(typing replaces a cell's value; a number and Enter open a project). Each sequence is pressed
here exactly as counted, and its result checked. Typed text (the value itself) is not counted.

    task                                   before  after
    change one 指标值 in project 7            14       7
    fix a finding from F5                      5       3
    add an indicator row with all fields      11       8
    export Word                                2       2
    copy to a new year                         3       3
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.keys import _character_to_key

from storage import Store
from tui.app import JixiaoApp
from tui.problems import ProblemsScreen
from tui.project import ProjectScreen

from .conftest import SAMPLE_KEY, settle

SIZE = (120, 40)
TEXT = object()  # where the typed text goes in a sequence (not counted as keys)


def count(sequence: list) -> int:
    return sum(1 for k in sequence if k is not TEXT)


async def press(pilot, sequence: list, *texts: str) -> None:  # noqa: ANN001
    """The keys one by one; TEXT: the next text, as a terminal sends typed characters (the key
    name and the character: Pilot.press finds none for ≥)."""
    texts_left = list(texts)
    app = pilot.app
    for key in sequence:
        if key is TEXT:
            for ch in texts_left.pop(0):
                app._driver.send_message(events.Key(_character_to_key(ch), ch))
                await pilot.pause()
        else:
            await pilot.press(key)
    assert not texts_left


# 1. Change one 指标值 (row 1) in project 7, from the start screen (the project list).
VALUE_BEFORE = [*"jjjjjj", "enter", *"llll", "enter", "ctrl+u", TEXT, "enter"]
VALUE_AFTER = ["7", "enter", *"llll", TEXT, "enter"]

# 2. Fix the first finding of the problem list (JX208: project 1 row 2, ≤100%) by typing.
FIX_BEFORE = ["f5", "enter", "enter", "ctrl+u", TEXT, "enter"]
FIX_AFTER = ["f5", "enter", TEXT, "enter"]

# 3. Add an indicator row below the first and fill 三级指标, 指标描述, 指标值, 确定依据 (the
#    一级/二级指标 are taken from the row it is added to).
ROW_BEFORE = ["o", TEXT, "enter"] + ["l", "enter", TEXT, "enter"] * 3
ROW_AFTER = ["o", TEXT, "enter"] + ["l", TEXT, "enter"] * 3

# 4. Export the document to Word (the dialog offers <dept>-<year>.docx in the current folder).
EXPORT = ["ctrl+e", "enter"]

# 5. Copy the document to the next year: the document list, y, Enter (the year is filled in).
NEXT_YEAR = ["ctrl+o", "y", "enter"]


def test_the_counts_in_the_table() -> None:
    assert (count(VALUE_BEFORE), count(VALUE_AFTER)) == (14, 7)
    assert (count(FIX_BEFORE), count(FIX_AFTER)) == (5, 3)
    assert (count(ROW_BEFORE), count(ROW_AFTER)) == (11, 8)
    assert count(EXPORT) == 2 and count(NEXT_YEAR) == 3


@pytest.mark.parametrize("sequence", [VALUE_BEFORE, VALUE_AFTER], ids=["before", "after"])
async def test_change_a_value_in_project_7(sample_db: Path, sequence: list) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await press(pilot, sequence, "≥30人")
        await settle(app, pilot)
        assert isinstance(app.screen, ProjectScreen)
        assert app.doc.projects[6].indicators[0].value == "≥30人"


@pytest.mark.parametrize("sequence", [FIX_BEFORE, FIX_AFTER], ids=["before", "after"])
async def test_fix_a_finding_from_f5(sample_db: Path, sequence: list) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.findings.all(app.doc)  # counted already, as after a moment on the list
        await pilot.press("f5")
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        await pilot.press("escape")
        await press(pilot, sequence, "≥95%")
        await settle(app, pilot)
        assert app.doc.projects[0].indicators[1].value == "≥95%"


@pytest.mark.parametrize("sequence", [ROW_BEFORE, ROW_AFTER], ids=["before", "after"])
async def test_add_an_indicator_row_with_all_fields(sample_db: Path, sequence: list) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # project 1 (not counted: the row is added in a project)
        first = app.doc.projects[0].indicators[0]
        await press(pilot, sequence, "培训人次", "参加培训的人次", "≥200人次", "上年培训180人次")
        await settle(app, pilot)
        new = app.doc.projects[0].indicators[1]
        assert (new.level1, new.level2) == (first.level1, first.level2)
        assert (new.name, new.description, new.value, new.basis) == (
            "培训人次",
            "参加培训的人次",
            "≥200人次",
            "上年培训180人次",
        )


async def test_export_word(sample_db: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await press(pilot, EXPORT)
        await app.workers.wait_for_complete()
        await pilot.pause()
    written = list(tmp_path.glob("*.docx"))
    assert len(written) == 1 and written[0].stat().st_size > 0


async def test_copy_to_a_new_year(sample_db: Path) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await press(pilot, NEXT_YEAR)
        await pilot.pause()
        assert app.doc.key == "903001/2024"
    assert Store(sample_db).load("903001/2024")[0].projects
    assert Store(sample_db).load(SAMPLE_KEY)[0].year == 2023  # the old year is untouched
