"""What a document's identity and money may be: the grammar of 预算单位编码 and 预算年度, and
amounts that are non-negative with at most two decimals. Every place that builds a document from
outside — a file of any format, the command line's --dept/--year, the editor's 文档信息, a copy
to a new year, a restore — checks here, so a code like ``../../x`` never reaches a file name.
Pure: no I/O. Each check returns the problem as one Chinese line that says what is allowed."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from .entities import Document
from .errors import JixiaoError

DEPT_CODE_MAX = 32
YEAR_MIN, YEAR_MAX = 2000, 2100
AMOUNT_DECIMALS = 2  # 万元 to the hundredth (元 to the yuan) as the official tables print them

_DEPT_CODE = re.compile(rf"[A-Za-z0-9-]{{1,{DEPT_CODE_MAX}}}")
_SHOWN = 40  # a bad value is quoted up to this many characters


def _quoted(text: str) -> str:
    from .text import terminal_safe

    shown = terminal_safe(text, multiline=False)
    return shown if len(shown) <= _SHOWN else shown[:_SHOWN] + "…"


def dept_code_problem(code: str) -> str | None:
    """Why `code` is not a 预算单位编码, or None: ASCII letters, digits and -, 1–32 characters."""
    if _DEPT_CODE.fullmatch(code):
        return None
    if not code.strip():
        return "预算单位编码不能为空，请填写如 903001 的编码"
    return (
        f"预算单位编码“{_quoted(code)}”只能由英文字母、数字和 - 组成（1–{DEPT_CODE_MAX} 个字符），"
        "如 903001"
    )


def year_problem(year: Any) -> str | None:
    """Why `year` is not a 预算年度, or None: a whole year 2000–2100."""
    if isinstance(year, int) and not isinstance(year, bool) and YEAR_MIN <= year <= YEAR_MAX:
        return None
    return f"预算年度“{_quoted(str(year))}”应为 {YEAR_MIN}–{YEAR_MAX} 之间的四位年份，如 2024"


def year_text_problem(text: str) -> str | None:
    """year_problem for typed text ("2024")."""
    text = text.strip()
    if len(text) == 4 and text.isascii() and text.isdigit():
        return year_problem(int(text))
    return year_problem(text)


def amount_problem(value: Decimal | None, field: str = "金额") -> str | None:
    """Why an amount is not allowed, or None: not negative, at most two decimals."""
    if value is None:
        return None
    if value < 0:
        return f"{field}“{value}”不能为负数，请填写 0 或正数"
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > AMOUNT_DECIMALS and value != round(value, 2):
        return f"{field}“{value}”最多保留 {AMOUNT_DECIMALS} 位小数，如 11.25"
    return None


def check(problem: str | None, where: str = "") -> None:
    if problem is not None:
        raise JixiaoError(f"{where}：{problem}" if where else problem)


def document_problem(doc: Document, *, partial: bool = False) -> str | None:
    """The first identity or amount problem of a whole document (its place, then what is
    wrong), or None. partial: a table's rows (CSV/Excel) may leave code and year blank."""
    if not (partial and not doc.dept_code):
        problem = dept_code_problem(doc.dept_code)
        if problem:
            return problem
    if not (partial and not doc.year):
        problem = year_problem(doc.year)
        if problem:
            return problem
    from .fields import INDICATOR_FIELDS, PLAN_FIELDS, PROJECT_FIELDS, PROJECT_LATER_FIELDS, Kind

    amounts = [
        f for f in (*PROJECT_FIELDS, *PLAN_FIELDS, *PROJECT_LATER_FIELDS) if f.kind is Kind.AMOUNT
    ]
    weights = [f for f in INDICATOR_FIELDS if f.kind in (Kind.AMOUNT, Kind.WEIGHT)]
    for n, project in enumerate(doc.projects, 1):
        for f in amounts:
            problem = amount_problem(f.get(project), f.column)
            if problem:
                return f"第 {n} 个项目 {problem}"
        for m, ind in enumerate(project.indicators, 1):
            for f in weights:
                problem = amount_problem(f.get(ind), f.column)
                if problem:
                    return f"第 {n} 个项目 第 {m} 条指标 {problem}"
    return None


def check_document(doc: Document, where: str = "", *, partial: bool = False) -> None:
    """document_problem as a JixiaoError (prefixed with `where`, e.g. the file)."""
    check(document_problem(doc, partial=partial), where)


def file_stem(doc: Document) -> str:
    """A file name for the document (`903001-2023`): only the code's allowed characters, so a
    code stored before the grammar existed cannot point outside the folder."""
    code = re.sub(r"[^A-Za-z0-9-]", "_", doc.dept_code) or "文档"
    return f"{code}-{doc.year}"
