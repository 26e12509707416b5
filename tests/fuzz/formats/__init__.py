"""One module per importable format, each defining::

    NAME: str                                   # the --format name: "docx"
    SUFFIX: str                                 # the file's extension: ".docx"
    def seeds() -> list[bytes]                  # valid files (built in code, cached per process)
    def mutate(data: bytes, rng: random.Random) -> bytes   # a damaged or hostile variant

FORMATS names them; the harness and bench/fuzz.py run every one.
"""

from __future__ import annotations

import importlib
from types import ModuleType

FORMATS: list[str] = [
    "tests.fuzz.formats.docx",
    "tests.fuzz.formats.json_fmt",
    "tests.fuzz.formats.xlsx",
    "tests.fuzz.formats.csv_fmt",
]


def modules() -> list[ModuleType]:
    return [importlib.import_module(name) for name in FORMATS]


def by_name(name: str) -> ModuleType:
    for module in modules():
        if module.NAME == name:
            return module
    known = "、".join(m.NAME for m in modules())
    raise KeyError(f"no fuzz format {name!r} (known: {known})")
