"""The backends the store tests run against. Behaviour every backend must have is written once,
against the DocumentStore protocol, through `store_factory`; a second backend is one more entry
in BACKENDS (a function giving a fresh location that open_store accepts)."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

import pytest

from storage import DocumentStore, open_store

BACKENDS: dict[str, Callable[[Path, int], str]] = {
    "jsonfile": lambda tmp_path, n: str(tmp_path / f"db{n}.json"),
}

StoreFactory = Callable[[], DocumentStore]


@pytest.fixture(params=sorted(BACKENDS))
def store_factory(request: pytest.FixtureRequest, tmp_path: Path) -> StoreFactory:
    """Each call makes a new, empty store of the backend under test."""
    location = BACKENDS[request.param]
    counter = itertools.count(1)

    def make() -> DocumentStore:
        return open_store(location(tmp_path, next(counter)), create=True)

    return make


@pytest.fixture
def store(store_factory: StoreFactory) -> DocumentStore:
    return store_factory()
