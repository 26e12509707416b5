"""Editor start-up: launch → first painted 项目列表 of the bundled sample (headless, 80×24),
against a bare Textual app showing a 24-row DataTable, measured alternately in the same run.

Each measurement is a fresh process (imports included). Target ≤ 1.3×.
Usage: .venv/bin/python bench/tui_startup.py [RUNS]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def child_jixiao(db: str) -> None:
    """Open the editor on db and exit as soon as the project list has been painted."""
    from tui.app import JixiaoApp
    from tui.projects import ProjectListScreen

    original = ProjectListScreen.on_mount

    def on_mount(self: ProjectListScreen) -> None:
        original(self)
        self.call_after_refresh(self.app.exit)

    ProjectListScreen.on_mount = on_mount  # type: ignore[method-assign]
    JixiaoApp(db).run(headless=True, size=(80, 24))


def child_bare() -> None:
    """The floor: a bare Textual app with one 24-row DataTable, exiting after the first paint."""
    from textual.app import App
    from textual.widgets import DataTable

    class Bare(App):
        def compose(self):
            yield DataTable()

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns("序号", "编码", "名称", "预算数", "财政资金", "12月底")
            for n in range(24):
                table.add_row(
                    str(n), f"13052923P{n:012d}", f"项目名称{n}", "11.00", "11.00", "11.00"
                )
            self.call_after_refresh(self.exit)

    Bare().run(headless=True, size=(80, 24))


def main() -> int:
    sys.path.insert(0, str(ROOT / "bench"))
    from _timing import alternate, report, time_command

    from jixiao.sample import load_sample
    from storage import open_store

    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.json"
        open_store(db, create=True).save(load_sample(), 0)
        me = str(Path(__file__).resolve())
        python = sys.executable
        medians = alternate(
            runs,
            jixiao=lambda: time_command([python, me, "--child", "jixiao", str(db)]),
            floor=lambda: time_command([python, me, "--child", "bare"]),
        )
    ok = report("editor start-up to painted project list", medians["jixiao"], medians["floor"], 1.3)
    return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        sys.path.insert(0, str(ROOT))
        if sys.argv[2] == "jixiao":
            child_jixiao(sys.argv[3])
        else:
            child_bare()
    else:
        sys.exit(main())
