"""The 预算绩效目标 document: entities, the 指标值 grammar, the framework. Pure: no I/O, no UI.

Names are loaded on first use (PEP 562), so `from model.errors import JixiaoError` on the CLI's
start-up path does not pay for building the dataclasses and regexes.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "format_amount": "amounts",
    "is_amount": "amounts",
    "parse_amount": "amounts",
    "PLAN_CHECKPOINTS": "entities",
    "Dismissal": "entities",
    "Document": "entities",
    "GoalItem": "entities",
    "Indicator": "entities",
    "Measure": "entities",
    "Part1": "entities",
    "PlanUnit": "entities",
    "Achievement": "entities",
    "DeviationCause": "entities",
    "Likelihood": "entities",
    "Phase": "entities",
    "Scoring": "entities",
    "Profile": "entities",
    "Project": "entities",
    "SpendingPlan": "entities",
    "doc_key": "entities",
    "new_id": "entities",
    "without_ids": "entities",
    "AmountError": "errors",
    "JixiaoError": "errors",
    "DOCUMENT_SCHEMA_VERSION": "serialize",
    "document_from_dict": "serialize",
    "document_to_dict": "serialize",
    "Comparator": "values",
    "Deadline": "values",
    "ParsedValue": "values",
    "Quantity": "values",
    "ValueKind": "values",
    "normalise_value": "values",
    "parse_value": "values",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'model' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


if TYPE_CHECKING:
    from .amounts import format_amount, is_amount, parse_amount
    from .entities import (
        PLAN_CHECKPOINTS,
        Achievement,
        DeviationCause,
        Dismissal,
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
        doc_key,
        new_id,
        without_ids,
    )
    from .errors import AmountError, JixiaoError
    from .serialize import DOCUMENT_SCHEMA_VERSION, document_from_dict, document_to_dict
    from .values import (
        Comparator,
        Deadline,
        ParsedValue,
        Quantity,
        ValueKind,
        normalise_value,
        parse_value,
    )


__all__ = [
    "Achievement",
    "DeviationCause",
    "Likelihood",
    "Phase",
    "Scoring",
    "PLAN_CHECKPOINTS",
    "AmountError",
    "Comparator",
    "DOCUMENT_SCHEMA_VERSION",
    "Deadline",
    "Dismissal",
    "Document",
    "GoalItem",
    "Indicator",
    "JixiaoError",
    "Measure",
    "ParsedValue",
    "Part1",
    "PlanUnit",
    "Profile",
    "Project",
    "Quantity",
    "SpendingPlan",
    "ValueKind",
    "doc_key",
    "document_from_dict",
    "document_to_dict",
    "format_amount",
    "is_amount",
    "new_id",
    "normalise_value",
    "parse_amount",
    "parse_value",
    "without_ids",
]
