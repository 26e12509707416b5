"""The document as plain JSON-ready data (dicts, lists, strings), and back.

Amounts become strings so the digits as written survive (``"11.00"``); blank stays ``null``.
This is the one mapping the store and the JSON format share. Pure: no I/O.
"""

from __future__ import annotations

import re
from decimal import Decimal
from operator import itemgetter
from sys import intern
from typing import Any

from .amounts import format_amount, parse_amount
from .dismissals import from_dict as dismissal_from_dict
from .dismissals import to_dict as dismissal_to_dict
from .entities import (
    Achievement,
    DeviationCause,
    Document,
    GoalItem,
    Indicator,
    Likelihood,
    Measure,
    Part1,
    Phase,
    PlanUnit,
    Profile,
    Project,
    Scoring,
    SpendingPlan,
    new_id,
    target_indicator,
)
from .errors import JixiaoError

DOCUMENT_SCHEMA_VERSION = 1


def _amount_out(value: Decimal | None) -> str | None:
    return None if value is None else format_amount(value)


# The 运行监控 / 绩效自评 fields (model.phases): written only when filled, so a targets-only
# document (most of them, and every file written before these fields) stays as it was.
_LATER_INDICATOR_TEXT = (
    "actual_to_date",
    "forecast",
    "deviation_cause",
    "likelihood",
    "actual",
    "achievement",
    "deviation",
)
_LATER_PROJECT_AMOUNTS = ("annual_budget", "executed_to_date", "executed")


def indicator_to_dict(ind: Indicator) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": ind.id,
        "level1": ind.level1,
        "level2": ind.level2,
        "name": ind.name,
        "description": ind.description,
        "value": ind.value,
        "basis": ind.basis,
        "previous_value": ind.previous_value,
        "formula": ind.formula,
        "score_weight": _amount_out(ind.score_weight),
    }
    for key in _LATER_INDICATOR_TEXT:
        value = getattr(ind, key)
        if value:
            out[key] = str(value)
    if ind.score is not None:
        out["score"] = format_amount(ind.score)
    out["extra"] = dict(ind.extra)
    return out


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
        **{
            key: format_amount(getattr(project, key))
            for key in _LATER_PROJECT_AMOUNTS
            if getattr(project, key) is not None
        },
        **({"completion": project.completion} if project.completion else {}),
        "extra": dict(project.extra),
    }


