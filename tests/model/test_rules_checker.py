"""model.rules.Checker: an editor's re-checks give exactly what check_document / check_project
give, while reusing the document-wide facts between versions — and never a stale one."""

from __future__ import annotations

import copy
import random
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from model import Document, Indicator, Project, new_id
from model.rules import Checker, check_document, check_project, engine
from model.rules.base import Scope

SAMPLE_JSON = Path(__file__).parent.parent / "fixtures" / "tui" / "zhangwangtuan-2023.json"


def sample() -> Document:
    from exporters import json_io

    return json_io.read(SAMPLE_JSON.read_bytes(), source=SAMPLE_JSON.name).documents[0]


def assert_same(checker: Checker, doc: Document) -> None:
    """Every method of the checker against the public functions, on this version."""
    everything = check_document(doc)
    assert checker.all(doc) == everything
    owned = [f for f in everything if f.project_id is None]
    assert checker.document(doc) == owned
    assert checker.part1(doc) == [f for f in owned if f.part1_item is not None]
    by_project = checker.projects(doc)
    assert list(by_project) == [p.id for p in doc.projects]
    for p in doc.projects:
        expected = check_project(doc, p)
        assert checker.project(doc, p) == expected
        assert by_project[p.id] == expected
        assert expected == [f for f in everything if f.project_id == p.id]


def edited(doc: Document, n: int, change: Callable[[Project], None]) -> Document:
    """A new version as the editor makes it: the project copied, changed, put in a new list."""
    project = copy.deepcopy(doc.projects[n])
    change(project)
    projects = list(doc.projects)
    projects[n] = project
    return replace(doc, projects=projects)


def test_the_sample_gives_the_same_findings_as_check_document() -> None:
    doc = sample()
    checker = Checker(doc)
    assert_same(checker, doc)
    assert any(f.part1_item for f in checker.document(doc))  # the sample's Part 1 has findings


def _edits(doc: Document) -> list[tuple[str, Callable[[Document], Document]]]:
    """Edits that change what cross-project rules read, and some that do not."""
    other = doc.projects[6]

    def project_list(change: Callable[[list[Project]], None]) -> Callable[[Document], Document]:
        def apply(d: Document) -> Document:
            projects = list(d.projects)
            change(projects)
            return replace(d, projects=projects)

        return apply

    def new_project(projects: list[Project]) -> None:
        twin = copy.deepcopy(projects[2])
        twin.id = new_id()
        projects.insert(5, twin)

    return [
        ("a value", lambda d: edited(d, 0, lambda p: setattr(p.indicators[1], "value", "≥95%"))),
        ("a duplicate code", lambda d: edited(d, 1, lambda p: setattr(p, "code", other.code))),
        ("the code back", lambda d: edited(d, 1, lambda p: setattr(p, "code", "13052923P0X"))),
        ("another's name", lambda d: edited(d, 3, lambda p: setattr(p, "name", other.name))),
        ("a goal pasted", lambda d: edited(d, 4, lambda p: p.goals.append(other.goals[0]))),
        ("a goal removed", lambda d: edited(d, 4, lambda p: p.goals.pop())),
        (
            "a 三级 name",
            lambda d: edited(
                d, 5, lambda p: setattr(p.indicators[0], "name", other.indicators[0].name)
            ),
        ),  # fmt: skip
        (
            "a level-2",
            lambda d: edited(d, 6, lambda p: setattr(p.indicators[0], "level2", "质量指标")),
        ),  # fmt: skip
        (
            "a row added",
            lambda d: edited(d, 7, lambda p: p.indicators.append(Indicator(name="发放人数"))),
        ),  # fmt: skip
        ("a purpose", lambda d: edited(d, 8, lambda p: setattr(p, "purpose", "用于" + other.name))),
        (
            "a description",
            lambda d: edited(d, 9, lambda p: setattr(p.indicators[0], "description", other.name)),
        ),  # fmt: skip
        ("a budget", lambda d: edited(d, 10, lambda p: setattr(p, "budget", None))),
        ("projects swapped", project_list(lambda ps: ps.insert(0, ps.pop(3)))),
        ("a project copied", project_list(new_project)),
        ("a project deleted", project_list(lambda ps: ps.pop(0))),
        ("the money unit", lambda d: replace(d, money_unit="元")),
        ("the year", lambda d: replace(d, year=2024)),
        ("the profile", lambda d: replace(d, profile=type(d.profile)("2021"))),
        ("Part 1 emptied", lambda d: replace(d, part1=replace(d.part1, overall=[], items=[]))),
    ]


@pytest.mark.parametrize("copy_on_write", [False, True])
def test_copy_on_write_edits_never_leave_a_stale_context(copy_on_write: bool) -> None:
    doc = sample()
    checker = Checker(doc, copy_on_write=copy_on_write)
    for what, edit in _edits(doc):
        doc = edit(doc)
        try:
            assert_same(checker, doc)
        except AssertionError as exc:  # pragma: no cover - says which edit went stale
            raise AssertionError(f"after editing {what}") from exc


