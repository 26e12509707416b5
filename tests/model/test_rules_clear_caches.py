"""engine.clear_caches forgets every cache the rules and the texts they parse keep: the benchmarks
measure checks from cold with it, and service.checking calls it every few documents of a county
so that the caches never hold more than a few documents' texts. A cache added and not named
there would make both wrong without any test failing — this one fails."""

from __future__ import annotations

import gc
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


def test_keeping_values_forgets_every_cache_of_a_documents_longer_texts() -> None:
    """clear_caches(keep_values=True), as service.checking clears every few documents, keeps only
    caches keyed by short cells documents share (levels, 三级 names, 指标值) and by the rules
    asked for: none of them holds a description, a basis, a goal line or a project's name."""
    doc = json_io.read(SAMPLE.read_bytes(), source=SAMPLE.name).documents[0]
    cold = check_document(doc)
    caches = _caches()
    engine.clear_caches(keep_values=True)
    kept = {name for name, fn in caches.items() if fn.cache_info().currsize}
    assert kept, "the check filled none of the kept caches: the test sees nothing"
    assert not engine._STORE
    long_texts = {
        text
        for project in doc.projects
        for text in (
            project.name,
            project.purpose,
            *project.goals,
            *(i.description for i in project.indicators),
            *(i.basis for i in project.indicators),
        )
        if len(text) > 12
    } - {  # (a description may repeat its row's name)
        text
        for project in doc.projects
        for i in project.indicators
        for text in (i.level1, i.level2, i.name, i.value)
    }
    assert len(long_texts) > 20

    def texts(key: Any) -> set[str]:
        if isinstance(key, str):
            return {key}
        if isinstance(key, tuple):
            return set().union(*map(texts, key)) if key else set()
        return set()

    held_by = {name: _keys(fn) for name, fn in caches.items() if name in kept}
    held_by["model.rules.engine._NARROW"] = list(engine._NARROW)
    for name, keys in held_by.items():
        held = set().union(*map(texts, keys))
        assert not held & long_texts, f"{name} 保留了文档的长文本：{sorted(held & long_texts)[:3]}"
    # what was kept gives the findings a cold check gives
    assert check_document(doc) == cold
    engine.clear_caches()
    assert not {name for name, fn in caches.items() if fn.cache_info().currsize}


def _keys(cached: Any) -> list[Any]:
    """The keys an lru_cache holds: its C wrapper's dict of them is among what it refers to
    (the other dict there is its __dict__, whose keys are attribute names)."""
    return [key for d in gc.get_referents(cached) if type(d) is dict for key in d]


def test_keeping_values_forgets_the_narrow_rows() -> None:
    """Their keys hold four cells of every distinct row: kept, they took a county's check --all
    to its memory limit (engine.clear_caches' docstring)."""
    doc = json_io.read(SAMPLE.read_bytes(), source=SAMPLE.name).documents[0]
    engine.clear_caches()
    check_document(doc)
    assert len(engine._NARROW) > 1
    engine.clear_caches(keep_values=True)
    assert not engine._NARROW
