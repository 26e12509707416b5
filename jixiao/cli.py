"""The `jixiao` command. Commands are thin: they parse options, call the service layer (which
the editor uses too) and print; the service's errors get their option hints here (flag_hint).
Heavy imports (textual, docx, openpyxl) happen inside the commands that need them, so
`jixiao --help` starts fast."""

# No `from __future__ import annotations` here: typer reads every command's annotations when it
# builds the command tree (for any command, --help included), and string annotations cost an
# eval each — about 25 ms of the 125 ms `jixiao --help` takes (bench/cli_startup.py).
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from model.errors import JixiaoError
from service import errors

from . import completion, textfmt

app = typer.Typer(
    name="jixiao",
    help="绩效 — 预算绩效目标编辑器。不带命令时打开编辑器。",
    add_completion=False,
    no_args_is_help=False,
    rich_markup_mode=None,  # plain help: no rich import on the start-up path
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,  # user errors are one line; bugs keep a plain traceback
)

DocArg = Annotated[
    str | None,
    typer.Argument(
        metavar="DOC",
        help="文档：单位编码/年度，如 903001/2023；库中只有一个文档时可省略",
        autocompletion=completion.when_completing(completion.complete_doc),
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="以 JSON 输出，便于脚本处理")]


class State:
    db_option: str | None = None


def _db_path() -> Path:
    from .paths import resolve_db_path

    return resolve_db_path(State.db_option)[0]


def _store():
    from storage import open_store

    return open_store(_db_path())


def _resolve_doc(store, doc: str | None) -> str:
    from service import documents

    return documents.resolve(store, doc)


def _load(store, doc: str | None):
    from service import documents

    return documents.load(store, doc)


def _ambiguous(exc: errors.TargetAmbiguous) -> str:
    if not exc.candidates:
        return "找不到要合并到的文档；请用 --dept 和 --year 指定（文档须已存在）"
    return (
        f"数据库中有 {len(exc.candidates)} 个文档，请用 --dept 和 --year 指定要导入到哪一个："
        + "、".join(exc.candidates)
    )


# The service's errors name no option: the advice that names one is added here, from the facts.
FLAG_HINTS: Any = {
    errors.DocumentExists: lambda e: (
        f"{e}；替换请加 --replace，合并请加 --merge" if e.source is not None else str(e)
    ),
    errors.OutputExists: lambda e: f"{e}；如确需覆盖请加 --force",
    errors.TargetAmbiguous: _ambiguous,
    errors.ProjectNotFound: lambda e: f"{e}，用 jixiao list {e.key} 查看",
    errors.KeyUnknown: lambda e: f"{e}，请用 --dept 和 --year 指定",
    errors.DocumentNotFound: lambda e: f"{e}。DOC 的写法为 单位编码/年度",
    errors.NoDocuments: lambda e: f"{e}；请先用 jixiao import 导入，或用 jixiao edit 新建",
    errors.DocumentNeeded: lambda e: (
        f"数据库中有 {len(e.candidates)} 个文档，请指定 DOC：" + "、".join(e.candidates)
    ),
    errors.FormatUnknown: lambda e: (
        f"{e}，请加 --format 指定"
        if e.suffix
        else "无法从文件名判断格式，请加 --format（json、docx、csv、xlsx）"
    ),
    errors.LayoutNotWord: lambda e: (
        f"--layout 只用于 Word（docx）和 PDF 导出，{e.fmt} 格式没有指标表格式可选"
    ),
    errors.ImportConflicts: lambda e: (
        f"{e}；请改文件后重新导入，或加 --theirs 保留对方的、加 --mine 采用文件的"
    ),
    errors.StaleReplace: lambda e: f"{e}；请改用 --merge 合并双方的修改",
    errors.BackupNotFound: lambda e: (
        f"没有第 {e.number} 号备份；用 jixiao restore --list 查看（共 {e.count} 个）"
    ),
}


def flag_hint(exc: JixiaoError) -> str:
    """The error's message for the command line, with the option to use."""
    return errors.worded(exc, FLAG_HINTS)


# Text for the terminal: control characters from a file or the database shown, not obeyed.
_safe = textfmt.safe
_echo_err = textfmt.echo_err


def print_safe(message: str) -> None:
    print(_safe(message))


def print_error(exc: JixiaoError) -> None:
    """A user's mistake as the CLI prints it: one line on stderr."""
    _echo_err(f"错误：{flag_hint(exc)}")


def _completion_shell() -> str:
    shell = completion.detect_shell()
    if shell is None:
        raise JixiaoError(
            "无法判断正在使用的 shell；Tab 补全支持 bash、zsh、fish，请在其中之一里运行"
        )
    return shell


def _show_completion(ctx: typer.Context, param: Any, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    print(completion.script(_completion_shell()))
    raise typer.Exit(0)


def _install_completion(ctx: typer.Context, param: Any, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    shell = _completion_shell()
    path = completion.install(shell)
    print(f"已为 {shell} 安装 Tab 补全：{path}；重新打开终端后生效")
    raise typer.Exit(0)


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar="PATH",
            help="数据库文件或 PostgreSQL 地址 postgresql://…（默认：$JIXIAO_DB，否则用户数据目录）",
        ),
    ] = None,
    install_completion: Annotated[
        bool,
        typer.Option(
            "--install-completion",
            is_eager=True,
            expose_value=False,
            callback=_install_completion,
            help="为当前的 shell（bash、zsh、fish）安装 Tab 补全：命令、选项、文档和项目编码",
        ),
    ] = False,
    show_completion: Annotated[
        bool,
        typer.Option(
            "--show-completion",
            is_eager=True,
            expose_value=False,
            callback=_show_completion,
            help="显示当前 shell 的补全脚本，便于复制或自行安装",
        ),
    ] = False,
) -> None:
    """绩效 — 预算绩效目标编辑器。不带命令时打开编辑器。"""
    State.db_option = db
    if ctx.invoked_subcommand is None:
        _open_editor(None)


# -- database ---------------------------------------------------------------------------------


@app.command()
def init() -> None:
    """新建一个空数据库。"""
    from storage import open_store

    store = open_store(_db_path(), create=True)
    print(f"已新建数据库：{getattr(store, 'shown', store.location)}")  # a URL without its password


