"""model.fields: the one list of fields covers the entities and reads every heading it names."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from model import AmountError, Document, Indicator, Project, SpendingPlan
from model import fields as F
from model.entities import field_names


@pytest.mark.parametrize(
    ("cls", "entity", "skip"),
    [
        (Indicator, F.Entity.INDICATOR, {"id", "extra"}),
        (Project, F.Entity.PROJECT, {"id", "extra", "indicators", "plan"}),
        (SpendingPlan, F.Entity.PLAN, set()),
        (
            Document,
            F.Entity.DOCUMENT,
            {"part1", "projects", "extra", "allow_sustainable", "layout", "dismissals", "scoring"},
        ),
    ],
)
def test_every_attribute_has_one_field(cls, entity, skip) -> None:
    listed = [f.attr for f in F.fields_of(entity) if not f.in_extra]  # extra: no attribute
    assert len(listed) == len(set(listed))
    assert set(listed) == set(field_names(cls)) - skip


def test_no_heading_means_two_fields_of_one_entity() -> None:
    for entity in F.Entity:
        seen: dict[str, str] = {}
        for f in F.fields_of(entity):
            for name in f.names():
                key = F.compact(name)
                assert seen.setdefault(key, f.attr) == f.attr, (entity, name)


@pytest.mark.parametrize(
    ("heading", "attr"),
    [
        ("指标值", "value"),
        ("目标值", "value"),
        ("绩 效 指 标 描 述", "description"),
        ("指标描述", "description"),
        ("确定依据", "basis"),
        ("权重(分值)", "score_weight"),
        ("上年值", "previous_value"),
        ("一级", "level1"),
    ],
)
def test_indicator_headings(heading: str, attr: str) -> None:
    found = F.by_label(heading, F.INDICATOR_FIELDS)
    assert found is not None and found.attr == attr


def test_project_headings() -> None:
    assert F.by_label("其中:财政资金").attr == "fiscal"
    assert F.by_label("财政资金").attr == "fiscal"
    assert F.by_label("12月底").path == "plan"
    assert F.by_label("年度绩效目标") is F.GOALS
    assert F.by_label("没有这一栏") is None


def test_text_round_trip_writes_typed_amounts_to_the_documents_decimals() -> None:
    project = Project(budget=Decimal("11.00"), goals=["1.一", "2.二"])
    budget = F.project_field("budget")
    assert budget.text(project) == "11.00"
    budget.set_text(project, "5")  # typed: two decimals by default (issue 18)
    assert project.budget == Decimal("5") and budget.text(project) == "5.00"
    budget.set_text(project, "5", decimals=0)  # a document written in whole numbers
    assert budget.text(project) == "5"
    budget.set_text(project, "")
    assert project.budget is None  # blank is not 0
    F.GOALS.set_text(project, "1.一\n\n 2.二 ")
    assert project.goals == ["1.一", "2.二"]
    dec = F.by_label("12月底")
    dec.set_text(project, "8.00")
    assert project.plan.dec == Decimal("8.00") and dec.text(project) == "8.00"


def test_bad_amount_names_the_field() -> None:
    with pytest.raises(AmountError, match="权重"):
        F.indicator_field("score_weight").set_text(Indicator(), "abc")


def test_word_and_more_split_the_indicator_fields() -> None:
    assert [f.label for f in F.WORD_INDICATOR_FIELDS] == [
        "一级指标",
        "二级指标",
        "三级指标",
        "绩效指标描述",
        "指标值",
        "指标值确定依据",
    ]
    assert [f.attr for f in F.MORE_INDICATOR_FIELDS] == [
        "previous_value",
        "formula",
        "score_weight",
    ]


def test_year_field() -> None:
    doc = Document()
    year = F.field("document", "year")
    year.set_text(doc, "2024")
    assert doc.year == 2024 and year.text(doc) == "2024"
    with pytest.raises(Exception, match="四位年份"):
        year.set_text(doc, "24")


# --- a field added in model/fields.py alone ----------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]
REMARK = (
    '    _f(IND, "remark", "备注", Kind.LONG, aliases=("说明",), in_word=False, stored="extra"),\n'
)


def _with_remark(tmp_path: Path) -> Path:
    """A copy of the source whose model/fields.py declares 备注 as the last indicator field."""
    shutil.copytree(
        ROOT / "model", tmp_path / "model", ignore=shutil.ignore_patterns("__pycache__")
    )
    for package in ("exporters", "jixiao", "tui", "storage", "service"):
        (tmp_path / package).symlink_to(ROOT / package)
    path = tmp_path / "model" / "fields.py"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    tree = ast.parse("".join(lines))
    (end,) = (
        node.end_lineno
        for node in tree.body
        if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", "") == "INDICATOR_FIELDS"
    )
    assert lines[end - 1].strip() == ")"
    lines.insert(end - 1, REMARK)
    path.write_text("".join(lines), encoding="utf-8")
    return tmp_path


def test_a_field_declared_in_fields_py_reaches_every_table_merge_show_and_grid(tmp_path) -> None:
    root = _with_remark(tmp_path)
    script = ROOT / "tests" / "model" / "declared_field.py"
    env = {**os.environ, "PYTHONPATH": str(root)}
    done = subprocess.run(
        [sys.executable, str(script)], cwd=root, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_a_field_in_extra_is_text_and_leaves_no_blank_key() -> None:
    remark = F.Field(F.Entity.INDICATOR, "remark", "备注", F.Kind.LONG, stored="extra")
    ind = Indicator(extra={"其他": "x"})
    remark.set_text(ind, "说明")
    assert ind.extra == {"其他": "x", "备注": "说明"} and remark.text(ind) == "说明"
    remark.set_text(ind, "")
    assert ind.extra == {"其他": "x"} and remark.is_blank(ind)
    with pytest.raises(ValueError, match="text"):
        F.Field(F.Entity.INDICATOR, "points", "分", F.Kind.WEIGHT, stored="extra")


def test_compact_removes_exactly_the_white_space_re_removes():
    """compact drops white space with str.split(): the characters it splits at are exactly those
    re's \\s matches, for every code point, so a label compacts as it did with re.sub(r"\\s+")."""
    import re
    import sys

    chars = [chr(c) for c in range(sys.maxunicode + 1)]
    by_re = {ch for ch in chars if re.fullmatch(r"\s", ch)}
    by_split = {ch for ch in chars if not ch.split()}
    assert by_re == by_split and " " in by_re and "\u3000" in by_re
    spaces = "".join(sorted(by_re))
    for label in (f"项目{spaces}编码", f"{spaces}预算\n执行率 (%):{spaces}", spaces, "绩效指标"):
        expected = re.sub(r"\s+", "", label)
        assert F.compact(label) == expected.replace(":", "：").replace("(", "（").replace(")", "）")
