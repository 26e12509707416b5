"""Two editors on one database file: each sees the other's saves, edits merge, and undo only
ever takes back one's own edits (issue 14)."""

from __future__ import annotations

from pathlib import Path

from storage import Store
from tui.app import POLL_SECONDS, JixiaoApp
from tui.base import CHANGED_STYLE

from .conftest import SAMPLE_KEY, settle

SIZE = (100, 30)


async def edit_indicator_name(pilot, project: int, suffix: str) -> None:  # noqa: ANN001
    """From the project list: open project `project` (1-based) and append `suffix` to the
    三级指标 of its first row, then go back to the list."""
    app = pilot.app
    app.screen.select(app.doc.projects[project - 1].id)
    await pilot.press("enter", "l", "l", "enter", *suffix, "enter")
    await pilot.press("escape")


def quiet(*apps: JixiaoApp) -> None:
    """No polling: the test decides when each editor looks for the other's saves."""
    for app in apps:
        app.poll_seconds = 0


def name(app: JixiaoApp, project: int) -> str:
    return app.doc.projects[project - 1].indicators[0].name


async def see_theirs(app: JixiaoApp, pilot) -> None:  # noqa: ANN001
    """What the poll timer does every POLL_SECONDS, now, and wait until it is done."""
    app.check_for_theirs()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def alice_saves_project_3(alice: JixiaoApp, a, b) -> tuple[str, str]:  # noqa: ANN001
    """Both editors are up; Alice appends 甲 to project 3's first 三级指标 and saves. Returns
    the names of projects 3 and 7 as they were."""
    await a.pause()
    await b.pause()
    start = name(alice, 3), name(alice, 7)
    await edit_indicator_name(a, 3, "甲")
    await settle(alice, a)
    assert alice.save_state == "已保存"
    return start


def stored_names(db: Path) -> tuple[str, str]:
    """The first 三级指标 of projects 3 and 7 in the database file."""
    doc = Store(db).load(SAMPLE_KEY)[0]
    return doc.projects[2].indicators[0].name, doc.projects[6].indicators[0].name


async def test_each_editor_sees_the_others_save_and_the_file_holds_both(sample_db: Path) -> None:
    alice, bob = JixiaoApp(sample_db), JixiaoApp(sample_db)
    async with alice.run_test(size=SIZE) as a, bob.run_test(size=SIZE) as b:
        start3, start7 = await alice_saves_project_3(alice, a, b)
        await b.pause(POLL_SECONDS + 0.6)  # the poll timer, for real: well within 2 s
        await bob.workers.wait_for_complete()
        await b.pause()
        assert name(bob, 3) == start3 + "甲"
        assert "修改了" in bob.status_text() and "项目" in bob.status_text()
        assert not bob.session.dirty and bob.session.revision == alice.session.revision
        assert bob.doc.projects[2].id in bob.marked  # marked on the list for a while
        await edit_indicator_name(b, 7, "乙")
        await settle(bob, b)
        assert bob.save_state == "已保存"
        await see_theirs(alice, a)
        assert (name(alice, 3), name(alice, 7)) == (start3 + "甲", start7 + "乙")
        assert alice.doc.projects[6].id in alice.marked
    assert stored_names(sample_db) == (start3 + "甲", start7 + "乙")


async def test_a_colleagues_save_is_merged_under_my_unsaved_edit(sample_db: Path) -> None:
    alice, bob = JixiaoApp(sample_db), JixiaoApp(sample_db)
    async with alice.run_test(size=SIZE) as a, bob.run_test(size=SIZE) as b:
        start3, start7 = await alice_saves_project_3(alice, a, b)
        # Bob's edit is still unsaved when Alice's save arrives.
        pid = bob.doc.projects[6].id
        bob.session.edit_project(pid, lambda p: setattr(p.indicators[0], "name", "乙"), "改")
        await see_theirs(bob, b)
        assert (name(bob, 3), name(bob, 7)) == (start3 + "甲", "乙")
        assert bob.session.dirty  # mine stays to be saved
        bob.request_save()
        await settle(bob, b)
        assert bob.save_state == "已保存"
        await b.press("ctrl+z")  # undo my edit: Alice's saved value stays
        assert (name(bob, 3), name(bob, 7)) == (start3 + "甲", start7)
        await settle(bob, b)
    assert stored_names(sample_db) == (start3 + "甲", start7)


