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


_DISMISS_AND_FIX = """\
## 已核实与自动修正

检查结果中每条问题前有“规则@位置”（如 `JX210@3.1`：项目 3 第 1 行；`JX401@3`：项目 3；`JX503@0.2`：第一部分
分项绩效目标 2；`@0`：第一部分整体或全文）。确认没错的问题可标记为已核实：
`jixiao check DOC --dismiss JX210@3.1 --reason "名额上限为 3 人"`，或在编辑器问题列表（F5）中按 v。
已核实的问题不再列出、不计入退出码（`--show-dismissed` 另列）；该处内容一改，问题重新出现。

标有“可自动修正”的规则，`jixiao check DOC --fix --dry-run` 列出修改前后，`--fix` 全部修正并保存为一个新版本；
编辑器问题列表中按 f 修正一条（可撤销）。自动修正只改问题所在的字段，且只做修正后复查不再报该问题的修改。
"""


def render_markdown() -> str:
    from .fixes import has_fix

    lines = [_INTRO, _DISMISS_AND_FIX]
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
            if has_fix(r.id):
                lines.append("可自动修正（`jixiao check --fix`；编辑器问题列表中按 f）。\n")
    return "\n".join(lines).rstrip("\n") + "\n"
