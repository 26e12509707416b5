"""service.checking: findings per document at or above a severity, counted."""

from __future__ import annotations

import pytest

from model import JixiaoError
from service import checking
from tests.model.rules_helpers import clean_document


def test_findings_are_filtered_and_counted() -> None:
    doc = clean_document()
    doc.projects[1].indicators[1].value = "≤100%"  # JX208 error
    doc.projects[1].indicators[0].value = "≤12人"  # JX210 warning
    (every,) = checking.check_documents([doc])
    (errors_only,) = checking.check_documents([doc], min_severity="error")
    assert {f.rule for f in errors_only.findings} == {"JX208"}
    assert sum(every.counts().values()) == len(every.findings) > len(errors_only.findings)
    assert checking.has_errors([errors_only])
    assert not checking.has_errors(checking.check_documents([clean_document()]))
    assert every.indicator_rows == sum(len(p.indicators) for p in doc.projects)


def test_unknown_rule_ids_are_named() -> None:
    with pytest.raises(JixiaoError, match="JX999"):
        checking.check_documents([clean_document()], rules=["jx101", "JX999"])
    assert checking.rule_ids([" jx101 "]) == ["JX101"]


# --- 已核实 and quick fixes through the store ------------------------------------------------


def _stored(tmp_path, doc):
    from storage import Store, User

    store = Store.create(tmp_path / "db.json")
    store.user = User("wang", "王会计")
    store.save(doc, 0)
    return store


def _spoiled():
    doc = clean_document()
    doc.projects[1].indicators[1].value = "≤100%"  # JX208 error, fixable
    doc.projects[1].indicators[0].value = "≤12人"  # JX210 warning, not fixable
    return doc


def test_dismiss_is_one_revision_by_the_stores_user_and_leaves_the_exit_code(tmp_path) -> None:
    store = _stored(tmp_path, _spoiled())
    done = checking.dismiss(store, None, ["JX208@2.2"], "经核实，按文件要求写法")
    assert done.revision == 2
    [mark] = done.marks
    assert (mark.rule, mark.by, mark.reason) == ("JX208", "王会计", "经核实，按文件要求写法")
    doc, revision = store.load("903001/2023")
    assert revision == 2 and doc.dismissals == [mark]
    (check,) = checking.check_documents([doc])
    assert not checking.has_errors([check])  # the only error is dismissed
    assert [(f.rule, m.reason) for f, m in check.dismissed] == [("JX208", mark.reason)]
    assert [check.tag(f) for f in check.findings] == ["JX210@2.1"]


def test_dismiss_names_a_place_without_that_finding_and_writes_nothing(tmp_path) -> None:
    store = _stored(tmp_path, _spoiled())
    with pytest.raises(JixiaoError, match="项目 2 第 3 行 没有 JX208"):
        checking.dismiss(store, None, ["JX208@2.3"], "理由")
    with pytest.raises(JixiaoError, match="理由"):
        checking.dismiss(store, None, ["JX208@2.2"], " ")
    assert store.load("903001/2023")[1] == 1


def test_dismiss_merges_a_colleagues_save_in_between(tmp_path, monkeypatch) -> None:
    from storage import Store

    store = _stored(tmp_path, _spoiled())
    real_load = Store.load
    raced: list[bool] = []

    def load_then_race(self, key):
        loaded = real_load(self, key)
        if not raced:  # a colleague saves right after we read
            raced.append(True)
            doc, revision = real_load(self, key)
            doc.projects[0].name = "对方改的名称"
            self.save(doc, revision)
        return loaded

    monkeypatch.setattr(Store, "load", load_then_race)
    done = checking.dismiss(store, None, ["JX210@2.1"], "名额上限")
    monkeypatch.setattr(Store, "load", real_load)
    doc, revision = store.load("903001/2023")
    assert raced and revision == done.revision == 3
    assert doc.projects[0].name == "对方改的名称" and [d.rule for d in doc.dismissals] == ["JX210"]


def test_fix_dry_run_writes_nothing_and_fix_is_one_revision(tmp_path) -> None:
    store = _stored(tmp_path, _spoiled())
    dry = checking.fix(store, None, dry_run=True)
    assert [c.line() for c in dry.changes] == ["项目2 第2行 指标值：“≤100%” → “=100%”（JX208）"]
    assert dry.revision is None and store.load("903001/2023")[1] == 1
    done = checking.fix(store, None)
    assert done.revision == 2
    doc, _ = store.load("903001/2023")
    assert doc.projects[1].indicators[1].value == "=100%"
    assert doc.projects[1].indicators[0].value == "≤12人"  # not fixable: untouched
    assert checking.fix(store, None).changes == []  # nothing left to fix


def test_a_dismissed_finding_is_not_fixed(tmp_path) -> None:
    store = _stored(tmp_path, _spoiled())
    checking.dismiss(store, None, ["JX208@2.2"], "保留原写法")
    assert checking.fix(store, None).changes == []


def test_checking_many_documents_clears_the_rules_caches_every_ten(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from model.rules import engine

    cleared: list[dict[str, bool]] = []
    real = engine.clear_caches
    monkeypatch.setattr(engine, "clear_caches", lambda **kw: (cleared.append(kw), real(**kw))[1])
    docs = [clean_document() for _ in range(25)]
    checks = checking.check_each(docs)
    assert cleared == []  # nothing is checked before it is asked for
    first = next(checks)
    assert [c.findings for c in [first, *checks]] == [first.findings] * 25
    # before the 11th and the 21st, keeping the caches of the cells documents share
    assert cleared == [{"keep_values": True}] * 2
    cleared.clear()
    checking.check_documents(docs[:1])  # the editor's one document keeps the caches warm
    assert cleared == []


def test_checking_many_documents_keeps_no_context_of_a_checked_one() -> None:
    """check --all checks each document once: the rules' cached context of a document (which
    holds the whole document) is let go once it is checked, not when the cache fills."""
    from model.rules import context

    docs = [clean_document() for _ in range(3)]
    for check in checking.check_each(iter(docs)):
        assert check.findings == []
        assert not [ctx for _, ctx in context._CACHE.values() if ctx.doc is check.doc]
    assert not [ctx for _, ctx in context._CACHE.values() if any(ctx.doc is d for d in docs)]
