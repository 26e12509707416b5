"""The Word indicator table's layouts (exporters.docx.layouts): every registered layout writes
and reads back what it shows, the document remembers its layout, `jixiao export --layout`
chooses one, and a new layout is an entry in the registry and nothing else."""

from __future__ import annotations

import copy
import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from exporters import json_io
from exporters.base import ExportOptions, ImportOptions
from exporters.docx import reader
from exporters.docx.layouts import (
    LAYOUT_2015,
    LAYOUTS,
    PHASE_LAYOUTS,
    Layout,
    LayoutColumn,
    build_header_index,
    choose_layout,
    field_column,
    header_index,
    layout_choices,
)
from exporters.docx.writer import INDICATOR_HEADERS, write
from jixiao.cli import main
from model import Document, JixiaoError, Profile, without_ids
from model.fields import INDICATOR_FIELDS, compact, indicator_field
from model.serialize import document_from_dict, document_to_dict
from storage import Store
from tests.exporters.test_docx_2021 import (
    OFFICIAL_2021,
    custom_properties,
    headers,
    sample_2021,
    without_custom_properties,
)
from tests.exporters.test_docx_export import indicator_tables, sample  # noqa: F401 (fixture)

BUILT_IN = ["2015", "2021", "2021-7"]


def export(doc: Document, **options) -> bytes:
    return write(doc, options=ExportOptions(**options))


def read_back(data: bytes) -> tuple[Document, list[str]]:
    result = reader.read(data, source="导出.docx", options=ImportOptions())
    return result.documents[0], [str(p) for p in result.problems]


def shown(doc: Document, layout: Layout) -> Document:
    """doc as the layout shows it: the indicator fields it has no column for left blank."""
    out = copy.deepcopy(doc)
    keys = layout.keys()
    for project in out.projects:
        for ind in project.indicators:
            for f in INDICATOR_FIELDS:
                if f.attr not in keys:
                    f.set_text(ind, "")
    return out


def with_descriptions_and_more_fields() -> Document:
    """A 2021 document with 上年指标值, 计算公式, 权重 and, on some indicators, a description."""
    doc = sample_2021(filled=True)
    for project in doc.projects:
        for k, ind in enumerate(project.indicators):
            if k % 4 == 1:
                ind.description = f"{ind.name}的说明\n第二行"
    return doc


@pytest.fixture(params=["sample", "2021-fields"])
def document(request, sample) -> Document:  # noqa: F811
    return sample if request.param == "sample" else with_descriptions_and_more_fields()


# --- the registry ----------------------------------------------------------------------------


def test_registry_lists_the_three_layouts_with_chinese_titles():
    choices = layout_choices()
    assert [name for name, _ in choices] == BUILT_IN
    assert all(title and not title.isascii() for _, title in choices)
    assert [c.header for c in LAYOUTS["2015"].columns] == list(INDICATOR_HEADERS)
    assert [c.header for c in LAYOUTS["2021-7"].columns] == OFFICIAL_2021


def test_headers_are_the_labels_of_model_fields():
    for layout in LAYOUTS.values():
        for column in layout.columns:
            if column.field is not None and column.part is None:
                assert column.header == column.field.label


def test_default_choice_is_todays_rule(sample):  # noqa: F811
    assert choose_layout(sample, sample.projects).name == "2015"
    doc_2021 = sample_2021(filled=False)
    assert choose_layout(doc_2021, doc_2021.projects).name == "2021"
    weighted = copy.deepcopy(sample)
    weighted.projects[3].indicators[2].score_weight = Decimal("5")
    assert choose_layout(weighted, weighted.projects).name == "2021"
    # remembered, and asked for: the request wins
    weighted.layout = "2015"
    assert choose_layout(weighted, weighted.projects).name == "2015"
    assert choose_layout(weighted, weighted.projects, "2021-7").name == "2021-7"
    # a name this version does not know (a newer one's): the default rule
    weighted.layout = "2030"
    assert choose_layout(weighted, weighted.projects).name == "2021"


def test_an_unknown_layout_is_a_one_line_error_listing_the_names(sample):  # noqa: F811
    with pytest.raises(JixiaoError) as err:
        export(sample, layout="2019")
    message = str(err.value)
    assert "2019" in message and all(name in message for name in BUILT_IN)
    assert "\n" not in message


