"""JX6xx — text hygiene: Word artefacts, empty paragraphs, units in names, brackets, punctuation."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache

from ..entities import Project
from .base import (
    BASIS,
    DESCRIPTION,
    GOALS,
    IND_NAME,
    NAME,
    PURPOSE,
    VALUE,
    Hit,
    Scope,
    Severity,
    quote,
    rule,
)
from .context import DocContext
from .fixes import may_be_untidy, normalised_value

P = Scope.PROJECT


def _scan(ctx: DocContext, project: Project, test: Callable[[str], str | None]) -> list[Hit]:
    """Hits of one cell test over the project; every cell test runs in one pass, memoised.

    The rules return it as it is (the engine only reads it): a call, not a generator that
    yields from it — the project rules run 2,500 times a county each, and making and
    exhausting a generator cost ~0.1 µs more than a call that returns (rules/values.py)."""
    return ctx.memo(project, "hygiene", lambda: _report(project))[test]


# The fields of an indicator row's cells, in the order _report lists them.
_ROW_FIELDS = (IND_NAME, DESCRIPTION, VALUE, BASIS)


def _report(project: Project) -> dict[Callable[[str], str | None], list[Hit]]:
    """Every cell test's hits over the project's cells, in order: 项目名称, 资金用途, the goal
    lines, then each row's 三级指标, 绩效指标描述, 指标值, 指标值确定依据."""
    report: dict[Callable[[str], str | None], list[Hit]] = {t: [] for t in _TESTS}
    # The cells' reports looked up in the cache by map, in C (45 cells a project, 112,000 a
    # county, nearly all of them clean — "" too): only a cell with a finding is then placed.
    goals = len(project.goals)
    texts = [project.name, project.purpose, *project.goals]
    # A loop, not chain.from_iterable(map(attrgetter(...))): 6.6 against 13.5 ms a county
    # (Python 3.11 reads a slotted attribute faster than attrgetter's call, map and chain).
    for ind in project.indicators:
        texts += (ind.name, ind.description, ind.value, ind.basis)
    reports = list(map(_CELL_REPORTS.__getitem__, texts))
    if any(reports):
        for n, found in enumerate(reports):
            if found:
                fld, row = _place(n, goals)
                for test, message in found:
                    report[test].append(Hit(message, fld, row))
    return report


def _place(n: int, goals: int) -> tuple[str, int | None]:
    """The field and row of the n-th of a project's cells (0-based, in _report's order)."""
    if n < 2:
        return (NAME, PURPOSE)[n], None
    if n < 2 + goals:
        return GOALS, None
    row, column = divmod(n - 2 - goals, 4)
    return _ROW_FIELDS[column], row + 1


_Report = tuple[tuple[Callable[[str], str | None], str], ...]


class _CellReports(dict[str, _Report]):
    """text → _cell_report(text), made on first use: a dict, not lru_cache, because a hit is
    then one C-level dict lookup (≈0.15 µs against lru_cache's ≈0.3 µs, which also reorders
    its list on every hit) — and a county's check asks for 112,000 cells, 17,000 of them
    distinct. Emptied when full, as lru_cache would have forgotten the oldest."""

    def __missing__(self, text: str) -> _Report:
        if len(self) >= _CELL_REPORTS_LIMIT:
            self.clear()
        found = self[text] = _cell_report(text)
        return found


_CELL_REPORTS_LIMIT = 65536
_CELL_REPORTS = _CellReports()


def _cell_report(text: str) -> _Report:
    """(test, message) of each cell test that reports on `text`, in _TESTS' order."""
    # One search finds every character any test starts from (_NOTABLE), in order: a third of
    # a county's cells have none, and nothing else is asked of them. It replaces three
    # (_RARE's, _ANY_BRACKET's and _TWO_MARKS'), a C call each of some 1,500 instructions.
    notable = _NOTABLE.findall(text)
    if not notable:
        return ()
    found: list[tuple[Callable[[str], str | None], str]] = []
    # Four of the six tests look for characters the usual cell has none of (_RARE): a notable
    # character not among the usual ones (_USUAL) is one of them.
    if not _USUAL.issuperset(notable):
        for test in _TESTS:
            message = test(text)
            if message:
                found.append((test, message))
        return tuple(found)
    # The usual cell (20,000 a county): _unbalanced and _doubled, with their first steps here
    # rather than behind two calls — most cells have a pair of brackets, few two marks in a row.
    # Its notable characters are brackets and full-width marks: the brackets, in order, are
    # those _ANY_BRACKET finds; a cell without a mark cannot have two in a row.
    has_marks = not _USUAL_MARKS.isdisjoint(notable)
    brackets = [c for c in notable if c not in _USUAL_MARKS] if has_marks else notable
    if brackets:
        message = _bracket_report("".join(brackets))
        if message:
            found.append((_unbalanced, message))
    if has_marks and _TWO_MARKS.search(text):
        message = _doubled(text)
        if message:
            found.append((_doubled, message))
    return tuple(found)


