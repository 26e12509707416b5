"""Tab completion for bash, zsh and fish: the scripts (typer's), and the values — document
keys (单位编码/年度) and project codes and numbers — read from the database named by --db or
$JIXIAO_DB. Completion never prints an error: a missing or unreadable database completes
nothing. Typer's own --install-completion stays off (its help and messages are English); the
options here are ours, in Chinese, and cost nothing at start-up (typer.completion is loaded
by typer anyway)."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

PROG = "jixiao"
COMPLETE_VAR = "_JIXIAO_COMPLETE"
SHELLS = ("bash", "zsh", "fish")


def requested() -> bool:
    """Whether this run is the shell asking for completions."""
    return bool(os.environ.get(COMPLETE_VAR))


def when_completing(
    callback: Callable[..., list[tuple[str, str]]],
) -> Callable[..., list[tuple[str, str]]] | None:
    """callback in a completion run, else None: typer inspects every autocompletion callback
    (signature, type hints) when it builds the commands, which would slow every start-up."""
    return callback if requested() else None


def prepare() -> None:
    """Register typer's completion classes (bash, zsh, fish) before a completion run."""
    from typer._completion_classes import completion_init

    completion_init()


# -- values -----------------------------------------------------------------------------------


def _db_path(ctx: Any) -> Path:
    from .paths import resolve_db_path

    option = None
    try:
        option = ctx.find_root().params.get("db")
    except Exception:  # noqa: BLE001 - no context: the environment decides
        option = None
    return resolve_db_path(option)[0]


def _store(ctx: Any):
    path = _db_path(ctx)
    if not path.is_file():
        return None
    from storage import open_store

    return open_store(path)


def _quiet(function: Callable[..., list[tuple[str, str]]]) -> Callable[..., list[tuple[str, str]]]:
    """A completion callback that offers nothing rather than print an error."""

    @functools.wraps(function)  # typer reads the parameters (ctx, incomplete) through it
    def wrapper(*args: Any, **kwargs: Any) -> list[tuple[str, str]]:
        try:
            return function(*args, **kwargs)
        except Exception:  # noqa: BLE001 - a shell's Tab must never show a traceback
            return []

    return wrapper


def document_keys(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    store = _store(ctx)
    if store is None:
        return []
    from service import documents

    return [
        (info.key, info.dept_name)
        for info in documents.list_documents(store)
        if info.key.startswith(incomplete)
    ]


def project_values(ctx: Any, doc: str | None, incomplete: str) -> list[tuple[str, str]]:
    """Codes of the document's projects (and their 序号 when a number is being typed)."""
    store = _store(ctx)
    if store is None:
        return []
    from service import documents

    document, _ = documents.load(store, doc)
    found = [
        (p.code, f"{n}.{p.name}")
        for n, p in enumerate(document.projects, 1)
        if p.code.startswith(incomplete)
    ]
    if incomplete.isdigit() and len(incomplete) <= 3:
        found += [
            (str(n), p.name)
            for n, p in enumerate(document.projects, 1)
            if str(n).startswith(incomplete)
        ]
    return found


def _doc_param(ctx: Any) -> str | None:
    doc = ctx.params.get("doc") if ctx is not None else None
    return doc if isinstance(doc, str) and "/" in doc else None


@_quiet
def complete_doc(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    return document_keys(ctx, incomplete)


@_quiet
def complete_doc_or_project(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """show's first argument: a DOC, or a project when the database holds one document."""
    keys = document_keys(ctx, incomplete)
    store = _store(ctx)
    if store is not None and len(store.list_documents()) == 1:
        return keys + project_values(ctx, None, incomplete)
    return keys


@_quiet
def complete_project(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    return project_values(ctx, _doc_param(ctx), incomplete)


@_quiet
def complete_rule(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """Rule ids (JX101 …) with their titles."""
    from service import checking

    return [(e.id, e.title) for e in checking.catalogue() if e.id.startswith(incomplete)]


# -- scripts ----------------------------------------------------------------------------------


def detect_shell() -> str | None:
    """The shell this runs under (shellingham), else $SHELL's name; None if neither is one of
    bash, zsh, fish."""
    try:
        import shellingham

        name = str(shellingham.detect_shell()[0])
    except Exception:  # noqa: BLE001 - detection is a guess; fall back to $SHELL
        name = ""
    if name not in SHELLS:
        name = Path(os.environ.get("SHELL", "")).name
    return name if name in SHELLS else None


def script(shell: str) -> str:
    """The completion script for bash, zsh or fish."""
    from typer._completion_shared import get_completion_script

    return get_completion_script(prog_name=PROG, complete_var=COMPLETE_VAR, shell=shell)


def install(shell: str) -> Path:
    """Install the script where the shell reads it (typer's places: ~/.bash_completions/ with a
    line in ~/.bashrc, ~/.zfunc with ~/.zshrc, ~/.config/fish/completions/)."""
    from typer._completion_shared import install_bash, install_fish, install_zsh

    installer = {"bash": install_bash, "zsh": install_zsh, "fish": install_fish}[shell]
    return Path(installer(prog_name=PROG, complete_var=COMPLETE_VAR, shell=shell))
