"""JSON: the sample as exported, a file of two documents and a bare document, damaged by
structure (keys dropped, types swapped, deep nesting, huge numbers, long strings, documents
repeated) and byte by byte."""

from __future__ import annotations

import functools
import json
import random
from typing import Any

from .common import SAMPLE_JSON, mutate_bytes, resident_document, sample_document

NAME = "json"
SUFFIX = ".json"

_TOO_BIG = 60 * 1024 * 1024  # just over the import's size limit (exporters.limits.MAX_FILE_BYTES)
_MARK = "\x00jixiao-fuzz-mark\x00"  # replaced in the text after dumping: what dumps cannot write


@functools.cache
def _seeds() -> tuple[bytes, ...]:
    from exporters import json_io
    from model import document_to_dict

    sample = sample_document()
    other = sample_document()
    other.dept_code = "903002"
    pair = [json.loads(json_io.dumps(sample)), json.loads(json_io.dumps(other))]
    with_resident = [
        json.loads(json_io.dumps(other)),
        json.loads(json_io.dumps(resident_document())),
    ]
    return (
        SAMPLE_JSON.read_bytes(),
        _dump(pair),
        _dump(with_resident),
        _dump(document_to_dict(sample)),
    )


def seeds() -> list[bytes]:
    return list(_seeds())


def _dump(payload: Any) -> bytes:
    return json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8")


def _places(payload: Any) -> list[tuple[Any, Any]]:
    """Every (container, key or index) in the payload."""
    out: list[tuple[Any, Any]] = []
    stack = [payload]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                out.append((node, key))
                stack.append(value)
        elif isinstance(node, list):
            for index, value in enumerate(node):
                out.append((node, index))
                stack.append(value)
    return out


def _swapped(rng: random.Random) -> Any:
    return rng.choice(
        [
            None,
            True,
            0,
            -1,
            2023,
            10**20,
            -(10**30),
            1.5,
            1e308,
            "",
            "11.00",
            "-5",
            "1e9999",
            "字" * 30_000,
            "\x1b[2J\u202e",
            [],
            ["a", 1],
            [None] * 5,
            {},
            {"projects": []},
            {"a": {"b": {"c": []}}},
        ]
    )


def mutate(data: bytes, rng: random.Random) -> bytes:
    try:
        payload = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):  # a mutant of a mutant
        return mutate_bytes(data, rng)
    special = ""
    for _ in range(rng.randint(1, 3)):
        places = _places(payload)
        if not places:
            payload = _swapped(rng)
            break
        node, key = rng.choice(places)
        kind = rng.randrange(9)
        if kind == 0 and isinstance(node, dict):  # a key dropped
            del node[key]
        elif kind <= 2:  # a value of another type
            node[key] = _swapped(rng)
        elif kind == 3:  # deep nesting, or a huge number, written into the text afterwards
            special = rng.choice(
                [
                    "[" * 100_000 + "]" * 100_000,
                    '{"a":' * 2_000 + "1" + "}" * 2_000,
                    "[" * 65 + "]" * 65,
                    "[" * 63 + "]" * 63,
                    "1" + "0" * 5_000,
                    "-" + "9" * 400,
                    "1e99999",
                    "NaN",
                    "-Infinity",
                ]
            )
            node[key] = _MARK
        elif kind == 4 and isinstance(node, list) and node:  # an item repeated
            node.insert(key, node[key])
        elif kind == 5 and isinstance(node, list):  # a list made long
            node.extend([node[key]] * rng.choice([2, 600, 6_000]))
        elif kind == 6:  # a long string
            node[key] = "长" * rng.choice([19_999, 20_001, 200_000])
        elif kind == 7:  # the value wrapped in a list or an object
            node[key] = rng.choice([[node[key]], {"document": node[key]}])
        else:  # the whole payload as a list (several documents)
            payload = [payload, payload] if rng.random() < 0.5 else [payload]
    text = json.dumps(payload, ensure_ascii=False)
    if special:
        text = text.replace(json.dumps(_MARK), special, 1)
    out = text.encode("utf-8")
    if len(out) > _TOO_BIG:  # repeated lists of repeated lists: keep the run quick
        out = out[:_TOO_BIG]
    if rng.random() < 0.2:
        out = mutate_bytes(out, rng)
    return out