_ARTEFACT = re.compile(
    r"\[bookmark:|_GoBack|_Toc\d|MERGEFORMAT|HYPERLINK|PAGEREF|[\x00-\x08\x0b\x0c\x0e-\x1f]|[\ue000-\uf8ff]|\ufffd"
)


@rule(
    "JX601",
    Severity.HINT,
    "单元格中有 Word 残留",
    scope=P,
    rationale="书签名（_GoBack）、域代码（MERGEFORMAT）、控制字符和乱码字符是从 Word 复制时带进来的，"
    "打印出来会露出来；不影响内容，故只作“提示”。",
    example="“[bookmark: _GoBack]老漳河东岸占地亩数” → “老漳河东岸占地亩数”。",
)
def word_artefacts(ctx: DocContext, project: Project) -> list[Hit]:
    return _scan(ctx, project, _artefact)


# Every alternative of _ARTEFACT starts with one of these characters: a search for them, one
# character class, rules out the usual cell at a fraction of the alternation's cost.
_ARTEFACT_START = re.compile(r"[\[_MHP\x00-\x08\x0b\x0c\x0e-\x1f\ue000-\uf8ff\ufffd]")


def _artefact(text: str) -> str | None:
    if not _ARTEFACT_START.search(text):
        return None
    m = _ARTEFACT.search(text)
    if not m:
        return None
    shown = m.group(0) if m.group(0).isprintable() else m.group(0).encode("unicode_escape").decode()
    return f"含有 Word 残留“{shown}”，请删除"


@rule(
    "JX602",
    Severity.HINT,
    "单元格中有空段落",
    scope=P,
    rationale="单元格中间的空行会在 Word 中多出一个空段落，使表格行高不齐；不影响内容，故只作“提示”。",
    example="描述“基层武装部每年兵员征集完成数量⏎⏎” → 删除多余的空行。",
)
def empty_paragraphs(ctx: DocContext, project: Project) -> list[Hit]:
    return _scan(ctx, project, _empty_paragraph)


_EMPTY_PARAGRAPH = re.compile(r"\n[ \t\u3000]*\n")


def _empty_paragraph(text: str) -> str | None:
    if "\n" in text and _EMPTY_PARAGRAPH.search(text):
        return "单元格中有空行（空段落），请删除"
    return None


_UNIT_IN_NAME = re.compile(
    r"[（(]\s*(次|亩|人|个|%|％|万元|元|平方米|米|件|台|户|天|家|项|份|张|村|盏|公里|名)\s*[）)]\s*$"
)


@rule(
    "JX603",
    Severity.HINT,
    "三级指标名称里带单位",
    scope=P,
    rationale="单位属于指标值（“≥100次”），写进名称（“企业环保检查（次）”）会与指标值重复或矛盾；"
    "不算错误，故只作“提示”。",
    example="“企业环保检查（次）” → 名称“企业环保检查次数”，单位留在指标值里。",
)
def unit_in_name(ctx: DocContext, project: Project) -> Iterable[Hit]:
    # A match ends with a closing bracket: a project none of whose names holds one (2,400 of a
    # county's 2,500) is ruled out by two finds in its names joined, not a test a row.
    names = "".join([ind.name for ind in project.indicators])
    if "）" not in names and ")" not in names:
        return ()
    hits = []
    for row, ind in enumerate(project.indicators, 1):
        # A match ends with a bracket and white space only (\s is str.isspace): the usual
        # name is ruled out without searching it for an opening bracket.
        if not ind.name.rstrip().endswith(_CLOSING):
            continue
        m = _UNIT_IN_NAME.search(ind.name)
        if m:
            hits.append(
                Hit(
                    f"三级指标名称中带单位“{m.group(0).strip()}”，单位请写在指标值里", IND_NAME, row
                )
            )
    return hits


