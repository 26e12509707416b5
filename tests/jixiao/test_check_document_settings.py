"""`jixiao check` text output: a finding about the document's own settings (资金支出计划单位)
is listed under 全文, not under 第一部分."""

from __future__ import annotations

from model import PlanUnit
from tests.jixiao.test_cmd_check import run
from tests.model.rules_helpers import clean_document


def test_a_document_setting_finding_is_under_its_own_heading() -> None:
    doc = clean_document()
    doc.plan_unit = PlanUnit.PERCENT  # every project fills in amounts: JX302
    doc.part1.overall.append("为全面建成小康社会提供支撑。")  # JX505, about Part 1
    code, text = run([doc])
    assert code == 0  # warnings and hints only
    lines = text.splitlines()
    whole = lines.index("  全文")
    assert lines[whole + 1].startswith(
        "    JX302@0 警告  资金支出计划：文档的资金支出计划单位是“百分比”"
    )
    part1 = lines.index("  第一部分 部门整体绩效目标")
    assert part1 > whole and lines[part1 + 1].startswith("    JX505@0 提示  总体绩效目标：")
