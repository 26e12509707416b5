"""The service layer's errors: each carries the facts (a key, a path, the candidates) and a
one-line message that names no command-line flag. The CLI words its flag hints from the facts;
the editor words its own advice."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from model.errors import JixiaoError

if TYPE_CHECKING:
    from model.merge3 import Conflict

Wording = Mapping[type[JixiaoError], Callable[[JixiaoError], str]]


def worded(exc: JixiaoError, wording: Wording) -> str:
    """The error's message in a front end's words: `wording` maps an error class to a function
    that words its advice (from the error's facts); an error it does not name keeps its own."""
    for cls in type(exc).__mro__:
        if cls in wording:
            return wording[cls](exc)
    return str(exc)


class DocumentExists(JixiaoError):
    """The document `key` is already in the database; nothing was written."""

    def __init__(self, key: str, *, source: str | None = None, refused: str = "未保存") -> None:
        self.key = key
        self.source = source
        self.refused = refused
        prefix = f"{source}：" if source else ""
        super().__init__(f"{prefix}文档 {key} 已存在，{refused}")


class DocumentNotFound(JixiaoError):
    """No document `key` in the database; `known` lists the keys there are."""

    def __init__(self, key: str, known: Sequence[str]) -> None:
        self.key = key
        self.known = list(known)
        super().__init__(f"数据库中没有文档 {key}；已有文档：{'、'.join(known) or '（无）'}")


class NoDocuments(JixiaoError):
    """The database holds no document yet."""

    def __init__(self, path: object) -> None:
        self.path = path
        super().__init__(f"数据库 {path} 中还没有文档")


class DocumentNeeded(JixiaoError):
    """Several documents and none named: the caller must say which one."""

    def __init__(self, candidates: Sequence[str]) -> None:
        self.candidates = list(candidates)
        super().__init__(
            f"数据库中有 {len(candidates)} 个文档，请指定是哪一个：" + "、".join(candidates)
        )


class TargetAmbiguous(JixiaoError):
    """Partial data (a CSV table) without 单位编码/年度 and not exactly one document to merge
    into. `candidates`: the documents it could go to (empty: none exists)."""

    def __init__(self, candidates: Sequence[str]) -> None:
        self.candidates = list(candidates)
        if not candidates:
            message = "找不到要合并到的文档（文档须已存在）"
        else:
            message = f"数据库中有 {len(candidates)} 个文档，不知要导入到哪一个：" + "、".join(
                candidates
            )
        super().__init__(message)


class ProjectNotFound(JixiaoError):
    """No project of document `key` has that 项目编码 or 序号."""

    def __init__(self, key: str, wanted: str, count: int) -> None:
        self.key = key
        self.wanted = wanted
        self.count = count
        super().__init__(
            f"文档 {key} 中没有项目“{wanted}”；可写项目编码、序号（1–{count}）或名称中的几个字"
        )


class ProjectAmbiguous(JixiaoError):
    """A name fragment that several projects of document `key` contain: (序号, 名称) of each."""

    def __init__(self, key: str, wanted: str, candidates: list[tuple[int, str]]) -> None:
        self.key = key
        self.wanted = wanted
        self.candidates = candidates
        shown = "、".join(f"{n}.{name}" for n, name in candidates[:10])
        more = f" 等 {len(candidates)} 个" if len(candidates) > 10 else ""
        super().__init__(
            f"文档 {key} 中有 {len(candidates)} 个项目名称含“{wanted}”：{shown}{more}；"
            "请写序号或项目编码，或写得更具体"
        )


class KeyUnknown(JixiaoError):
    """A whole document whose file says neither 预算单位编码 nor 年度."""

    def __init__(self, source: str) -> None:
        self.source = source
        super().__init__(f"{source}：无法确定预算单位编码或年度")


class OutputExists(JixiaoError):
    """An export would overwrite an existing file, and overwriting was not asked for."""

    def __init__(self, path: str) -> None:
        self.path = path
        super().__init__(f"{path} 已存在，未覆盖")


class FormatUnknown(JixiaoError):
    """The file's name does not tell its format (no extension, or one no format reads)."""

    def __init__(self, path: str, suffix: str) -> None:
        self.path = path
        self.suffix = suffix
        if suffix:
            message = f"{path}：不认识的文件类型 .{suffix}"
        else:
            message = f"{path}：无法从文件名判断格式"
        super().__init__(message)


class BackupNotFound(JixiaoError):
    """No backup with that number."""

    def __init__(self, number: int, count: int) -> None:
        self.number = number
        self.count = count
        super().__init__(f"没有第 {number} 号备份（共 {count} 个）")


class LayoutNotWord(JixiaoError):
    """A Word table layout was chosen for a format that has no such table."""

    def __init__(self, fmt: str) -> None:
        self.fmt = fmt
        super().__init__(f"指标表格式只用于 Word（docx）和 PDF 导出，{fmt} 格式没有指标表格式可选")


class ImportConflicts(JixiaoError):
    """`import --merge` of an exported file: someone changed the same fields since the export
    (or deleted a row the file edits); nothing was imported. .conflicts lists them."""

    def __init__(self, source: str, key: str, conflicts: list[Conflict]) -> None:
        self.source = source
        self.key = key
        self.conflicts = conflicts
        super().__init__(
            f"{source}：文档 {key} 有 {len(conflicts)} 处冲突（导出后他人修改了同一处），未导入"
        )


class StaleReplace(JixiaoError):
    """Replacing a document with a file exported from an older revision of it would undo a
    colleague's later save; refused. The facts: the revisions, who saved and when."""

    def __init__(
        self, source: str, key: str, exported: int, current: int, by: str, at: str
    ) -> None:
        self.source = source
        self.key = key
        self.exported = exported
        self.current = current
        self.by = by
        self.at = at
        who = " ".join(x for x in (by, at) if x) or "他人"
        super().__init__(
            f"{source}：文件导出自文档 {key} 第 {exported} 版，之后 {who} 又保存过（现为第 "
            f"{current} 版），替换会丢掉对方的修改，未导入"
        )


class DuplicateDocument(JixiaoError):
    """The same document (one 单位编码/年度) twice in one import: nothing was imported."""

    def __init__(self, key: str, first: str, second: str) -> None:
        self.key = key
        self.first = first
        self.second = second
        super().__init__(
            f"{second}：与 {first} 是同一个文档 {key}，一次导入中每个文档只能有一份；"
            "未导入任何内容，请删去其中一份后重新导入"
        )
