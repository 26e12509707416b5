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
