"""The command line's own words in Chinese, in one place: help headings, metavars, the
[默认：…]/[必填] markers, and the usage errors click/typer would print in English.

typer ≥ 0.29 vendors click, whose messages are f-strings (no gettext catalog can reach them),
so the help formatter rewrites the few fixed strings and `usage_error_lines` words every usage
error from the exception's own fields. Nothing here imports rich."""

from __future__ import annotations

import functools
import re
from typing import Any

try:  # typer ≥ 0.29 vendors click; older releases use click itself
    from typer._click import exceptions as click_exceptions
    from typer._click.formatting import HelpFormatter
except ImportError:  # pragma: no cover
    from click import exceptions as click_exceptions  # type: ignore[no-redef]
    from click.formatting import HelpFormatter  # type: ignore[no-redef]

from .textfmt import display_width, wrap

_WORDS = {
    "Usage: ": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Arguments": "参数",
    "Show this message and exit.": "显示本帮助并退出。",
}

# The type names typer shows after an option or argument (<str>, <list[str]>, INTEGER …).
METAVARS = {
    "str": "文本",
    "int": "整数",
    "float": "数字",
    "path": "路径",
    "bool": "是/否",
    "list[str]": "文本…",
    "list[int]": "整数…",
    "text": "文本",
    "integer": "整数",
}
_METAVAR_RE = re.compile(r"<([a-z\[\]]+)>")
_UPPER_METAVARS = {"TEXT": "文本", "INTEGER": "整数", "FLOAT": "数字", "PATH": "路径"}


def metavar_zh(text: str) -> str:
    """`<str>` → `<文本>`, `INTEGER` → `整数` (the types typer prints), other text unchanged."""
    text = _METAVAR_RE.sub(lambda m: f"<{METAVARS.get(m.group(1), m.group(1))}>", text)
    for english, chinese in _UPPER_METAVARS.items():
        text = re.sub(rf"\b{english}\b", chinese, text)
    return text


def markers_zh(text: str) -> str:
    """`[default: x]` → `[默认：x]`, `[required]` → `[必填]` (also combined: `[default: x; required]`)."""

    def word(match: re.Match[str]) -> str:
        parts = []
        for part in match.group(1).split("; "):
            if part == "required":
                parts.append("必填")
            elif part.startswith("default: "):
                parts.append("默认：" + part[len("default: ") :])
            elif part.startswith("env var: "):
                parts.append("环境变量：" + part[len("env var: ") :])
            else:
                parts.append(part)
        return "[" + "；".join(parts) + "]"

    return re.sub(r"\[((?:default: |required|env var: )[^\]]*)\]", word, text)


