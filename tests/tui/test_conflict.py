"""Two editors change the same cell: the second save asks field by field (我的 / 对方的 / a typed
value), and whichever is chosen, every other change of both is kept (issue 14)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import tui.app as tui_app
from model import Document
from model.merge3 import merge3
from service.merging import SaveOutcome
from storage import Store
from tui.app import JixiaoApp
from tui.dialogs import FieldConflictScreen

from .conftest import SAMPLE_KEY, settle
from .test_merge_editors import edit_indicator_name, quiet

SIZE = (100, 30)


def held_back(base: Document, mine: Document, theirs: Document) -> SaveOutcome:
    """What service.merging.save_merging returns when 王会计 saved `theirs` at 14:03 and the
    same fields differ in `mine` (built here, so that a dialog can be shown on its own)."""
    merged = merge3(base, mine, theirs)
    when = dt.datetime(2026, 1, 5, 14, 3)
    return SaveOutcome(
        base.key, None, merged.doc, merged.conflicts, 1, 2, "王会计", when, merged=merged,
        theirs=theirs,
    )  # fmt: skip


def two_editors(db: Path) -> tuple[JixiaoApp, JixiaoApp]:
    alice, bob = JixiaoApp(db), JixiaoApp(db)
    quiet(alice, bob)  # Bob must not see Alice's save before his own edit
    return alice, bob


async def same_cell_in_both(alice: JixiaoApp, a, bob: JixiaoApp, b) -> None:  # noqa: ANN001
    """Alice changes project 3 row 1 and project 7 and saves; Bob changes the same cell of
    project 3 and project 5 and saves: the field dialog."""
    await a.pause()
    await b.pause()
    await edit_indicator_name(a, 7, "甲")
    await edit_indicator_name(a, 3, "甲")
    await settle(alice, a)
    assert alice.save_state == "已保存"
    # Bob's two edits go into one save: were the first saved on its own (the keyboard was
    # quiet long enough on a slow machine), Alice's 甲 would be merged into his screen before
    # his second edit, which then changes her value — no conflict to ask about.
    idle, latest = tui_app.SAVE_IDLE, tui_app.SAVE_LATEST
    tui_app.SAVE_IDLE = tui_app.SAVE_LATEST = 600.0
    try:
        await edit_indicator_name(b, 5, "乙")
        await edit_indicator_name(b, 3, "乙")
    finally:
        tui_app.SAVE_IDLE, tui_app.SAVE_LATEST = idle, latest
    await b.press("ctrl+s")
    await settle(bob, b)
    assert isinstance(bob.screen, FieldConflictScreen)
    assert len(bob.screen.conflicts) == 1
    conflict = bob.screen.conflicts[0]
    assert "项目3" in conflict.where and "三级指标" in conflict.where
    assert conflict.mine.endswith("乙") and conflict.theirs.endswith("甲")


def names(db: Path) -> dict[int, str]:
    doc = Store(db).load(SAMPLE_KEY)[0]
    return {n: doc.projects[n - 1].indicators[0].name for n in (3, 5, 7)}


async def choose_and_save(db: Path, *keys: str) -> tuple[dict[int, str], dict[int, str], str]:
    start = names(db)
    alice, bob = two_editors(db)
    async with alice.run_test(size=SIZE) as a, bob.run_test(size=SIZE) as b:
        await same_cell_in_both(alice, a, bob, b)
        await b.press(*keys)
        await settle(bob, b)
        assert not isinstance(bob.screen, FieldConflictScreen)
        assert bob.save_state == "已保存" and not bob.session.dirty
        assert bob.session.doc.projects[6].indicators[0].name.endswith("甲")  # Alice's, shown
        status = bob.status_text()
    return start, names(db), status


async def test_choosing_mine_keeps_everything_else(sample_db: Path) -> None:
    start, now, status = await choose_and_save(sample_db, "m", "ctrl+s")
    assert now == {3: start[3] + "乙", 5: start[5] + "乙", 7: start[7] + "甲"}
    assert "已合并" in status


async def test_choosing_theirs_keeps_everything_else(sample_db: Path) -> None:
    start, now, _ = await choose_and_save(sample_db, "T", "ctrl+s")
    assert now == {3: start[3] + "甲", 5: start[5] + "乙", 7: start[7] + "甲"}


async def test_a_typed_value_is_saved_and_everything_else_kept(sample_db: Path) -> None:
    start, now, _ = await choose_and_save(
        sample_db, "enter", "ctrl+u", *"商量后的", "enter", "ctrl+s"
    )
    assert now == {3: "商量后的", 5: start[5] + "乙", 7: start[7] + "甲"}


async def test_nothing_is_saved_until_every_conflict_is_chosen(sample_db: Path) -> None:
    alice, bob = two_editors(sample_db)
    async with alice.run_test(size=SIZE) as a, bob.run_test(size=SIZE) as b:
        await same_cell_in_both(alice, a, bob, b)
        revision = Store(sample_db).revision(SAMPLE_KEY)
        await b.press("ctrl+s")
        assert isinstance(bob.screen, FieldConflictScreen)
        assert "未选择" in str(bob.screen.query_one("#conflict-detail").render())
        assert Store(sample_db).revision(SAMPLE_KEY) == revision


async def test_esc_keeps_my_edits_unsaved_and_the_next_save_asks_again(sample_db: Path) -> None:
    alice, bob = two_editors(sample_db)
    async with alice.run_test(size=SIZE) as a, bob.run_test(size=SIZE) as b:
        await same_cell_in_both(alice, a, bob, b)
        await b.press("escape")
        assert not isinstance(bob.screen, FieldConflictScreen)
        assert bob.session.dirty and "未保存" in bob.status_text()
        await b.press("ctrl+s")
        await settle(bob, b)
        assert isinstance(bob.screen, FieldConflictScreen)


async def test_quitting_with_a_conflict_does_not_quit(sample_db: Path) -> None:
    alice, bob = two_editors(sample_db)
    async with alice.run_test(size=SIZE) as a, bob.run_test(size=SIZE) as b:
        await a.pause()
        await b.pause()
        await edit_indicator_name(a, 1, "甲")
        await settle(alice, a)
        await edit_indicator_name(b, 1, "乙")
        await b.press("ctrl+q")  # the save (worker or at quit) is held back: dialog, no exit
        await settle(bob, b)
        assert isinstance(bob.screen, FieldConflictScreen)
        assert bob.is_running
        await b.press("escape")  # not now: the edit stays in memory, marked unsaved
        assert bob.session.dirty
        assert "未保存" in bob.status_text()


async def test_a_typed_amount_that_does_not_parse_is_asked_again(sample_db: Path) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        base = app.doc

        def budget(value: str) -> Document:
            projects = list(base.projects)
            projects[0] = replace(projects[0], budget=Decimal(value))
            return replace(base, projects=projects)

        chosen: list[object] = []
        outcome = held_back(base, budget("12"), budget("15"))
        app.push_screen(FieldConflictScreen(outcome), chosen.append)
        await pilot.pause()
        await pilot.press("enter", "ctrl+u", *"十二万", "enter", "ctrl+s")
        assert isinstance(app.screen, FieldConflictScreen) and not chosen
        assert "十二万" in str(app.screen.query_one("#conflict-detail").render())
        await pilot.press("enter", "ctrl+u", *"13", "enter", "ctrl+s")
        assert chosen == [{outcome.conflicts[0].path: "13"}]


def test_conflict_reason_names_no_command_line_option() -> None:
    # Renaming onto a document that exists: the store's message says "--replace", a CLI flag.
    from storage import ConflictError
    from tui.dialogs import conflict_reason

    error = ConflictError("903001/2024", 0, 1)
    assert "--replace" in str(error)
    assert conflict_reason(error) == "文档903001/2024已存在，未覆盖"
