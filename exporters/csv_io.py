"""CSV: one table of a document (indicators, or projects), for spreadsheets and scripts.

Written as UTF-8 with a BOM so Excel on Chinese Windows opens it correctly (GBK on request);
read from UTF-8 (with or without BOM) or GB18030, detected. A CSV holds only its table's fields
(those not in the Word table, such as 上年指标值 or 权重, only when the document uses them) and
no ids, so it is partial: the import merges it into a stored document by 项目编码, and the
indicators of a project by position.

Formula cells are neutralised as OWASP recommends ("CSV injection"): a cell that Excel or WPS
would run as a formula (starting with = + - @, a tab or a carriage return) is written with a
leading apostrophe, and reading removes exactly that apostrophe again, so a round trip changes
nothing (see ``neutralise``). Reading is bounded (exporters.limits): the file's size, its rows,
columns and each field's length; every refusal is one line naming the file and the row.
"""

from __future__ import annotations

import codecs
import csv
import io

from model import Document, JixiaoError

from . import tables
from .base import ExportOptions, ImportOptions, ImportResult, Problem, Source, select_projects
from .limits import MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS, LimitExceeded
from .zipguard import check_size

# Encodings a user may ask for → Python codec. "utf-8" reads a BOM too.
ENCODINGS: dict[str, str] = {
    "utf-8-sig": "utf-8-sig",
    "utf8-sig": "utf-8-sig",
    "utf-8-bom": "utf-8-sig",
    "utf-8": "utf-8",
    "utf8": "utf-8",
    "gbk": "gbk",
    "cp936": "gbk",
    "gb2312": "gbk",
    "gb18030": "gb18030",
}
_SHOWN_BAD_CHARACTERS = 5


def _codec(name: str | None) -> str:
    key = (name or "utf-8-sig").strip().lower().replace("_", "-")
    if key not in ENCODINGS:
        raise JixiaoError(f"不支持的编码“{name}”，可用：utf-8-sig（默认）、utf-8、gbk、gb18030")
    return ENCODINGS[key]


# --- formula cells ------------------------------------------------------------------------------

# What makes Excel or WPS read a cell as a formula (OWASP, "CSV injection"). `-5` is one too: it
# is written as '-5 and read back as -5.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _quoted_trigger(text: str) -> bool:
    """text is apostrophes (any number, none too) and then a formula trigger."""
    return text.lstrip("'").startswith(FORMULA_TRIGGERS)


def neutralise(text: str) -> str:
    """The cell as written: an apostrophe before a formula trigger (and before a text that
    already starts with apostrophes and a trigger, so that `'=x` survives the round trip)."""
    return "'" + text if _quoted_trigger(text) else text


def restore(text: str) -> str:
    """The inverse of ``neutralise``: one leading apostrophe removed where neutralise adds one."""
    return text[1:] if text.startswith("'") and _quoted_trigger(text[1:]) else text


# --- writing ------------------------------------------------------------------------------------


def _unencodable(header: tuple[str, ...], rows: list[list[str]], codec: str) -> JixiaoError:
    """Name the characters the codec cannot hold and where the first of each is."""
    found: dict[str, str] = {}
    count = 0
    for rownum, row in enumerate(rows, 2):
        for column, text in zip(header, row, strict=True):
            for char in text:
                try:
                    char.encode(codec)
                except UnicodeEncodeError:
                    count += 1
                    found.setdefault(char, f"第 {rownum} 行 {column}")
    shown = "、".join(
        f"“{c}”(U+{ord(c):04X}，{where})"
        for c, where in list(found.items())[:_SHOWN_BAD_CHARACTERS]
    )
    more = f"等共 {count} 处" if count > len(found) or len(found) > _SHOWN_BAD_CHARACTERS else ""
    return JixiaoError(
        f"以下字符无法用 {_display(codec)} 编码：{shown}{more}；"
        "请改用默认的 UTF-8 编码（去掉 --encoding），或先替换这些字符"
    )


def write(doc: Document, *, options: ExportOptions | None = None) -> bytes:
    options = options or ExportOptions()
    table = tables.table_name(options.table)
    codec = _codec(options.encoding)
    doc = select_projects(doc, options.projects)
    fields = tables.used_fields(table, doc)
    header = tables.header(table, fields)
    rows = (tables.indicator_rows if table == "indicators" else tables.project_rows)(doc, fields)
    rows = [[neutralise(str(cell)) for cell in row] for row in rows]  # 序号 is a number
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    source = Source.of(doc, options)
    if source is not None:
        # Last, so that row numbers stay those a spreadsheet shows; merge imports read it.
        writer.writerow([f"# {source.stamp()}（合并导入时据此识别他人的修改，请保留此行）"])
    try:
        return buffer.getvalue().encode(codec)
    except UnicodeEncodeError:
        raise _unencodable(header, rows, codec) from None


# --- reading ------------------------------------------------------------------------------------


