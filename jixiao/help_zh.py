"""Chinese headings for the plain (click) help screen, without importing rich at start-up."""

from __future__ import annotations

try:  # typer ≥ 0.29 vendors click; older releases use click itself
    from typer._click.formatting import HelpFormatter
except ImportError:  # pragma: no cover
    from click.formatting import HelpFormatter  # type: ignore[no-redef]

_WORDS = {
    "Usage: ": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Arguments": "参数",
    "Show this message and exit.": "显示本帮助并退出。",
}


class ChineseHelpFormatter(HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(
            prog,
            args.replace("[OPTIONS]", "[选项]")
            .replace("COMMAND", "命令")
            .replace("[ARGS]...", "[参数]..."),
            prefix or "用法：",
        )

    def section(self, name: str):  # type: ignore[override]
        return super().section(_WORDS.get(name, name))

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:  # type: ignore[override]
        rows = [(term, _WORDS.get(text, text)) for term, text in rows]
        super().write_dl(rows, col_max, col_spacing)


def install() -> None:
    """Make every help screen of this process use the Chinese headings (best effort)."""
    try:
        from typer._click import core
    except ImportError:  # pragma: no cover
        from click import core  # type: ignore[no-redef]
    core.Context.formatter_class = ChineseHelpFormatter
