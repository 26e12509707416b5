"""Modal dialogs: confirm, choose from a list, save conflict, differences, help, import/export."""

from __future__ import annotations

import difflib
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Input, OptionList, TextArea
from textual.widgets.option_list import Option

from model import Document, JixiaoError, format_amount

from .widgets import OrderedInput, Plain

if TYPE_CHECKING:
    from storage import ConflictError

CANCEL = [Binding("escape", "cancel", "取消", show=False)]


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
            yield OptionList(*[Option(Text(o), id=str(n)) for n, o in enumerate(self.options)])

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        if self.current in self.options:
            options.highlighted = self.options.index(self.current)

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


class ConflictScreen(Dialog):
    """Our save was refused because someone else saved first. Never overwrite silently."""

    BINDINGS = CANCEL + [
        Binding("r", "choose('reload')", "重新载入", show=False),
        Binding("c", "choose('copy')", "另存副本", show=False),
        Binding("v", "diff", "查看差异", show=False),
    ]

    def __init__(self, error: ConflictError) -> None:
        super().__init__()
        self.reason = conflict_reason(error)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="conflict"):
            yield Plain("保存冲突", classes="dialog-title")
            yield Plain(self.reason, classes="question")
            yield Plain(
                "您的修改尚未写入。请选择：\n"
                "·重新载入对方版本（r）：您的版本可用Ctrl+Z取回\n"
                "·另存我的版本为副本（c）：新文档“编码-副本N/年度”，对方不动\n"
                "·查看差异（v）；按Esc暂不处理",
                classes="explain",
            )
            with Horizontal(classes="buttons"):
                yield Button("重新载入对方版本", id="reload")
                yield Button("另存我的版本为副本", id="copy", variant="primary")
                yield Button("查看差异", id="diff")

    def on_mount(self) -> None:
        self.query_one("#copy", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "diff":
            self.action_diff()
        else:
            self.dismiss(event.button.id)

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)

    def action_diff(self) -> None:
        app: Any = self.app
        session = app.session
        try:
            theirs, revision = session.store.load(session.saved_doc.key)
        except JixiaoError as exc:
            self.app.notify(str(exc), severity="error")
            return
        self.app.push_screen(DiffScreen(theirs, session.doc, revision))


def document_lines(doc: Document) -> list[str]:
    """The document as lines of text for a readable diff."""
    lines = [f"预算单位：{doc.dept_code} {doc.dept_name}", f"预算年度：{doc.year}"]
    for n, text in enumerate(doc.part1.overall, 1):
        lines.append(f"总体目标 {n}：{text}")
    for n, item in enumerate(doc.part1.items, 1):
        lines += [
            f"分项目标 {n} 标题：{item.title}",
            f"分项目标 {n} 绩效目标：{item.goal}",
            f"分项目标 {n} 绩效指标：{item.measure}",
        ]
    for n, m in enumerate(doc.part1.measures, 1):
        lines += [f"保障措施 {n} 标题：{m.title}", f"保障措施 {n} 内容：{m.body}"]
    for n, p in enumerate(doc.projects, 1):
        head = f"项目 {n} {p.name}"
        amounts = " ".join(format_amount(v) or "-" for v in (p.budget, p.fiscal, p.other))
        plan = " ".join(format_amount(v) or "-" for v in p.plan.as_list())
        lines += [
            f"{head}：编码 {p.code}",
            f"{head}：预算数/财政/其他 {amounts}",
            f"{head}：支出计划 {plan}",
            f"{head}：资金用途 {p.purpose}",
        ]
        lines += [f"{head}：绩效目标 {g}" for g in p.goals]
        for i, ind in enumerate(p.indicators, 1):
            lines.append(
                f"{head} 指标 {i}：{ind.level1}｜{ind.level2}｜{ind.name}｜"
                f"{ind.description}｜{ind.value}｜{ind.basis}"
            )
    return [line.replace("\n", " / ") for line in lines]


def diff_text(theirs: Document, mine: Document) -> str:
    diff = difflib.unified_diff(
        document_lines(theirs), document_lines(mine), "对方版本", "我的版本", lineterm="", n=1
    )
    text = "\n".join(diff)
    return text or "两个版本内容相同"


