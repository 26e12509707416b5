"""The editor on PostgreSQL: a colleague's save reaches it by NOTIFY (tui/live.py), with the poll
interval far longer than the test — nothing but the notice can have brought it."""

from __future__ import annotations

import asyncio

from storage import open_store
from tui.app import JixiaoApp

from ..documents import edge_case_document

KEY = "903001/2023"


def test_a_colleagues_save_reaches_the_editor_by_notice(pg_url: str) -> None:
    asyncio.run(_colleague_saves(pg_url))


async def _colleague_saves(pg_url: str) -> None:
    store = open_store(pg_url, create=True)
    store.save(edge_case_document(), 0)
    app = JixiaoApp(pg_url, KEY, store=open_store(pg_url))
    app.poll_seconds = 3600  # the timer never fires during the test
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.live is not None and app.session is not None
        assert app.session.revision == 1
        colleague = open_store(pg_url)
        doc, revision = colleague.load(KEY)
        doc.dept_name = "同事改的名称"
        colleague.save(doc, revision)
        for _ in range(100):  # the notice, then a worker reads the new revision
            if app.session.revision == 2:
                break
            await asyncio.sleep(0.05)
            await pilot.pause()
        assert app.session.revision == 2
        assert app.doc.dept_name == "同事改的名称"
        assert "修改了" in app.message
