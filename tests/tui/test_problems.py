"""Findings beyond the grid: Part 1 marks, the document line of the project list, and the
问题列表 (F5) with Enter going to the place — driven with Pilot on the sample."""

from __future__ import annotations

from pathlib import Path

from model.rules import check_document
from storage import Store
from tui import keys
from tui.app import JixiaoApp
from tui.findings import FindingCache
from tui.part1 import Part1Screen, entries
from tui.problems import ProblemsScreen
from tui.project import COLUMNS, HEADER_FIELDS, ProjectScreen
from tui.projects import ProjectListScreen
from tui.widgets import Grid

from .conftest import ambiguous, sample_document

SIZE = (120, 40)
SEVERITY_ORDER = {"error": 0, "warning": 1, "hint": 2}


async def counted(app: JixiaoApp, pilot) -> None:
    """Wait for the background checks (problem counts, the problem list)."""
    await pilot.pause(0.3)
    await app.workers.wait_for_complete()
    await pilot.pause()


def db_with(tmp_path: Path, change=None) -> Path:
    doc = sample_document()
    if change is not None:
        change(doc)
    path = tmp_path / "jixiao.db"
    Store.create(path).save(doc, 0)
    return path


def test_finding_cache_gives_what_check_document_gives() -> None:
    doc = sample_document()
    cache = FindingCache()
    expected = check_document(doc)
    assert cache.counts(doc) is None and cache.cached_all(doc) is None  # nothing checked yet
    everything = cache.all(doc)
    assert sorted((f.rule, f.message) for f in everything) == sorted(
        (f.rule, f.message) for f in expected
    )
    assert cache.cached_all(doc) == everything
    assert [SEVERITY_ORDER[f.severity] for f in everything] == sorted(
        SEVERITY_ORDER[f.severity] for f in everything
    )
    counts = cache.counts(doc)
    assert counts == {s: sum(f.severity == s for f in expected) for s in SEVERITY_ORDER}
    document = cache.for_document(doc)
    own = [f for f in expected if f.project_id is None]
    own.sort(key=lambda f: SEVERITY_ORDER[f.severity.value])  # stable: document order kept
    assert [(f.rule, f.part1_item, f.message) for f in document] == [
        (f.rule, f.part1_item, f.message) for f in own
    ]
    assert document and {f.project_id for f in document} == {None}


async def test_part1_items_are_marked_and_explained(sample_db: Path) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f3")
        assert isinstance(app.screen, Part1Screen)
        rows = entries(app.doc)
        table = app.screen.query_one("#part1", Grid)
        # The sample: 分项3's 绩效指标 has “建档率高达90” without % (JX503, a warning)
        measure3 = next(
            n for n, e in enumerate(rows) if (e.section, e.index, e.field) == ("item", 2, "measure")
        )
        title3 = measure3 - 2
        assert str(table.get_cell_at((measure3, 0))).rstrip().endswith("!")
        assert str(table.get_cell_at((title3, 0))).rstrip() == "分项3·标题"  # nothing wrong
        table.move_cursor(row=measure3)
        await pilot.pause()
        detail = str(app.screen.query_one("#detail").render())
        assert "警告" in detail and "缺少单位" in detail and "绩效指标" in detail
        # Emptying 分项1's 绩效目标 marks that row as an error at once
        goal1 = next(
            n for n, e in enumerate(rows) if (e.section, e.index, e.field) == ("item", 0, "goal")
        )
        assert "✗" not in str(table.get_cell_at((goal1, 0)))
        table.move_cursor(row=goal1)
        app.session.edit_part1(lambda p: setattr(p.items[0], "goal", ""), "清空", where=goal1)
        app.edited()  # as the screen does after an edit
        await pilot.pause()
        assert str(table.get_cell_at((goal1, 0))).rstrip().endswith("✗")
        assert "缺少“绩效目标”段" in str(app.screen.query_one("#detail").render())


async def test_project_list_shows_the_document_findings(tmp_path: Path) -> None:
    def claim_25(doc) -> None:
        doc.part1.overall.append("今年共安排 25 个项目。")

    app = JixiaoApp(db_with(tmp_path, claim_25))
    async with app.run_test(size=(80, 24)) as pilot:
        await counted(app, pilot)
        assert isinstance(app.screen, ProjectListScreen)
        line = str(app.screen.query_one("#docline").render())
        expected = check_document(app.doc)
        problems = sum(f.severity != "hint" for f in expected)
        hints = len(expected) - problems
        assert line.startswith(f"全文 {problems} 个问题、{hints} 条提示（F5 查看）")
        assert "25 个项目" in line  # the document-level finding (JX504) itself
        assert len(line) <= 80