@app.command()
def where() -> None:
    """显示正在使用的数据库路径。"""
    from .paths import resolve_db_path

    path, source = resolve_db_path(State.db_option)
    print(getattr(path, "shown", path))  # a server's URL without its password
    if not path.exists():
        _echo_err(f"（来自{source}；文件尚不存在，可用 jixiao init 新建）")


@app.command("list")
def list_(doc: DocArg = None, as_json: JsonOpt = False) -> None:
    """列出文档；指定 DOC 时列出其项目。"""
    from model import format_amount
    from model.times import format_time
    from service import documents

    from .textfmt import json_text, table, terminal_width, wrap_hanging

    store = _store()
    if doc is None:
        infos = documents.list_documents(store)
        if as_json:
            from dataclasses import asdict

            print(json_text([asdict(i) for i in infos]))
            return
        if not infos:
            print("数据库中还没有文档。用 jixiao import 文件.docx 导入，或用 jixiao edit 新建。")
            return
        rows = [
            [
                i.key,
                i.dept_name,
                str(i.year),
                str(i.project_count),
                str(i.revision),
                f"{format_time(i.updated)} {i.updated_by}".strip(),
            ]
            for i in infos
        ]
        print(
            table(
                ["文档", "预算单位", "年度", "项目数", "版本", "最后保存"],
                rows,
                terminal_width(),
                keep=(0,),
            )
        )
        return
    document, _ = _load(store, doc)
    if as_json:
        rows = [
            {
                "序号": n,
                "项目编码": p.code,
                "项目名称": p.name,
                "预算数": _amount_json(p.budget),
                "指标数": len(p.indicators),
            }
            for n, p in enumerate(document.projects, 1)
        ]
        print(json_text(rows))
        return
    rows = [
        [str(n), p.code, p.name, format_amount(p.budget), str(len(p.indicators))]
        for n, p in enumerate(document.projects, 1)
    ]
    title = _safe(f"{document.key} {document.dept_name}（单位：{document.money_unit}）")
    print("\n".join(wrap_hanging(title, terminal_width())))
    headers = ["序号", "项目编码", "项目名称", "预算数", "指标数"]
    print(table(headers, rows, terminal_width(), keep=(1,)))


def _amount_json(value) -> str | None:
    from model import format_amount

    return None if value is None else format_amount(value)


