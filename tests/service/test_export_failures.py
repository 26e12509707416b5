"""Issue 15: every export failure is one line (the file, what, what to do), and leaves no
partial file: onto a directory, into a missing or read-only directory, onto a read-only file or
a device, a full disk, permission denied — from the service and from the command line."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from jixiao.cli import main
from model import JixiaoError
from service import exports
from storage import Store

from ..documents import edge_case_document


def export(target: Path | str, *, force: bool = False) -> str:
    with pytest.raises(JixiaoError) as caught:
        exports.export_to_path(edge_case_document(), target, fmt="json", force=force)
    message = str(caught.value)
    assert "\n" not in message and str(target) in message and "未" in message
    return message


def test_onto_a_directory(tmp_path: Path) -> None:
    assert "这是一个目录" in export(tmp_path, force=True)
    assert list(tmp_path.iterdir()) == []


def test_into_a_missing_directory(tmp_path: Path) -> None:
    assert "请先创建该目录" in export(tmp_path / "nope" / "a.json")
    (tmp_path / "file").write_text("x")
    assert "不是目录" in export(tmp_path / "file" / "a.json")


def test_onto_a_read_only_file_even_when_forced(tmp_path: Path) -> None:
    target = tmp_path / "old.json"
    target.write_text("keep me")
    target.chmod(0o444)
    assert "只读" in export(target, force=True)
    assert target.read_text() == "keep me"


def test_into_a_read_only_directory(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        assert "无权写入" in export(folder / "a.json")
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


def test_onto_a_device(tmp_path: Path) -> None:
    assert "不是普通文件" in export("/dev/full", force=True)
    assert Path("/dev/full").is_char_device()


def test_a_full_disk_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_fsync = os.fsync

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    message = export(tmp_path / "a.json")
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert "磁盘空间不足" in message and "没有留下不完整的文件" in message
    assert list(tmp_path.iterdir()) == []  # neither the file nor the temp file


def test_permission_denied_when_writing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    assert "无权写入" in export(tmp_path / "a.json")
    assert list(tmp_path.iterdir()) == []


def test_the_command_line_says_it_in_one_line_and_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "db.json"
    Store.create(db).save(edge_case_document(), 0)
    monkeypatch.setenv("JIXIAO_DB", str(db))
    out = tmp_path / "out"
    out.mkdir()
    for target in (str(out), str(out / "missing" / "a.json")):
        assert main(["export", "903001/2023", "-o", target, "--format", "json"]) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith("错误：") and "Traceback" not in err
    monkeypatch.setattr(
        os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(errno.ENOSPC, "full"))
    )
    assert main(["export", "903001/2023", "-o", str(out / "a.docx")]) == 1
    assert "磁盘空间不足" in capsys.readouterr().err
    assert list(out.iterdir()) == []
