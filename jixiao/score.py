"""`jixiao score`'s text: per project 总分, grade and 执行率, then the indicator table (行号, 三级指标,
指标值, 实际完成值, 分值, 得分) fitted to the terminal's width like `list` and `show`; with
--explain every step of model.scoring.explain under it."""

from __future__ import annotations

from model import Document
from model.scoring import average, explain, grade_of, rows_text
from service.scoring import ScoredProject, execution_note, missing_note, number_text

from .textfmt import safe, table, wrap_hanging

NOTHING = "—"


def _project_lines(s: ScoredProject, width: int | None, steps: bool) -> list[str]:
    ps = s.score
    head = [f"{s.number}.{ps.name}（{ps.code}）" if ps.code else f"{s.number}.{ps.name}"]
    execution = execution_note(ps)
    if ps.execution_score is not None:
        execution += (
            f"（得分 {number_text(ps.execution_score)}／{number_text(ps.execution_weight)}）"
        )
    head.append(f"总分 {number_text(ps.total)}  等级 {ps.grade or NOTHING}  {execution}")
    lines = [piece for line in head for piece in _wrap(safe(line), width)]
    if ps.indicators:
        rows = [
            [
                str(i.row),
                i.name,
                i.target,
                i.actual,
                number_text(i.weight) or NOTHING,
                number_text(i.score) or NOTHING,
            ]
            for i in ps.indicators
        ]
        headers = ["行", "三级指标", "指标值", "实际完成值", "分值", "得分"]
        lines.append(table(headers, rows, width, keep=(0, 4, 5)))
    reasons: dict[str, list[int]] = {}  # the same reason once, with all its rows
    for i in ps.indicators:
        if i.reason:
            reasons.setdefault(i.reason, []).append(i.row)
    notes = [f"{rows_text(rows)}：{reason}" for reason, rows in reasons.items()]
    if missing_note(ps):
        notes.append(missing_note(ps))
    if steps:
        notes += ["计算过程：", *explain(ps)[1:]]
    lines += [piece for note in notes for piece in _wrap(safe(note), width)]
    return lines


def _wrap(line: str, width: int | None) -> list[str]:
    """A line wrapped to width, its indentation kept on every piece (continuations 2 deeper)."""
    if width is None:
        return [line]
    text = line.lstrip(" ")
    indent = " " * (len(line) - len(text))
    return [indent + piece for piece in wrap_hanging(text, width - len(indent))]


def render(
    doc: Document, scored: list[ScoredProject], width: int | None = None, steps: bool = False
) -> str:
    """The scores as text for the terminal (control characters shown as symbols). With more
    than one project, the document's average 总分 last (and its grade), when every project is
    complete."""
    lines = _wrap(safe(f"{doc.key} {doc.dept_name}（阶段：{doc.phase.label}）"), width)
    if not scored:
        lines.append("（文档中还没有项目）")
    for s in scored:
        lines += ["", *_project_lines(s, width, steps)]
    if len(scored) > 1:
        if all(s.score.complete for s in scored):
            mean = average(s.score.total for s in scored)
            assert mean is not None
            line = f"平均分 {number_text(mean)}  等级 {grade_of(mean, doc.scoring)}"
            lines += ["", *_wrap(line, width)]
        else:
            done = sum(s.score.complete for s in scored)
            note = f"平均分：{len(scored)} 个项目中 {done} 个已全部计分，全部计分后再算平均分"
            lines += ["", *_wrap(note, width)]
    return "\n".join(lines)