def test_in_place_edits_are_seen_too() -> None:
    doc = sample()
    checker = Checker(doc)
    doc.projects[1].code = doc.projects[0].code  # the same document object, changed in place
    assert_same(checker, doc)
    assert any(f.field == "项目编码" for f in checker.project(doc, doc.projects[1]))
    doc.projects[2].name = doc.projects[3].name
    doc.projects[5].indicators[0].level2 = "时效指标"
    assert_same(checker, doc)


@pytest.mark.parametrize("copy_on_write", [False, True])
def test_every_field_copied_from_another_project(copy_on_write: bool) -> None:
    """Each field of a project and of a row set to another project's value (copy-paste, the
    case cross-project rules look for) — a fact added to the context without its field in
    cross_key fails here."""
    doc = sample()
    checker = Checker(doc, copy_on_write=copy_on_write)
    rng = random.Random(5)
    project_fields = ["code", "name", "purpose", "goals", "budget", "fiscal", "plan"]
    row_fields = ["level1", "level2", "name", "description", "value", "basis"]
    for attr in project_fields + [f"row.{a}" for a in row_fields]:
        n, m = rng.sample(range(len(doc.projects)), 2)
        source = doc.projects[m]

        def change(p: Project, attr: str = attr, source: Project = source) -> None:
            if attr.startswith("row."):
                name = attr[4:]
                setattr(p.indicators[0], name, getattr(source.indicators[-1], name))
            else:
                setattr(p, attr, copy.deepcopy(getattr(source, attr)))

        doc = edited(doc, n, change)
        try:
            assert_same(checker, doc)
        except AssertionError as exc:  # pragma: no cover
            raise AssertionError(f"after copying {attr}") from exc


def test_the_facts_are_reused_only_while_what_they_read_is_unchanged(monkeypatch) -> None:
    builds: list[Document] = []
    real = engine.build_context

    def counting(doc: Document):
        builds.append(doc)
        return real(doc)

    monkeypatch.setattr(engine, "build_context", counting)
    doc = sample()
    checker = Checker(doc)
    assert len(builds) == 1
    doc = edited(doc, 0, lambda p: setattr(p.indicators[1], "value", "≥95%"))
    doc = edited(doc, 0, lambda p: setattr(p, "budget", None))
    for p in doc.projects:
        checker.project(doc, p)
    checker.document(doc)
    assert len(builds) == 1  # values and amounts: no rebuild
    doc = edited(doc, 0, lambda p: setattr(p, "name", "新名称"))
    checker.project(doc, doc.projects[0])
    assert len(builds) == 2  # a name: rebuilt once
    checker.all(doc)
    assert len(builds) == 2


def test_copy_on_write_reads_only_the_projects_it_has_not_seen(monkeypatch) -> None:
    read: list[Project] = []
    real = engine.project_key

    def counting(project: Project):
        read.append(project)
        return real(project)

    monkeypatch.setattr(engine, "project_key", counting)
    doc = sample()
    checker = Checker(doc, copy_on_write=True)
    seen = len(read)
    assert seen == len(doc.projects)
    doc = edited(doc, 3, lambda p: setattr(p, "name", "新名称"))
    assert checker.project(doc, doc.projects[3]) == check_project(doc, doc.projects[3])
    checker.document(doc)
    assert read[seen:] == [doc.projects[3]]  # only the new object


def test_copy_on_write_memory_stays_bounded() -> None:
    """An editor checks a temporary copy of the project on every keystroke: the checker must
    not keep them all."""
    doc = sample()
    checker = Checker(doc, copy_on_write=True)
    for n in range(600):
        trial = edited(doc, 0, lambda p, n=n: setattr(p.indicators[0], "value", f"{n}人"))
        checker.project(trial, trial.projects[0])
    assert len(checker._parts or {}) <= 2 * len(doc.projects) + 256 + 1
    assert checker.project(doc, doc.projects[0]) == check_project(doc, doc.projects[0])


def test_only_selects_rules() -> None:
    doc = sample()
    checker = Checker(only=["jx208", "JX502"])
    found = checker.all(doc)
    assert found == check_document(doc, only=["JX208", "JX502"])
    assert {f.rule for f in found} == {"JX208", "JX502"}


def test_concurrent_checks_agree() -> None:
    """The editor's worker counts problems while the screen re-checks the edited project."""
    doc = sample()
    checker = Checker()
    expected = {p.id: check_project(doc, p) for p in doc.projects}
    versions = [doc, edited(doc, 0, lambda p: setattr(p, "name", "别的名称"))]
    wanted = [expected, {p.id: check_project(versions[1], p) for p in versions[1].projects}]
    errors: list[str] = []

    def work(k: int) -> None:
        for _ in range(5):
            got = checker.projects(versions[k % 2])
            if got != wanted[k % 2]:
                errors.append(f"thread {k}")

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors


def test_document_findings_belong_to_no_project() -> None:
    doc = sample()
    doc.part1.items[0].goal = ""
    found = Checker().document(doc)
    assert found and all(f.project_id is None and f.project_code is None for f in found)
    assert {f.rule for f in found} <= {
        r.id for r in engine.RULES.values() if r.scope is Scope.DOCUMENT
    }
    assert ("JX501", 1, "绩效目标") in [(f.rule, f.part1_item, f.field) for f in found]