def scoring_to_dict(scoring: Scoring) -> dict[str, Any]:
    return {
        "weights": {k: format_amount(v) for k, v in scoring.weights.items()},
        "bands": {k: format_amount(v) for k, v in scoring.bands.items()},
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
        # The phase and the scoring settings likewise only when not the defaults.
        **({"phase": doc.phase.value} if doc.phase is not Phase.TARGET else {}),
        **({"scoring": scoring_to_dict(doc.scoring)} if not doc.scoring.is_default else {}),
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
        if value is None:
            return None
        if type(value) is str and _plain_amount(value):
            return Decimal(value)  # as format_amount writes it: what parse_amount would give
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


# An amount as format_amount writes it (11.00, -3, 0.5): ASCII digits only, so parse_amount's
# half-width forms, spaces, signs and thousands separators cannot be in it and Decimal(text) is
# what it returns. A load reads seven to eleven per project; the full parse, and the place
# named for its error, cost more than the project's other fields.
_plain_amount = re.compile(r"-?[0-9]+(?:\.[0-9]+)?").fullmatch


def _amount_in(value: Any, where: str) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        # floats are refused: a binary float cannot hold 0.1 exactly.
        raise JixiaoError(f'{where} 应写成文本形式的数字，如 "11.00"')
    return parse_amount(str(value), field=where)


def _choice(r: _Reader, key: str, choice: Any) -> str:
    """A blank-or-one-of-the-words field (偏差原因, 完成目标可能性, 完成程度)."""
    text = r.text(key)
    if text and text not in {c.value for c in choice}:
        words = "、".join(c.value for c in choice)
        raise JixiaoError(f"{r._where(key)} 应为以下之一：{words}；现为 {text!r}")
    return text


def _id(r: _Reader) -> str:
    """The stored id, or a new one: never made and thrown away (a load of 2,500 projects made
    70,000 uuid4 ids only to replace them)."""
    return r.text("id") or new_id()


# The plain-text fields of an indicator, and the words each choice field accepts, for the fast
# path below.
_INDICATOR_TEXT = (
    "level1",
    "level2",
    "name",
    "description",
    "value",
    "basis",
    "previous_value",
    "formula",
    "actual_to_date",
    "forecast",
    "actual",
    "deviation",
)
_INDICATOR_CHOICES = (
    ("deviation_cause", frozenset(c.value for c in DeviationCause)),
    ("likelihood", frozenset(c.value for c in Likelihood)),
    ("achievement", frozenset(c.value for c in Achievement)),
)


# A row as indicator_to_dict writes it in the 目标 phase (no 运行监控 or 自评 field filled): its
# keys, fetched by one C call in the order of Indicator's first fields.
_TARGET_ROW = itemgetter(
    *_INDICATOR_TEXT[:8],  # level1 … formula
    "id",
    "score_weight",
    "extra",
)
_TARGET_ROW_KEYS = 11


def _indicator_fast(data: Any) -> Indicator | None:
    """The indicator when every field is well formed and no amount is filled (the usual row),
    else None: indicator_from_dict then reads it again with a _Reader, which names the bad place
    in its error. A county's load reads 25,000 rows; a _Reader and a method call per field made
    most of its cost, then a dict lookup and a keyword per field (a row as the 目标 phase
    writes it takes the first branch: 5.8 → 1.6 µs)."""
    if type(data) is not dict:
        return None
    if len(data) == _TARGET_ROW_KEYS:
        try:
            row = _TARGET_ROW(data)
        except KeyError:
            pass  # eleven keys but not these: read field by field below
        else:
            l1, l2, name, desc, value, basis, prev, formula, ident, weight, extra = row
            if (
                weight is None
                and type(extra) is dict
                and not extra
                and type(ident) is str
                and ident
                and type(l1) is str
                and type(l2) is str
                and type(name) is str
                and type(desc) is str
                and type(value) is str
                and type(basis) is str
                and type(prev) is str
                and type(formula) is str
            ):
                # The short cells shared, as one string object each, by every row and document
                # that has them (a county: 3 level-1s, 9 level-2s, 105 names and 3,226 values in
                # 25,100 rows): less memory for each document and for the caches kept across
                # documents (engine.clear_caches(keep_values=True)), and their keys then compare
                # by identity. Check --all on the county: 0.7 MB less at its peak, 8 M fewer
                # instructions. Not the descriptions (8,841 in 25,100): more of both.
                return target_indicator(
                    intern(l1),
                    intern(l2),
                    intern(name),
                    desc,
                    intern(value),
                    basis,
                    prev,
                    formula,
                    ident,
                )
    get = data.get
    texts: dict[str, Any] = {}
    for key in _INDICATOR_TEXT:
        value = get(key)
        if value is None:
            value = ""
        elif type(value) is not str:
            return None
        texts[key] = value
    for key, words in _INDICATOR_CHOICES:
        value = get(key)
        if value is None or value == "":
            value = ""
        elif type(value) is not str or value not in words:
            return None
        texts[key] = value
    if get("score_weight") is not None or get("weight") is not None or get("score") is not None:
        return None
    extra = get("extra", {})
    if type(extra) is not dict or not all(
        type(k) is str and type(v) is str for k, v in extra.items()
    ):
        return None
    ident = get("id")
    if ident is None or ident == "":
        ident = new_id()
    elif type(ident) is not str:
        return None
    return Indicator(**texts, score_weight=None, score=None, extra=dict(extra), id=ident)


def indicator_from_dict(data: Any, path: str = "indicator") -> Indicator:
    fast = _indicator_fast(data)
    if fast is not None:
        return fast
    r = _Reader(data, path)
    # 分值 was stored as "weight" before the 自评 fields came (and is read from it still).
    weight_key = "score_weight" if "score_weight" in r.data else "weight"
    return Indicator(
        level1=r.text("level1"),
        level2=r.text("level2"),
        name=r.text("name"),
        description=r.text("description"),
        value=r.text("value"),
        basis=r.text("basis"),
        previous_value=r.text("previous_value"),
        formula=r.text("formula"),
        score_weight=r.amount(weight_key),
        actual_to_date=r.text("actual_to_date"),
        forecast=r.text("forecast"),
        deviation_cause=_choice(r, "deviation_cause", DeviationCause),
        likelihood=_choice(r, "likelihood", Likelihood),
        actual=r.text("actual"),
        achievement=_choice(r, "achievement", Achievement),
        score=r.amount("score"),
        deviation=r.text("deviation"),
        extra=r.extra(),
        id=_id(r),
    )


def project_from_dict(data: Any, path: str = "project") -> Project:
    fast = _project_fast(data, path)
    if fast is not None:
        return fast
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
            [
                Decimal(v)
                if type(v) is str and _plain_amount(v)
                else _amount_in(v, f"{path}.plan[{n}]")
                for n, v in enumerate(plan_raw, 1)
            ]
        ),
        goals=r.texts("goals"),
        indicators=_indicators(r.data.get("indicators", []), r._where("indicators")),
        extra=r.extra(),
        id=_id(r),
        annual_budget=r.amount("annual_budget"),
        executed_to_date=r.amount("executed_to_date"),
        executed=r.amount("executed"),
        completion=r.text("completion"),
    )
    return project