@app.command()
def show(
    doc: Annotated[
        str,
        typer.Argument(
            metavar="DOC",
            help="文档（单位编码/年度）；只有一个文档时可只写 PROJECT",
            autocompletion=completion.when_completing(completion.complete_doc_or_project),
        ),
    ],
    project: Annotated[
        str | None,
        typer.Argument(
            metavar="PROJECT",
            help="项目编码、序号或名称中的几个字",
            autocompletion=completion.when_completing(completion.complete_project),
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """以文本显示一个项目。"""
    from service.documents import find_project

    from .show import render_project

    store = _store()
    if project is None:  # `jixiao show PROJECT` when the database holds one document
        doc, project = None, doc
    document, _ = _load(store, doc)
    number, found = find_project(document, project)
    if as_json:
        from model.serialize import project_to_dict

        from .textfmt import json_text

        print(json_text(project_to_dict(found)))
        return
    from .textfmt import terminal_width

    print(render_project(document, found, number, terminal_width()))


# -- files ------------------------------------------------------------------------------------


@app.command("import")
def import_(
    files: Annotated[
        list[str],
        typer.Argument(
            metavar="[DOC] FILE...",
            help="要导入的文件，或一个目录（导入其中全部文件）；- 表示标准输入。"
            "前面可写文档 DOC（单位编码/年度），导入到该文档",
        ),
    ],
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", help="格式：docx、json、csv、xlsx（默认按扩展名）"),
    ] = None,
    dept: Annotated[str | None, typer.Option("--dept", help="预算单位编码（文件中没有时）")] = None,
    year: Annotated[int | None, typer.Option("--year", help="预算年度（文件中没有时）")] = None,
    replace: Annotated[bool, typer.Option("--replace", help="替换已存在的同名文档")] = False,
    merge: Annotated[
        bool,
        typer.Option(
            "--merge",
            help="合并到已存在的文档：文件记有导出版本时与之后他人的修改三方合并，否则按项目编码合并",
        ),
    ] = False,
    theirs: Annotated[
        bool, typer.Option("--theirs", help="与 --merge 合用：冲突处保留数据库中他人的修改")
    ] = False,
    mine: Annotated[
        bool, typer.Option("--mine", help="与 --merge 合用：冲突处采用文件中的内容")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="只显示将要做的改动和发现的问题，不写入")
    ] = False,
    table_name: Annotated[
        str | None,
        typer.Option("--table", help="CSV：indicators（绩效指标，默认）或 projects（项目）"),
    ] = None,
    encoding: Annotated[
        str | None, typer.Option("--encoding", help="CSV：指定编码，如 gbk")
    ] = None,
    recursive: Annotated[
        bool, typer.Option("--recursive", "-r", help="导入目录时连同各级子目录中的文件")
    ] = False,
    all_or_nothing: Annotated[
        bool,
        typer.Option(
            "--all-or-nothing",
            help="导入目录时：有任何一个文件被拒绝就都不导入（默认导入其余的文件）",
        ),
    ] = False,
) -> None:
    """导入文件（Word、JSON、CSV、Excel）到数据库（数据库不存在时自动新建）。每个文档要么完整导入，要么不导入。
    写一个目录时导入其中全部 .docx、.xlsx、.json、.csv 文件，最后列表说明每个文件新建、替换还是被拒绝及原因。"""
    from exporters.base import ImportOptions

    folders = [f for f in files if f != "-" and Path(f).is_dir()]
    if folders and len(files) > 1:
        raise JixiaoError(
            f"{folders[0]} 是目录：导入目录时只写这一个目录（不能再写文档 DOC 或其他文件）"
        )
    if (recursive or all_or_nothing) and not folders:
        used = "--recursive" if recursive else "--all-or-nothing"
        raise JixiaoError(
            f"{used} 只用于导入目录；导入几个文件时本来就是要么全部导入，要么都不导入"
        )
    if replace and merge:
        raise JixiaoError("--replace 与 --merge 只能选一个")
    if theirs and mine:
        raise JixiaoError("--theirs 与 --mine 只能选一个")
    if (theirs or mine) and not merge:
        raise JixiaoError("--theirs 和 --mine 只能与 --merge 一起用")
    resolution = "theirs" if theirs else "mine" if mine else None
    mode = "replace" if replace else "merge" if merge else "create"
    # A missing database is made when the files are read and something is to be saved
    # (as `jixiao edit` does); until then they are planned against an empty one.
    path = _db_path()
    missing = not path.exists()
    if folders:
        _import_folder(
            folders[0],
            path,
            missing=missing,
            fmt=fmt,
            options=ImportOptions(dept=dept, year=year, table=table_name, encoding=encoding),
            mode=mode,
            dry_run=dry_run,
            resolution=resolution,
            recursive=recursive,
            all_or_nothing=all_or_nothing,
        )
        return
    with _empty_store_if(missing) as store:
        _import(
            store,
            files,
            create_at=path if missing and not dry_run else None,
            fmt=fmt,
            options=ImportOptions(dept=dept, year=year, table=table_name, encoding=encoding),
            mode=mode,
            dry_run=dry_run,
            resolution=resolution,
        )


@contextmanager
def _empty_store_if(missing: bool):
    """The database; when it is missing, an empty one in a temporary directory to plan against
    (the real file is made only when something is imported)."""
    if not missing:
        yield _store()
        return
    import tempfile

    from storage import open_store

    with tempfile.TemporaryDirectory(prefix="jixiao-import-") as tmp:
        yield open_store(Path(tmp) / "empty.json", create=True)


def _import(
    store,
    files: list[str],
    *,
    create_at: Path | None,
    fmt: str | None,
    options,
    mode: str,
    dry_run: bool,
    resolution: str | None,
) -> None:
    """import's work: read every file, then save them all (making the database at create_at
    first, when given)."""
    from dataclasses import replace as with_changes

    from service import imports

    kept = {"theirs": "（保留对方的）", "mine": "（采用文件的）"}.get(resolution or "", "")
    target, files = _import_target(store, files)
    if target is not None:  # `jixiao import --merge 903001/2023 file.csv`: DOC, as elsewhere
        if options.dept or options.year:
            raise JixiaoError("已写明文档 DOC，不能再用 --dept 或 --year")
        dept, year = target.rsplit("/", 1)
        options = with_changes(options, dept=dept, year=int(year))
    # Every file is read and every document planned before anything is saved: all are saved
    # in one atomic write, or none.
    parsed: list[imports.FileToImport] = []
    failures = 0
    with _progress(len(files)) as advance:
        for path in files:
            source = "标准输入" if path == "-" else path
            try:
                parsed.append(imports.FileToImport(source, _read_import(path, fmt, options)))
            except imports.ImportRefused as refused:
                failures += 1
                for line in _refusal(source, refused):
                    _echo_err(line)
            except JixiaoError as exc:
                if len(files) == 1:
                    raise
                failures += 1
                _echo_err(f"错误：{_safe(flag_hint(exc))}")
            advance()
    if failures:
        if len(files) > 1:
            _echo_err(f"错误：{len(files)} 个文件中有 {failures} 个有问题，未导入任何文件")
        raise typer.Exit(1)
    if create_at is not None:
        from storage import open_store

        store = open_store(create_at, create=True)
        _echo_err(f"已新建数据库：{create_at}")
    try:
        outcomes = imports.import_files(
            store, parsed, options=options, mode=mode, dry_run=dry_run, resolution=resolution
        )
    except errors.ImportConflicts as refused:
        for line in _refusal(refused.source, refused):
            _echo_err(line)
        raise typer.Exit(1) from None
    for outcome in outcomes:
        source = outcome.source
        for note in outcome.notes:
            _echo_err(_safe(f"{source}：{note}"))
        for warning in outcome.warnings:
            _echo_err(_safe(f"{source}：提示：{warning}"))
        if dry_run:
            for change in outcome.changes:
                print(_safe(f"  {change}"))
            for conflict in outcome.conflicts:
                print(_safe(f"  冲突{kept}：{conflict.line()}"))
            if outcome.conflicts and resolution is None:
                failures += 1
        else:
            for conflict in outcome.conflicts:
                _echo_err(_safe(f"{source}：冲突{kept}：{conflict.line()}"))
        print(_safe(outcome.summary()))
    if failures:
        raise typer.Exit(1)


def _import_folder(
    folder: str,
    path: Path,
    *,
    missing: bool,
    fmt: str | None,
    options,
    mode: str,
    dry_run: bool,
    resolution: str | None,
    recursive: bool,
    all_or_nothing: bool,
) -> None:
    """`jixiao import DIR/`: every file in the folder, each accepted or refused on its own;
    the accepted ones saved in one write (none, with --all-or-nothing, when any is refused);
    a table of what each file did and why; exit code 1 when any file was refused."""
    import os

    from service import imports

    paths, skipped = imports.folder_files(folder, recursive=recursive)
    for item in skipped:
        _echo_err(f"跳过 {item}")
    if not paths:
        raise JixiaoError(f"{folder}：目录中没有可导入的文件（.docx、.xlsx、.json、.csv）")
    parsed: list[imports.FileToImport] = []
    unread: list[imports.Refusal] = []
    with _progress(len(paths)) as advance:
        for name in paths:
            try:
                parsed.append(imports.FileToImport(name, _read_import(name, fmt, options)))
            except JixiaoError as exc:
                unread.append(imports.refusal(name, exc))
            advance()

    def run(store, dry: bool):
        return imports.import_each(
            store,
            parsed,
            options=options,
            mode=mode,
            dry_run=dry,
            resolution=resolution,
            all_or_nothing=all_or_nothing,
            unread=unread,
        )

    with _empty_store_if(missing) as store:
        done = run(store, dry=dry_run or missing)
    if missing and not dry_run and done.outcomes and not (all_or_nothing and done.refused):
        from storage import open_store

        store = open_store(path, create=True)  # planned against an empty one: now made
        _echo_err(f"已新建数据库：{path}")
        done = run(store, dry=False)
    for outcome in done.outcomes:
        for note in outcome.notes:
            _echo_err(_safe(f"{outcome.source}：{note}"))
        for warning in outcome.warnings:
            _echo_err(_safe(f"{outcome.source}：提示：{warning}"))

    def shown(source: str) -> str:
        return os.path.relpath(source, folder)

    held = all_or_nothing and bool(done.refused)
    rows: list[tuple[str, list[str]]] = []  # (source, row): the table in the files' order
    for outcome in done.outcomes:
        result = "未导入" if held else outcome.action
        why = "其他文件被拒绝（--all-or-nothing）" if held else f"{outcome.projects} 个项目"
        rows.append((outcome.source, [shown(outcome.source), outcome.key, result, why]))
    for refused in done.refused:
        why = flag_hint(refused.error).replace("\n", " ")
        prefix = f"{refused.source}："
        why = why[len(prefix) :] if why.startswith(prefix) else why
        rows.append((refused.source, [shown(refused.source), refused.key or "—", "拒绝", why]))
    order = {name: n for n, name in enumerate(paths)}
    rows.sort(key=lambda r: order.get(r[0], len(order)))
    from .textfmt import table, terminal_width, wrap_hanging

    print(
        table(["文件", "文档", "结果", "原因"], [r for _, r in rows], terminal_width(), keep=(1,))
    )
    counts: dict[str, int] = {}
    for outcome in done.outcomes:
        counts[outcome.action] = counts.get(outcome.action, 0) + 1
    did = "、".join(f"{action} {n} 个文档" for action, n in counts.items())
    files_word = f"{len(paths)} 个文件"
    if done.refused:
        files_word += f"中 {len(done.refused)} 个被拒绝"
    if dry_run:
        tail = f"将{did}；--dry-run，未写入" if did else "没有可导入的文档"
    elif done.saved:
        tail = f"已{did}（一次保存）"
    elif held:
        tail = "按 --all-or-nothing 未导入任何文件"
    else:
        tail = "未导入任何文件"
    line = f"{files_word}，{tail}"
    if skipped:
        line += f"；跳过 {len(skipped)} 项（见上）"
    print("\n".join(wrap_hanging(_safe(line), terminal_width())))
    if done.refused:
        print(
            "\n".join(
                wrap_hanging(
                    "单独导入被拒绝的文件可看到它的全部问题：jixiao import 文件", terminal_width()
                )
            )
        )
        raise typer.Exit(1)


def _refusal(source: str, exc: JixiaoError) -> list[str]:
    """A refused file's lines: each problem, or each conflict, then what happened."""
    if isinstance(exc, errors.ImportConflicts):
        lines = [f"{source}：冲突：{c.line()}" for c in exc.conflicts]
        return [_safe(line) for line in (*lines, f"错误：{flag_hint(exc)}")]
    problems = getattr(exc, "problems", [])
    lines = [
        *(f"{source}：{p}" for p in problems),
        f"{source}：发现 {len(problems)} 个问题，未导入",
    ]
    return [_safe(line) for line in lines]


def _import_target(store, files: list[str]) -> tuple[str | None, list[str]]:
    """The DOC a first argument names (单位编码/年度, an existing document, not a file), and
    the files after it."""
    import re

    first = files[0] if files else ""
    if len(files) > 1 and re.fullmatch(r"[^/\s]+/\d{4}", first) and not Path(first).exists():
        from service import documents

        return documents.resolve(store, first), files[1:]
    return None, files


def _read_import(path: str, fmt: str | None, options):
    """A file, or standard input for '-' (its format must be given)."""
    from service import files, imports

    if path == "-":
        fmt = files.file_format("-", fmt)
        from service.files import read_stream

        data = read_stream(sys.stdin.buffer, "标准输入")
        return imports.parse(data, fmt, source="标准输入", options=options)
    return imports.read_file(path, fmt, options)


class _NoProgress:
    def __enter__(self):
        return lambda: None

    def __exit__(self, *exc) -> None:
        return None


def _progress(total: int, label: str = "导入中"):
    """A progress bar on stderr when working through several files interactively."""
    if total < 2 or not sys.stderr.isatty():
        return _NoProgress()
    from contextlib import contextmanager

    from rich.console import Console
    from rich.progress import Progress

    @contextmanager
    def bar():
        with Progress(console=Console(stderr=True), transient=True) as progress:
            task = progress.add_task(label, total=total)
            yield lambda: progress.advance(task)

    return bar()


@app.command()
def export(
    doc: DocArg = None,
    target: Annotated[
        str | None, typer.Argument(metavar="[OUT]", help="输出文件，同 -o；- 表示标准输出")
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="格式：docx、json、csv、xlsx、pdf、summary-docx、summary-xlsx（汇总表）；默认按输出文件扩展名",
        ),
    ] = None,
    out: Annotated[
        str | None,
        typer.Option("-o", "--output", metavar="OUT", help="输出文件；- 或省略表示标准输出"),
    ] = None,
    projects: Annotated[
        list[str] | None,
        typer.Option(
            "--project",
            metavar="CODE",
            help="只导出这些项目（可重复）",
            autocompletion=completion.when_completing(completion.complete_project),
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的输出文件")] = False,
    landscape: Annotated[
        bool | None,
        typer.Option(
            "--landscape/--portrait",
            help="Word/PDF：纸张横向或纵向（默认按表格：2021 格式的绩效目标表和自评汇总表横向，其余纵向）",
        ),
    ] = None,
    summary: Annotated[
        bool,
        typer.Option("--summary", help="导出项目支出绩效目标汇总表（.docx 或 .xlsx）"),
    ] = False,
    table_name: Annotated[
        str | None,
        typer.Option(
            "--table",
            metavar="NAME",
            help="Word/PDF 的表：target（绩效目标表，默认）、monitor（项目支出绩效目标执行监控表）、"
            "evaluate（项目支出绩效自评表）、evaluate-summary（自评汇总表）；"
            "CSV 的表：indicators（默认）或 projects",
        ),
    ] = None,
    encoding: Annotated[
        str, typer.Option("--encoding", help="CSV 编码：utf-8-sig（默认，Excel 可直接打开）或 gbk")
    ] = "utf-8-sig",
    template: Annotated[
        Path | None, typer.Option("--template", help="Word：采用此 .docx 模板的样式、字体和页边距")
    ] = None,
    layout: Annotated[
        str | None,
        typer.Option("--layout", metavar="NAME", help="Word：指标表格式，如 2015、2021、2021-7"),
    ] = None,
    all_docs: Annotated[
        bool,
        typer.Option(
            "--all",
            help="导出数据库中的全部文档，每个文档一个文件（单位编码-年度.扩展名），"
            "写入 -o 指定的目录；须加 --format",
        ),
    ] = False,
) -> None:
    """导出文档（Word、JSON、CSV、Excel、PDF，或项目支出绩效目标汇总表）；Word/PDF 可用 --table 选绩效目标表、执行监控表或自评表。"""
    from exporters.base import ExportOptions
    from service import exports, files

    if all_docs:
        if doc is not None and target is None and out is None:  # `export --all DIR`
            doc, target = None, doc
        if doc is not None:
            raise JixiaoError(f"已写明文档 {doc}，不能再加 --all；导出全部文档请去掉 {doc}")
        if projects:
            raise JixiaoError("--project 只能用于导出一个文档，不能与 --all 合用")
        if template is not None and not template.is_file():
            raise JixiaoError(f"模板文件 {template} 不存在")
        if fmt is None:
            raise JixiaoError("--all 须用 --format 指定格式：" + "、".join(exports.BATCH_SUFFIXES))
        fmt = exports.summary_format(fmt, out or "") if summary else fmt.lower()
        fmt, csv_table, word_table = exports.table_options(fmt, table_name)
        _export_all(
            target if out is None else out,
            target,
            fmt=fmt,
            options=ExportOptions(
                table=csv_table,
                encoding=encoding,
                template=template,
                layout=layout,
                orientation=None
                if landscape is None
                else ("landscape" if landscape else "portrait"),
                word_table=word_table,
            ),
            force=force,
        )
        return
    if doc == "-" and target is None:  # `jixiao export - --format csv`: DOC left out
        doc, target = None, "-"
    if target is not None:
        if out is not None and out != target:
            raise JixiaoError("输出位置写了两次（位置参数和 -o），请只写一个")
        out = target
    to_stdout = out is None or out == "-"
    if fmt is None and to_stdout:
        raise JixiaoError(
            "输出到标准输出时请用 --format 指定格式（docx、json、csv、xlsx、pdf、summary-docx、summary-xlsx）"
        )
    fmt = files.file_format(out or "-", fmt)
    if summary:
        fmt = exports.summary_format(fmt, out or "-")
    fmt, csv_table, word_table = exports.table_options(fmt, table_name)
    if template is not None and not template.is_file():
        raise JixiaoError(f"模板文件 {template} 不存在")
    if to_stdout and fmt in exports.BINARY_FORMATS and sys.stdout.isatty():
        raise JixiaoError(f"{fmt} 是二进制格式，不能输出到终端；请用 -o 文件名.{fmt}")
    document, revision = _load(_store(), doc)
    options = ExportOptions(
        projects=projects or None,
        table=csv_table,
        encoding=encoding,
        template=template,
        layout=layout,
        orientation=None if landscape is None else ("landscape" if landscape else "portrait"),
        revision=revision,
        word_table=word_table,
    )
    if to_stdout:
        sys.stdout.buffer.write(exports.export_bytes(document, fmt, options))
        sys.stdout.flush()
        return
    exports.export_to_path(document, out, fmt=fmt, options=options, force=force)
    _echo_err(f"已导出 {document.key} 到 {out}")


def _export_all(out: str | None, target: str | None, *, fmt: str, options, force: bool) -> None:
    """export --all: every document to its own file in the directory `out`, with a progress
    bar and a summary; exit code 1 when any was not written."""
    from service import exports

    from .textfmt import table, terminal_width

    if out is not None and target is not None and out != target:
        raise JixiaoError("输出目录写了两次（位置参数和 -o），请只写一个")
    if out is None or out == "-":
        raise JixiaoError("--all 须用 -o 指定输出目录，如 -o 导出/；不能输出到标准输出")
    store = _store()
    plan = exports.batch_plan(store, out, fmt, options)
    if not plan:
        raise JixiaoError("数据库中还没有文档，未导出；请先用 jixiao import 导入")
    exports.batch_ready(fmt, options)
    folder = exports.batch_directory(out)
    try:
        with _progress(len(plan), "导出中") as advance:
            done = exports.export_all(store, plan, fmt, options, force=force, advance=advance)
    except exports.OutputsExist as exc:
        for path in exc.paths:
            _echo_err(f"{path}：文件已存在")
        _echo_err(f"错误：{len(exc.paths)} 个文件已存在，未导出任何文件；如确需覆盖请加 --force")
        raise typer.Exit(1) from None
    rows = [
        [item.key, item.dept_name, item.path.name, "已导出" if item.written else item.error]
        for item in done
    ]
    print(table(["文档", "单位名称", "文件", "结果"], rows, terminal_width(), keep=(0, 2)))
    failed = sum(1 for item in done if not item.written)
    written = len(done) - failed
    tail = f"，{failed} 个未导出（原因见上表）" if failed else ""
    print_safe(f"已导出 {written} 个文档到 {folder}{tail}")
    if failed:
        raise typer.Exit(1)


@app.command()
def copy(
    doc: Annotated[
        str,
        typer.Argument(
            metavar="DOC",
            help="要复制的文档：单位编码/年度",
            autocompletion=completion.when_completing(completion.complete_doc),
        ),
    ],
    year: Annotated[int, typer.Option("--year", metavar="YYYY", help="新文档的预算年度")],
    dept: Annotated[
        str | None, typer.Option("--dept", metavar="CODE", help="新文档的预算单位编码（默认不变）")
    ] = None,
) -> None:
    """复制文档为新年度：本年实际完成值（未填的用指标值）成为上年指标值，监控和自评的填报清空，其余内容照旧。"""
    from service import documents

    store = _store()
    key = _resolve_doc(store, doc)
    new, revision = documents.copy_year(store, key, year, dept)
    print_safe(
        f"已将 {key} 复制为 {new.key}（{len(new.projects)} 个项目，"
        f"实际完成值（未填的用指标值）已转为上年指标值；第 {revision} 版）"
    )


# -- checking ---------------------------------------------------------------------------------


@app.command()
def check(
    doc: DocArg = None,
    fmt: Annotated[
        str, typer.Option("--format", help="text（默认）、json，或 csv（供 Excel 打开）")
    ] = "text",
    as_json: JsonOpt = False,
    min_severity: Annotated[
        str,
        typer.Option(
            "--min-severity",
            help="只显示此级别及以上：error（错误）、warning（警告）、hint（提示），中英文均可",
        ),
    ] = "hint",
    rules: Annotated[
        list[str] | None,
        typer.Option(
            "--rule",
            metavar="ID",
            help="只运行这些规则（可重复），如 JX101",
            autocompletion=completion.when_completing(completion.complete_rule),
        ),
    ] = None,
    explain: Annotated[
        str | None,
        typer.Option(
            "--explain",
            metavar="[ID]",
            help="说明一条规则的理由和修改示例；不写编号时列出全部规则",
        ),
    ] = None,
    all_docs: Annotated[
        bool,
        typer.Option(
            "--all",
            help="检查数据库中的全部文档，每个文档一行汇总（单位、项目数、错误、警告、提示），"
            "错误多的单位排在前面",
        ),
    ] = False,
    detail: Annotated[
        bool,
        typer.Option("--detail", help="与 --all 合用：逐条列出每个文档的问题，而不是汇总"),
    ] = False,
    # -- 已核实 and quick fixes (issue 16) --
    show_dismissed: Annotated[
        bool, typer.Option("--show-dismissed", help="另列出已核实（标记为无需修改）的问题")
    ] = False,
    dismiss: Annotated[
        list[str] | None,
        typer.Option(
            "--dismiss",
            metavar="RULE@位置",
            help="把一条问题标记为已核实（可重复），位置照检查结果中的写法，如 JX210@3.1；须加 --reason",
        ),
    ] = None,
    reason: Annotated[
        str | None, typer.Option("--reason", metavar="理由", help="与 --dismiss 合用：核实的理由")
    ] = None,
    undismiss: Annotated[
        list[str] | None,
        typer.Option("--undismiss", metavar="RULE@位置", help="取消已核实的标记（可重复）"),
    ] = None,
    fix: Annotated[
        bool, typer.Option("--fix", help="自动修正可机械修正的问题（作为一个新版本保存）")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="与 --fix 合用：只列出将做的修改，不保存")
    ] = False,
    # -- reviewer output (issue 16) --
    stats: Annotated[
        bool, typer.Option("--statistics", help="只列出每条规则发现的问题条数（从多到少）")
    ] = False,
    # --
) -> None:
    """检查文档中的问题；有错误时退出码为 1。已核实的问题不计入。"""
    from .launch import loading

    with loading():  # the rules' modules: see loading
        from service import checking

        from . import cmd_check

    if explain is not None and explain.strip().lower() in (_ALL_RULES, "", "all", "全部"):
        print(_catalogue_text())
        return
    if explain:
        print(checking.explain(explain))
        return
    if dismiss or undismiss or fix or reason is not None or dry_run:
        raise typer.Exit(
            cmd_check.act(
                _store(),
                doc,
                all_docs=all_docs,
                dismiss=dismiss or [],
                undismiss=undismiss or [],
                reason=reason,
                fix=fix,
                dry_run=dry_run,
                rules=rules or None,
            )
        )
    if fmt not in ("text", "json", "csv"):
        raise JixiaoError("--format 只能是 text、json 或 csv")
    try:
        min_severity = checking.severity_name(min_severity)
    except JixiaoError:
        raise JixiaoError(
            f"--min-severity 只能是 {checking.SEVERITY_WORDS}，不认识“{min_severity}”"
        ) from None
    with loading():
        from service import documents

    store = _store()
    if detail and not all_docs:
        raise JixiaoError("--detail 只能与 --all 合用（单个文档的检查本来就逐条列出）")
    if all_docs and doc is not None:
        raise JixiaoError(f"已写明文档 {doc}，不能再加 --all；检查全部文档请去掉 {doc}")
    if all_docs:
        # One document at a time (issue 17): only what is printed is kept, never the documents.
        docs = documents.iter_all(store)
        if not (detail or stats or show_dismissed):
            from .textfmt import terminal_width

            raise typer.Exit(
                cmd_check.run_summary(
                    docs,
                    fmt="json" if as_json else fmt,
                    min_severity=min_severity,
                    rules=rules or None,
                    width=terminal_width(),
                )
            )
    else:
        docs = [_load(store, doc)[0]]
    code = cmd_check.run(
        docs,
        fmt="json" if as_json else fmt,
        min_severity=min_severity,
        rules=rules or None,
        show_dismissed=show_dismissed,
        stats=stats,
    )
    raise typer.Exit(code)


_ALL_RULES = "\x00all"  # --explain without an id (see _optional_explain)


def _optional_explain(args: list[str]) -> list[str]:
    """`check --explain` with no id lists the rules: click has no optional option values, so
    an --explain followed by nothing or by another option gets the id _ALL_RULES here."""
    if "check" not in args or "--explain" not in args:
        return args
    out: list[str] = []
    for n, arg in enumerate(args):
        out.append(arg)
        following = args[n + 1] if n + 1 < len(args) else None
        if arg == "--explain" and (following is None or following.startswith("-")):
            out.append(_ALL_RULES)
    return out


def _catalogue_text() -> str:
    from service import checking

    from .textfmt import table

    entries = checking.catalogue()
    rows = [[e.id, e.severity, e.family, e.title] for e in entries]
    return (
        table(["编号", "级别", "类别", "规则"], rows)
        + f"\n\n共 {len(entries)} 条规则；jixiao check --explain 编号 说明一条规则的理由和修改示例"
    )


@app.command("rules")
def rules_command() -> None:
    """列出全部检查规则（编号、级别、类别、规则名称）。"""
    print(_catalogue_text())


# -- 自评 scores (issue 20) -------------------------------------------------------------------


@app.command()
def score(
    doc: DocArg = None,
    fmt: Annotated[
        str, typer.Option("--format", help="text（默认）、json，或 csv（供 Excel 打开）")
    ] = "text",
    explain: Annotated[
        bool, typer.Option("--explain", help="逐项列出计算过程：分值怎么分、得分怎么算、总分和等级")
    ] = False,
    project: Annotated[
        str | None,
        typer.Option(
            "--project",
            metavar="PROJECT",
            help="只算这个项目：项目编码、序号或名称中的几个字",
            autocompletion=completion.when_completing(completion.complete_project),
        ),
    ] = None,
) -> None:
    """按财预〔2020〕10号计算绩效自评得分：每个项目的总分、等级、预算执行率和各指标得分。

    分值未填时按一级指标权重平分；定量指标按实际完成值与指标值计算，定性、时限指标用所填得分。

    JSON、CSV 中的数字为字符串，执行率为百分数（95.24 即 95.24%）。"""
    from service import scoring

    if fmt not in ("text", "json", "csv"):
        raise JixiaoError(f"--format 只能是 text、json 或 csv，不认识“{fmt}”")
    if explain and fmt != "text":
        raise JixiaoError("--explain 只用于文本输出，请去掉 --format 或 --explain")
    document, _ = _load(_store(), doc)
    scored = scoring.score(document, project)
    if fmt == "json":
        from .textfmt import json_text

        print(json_text(scoring.to_json(document, scored)))
        return
    if fmt == "csv":
        sys.stdout.write(scoring.csv_text(scored))
        sys.stdout.flush()
        return
    from .score import render
    from .textfmt import terminal_width

    print(render(document, scored, terminal_width(), steps=explain))


# -- backups ----------------------------------------------------------------------------------


def _history_key(store, doc: str | None) -> str:
    # A deleted document has a history but no current revision: take DOC as given.
    return doc if doc and "/" in doc else _resolve_doc(store, doc)


@app.command()
def history(doc: DocArg = None) -> None:
    """列出文档的历史版本（时间、保存人、改了什么）；用 jixiao diff DOC --revision N 查看某版的
    修改，用 jixiao restore DOC --revision N 恢复其中一版。"""
    from model.times import format_time
    from service import backups as service_backups

    from .textfmt import table

    store = _store()
    key = _history_key(store, doc)
    rows = [
        [
            f"第{r.revision}版" + ("（当前）" if r.current else ""),
            format_time(r.saved_at),
            r.saved_by_name
            if r.saved_by_name == r.saved_by
            else f"{r.saved_by_name}（{r.saved_by}）",
            f"{r.size:,}",
            text,
        ]
        for r, text in service_backups.summaries(store, key)
    ]
    print(table(["版本", "保存时间", "保存人", "字节", "修改"], rows))


@app.command()
def diff(
    doc: DocArg = None,
    revision: Annotated[
        int | None,
        typer.Option("--revision", "-r", help="从哪一版比起（默认：--to 那一版的前一版）"),
    ] = None,
    to: Annotated[int | None, typer.Option("--to", help="比到哪一版（默认：当前版本）")] = None,
) -> None:
    """逐个字段列出文档两个版本之间的修改（默认：当前版本相对前一版）；版本号见 jixiao history。"""
    from model.times import format_time
    from service import backups as service_backups

    store = _store()
    key = _history_key(store, doc)
    old, new, lines = service_backups.changes(store, key, revision, to)
    saved = {r.revision: r for r in service_backups.history(store, key)}

    def when(number: int) -> str:
        info = saved.get(number)
        return f"（{format_time(info.saved_at)} {info.saved_by_name}）" if info else ""

    print(
        _safe(f"文档 {key} 第 {old} 版{when(old)} → 第 {new} 版{when(new)}：")
        + ("" if lines else "没有修改")
    )
    for line in lines:
        print(_safe(f"  {line}"))


@app.command()
def restore(
    target: Annotated[
        str | None,
        typer.Argument(
            metavar="DOC|N",
            help="文档（单位编码/年度）；或旧版整库备份的编号（1 为最新）",
            autocompletion=completion.when_completing(completion.complete_doc),
        ),
    ] = None,
    revision: Annotated[
        int | None, typer.Option("--revision", "-r", help="要恢复的版本号（见 jixiao history）")
    ] = None,
    list_only: Annotated[bool, typer.Option("--list", help="列出旧版整库备份")] = False,
) -> None:
    """把文档恢复到某一历史版本（另存为新版本，当前版本仍留在历史中）；
    也可列出或恢复旧版 jixiao 留下的整库备份。"""
    from model.times import format_time
    from service import backups as service_backups

    from .textfmt import table

    store = _store()
    if (target is not None and not target.isdigit()) or revision is not None:
        key = _history_key(store, target)
        if revision is None:
            history(key)
            return
        new = service_backups.restore_revision(store, key, revision)
        print(_safe(f"已把文档 {key} 恢复为第 {revision} 版的内容，保存为第 {new} 版。"))
        return
    if list_only or target is None:
        backups = service_backups.list_backups(store)
        if not backups:  # a database server's store says where its backups are (pg_dump)
            print(
                getattr(
                    store,
                    "NO_BACKUPS",
                    "没有整库备份；各文档的历史版本请用 jixiao history DOC 查看。",
                )
            )
            return
        rows = [
            [
                str(b.number),
                format_time(b.saved_at),
                f"{b.size:,}",
                "、".join(f"{k}（第{r}版）" for k, r in b.documents) or "（空）",
            ]
            for b in backups
        ]
        print(table(["编号", "保存时间", "字节", "文档"], rows))
        return
    number = int(target)
    if hasattr(store, "NO_BACKUPS"):  # a database server: its backups are pg_dump's
        raise JixiaoError(store.NO_BACKUPS)
    chosen = service_backups.restore(store, number)
    when = format_time(chosen.saved_at)
    print(f"已恢复第 {number} 号整库备份（{when}）；被替换的各文档版本已留在历史中。")


# -- PostgreSQL: moving documents in and out, who sees which unit (issue 21) ------------------


@app.command()
def migrate(
    source: Annotated[
        str, typer.Argument(metavar="SOURCE", help="源：JSON 数据库文件或 postgresql://…")
    ],
    dest: Annotated[
        str, typer.Argument(metavar="DEST", help="目标：JSON 数据库文件或 postgresql://…")
    ],
    replace: Annotated[
        bool, typer.Option("--replace", help="目标中已有文档时，用源的内容整体替换")
    ] = False,
) -> None:
    """把全部文档连同历史版本从 SOURCE 迁移到 DEST（JSON 文件与 PostgreSQL 之间，任一方向），并逐版核对。"""
    from storage.transfer import migrate as move

    from .paths import DatabaseURL

    moved = move(source, dest, replace=replace)
    shown = DatabaseURL(dest).shown if "://" in dest else dest
    print(
        f"已迁移 {moved.documents} 个文档（另有已删除文档的历史 {moved.keys - moved.documents} 个）、"
        f"{moved.revisions} 个版本到 {shown}，逐版核对一致。"
    )


access_app = typer.Typer(
    help="PostgreSQL 数据库中各角色可访问的单位（行级安全）：grant 授权、revoke 收回、list 列出。",
    rich_markup_mode=None,
)
app.add_typer(access_app, name="access")


@access_app.callback(invoke_without_command=True)
def access_help(ctx: typer.Context) -> None:
    """PostgreSQL 数据库中各角色可访问的单位（行级安全）：grant 授权、revoke 收回、list 列出。"""
    if ctx.invoked_subcommand is None:  # `jixiao access` alone: what it can do
        print(ctx.get_help())


def _server_store():
    store = _store()
    if not hasattr(store, "grant"):
        raise JixiaoError(
            "访问权限只用于 PostgreSQL 数据库；请用 --db postgresql://… 指定（JSON 文件的权限由文件系统管理）"
        )
    return store


@access_app.command("grant")
def access_grant(
    role: Annotated[str, typer.Argument(metavar="ROLE", help="数据库角色（登录用户或组）")],
    units: Annotated[
        list[str], typer.Argument(metavar="单位编码...", help="单位编码；* 表示全部单位")
    ],
    read_only: Annotated[
        bool, typer.Option("--read-only", help="只读（审核人员）；默认可读可写")
    ] = False,
) -> None:
    """允许角色 ROLE 读写（或只读）这些单位的文档。"""
    store = _server_store()
    store.grant(role, units, write=not read_only)
    how = "只读" if read_only else "读写"
    print(f"已允许 {role} {how}：{'、'.join('全部单位' if u == '*' else u for u in units)}")


@access_app.command("revoke")
def access_revoke(
    role: Annotated[str, typer.Argument(metavar="ROLE")],
    units: Annotated[
        list[str], typer.Argument(metavar="单位编码...", help="单位编码；* 表示全部单位的授权")
    ],
) -> None:
    """收回角色 ROLE 对这些单位的访问权限。"""
    store = _server_store()
    removed = store.revoke(role, units)
    if not removed:
        raise JixiaoError(
            f"{role} 没有这些单位的授权：{'、'.join(units)}；用 jixiao access list 查看"
        )
    print(f"已收回 {role} 对 {'、'.join(units)} 的访问权限（{removed} 项）")


@access_app.command("list")
def access_list() -> None:
    """列出各角色可访问的单位。"""
    from model.times import format_time

    from .textfmt import table

    store = _server_store()
    grants = store.access()
    if not grants:
        print(
            "尚未授权任何角色；用 jixiao access grant ROLE 单位编码 授权（表的所有者可访问全部单位）"
        )
        return
    rows = [
        [
            role,
            "全部单位" if unit == "*" else unit,
            "读写" if write else "只读",
            by,
            format_time(at),
        ]
        for role, unit, write, by, at in grants
    ]
    print(table(["角色", "单位", "权限", "授权人", "授权时间"], rows))


# -- editor -----------------------------------------------------------------------------------


def _open_editor(doc: str | None) -> None:
    from .launch import open_editor

    open_editor(State.db_option, doc)


@app.command()
def edit(doc: DocArg = None) -> None:
    """打开编辑器（数据库不存在时自动新建）。"""
    _open_editor(doc)


@app.command()
def demo() -> None:
    """用内置示例（张王疃乡 2023 年）在临时数据库中打开编辑器。"""
    import tempfile

    from .sample import load_sample

    with tempfile.TemporaryDirectory(prefix="jixiao-demo-") as tmp:
        from service import documents
        from storage import open_store

        store = open_store(Path(tmp) / "demo.json", create=True)
        doc = load_sample()
        documents.create(store, doc)
        from tui.app import run

        # Edits may be kept, on quit, in the database `jixiao edit` opens.
        run(store.location, doc.key, demo_keep=_db_path())


# -- entry point ------------------------------------------------------------------------------


# The root's own options, before the command's name: the ones that take a value.
_ROOT_VALUE_OPTIONS = ("--db",)


def _command_in(args: list[str]) -> str | None:
    """The command's name in a command line (`--db X edit DOC` → edit), or None (no command,
    or root help)."""
    at = 0
    while at < len(args):
        arg = args[at]
        if arg in _ROOT_VALUE_OPTIONS:
            at += 2
        elif arg.startswith("-"):
            at += 1
        else:
            return arg
    return None


@contextmanager
def _only_the_command(args: list[str]) -> Iterator[None]:
    """Typer builds every command's parameters from its annotations before it runs one (about
    35 ms for twenty commands, on every command's start-up, `jixiao edit` included —
    bench/tui_startup.py). A command line naming a known command gets a tree of that command
    alone; anything else (no command, root help, a mistyped name that needs the list of
    commands for its suggestion) gets the whole tree."""
    name = _command_in(args)
    commands = [c for c in app.registered_commands if _command_name(c) == name]
    groups = [g for g in app.registered_groups if g.name == name]
    if name is None or not (commands or groups):
        yield
        return
    saved = app.registered_commands, app.registered_groups
    app.registered_commands, app.registered_groups = commands, groups
    try:
        yield
    finally:
        app.registered_commands, app.registered_groups = saved


def _command_name(info: Any) -> str | None:
    """A registered command's name as typer gives it: its own, or its function's."""
    if info.name:
        return str(info.name)
    callback = info.callback
    return callback.__name__.lower().replace("_", "-") if callback else None


def main(argv: list[str] | None = None) -> int:
    """Run the CLI: user mistakes print one line and exit 1; usage errors exit 2."""
    from . import help_zh

    help_zh.install()
    if completion.requested():  # the shell asking for Tab completions: answer or stay silent
        try:
            completion.prepare()
            app(args=[], prog_name="jixiao", standalone_mode=False)
        except SystemExit as exc:
            return exc.code if isinstance(exc.code, int) else 0
        except Exception:  # noqa: BLE001 - never a traceback at the prompt
            return 1
        return 0
    args = _optional_explain(list(sys.argv[1:] if argv is None else argv))
    try:
        # Not standalone: click's usage errors come here and are worded in Chinese (help_zh).
        with _only_the_command(args):
            code = app(args=args, prog_name="jixiao", standalone_mode=False)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except typer.Abort:
        _echo_err("已取消")
        return 1
    except Exception as exc:
        if help_zh.is_usage_error(exc):
            for line in help_zh.usage_error_lines(exc):
                print(line, file=sys.stderr)
            return 2
        if help_zh.is_click_error(exc):
            _echo_err(f"错误：{help_zh.error_message(exc)}")
            return 1
        if isinstance(exc, JixiaoError):
            print_error(exc)
            return 1
        if isinstance(exc, BrokenPipeError):
            return 0
        raise
    except KeyboardInterrupt:
        _echo_err("已取消")
        return 130
    return code if isinstance(code, int) else 0


def run() -> None:
    sys.exit(main())
