"""Issue 17 item 4: batch commands for a county — `import DIR/`, `export --all -o DIR/`,
`check --all` as a per-unit summary. Run through typer's CliRunner in this process, so that the
store's writes can be counted."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from exporters import json_io
from exporters.base import ExportOptions
from jixiao.cli import app, main
from model import Document
from storage import Store
from storage.store import Store as FileStore

from ..documents import edge_case_document

SAMPLE_DOCX = Path(__file__).parent.parent / "fixtures" / "zhangwangtuan-2023.docx"


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "db.json"
    Store.create(path)
    monkeypatch.setenv("JIXIAO_DB", str(path))
    monkeypatch.setenv("COLUMNS", "100")
    return path


@pytest.fixture
def saves(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many documents each write of the store saved (one entry per write)."""
    calls: list[int] = []
    original = FileStore.save_many

    def counted(self, items):  # noqa: ANN001, ANN202
        calls.append(len(items))
        return original(self, items)

    monkeypatch.setattr(FileStore, "save_many", counted)
    return calls


def invoke(*args: str):  # noqa: ANN202
    result = CliRunner().invoke(app, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def write_json(path: Path, doc: Document) -> None:
    path.write_bytes(json_io.write(doc, options=ExportOptions()))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """3 good files (two JSON units and the sample Word document), 1 broken one, and what a
    folder also holds: a text file, an Office lock file, a subfolder with one more unit."""
    d = tmp_path / "县"
    d.mkdir()
    write_json(d / "a.json", edge_case_document("100001"))
    write_json(d / "b.json", edge_case_document("100002"))
    shutil.copy(SAMPLE_DOCX, d / "c.docx")
    (d / "d.json").write_text("{broken", encoding="utf-8")
    (d / "说明.txt").write_text("不是文档", encoding="utf-8")
    (d / "~$c.docx").write_bytes(b"lock")
    (d / "sub").mkdir()
    write_json(d / "sub" / "e.json", edge_case_document("100005"))
    return d


def rows(output: str) -> dict[str, list[str]]:
    """The summary table's rows by their first cell (the file)."""
    found: dict[str, list[str]] = {}
    for line in output.splitlines():
        cells = line.split()
        if cells and (cells[0].endswith((".json", ".docx")) or "/" in cells[0]):
            found[cells[0]] = cells[1:]
    return found


def keys(db: Path) -> list[str]:
    return [i.key for i in Store(db).list_documents()]


# -- import DIR/ ----------------------------------------------------------------------------


def test_a_folder_imports_the_good_files_in_one_save_and_refuses_the_bad_one(
    db: Path, folder: Path, saves: list[int]
) -> None:
    result = invoke("import", str(folder))
    assert result.exit_code == 1  # a file was refused
    table = rows(result.stdout)
    assert table["a.json"][:2] == ["100001/2023", "新建"]
    assert table["b.json"][:2] == ["100002/2023", "新建"]
    assert table["c.docx"][:2] == ["903001/2023", "新建"]
    assert table["d.json"][:2] == ["—", "拒绝"] and "JSON" in " ".join(table["d.json"])
    assert "4 个文件中 1 个被拒绝，已新建 3 个文档（一次保存）" in result.stdout
    assert saves == [3]  # the three documents in one write of the store
    assert keys(db) == ["100001/2023", "100002/2023", "903001/2023"]
    skipped = result.stderr
    assert "跳过 说明.txt" in skipped and "跳过 ~$c.docx" in skipped
    assert "跳过 sub（子目录；加 --recursive 一并导入）" in skipped


def test_existing_documents_need_replace_as_a_single_file_does(
    db: Path, folder: Path, saves: list[int]
) -> None:
    (folder / "d.json").unlink()
    assert invoke("import", str(folder)).exit_code == 0
    before = db.read_bytes()
    again = invoke("import", str(folder))
    assert again.exit_code == 1
    table = rows(again.stdout)
    assert [table[name][1] for name in ("a.json", "b.json", "c.docx")] == ["拒绝"] * 3
    assert "替换请加 --replace" in again.stdout
    assert db.read_bytes() == before  # all refused: nothing written
    replaced = invoke("import", str(folder), "--replace")
    assert replaced.exit_code == 0
    assert [rows(replaced.stdout)[n][1] for n in ("a.json", "b.json", "c.docx")] == ["替换"] * 3
    assert saves == [3, 3]
    assert [i.revision for i in Store(db).list_documents()] == [2, 2, 2]


def test_all_or_nothing_writes_nothing_when_a_file_is_refused(db: Path, folder: Path) -> None:
    before = db.read_bytes()
    result = invoke("import", str(folder), "--all-or-nothing")
    assert result.exit_code == 1
    assert rows(result.stdout)["a.json"][1] == "未导入"
    assert "按 --all-or-nothing 未导入任何文件" in result.stdout
    assert db.read_bytes() == before and keys(db) == []


def test_recursive_takes_the_subfolders_files(db: Path, folder: Path) -> None:
    (folder / "d.json").unlink()
    result = invoke("import", str(folder), "--recursive")
    assert result.exit_code == 0
    assert rows(result.stdout)["sub/e.json"][:2] == ["100005/2023", "新建"]
    assert "100005/2023" in keys(db)


def test_the_same_document_in_two_files_refuses_the_second_only(db: Path, folder: Path) -> None:
    (folder / "d.json").unlink()
    write_json(folder / "z.json", edge_case_document("100001"))
    result = invoke("import", str(folder))
    assert result.exit_code == 1
    table = rows(result.stdout)
    assert table["a.json"][1] == "新建" and table["z.json"][:2] == ["100001/2023", "拒绝"]
    assert keys(db) == ["100001/2023", "100002/2023", "903001/2023"]


def test_a_missing_database_is_made_only_when_something_is_imported(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "new" / "db.json"
    monkeypatch.setenv("JIXIAO_DB", str(path))
    only_bad = tmp_path / "bad"
    only_bad.mkdir()
    (only_bad / "x.json").write_text("{", encoding="utf-8")
    assert invoke("import", str(only_bad)).exit_code == 1
    assert not path.exists()
    assert invoke("import", str(folder)).exit_code == 1
    assert keys(path) == ["100001/2023", "100002/2023", "903001/2023"]


def test_a_dry_run_lists_and_writes_nothing(db: Path, folder: Path) -> None:
    before = db.read_bytes()
    result = invoke("import", str(folder), "--dry-run")
    assert "将新建 3 个文档；--dry-run，未写入" in result.stdout
    assert db.read_bytes() == before


def test_a_folder_with_other_arguments_is_refused(db: Path, folder: Path, capsys) -> None:
    assert main(["import", str(folder), str(folder / "a.json")]) == 1
    assert "导入目录时只写这一个目录" in capsys.readouterr().err
    assert keys(db) == []


def test_folder_options_without_a_folder_are_refused(db: Path, tmp_path: Path, capsys) -> None:
    write_json(tmp_path / "a.json", edge_case_document("100001"))
    assert main(["import", str(tmp_path / "a.json"), "--all-or-nothing"]) == 1
    assert "--all-or-nothing 只用于导入目录" in capsys.readouterr().err
    assert keys(db) == []


def test_an_empty_folder_says_so(db: Path, tmp_path: Path, capsys) -> None:
    (tmp_path / "空").mkdir()
    assert main(["import", str(tmp_path / "空")]) == 1
    assert "目录中没有可导入的文件" in capsys.readouterr().err


# -- export --all -o DIR/ -------------------------------------------------------------------


@pytest.fixture
def county(db: Path) -> Path:
    store = Store(db)
    for code in ("100001", "100002", "100003"):
        store.save(edge_case_document(code), 0)
    return db


def test_export_all_writes_one_file_per_document(county: Path, tmp_path: Path) -> None:
    out = tmp_path / "导出"
    result = invoke("export", "--all", "--format", "json", "-o", str(out))
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == ["100001-2023.json", "100002-2023.json", "100003-2023.json"]
    data = json.loads((out / "100002-2023.json").read_text(encoding="utf-8"))
    assert json.dumps(data, ensure_ascii=False).count("100002") >= 1
    assert "100001/2023" in result.stdout and "已导出 3 个文档" in result.stdout


def test_export_all_refuses_existing_files_and_writes_none_without_force(
    county: Path, tmp_path: Path
) -> None:
    out = tmp_path / "导出"
    out.mkdir()
    (out / "100002-2023.docx").write_bytes(b"old")
    result = invoke("export", "--all", "--format", "docx", "-o", str(out))
    assert result.exit_code == 1
    assert "100002-2023.docx：文件已存在" in result.stderr
    assert "1 个文件已存在，未导出任何文件；如确需覆盖请加 --force" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["100002-2023.docx"]
    assert (out / "100002-2023.docx").read_bytes() == b"old"
    forced = invoke("export", "--all", "--format", "docx", "-o", str(out), "--force")
    assert forced.exit_code == 0
    assert len(list(out.iterdir())) == 3
    assert (out / "100002-2023.docx").read_bytes()[:2] == b"PK"  # a Word file now


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--all", "--format", "json"], "--all 须用 -o 指定输出目录"),
        (["--all", "-o", "x"], "--all 须用 --format 指定格式"),
        (["--all", "--format", "json", "-o", "x", "--project", "1"], "--project 只能用于"),
        (["100001/2023", "--all", "--format", "json", "-o", "x"], "不能再加 --all"),
    ],
)
def test_export_all_mistakes_are_one_line(
    county: Path, tmp_path: Path, monkeypatch, capsys, args: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["export", *args]) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert not (tmp_path / "x").exists()


