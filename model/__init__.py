"""The 预算绩效目标 document: entities, the 指标值 grammar, the framework. Pure: no I/O, no UI."""

from .amounts import format_amount, is_amount, parse_amount
from .entities import (
    PLAN_CHECKPOINTS,
    Document,
    GoalItem,
    Indicator,
    Measure,
    Part1,
    Profile,
    Project,
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
    "PLAN_CHECKPOINTS",
    "AmountError",
    "Comparator",
    "DOCUMENT_SCHEMA_VERSION",
    "Deadline",
    "Document",
    "GoalItem",
    "Indicator",
    "JixiaoError",
    "Measure",
    "ParsedValue",
    "Part1",
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