async def test_undo_of_a_cell_a_colleague_changed_since_is_refused(sample_db: Path) -> None:
    alice, bob = JixiaoApp(sample_db), JixiaoApp(sample_db)
    async with alice.run_test(size=SIZE) as a, bob.run_test(size=SIZE) as b:
        await a.pause()
        await b.pause()
        start3 = name(alice, 3)
        await edit_indicator_name(b, 3, "乙")
        await settle(bob, b)
        await see_theirs(alice, a)
        await edit_indicator_name(a, 3, "甲")  # Alice builds on Bob's value
        await settle(alice, a)
        await see_theirs(bob, b)
        assert name(bob, 3) == start3 + "乙甲"
        await b.press("ctrl+z")
        assert name(bob, 3) == start3 + "乙甲"  # Alice's work is not undone
        assert "无法撤销" in bob.status_text() and "项目3" in bob.status_text()
        assert "三级指标" in bob.status_text()


async def test_changed_rows_are_shown_marked_then_unmarked(sample_db: Path) -> None:
    alice, bob = JixiaoApp(sample_db), JixiaoApp(sample_db)
    async with alice.run_test(size=SIZE) as a, bob.run_test(size=SIZE) as b:
        await a.pause()
        await b.pause()
        await edit_indicator_name(a, 3, "甲")
        await settle(alice, a)
        await b.press("down", "down", "enter")  # Bob looks at project 3
        await see_theirs(bob, b)
        grid = bob.screen.query_one("#grid")
        row = grid.get_row_at(0)
        assert bob.doc.projects[2].indicators[0].name.endswith("甲")
        assert str(row[2].style) == CHANGED_STYLE
        bob._unmark()  # what the timer does after MARK_SECONDS
        await b.pause()
        assert str(grid.get_row_at(0)[2].style) != CHANGED_STYLE


async def test_the_document_deleted_elsewhere_keeps_my_work(sample_db: Path) -> None:
    alice = JixiaoApp(sample_db)
    async with alice.run_test(size=SIZE) as a:
        await a.pause()
        await edit_indicator_name(a, 3, "甲")
        await settle(alice, a)
        store = Store(sample_db)
        store.delete(SAMPLE_KEY, store.revision(SAMPLE_KEY))
        await see_theirs(alice, a)
        assert "已被他人删除或改名" in alice.status_text()
        assert name(alice, 3).endswith("甲") and alice.is_running


async def test_both_save_without_a_dialog_when_they_edit_different_projects(
    sample_db: Path,
) -> None:
    alice, bob = JixiaoApp(sample_db), JixiaoApp(sample_db)
    quiet(alice, bob)  # Bob saves before he has seen Alice's save: the save merges
    async with alice.run_test(size=SIZE) as a, bob.run_test(size=SIZE) as b:
        start3, start7 = await alice_saves_project_3(alice, a, b)
        await edit_indicator_name(b, 7, "乙")
        await settle(bob, b)
        assert bob.screen.__class__.__name__ == "ProjectListScreen"  # no dialog
        assert bob.save_state == "已保存" and "已合并" in bob.status_text()
        assert (name(bob, 3), name(bob, 7)) == (start3 + "甲", start7 + "乙")
        assert bob.doc.projects[2].id in bob.marked
        await see_theirs(alice, a)
        assert (name(alice, 3), name(alice, 7)) == (start3 + "甲", start7 + "乙")
        assert not alice.session.dirty
    assert stored_names(sample_db) == (start3 + "甲", start7 + "乙")


async def test_part1_entries_a_colleague_changed_are_marked(sample_db: Path) -> None:
    alice, bob = JixiaoApp(sample_db), JixiaoApp(sample_db)
    async with alice.run_test(size=SIZE) as a, bob.run_test(size=SIZE) as b:
        await a.pause()
        await b.pause()
        alice.session.edit_part1(lambda p1: p1.overall.__setitem__(0, "他们改过的总体目标"), "改")
        alice.edited()
        await settle(alice, a)
        bob.action_show_part1()
        await b.pause()
        await see_theirs(bob, b)
        grid = bob.screen.query_one("#part1")
        styles = {
            str(grid.get_row_at(n)[1]): str(grid.get_row_at(n)[1].style)
            for n in range(grid.row_count)
        }
        assert styles.pop("他们改过的总体目标") == CHANGED_STYLE
        assert CHANGED_STYLE not in styles.values()  # only what changed