class DiffScreen(Dialog):
    BINDINGS = CANCEL + [Binding("q", "cancel", "关闭", show=False)]

    def __init__(self, theirs: Document, mine: Document, revision: int) -> None:
        super().__init__()
        self.theirs = theirs
        self.mine = mine
        self.revision = revision

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Plain(
                f"差异：- 对方版本（第 {self.revision} 版）  + 我的版本　（Esc 关闭）",
                classes="question",
            )
            yield TextArea(diff_text(self.theirs, self.mine), read_only=True, soft_wrap=True)

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()


class HelpScreen(Dialog):
    """Every key, from the registry (with the user's remapping)."""

    BINDINGS = CANCEL + [
        Binding("f1", "cancel", "关闭", show=False),
        Binding("q", "cancel", "关闭", show=False),
    ]

    def __init__(self, rows: list[tuple[str, ...]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            from .keys import keymap_path

            yield Plain(
                "全部按键（Esc 关闭；Ctrl+P 可搜索并执行任何操作）\n"
                f'改键：在 {keymap_path()} 中写一行，如  "rows.add_below" = "n"',
                classes="question",
            )
            table: DataTable = DataTable(cursor_type="row", id="help-table")
            yield table

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("分组", "适用于", "按键", "操作", "改键用的名称")
        for row in self.rows:
            table.add_row(*(Text(cell) for cell in row))
        table.focus()


class PathScreen(Dialog):
    """Ask for a file path (export and import)."""

    def __init__(self, title: str, default: str, hint: str) -> None:
        super().__init__()
        self.title_text = title
        self.default = default
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Plain(self.title_text, classes="question")
            yield OrderedInput(self.default, id="path")
            yield Plain(self.hint, id="path-message", classes="explain")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            message = self.run(event.value.strip())
        except JixiaoError as exc:
            self.query_one("#path-message", Plain).update(f"✗ {exc}")
            return
        self.app.notify(message, timeout=8)
        self.dismiss(True)

    def run(self, path: str) -> str:  # pragma: no cover - subclasses implement
        raise NotImplementedError


def write_atomic(path: Path, data: bytes) -> None:
    path = path.expanduser()
    fd, tmp = tempfile.mkstemp(dir=path.parent or ".", prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class ExportScreen(PathScreen):
    def __init__(self, doc: Document) -> None:
        name = f"{doc.dept_code}-{doc.year}.docx"
        super().__init__(
            "导出文档到文件（回车导出，Esc 取消）",
            str(Path.cwd() / name),
            "格式由扩展名决定：.docx Word，.json，.csv，.xlsx Excel",
        )
        self.doc = doc

    def run(self, path: str) -> str:
        from exporters.registry import format_module, guess_format

        if not path:
            raise JixiaoError("请填写文件路径")
        target = Path(path).expanduser()
        if not target.parent.is_dir():
            raise JixiaoError(f"目录 {target.parent} 不存在")
        module = format_module(guess_format(target, None))
        try:
            write_atomic(target, module.write(self.doc))
        except OSError as exc:
            raise JixiaoError(f"无法写入 {target}：{exc.strerror}") from None
        return f"已导出到 {target}"


class ImportScreen(PathScreen):
    """Import a file: the same document (code and year) replaces the open one as one undoable
    step; another document is added to the database."""

    def __init__(self) -> None:
        super().__init__(
            "导入文件（回车导入，Esc 取消）",
            str(Path.cwd()) + "/",
            "同一单位同一年度的文档将替换当前内容（可 Ctrl+Z 撤销）；其他文档存为新文档",
        )

    def run(self, path: str) -> str:
        from exporters.registry import format_module, guess_format

        source = Path(path).expanduser()
        if not source.is_file():
            raise JixiaoError(f"找不到文件 {source}")
        module = format_module(guess_format(source, None))
        app: Any = self.app
        result = module.read(source.read_bytes(), source=str(source))
        if result.errors:
            first = result.errors[0]
            raise JixiaoError(f"{first}（共 {len(result.errors)} 处错误，未导入）")
        if result.partial or not result.documents:
            raise JixiaoError("该文件只含部分字段，请用命令行 jixiao import --merge 导入")
        messages = []
        for doc in result.documents:
            if doc.key == app.doc.key:
                app.session.apply(doc, f"导入 {source.name}")
                app.edited(f"已导入 {source.name}")
                messages.append(f"已用 {source.name} 替换当前文档（Ctrl+Z 可撤销）")
            else:
                app.store.save(doc, 0)
                messages.append(f"已导入新文档 {doc.key}（Ctrl+O 切换）")
        return "；".join(messages)
