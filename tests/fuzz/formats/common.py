"""What every format's mutator shares: the sample document, byte mutation, hostile values."""

from __future__ import annotations

import copy
import functools
import random
from pathlib import Path

from model import Document

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SAMPLE_DOCX = FIXTURES / "zhangwangtuan-2023.docx"
SAMPLE_JSON = FIXTURES / "zhangwangtuan-2023.jixiao.json"

# The document the database holds before every case (see harness.py): another unit than the
# sample, so that a valid file imports and a file naming this key is refused as existing.
RESIDENT_DEPT = "903999"

# Numbers as they may appear in an attribute or a field: huge, negative, not numbers at all.
HOSTILE_NUMBERS = [
    "0",
    "1",
    "2",
    "3",
    "63",
    "64",
    "65",
    "-1",
    "-2147483648",
    "30000000",
    "2000000000",
    "9" * 30,
    "1" + "0" * 5000,
    "",
    " ",
    "abc",
    "1.5",
    "2e3",
    "0x10",
    "²",
    "٣",
    "３",
    "NaN",
    "\x00",
    "1\n2",
]


@functools.cache
def _sample_document() -> Document:
    from exporters import json_io

    return json_io.read(SAMPLE_JSON.read_bytes(), source=SAMPLE_JSON.name).documents[0]


def sample_document() -> Document:
    """The sample (from the JSON fixture), a fresh copy."""
    return copy.deepcopy(_sample_document())


def resident_document() -> Document:
    doc = sample_document()
    doc.dept_code = RESIDENT_DEPT
    return doc


def mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    """Byte-level damage: flips, insertions, deletions, a truncation, a repeated slice."""
    if not data:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 64)))
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        kind = rng.randrange(6)
        at = rng.randrange(len(out)) if out else 0
        if kind == 0 and out:
            out[at] ^= 1 << rng.randrange(8)
        elif kind == 1 and out:
            out[at] = rng.randrange(256)
        elif kind == 2:
            out[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        elif kind == 3 and out:
            del out[at : at + rng.randint(1, 64)]
        elif kind == 4:
            del out[rng.randrange(len(out) + 1) :]
        elif out:
            end = min(len(out), at + rng.randint(1, 256))
            out[at:at] = out[at:end] * rng.randint(2, 20)
    return bytes(out)
