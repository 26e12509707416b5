"""Finding and Hit set their fields through their slots (base._slot_setters): they must still
be the frozen dataclasses they were — same fields, defaults, keywords, equality, hash, replace."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from model.rules.base import Finding, Hit, Severity


def test_a_finding_is_built_as_the_generated_init_built_it() -> None:
    names = [f.name for f in dataclasses.fields(Finding)]
    assert names == [
        "rule",
        "severity",
        "message",
        "document",
        "project_id",
        "project_code",
        "indicator_row",
        "indicator_id",
        "field",
        "part1_item",
    ]
    values = ["JX208", Severity.ERROR, "m", "903001/2023", "p1", "C1", 2, "i2", "指标值", None]
    positional = Finding(*values)
    assert [getattr(positional, n) for n in names] == values
    assert Finding(**dict(zip(names, values, strict=True))) == positional
    short = Finding("JX501", Severity.HINT, "m", "d")
    assert [getattr(short, n) for n in names[4:]] == [None] * 6  # the defaults
    assert hash(short) == hash(Finding("JX501", Severity.HINT, "m", "d"))
    assert short != positional
    assert dataclasses.replace(positional, rule="JX209").rule == "JX209"
    assert pickle.loads(pickle.dumps(positional)) == positional
    assert repr(short).startswith("Finding(rule='JX501', severity=")
    with pytest.raises(dataclasses.FrozenInstanceError):
        short.rule = "JX999"  # type: ignore[misc]
    with pytest.raises(TypeError):
        Finding("JX501", Severity.HINT, "m")  # type: ignore[call-arg]


def test_a_hit_is_built_as_the_generated_init_built_it() -> None:
    assert [f.name for f in dataclasses.fields(Hit)] == ["message", "field", "row", "part1_item"]
    hit = Hit("m", "指标值", 3)
    assert (hit.message, hit.field, hit.row, hit.part1_item) == ("m", "指标值", 3, None)
    assert Hit("m") == Hit(message="m", field=None, row=None, part1_item=None)
    assert Hit("m", part1_item=2).part1_item == 2
    assert hash(hit) == hash(Hit("m", "指标值", 3)) and hit != Hit("m", "指标值", 4)
    with pytest.raises(dataclasses.FrozenInstanceError):
        hit.row = 1  # type: ignore[misc]
