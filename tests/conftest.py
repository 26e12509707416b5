"""Shared fixtures: the bundled sample (copied into tests/fixtures so tests run without ../shared)."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE_DOCX = FIXTURES / "zhangwangtuan-2023.docx"
SAMPLE_TXT = FIXTURES / "zhangwangtuan-2023.txt"


@pytest.fixture
def sample_docx() -> Path:
    return SAMPLE_DOCX


@pytest.fixture
def sample_txt() -> Path:
    return SAMPLE_TXT
