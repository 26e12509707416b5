"""Fuzzing every importer in the suite (issue 15): mutated files of each format in FORMATS go
through the import service into a one-document database. None may raise anything but a
JixiaoError, every refusal is one line naming the file, and a refusal never changes the
database. Bounded (derandomized, a fixed number of examples per format) so all formats together
take about a minute; bench/fuzz.py is the long run with time and memory limits."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .formats import modules
from .harness import DB_CHANGED_ON_REFUSAL, IMPORTED, REFUSED, TRACEBACK, run_case

# Examples per format: a Word case takes about 0.3 s here, a JSON one about 0.1 s.
EXAMPLES = {"docx": 60, "json": 150}


@pytest.mark.parametrize("fmt", modules(), ids=lambda m: m.NAME)
def test_mutated_files_are_imported_or_refused_in_one_line_without_writing(
    fmt: ModuleType, tmp_path: Path
) -> None:
    seeds = fmt.seeds()
    workdir = tmp_path / "case"
    seen: set[str] = set()

    @settings(
        max_examples=EXAMPLES.get(fmt.NAME, 60),
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.randoms(use_true_random=False), st.integers(0, len(seeds) - 1))
    def check(rng, seed_index: int) -> None:
        data = fmt.mutate(seeds[seed_index], rng)
        outcome = run_case(fmt, data, workdir)
        seen.add(outcome.kind)
        assert outcome.kind != TRACEBACK, outcome.traceback
        assert outcome.kind != DB_CHANGED_ON_REFUSAL, outcome.message
        if outcome.kind == REFUSED:
            assert outcome.message_ok, outcome.message

    check()
    assert REFUSED in seen  # the mutations do damage files


@pytest.mark.parametrize("fmt", modules(), ids=lambda m: m.NAME)
def test_the_seeds_are_valid_files(fmt: ModuleType, tmp_path: Path) -> None:
    """The fuzzing starts from files users import: each seed reads without an error, and the
    first imports into the one-document database."""
    from exporters.base import ImportOptions
    from exporters.registry import format_module

    for number, data in enumerate(fmt.seeds()):
        result = format_module(fmt.NAME).read(
            data, source=f"seed{number}{fmt.SUFFIX}", options=ImportOptions()
        )
        assert result.documents and not result.errors, result.errors
    assert run_case(fmt, fmt.seeds()[0], tmp_path / "case").kind == IMPORTED