# --- each layout writes and reads back -------------------------------------------------------


@pytest.mark.parametrize("name", BUILT_IN)
def test_each_layout_round_trips_what_it_shows_and_is_remembered(name, document):
    layout = LAYOUTS[name]
    data = export(document, layout=name)
    columns = [c.header for c in layout.columns_for(document.projects)]
    assert all(headers(t) == columns for t in indicator_tables(data))
    assert custom_properties(data)["指标表格式"] == name
    back, problems = read_back(data)
    assert problems == []
    assert back.layout == name
    assert back.profile is document.profile
    want = shown(document, layout)
    want.layout = name
    assert without_ids(back) == without_ids(want)


def test_what_each_layout_leaves_out():
    doc = with_descriptions_and_more_fields()
    assert headers(indicator_tables(export(doc, layout="2015"))[0]) == list(INDICATOR_HEADERS)
    assert headers(indicator_tables(export(doc, layout="2021-7"))[0]) == OFFICIAL_2021
    described = [*OFFICIAL_2021[:3], "绩效指标描述", *OFFICIAL_2021[3:]]
    more = ["上年指标值", "计算公式", "权重"]
    assert headers(indicator_tables(export(doc, layout="2021"))[0]) == [*described, *more]


def test_a_remembered_layout_is_used_without_asking_and_comes_back(sample):  # noqa: F811
    doc = copy.deepcopy(sample)
    doc.layout = "2021-7"
    data = export(doc)
    assert all(headers(t) == OFFICIAL_2021 for t in indicator_tables(data))
    back, _ = read_back(data)
    assert back.layout == "2021-7"
    # asking for another one wins over the remembered one, and that is remembered instead
    back, _ = read_back(export(doc, layout="2015"))
    assert back.layout == "2015"


def test_the_default_choice_writes_no_layout_property_and_reads_back_blank(sample):  # noqa: F811
    data = export(sample)
    assert "指标表格式" not in custom_properties(data)
    assert read_back(data)[0].layout == ""


def test_without_properties_the_table_tells_the_layout(sample):  # noqa: F811
    """A 2015 document in the seven columns, from a file without jixiao's properties: the
    layout that holds every column of the table is remembered (it loses nothing later)."""
    back, _ = read_back(without_custom_properties(export(sample, layout="2021-7")))
    assert back.profile is Profile.RULES_2015  # 成本指标 under 产出指标
    assert back.layout == "2021"
    assert headers(indicator_tables(export(back))[0]) == OFFICIAL_2021
    # a table in the layout the default rule gives is not remembered: it is chosen anyway
    doc_2021 = sample_2021(filled=False)
    back, _ = read_back(without_custom_properties(export(doc_2021, layout="2021")))
    assert (back.profile, back.layout) == (Profile.GUIDANCE_2021, "")


def test_an_unknown_layout_property_is_a_warning_and_the_tables_decide(sample):  # noqa: F811
    data = export(sample, layout="2021-7")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {i.filename: archive.read(i.filename) for i in archive.infolist()}
    xml = members["docProps/custom.xml"].decode()
    members["docProps/custom.xml"] = xml.replace(">2021-7<", ">1999<").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    result = reader.read(out.getvalue(), source="改.docx", options=ImportOptions())
    [warning] = result.problems
    assert warning.severity == "warning" and "1999" in warning.message
    assert result.documents[0].layout == "2021"


# --- the document carries its layout ---------------------------------------------------------


def test_json_carries_a_chosen_layout_and_omits_a_blank_one(sample):  # noqa: F811
    data = document_to_dict(sample)
    assert "layout" not in data
    assert document_from_dict(data).layout == ""
    doc = copy.deepcopy(sample)
    doc.layout = "2021-7"
    data = document_to_dict(doc)
    assert data["layout"] == "2021-7"
    assert document_from_dict(json.loads(json.dumps(data))).layout == "2021-7"
    text = json_io.write(doc, options=ExportOptions())
    assert json_io.read(text, source="x", options=ImportOptions()).documents[0].layout == "2021-7"


# --- jixiao export --layout ------------------------------------------------------------------


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sample) -> Path:  # noqa: F811
    path = tmp_path / "db.json"
    monkeypatch.setenv("JIXIAO_DB", str(path))
    assert main(["init"]) == 0
    Store(path).save(sample, 0)
    return path


