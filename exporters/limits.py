"""The bounds every importer keeps: no file, however crafted, may run the server out of time or memory.

Each limit is a named constant, well above anything a real 预算绩效目标 file reaches (the sample is
a 60 KB .docx: 25 tables, 280 rows, cells under 500 characters) and well below what hurts a shared
server. A file over a limit is refused with `LimitExceeded`, whose message names the file, the
place, the limit and what to do — before the database is touched.
"""

from __future__ import annotations

from model import JixiaoError

MIB = 1024 * 1024

# Any format.
MAX_FILE_BYTES = 50 * MIB  # the file as read; a real document is well under 5 MB
MAX_CELL_CHARS = 20_000  # one cell's text; a long 资金用途 is a few hundred characters
MAX_DOCUMENTS = 1_000  # documents in one file (JSON): a county has a few hundred units
MAX_PROJECTS = 5_000  # projects in one document
MAX_INDICATORS = 500  # indicator rows in one project

# Zip containers (.docx, .xlsx): what the archive may unpack to.
MAX_UNPACKED_BYTES = 64 * MIB  # a real .docx or .xlsx unpacks to a few MB
MAX_MEMBERS = 5_000  # Word and Excel write a few dozen parts
# One XML part a library parses whole into memory (styles, workbook, properties, relationships):
# openpyxl took 56 s and 1.7 GB for a 64 MB styles.xml, 45 s and 265 MB for an 8 MB one (on a
# busy machine). Excel's worksheets are streamed instead. A real styles.xml is 3–100 KB.
MAX_XML_PART_BYTES = 2 * MIB

# Excel.
MAX_SHEETS = 255  # sheets in one workbook; jixiao writes three
# What openpyxl parses for chart sheets (it reads their charts even when only cells are wanted):
# the parts, each chart counted once per place it is drawn. A real chart part is 10–50 KB.
MAX_CHART_BYTES = 8 * MIB
MAX_SHARED_STRINGS = 100_000  # distinct texts; openpyxl reads them all first (199,000: 28 s)
# All cell texts of a workbook together. One shared string may fill any number of cells: 20,000
# characters in 2,000,000 cells would be 40 G characters from a small file. The sample has 0.1 M.
MAX_TEXT_CHARS = 16 * MIB

# Tables (Word, Excel, CSV).
MAX_TABLES = 2_000  # tables in one Word file (three per project)
MAX_ROWS = 20_000  # rows in one table, sheet or CSV file; a unit writes a few thousand at most
MAX_COLUMNS = 64  # columns in one row (Word allows 63)
MAX_CELLS = 2_000_000  # cells in one file, all tables together
# Word: time bounds these. Reading a Word cell (python-docx's tree, then the interpretation)
# costs about 0.1 ms, 0.35 ms on a busy server, so 30,000 cells take 3–11 s. The sample has 1,836
# cells and 143 paragraphs outside tables for 24 projects: 30,000 cells is some 400 projects.
MAX_WORD_CELLS = 30_000
MAX_PARAGRAPHS = 20_000  # paragraphs outside tables in one Word file
# Markup ("<") in all parts of a Word file together: python-docx parses every XML part whole,
# each element some 250 bytes of memory. The sample has 58,000; 64 MB of "<w:p/>" (a 150 KB
# file) would be 11 million: minutes and 3 GB.
MAX_XML_TAGS = 1_000_000
MAX_SPAN = MAX_COLUMNS  # w:gridSpan / w:gridBefore / w:gridAfter: columns one cell may cover

# JSON.
MAX_JSON_DEPTH = 64  # nesting; a document is 6 levels deep
MAX_JSON_CONTAINERS = 1_000_000  # objects and lists in one file; the sample has about 600


class LimitExceeded(JixiaoError):
    """A file goes beyond one of the limits above: refused before anything is saved."""

    def __init__(self, source: str, where: str, what: str, limit: str) -> None:
        place = f"{where}：" if where else ""
        super().__init__(
            f"{source}：{place}{what}，超过上限 {limit}；文件可能已损坏或被改动，"
            "请用制作它的程序重新另存后再导入，或把文件拆成几个"
        )
        self.where = where or None
        self.source = source
        self.limit = limit
