"""The validation catalogue: pure rules over the model, cheap enough to run per keystroke.

    from model.rules import check_document, check_project, Finding, Severity, RULES, explain
    from model.rules import Checker   # an editor's re-checks: reuses document-wide facts

Each rule has a stable id (JX1xx structure, JX2xx values, JX3xx money, JX4xx consistency and
copy-paste, JX5xx Part 1, JX6xx text hygiene, JX7xx the 运行监控 and 绩效自评 tables, which run
only in those phases), a severity, a Chinese message naming the field and what to do, and a
rationale with an example fix (``explain``; docs/rules.md is generated from it).
"""

from __future__ import annotations

# Importing the family modules registers their rules in RULES; then keep the catalogue in id order.
from . import consistency, effects, goals, hygiene, money, part1, phases, structure, values  # noqa: F401, I001
from .base import FIELDS, RULES, Finding, Rule, Severity, explain, parse_severity
from .engine import Checker, check_document, check_project
from .fixes import FieldChange, apply_fixes, fix_one, has_fix, plan_fixes

_in_order = sorted(RULES.items())
RULES.clear()
RULES.update(_in_order)

__all__ = [
    "FIELDS",
    "RULES",
    "Checker",
    "FieldChange",
    "Finding",
    "Rule",
    "Severity",
    "check_document",
    "apply_fixes",
    "check_project",
    "explain",
    "fix_one",
    "has_fix",
    "parse_severity",
    "plan_fixes",
]
