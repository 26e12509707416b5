"""Crafted JSON files (issue 15): nesting is refused before json.loads can recurse (1,000 levels
gave a RecursionError), sizes and counts are bounded, and every wrong type is one line naming
the file and the JSON path."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from exporters import json_io
from exporters.base import ImportOptions
from exporters.limits import (
    MAX_CELL_CHARS,
    MAX_FILE_BYTES,
    MAX_INDICATORS,
    MAX_JSON_DEPTH,
    LimitExceeded,
)
from model import JixiaoError

SAMPLE_JSON = Path(__file__).parent.parent / "fixtures" / "zhangwangtuan-2023.jixiao.json"
SOURCE = "张王疃-2023.json"


def _payload() -> dict[str, Any]:
    return json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))


def _bytes(payload: Any) -> bytes:
    return json.dumps(payload, ensure_ascii=False).encode("utf-8")


def _refused(data: bytes, kind: type[JixiaoError] = JixiaoError) -> str:
    with pytest.raises(kind) as caught:
        json_io.read(data, source=SOURCE, options=ImportOptions())
    message = str(caught.value)
    assert message.startswith(f"{SOURCE}："), message  # names the file
    assert "\n" not in message and "\r" not in message, message  # one line
    assert len(message) < 400, message
    return message


def test_the_sample_reads_within_every_bound():
    assert len(json_io.read(SAMPLE_JSON.read_bytes(), source=SOURCE).documents[0].projects) == 24


@pytest.mark.parametrize("opener", ["[", '{"a":'])
def test_nesting_of_100000_levels_is_refused_without_recursion(opener):
    data = (opener * 100_000).encode()
    message = _refused(data, LimitExceeded)
    assert "JSON 嵌套层数过深，超过上限 64 层" in message
    column = len(opener) * MAX_JSON_DEPTH + 1
    assert f"第 1 行第 {column} 列" in message


def test_deep_nesting_inside_a_document_is_refused_at_its_line():
    text = json.dumps(_payload(), ensure_ascii=False, indent=2)
    text = text.replace('"extra": {}', '"extra": ' + "[" * 1000 + "]" * 1000, 1)
    message = _refused(text.encode(), LimitExceeded)
    assert "嵌套层数过深" in message and "行第" in message


def test_nesting_just_within_the_limit_reaches_the_type_checks():
    payload = _payload()
    payload["document"]["extra"] = "MARK"
    nested = "[" * (MAX_JSON_DEPTH - 2) + "]" * (MAX_JSON_DEPTH - 2)
    data = _bytes(payload).replace(b'"MARK"', nested.encode())
    assert "extra 应为“名称: 文本”的对象" in _refused(data)


def test_brackets_inside_strings_are_text_not_nesting():
    payload = _payload()
    payload["document"]["projects"][0]["purpose"] = "[{" * 500 + '\\"[' * 10
    doc = json_io.read(_bytes(payload), source=SOURCE).documents[0]
    assert doc.projects[0].purpose.startswith("[{[{")


def test_an_unclosed_string_is_a_format_error_not_a_nesting_one():
    message = _refused(b'{"document": "abc ' + b"[" * 200)
    assert "JSON 格式错误" in message


def _set(payload: dict[str, Any], path: list[Any], value: Any) -> None:
    node: Any = payload["document"]
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (["projects"], {"a": 1}, "projects 应为列表"),
        (["projects", 0], ["not", "an", "object"], "projects[1] 应为对象"),
        (["projects", 2, "indicators", 1, "value"], 90, "projects[3].indicators[2].value 应为文本"),
        (["projects", 0, "name"], None, None),  # null text is blank: allowed
        (["projects", 0, "budget"], 11.0, "projects[1].budget 应写成文本形式的数字"),
        (["projects", 0, "budget"], 10**20, "projects[1].budget：数字 10000000000000000000… 过大"),
        (["projects", 0, "plan"], "2.5", "projects[1].plan 应为 4 个时点的列表"),
        (["projects", 0, "goals"], "一条目标", "projects[1].goals 应为文本列表"),
        (["projects", 0, "extra"], ["x"], "projects[1].extra 应为“名称: 文本”的对象"),
        (["part1"], [], "part1 应为对象"),
        (["year"], "2023", "year（预算年度）应为四位年份"),
        (["year"], [2023] * 1000, "year（预算年度）应为四位年份"),
        (["allow_sustainable"], "yes", "allow_sustainable 应为 true 或 false"),
        (
            ["projects", 1, "indicators", 0, "name"],
            "长" * (MAX_CELL_CHARS + 1),
            "文字长达 20001 字",
        ),
    ],
)
def test_a_wrong_type_is_one_line_naming_its_json_path(path, value, expected):
    payload = _payload()
    _set(payload, path, value)
    if expected is None:
        json_io.read(_bytes(payload), source=SOURCE)
        return
    assert expected in _refused(_bytes(payload))


def test_a_multi_line_value_in_a_message_stays_on_one_line():
    payload = _payload()
    _set(payload, ["projects", 0, "budget"], "1\n2\x1b[2J" + "9" * 500)
    message = _refused(_bytes(payload))
    assert "projects[1].budget" in message and "…" in message


def test_the_document_itself_of_the_wrong_type():
    assert "文档 应为对象" in _refused(_bytes({"schema_version": 1, "document": "x"}))
    assert "不是 jixiao 导出的 JSON 文档" in _refused(b"42")
    message = _refused(_bytes({"schema_version": list(range(10_000)), "document": {}}))
    assert "文档格式版本为 [0, 1, 2" in message


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_refused(constant):
    data = SAMPLE_JSON.read_bytes().replace(
        b'"budget": "11.00"', f'"budget": {constant}'.encode(), 1
    )
    assert f"JSON 中不能有 {constant}" in _refused(data)


def test_a_number_of_thousands_of_digits_is_refused():
    data = SAMPLE_JSON.read_bytes().replace(b'"year": 2023', b'"year": 1' + b"0" * 5000, 1)
    assert "位数过多的数字" in _refused(data)


def test_a_huge_float_is_refused_at_its_path():
    data = SAMPLE_JSON.read_bytes().replace(b'"year": 2023', b'"year": 1e999', 1)
    assert "year：数字超出范围" in _refused(data)


def test_too_many_indicators_in_a_project():
    payload = _payload()
    indicators = payload["document"]["projects"][0]["indicators"]
    indicators.extend([indicators[0]] * (MAX_INDICATORS + 1 - len(indicators)))
    message = _refused(_bytes(payload), LimitExceeded)
    assert "projects[1].indicators：有 501 个指标，超过上限 500 个" in message


def test_too_many_documents_and_containers(monkeypatch):
    payload = _payload()
    monkeypatch.setattr(json_io, "MAX_DOCUMENTS", 1)
    assert "文件中有 2 个文档，超过上限 1 个" in _refused(_bytes([payload, payload]), LimitExceeded)
    monkeypatch.setattr(json_io, "MAX_JSON_CONTAINERS", 100)
    assert "JSON 对象和列表过多" in _refused(_bytes(payload), LimitExceeded)


def test_a_place_in_a_file_of_several_documents_names_the_document():
    first, second = _payload(), _payload()
    second["document"]["dept_code"] = "903002"
    second["document"]["projects"][0]["code"] = 5
    message = _refused(_bytes([first, second]))
    assert "第 2 个文档：projects[1].code 应为文本" in message


def test_a_file_over_the_size_limit_is_refused():
    data = b"[" + b" " * MAX_FILE_BYTES + b"]"
    assert f"超过上限 {MAX_FILE_BYTES // (1024 * 1024)} MB" in _refused(data, LimitExceeded)
