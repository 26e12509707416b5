"""Two editors on one database file: the second save meets a conflict dialog, nothing is lost."""

from __future__ import annotations

from pathlib import Path

from storage import Store
from tui.app import JixiaoApp
from tui.dialogs import ConflictScreen, DiffScreen

from .conftest import SAMPLE_KEY, settle

SIZE = (100, 30)


async def edit_first_name(app: JixiaoApp, pilot, suffix: str) -> None:
    """Open project 1 and append `suffix` to the 三级指标 of row 1."""
    await pilot.press("enter", "l", "l", "enter", *list(suffix), "enter")


async def test_second_editor_gets_the_dialog_and_keeps_both_versions(sample_db: Path) -> None:
    alice = JixiaoApp(sample_db)
    bob = JixiaoApp(sample_db)
    async with alice.run_test(size=SIZE) as a, bob.run_test(size=SIZE) as b:
        await a.pause()
        await b.pause()
        await edit_first_name(alice, a, "甲")
        await settle(alice, a)
        assert alice.save_state == "已保存"
        await edit_first_name(bob, b, "乙")
        await settle(bob, b)
        assert isinstance(bob.screen, ConflictScreen)
        assert bob.save_state.startswith("保存失败")
        assert bob.screen.reason.startswith(f"文档{SAMPLE_KEY}在您打开后已被他人保存")
        # Look at the differences first, then keep Bob's version as a copy.
        await b.press("v")
        assert isinstance(bob.screen, DiffScreen)
        diff = bob.screen.query_one("TextArea").text
        assert "-项目 1" in diff and "发放人数甲" in diff and "发放人数乙" in diff
        await b.press("escape")
        assert isinstance(bob.screen, ConflictScreen)
        await b.press("c")
        await settle(bob, b)
        assert bob.doc.key == "903001-副本1/2023"
        assert bob.save_state == "已保存"
    store = Store(sample_db)
    theirs, _ = store.load(SAMPLE_KEY)
    mine, _ = store.load("903001-副本1/2023")
    assert theirs.projects[0].indicators[0].name == "发放人数甲"
    assert mine.projects[0].indicators[0].name == "发放人数乙"


async def test_reload_theirs_then_undo_brings_mine_back(sample_db: Path) -> None:
    alice = JixiaoApp(sample_db)
    bob = JixiaoApp(sample_db)
    async with alice.run_test(size=SIZE) as a, bob.run_test(size=SIZE) as b:
        await a.pause()
        await b.pause()
        await edit_first_name(alice, a, "甲")
        await settle(alice, a)
        await edit_first_name(bob, b, "乙")
        await settle(bob, b)
        assert isinstance(bob.screen, ConflictScreen)
        await b.press("r")
        await settle(bob, b)
        assert bob.doc.projects[0].indicators[0].name == "发放人数甲"
        await b.press("ctrl+z")
        assert bob.doc.projects[0].indicators[0].name == "发放人数乙"
        await settle(bob, b)  # saving now is Bob's deliberate choice, based on Alice's version
        assert bob.save_state == "已保存"
    assert Store(sample_db).load(SAMPLE_KEY)[0].projects[0].indicators[0].name == "发放人数乙"


async def test_quitting_with_a_conflict_does_not_quit(sample_db: Path) -> None:
    alice = JixiaoApp(sample_db)
    bob = JixiaoApp(sample_db)
    async with alice.run_test(size=SIZE) as a, bob.run_test(size=SIZE) as b:
        await a.pause()
        await b.pause()
        await edit_first_name(alice, a, "甲")
        await settle(alice, a)
        await edit_first_name(bob, b, "乙")
        await b.press("ctrl+q")  # the save (worker or at quit) is refused: dialog, no exit
        await settle(bob, b)
        assert isinstance(bob.screen, ConflictScreen)
        assert bob.is_running
        await b.press("escape")  # not now: the edit stays in memory, marked unsaved
        assert bob.session.dirty
        assert "未保存" in bob.status_text()


def test_conflict_reason_names_no_command_line_option() -> None:
    # Renaming onto a document that exists: the store's message says "--replace", a CLI flag.
    from storage import ConflictError
    from tui.dialogs import conflict_reason

    error = ConflictError("903001/2024", 0, 1)
    assert "--replace" in str(error)
    assert conflict_reason(error) == "文档903001/2024已存在，未覆盖"