# -- check --all ----------------------------------------------------------------------------


@pytest.fixture
def checked(db: Path) -> Path:
    """Three units: the sample (many findings), an edge case, and one with no projects."""
    from exporters.docx import read

    store = Store(db)
    store.save(read(SAMPLE_DOCX.read_bytes(), source="c.docx").documents[0], 0)
    store.save(edge_case_document("100001"), 0)
    store.save(Document(dept_code="100009", dept_name="空白乡", year=2023), 0)
    return db


def test_check_all_ranks_units_by_errors_then_warnings(checked: Path) -> None:
    result = invoke("check", "--all", "--format", "json")
    data = json.loads(result.stdout)
    assert sorted(d["key"] for d in data) == ["100001/2023", "100009/2023", "903001/2023"]
    order = [(-d["errors"], -d["warnings"], -d["hints"]) for d in data]
    assert order == sorted(order)
    assert data[0]["key"] == "903001/2023" and data[0]["errors"] > 0
    assert set(data[0]) >= {"dept_code", "dept_name", "year", "projects", "errors", "warnings"}
    assert result.exit_code == 1  # there are errors, as `check` has it


def test_check_all_text_fits_the_width_and_has_the_columns(
    checked: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jixiao.textfmt import display_width

    monkeypatch.setenv("COLUMNS", "60")
    result = invoke("check", "--all")
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["单位编码", "单位名称", "年度", "项目数", "错误", "警告", "提示"]
    assert lines[1].startswith("903001")
    assert all(display_width(line) <= 60 for line in lines)
    assert "合计 3 份文档" in result.stdout


def test_check_all_csv_is_one_row_per_document(checked: Path) -> None:
    result = invoke("check", "--all", "--format", "csv", "--min-severity", "warning")
    lines = result.stdout.lstrip("\ufeff").splitlines()
    assert lines[0] == "单位编码,单位名称,年度,项目数,错误,警告"
    assert len(lines) == 4 and lines[1].startswith("903001,")


def test_check_all_exit_code_is_0_without_errors(db: Path) -> None:
    Store(db).save(Document(dept_code="100009", dept_name="空白乡", year=2023), 0)
    result = invoke("check", "--all", "--min-severity", "error", "--rule", "JX601")
    errors_column = result.stdout.splitlines()[1].split()[-1]
    assert (result.exit_code, errors_column) == (0, "0")


def test_check_all_detail_lists_every_finding(checked: Path) -> None:
    result = invoke("check", "--all", "--detail")
    assert "项目 1" in result.stdout and "合计 3 份文档" in result.stdout
    assert main(["check", "--detail"]) == 1  # --detail without --all: refused


def test_the_progress_bar_goes_to_stderr_on_a_terminal(
    county: Path, tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    monkeypatch.setenv("TERM", "xterm")
    assert main(["export", "--all", "--format", "json", "-o", str(tmp_path / "out")]) == 0
    captured = capsys.readouterr()
    assert "导出中" in captured.err and "导出中" not in captured.out
    assert "已导出 3 个文档" in captured.out


def test_export_all_makes_the_folder_and_names_summary_files(county: Path, tmp_path: Path):
    out = tmp_path / "汇总"
    result = invoke("export", "--all", "--format", "summary-xlsx", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir())[0] == "100001-2023-汇总表.xlsx"
    deep = tmp_path / "a" / "b"
    assert main(["export", "--all", "--format", "json", "-o", str(deep)]) == 1
    assert not deep.exists()


def test_export_all_pdf_without_libreoffice_is_one_line_and_writes_nothing(
    county: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    from exporters import pdf

    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    out = tmp_path / "pdf"
    assert main(["export", "--all", "--format", "pdf", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "LibreOffice" in err
    assert not out.exists()


def test_export_all_of_a_later_phase_table_names_it(county: Path, tmp_path: Path) -> None:
    out = tmp_path / "自评"
    result = invoke("export", "--all", "--format", "docx", "--table", "evaluate", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir())[0] == "100001-2023-项目支出绩效自评表.docx"
    csv_out = tmp_path / "项目"
    result = invoke("export", "--all", "--format", "csv", "--table", "projects", "-o", str(csv_out))
    assert result.exit_code == 0, result.output
    first = (csv_out / "100001-2023.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert "预算数" in first and "三级指标" not in first  # the projects table, not indicators
