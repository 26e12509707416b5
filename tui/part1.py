"""部门整体目标 (Part 1): 总体目标 paragraphs, 分项目标 (标题, 绩效目标, 绩效指标), 保障措施 —
and, above them, the document's own settings (单位名称, 指标口径, 可持续影响指标).

One row per text; o/O add an item in the same section, d deletes the item, K/J move it.
Findings of the Part 1 rules mark their rows (a 分项目标's 标题/绩效目标/绩效指标; the first 总体目标
row for findings about Part 1 as a whole) and are listed in the detail line.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from rich.text import Text
from textual.app import ComposeResult

from model import Document, GoalItem, Measure, Part1, Profile
from model.text import strip_invisible

from . import keys
from .base import CHANGED_STYLE
from .cells import fit, safe_text
from .findings import MARK, MARK_SAFE, Shown, finding_line
from .rows import RowList, RowScreen, RowWords
from .widgets import DetailLine, Editor, EditRequest, Grid

SECTIONS = {"doc": "文档设置", "overall": "总体目标", "item": "分项目标", "measure": "保障措施"}
PROFILES = {
    Profile.RULES_2015: "2015：财预〔2015〕88号（成本指标属产出指标）",
    Profile.GUIDANCE_2021: "2021：财预〔2021〕101号（成本指标为一级指标）",
}
SUSTAINABLE = {True: "允许（效益指标下可用）", False: "不允许"}
DOC_ROWS = (
    ("dept_name", "单位名称", "text"),
    ("profile", "指标口径", "choice"),
    ("allow_sustainable", "可持续影响指标", "choice"),
)
SHORT = {"overall": "总体目标", "item": "分项", "measure": "措施"}
FIELDS = {
    "item": (
        ("title", "标题", "text"),
        ("goal", "绩效目标", "multiline"),
        ("measure", "绩效指标", "multiline"),
    ),
    "measure": (("title", "标题", "text"), ("body", "内容", "multiline")),
}


@dataclass(frozen=True, slots=True)
class Entry:
    section: str  # overall | item | measure
    index: int  # -1: the placeholder row of an empty section
    field: str | None  # attribute of GoalItem/Measure; None for an overall paragraph
    label: str
    kind: str


def entries(doc: Document) -> list[Entry]:
    part1 = doc.part1
    rows = [Entry("doc", 0, attr, label, kind) for attr, label, kind in DOC_ROWS]
    for n in range(len(part1.overall)):
        rows.append(Entry("overall", n, None, f"总体目标{n + 1}", "long"))
    if not part1.overall:
        rows.append(Entry("overall", -1, None, "总体目标", "long"))
    for section, items in (("item", part1.items), ("measure", part1.measures)):
        for n in range(len(items)):
            for attr, name, kind in FIELDS[section]:
                rows.append(Entry(section, n, attr, f"{SHORT[section]}{n + 1}·{name}", kind))
        if not items:
            rows.append(Entry(section, -1, None, SECTIONS[section], "text"))
    return rows


# Finding.field of a 分项绩效目标 finding → the GoalItem attribute its row shows.
ITEM_FIELDS = {name: attr for attr, name, _ in FIELDS["item"]}
OVERALL_FIELD = "总体绩效目标"


def entry_findings(e: Entry, found: list[Shown]) -> list[Shown]:
    """The document findings shown on this row (errors first, as `found` is ordered)."""
    if e.section == "item" and e.index >= 0:
        return [
            f
            for f in found
            if f.part1_item == e.index + 1 and (ITEM_FIELDS.get(f.field or "", "title") == e.field)
        ]
    if e.section == "overall" and e.index in (0, -1):
        return [f for f in found if f.part1_item is None and f.field == OVERALL_FIELD]
    return []


def entry_for(entries_: list[Entry], f: Shown) -> int | None:
    """The row that shows a document finding (None: no row of this screen shows it)."""
    for row, e in enumerate(entries_):
        if f in entry_findings(e, [f]):
            return row
    return None


_STYLE = {"error": "bold red", "warning": "bold yellow"}


def entry_text(doc: Document, e: Entry) -> str:
    part1 = doc.part1
    if e.index < 0:
        return ""
    if e.section == "doc":
        value = getattr(doc, e.field or "dept_name")
        if e.field == "profile":
            return PROFILES.get(value, str(value))
        if e.field == "allow_sustainable":
            return SUSTAINABLE[bool(value)]
        return str(value)
    if e.section == "overall":
        return part1.overall[e.index]
    items: list[Any] = part1.items if e.section == "item" else part1.measures
    return getattr(items[e.index], e.field or "title")


def _section_list(part1: Part1, section: str) -> list[Any]:
    return {"overall": part1.overall, "item": part1.items, "measure": part1.measures}[section]


class Part1Screen(RowScreen):
    SCOPE = "part1"
    SCREEN_NAME = "部门整体目标"
    BINDINGS = keys.bindings("part1")

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[Entry] = []
        self._width = 0

    def compose(self) -> ComposeResult:
        yield from self.compose_top()
        yield Grid(id="part1", cursor_type="row")
        yield DetailLine("", id="detail", classes="tall")
        yield Editor(id="editor")
        yield from self.compose_bottom()

    def on_mount(self) -> None:
        self.query_one("#editor", Editor).display = False
        self.query_one("#part1", Grid).focus()
        self.refresh_view()

    def refresh_view(self) -> None:
        if not self.is_mounted:
            return
        self.mark_shown()
        self.refresh_title()
        table = self.query_one("#part1", Grid)
        row = table.cursor_row
        text_width = max(20, self.size.width - 2 - 16 - 4)
        if text_width != self._width:
            table.clear(columns=True)
            table.add_column("项目", width=16, key="label")
            table.add_column("内容", width=text_width, key="text")
            self._width = text_width
        else:
            table.clear()
        self._rows = entries(self.doc)
        found = self.japp.findings.for_document(self.doc)
        marks = MARK_SAFE if self.japp.wide else MARK
        for e in self._rows:
            text = entry_text(self.doc, e) if e.index >= 0 else "（空：按 o 新增）"
            own = entry_findings(e, found)
            bold = "bold" if e.field in (None, "title") or e.section == "doc" else ""
            label = Text(
                fit(e.label, 14, self.japp.wide),
                style=_STYLE.get(own[0].severity, bold) if own else bold,
            )
            label.pad_right(14 - label.cell_len)
            if own:
                label.append(
                    " " + marks.get(own[0].severity, " "), style=_STYLE.get(own[0].severity, "")
                )
            style = "dim" if e.index < 0 else ""
            if self._changed_by_colleague(e, text):
                label.style = style = CHANGED_STYLE
            table.add_row(label, self.cell(text, text_width, style))
        table.move_cursor(row=min(row, len(self._rows) - 1), animate=False)
        self._show_detail()

    def _changed_by_colleague(self, e: Entry, text: str) -> bool:
        """A colleague's save changed this entry just now (JixiaoApp.mark)."""
        before = self.japp.marked_before
        if before is None or e.index < 0:
            return False
        try:
            return entry_text(before, e) != text
        except IndexError:  # a paragraph or item they added
            return True

    def _entry(self) -> Entry:
        return self._rows[self.query_one("#part1", Grid).cursor_row]

    def _show_detail(self) -> None:
        if not self._rows or self.query_one("#part1", Grid).cursor_row >= len(self._rows):
            return
        e = self._entry()
        text = entry_text(self.doc, e) if e.index >= 0 else "这一部分还没有内容：按 o 新增"
        # The findings first: the text may be long enough to fill the detail line.
        own = entry_findings(e, self.japp.findings.for_document(self.doc))
        lines = [finding_line(f, self.japp.wide) for f in own] + [f"{e.label}：{text}"]
        self.query_one("#detail", DetailLine).update(safe_text("\n".join(lines), self.japp.wide))

    def cursor_moved(self, grid: Grid) -> None:
        self._show_detail()

    def select_at_cursor(self, grid: Grid) -> None:
        self.action_edit()

    def restore_cursor(self, where: Any) -> None:
        if isinstance(where, int):
            self.refresh_view()
            self.query_one("#part1", Grid).move_cursor(row=min(where, len(self._rows) - 1))

    def show_finding(self, f: Shown) -> None:
        """Put the cursor on the row a finding is about (the problem list's Enter)."""
        self.refresh_view()
        row = entry_for(self._rows, f)
        table = self.query_one("#part1", Grid)
        table.focus()
        if row is not None:
            table.move_cursor(row=row, animate=False)
            self._show_detail()

    def _select(self, section: str, index: int, field: str | None = None) -> None:
        for row, e in enumerate(self._rows):
            if e.section == section and e.index == index and (field is None or e.field == field):
                self.query_one("#part1", Grid).move_cursor(row=row, animate=False)
                return

    # --- editing ------------------------------------------------------------------------------
    def action_edit(self) -> None:
        editor = self.query_one("#editor", Editor)
        if editor.active or not self._rows:
            return
        e = self._entry()
        if e.index < 0:
            self.action_add_below()
            return
        if e.kind == "choice":
            self._choose(e)
            return
        editor.open(EditRequest(e.label, entry_text(self.doc, e), e.kind, target=e))

    def _choose(self, e: Entry) -> None:
        from .dialogs import ChoiceScreen

        table = PROFILES if e.field == "profile" else SUSTAINABLE
        values = list(table)
        names = [table[v] for v in values]

        def chosen(name: str | None) -> None:
            if name is None:
                return
            value = values[names.index(name)]
            if getattr(self.doc, e.field or "") == value:
                return
            row = self.query_one("#part1", Grid).cursor_row
            self.japp.session.apply(
                replace(self.doc, **{e.field or "": value}), f"修改{e.label}", where=row
            )
            self.japp.edited(f"已修改{e.label}：{name}")

        self.app.push_screen(ChoiceScreen(f"选择{e.label}", names, entry_text(self.doc, e)), chosen)

    def editor_done(self, event: Editor.Done) -> None:
        self.query_one("#part1", Grid).focus()
        e: Entry = event.request.target
        if event.value is None or event.value == event.request.value:
            return
        # Typed or pasted: control and zero-width characters removed, as at an import (a title
        # and the unit name are one line; prose keeps its newlines).
        one_line = e.section == "doc" or (e.field or "title") == "title" and e.section != "overall"
        value = strip_invisible(event.value.strip(), multiline=not one_line)[0]
        row = self.query_one("#part1", Grid).cursor_row
        if e.section == "doc":
            self.japp.session.apply(replace(self.doc, dept_name=value), "修改单位名称", where=row)
            self.japp.edited("已修改单位名称")
            return

        def change(part1: Part1) -> None:
            if e.section == "overall":
                part1.overall[e.index] = value
            else:
                setattr(_section_list(part1, e.section)[e.index], e.field or "title", value)

        self.japp.session.edit_part1(change, f"修改{e.label}", where=row)
        self.japp.edited(f"已修改{e.label}")

    # --- rows (o/O, d, J/K: see rows.py) -----------------------------------------------------
    def row_list(self) -> RowList | None:
        """The paragraphs, 分项目标 or 保障措施 the cursor is in (each item takes several rows)."""
        e = self._entry()
        if e.section == "doc":
            return None
        section = e.section
        session = self.japp.session

        def put(items: list[Any], label: str, where: Any) -> None:
            def change(part1: Part1) -> None:
                _section_list(part1, section)[:] = items

            session.edit_part1(change, label, where)

        def open_new(index: int) -> None:
            self._select(section, index)
            self.action_edit()

        return RowList(
            get=lambda doc: _section_list(doc.part1, section),
            put=put,
            index=None if e.index < 0 else e.index,
            where=self.query_one("#part1", Grid).cursor_row,
            words=WORDS[section],
            blank={"overall": str, "item": GoalItem, "measure": Measure}[section],
            show=lambda index: self._select(section, index, e.field),
            open=open_new,
        )


def _words(section: str) -> RowWords:
    name = SECTIONS[section]
    what = "这一段" if section == "overall" else "这一条（标题和内容）"
    return RowWords(
        noun=name,
        added=f"已新增{name}",
        copied=f"已复制{name}",
        moved=f"已移动{name}",
        deleting=lambda _, n: (
            f"删除{name}{n + 1}{what}？",
            f"删除{name}{n + 1}",
            f"已删除{name}{n + 1}",
        ),
    )


WORDS = {section: _words(section) for section in ("overall", "item", "measure")}