def _display(codec: str) -> str:
    return "UTF-8" if codec.startswith("utf-8") else codec.upper()


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode(data: bytes, source: str, forced: str | None = None) -> tuple[str, str]:
    """The text and the codec it was read with; a clear error for anything else."""
    if data.startswith(b"PK\x03\x04"):
        raise JixiaoError(f"{source}：这是 Excel（.xlsx）等压缩文件，不是 CSV，请用 --format xlsx")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise JixiaoError(
            f"{source}：文件是 UTF-16 编码（Excel 的“Unicode 文本”），"
            "请在 Excel/WPS 中另存为“CSV UTF-8（逗号分隔）”"
        )
    if b"\x00" in data:
        line = _line_of(data, data.index(b"\x00"))
        raise JixiaoError(
            f"{source}：第 {line} 行含有空字符，不是文本 CSV"
            "（可能是 UTF-16 或二进制文件）；请在 Excel/WPS 中另存为“CSV UTF-8（逗号分隔）”"
        )
    if forced:
        codec = _codec(forced)
        codec = "utf-8-sig" if codec == "utf-8" else codec
        candidates = [codec]
    elif data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    else:
        candidates = ["utf-8", "gb18030"]
    errors: list[UnicodeDecodeError] = []
    for codec in candidates:
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError as exc:
            errors.append(exc)
    error = errors[0]
    if len(candidates) == 1:
        raise JixiaoError(
            f"{source}：第 {_line_of(data, error.start)} 行不是有效的 {_display(candidates[0])} 编码，"
            "请检查文件编码（可用 --encoding 指定 utf-8 或 gb18030）"
        )
    line = _line_of(data, max(e.start for e in errors))
    raise JixiaoError(
        f"{source}：第 {line} 行起文件编码无法识别（既不是 UTF-8 也不是 GB18030/GBK），"
        "请在 Excel/WPS 中另存为“CSV UTF-8（逗号分隔）”"
    )


def _delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    if "," not in first:
        for candidate in ("\t", ";"):
            if candidate in first:
                return candidate
    return ","


def _stamp(records: list[list[str]]) -> Source | None:
    """Remove the export's stamp line (`# jixiao 导出自 …`, the last non-empty record) and
    return what it says."""
    while records and not any(cell.strip() for cell in records[-1]):
        records.pop()
    if len(records) > 1 and records[-1][0].lstrip().startswith("#"):
        found = Source.parse(records[-1][0])
        if found is not None and not any(cell.strip() for cell in records[-1][1:]):
            records.pop()
            return found
    return None


def records_of(text: str, source: str) -> list[list[str]]:
    """The file's records, within the limits (rows, columns, field length), formula cells
    restored; each refusal names the row."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    records: list[list[str]] = []
    # The csv module's own bound on a field (a process-wide setting, so set and put back): a
    # field over it stops the reader at once instead of growing to the file's size.
    previous = csv.field_size_limit(MAX_CELL_CHARS)
    try:
        for record in reader:
            if len(records) > MAX_ROWS:  # the header and MAX_ROWS rows are read already
                raise LimitExceeded(
                    source, f"第 {reader.line_num} 行", "行数过多", f"{MAX_ROWS} 行"
                )
            if len(record) > MAX_COLUMNS:
                raise LimitExceeded(
                    source, f"第 {reader.line_num} 行", f"有 {len(record)} 列", f"{MAX_COLUMNS} 列"
                )
            records.append([restore(field) for field in record])
    except csv.Error as exc:
        line = max(reader.line_num, 1)
        if "field larger than field limit" in str(exc):
            raise LimitExceeded(
                source, f"第 {line} 行", "有一格文字过长", f"{MAX_CELL_CHARS} 字"
            ) from None
        raise JixiaoError(
            f"{source}：第 {line} 行 CSV 格式错误（{exc}），请检查引号是否成对"
        ) from None
    finally:
        csv.field_size_limit(previous)
    return records


def read(data: bytes, *, source: str, options: ImportOptions | None = None) -> ImportResult:
    options = options or ImportOptions()
    check_size(data, source)
    text, codec = decode(data, source, options.encoding)
    if not text.strip():
        raise JixiaoError(f"{source}：文件是空的，没有表头和数据")
    records = records_of(text, source)
    stamp = _stamp(records)
    if not records:  # only blank records (spaces, separator characters)
        raise JixiaoError(f"{source}：文件是空的，没有表头和数据")
    header = records[0]
    table = tables.table_name(options.table) if options.table else tables.detect_table(header)
    index, problems = tables.check_header(header, table, "第 1 行（表头）")
    result = ImportResult(partial=True, partial_fields=tables.fields_of(table, index), source=stamp)
    if codec == "gb18030":
        result.notes.append("按 GB18030（GBK）编码读取")
    if any(p.severity == "error" for p in problems):
        if codec == "gb18030":
            problems.append(
                Problem("文件编码", "文件按 GB18030 编码读取；若原为其他编码，请另存为 CSV UTF-8")
            )
        result.problems = problems
        return result
    columns = list(index.items())

    def place(rownum: int, column: str) -> str:
        return f"第 {rownum} 行 第 {index[column] + 1} 列（{column}）"

    def rows():
        for rownum, record in enumerate(records[1:], 2):
            yield rownum, {name: record[n] if n < len(record) else "" for name, n in columns}

    projects, row_problems = tables.read_table(table, rows(), place)
    result.problems = problems + row_problems
    kind = "指标表" if table == "indicators" else "项目表"
    result.notes.append(f"这是{kind}：按项目编码合并到目标文档（{len(projects)} 个项目）")
    result.documents.append(
        Document(dept_code=options.dept or "", year=options.year or 0, projects=projects)
    )
    return result