class ChineseHelpFormatter(HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(
            prog,
            metavar_zh(
                args.replace("[OPTIONS]", "[选项]")
                .replace("COMMAND", "命令")
                .replace("[ARGS]...", "[参数]...")
            ),
            prefix or "用法：",
        )

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{_WORDS.get(heading, heading)}：\n")

    def section(self, name: str):  # type: ignore[override]
        return super().section(_WORDS.get(name, name))

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        for line in wrap(text, self.width - self.current_indent):
            self.write(f"{indent}{line}\n" if line else "\n")

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:  # type: ignore[override]
        """click's definition list measured in display columns (CJK = 2), both columns wrapped."""
        rows = [(metavar_zh(t), markers_zh(_WORDS.get(h, h))) for t, h in rows]
        first = min(max((display_width(t) for t, _ in rows), default=0), col_max) + col_spacing
        indent = " " * self.current_indent
        text_width = max(self.width - self.current_indent - first, 10)
        for term, text in rows:
            lines = wrap(text, text_width) if text else []
            if display_width(term) <= first - col_spacing:
                head = f"{indent}{term}{' ' * (first - display_width(term))}"
            else:
                self.write(f"{indent}{term}\n")
                head = indent + " " * first
            if not lines:
                self.write(f"{indent}{term}\n" if head.strip() else "")
                continue
            self.write(f"{head}{lines[0]}\n".rstrip(" "))
            for line in lines[1:]:
                self.write(f"{indent}{' ' * first}{line}\n")


def install() -> None:
    """Make every help screen of this process use the Chinese headings (best effort)."""
    try:
        from typer._click import core
    except ImportError:  # pragma: no cover
        from click import core  # type: ignore[no-redef]
    core.Context.formatter_class = ChineseHelpFormatter


# -- usage errors -----------------------------------------------------------------------------


@functools.cache
def _messages() -> list[tuple[re.Pattern[str], Any]]:
    """Fixed messages and message shapes from click/typer, in Chinese (whole-message match);
    compiled on the first usage error, not at start-up."""
    return [
        (re.compile(r"No such command '(.*)'\.(?: Did you mean (.*)\?)?", re.S), None),
        (re.compile(r"Missing command\.?"), lambda m: "缺少命令"),
        (
            re.compile(r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)", re.S),
            lambda m: f"多余的参数：{m.group(1)}",
        ),
        (
            re.compile(r"Option '(.*)' requires (?:an argument|(\d+) arguments)\.", re.S),
            lambda m: (
                f"选项 {m.group(1)} 后面要写一个值"
                if not m.group(2)
                else f"选项 {m.group(1)} 后面要写 {m.group(2)} 个值"
            ),
        ),
        (
            re.compile(r"Option '(.*)' does not take a value\.", re.S),
            lambda m: f"选项 {m.group(1)} 不带值",
        ),
        (
            re.compile(r"Argument '(.*)' takes (\d+) values\.", re.S),
            lambda m: f"参数 {m.group(1)} 要写 {m.group(2)} 个值",
        ),
    ]


# What a bad value should have been, from the English reason typer/pydantic gives.
_REASONS = [
    (r"valid integer|is not a valid int", "应为整数"),
    (r"valid number|valid float|is not a valid float", "应为数字"),
    (r"valid boolean|is not a valid bool", "应为是或否"),
    (r"is not one of|Input should be '", "不是可选的值之一"),
    (r"does not exist", "不存在"),
]


def _hint(exc: Any) -> str:
    """The parameter a BadParameter/MissingParameter names: --year, or DOC."""
    hint = getattr(exc, "param_hint", None)
    param = getattr(exc, "param", None)
    if hint is None and param is not None:
        if getattr(param, "param_type_name", "") == "argument":
            hint = getattr(param, "metavar", None) or str(param.name or "").upper()
        else:
            hint = list(getattr(param, "opts", None) or [param.name])
    if isinstance(hint, (list, tuple)):
        hint = " / ".join(hint)
    return str(hint or "").replace("'", "")


def _reason(message: str) -> str:
    for pattern, chinese in _REASONS:
        if re.search(pattern, message, re.I):
            return chinese
    return "无法识别"


def error_message(exc: Any) -> str:
    """One usage error's message in Chinese (without the 错误： prefix); never raises."""
    try:
        return _error_message(exc)
    except Exception:  # pragma: no cover - a shape of error this table does not know
        return "命令行写法有误"


def _error_message(exc: Any) -> str:
    if isinstance(exc, click_exceptions.MissingParameter):
        hint = _hint(exc)
        param = getattr(exc, "param", None)
        kind = "选项" if getattr(param, "param_type_name", "") == "option" else "参数"
        return f"缺少{kind} {hint}".rstrip()
    if isinstance(exc, click_exceptions.NoSuchOption):
        text = f"没有选项 {exc.option_name}"
        if exc.possibilities:
            text += f"；您是不是要用 {'、'.join(sorted(exc.possibilities))}"
        return text
    if isinstance(exc, click_exceptions.BadParameter):
        hint = _hint(exc)
        where = f"{hint} 的值" if hint else "值"
        value = re.search(r"(?:Value |^)'([^']*)'", exc.message)
        shown = f"“{value.group(1)}”" if value else ""
        return f"{where}{shown}无效：{_reason(exc.message)}"
    message = str(getattr(exc, "message", exc))
    for pattern, word in _messages():
        match = pattern.fullmatch(message.strip())
        if not match:
            continue
        if word is None:  # No such command …, with click's suggestion
            text = f"没有命令“{match.group(1)}”"
            if match.group(2):
                names = re.findall(r"'([^']*)'", match.group(2))
                text += f"；您是不是要用 {'、'.join(names)}"
            return text
        return str(word(match))
    return message


def usage_error_lines(exc: Any) -> list[str]:
    """What to print for a usage error: the usage line, the hint to -h, and 错误：…"""
    ctx = getattr(exc, "ctx", None)
    lines: list[str] = []
    if ctx is not None:
        lines.append(ctx.get_usage())
        if ctx.command.get_help_option(ctx) is not None:
            lines.append(f"用 {ctx.command_path} {ctx.help_option_names[0]} 查看帮助。")
        lines.append("")
    lines.append(f"错误：{error_message(exc)}")
    return lines


def is_usage_error(exc: BaseException) -> bool:
    return isinstance(exc, click_exceptions.UsageError)


def is_click_error(exc: BaseException) -> bool:
    return isinstance(exc, click_exceptions.ClickException)
