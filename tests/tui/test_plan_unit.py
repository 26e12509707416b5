"""The project header shows the plan in the document's unit: with 资金支出计划单位 = 百分比 each
checkpoint reads 25%, with amounts (the default) the bare amount as stored."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from textual.coordinate import Coordinate

from model import PlanUnit, SpendingPlan
from storage import Store
from tests.tui.conftest import SAMPLE_KEY
from tests.tui.test_project_findings import SIZE, open_project
from tui.app import JixiaoApp
from tui.project import HEADER_FIELDS
from tui.widgets import Grid


def _plan_cells(app: JixiaoApp) -> list[str]:
    fields = app.screen.query_one("#fields", Grid)
    rows = {f.label: n for n, f in enumerate(HEADER_FIELDS)}
    return [
        str(fields.get_cell_at(Coordinate(rows[name], 1))).strip()
        for name in ("3月底", "6月底", "10月底", "12月底")
    ]


async def test_percent_plans_show_their_unit(sample_db: Path) -> None:
    store = Store(sample_db)
    doc, revision = store.load(SAMPLE_KEY)
    doc.plan_unit = PlanUnit.PERCENT
    doc.projects[0].plan = SpendingPlan(Decimal(25), Decimal(50), None, Decimal(100))
    store.save(doc, revision)
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_project(app, pilot, 1)
        assert _plan_cells(app) == ["25%", "50%", "", "100%"]


async def test_amount_plans_show_the_amounts(sample_db: Path) -> None:
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_project(app, pilot, 1)
        assert _plan_cells(app) == ["2.50", "5.00", "8.00", "11.00"]


async def test_the_plan_unit_finding_opens_document_info(sample_db: Path) -> None:
    """JX302 is about the document's setting: Enter on it in 问题列表 opens 文档信息, where the
    setting is, on a form that then fixes it."""
    from model.rules import check_document
    from tests.tui.test_problems import counted
    from tui.docforms import DocumentInfoScreen

    store = Store(sample_db)
    doc, revision = store.load(SAMPLE_KEY)
    doc.plan_unit = PlanUnit.PERCENT  # the sample's projects all fill in amounts
    store.save(doc, revision)
    app = JixiaoApp(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await counted(app, pilot)
        await pilot.press("f5")
        await counted(app, pilot)
        k = next(n for n, f in enumerate(app.screen.found) if f.rule == "JX302")
        app.screen.query_one("#problems", Grid).move_cursor(row=k)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DocumentInfoScreen)
        form = app.screen
        form.query_one("#plan-unit").value = PlanUnit.AMOUNT.value
        form.confirm()
        await pilot.pause()
        assert app.doc.plan_unit is PlanUnit.AMOUNT
        assert app.session.undo_stack[-1].label == "修改文档信息"  # one undoable step
        assert not [f for f in check_document(app.doc) if f.rule == "JX302"]
