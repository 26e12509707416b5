"""One fuzz case: a file imported through the same service path `jixiao import` takes
(service.imports.read_file, then import_documents), into a database that already holds one
document, and the outcome classified.

- IMPORTED: the file was imported.
- REFUSED: a JixiaoError; `message_ok` says whether its message is one line naming the file.
- TRACEBACK: any other exception (the traceback is kept).
- DB_CHANGED_ON_REFUSAL: refused, yet the database file, its history or its backups changed.
"""

from __future__ import annotations

import atexit
import functools
import hashlib
import shutil
import tempfile
import traceback
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

IMPORTED = "IMPORTED"
REFUSED = "REFUSED"
TRACEBACK = "TRACEBACK"
DB_CHANGED_ON_REFUSAL = "DB_CHANGED_ON_REFUSAL"

_DB = "db.json"


@dataclass(slots=True)
class Outcome:
    kind: str
    message: str = ""  # the refusal's message, or the exception's last line
    traceback: str = ""  # TRACEBACK: the whole traceback
    message_ok: bool = True  # REFUSED: one line, naming the file

    @property
    def bad(self) -> bool:
        return self.kind in (TRACEBACK, DB_CHANGED_ON_REFUSAL) or not self.message_ok


@functools.cache
def _template() -> Path:
    """A database holding the resident document, made once per process and copied per case."""
    from storage import Store

    from .formats.common import resident_document

    folder = Path(tempfile.mkdtemp(prefix="jixiao-fuzz-db-"))
    atexit.register(shutil.rmtree, folder, True)
    store = Store.create(folder / _DB)
    store.save(resident_document(), 0)
    return folder


def _snapshot(folder: Path, skip: Path) -> dict[str, str]:
    """Every file of the database (the file, its history, its backups) by content; the lock
    file and the input are not the database."""
    out: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        if path == skip or not path.is_file() or path.name.endswith(".lock"):
            continue
        out[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def run_case(fmt_module: ModuleType, data: bytes, workdir: Path) -> Outcome:
    """Import `data` (a file of fmt_module's format) into a fresh copy of the one-document
    database under `workdir` (emptied first) and classify what happened."""
    from exporters.base import ImportOptions
    from model import JixiaoError
    from service import imports
    from storage import Store

    if workdir.exists():
        shutil.rmtree(workdir)
    shutil.copytree(_template(), workdir)
    source = workdir / f"input{fmt_module.SUFFIX}"
    source.write_bytes(data)
    before = _snapshot(workdir, source)
    options = ImportOptions()
    try:
        store = Store(workdir / _DB)
        result = imports.read_file(str(source), None, options)
        imports.import_documents(store, result, source=str(source), options=options)
    except JixiaoError as exc:
        message = str(exc)
        ok = bool(message) and "\n" not in message and "\r" not in message
        ok = ok and str(source) in message
        if _snapshot(workdir, source) != before:
            return Outcome(DB_CHANGED_ON_REFUSAL, message, message_ok=ok)
        return Outcome(REFUSED, message, message_ok=ok)
    except Exception as exc:  # the defect the fuzzing looks for
        last = f"{type(exc).__name__}: {exc}"[:500]
        return Outcome(TRACEBACK, last, traceback.format_exc())
    return Outcome(IMPORTED)