async def test_problem_list_lists_every_finding_and_goes_there(sample_db: Path) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f5")
        assert isinstance(app.screen, ProblemsScreen)
        await counted(app, pilot)
        screen = app.screen
        found = screen.found
        expected = check_document(app.doc)
        table = screen.query_one("#problems", Grid)
        assert table.row_count == len(expected) == len(found)
        ranks = [SEVERITY_ORDER[f.severity] for f in found]
        assert ranks == sorted(ranks) and ranks[0] == 0  # errors first
        assert "错误" in str(table.get_cell_at((0, 3)))
        # An indicator finding: Enter opens the project on that row and column
        k = next(n for n, f in enumerate(found) if f.row and f.field == "指标值" and n > 0)
        target = found[k]
        table.move_cursor(row=k)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ProjectScreen)
        assert app.screen.project_id == target.project_id
        grid = app.screen.query_one("#grid", Grid)
        labels = [label for label, _, _ in COLUMNS]
        assert (grid.cursor_row + 1, labels[grid.cursor_column]) == (target.row, "指标值")
        assert app.focused is grid
        # Esc: back to the project list, on that project
        await pilot.press("escape")
        assert isinstance(app.screen, ProjectListScreen)
        assert app.screen._current_id() == target.project_id
        # F5 again: the list opens where it was left
        await pilot.press("f5")
        await counted(app, pilot)
        table = app.screen.query_one("#problems", Grid)
        assert table.cursor_row == k
        # A header-field finding (资金支出计划, sample project 8): the header row
        k = next(n for n, f in enumerate(app.screen.found) if f.field == "资金支出计划")
        target = app.screen.found[k]
        table.move_cursor(row=k)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ProjectScreen)
        assert app.screen.project_id == target.project_id
        fields = app.screen.query_one("#fields", Grid)
        assert app.focused is fields
        assert HEADER_FIELDS[fields.cursor_row].label == "3月底"
        assert target.message in app.status_text()  # what is wrong, said where the cursor is
        # A Part 1 finding: the 部门整体目标 screen, on that item's row
        await pilot.press("f5")
        await counted(app, pilot)
        table = app.screen.query_one("#problems", Grid)
        k = next(n for n, f in enumerate(app.screen.found) if f.part1_item == 3)
        target = app.screen.found[k]
        table.move_cursor(row=k)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, Part1Screen)
        entry = app.screen._entry()
        assert (entry.section, entry.index + 1, entry.field) == ("item", 3, "measure")
        # Esc on the list goes back to where F5 was pressed
        await pilot.press("f5")
        await counted(app, pilot)
        await pilot.press("escape")
        assert isinstance(app.screen, Part1Screen)


async def test_problem_list_follows_edits_and_is_in_the_palette(sample_db: Path) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        for ch in "问题列表":
            await pilot.press(ch)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        await counted(app, pilot)
        before = len(app.screen.found)
        # Fix the first error (project 1, row 2: ≤100% → =100%) and come back
        first = app.screen.found[0]
        assert (first.row, first.field, first.rule) == (2, "指标值", "JX208")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter", "ctrl+u", *"=100%", "enter")
        assert app.doc.projects[0].indicators[1].value == "=100%"
        await pilot.press("f5")
        await counted(app, pilot)
        assert len(app.screen.found) == before - 1
        assert app.screen.found[0].message != first.message or (
            app.screen.found[0].project_id != first.project_id
        )


def test_problem_keys_are_terminal_safe_and_unique() -> None:
    assert keys.BY_ID["app.problems"].key == "f5"
    seen: dict[str, str] = {}
    for a in keys.ACTIONS:
        if a.scope in ("problems", "grid", "app"):
            for key in a.key.split(","):
                assert key not in seen, f"{key}: {seen.get(key)} / {a.id}"
                seen[key] = a.id


async def test_wide_mode_draws_no_ambiguous_width_character_in_the_new_views(
    sample_db: Path, monkeypatch
) -> None:
    """JIXIAO_AMBIGUOUS_WIDE=1: the marks, the document line and the problem list (messages
    full of “”, ≤ and ×) are drawn with safe characters only."""

    monkeypatch.setenv("JIXIAO_AMBIGUOUS_WIDE", "1")
    app = JixiaoApp(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await counted(app, pilot)
        assert "全文" in str(app.screen.query_one("#docline").render())
        for keys_ in [(), ("f5",), ("j", "j"), ("G",), ("escape", "f3", *"j" * 14)]:
            await pilot.press(*keys_)
            await counted(app, pilot)
            assert ambiguous(app.export_screenshot()) == set(), keys_


async def test_problem_list_checks_in_the_background(sample_db: Path, monkeypatch) -> None:
    """A slow check (a large document) never holds the screen: the list says it is checking,
    keys still work, and the rows come when the worker is done."""
    import threading

    from model.rules import Checker
    from tui import findings

    release = threading.Event()

    class SlowChecker(Checker):
        def projects(self, doc, projects=None):
            release.wait(5)
            return super().projects(doc, projects)

    monkeypatch.setattr(findings, "_checker", lambda: SlowChecker(copy_on_write=True))
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f5")
        await pilot.pause(0.2)
        screen = app.screen
        assert isinstance(screen, ProblemsScreen) and screen.found is None
        assert "正在检查全文" in str(screen.query_one("#problems", Grid).get_cell_at((0, 4)))
        assert "检查中" in str(screen.query_one("#title").render())
        await pilot.press("f1")  # the screen still answers keys
        assert app.screen is not screen
        await pilot.press("escape")
        release.set()
        await counted(app, pilot)
        assert app.screen is screen and screen.found
        assert screen.query_one("#problems", Grid).row_count == len(check_document(app.doc))
