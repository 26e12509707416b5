"""Cell text: cut to width in terminal cells; ambiguous-width characters made safe on request."""

from __future__ import annotations

from rich.cells import cell_len

from tui.cells import ambiguous_wide, fit, safe_text
from tui.library import IndicatorLibrary

from .conftest import sample_document


def test_fit_counts_chinese_as_two_cells() -> None:
    text = fit("用于发放凤还巢大学生村干部工资", 10)
    assert cell_len(text) <= 10 and text.endswith("…")
    assert fit("发放人数", 8) == "发放人数"
    assert fit("第一段\n第二段", 20) == "第一段 / 第二段"


def test_safe_text_replaces_ambiguous_characters_only_when_asked() -> None:
    raw = "≤3人 “凤还巢” ①"
    assert safe_text(raw, False) == raw
    safe = safe_text(raw, True)
    assert safe == "<=3人 「凤还巢」 (1)"
    # what is left has no ambiguous-width character, so no terminal can draw it wider
    import unicodedata

    assert all(unicodedata.east_asian_width(c) != "A" for c in safe)


def test_fit_in_wide_mode_never_exceeds_the_width() -> None:
    for text in ("≥95%", "“综合网格员”补贴发放", "①②③④⑤⑥"):
        assert cell_len(fit(text, 6, True)) <= 6


def test_ambiguous_setting_from_environment(monkeypatch) -> None:
    monkeypatch.setenv("JIXIAO_AMBIGUOUS_WIDE", "1")
    assert ambiguous_wide()
    monkeypatch.setenv("JIXIAO_AMBIGUOUS_WIDE", "auto")
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_CTYPE", raising=False)
    assert ambiguous_wide()
    monkeypatch.setenv("JIXIAO_AMBIGUOUS_WIDE", "0")
    assert not ambiguous_wide()


def test_library_offers_names_and_their_usual_values() -> None:
    lib = IndicatorLibrary.from_documents([sample_document()])
    names = lib.name_suggestions()
    assert names[0] == "单位正常运转率"  # the commonest 三级 name in the sample (13 projects)
    assert "服务对象满意度" in names[:3]
    assert lib.usual_values("服务对象满意度")[0] == "≥95%"
    values = lib.value_suggestions("服务对象满意度")
    assert values[:2] == ["≥95%", "≥90%"] and "12月底前" in values


def test_finding_cache_agrees_with_the_rules_after_edits() -> None:
    """The cache reuses the rules' document context across edits: results must not drift."""
    import copy
    from dataclasses import replace

    from model.rules import check_project
    from tui.findings import FindingCache

    def plain(found) -> list[tuple[str, str, str | None]]:
        return sorted((str(f.severity), f.message, f.indicator_id) for f in found)

    cache = FindingCache()
    doc = sample_document()
    for n, change in enumerate(
        [
            lambda p: setattr(p.indicators[1], "value", "≥95%"),  # context kept
            lambda p: setattr(p, "name", "综合网格员补贴"),  # context rebuilt
            lambda p: p.goals.append(p.goals[0]),  # a goal line pasted twice
        ]
    ):
        project = copy.deepcopy(doc.projects[n])
        change(project)
        projects = list(doc.projects)
        projects[n] = project
        doc = replace(doc, projects=projects)
        for p in doc.projects[:4]:
            assert plain(cache.for_project(doc, p)) == plain(check_project(doc, p))


# --- wrapping Chinese (kinsoku) ---------------------------------------------------------------

from tui.cells import NO_LINE_END, NO_LINE_START, wrap  # noqa: E402


def test_wrap_keeps_lines_within_the_width() -> None:
    text = "用于发放凤还巢大学生村干部工资及缴纳保险，保障村干部的合法权益。"
    for width in range(4, 40):
        lines = wrap(text, width)
        assert "".join(lines) == text
        assert all(cell_len(line) <= width for line in lines), width


def test_wrapped_lines_never_start_with_closing_punctuation() -> None:
    # At width 10 (five Chinese characters) the comma would start the second line.
    text = "我单位凤还，大学生村干部人数。共计三人、二人"
    plain = [text[i : i + 5] for i in range(0, len(text), 5)]
    assert plain[1].startswith("，")  # what breaking anywhere does
    lines = wrap(text, 10)
    assert lines[:2] == ["我单位凤", "还，大学生"]
    assert "".join(lines) == text
    for width in range(4, 30):
        for line in wrap(text, width)[1:]:
            assert line[0] not in NO_LINE_START, (width, line)


def test_wrapped_lines_never_end_with_an_opening_bracket() -> None:
    text = "根据县委县政（府工作安排）“凤还巢”《通知》"
    for width in range(4, 30):
        lines = wrap(text, width)
        assert "".join(lines) == text
        assert all(line[-1] not in NO_LINE_END for line in lines[:-1]), (width, lines)
        assert all(line[0] not in NO_LINE_START for line in lines[1:]), (width, lines)


def test_wrap_keeps_ascii_words_and_paragraphs() -> None:
    assert wrap("see the document abcdefgh here", 10) == ["see the", "document", "abcdefgh", "here"]
    assert wrap("第一段\n第二段", 20) == ["第一段", "第二段"]
    assert wrap("", 10) == [""]


def test_an_ascii_word_after_an_opening_bracket_takes_the_bracket_along() -> None:
    text = "2 “综合网格员”补贴　第2行　✗错误【指标值】比率越高越好，“≤100%”等于没有目标（JX000）"
    for width in range(20, 90):
        lines = wrap(text, width)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
        assert all(line[-1] not in NO_LINE_END for line in lines[:-1] if line), (width, lines)
        assert all(line[0] not in NO_LINE_START for line in lines[1:] if line), (width, lines)
        assert all(cell_len(line) <= width for line in lines)