_CLOSING = ("）", ")")

_PAIRS = (("《", "》"), ("（(", "）)"), ("“", "”"), ("【[", "】]"))


@rule(
    "JX604",
    Severity.HINT,
    "括号、引号或书名号不配对",
    scope=P,
    rationale="少了一半的书名号或括号（“……的通知》”）通常是复制时截断了文件名；引用文件时应写全"
    "《文件名》（文号）。不影响金额，故只作“提示”。",
    example="“关于加强……建设的意见的通知》” → “《关于加强……建设的意见的通知》”。",
)
def unbalanced(ctx: DocContext, project: Project) -> list[Hit]:
    return _scan(ctx, project, _unbalanced)


_ANY_BRACKET = re.compile("[" + re.escape("".join(o + c for o, c in _PAIRS)) + "]")


# Each bracket → its slot in a count list: 2 × its pair's index, + 1 when it closes.
_SLOT = {
    mark: 2 * n + side
    for n, pair in enumerate(_PAIRS)
    for side, marks in enumerate(pair)
    for mark in marks
}


def _unbalanced(text: str) -> str | None:
    marks = _ANY_BRACKET.findall(text)
    if not marks:
        return None
    # What is reported depends only on how many of each bracket there are: the brackets found,
    # in a row, are few and repeat from cell to cell (（）, 《》（）…), so each such string is
    # judged once (three cells in four have brackets).
    return _bracket_report("".join(marks))


@lru_cache(maxsize=1024)
def _bracket_report(marks: str) -> str | None:
    """_unbalanced's report on a cell whose brackets, in order, are `marks`."""
    counts = [0] * (2 * len(_PAIRS))
    slot = _SLOT
    for mark in marks:
        counts[slot[mark]] += 1
    for n, (opening, closing) in enumerate(_PAIRS):
        opened, closed = counts[2 * n], counts[2 * n + 1]
        if opened != closed:
            return f"“{opening[0]}”与“{closing[0]}”不配对（{opened} 个对 {closed} 个），请补全"
    return None


_DOUBLED = re.compile(r"([，。、；：！？,;])\1+|，。|。，|、，|，、")


@rule(
    "JX605",
    Severity.HINT,
    "重复的标点",
    scope=P,
    rationale="“，，”“。。”是录入时多按了一下；不影响内容，故只作“提示”。",
    example="“217.9亩占地补偿款，，维护社会稳定” → “217.9亩占地补偿款，维护社会稳定”。",
)
def doubled_punctuation(ctx: DocContext, project: Project) -> list[Hit]:
    return _scan(ctx, project, _doubled)


# Any match of _DOUBLED is two of these marks in a row: one character class rules out the rest.
# Written as two classes, not [...]{2}: a pattern that starts with a class lets re skip in C to
# the next mark, where one that starts with a repeat is tried at every character (≈0.55
# against ≈0.4 µs a county cell; test_rules_regex_prefix compares it with the {2} form).
_DOUBLED_MARKS = "，。、；：！？,;"
_TWO_MARKS = re.compile(f"[{_DOUBLED_MARKS}][{_DOUBLED_MARKS}]")


def _doubled(text: str) -> str | None:
    if not _TWO_MARKS.search(text):
        return None
    m = _DOUBLED.search(text)
    return f"有重复的标点“{m.group(0)}”，请删去多余的" if m else None


_CJK = "\u3400-\u4dbf\u4e00-\u9fff"
# A half-width , ; : ? ! between Chinese characters (or after 95% in Chinese text), and a
# half-width bracket opened after or closed before a Chinese character. The definition:
# _half_width_spans finds what finditer would find with it (tests/model/
# test_rules_hygiene_fast.py compares them), without compiling it — its three CJK classes
# took 15 ms to compile (a Python loop over 27,000 characters each), in every check.
_HALF_WIDTH = (
    rf"(?<=[{_CJK}%])[ \t]*[,;:?!][ \t]*(?=[{_CJK}])|(?<=[{_CJK}])[ \t]*\(|\)(?=[ \t]*[{_CJK}])"
)


