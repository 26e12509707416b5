"""engine.clear_caches forgets every cache the rules and the texts they parse keep: the benchmarks
measure checks from cold with it, and service.checking calls it every few documents of a county
so that the caches never hold more than a few documents' texts. A cache added and not named
there would make both wrong without any test failing — this one fails."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path
from typing import Any

import model.rules
from exporters import json_io
from model.rules import check_document, engine

SAMPLE = Path(__file__).parents[1] / "fixtures" / "zhangwangtuan-2023.jixiao.json"


def _caches() -> dict[str, Any]:
    """Every functools cache of model.rules' modules and of model's text and value parsing."""
    names = ["model.text", "model.values"] + [
        f"model.rules.{m.name}" for m in pkgutil.iter_modules(model.rules.__path__)
    ]
    found = {}
    for name in names:
        module = importlib.import_module(name)
        for attr, value in vars(module).items():
            if callable(value) and hasattr(value, "cache_info") and value.__module__ == name:
                found[f"{name}.{attr}"] = value
    return found


def test_clear_caches_forgets_every_cache() -> None:
    doc = json_io.read(SAMPLE.read_bytes(), source=SAMPLE.name).documents[0]
    check_document(doc)
    caches = _caches()
    filled = {name for name, fn in caches.items() if fn.cache_info().currsize}
    assert len(filled) > 20, filled  # the check used most of them: the test sees what it tests
    engine.clear_caches()
    left = {name for name, fn in caches.items() if fn.cache_info().currsize}
    assert not left, f"engine.clear_caches 没有清除：{sorted(left)}"
    assert not engine._STORE and not engine._NARROW
