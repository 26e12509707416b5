"""The backends the store tests run against. Behaviour every backend must have is written once,
against the DocumentStore protocol, through `store_factory`; each backend is one entry in
BACKENDS (a function giving a fresh location that open_store accepts).

The PostgreSQL backend runs against a throwaway server started once per test session
(pgserver.PgServer); where PostgreSQL or psycopg is not installed its tests are skipped, and the
reason is printed in the summary (`pytest -rs`)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from storage import DocumentStore, open_store

from .pgserver import PgServer, find_binaries

StoreFactory = Callable[[], DocumentStore]


def _postgres_missing() -> str:
    """Why the PostgreSQL tests cannot run here, or "" when they can."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "未安装 psycopg（pip install 'jixiao[postgres]'），跳过 PostgreSQL 后端的测试"
    if find_binaries() is None:
        return "本机未安装 PostgreSQL（initdb、pg_ctl、postgres），跳过 PostgreSQL 后端的测试"
    return ""


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """One PostgreSQL server for the whole session (start-up is seconds: once, not per test)."""
    missing = _postgres_missing()
    if missing:
        pytest.skip(missing)
    binaries = find_binaries()
    assert binaries is not None
    server = PgServer(binaries)
    try:
        yield server
    finally:
        server.stop()


def _jsonfile(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[int], str]:
    return lambda n: str(tmp_path / f"db{n}.json")


def _postgresql(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[int], str]:
    server: PgServer = request.getfixturevalue("pg_server")
    return lambda n: server.new_database()


BACKENDS: dict[str, Callable[[pytest.FixtureRequest, Path], Callable[[int], str]]] = {
    "jsonfile": _jsonfile,
    "postgresql": _postgresql,
}


@pytest.fixture(params=sorted(BACKENDS))
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def store_factory(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> StoreFactory:
    """Each call makes a new, empty store of the backend under test."""
    location = BACKENDS[backend](request, tmp_path)
    counter = itertools.count(1)

    def make() -> DocumentStore:
        return open_store(location(next(counter)), create=True)

    return make


@pytest.fixture
def store(store_factory: StoreFactory) -> DocumentStore:
    return store_factory()


@pytest.fixture
def pg_url(pg_server: PgServer) -> str:
    """A fresh empty PostgreSQL database (no jixiao tables yet)."""
    return pg_server.new_database()
