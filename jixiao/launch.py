"""The `jixiao` entry point. Opening the editor — `jixiao`, `jixiao edit`, `jixiao edit DOC`,
each with or without `--db PATH` — goes straight to the editor; every other command line goes to
the Typer CLI (jixiao.cli).

Why: importing typer costs about 50 ms of CPU, a tenth of the editor's start-up to its first
paint (bench/tui_startup.py), and those plain lines are the ones a user types every morning.
The lines taken here are only the ones Typer would read the same way (no other option, no
`--help`, no `--db=` spelling, no second document, not while the shell asks for completions);
anything else, right or wrong, is Typer's to read and to answer in its own words. The editor is
opened by the same function either way (`open_editor`), and an error in opening it is printed
as the CLI prints it.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from .textfmt import echo_err


@contextmanager
def loading() -> Iterator[None]:
    """The collector paused while modules are imported (then as it was): importing typer and the
    CLI, then the rules, makes ~100,000 objects that all live to the end — none garbage — and
    the collector's passes over them, young and full, were ~18 M of the ~730 M instructions a
    `check --all` spends before its first document (0.3 % of a county's)."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def editor_line(args: list[str]) -> tuple[str | None, str | None] | None:
    """(--db value or None, DOC or None) when `args` only opens the editor, else None."""
    db: str | None = None
    rest = list(args)
    if len(rest) >= 2 and rest[0] == "--db" and rest[1] and not rest[1].startswith("-"):
        db, rest = rest[1], rest[2:]
    if not rest:
        return db, None
    if rest[0] != "edit" or len(rest) > 2:
        return None
    if len(rest) == 2 and (not rest[1] or rest[1].startswith("-")):
        return None
    return db, (rest[1] if len(rest) == 2 else None)


def open_editor(db_option: str | None, doc: str | None) -> None:
    """Open the editor on the database meant (created when missing) at `doc` (resolved as
    every command resolves a DOC; None: the document list, or the one document)."""
    import gc

    # Until the editor's first paint, the objects made are modules, classes, the store and
    # the screen — garbage none of them: the collector walking them again and again cost
    # ~35 ms of start-up. tui.app.run resumes it once the screen is painted.
    paused = gc.isenabled()
    gc.disable()
    try:
        from service import documents
        from storage import open_store

        from .paths import resolve_db_path

        path = resolve_db_path(db_option)[0]
        if not path.exists():
            open_store(path, create=True)
            echo_err(f"已新建数据库：{path}")
        store = open_store(path)
        key = documents.resolve(store, doc) if doc else None
        from tui.app import run

        # the store already open: the file is not opened and checked again
        run(store.location, key, store=store, resume_gc=paused)
    finally:
        if paused:
            gc.enable()


def main(argv: list[str] | None = None) -> int:
    """Run `jixiao`: the editor directly for the lines above, else the Typer CLI."""
    from . import completion

    args = list(sys.argv[1:] if argv is None else argv)
    line = None if completion.requested() else editor_line(args)
    if line is None:
        with loading():
            from .cli import main as cli_main

        return cli_main(args)
    from model.errors import JixiaoError

    try:
        open_editor(*line)
    except JixiaoError as exc:
        from .cli import print_error

        print_error(exc)
        return 1
    except KeyboardInterrupt:
        echo_err("已取消")
        return 130
    return 0


def run() -> None:
    sys.exit(main())
