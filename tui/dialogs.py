"""Modal dialogs: confirm, choose from a list, save conflicts field by field, help, import/export."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Input, OptionList
from textual.widgets.option_list import Option

from exporters.base import WORD_TABLES, ImportOptions, ImportResult
from model import Document, JixiaoError
from service import errors, imports
from service.errors import DocumentExists
from service.imports import ImportRefused, Mode, PlannedImport

from .cells import fit, safe_text
from .widgets import OrderedInput, Plain

if TYPE_CHECKING:
    from storage import ConflictError

CANCEL = [Binding("escape", "cancel", "取消", show=False)]
T = TypeVar("T")


class Dialog(ModalScreen):
    BINDINGS = CANCEL

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmScreen(Dialog):
    """Yes/no: y or Enter on 确定; n or Esc cancels."""

    BINDINGS = CANCEL + [
        Binding("y", "yes", "确定", show=False),
        Binding("n", "cancel", "取消", show=False),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Plain(self.question, classes="question")
            with Horizontal(classes="buttons"):
                yield Button("确定 (y)", id="yes", variant="error")
                yield Button("取消 (n/Esc)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_yes(self) -> None:
        self.dismiss(True)


class AskScreen(Dialog):
    """A question with a few answers, each a button and a letter; Esc answers None (返回)."""

    def __init__(self, question: str, answers: list[tuple[str, str, str]]) -> None:
        """answers: (id, label, key) — the dialog is dismissed with the chosen id."""
        super().__init__()
        self.question = question
        self.answers = answers

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Plain(self.question, classes="question")
            with Horizontal(classes="buttons"):
                for answer, label, key in self.answers:
                    yield Button(f"{label} ({key})", id=f"ask-{answer}")

    def on_mount(self) -> None:
        self.query(Button).last().focus()  # the last answer is the safe one (返回)

    def on_key(self, event: Any) -> None:
        for answer, _label, key in self.answers:
            if event.key == key:
                event.stop()
                self.dismiss(answer)
                return

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss((event.button.id or "").removeprefix("ask-"))


class ChoiceScreen(Dialog):
    """Pick one name from a list (the framework's level-1 or level-2 names)."""

    def __init__(self, title: str, options: list[str], current: str) -> None:
        super().__init__()
        self.title_text = title
        self.options = list(options)
        self.current = current
        if current and current not in self.options:
            self.options.append(current)  # keep what the user wrote (a local synonym)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Plain(f"{self.title_text}（回车选定，Esc 取消）", classes="question")
            wide = getattr(self.app, "wide", False)
            yield OptionList(
                *[Option(Text(safe_text(o, wide)), id=str(n)) for n, o in enumerate(self.options)]
            )

    typed = ""  # text typed on the cell that opened the list: the first option holding it

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        if self.current in self.options:
            options.highlighted = self.options.index(self.current)
        match = next(
            (n for n, o in enumerate(self.options) if self.typed and self.typed in o), None
        )
        if match is not None:
            options.highlighted = match

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.options[event.option_index])


def conflict_reason(error: ConflictError) -> str:
    """What happened, in the dialog's words, from the error's fields: the store's message is
    worded for the command line (its hints name CLI options, and its ASCII spaces are where a
    line would break, while Chinese wraps anywhere)."""
    who = f"（{error.by}）" if error.by else ""
    if error.expected == 0:
        return f"文档{error.key}已存在{who}，未覆盖"
    if error.actual == 0:
        return f"文档{error.key}已被他人删除{who}，未保存；请另存为新文档"
    return (
        f"文档{error.key}在您打开后已被他人保存{who}（您基于第{error.expected}版，"
        f"现为第{error.actual}版），未覆盖；请重新载入后再改"
    )


CHOICE_TEXT = {"mine": "我的", "theirs": "对方的"}


