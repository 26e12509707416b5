"""service.exports: an existing file is kept unless force, and keeps its mode; a new file gets
the umask's mode (not mkstemp's 0600)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from exporters import json_io
from service import errors, exports

from ..documents import edge_case_document


@pytest.fixture
def umask_027() -> Iterator[None]:
    old = os.umask(0o027)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_file_gets_the_umask_mode(tmp_path: Path, umask_027: None) -> None:
    target = exports.export_to_path(edge_case_document(), tmp_path / "new.json")
    assert mode(target) == 0o640
    assert json_io.read(target.read_bytes(), source="x").documents[0].key == "903001/2023"


def test_an_existing_file_is_refused_unless_forced_and_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "old.json"
    target.write_text("keep me", encoding="utf-8")
    target.chmod(0o664)
    with pytest.raises(errors.OutputExists) as info:
        exports.export_to_path(edge_case_document(), target)
    assert info.value.path == str(target) and "--" not in str(info.value)
    assert target.read_text(encoding="utf-8") == "keep me"
    exports.export_to_path(edge_case_document(), target, force=True)
    assert target.read_text(encoding="utf-8").startswith("{") and mode(target) == 0o664


def test_a_missing_directory_or_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(errors.JixiaoError, match="不存在"):
        exports.export_to_path(edge_case_document(), tmp_path / "nope" / "a.json")
    with pytest.raises(errors.JixiaoError, match="目录"):
        exports.write_file(tmp_path, b"x", force=True)
