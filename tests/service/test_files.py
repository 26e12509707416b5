"""service.files.read_bytes: a file over the size limit is refused before it is read, and a
device that never ends is read no further than the limit."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from exporters.limits import MAX_FILE_BYTES, LimitExceeded
from model import JixiaoError
from service.files import read_bytes


def test_a_file_within_the_limit_is_read(tmp_path: Path):
    path = tmp_path / "a.json"
    path.write_bytes(b"{}")
    assert read_bytes(path) == b"{}"


def test_a_file_over_the_limit_is_refused_in_one_line(tmp_path: Path):
    path = tmp_path / "huge.json"
    with path.open("wb") as file:
        file.truncate(MAX_FILE_BYTES + 1)  # sparse: no disk used
    with pytest.raises(LimitExceeded) as caught:
        read_bytes(path)
    message = str(caught.value)
    assert message.startswith(f"{path}：文件大小 50 MB，超过上限 50 MB") and "\n" not in message


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_device_that_never_ends_is_read_only_up_to_the_limit():
    with pytest.raises(LimitExceeded) as caught:
        read_bytes("/dev/zero")
    assert "读到的内容太多，超过上限 50 MB" in str(caught.value)


def test_a_directory_and_a_missing_file(tmp_path: Path):
    with pytest.raises(JixiaoError, match="这是一个目录"):
        read_bytes(tmp_path)
    with pytest.raises(JixiaoError, match="文件不存在"):
        read_bytes(tmp_path / "missing.json")


def test_standard_input_is_read_no_further_than_the_limit(monkeypatch) -> None:
    import io

    import pytest

    from exporters.limits import LimitExceeded
    from service import files

    monkeypatch.setattr(files, "MAX_FILE_BYTES", 1000)
    stream = io.BytesIO(b"{" * 5000)
    with pytest.raises(LimitExceeded, match="标准输入"):
        files.read_stream(stream, "标准输入")
    assert stream.tell() == 1001  # not the whole pipe
    assert files.read_stream(io.BytesIO(b"[]"), "标准输入") == b"[]"
