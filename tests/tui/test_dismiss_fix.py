"""已核实 and quick fixes in the 问题列表 (F5): V marks a finding with a reason, F fixes it; both
leave the counts, are one undo step each, and reach the store — driven with Pilot on the sample."""

from __future__ import annotations

from pathlib import Path

from model.rules import check_document
from storage import Store
from tui import keys
from tui.app import JixiaoApp
from tui.dialogs import ReasonScreen
from tui.problems import ProblemsScreen
from tui.project import ProjectScreen
from tui.widgets import Grid

SIZE = (120, 40)


async def listed(app: JixiaoApp, pilot) -> ProblemsScreen:
    await pilot.press("f5")
    await pilot.pause(0.3)
    await app.workers.wait_for_complete()
    await pilot.pause(0.3)
    assert isinstance(app.screen, ProblemsScreen)
    return app.screen


def at(screen: ProblemsScreen, rule: str, row: int | None = None) -> int:
    found = screen.found or []
    return next(n for n, f in enumerate(found) if f.rule == rule and (row is None or f.row == row))


def key_of(action_id: str) -> str:
    return keys.BY_ID[action_id].key.split(",")[0]


async def test_dismiss_with_a_reason_leaves_the_counts_and_undo_brings_it_back(
    sample_db: Path,
) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await listed(app, pilot)
        before = len(screen.found or [])
        assert before == len(check_document(app.doc))
        k = at(screen, "JX210")
        target = (screen.found or [])[k]
        screen.query_one("#problems", Grid).move_cursor(row=k)
        await pilot.pause()
        detail = str(screen.query_one("#detail").render())
        assert "已核实" in detail and "自动修正" not in detail  # JX210 has no quick fix
        await pilot.press(key_of("problems.dismiss"))
        await pilot.pause()
        assert isinstance(app.screen, ReasonScreen)
        await pilot.press("enter")  # an empty reason is refused: the dialog stays
        await pilot.pause()
        assert isinstance(app.screen, ReasonScreen)
        await pilot.press(*"名额上限", "enter")
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        await pilot.pause(0.3)
        assert app.screen is screen
        marks = app.doc.dismissals
        assert [(d.rule, d.reason) for d in marks] == [("JX210", "名额上限")]
        assert len(screen.found or []) == before - 1
        assert target not in (screen.found or [])
        assert "错误" in screen.title_text()
        # saved to the store like any edit
        stored, _ = Store(sample_db).load(app.doc.key)
        assert [d.rule for d in stored.dismissals] == ["JX210"]
        # undo: the mark is gone and the finding is back in the list
        await pilot.press("ctrl+z")
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        await pilot.pause(0.3)
        assert app.doc.dismissals == []
        assert len(app.screen.found or []) == before


async def test_fix_one_finding_is_one_undo_step(sample_db: Path) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await listed(app, pilot)
        k = at(screen, "JX208")
        target = (screen.found or [])[k]
        project = app.doc.project(target.project_id)
        assert project.indicator(target.indicator_id).value == "≤100%"
        screen.query_one("#problems", Grid).move_cursor(row=k)
        await pilot.pause()
        assert "f：自动修正" in str(screen.query_one("#detail").render())
        await pilot.press(key_of("problems.fix"))
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        await pilot.pause(0.3)
        fixed = app.doc.project(target.project_id)
        assert fixed.indicator(target.indicator_id).value == "=100%"
        # nothing else changed: every other indicator and field as it was
        assert [i.value for i in fixed.indicators if i.id != target.indicator_id] == [
            i.value for i in project.indicators if i.id != target.indicator_id
        ]
        assert fixed.goals == project.goals and fixed.name == project.name
        assert target not in (app.screen.found or [])
        assert not any(
            f.rule == "JX208" and f.indicator_id == target.indicator_id
            for f in check_document(app.doc)
        )
        await pilot.press("ctrl+z")
        await pilot.pause(0.3)
        assert app.doc.project(target.project_id).indicator(target.indicator_id).value == "≤100%"


async def test_a_finding_without_a_fix_says_so(sample_db: Path) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await listed(app, pilot)
        doc = app.doc
        screen.query_one("#problems", Grid).move_cursor(row=at(screen, "JX210"))
        await pilot.pause()
        await pilot.press(key_of("problems.fix"))
        await pilot.pause()
        assert app.doc is doc  # nothing changed
        assert "没有可自动修正" in app.message


def test_help_lists_the_new_keys() -> None:
    ids = {row[4] for row in keys.help_rows({})}
    assert {"problems.dismiss", "problems.fix"} <= ids
    scoped = {b.id for b in keys.bindings("problems")}
    assert {"problems.dismiss", "problems.fix"} <= scoped


async def test_on_the_project_screen_the_keys_act_on_the_cells_finding(sample_db: Path) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await listed(app, pilot)
        k = at(screen, "JX208")
        target = (screen.found or [])[k]
        screen.query_one("#problems", Grid).move_cursor(row=k)
        await pilot.press("enter")  # to the cell
        await pilot.pause(0.3)
        assert isinstance(app.screen, ProjectScreen)
        await pilot.press(key_of("rows.fix"))
        await pilot.pause(0.3)
        ind = app.doc.project(target.project_id).indicator(target.indicator_id)
        assert ind.value == "=100%"
        await pilot.press("ctrl+z")
        await pilot.pause(0.3)
        ind = app.doc.project(target.project_id).indicator(target.indicator_id)
        assert ind.value == "≤100%"
        # v on the same cell: the reason dialog, then the cell's finding is dismissed
        await pilot.press(key_of("rows.dismiss"))
        await pilot.pause()
        assert isinstance(app.screen, ReasonScreen)
        await pilot.press(*"保留", "enter")
        await pilot.pause(0.3)
        assert isinstance(app.screen, ProjectScreen)
        assert [(d.rule, d.reason) for d in app.doc.dismissals] == [("JX208", "保留")]
        project = app.doc.project(target.project_id)
        assert not any(
            f.rule == "JX208" and f.indicator_id == target.indicator_id
            for f in app.findings.for_project(app.doc, project)
        )