class FieldConflictScreen(Dialog):
    """Both sides changed the same field: one row per conflict (位置, 我的, 对方的), choose per
    row or for all, or type a value; Ctrl+S saves with the choices (everything else of both
    sides is kept either way). Esc: not now — the edits stay, unsaved, and the next save asks
    again. Dismissed with {Conflict.path: "mine" | "theirs" | typed text}, or None."""

    BINDINGS = CANCEL + [
        Binding("m", "choose('mine')", "我的", show=False),
        Binding("t", "choose('theirs')", "对方的", show=False),
        Binding("M", "choose_all('mine')", "全部我的", show=False),
        Binding("T", "choose_all('theirs')", "全部对方的", show=False),
        Binding("ctrl+s", "done", "保存", show=False),
    ]

    def __init__(self, outcome: Any) -> None:
        super().__init__()
        self.outcome = outcome
        self.conflicts = list(outcome.conflicts)
        self.choices: dict[Any, str] = {}

    def compose(self) -> ComposeResult:
        who = self.outcome.who()
        with Vertical(classes="dialog wide", id="field-conflict"):
            yield Plain(
                f"保存冲突：{who} 也修改了以下 {len(self.conflicts)} 处", classes="dialog-title"
            )
            yield Plain(
                "其余修改（双方的）均已合并，不会丢失。请逐项选择：\n"
                "m 我的　t 对方的　M/T 全部我的/对方的　回车 输入新值　"
                "Ctrl+S 保存　Esc 暂不处理",
                classes="explain",
            )
            yield DataTable(id="conflicts", cursor_type="row", zebra_stripes=True)
            yield Plain("", id="conflict-detail")
            yield Input(id="conflict-value", placeholder="输入新值，回车确定，Esc 取消")

    def on_mount(self) -> None:
        table = self.query_one("#conflicts", DataTable)
        wide = getattr(self.app, "wide", False)
        width = max(60, self.app.size.width * 95 // 100 - 6)
        self._widths = [width - 2 * 16 - 8 - 8, 16, 16, 8]
        for label, w in zip(("位置", "我的", "对方的", "选择"), self._widths, strict=True):
            table.add_column(label, width=w, key=label)
        for n, c in enumerate(self.conflicts):
            where = re.sub("“[^”]*”", "", c.where)  # the project's name: in the detail line
            cells = (where, c.mine, c.theirs, "未选")
            table.add_row(
                *(fit(text, w, wide) for text, w in zip(cells, self._widths, strict=True)),
                key=str(n),
            )
        self.query_one("#conflict-value", Input).display = False
        table.focus()
        self._show_detail()

    @property
    def _row(self) -> int:
        return self.query_one("#conflicts", DataTable).cursor_row

    def _show_detail(self, note: str = "") -> None:
        if not self.conflicts:
            return
        c = self.conflicts[self._row]
        base = f"　原值“{c.base}”" if c.base else ""
        self.query_one("#conflict-detail", Plain).update(note or f"{c.line()}{base}")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def _set(self, n: int, choice: str) -> None:
        c = self.conflicts[n]
        self.choices[c.path] = choice
        shown = CHOICE_TEXT.get(choice, f"“{choice}”")
        self.query_one("#conflicts", DataTable).update_cell(
            str(n), "选择", fit(shown, self._widths[3], getattr(self.app, "wide", False))
        )

    def action_choose(self, choice: str) -> None:
        if self.conflicts:
            self._set(self._row, choice)
            table = self.query_one("#conflicts", DataTable)
            table.move_cursor(row=min(self._row + 1, len(self.conflicts) - 1))

    def action_choose_all(self, choice: str) -> None:
        for n in range(len(self.conflicts)):
            self._set(n, choice)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        c = self.conflicts[self._row]
        if c.kind != "field":
            self._show_detail("此处一方删除、一方修改了整行，只能选择我的（m）或对方的（t）")
            return
        box = self.query_one("#conflict-value", Input)
        typed = self.choices.get(c.path, "mine")
        box.value = c.mine if typed == "mine" else c.theirs if typed == "theirs" else typed
        box.display = True
        box.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._set(self._row, event.value.strip())
        self._close_input()

    def _close_input(self) -> None:
        box = self.query_one("#conflict-value", Input)
        box.display = False
        self.query_one("#conflicts", DataTable).focus()

    def action_cancel(self) -> None:
        if self.query_one("#conflict-value", Input).display:
            self._close_input()
            return
        self.dismiss(None)

    def action_done(self) -> None:
        from model.merge3 import resolve

        missing = [n for n, c in enumerate(self.conflicts) if c.path not in self.choices]
        if missing:
            self.query_one("#conflicts", DataTable).move_cursor(row=missing[0])
            self._show_detail(f"还有 {len(missing)} 处未选择（m 我的 / t 对方的 / 回车 输入）")
            return
        try:  # a typed value must parse as its field does (amounts, say)
            resolve(self.outcome.merged, self.choices)
        except JixiaoError as exc:
            self._show_detail(str(exc))
            return
        self.dismiss(dict(self.choices))


class ReasonScreen(Dialog):
    """已核实: ask why a finding is right as it is. Dismissed with the reason, or None (Esc)."""

    def __init__(self, finding: str) -> None:
        super().__init__()
        self.finding = finding

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Plain("标记为已核实（无需修改）", classes="question")
            yield Plain(self.finding, classes="explain")
            yield OrderedInput("", id="reason", placeholder="核实理由，如：名额上限为 3 人")
            yield Plain(
                "回车确认，Esc 取消；该处内容修改后，问题会重新出现",
                id="reason-message",
                classes="explain",
            )

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        reason = " ".join(event.value.split())
        if not reason:
            self.query_one("#reason-message", Plain).update("✗ 请写明核实的理由")
            return
        self.dismiss(reason)


HELP_KEY_WIDTH = 16  # the key column of the help; descriptions and ids take the rest


def help_lines(rows: list[tuple[str, ...]], width: int) -> Text:
    """The help as lines that fit `width` cells: per group a heading, then for each action its
    keys and description (wrapped, cells.wrap), and under the description, dim, the name
    keys.toml uses for it. Nothing is wider than `width`: no sideways scrolling."""
    from rich.cells import cell_len

    from .cells import wrap

    key_width = min(HELP_KEY_WIDTH, max(8, width // 4))
    room = max(10, width - key_width - 2)
    out = Text(no_wrap=True, overflow="crop")
    group = None
    for row in rows:
        grp, where, key_names, description, action_id = row[:5]
        if grp != group:
            if group is not None:
                out.append("\n")
            out.append(f"【{grp}】\n", style="bold")
            group = grp
        key_lines = wrap(key_names, key_width) or [""]
        desc_lines = wrap(f"{description}（{where}）", room)
        id_lines = wrap(action_id, room)
        for n in range(max(len(key_lines), len(desc_lines))):
            key = key_lines[n] if n < len(key_lines) else ""
            desc = desc_lines[n] if n < len(desc_lines) else ""
            out.append("  ")
            out.append(key + " " * max(0, key_width - cell_len(key)), style="bold")
            out.append(desc + "\n")
        for line in id_lines:
            out.append(" " * (key_width + 2))
            out.append(line + "\n", style="dim")
    out.rstrip()
    return out


class HelpText(Plain):
    """The help's lines, laid out again for the width the dialog has."""

    def __init__(self, rows: list[tuple[str, ...]], **kwargs: Any) -> None:
        super().__init__("", **kwargs)
        self.rows = rows

    def on_resize(self) -> None:
        self.update(help_lines(self.rows, self.content_region.width or 60))


class HelpScreen(Dialog):
    """Every key, from the registry (with the user's remapping). It fits 80×24: the key names
    for keys.toml sit under the descriptions, the list scrolls up and down only."""

    BINDINGS = CANCEL + [
        Binding("f1", "cancel", "关闭", show=False),
        Binding("q", "cancel", "关闭", show=False),
    ]

    def __init__(self, rows: list[tuple[str, ...]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        from textual.containers import VerticalScroll

        from .keys import keymap_path

        with Vertical(classes="dialog wide help"):
            yield Plain(
                "全部按键（Esc 关闭；↑↓ 翻看；Ctrl+P 可搜索并执行任何操作）\n"
                f"改键：在 {keymap_path()} 中写一行，"
                '如 "rows.add_below" = "n"（每项下方灰字即其名称）\n'
                "编辑框：切换界面、退出时自动确认其中的输入；"
                "Esc 取消后，在该格再按回车可恢复刚才的输入",
                classes="question",
            )
            with VerticalScroll(id="help-scroll"):
                yield HelpText(self.rows, id="help-text")

    def on_mount(self) -> None:
        self.query_one("#help-scroll").focus()


# The service's errors in the editor's words: what to do in this dialog.
ADVICE: Any = {
    ImportRefused: lambda e: f"{e.problems[0]}（共 {len(e.problems)} 处错误，未导入）",
    errors.TargetAmbiguous: lambda e: (
        "表格（CSV/Excel）只含部分字段，只能合并到已有文档：请先打开要合并到的文档再导入"
    ),
    errors.KeyUnknown: lambda e: f"{e}；请在文件中填上预算单位编码和年度",
    errors.FormatUnknown: lambda e: f"{e}；文件名请以 .docx、.pdf、.json、.csv 或 .xlsx 结尾",
}


class PathScreen(Dialog):
    """Ask for a file path (export and import). The file is read or written in a thread
    worker, so the screen keeps drawing; the dialog stays open (saying so) until it is done."""

    def __init__(self, title: str, default: str, hint: str) -> None:
        super().__init__()
        self.title_text = title
        self.default = default
        self.hint = hint
        self.busy = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Plain(self.title_text, classes="question")
            yield OrderedInput(self.default, id="path")
            yield from self.more_fields()
            yield Plain(self.hint, id="path-message", classes="explain")

    def more_fields(self) -> ComposeResult:
        """Fields under the path (the export's Word layout); none by default."""
        yield from ()

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.busy:
            return
        path = event.value.strip()
        if not path or path.endswith("/"):
            self.say("✗ 请填写文件路径（含文件名）")
            return
        try:
            self.start(path)
        except JixiaoError as exc:
            self.failed(exc)

    def say(self, text: str) -> None:
        self.query_one("#path-message", Plain).update(text)

    def failed(self, exc: JixiaoError) -> None:
        self.busy = False
        self.say(f"✗ {errors.worded(exc, ADVICE)}")

    def finish(self, message: str, result: Any = True) -> None:
        self.busy = False
        self.app.notify(message, timeout=8)
        self.dismiss(result)

    def in_thread(self, doing: str, work: Callable[[], T], done: Callable[[T], None]) -> None:
        """Run work() in a thread worker; then done(result), or failed(error), on the screen."""
        self.busy = True
        self.say(doing)
        app = self.app

        def run() -> None:
            try:
                result = work()
            except JixiaoError as exc:
                app.call_from_thread(self.failed, exc)
            except OSError as exc:
                app.call_from_thread(self.failed, JixiaoError(f"读写文件失败：{exc.strerror}"))
            else:
                app.call_from_thread(done, result)

        self.run_worker(run, thread=True, group="file", exit_on_error=False)

    def action_cancel(self) -> None:
        if self.busy:
            self.say("正在处理，请稍候…")
        else:
            self.dismiss(None)

    def start(self, path: str) -> None:  # pragma: no cover - subclasses implement
        raise NotImplementedError


# The later tables 导出内容 offers besides the whole document and its 汇总表.
_LATER_TABLES = {name: title for name, title in WORD_TABLES.items() if name != "target"}


class ExportScreen(PathScreen):
    """Export the open document. An existing file is overwritten only after a confirmation,
    and keeps its permissions; a new file gets the usual ones (the umask's)."""

    def __init__(self, doc: Document) -> None:
        from model.identifiers import file_stem

        name = f"{file_stem(doc)}.docx"  # never a path: an old code may hold "/" or ".."
        super().__init__(
            "导出文档到文件（回车导出，Tab 选 Word 指标表格式，Esc 取消）",
            str(Path.cwd() / name),
            "格式由扩展名决定：.docx Word，.pdf PDF（需安装 LibreOffice），.json，.csv，"
            ".xlsx Excel；汇总表在“导出内容”中选",
        )
        self.doc = doc

    def more_fields(self) -> ComposeResult:
        from textual.widgets import Select

        from service import exports

        remembered = dict(exports.layout_choices()).get(self.doc.layout)
        automatic = f"按文档（{remembered}）" if remembered else "按文档（自动选择）"
        options = [(automatic, "")] + [
            (f"{name}  {title}", name) for name, title in exports.layout_choices()
        ]
        with Horizontal(classes="form-row"):
            yield Plain("Word 指标表格式", classes="form-label")
            yield Select(options, value="", allow_blank=False, compact=True, id="layout")
        contents = [
            ("完整文档", "document"),
            ("项目支出绩效目标汇总表（.docx 或 .xlsx）", "summary"),
            *((f"{title}（.docx 或 .pdf）", name) for name, title in _LATER_TABLES.items()),
        ]
        # in 监控 / 自评 the table of the phase is what is usually wanted
        first = {"monitor": "monitor", "evaluate": "evaluate"}.get(self.doc.phase.value, "document")
        with Horizontal(classes="form-row"):
            yield Plain("导出内容", classes="form-label")
            yield Select(contents, value=first, allow_blank=False, compact=True, id="content")

    def chosen_table(self) -> str:
        """The Word table chosen in 导出内容 (target for the whole document or the 汇总表)."""
        from textual.widgets import Select

        chosen = self.query_one("#content", Select).value
        return chosen if isinstance(chosen, str) and chosen in _LATER_TABLES else "target"

    def chosen_format(self, path: str) -> str:
        """The format to write: the extension's, or the 汇总表 in that file type."""
        from textual.widgets import Select

        from service import exports, files

        fmt = files.file_format(path)
        if self.chosen_table() != "target" and fmt not in ("docx", "pdf"):
            raise JixiaoError(
                f"{_LATER_TABLES[self.chosen_table()]}只能导出为 Word 或 PDF："
                "请把文件名改为以 .docx 或 .pdf 结尾"
            )
        if self.query_one("#content", Select).value != "summary":
            return fmt
        return exports.summary_format(fmt, path)

    def chosen_layout(self, path: str) -> str | None:
        """The layout chosen for a Word file; None for automatic or another format."""
        from textual.widgets import Select

        from service import files

        chosen = self.query_one("#layout", Select).value
        if (
            not isinstance(chosen, str)
            or not chosen
            or files.file_format(path) not in ("docx", "pdf")
        ):
            return None
        return chosen

    def start(self, path: str) -> None:
        from service import exports

        self.chosen_format(path)
        try:
            exports.check_target(path)
        except errors.OutputExists:

            def answered(yes: bool | None) -> None:
                if yes:
                    self.export(path, force=True)
                else:
                    self.say("未覆盖；可改一个文件名再按回车")

            question = f"{path} 已存在。覆盖它吗？（原文件的读写权限保持不变）"
            self.app.push_screen(ConfirmScreen(question), answered)
            return
        self.export(path, force=False)

    def export(self, path: str, *, force: bool) -> None:
        from exporters.base import ExportOptions
        from service import exports

        doc = self.doc
        session = getattr(self.app, "session", None)
        revision = session.revision if session is not None and session.doc is doc else None
        fmt = self.chosen_format(path)
        table = self.chosen_table()
        layout = self.chosen_layout(path) if fmt in ("docx", "pdf") and table == "target" else None
        options = ExportOptions(layout=layout, revision=revision, word_table=table)
        doing = "正在用 LibreOffice 转换为 PDF…" if fmt == "pdf" else "正在导出…"
        self.in_thread(
            doing,
            lambda: exports.export_to_path(doc, path, fmt=fmt, options=options, force=force),
            lambda target: self.finish(f"已导出到 {target}"),
        )


class ImportScreen(PathScreen):
    """Import a file. Data for the open document changes it as one undoable step (a whole
    document replaces it, a table of some fields is merged into it); a document already in
    the database asks 替换 / 合并 / 取消; a new one is saved as a new document."""

    def __init__(self) -> None:
        super().__init__(
            "导入文件（回车导入，Esc 取消）",
            str(Path.cwd()) + "/",
            "同一单位同一年度的文档将替换当前内容，表格（CSV/Excel）合并到当前文档"
            "（均可 Ctrl+Z 撤销）；其他文档存为新文档",
        )

    def start(self, path: str) -> None:
        app: Any = self.app
        open_doc = app.session.doc if app.session is not None else None
        options = ImportOptions()  # the file as it is; a table goes to the open document
        source = str(Path(path).expanduser())

        def read() -> tuple[ImportResult, list[PlannedImport] | DocumentExists]:
            result = imports.read_file(source, None, options)
            return result, self.plan(result, source, options, "create", open_doc)

        def got(read: tuple[ImportResult, list[PlannedImport] | DocumentExists]) -> None:
            result, planned = read
            if isinstance(planned, list):
                self.applied(source, planned)
            else:
                self.ask(planned, lambda mode: self.plan(result, source, options, mode, open_doc))

        self.in_thread("正在读取…", read, got)

    def plan(
        self,
        result: ImportResult,
        source: str,
        options: ImportOptions,
        mode: Mode,
        open_doc: Document | None,
    ) -> list[PlannedImport] | DocumentExists:
        """In the worker: work out the import and save the documents that are not open.
        A whole document already in the database (mode "create") is returned, nothing saved:
        the user chooses."""
        app: Any = self.app
        try:
            planned = imports.plan_import(
                app.store, result, source=source, options=options, mode=mode, open_doc=open_doc
            )
        except DocumentExists as exists:
            return exists
        imports.save_planned(app.store, [p for p in planned if not p.for_open_doc])
        return planned

    def ask(self, exists: DocumentExists, plan: Callable[[Mode], Any]) -> None:
        """替换 / 合并 / 取消 for a document already in the database."""

        def chosen(choice: str | None) -> None:
            if choice is None:
                self.busy = False
                self.say("未导入")
                return
            mode: Mode = "replace" if choice.startswith("替换") else "merge"
            self.in_thread(
                "正在导入…", lambda: plan(mode), lambda got: self.applied(exists.source, got)
            )

        options = ["替换（换成文件中的内容）", "合并（按项目编码合并进去）"]
        self.app.push_screen(ChoiceScreen(f"文档 {exists.key} 已在数据库中", options, ""), chosen)

    def applied(self, source: str | None, planned: list[PlannedImport] | DocumentExists) -> None:
        if not isinstance(planned, list):  # created by someone else meanwhile
            self.failed(planned)
            return
        app: Any = self.app
        name = Path(source or "").name
        messages = []
        for item in planned:
            outcome = item.outcome
            if item.for_open_doc:
                app.session.apply(item.doc, f"导入 {name}")
                app.edited(f"已导入 {name}")
                done = "替换了" if outcome.action == "替换" else "合并到"
                messages.append(f"已用 {name} {done}当前文档（Ctrl+Z 可撤销）")
            else:
                where = "（Ctrl+O 切换）" if app.session is not None else ""
                messages.append(
                    f"已{outcome.action}文档 {outcome.key}（第 {outcome.revision} 版）{where}"
                )
        self.finish("；".join(messages), [item.doc.key for item in planned])