def _indicators(raw: Any, where: str) -> list[Indicator]:
    """The rows of `where` (a project's indicators) read as indicators, without a _Reader per
    well-formed row."""
    if not isinstance(raw, list):
        raise JixiaoError(f"{where} 应为列表")
    out: list[Indicator] = []
    for n, data in enumerate(raw, 1):
        ind = _indicator_fast(data)
        if ind is None:
            ind = indicator_from_dict(data, f"{where}[{n}]")
        out.append(ind)
    return out


# A project's amounts, in the order _project_fast reads them: 预算数, 财政资金, 其他资金, the
# plan's four checkpoints, then the 运行监控 / 自评 amounts (absent from a targets-only file).
_PROJECT_AMOUNTS = ("budget", "fiscal", "other", *_LATER_PROJECT_AMOUNTS)


# Amount texts already read, and their Decimal: a county's 11,600 filled amounts are 1,400
# different texts (11.00, 2.50 …), and the pattern test and Decimal() of each cost a third of
# reading a project's own fields. A Decimal is immutable, so projects may share one. Emptied
# when full: an editor that loads file after file keeps it bounded.
_AMOUNTS: dict[str, Decimal] = {}
_AMOUNTS_KEPT = 65536


def _project_fast(data: Any, path: str) -> Project | None:
    """The project when every field is as project_to_dict writes it (texts, amounts as
    format_amount writes them or blank, no extra), else None: project_from_dict then reads it
    with a _Reader, which names the bad place in its error. A county's load reads 2,500
    projects; the _Reader's method call, default and check per field cost half as much again
    as the project's ten rows."""
    if type(data) is not dict:
        return None
    get = data.get
    code, name, purpose, ident = get("code"), get("name"), get("purpose"), get("id")
    goals, plan, extra, completion = get("goals"), get("plan"), get("extra"), get("completion")
    if not (
        type(code) is str
        and type(name) is str
        and type(purpose) is str
        and type(ident) is str
        and ident
        and type(goals) is list
        and type(plan) is list
        and len(plan) == 4
        and type(extra) is dict
        and not extra
        and (completion is None or type(completion) is str)
    ):
        return None
    try:
        "".join(goals)  # every goal a text (as _Reader.texts asks), in one call
    except TypeError:
        return None
    amounts: list[Decimal | None] = []
    known = _AMOUNTS
    for value in (*map(get, _PROJECT_AMOUNTS[:3]), *plan, *map(get, _PROJECT_AMOUNTS[3:])):
        if value is None:
            amounts.append(None)
            continue
        if type(value) is not str:
            return None  # (before the lookup: a list or dict cannot be a key)
        number = known.get(value)
        if number is None:
            if not _plain_amount(value):
                return None
            if len(known) >= _AMOUNTS_KEPT:
                known.clear()
            number = known[value] = Decimal(value)  # what _Reader.amount gives for it
        amounts.append(number)
    return Project(
        code=code,
        name=name,
        budget=amounts[0],
        fiscal=amounts[1],
        other=amounts[2],
        purpose=purpose,
        plan=SpendingPlan(*amounts[3:7]),
        goals=list(goals),
        indicators=_indicators(get("indicators", []), f"{path}.indicators"),
        extra={},
        id=ident,
        annual_budget=amounts[7],
        executed_to_date=amounts[8],
        executed=amounts[9],
        completion=completion or "",
    )


def _scoring(data: Any) -> Scoring:
    if data is None:
        return Scoring()
    r = _Reader(data, "scoring")

    def numbers(key: str) -> dict[str, Decimal] | None:
        raw = r.data.get(key)
        if raw is None:
            return None
        if not isinstance(raw, dict):
            raise JixiaoError(f"scoring.{key} 应为“名称: 数值”的对象")
        out: dict[str, Decimal] = {}
        for name, value in raw.items():
            number = _amount_in(value, f"scoring.{key}.{name}")
            if number is None:
                raise JixiaoError(f"scoring.{key}.{name} 不能为空")
            out[str(name)] = number
        return out

    scoring = Scoring()
    weights, bands = numbers("weights"), numbers("bands")
    if weights is not None:
        scoring.weights = weights
    if bands is not None:
        scoring.bands = bands
    return scoring


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
    phase_text = r.text("phase", Phase.TARGET.value)
    try:
        phase = Phase(phase_text)
    except ValueError:
        raise JixiaoError(
            f"phase（阶段）应为 target、monitor 或 evaluate，现为 {phase_text!r}"
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
        phase=phase,
        scoring=_scoring(r.data.get("scoring")),
    )
