"""What every format module offers, so the CLI and the TUI call one interface.

A format module (``exporters.json_io``, ``exporters.docx``, ``exporters.csv_io``,
``exporters.xlsx_io``) defines::

    def read(data: bytes, *, source: str, options: ImportOptions) -> ImportResult
    def write(doc: Document, *, options: ExportOptions) -> bytes

``read`` never touches the database: it returns documents (complete, or for CSV partial ones that
the merge step applies) plus every problem found, each with its place. ``write`` returns the
file's bytes; the caller writes them atomically.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from model import Document
from model.text import terminal_safe

_QUOTED = re.compile(r"“([^”]{60})[^”]+”")  # a long value quoted in a message


def one_line(text: str) -> str:
    """A message as one line: a long quoted value cut short, line breaks and control
    characters shown as symbols (␊), never executed."""
    return terminal_safe(_QUOTED.sub(r"“\1…”", text), multiline=False)


@dataclass(slots=True)
class ImportOptions:
    dept: str | None = None  # --dept: 预算单位编码 when the file does not say
    year: int | None = None  # --year
    table: str | None = None  # CSV: "indicators" or "projects"
    encoding: str | None = None  # CSV: forced encoding


# The Word (and PDF) tables a document exports as (ExportOptions.word_table) → the Chinese name.
WORD_TABLES: dict[str, str] = {
    "target": "绩效目标表",
    "monitor": "项目支出绩效目标执行监控表",
    "evaluate": "项目支出绩效自评表",
    "evaluate-summary": "项目支出绩效自评汇总表",
}


def word_table_named(name: str | None) -> str:
    """A Word table's name as ExportOptions holds it; a one-line error listing them if unknown."""
    from model import JixiaoError

    chosen = (name or "target").strip()
    if chosen not in WORD_TABLES:
        listed = "、".join(f"{k}（{v}）" for k, v in WORD_TABLES.items())
        raise JixiaoError(f"没有名为“{chosen}”的 Word 表格，可选：{listed}")
    return chosen


@dataclass(slots=True)
class ExportOptions:
    projects: list[str] | None = None  # --project CODE …: only these, in document order
    table: str = "indicators"  # CSV
    encoding: str = "utf-8-sig"  # CSV
    template: Path | None = None  # Word: take styles, fonts and margins from this .docx
    layout: str | None = None  # Word: the indicator table's layout (exporters.docx.layouts)
    # Word: "portrait" | "landscape" | None (the layout's default: landscape for the 2021
    # layout's many columns, portrait otherwise).
    orientation: str | None = None
    # Word/PDF: which table — "target" (the 绩效目标表, the default), "monitor" (项目支出绩效目标执行
    # 监控表), "evaluate" (项目支出绩效自评表) or "evaluate-summary" (the 自评 汇总表);
    # exporters.docx.phases.WORD_TABLES names them.
    word_table: str = "target"
    # The revision of the stored document exported (None: not from a database). JSON, CSV and
    # Excel record it with the key, so that `import --merge` can merge three ways against it.
    revision: int | None = None


@dataclass(frozen=True, slots=True)
class Source:
    """Which stored document, at which revision, an exported file was made from."""

    key: str
    revision: int

    STAMP = "jixiao 导出自"

    def stamp(self) -> str:
        """`jixiao 导出自 903001/2023 第 5 版` — the text the formats carry."""
        return f"{self.STAMP} {self.key} 第 {self.revision} 版"

    @classmethod
    def parse(cls, text: str) -> Source | None:
        import re

        match = re.search(r"jixiao\s*导出自\s*(\S+/\d{4})\s*第\s*(\d+)\s*版", text)
        if match is None:
            return None
        return cls(match.group(1), int(match.group(2)))

    @classmethod
    def of(cls, doc: Document, options: ExportOptions) -> Source | None:
        """The source an export records: only when it came from a stored revision."""
        if options.revision is None or not doc.dept_code or not doc.year:
            return None
        return cls(doc.key, options.revision)


@dataclass(slots=True)
class Problem:
    """Something in an input file that was not understood: its place and what is wrong."""

    where: str  # e.g. "表格 3 第 5 行 第 2 列", "第 12 段", "第 7 行 指标值"
    message: str
    severity: str = "error"  # "error" stops the import; "warning" is reported only

    def __post_init__(self) -> None:
        # Messages quote cells, and a cell may hold many lines: every message stays one line.
        self.where = one_line(self.where)
        self.message = one_line(self.message)

    def __str__(self) -> str:
        return f"{self.where}：{self.message}"


@dataclass(slots=True)
class ImportResult:
    documents: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. "部门编码取自文档：903001"
    partial: bool = False  # True when documents hold only some fields (CSV tables): merge only
    # With partial: which fields the documents hold, in model.merge's names ("budget",
    # "indicators.value" …); pass it to model.merge.merge_document(partial_fields=…).
    partial_fields: frozenset[str] | None = None
    # The document and revision the file was exported from, when it says (see Source).
    source: Source | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def select_projects(doc: Document, codes: list[str] | None) -> Document:
    """A shallow copy of doc holding only the projects with these codes (all when None)."""
    from dataclasses import replace

    from model import JixiaoError

    if not codes:
        return doc
    known = {p.code for p in doc.projects}
    missing = [c for c in codes if c not in known]
    if missing:
        raise JixiaoError(
            f"文档 {doc.key} 中没有项目编码 {'、'.join(missing)}，请用 jixiao list {doc.key} 查看"
        )
    wanted = set(codes)
    return replace(doc, projects=[p for p in doc.projects if p.code in wanted])
