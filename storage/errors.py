"""Storage errors: every one is a user-facing JixiaoError naming the file and what to do."""

from __future__ import annotations

from model import JixiaoError


class StoreError(JixiaoError):
    """The database file is missing, unreadable, corrupt or of another schema."""


class ConflictError(StoreError):
    """Someone saved the document after we loaded it: our save would overwrite their work."""

    def __init__(self, key: str, expected: int, actual: int, by: str = "") -> None:
        self.key = key
        self.expected = expected
        self.actual = actual
        self.by = by
        who = f"（{by}）" if by else ""
        if expected == 0:
            message = f"文档 {key} 已存在{who}，未覆盖；如确需替换请加 --replace"
        elif actual == 0:
            message = f"文档 {key} 已被他人删除{who}，未保存；请另存为新文档"
        else:
            message = (
                f"保存冲突：文档 {key} 在您打开后已被他人保存{who}（您基于第 {expected} 版，"
                f"现为第 {actual} 版），未覆盖；请重新载入后再改"
            )
        super().__init__(message)
