"""The document as plain JSON-ready data (dicts, lists, strings), and back.

Amounts become strings so the digits as written survive (``"11.00"``); blank stays ``null``.
This is the one mapping the store and the JSON format share. Pure: no I/O.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .amounts import format_amount, parse_amount
from .dismissals import from_dict as dismissal_from_dict
from .dismissals import to_dict as dismissal_to_dict
from .entities import (
    Document,
    GoalItem,
    Indicator,
    Measure,
    Part1,
    PlanUnit,
    Profile,
    Project,
    SpendingPlan,
)
from .errors import JixiaoError

DOCUMENT_SCHEMA_VERSION = 1


def _amount_out(value: Decimal | None) -> str | None:
    return None if value is None else format_amount(value)


def indicator_to_dict(ind: Indicator) -> dict[str, Any]:
    return {
        "id": ind.id,
        "level1": ind.level1,
        "level2": ind.level2,
        "name": ind.name,
        "description": ind.description,
        "value": ind.value,
        "basis": ind.basis,
        "previous_value": ind.previous_value,
        "formula": ind.formula,
        "weight": _amount_out(ind.weight),
        "extra": dict(ind.extra),
    }


def project_to_dict(project: Project) -> dict[str, Any]:
    return {
        "id": project.id,
        "code": project.code,
        "name": project.name,
        "budget": _amount_out(project.budget),
        "fiscal": _amount_out(project.fiscal),
        "other": _amount_out(project.other),
        "purpose": project.purpose,
        "plan": [_amount_out(v) for v in project.plan.as_list()],
        "goals": list(project.goals),
        "indicators": [indicator_to_dict(i) for i in project.indicators],
        "extra": dict(project.extra),
    }


def document_to_dict(doc: Document) -> dict[str, Any]:
    # layout only when one was chosen: documents without one read and write as before.
    layout = {"layout": doc.layout} if doc.layout else {}
    # plan_unit likewise only when not the default (amounts): older files stay byte-identical.
    if doc.plan_unit is not PlanUnit.AMOUNT:
        layout["plan_unit"] = doc.plan_unit.value
    return {
        "dept_code": doc.dept_code,
        "dept_name": doc.dept_name,
        "year": doc.year,
        "money_unit": doc.money_unit,
        "profile": doc.profile.value,
        "allow_sustainable": doc.allow_sustainable,
        **layout,
        "part1": {
            "overall": list(doc.part1.overall),
            "items": [
                {"title": i.title, "goal": i.goal, "measure": i.measure} for i in doc.part1.items
            ],
            "measures": [{"title": m.title, "body": m.body} for m in doc.part1.measures],
        },
        "projects": [project_to_dict(p) for p in doc.projects],
        "extra": dict(doc.extra),
        # 已核实 findings only when there are any: documents without them read and write as before.
        **(
            {"dismissals": [dismissal_to_dict(d) for d in doc.dismissals]} if doc.dismissals else {}
        ),
    }


class _Reader:
    """Reads one dict with a path for error messages (`projects[3].indicators[2].value`)."""

    def __init__(self, data: Any, path: str) -> None:
        if not isinstance(data, dict):
            raise JixiaoError(f"{path or '文档'} 应为对象（JSON object）")
        self.data = data
        self.path = path

    def _where(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def text(self, key: str, default: str = "") -> str:
        value = self.data.get(key, default)
        if value is None:
            return default
        if not isinstance(value, str):
            raise JixiaoError(f"{self._where(key)} 应为文本")
        return value

    def amount(self, key: str) -> Decimal | None:
        value = self.data.get(key)
        return _amount_in(value, self._where(key))

    def texts(self, key: str) -> list[str]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise JixiaoError(f"{self._where(key)} 应为文本列表")
        return list(value)

    def items(self, key: str) -> list[_Reader]:
        value = self.data.get(key, [])
        if not isinstance(value, list):
            raise JixiaoError(f"{self._where(key)} 应为列表")
        return [_Reader(v, f"{self._where(key)}[{n}]") for n, v in enumerate(value, 1)]

    def extra(self) -> dict[str, str]:
        value = self.data.get("extra", {})
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        ):
            raise JixiaoError(f"{self._where('extra')} 应为“名称: 文本”的对象")
        return dict(value)


def _amount_in(value: Any, where: str) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        # floats are refused: a binary float cannot hold 0.1 exactly.
        raise JixiaoError(f'{where} 应写成文本形式的数字，如 "11.00"')
    return parse_amount(str(value), field=where)


def indicator_from_dict(data: Any, path: str = "indicator") -> Indicator:
    r = _Reader(data, path)
    ind = Indicator(
        level1=r.text("level1"),
        level2=r.text("level2"),
        name=r.text("name"),
        description=r.text("description"),
        value=r.text("value"),
        basis=r.text("basis"),
        previous_value=r.text("previous_value"),
        formula=r.text("formula"),
        weight=r.amount("weight"),
        extra=r.extra(),
    )
    if r.text("id"):
        ind.id = r.text("id")
    return ind


def project_from_dict(data: Any, path: str = "project") -> Project:
    r = _Reader(data, path)
    plan_raw = r.data.get("plan", [None, None, None, None])
    if not isinstance(plan_raw, list) or len(plan_raw) != 4:
        raise JixiaoError(f"{path}.plan 应为 4 个时点的列表（3月底、6月底、10月底、12月底）")
    project = Project(
        code=r.text("code"),
        name=r.text("name"),
        budget=r.amount("budget"),
        fiscal=r.amount("fiscal"),
        other=r.amount("other"),
        purpose=r.text("purpose"),
        plan=SpendingPlan.from_list(
            [_amount_in(v, f"{path}.plan[{n}]") for n, v in enumerate(plan_raw, 1)]
        ),
        goals=r.texts("goals"),
        indicators=[indicator_from_dict(i.data, i.path) for i in r.items("indicators")],
        extra=r.extra(),
    )
    if r.text("id"):
        project.id = r.text("id")
    return project


def document_from_dict(data: Any) -> Document:
    """Build a Document from plain data; a JixiaoError names the first bad place."""
    r = _Reader(data, "")
    year = r.data.get("year")
    if not isinstance(year, int) or isinstance(year, bool) or not 1900 <= year <= 2200:
        raise JixiaoError(f"year（预算年度）应为四位年份，现为 {year!r}")
    profile_text = r.text("profile", Profile.RULES_2015.value)
    try:
        profile = Profile(profile_text)
    except ValueError:
        raise JixiaoError(f"profile 应为 2015 或 2021，现为 {profile_text!r}") from None
    allow = r.data.get("allow_sustainable", True)
    if not isinstance(allow, bool):
        raise JixiaoError("allow_sustainable 应为 true 或 false")
    unit_text = r.text("plan_unit", PlanUnit.AMOUNT.value)
    try:
        plan_unit = PlanUnit(unit_text)
    except ValueError:
        raise JixiaoError(
            f"plan_unit（资金支出计划单位）应为 amount 或 percent，现为 {unit_text!r}"
        ) from None
    p1 = _Reader(r.data.get("part1", {}), "part1")
    return Document(
        dept_code=r.text("dept_code"),
        dept_name=r.text("dept_name"),
        year=year,
        money_unit=r.text("money_unit", "万元") or "万元",
        profile=profile,
        allow_sustainable=allow,
        layout=r.text("layout"),
        plan_unit=plan_unit,
        part1=Part1(
            overall=p1.texts("overall"),
            items=[
                GoalItem(title=i.text("title"), goal=i.text("goal"), measure=i.text("measure"))
                for i in p1.items("items")
            ],
            measures=[
                Measure(title=m.text("title"), body=m.text("body")) for m in p1.items("measures")
            ],
        ),
        projects=[project_from_dict(p.data, p.path) for p in r.items("projects")],
        extra=r.extra(),
        dismissals=[dismissal_from_dict(d.data, d.path) for d in r.items("dismissals")],
    )
