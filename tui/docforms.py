"""Document forms: 新建文档 (picker.py builds on DocumentForm) and 文档信息 (edit the code, name,
year, 指标口径, 可持续影响指标, 资金支出计划单位 and 阶段 of a document).

One line per field (label and a borderless input side by side), so the whole form and its
buttons fit a 80×24 terminal. Code and year are checked as you type, like the cell editor.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Select

from model import Document, JixiaoError, PlanUnit, Profile, identifiers
from model.entities import Phase
from model.text import strip_invisible
from service import documents

from .dialogs import Dialog
from .views import TABLE_NAME, choose
from .widgets import OrderedInput, Plain

PROFILE_OPTIONS = [
    ("财预〔2015〕88号（成本指标属产出指标）", "2015"),
    ("财预〔2021〕101号（成本指标为一级）", "2021"),
]
SUSTAINABLE_OPTIONS = [("允许（效益指标下可用）", "yes"), ("不允许", "no")]
PLAN_UNIT_OPTIONS = [
    ("累计金额（至预算数）", PlanUnit.AMOUNT.value),
    ("累计百分比（至 100%）", PlanUnit.PERCENT.value),
]
# 阶段: which table the editor shows by default (views.py) and which rules run.
PHASE_OPTIONS = [
    ("目标（编制绩效目标）", Phase.TARGET.value),
    ("监控（年中运行监控）", Phase.MONITOR.value),
    ("自评（年终绩效自评）", Phase.EVALUATE.value),
]
DOCUMENT_FIELDS = (
    "dept_code",
    "dept_name",
    "year",
    "profile",
    "allow_sustainable",
    "plan_unit",
    "phase",
)


def code_problem(text: str) -> str | None:
    """The 预算单位编码 grammar (model.identifiers): letters, digits and -, 1–32 characters."""
    code = text.strip()
    if not code:
        return "请填写预算单位编码"
    return identifiers.dept_code_problem(code)


def year_problem(text: str) -> str | None:
    return identifiers.year_text_problem(text)


CHECKS: dict[str, Callable[[str], str | None]] = {"code": code_problem, "year": year_problem}


class FieldInput(OrderedInput):
    """A form field whose Tab, Shift+Tab and Enter act at once, in their place among the keys
    of a burst: "905001⇥某某乡⇥2025⏎" typed or pasted together fills three fields."""

    async def _on_key(self, event: events.Key) -> None:
        if event.key in ("tab", "shift+tab") and self.app.focused is self:
            event.stop()
            event.prevent_default()
            if event.key == "tab":
                self.screen.focus_next()
            else:
                self.screen.focus_previous()
        # Otherwise OrderedInput._on_key runs next (own bindings in order, late keys passed on).

    async def action_submit(self) -> None:
        submitted = getattr(self.screen, "field_submitted", None)
        if submitted is not None:
            submitted(self)  # now, not a message later
        else:
            await super().action_submit()


def form_row(label: str, widget: Any) -> Horizontal:
    return Horizontal(Plain(label, classes="form-label"), widget, classes="form-row")


def text_field(value: str, field_id: str, *, disabled: bool = False) -> FieldInput:
    return FieldInput(value, id=field_id, compact=True, disabled=disabled, select_on_focus=False)


def choice_field(options: list[tuple[str, str]], value: str, field_id: str) -> Select:
    return Select(options, value=value, allow_blank=False, compact=True, id=field_id)


class DocumentForm(Dialog):
    """A form of one-line fields with 确定 and 取消. Enter in a text field goes to the next
    field; in the last text field (预算年度) it confirms. Subclasses give the fields and submit()."""

    title_text = ""

    def fields(self) -> list[Horizontal]:  # pragma: no cover - subclasses implement
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form"):
            yield Plain(f"{self.title_text}（Tab 切换，回车确定，Esc 取消）", classes="question")
            yield from self.fields()
            yield Plain("", id="form-message", classes="explain")
            with Horizontal(classes="buttons"):
                yield Button("确定", id="ok", variant="primary", compact=True)
                yield Button("取消 (Esc)", id="cancel", compact=True)

    def show_problem(self, problem: str | None) -> None:
        message = self.query_one("#form-message", Plain)
        message.update(f"✗ {problem}" if problem else "")
        message.set_class(bool(problem), "invalid")

    def problems(self) -> list[tuple[OrderedInput, str]]:
        """The fields whose text cannot be used, with what is wrong."""
        found = []
        for field_id, check in CHECKS.items():
            for box in self.query(f"#{field_id}").results(OrderedInput):
                problem = None if box.disabled else check(box.value)
                box.set_class(problem is not None, "-invalid")
                if problem:
                    found.append((box, problem))
        return found

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.input.id in CHECKS:
            problem = None if event.input.disabled else CHECKS[event.input.id](event.value)
            event.input.set_class(problem is not None, "-invalid")
            self.show_problem(problem)

    def field_submitted(self, box: Input) -> None:
        """Enter in a text field (called by FieldInput at once)."""
        if box.id != "year":
            self.focus_next()
        else:
            self.confirm()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "ok":
            self.confirm()
        else:
            self.dismiss(None)

    def confirm(self) -> None:
        found = self.problems()
        if found:
            box, problem = found[0]
            self.show_problem(problem)
            self.set_focus(box)
            self.app.bell()
            return
        try:
            result = self.submit()
        except JixiaoError as exc:
            self.show_problem(str(exc))
            self.app.bell()
            return
        self.dismiss(result)

    def submit(self) -> Any:  # pragma: no cover - subclasses implement
        raise NotImplementedError

    def text(self, field_id: str) -> str:
        """The field as typed, without control or zero-width characters (as at an import)."""
        value = self.query_one(f"#{field_id}", OrderedInput).value
        return strip_invisible(value, multiline=False)[0].strip()

    def choice(self, field_id: str) -> str:
        return str(self.query_one(f"#{field_id}", Select).value)


class DocumentInfoScreen(DocumentForm):
    """文档信息: the document's code, name, year and rule settings. Dismisses with the changed
    Document (not yet saved: the caller saves it, as one undoable step when it is open)."""

    title_text = "文档信息"

    def __init__(self, doc: Document, key_taken: Callable[[str], bool]) -> None:
        super().__init__()
        self.doc = doc
        self.key_taken = key_taken  # is this key already another document's?

    def fields(self) -> list[Horizontal]:
        doc = self.doc
        return [
            form_row("预算单位编码", text_field(doc.dept_code, "code")),
            form_row("预算单位名称", text_field(doc.dept_name, "name")),
            form_row("预算年度", text_field(str(doc.year or ""), "year")),
            form_row("指标口径", choice_field(PROFILE_OPTIONS, doc.profile.value, "profile")),
            form_row(
                "可持续影响指标",
                choice_field(
                    SUSTAINABLE_OPTIONS, "yes" if doc.allow_sustainable else "no", "sustainable"
                ),
            ),
            form_row(
                "支出计划单位",
                choice_field(PLAN_UNIT_OPTIONS, doc.plan_unit.value, "plan-unit"),
            ),
            form_row("阶段", choice_field(PHASE_OPTIONS, doc.phase.value, "phase")),
        ]

    def on_mount(self) -> None:
        self.query_one("#name", OrderedInput).focus()

    def submit(self) -> Document | None:
        new = replace(
            self.doc,
            dept_code=self.text("code"),
            dept_name=self.text("name"),
            year=int(self.text("year")),
            profile=Profile(self.choice("profile")),
            allow_sustainable=self.choice("sustainable") == "yes",
            plan_unit=PlanUnit(self.choice("plan-unit")),
            phase=Phase(self.choice("phase")),
        )
        if new.key != self.doc.key and self.key_taken(new.key):
            raise JixiaoError(
                f"文档 {new.key} 已存在，不能改为该编码和年度；请换一个或先删除那个文档"
            )
        if all(getattr(new, f) == getattr(self.doc, f) for f in DOCUMENT_FIELDS):
            return None  # nothing changed
        return new


def edit_open_document_info(app: Any, after: Callable[[], None] | None = None) -> None:
    """文档信息 of the document open in the editor: the change is one undoable step, saved in
    the background like every edit (a changed code or year renames the stored document)."""
    session = app.session
    if session is None:
        return
    own = {session.doc.key, session.saved_doc.key}

    def taken(key: str) -> bool:
        return key not in own and documents.exists(app.store, key)

    def done(new: Document | None) -> None:
        if new is not None and app.session is session:
            phase_changed = new.phase is not session.doc.phase
            session.apply(new, "修改文档信息")
            app.doc_key = new.key
            message = f"已修改文档信息：{new.key} {new.dept_name}"
            if phase_changed:
                choose(app, None)  # the editor shows the new phase's table
                message += f"；阶段：{new.phase.label}（{TABLE_NAME[new.phase]}）"
            app.edited(message)
        if after is not None:
            after()

    app.push_screen(DocumentInfoScreen(session.doc, taken), done)
