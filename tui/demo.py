"""`jixiao demo`: the sample in a temporary database, which the editor says on every screen, and
on quit with edits an offer to keep them — in the default database (the one `jixiao edit`
opens; a document already there is never overwritten: it is kept as a copy, if the user says
so) or in a file (the export dialog) — or to discard them."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import TYPE_CHECKING

from model import Document, JixiaoError
from service import documents
from service.errors import DocumentExists

if TYPE_CHECKING:
    from .app import JixiaoApp

BANNER = "示例（临时数据库，退出后丢弃）"
BANNER_STYLE = "bold black on yellow"


class Demo:
    """What the app knows in demo mode: where edits may be kept, and the sample as it began."""

    def __init__(self, keep_path: Path) -> None:
        self.keep_path = keep_path
        self.original: Document | None = None
        self.settled = False  # kept or exported: quit without asking again

    def started(self, doc: Document) -> None:
        if self.original is None:
            self.original = copy.deepcopy(doc)

    def edited(self, doc: Document) -> bool:
        return self.original is not None and doc != self.original


def offer_to_keep(app: JixiaoApp) -> bool:
    """On quit: True when the app may quit now; else a dialog asks (and quits when answered)."""
    demo = app.demo
    if demo is None or demo.settled or app.session is None or not demo.edited(app.doc):
        return True
    from .dialogs import AskScreen

    def answered(answer: str | None) -> None:
        if answer == "keep":
            keep_in_database(app)
        elif answer == "file":
            export_then_quit(app)
        elif answer == "discard":
            demo.settled = True
            app.exit()
        else:
            app.message = "示例的修改仍在临时数据库中；退出前可选择保留"
            app.refresh_status()

    app.push_screen(
        AskScreen(
            f"您修改了示例。示例的数据库是临时的，退出后修改将丢弃。\n"
            f"要保留修改吗？默认数据库：{demo.keep_path}",
            [
                ("keep", "存入默认数据库", "s"),
                ("file", "导出为文件", "e"),
                ("discard", "放弃并退出", "q"),
                ("back", "返回", "n"),
            ],
        ),
        answered,
    )
    return False


def _open_keep_store(path: Path):  # type: ignore[no-untyped-def]
    """The default database, made (empty) when there is none yet, as `jixiao edit` does."""
    from storage import open_store

    if path.exists():
        return open_store(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return open_store(path, create=True)


def keep_in_database(app: JixiaoApp) -> None:
    """Save the edited sample as a new document of the default database; when a document of
    that key is already there, ask before keeping it as a copy (never overwritten)."""
    demo = app.demo
    assert demo is not None and app.session is not None
    doc = app.doc
    try:
        store = _open_keep_store(demo.keep_path)
        documents.create(store, doc, refused="未保存")
    except DocumentExists:
        _ask_copy(app, doc)
        return
    except (JixiaoError, OSError) as exc:
        app.notify(f"保存到默认数据库失败：{exc}；修改仍在，可导出为文件", severity="error")
        return
    demo.settled = True
    app.exit(message=f"示例的修改已保存到 {demo.keep_path}（文档 {doc.key}）；用 jixiao edit 打开")


def _ask_copy(app: JixiaoApp, doc: Document) -> None:
    from .dialogs import AskScreen

    demo = app.demo
    assert demo is not None

    def answered(answer: str | None) -> None:
        if answer != "copy":
            app.message = "未保存到默认数据库；修改仍在"
            app.refresh_status()
            return
        try:
            copy_doc, _ = documents.save_as_copy(_open_keep_store(demo.keep_path), doc)
        except (JixiaoError, OSError) as exc:
            app.notify(f"另存副本失败：{exc}；修改仍在", severity="error")
            return
        demo.settled = True
        app.exit(
            message=f"示例的修改已另存到 {demo.keep_path}（文档 {copy_doc.key}，原有文档未动）"
        )

    app.push_screen(
        AskScreen(
            f"默认数据库中已有文档 {doc.key}，不会覆盖。另存为副本（单位编码加 -copy）吗？",
            [("copy", "另存为副本", "c"), ("back", "返回", "n")],
        ),
        answered,
    )


def export_then_quit(app: JixiaoApp) -> None:
    """The export dialog (Word/JSON/CSV/Excel); once a file is written, quit."""
    from .dialogs import ExportScreen

    demo = app.demo
    assert demo is not None

    def exported(done: object) -> None:
        if done:
            demo.settled = True
            app.exit(message="示例的修改已导出为文件")
        else:
            app.message = "未导出；示例的修改仍在临时数据库中"
            app.refresh_status()

    app.push_screen(ExportScreen(app.doc), exported)