def _is_cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"


def _half_width_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each match of _HALF_WIDTH in `text`, in order, as finditer gives them.

    Each match holds one mark: a search from where the last match ended (`end`) starts a
    match at the first of the spaces and tabs before a , ; : ? ! or ( (when what precedes
    them is Chinese, or % for the first five), and ends it after the mark (the bracket) or
    after the spaces following it (when Chinese comes next); a ) is a match of its own when
    Chinese follows it after any spaces."""
    spans: list[tuple[int, int]] = []
    end, size = 0, len(text)
    for found in _HALF_WIDTH_MARK.finditer(text):
        at = found.start()
        if at < end:
            continue
        mark = text[at]
        if mark == ")":
            after = at + 1
            while after < size and text[after] in " \t":
                after += 1
            if after < size and _is_cjk(text[after]):
                spans.append((at, at + 1))
                end = at + 1
            continue
        start = at
        while start > end and text[start - 1] in " \t":
            start -= 1
        if not start or text[start - 1] in " \t":
            continue  # at the very start, or the spaces began before the search did
        before = text[start - 1]
        if mark == "(":
            if _is_cjk(before):
                spans.append((start, at + 1))
                end = at + 1
            continue
        if not (_is_cjk(before) or before == "%"):
            continue
        after = at + 1
        while after < size and text[after] in " \t":
            after += 1
        if after < size and _is_cjk(text[after]):
            spans.append((start, after))
            end = after
    return spans


_FULL_FORM = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}


@rule(
    "JX606",
    Severity.HINT,
    "中文里夹着半角标点",
    scope=P,
    rationale="中文文字应使用全角标点（GB/T 15834《标点符号用法》）：“95%,城乡”“巨办发(2017)”中的半角逗号、"
    "括号是在英文输入状态下打的，打印出来挤在一起，也与全文不一致。意思没有错，故只作“提示”。"
    "数字、英文之间的半角标点（10:30、1,200）不算。",
    example="“新农合参合率≥95%,城乡居民低保保障率=100%” → “新农合参合率≥95%，城乡居民低保保障率=100%”。",
)
def half_width_punctuation(ctx: DocContext, project: Project) -> list[Hit]:
    return _scan(ctx, project, _half_width)


_HALF_WIDTH_MARK = re.compile(r"[,;:?!()]")


def _half_width(text: str) -> str | None:
    if text.isascii() or not _HALF_WIDTH_MARK.search(text):
        return None  # the usual cell: no half-width mark, or no Chinese
    found = _half_width_spans(text)
    if not found:
        return None
    marks = dict.fromkeys(text[start:end].strip() for start, end in found)
    if "(" in marks and ")" in text:
        marks[")"] = None  # 巨办发(2017)10号: the bracket it opened closes half-width too
    first_start, first_end = found[0]
    where = quote(text[max(0, first_start - 4) : first_end + 4].replace("\n", " "), 12)
    shown = "、".join(f"“{c}”" for c in marks)
    full = "、".join(f"“{_FULL_FORM[c]}”" for c in marks)
    return f"中文里用了半角标点{shown}（{where}），请改为全角{full}"


# Characters no one sees: a tab (in Word it jumps to the next tab stop), CR, zero-width spaces
# and joiners, direction marks, the soft hyphen and stray BOMs. Control characters are JX601's.
_INVISIBLE_NAMES = {
    "\t": "制表符",
    "\r": "回车符",
    "\u00ad": "软连字符 U+00AD",
    **{chr(c): f"零宽字符 U+{c:04X}" for c in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF)},
    **{chr(c): f"方向控制符 U+{c:04X}" for c in (0x200E, 0x200F, *range(0x202A, 0x202F))},
    **{chr(c): f"方向控制符 U+{c:04X}" for c in range(0x2066, 0x206A)},
}
_INVISIBLE = re.compile("[" + "".join(_INVISIBLE_NAMES) + "]")


@rule(
    "JX607",
    Severity.HINT,
    "单元格中有制表符或看不见的字符",
    scope=P,
    rationale="从网页、微信或其他系统复制来的文字常夹带制表符和零宽空格：屏幕上看不见，却使两段看似相同的"
    "文字不再相同——查重、跨项目比对和搜索都会漏掉它们，制表符在 Word 表格中还会使文字错位。"
    "不影响打印出来的内容，故只作“提示”。",
    example="指标值“≥95%\t” → “≥95%”；三级指标“发放人数”后的零宽空格 → 删除。",
)
def invisible_characters(ctx: DocContext, project: Project) -> list[Hit]:
    return _scan(ctx, project, _invisible)


def _invisible(text: str) -> str | None:
    if text.isascii() and "\t" not in text and "\r" not in text:
        return None
    found = _INVISIBLE.findall(text)
    if not found:
        return None
    counts = {c: found.count(c) for c in dict.fromkeys(found)}
    shown = "、".join(f"{_INVISIBLE_NAMES[c]} ×{n}" for c, n in counts.items())
    return f"含有看不见的字符：{shown}，请删除"


_TESTS: tuple[Callable[[str], str | None], ...] = (
    _artefact,
    _empty_paragraph,
    _unbalanced,
    _doubled,
    _half_width,
    _invisible,
)

# A cell without any of these characters passes _artefact (none of its patterns' first
# characters), _empty_paragraph (no line break), _half_width (no half-width mark) and _invisible
# (no invisible character): only the bracket and doubled-punctuation tests are left to run.
# The contents of a class, not a pattern: _NOTABLE is the one compiled with them.
_RARE = (
    _ARTEFACT_START.pattern[1:-1]
    + "\n"
    + _HALF_WIDTH_MARK.pattern[1:-1]
    + "".join(map(re.escape, _INVISIBLE_NAMES))
)
# _RARE's characters, the brackets and the marks _TWO_MARKS pairs: what _cell_report looks for.
_NOTABLE = re.compile("[" + _RARE + _ANY_BRACKET.pattern[1:-1] + _DOUBLED_MARKS + "]")
# The notable characters that are not _RARE's: the full-width brackets and marks (and ]).
_USUAL_MARKS = frozenset("，。、；：！？")
_USUAL = frozenset("《》（）“”【】]") | _USUAL_MARKS


@rule(
    "JX608",
    Severity.HINT,
    "第一部分的文字规范",
    scope=Scope.DOCUMENT,
    rationale="与第二部分的 JX606、JX607 相同：第一部分（总体绩效目标和分项绩效目标）中文里的半角标点、"
    "制表符和看不见的字符。不影响内容，故只作“提示”。",
    example="标题“1、加强组织领导,树立良好作风” → “1、加强组织领导，树立良好作风”。",
)
def part1_text_hygiene(ctx: DocContext) -> Iterator[Hit]:
    p1 = ctx.doc.part1
    for text in p1.overall:
        for message in _part1_messages(text):
            yield Hit(message, "总体绩效目标")
    for n, item in enumerate(p1.items, 1):
        for text, fld in (
            (item.title, "标题"),
            (item.goal, "绩效目标"),
            (item.measure, "绩效指标"),
        ):
            for message in _part1_messages(text):
                yield Hit(message, fld, part1_item=n)


def _part1_messages(text: str) -> Iterator[str]:
    if text:
        for test in (_half_width, _invisible):
            message = test(text)
            if message:
                yield message


@rule(
    "JX609",
    Severity.HINT,
    "指标值的写法不规范",
    scope=P,
    rationale="指标值里的全角数字和符号（“≥９０％”）、比较符或数字与单位之间的空格（“≥ 90 %”）读得懂，"
    "但同一指标在各项目、各年度写法不一，汇总、查重和年终对比时要逐个核对。可一键修正（--fix），"
    "内容不变，故只作“提示”。",
    example="“≥ 90 %” → “≥90%”；“≥９０％” → “≥90%”。",
)
def untidy_value(ctx: DocContext, project: Project) -> Iterable[Hit]:
    values = [ind.value for ind in project.indicators]  # 4.0 ms a county, map(attrgetter) 5.4
    if not may_be_untidy(values):
        return ()  # the usual project (every one of a county's): one search, not a call a value
    # Else each value is asked by map, and each untidy one placed.
    return [
        Hit(
            f"指标值“{quote(values[row - 1])}”含全角字符或多余空格，应写作“{quote(better)}”",
            VALUE,
            row,
        )
        for row, better in enumerate(map(normalised_value, values), 1)
        if better is not None
    ]