def test_cli_layout_option(db: Path, tmp_path: Path, capsys):
    out = tmp_path / "七栏.docx"
    assert main(["export", "-o", str(out), "--layout", "2021-7"]) == 0
    data = out.read_bytes()
    assert all(headers(t) == OFFICIAL_2021 for t in indicator_tables(data))
    assert read_back(data)[0].layout == "2021-7"


def test_cli_unknown_layout_and_layout_for_another_format_are_one_line_errors(
    db: Path, tmp_path: Path, capsys
):
    capsys.readouterr()
    assert main(["export", "-o", str(tmp_path / "a.docx"), "--layout", "2019"]) == 1
    err = capsys.readouterr().err.strip()
    assert "2019" in err and "2021-7" in err and "\n" not in err
    assert not (tmp_path / "a.docx").exists()
    assert main(["export", "-o", str(tmp_path / "a.json"), "--layout", "2015"]) == 1
    err = capsys.readouterr().err.strip()
    assert "--layout" in err and "docx" in err and "\n" not in err
    assert not (tmp_path / "a.json").exists()


# --- a new layout is the registry plus its test ----------------------------------------------

REMARK = "备注"


@pytest.mark.parametrize("bound", ["extra", "field"])
def test_a_layout_registered_in_a_test_is_written_and_read_back(bound, monkeypatch, sample):  # noqa: F811
    """A 备注 column (an indicator's extra["备注"]) or a 权重 column (a model field) after the
    2015 table: registered here only, written by the one writer and read by the one reader."""
    if bound == "extra":
        added = LayoutColumn(REMARK, extra=REMARK, minimum_ems=2, align="left")
    else:
        added = field_column(indicator_field("score_weight"))
    name = f"2015+{added.header}"
    layout = Layout(
        name, f"样表加{added.header}栏", (*LAYOUT_2015.columns, added), Profile.RULES_2015
    )
    monkeypatch.setitem(LAYOUTS, name, layout)
    assert (name, layout.title) in layout_choices()

    doc = copy.deepcopy(sample)
    for k, ind in enumerate(doc.projects[0].indicators):
        if bound == "field":
            ind.score_weight = Decimal(k)
        elif k % 2 == 0:
            ind.extra[REMARK] = f"第{k}条的备注"
    data = export(doc, layout=name)
    tables = indicator_tables(data)
    assert all(headers(t) == [*INDICATOR_HEADERS, added.header] for t in tables)

    back, problems = read_back(data)
    assert problems == []  # the registry's column is known: no "unknown column" warning
    assert back.layout == name
    got = back.projects[0].indicators
    if bound == "extra":
        assert [i.extra for i in got] == [i.extra for i in doc.projects[0].indicators]
        assert got[0].extra == {REMARK: "第0条的备注"} and got[1].extra == {}
    else:
        assert [i.score_weight for i in got] == [Decimal(k) for k in range(len(got))]

    # the same table from a file without jixiao's properties is recognised by its header
    back, _ = read_back(without_custom_properties(data))
    assert back.layout == name


def _index_built(phases: bool) -> dict[str, str]:
    """header_index built afresh from every layout registered now."""
    return build_header_index([*LAYOUTS.values(), *(PHASE_LAYOUTS.values() if phases else ())])


@pytest.mark.parametrize("phases", [False, True])
def test_the_header_index_is_the_registrys_even_when_it_changes(phases, monkeypatch):
    """header_index, kept between calls, against its definition: before, while and after a
    layout is registered (a test's), each call a copy of its own."""
    assert header_index(phases=phases) == _index_built(phases)
    header_index(phases=phases)["一级指标"] = "changed by a caller"
    assert header_index(phases=phases) == _index_built(phases)
    added = LayoutColumn(REMARK, extra=REMARK, minimum_ems=2, align="left")
    layout = Layout("2015+备注", "样表加备注栏", (*LAYOUT_2015.columns, added), Profile.RULES_2015)
    with monkeypatch.context() as patch:
        patch.setitem(LAYOUTS, layout.name, layout)
        assert header_index(phases=phases) == _index_built(phases)
        assert compact(REMARK) in header_index(phases=phases)
    assert header_index(phases=phases) == _index_built(phases)
    assert phases or compact(REMARK) not in header_index(phases=phases)
