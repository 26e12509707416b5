"""Issue 17 item 5: the county view — the document list shows each unit's 预算总额, project
count, errors and warnings (counted in a worker after the list is up, cached by revision), who
saved last and when; `s` cycles the sort, typing filters; opening a document never waits for
the counting."""

from __future__ import annotations

import datetime as dt
import threading
import time
from decimal import Decimal
from pathlib import Path

import pytest

from service import checking
from storage import Store
from storage.identity import User
from tui import picker
from tui.app import JixiaoApp
from tui.picker import PickerScreen

from ..documents import edge_case_document
from .conftest import sample_document

AT = dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _utc(monkeypatch: pytest.MonkeyPatch) -> None:
    """Saved times shown in UTC, whatever the machine's zone."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def county_db(tmp_path: Path) -> Path:
    """Three units saved by two people: the sample (24 projects), and two small ones."""
    path = tmp_path / "county.db"
    Store.create(path)
    wang = Store(path, clock=lambda: AT, user=User("wang", "王会计"))
    li = Store(path, clock=lambda: AT + dt.timedelta(days=1), user=User("li", "李主任"))
    wang.save(sample_document(), 0)
    li.save(edge_case_document("100001"), 0)
    small = edge_case_document("100002")
    small.dept_name = "某某镇人民政府"
    small.projects = small.projects[:1]
    wang.save(small, 0)
    return path


def app_for(path: Path) -> JixiaoApp:
    app = JixiaoApp(path)
    app.poll_seconds = 0
    return app


async def counted(app, pilot) -> None:  # noqa: ANN001
    await pilot.pause(0.1)
    await app.workers.wait_for_complete()
    await pilot.pause()


def cells(app) -> list[list[str]]:  # noqa: ANN001
    table = app.screen.query_one("#docs")
    return [[c.plain for c in table.get_row_at(r)] for r in range(table.row_count)]


def expected(doc) -> checking.DocumentTally:  # noqa: ANN001
    return checking.tally(checking.check_documents([doc])[0])


async def test_the_list_shows_totals_findings_and_who_saved(county_db: Path) -> None:
    app = app_for(county_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await counted(app, pilot)
        assert isinstance(app.screen, PickerScreen)
        rows = {r[0]: r for r in cells(app)}
        sample = expected(sample_document())
        assert rows["903001"][3:7] == [
            "24",
            str(sample.budget),
            str(sample.errors),
            str(sample.warnings),
        ]
        assert rows["100001"][7] == "2026-12-02 09:30 李主任"
        assert rows["903001"][7] == "2026-12-01 09:30 王会计"
        assert "排序：单位编码" in str(app.screen.query_one("#county").render())


async def test_s_cycles_the_sort_and_the_cursor_stays_on_its_document(county_db: Path) -> None:
    app = app_for(county_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await counted(app, pilot)
        assert [r[0] for r in cells(app)] == ["100001", "100002", "903001"]
        await pilot.press("j")  # on 100002
        await pilot.press("s")  # by problems: most errors first
        tallies = {r[0]: (int(r[5]), int(r[6])) for r in cells(app)}
        order = [r[0] for r in cells(app)]
        assert order == sorted(order, key=lambda c: (-tallies[c][0], -tallies[c][1], c))
        assert "排序：问题" in str(app.screen.query_one("#county").render())
        assert app.screen._current().key == "100002/2023"
        await pilot.press("s")  # by 预算总额, largest first
        budgets = [Decimal(r[4]) for r in cells(app)]
        assert budgets == sorted(budgets, reverse=True) and cells(app)[0][0] == "903001"
        await pilot.press("s", "s")  # by 最后保存, newest first
        assert cells(app)[0][0] == "100001"
        await pilot.press("s", "s")  # back to 单位编码
        assert [r[0] for r in cells(app)] == ["100001", "100002", "903001"]


async def test_typing_filters_by_code_or_name_and_enter_opens(county_db: Path) -> None:
    app = app_for(county_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await counted(app, pilot)
        await pilot.press(*"9030")
        assert [r[0] for r in cells(app)] == ["903001"]
        assert "筛选“9030”：1 / 3 个文档" in str(app.screen.query_one("#status").render())
        await pilot.press("escape")  # the whole list again
        assert len(cells(app)) == 3
        app.screen.query_one("#filter").value = "某某镇"  # a name, as the input method gives it
        await pilot.pause()
        assert [r[0] for r in cells(app)] == ["100002"]
        await pilot.press("enter")  # one document found: Enter opens it
        await pilot.pause()
        assert app.session is not None and app.doc.key == "100002/2023"


async def test_enter_in_the_filter_with_several_found_goes_to_the_list(county_db: Path) -> None:
    app = app_for(county_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await counted(app, pilot)
        await pilot.press(*"00")  # 100001, 100002 and 903001
        assert len(cells(app)) == 3
        await pilot.press("enter")
        await pilot.pause()
        assert app.session is None  # nothing opened yet: the list has the keys
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.session is not None and app.doc.key == "100002/2023"


async def test_counts_are_cached_by_revision(
    county_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    counted_keys: list[str] = []
    real = picker.count_document

    def counting(store, key):  # noqa: ANN001, ANN202
        counted_keys.append(key)
        return real(store, key)

    monkeypatch.setattr(picker, "count_document", counting)
    app = app_for(county_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await counted(app, pilot)
        assert sorted(counted_keys) == ["100001/2023", "100002/2023", "903001/2023"]
        counted_keys.clear()
        doc, revision = Store(county_db).load("100001/2023")
        doc.projects = doc.projects[:1]
        Store(county_db).save(doc, revision)  # a colleague's save: a new revision
        app.push_screen(PickerScreen())
        await counted(app, pilot)
        assert counted_keys == ["100001/2023"]  # the others are known at their revision
        assert {r[0]: r[3] for r in cells(app)}["100001"] == "1"


async def test_opening_a_document_does_not_wait_for_the_counting(
    county_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    real = picker.count_document

    def slow(store, key):  # noqa: ANN001, ANN202
        release.wait(10)
        return real(store, key)

    monkeypatch.setattr(picker, "count_document", slow)
    app = app_for(county_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.1)
        assert cells(app)[0][5] == "…"  # not counted yet: the list is up regardless
        assert "统计预算和问题" in str(app.screen.query_one("#county").render())
        await pilot.press("enter")
        await pilot.pause()
        assert app.session is not None and app.doc.key == "100001/2023"
        release.set()
        await app.workers.wait_for_complete()


async def test_editing_one_document_directly_counts_nothing(
    county_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    monkeypatch.setattr(picker, "count_document", lambda store, key: calls.append(key))
    app = JixiaoApp(county_db, "903001/2023")
    app.poll_seconds = 0
    async with app.run_test(size=(80, 24)) as pilot:
        await counted(app, pilot)
        assert app.doc.key == "903001/2023" and calls == []


# -- snapshots --------------------------------------------------------------------------------


def _stand_in_count(store, key):  # noqa: ANN001, ANN202
    """Fixed findings (errors = projects // 3, warnings = projects): a change to the rule
    catalogue does not change the pictures."""
    doc, revision = store.load(key)
    n = len(doc.projects)
    budget = sum((p.budget for p in doc.projects if p.budget is not None), Decimal(0))
    counts = {"error": n // 3, "warning": n, "hint": 0}
    return revision, checking.DocumentTally(
        doc.key, doc.dept_code, doc.dept_name, doc.year, n, budget, counts
    )


@pytest.mark.parametrize("size", {"80x24": (80, 24), "120x40": (120, 40)})
def test_county_view(
    snap_compare, county_db: Path, monkeypatch: pytest.MonkeyPatch, size: str
) -> None:
    monkeypatch.setattr(picker, "count_document", _stand_in_count)
    terminal = {"80x24": (80, 24), "120x40": (120, 40)}[size]

    async def sorted_by_problems(pilot) -> None:  # noqa: ANN001
        await pilot.pause(0.1)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("s")

    app = app_for(county_db)
    assert snap_compare(app, terminal_size=terminal, run_before=sorted_by_problems)


async def test_a_save_while_counting_rereads_the_list(
    county_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """100001 is saved by a colleague just before it is counted (counted at the new revision:
    the list is read again to match); 100002 is deleted before it is counted (marked ?)."""
    real = picker.count_document
    calls: list[str] = []

    def racing(store, key):  # noqa: ANN001, ANN202
        calls.append(key)
        other = Store(county_db)
        if key == "100001/2023":
            doc, revision = other.load(key)
            doc.projects = doc.projects[:1]
            other.save(doc, revision)
        if key == "100002/2023":
            other.delete(key, None)
        return real(store, key)

    monkeypatch.setattr(picker, "count_document", racing)
    app = app_for(county_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await counted(app, pilot)
        await counted(app, pilot)
        rows = {r[0]: r for r in cells(app)}
        assert rows["100001"][3] == "1" and rows["100001"][5] != "…"  # the new revision
        assert "100002" not in rows  # the list was read again: it is gone
        assert sorted(calls) == ["100001/2023", "100002/2023", "903001/2023"]  # no loop
        assert not app.screen._counting


async def test_a_document_that_cannot_be_counted_is_marked_not_retried(
    county_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from model import JixiaoError

    calls: list[str] = []
    real = picker.count_document

    def lost(store, key):  # noqa: ANN001, ANN202
        calls.append(key)
        if key == "100002/2023":
            raise JixiaoError("数据库中没有文档 100002/2023")
        return real(store, key)

    monkeypatch.setattr(picker, "count_document", lost)
    app = app_for(county_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await counted(app, pilot)
        await pilot.press("s")  # a new arrangement of the list: still not tried again
        await counted(app, pilot)
        rows = {r[0]: r for r in cells(app)}
        assert rows["100002"][4:7] == ["?", "?", "?"] and rows["903001"][5] != "…"
        assert sorted(calls) == ["100001/2023", "100002/2023", "903001/2023"]


async def test_rows_show_their_numbers_while_the_rest_is_counted(
    county_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The counted documents' rows are filled in batches while the worker goes on."""
    release = threading.Event()
    real = picker.count_document

    def third_waits(store, key):  # noqa: ANN001, ANN202
        if key == "903001/2023":
            release.wait(10)
        return real(store, key)

    monkeypatch.setattr(picker, "count_document", third_waits)
    monkeypatch.setattr(picker, "FLUSH_SECONDS", 0.05)
    app = app_for(county_db)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(100):  # until the first two are shown (the third is held back)
            await pilot.pause(0.05)
            if cells(app)[1][5] != "…":
                break
        rows = cells(app)
        assert [r[5] != "…" for r in rows] == [True, True, False]
        assert "统计预算和问题：2/3" in str(app.screen.query_one("#county").render())
        release.set()
        await counted(app, pilot)
        assert all(r[5] != "…" for r in cells(app))


async def test_budgets_in_another_unit_are_named_and_sorted_by_value(county_db: Path) -> None:
    store = Store(county_db)
    doc, revision = store.load("100002/2023")
    doc.money_unit = "元"  # the same figures as 100001's, in 元 rather than 万元
    store.save(doc, revision)
    app = app_for(county_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await counted(app, pilot)
        rows = {r[0]: r for r in cells(app)}
        assert rows["100002"][4] == rows["100001"][4] + "元"
        await pilot.press("s", "s")  # by 预算总额
        assert [r[0] for r in cells(app)] == ["903001", "100001", "100002"]
