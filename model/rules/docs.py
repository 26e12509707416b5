"""docs/rules.md, generated from the catalogue so the two cannot drift apart.

Regenerate with::

    .venv/bin/python -c "from model.rules.docs import render_markdown as r; print(r(), end='')" > docs/rules.md

tests/model/test_rules_docs.py fails when the committed file differs from this text.
"""

from __future__ import annotations

from .base import FAMILIES, RULES, Severity

_INTRO = """\
# 检查规则（jixiao check）

本文件由 `model/rules/docs.py` 根据规则目录自动生成，请勿手工修改。
每条规则有固定编号、严重程度、理由和修改示例；命令行 `jixiao check --explain JX101` 显示同样的内容。

## 严重程度

| 级别 | 含义 | 何时使用 |
| --- | --- | --- |
| 错误（error） | 表格本身错了或自相矛盾，交给财政部门前必须改 | 金额对不上、类别放错、时效写成金额、“≤100%”这类恒成立的目标：没有任何合理解释 |
| 警告（warning） | 几乎一定是缺陷，审核时会被退回，但少数情况下确有原因 | 写法与指南相反但可能有特殊情形（数量写成上限、投入当作产出、复制了别的项目的文字） |
| 提示（hint） | 文字和格式上的改进，不改也不算错 | 重复名称、Word 残留、标点、口语化的比较词 |

`jixiao check` 有错误时退出码为 1，只有警告和提示时为 0；`--min-severity warning` 隐藏提示。
规则宁可漏报也不误报：每条规则都在一份“干净”的示例文档上测试过，不得报出任何问题。
"""


def render_markdown() -> str:
    lines = [_INTRO]
    counts = {sev: sum(1 for r in RULES.values() if r.severity is sev) for sev in Severity}
    lines.append(
        f"共 {len(RULES)} 条规则：错误 {counts[Severity.ERROR]} 条、警告 {counts[Severity.WARNING]} 条、"
        f"提示 {counts[Severity.HINT]} 条。\n"
    )
    for digit, family in FAMILIES.items():
        rules = sorted((r for r in RULES.values() if r.id[2] == digit), key=lambda r: r.id)
        if not rules:
            continue
        lines.append(f"## JX{digit}xx {family}\n")
        lines.append("| 编号 | 级别 | 规则 |\n| --- | --- | --- |")
        lines.extend(f"| {r.id} | {r.severity.label} | {r.title} |" for r in rules)
        lines.append("")
        for r in rules:
            lines.append(f"### {r.id} {r.title}（{r.severity.label}）\n")
            lines.append(f"{r.rationale}\n")
            lines.append(f"示例：{r.example}\n")
    return "\n".join(lines).rstrip("\n") + "\n"
