"""The jixiao terminal editor: `run(db_path, doc_key)` opens the database and edits one document.

Screens: 文档列表 (picker.py), 项目列表 (projects.py), 项目 (project.py), 部门整体目标 (part1.py).
Every committed edit goes through the Session (undoable) and is saved by a thread worker, so
typing never waits on the disk.
"""

from __future__ import annotations

import gc
import os
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App

from model import Document, JixiaoError
from model.times import format_time
from service import documents

from . import keys, live
from .cells import ambiguous_wide
from .findings import FindingCache
from .library import IndicatorLibrary
from .session import Session, UndoRefused, changed_ids

if TYPE_CHECKING:
    from service.merging import SaveOutcome

    from .demo import Demo

SAVE_IDLE = 0.4  # seconds of keyboard quiet before a save starts
SAVE_LATEST = 3.0  # …but never later than this after the first unsaved edit
POLL_SECONDS = 1.0  # how often the database file is checked for a colleague's save
MARK_SECONDS = 10.0  # how long what a colleague changed stays marked
LIBRARY_AFTER = 0.3  # the completion library starts this long after start-up (once painted)…
LIBRARY_QUIET = 0.3  # …and reads a document only after this much keyboard quiet,
LIBRARY_AT_ONCE = 10  # …beyond the first ten (a few tens of ms: ready for the first Enter)
PAINT_WAIT = 3.0  # background work waits at most this long for the first screen's paint


def _actions_provider() -> type:
    from .commands import ActionsProvider

    return ActionsProvider


def _jump_provider() -> type:
    from .commands import JumpProvider

    return JumpProvider


class JixiaoApp(App):
    CSS_PATH = "jixiao.tcss"
    TITLE = "绩效"
    BINDINGS = keys.bindings("app")
    ENABLE_COMMAND_PALETTE = True

    def __init__(
        self,
        db_path: Path | str,
        doc_key: str | None = None,
        *,
        store: Any = None,
        demo_keep: Path | None = None,
    ):
        # Callables: textual.command is imported on use.
        self.COMMANDS = {_actions_provider, _jump_provider}
        super().__init__()
        self.animation_level = "none"  # over SSH every animation frame is a round trip
        self.db_path = Path(db_path)
        self.doc_key = doc_key
        self.store = store
        self.session: Session | None = None
        self.findings = FindingCache()
        self.library = IndicatorLibrary()
        self.wide = ambiguous_wide()
        self.keymap: dict[str, str] = {}
        self.save_state = ""  # 已保存 / 保存中… / 保存失败：…
        self.message = ""
        self._saving = False
        self._save_again = False
        self._save_timer: Any = None
        self._pending_since: float | None = None
        self._last_key = 0.0
        self._conflict_open = False
        self._quitting = False  # Ctrl+Q waits for the save, then quits
        self._discard_unsaved = False  # 不保存退出 was chosen: closing writes nothing
        self.cancelled_input: Any = None  # widgets.CancelledInput: Esc'd text, back on Enter
        self.grid_view: Any = None  # (document key, Phase) chosen with Ctrl+T (views.py)
        self.last_edit_ms = 0.0  # handler time of the last edit, for the benchmark
        self.marked: set[str] = set()  # ids a colleague changed lately (session.changed_ids)
        self.marked_before: Document | None = None  # …and the document before (for Part 1)
        self._mark_timer: Any = None
        self.last_other = ""  # who else saved this document last (for messages)
        self._db_signature: tuple[int, int] | None = None
        self._polling = False
        self.poll_seconds = POLL_SECONDS  # 0: never look for a colleague's saves (tests)
        # Set once the first screen has been painted: background work started earlier (the
        # library, the problem counts) waits for it, so it never delays what the user sees.
        self.painted = threading.Event()
        # The caller paused the garbage collector for the start-up (jixiao.launch.open_editor):
        # resumed at the first paint (see _when_painted).
        self.resume_gc = False
        # `jixiao demo`: a banner on every screen, and an offer to keep edits on quit (demo.py).
        self.demo: Demo | None = None
        if demo_keep is not None:
            from .demo import Demo

            self.demo = Demo(demo_keep)

    # --- start-up --------------------------------------------------------------------------
    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: Any = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """A notification: messages quote user text (names, file content), so they are never
        read as markup and their control characters are shown, not sent to the terminal."""
        from .cells import safe_text

        super().notify(
            safe_text(message, self.wide),
            title=safe_text(title, self.wide),
            severity=severity,
            timeout=timeout,
            markup=markup,
        )

    def on_mount(self) -> None:
        if self.wide:
            self.add_class("-wide")  # ASCII borders, no scrollbars: see jixiao.tcss
        if self.resume_gc:
            self.set_timer(PAINT_WAIT, self._resume_gc)
        self.keymap, problems = keys.load_keymap()
        if self.keymap:
            self.set_keymap(self.keymap)
        for problem in problems:
            self.notify(problem, severity="warning", timeout=10)
        if self.store is None:
            from storage import open_store

            try:
                self.store = open_store(self.db_path)
            except JixiaoError as exc:
                self.exit(message=str(exc), return_code=1)
                return
        # The completion library loads every document: after the first screen is painted.
        self.set_timer(LIBRARY_AFTER, self._start_library)
        self.live = live.start(self) if self.poll_seconds else None  # PostgreSQL: NOTIFY
        if self.poll_seconds:
            self.set_interval(self.poll_seconds, self.check_for_theirs)
        if self.doc_key:
            self.open_document(self.doc_key)
            return
        infos = documents.list_documents(self.store)
        if len(infos) == 1:
            self.open_document(infos[0].key)
        else:
            from .picker import PickerScreen

            self._when_painted(self.push_screen(PickerScreen()))

    def _resume_gc(self) -> None:
        """Resume the garbage collector the caller paused for the start-up (resume_gc), once:
        at the first paint, or PAINT_WAIT after mounting when no screen is painted (a document
        that could not be opened leaves the blank screen). What start-up made lives as long
        as the editor: frozen, a full collection during the first keys does not walk its
        ~300 000 objects again."""
        if self.resume_gc:
            self.resume_gc = False
            gc.freeze()
            gc.enable()

    def after_first_paint(self) -> None:
        """In a background thread: wait until the first screen is on the terminal (at most
        PAINT_WAIT seconds: a screen that never paints must not hold the work back forever)."""
        self.painted.wait(PAINT_WAIT)

    def on_unmount(self) -> None:
        """The app is closing, however it closes (Ctrl+Q, a lost SSH connection, a test's
        end): wait for a background save still writing and write an edit still waiting for
        its quiet moment (Session.close), so no save runs on after the editor is gone."""
        if self.session is None:
            return
        try:
            self.session.close(flush=not self._discard_unsaved)
        except (JixiaoError, OSError):
            pass  # no screen is left to ask on; Ctrl+Q's own save reported any failure

    def _start_library(self) -> None:
        """Build the indicator library from every document, in a thread that gives way to the
        keyboard: a county's 100 documents take a second of CPU, and a thread holding the
        interpreter slows every key of the user's first edits. One document at a time, and
        beyond the first LIBRARY_AT_ONCE none while keys are coming (see keys_quiet)."""

        def build() -> None:
            from textual.worker import get_current_worker

            worker = get_current_worker()
            self.after_first_paint()
            lib = IndicatorLibrary()
            try:
                for n, info in enumerate(documents.list_documents(self.store)):
                    if n >= LIBRARY_AT_ONCE:
                        self.keys_quiet()
                    if worker.is_cancelled:  # the editor is closing: quit without the rest
                        return
                    lib.add_document(documents.load(self.store, info.key)[0])
            except JixiaoError:
                return
            self.call_from_thread(setattr, self, "library", lib)

        self.run_worker(build, thread=True, group="library", exit_on_error=False)

    def keys_quiet(self, quiet: float = LIBRARY_QUIET, longest: float = 5.0) -> None:
        """In a background thread: wait until no key has come for `quiet` seconds (but never
        longer than `longest` in all), so background work does not compete with typing."""
        deadline = time.monotonic() + longest
        while True:
            now = time.monotonic()
            wait = self._last_key + quiet - now
            if wait <= 0 or now >= deadline:
                return
            time.sleep(min(wait, deadline - now))

    def open_document(self, key: str) -> None:
        from .projects import ProjectListScreen

        try:
            doc, revision = documents.load(self.store, key)
        except JixiaoError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        self.start_session(doc, revision)
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self._when_painted(self.push_screen(ProjectListScreen()))

    def _when_painted(self, mounted: Any) -> None:
        """Once the screen being mounted is first painted, set `painted` (background work may
        start). bench/tui_startup.py times `jixiao edit DOC` to the painted project list
        through the real command: with JIXIAO_BENCH_PAINTED=path set, the time of that paint
        is also written there (time.monotonic, the clock the bench started from, and the
        process's CPU time until then: the wall time shows the neighbours' load too) and the
        editor quits."""
        path = os.environ.get("JIXIAO_BENCH_PAINTED")

        def painted() -> None:
            if path:
                # the moment, then the CPU time spent so far (the bench reports both)
                note = f"{time.monotonic()}\n{time.process_time()}\n"
                Path(path).write_text(note, encoding="utf-8")
                self.exit()
            self._resume_gc()
            self.painted.set()  # after the note: the woken threads would compete with it

        async def after_mount() -> None:
            await mounted
            self.screen.call_after_refresh(painted)

        self.call_later(after_mount)

    async def close_document(self) -> None:
        """The open document was deleted: close its screens, then show the document list."""
        from .picker import PickerScreen

        while len(self.screen_stack) > 1:
            await self.pop_screen()  # each screen gone before the session is
        self.session = None
        self.doc_key = None
        self.save_state = ""
        await self.push_screen(PickerScreen())

    def start_session(self, doc: Document, revision: int) -> None:
        self.session = Session(self.store, doc, revision)
        if self.demo is not None:
            self.demo.started(doc)
        self.doc_key = doc.key
        self.save_state = "已保存"
        self.message = ""
        self.marked, self.marked_before = set(), None
        self._db_signature = None  # the first check asks the store

    # --- a colleague saved the open document ---------------------------------------------------
    def _db_file_signature(self) -> tuple[int, int] | None:
        if getattr(self, "live", None) is not None:  # a database server announces saves (live.py)
            return self.live.signature()
        path = getattr(self.store, "path", None) or self.db_path
        try:
            st = os.stat(path)
        except OSError:
            return None
        return st.st_mtime_ns, st.st_size

    def check_for_theirs(self) -> None:
        """Every POLL_SECONDS: has someone else saved the open document? Costs one os.stat
        while the file is unchanged; the store is read (in a thread) only when it changed."""
        session = self.session
        if session is None or self._saving or self._polling or self._conflict_open:
            return
        signature = self._db_file_signature()
        if signature is None or signature == self._db_signature:
            return
        self._db_signature = signature
        self._polling = True
        self.run_worker(
            lambda: self._fetch_theirs(session), thread=True, group="poll", exit_on_error=False
        )

    def _fetch_theirs(self, session: Session) -> None:
        try:
            key = session.saved_doc.key
            revision = self.store.revision(key)
            if revision == session.revision:
                self.call_from_thread(self._theirs_arrived, session, None, revision, "", "")
                return
            theirs = None
            who = when = ""
            if revision:
                theirs, revision = documents.load(self.store, key)
                who, at = documents.saved_by(self.store, key, revision)
                when = format_time(at)
        except (JixiaoError, OSError):
            self.call_from_thread(self._theirs_arrived, session, None, -1, "", "")
            return
        self.call_from_thread(self._theirs_arrived, session, theirs, revision, who, when)

    def _theirs_arrived(
        self, session: Session, theirs: Document | None, revision: int, who: str, when: str
    ) -> None:
        self._polling = False
        if session is not self.session or revision == session.revision or revision < 0:
            return
        if self._saving:  # our save went first: look again at the next check
            self._db_signature = None
            return
        if theirs is None:
            self.message = (
                f"文档 {session.saved_doc.key} 已被他人删除或改名；屏幕上的内容仍在，未丢失"
            )
            self.refresh_status()
            return
        if revision < session.revision:
            return
        before = session.saved_doc
        incoming = session.take_theirs(theirs, revision)
        who = who or "他人"
        self.last_other = who
        said = incoming.changes[0] if incoming.changes else "无内容修改"
        if len(incoming.changes) > 1:
            said += f" 等 {len(incoming.changes)} 处"
        if not incoming.merged.clean:
            self.message = (
                f"{who} {when} 也修改了 {incoming.merged.conflicts[0].where}，"
                "与您未保存的修改不同；保存时请逐项选择"
            )
            self.refresh_status()
            return
        self.message = f"{who} {when} 修改了 {said}"
        self.mark(before, theirs)
        self.refresh_screen()

    def mark(self, before: Document, after: Document) -> None:
        """Show what a colleague changed (`before` → `after`: projects, indicators, Part 1
        entries) marked for MARK_SECONDS."""
        self.marked = changed_ids(before, after)
        self.marked_before = before
        if self._mark_timer is not None:
            self._mark_timer.stop()
        self._mark_timer = self.set_timer(MARK_SECONDS, self._unmark)

    def _unmark(self) -> None:
        self._mark_timer = None
        self.marked = set()
        self.marked_before = None
        self.refresh_screen()

    @property
    def doc(self) -> Document:
        assert self.session is not None
        return self.session.doc

    # --- edits and saving --------------------------------------------------------------------
    def edited(self, message: str = "") -> None:
        """Called by a screen after every committed edit: show it and save in the background."""
        self.cancelled_input = None
        self.message = message
        self.refresh_screen()
        self.request_save()

    def on_event(self, event: events.Event) -> Any:
        if isinstance(event, events.Key):
            self._last_key = time.monotonic()
        return super().on_event(event)

    def remember_cancelled(self, cancelled: Any) -> None:
        """The editor was cancelled (Esc): keep what was typed for the next Enter on that cell."""
        self.cancelled_input = cancelled
        if cancelled is not None:
            self.message = "已取消修改；在该格按回车（F2）可恢复刚才的输入"
            self.refresh_status()

    # Actions that leave the open cell editor (the screen changes, or the cursor moves away):
    # the editor is committed first, as Enter would, so nothing typed is lost.
    LEAVING_ACTIONS = frozenset(
        {
            "quit",
            "show_part1",
            "show_projects",
            "show_problems",
            "show_documents",
            "export",
            "import",
            "document_info",
            "save_now",
            "switch_area",
            "next_field",
            "prev_field",
            "prev_project",
            "next_project",
            "back",
            "switch_view",  # 目标/监控/自评: the column being edited may leave the grid
        }
    )

    async def _dispatch_action(self, namespace: Any, action_name: str, params: Any) -> bool:
        if action_name in self.LEAVING_ACTIONS and not self.settle_editor(
            lambda: self.call_later(self.run_action, action_name, namespace)
        ):
            return True  # asked the user; the action runs after 放弃修改
        return await super()._dispatch_action(namespace, action_name, params)

    def open_editor(self) -> Any:
        """The open cell editor, if any (also under a dialog such as F1 help)."""
        from .widgets import Editor

        screens = reversed(self.screen_stack)
        return next((e for s in screens for e in s.query(Editor) if e.active), None)

    def settle_editor(self, then: Any) -> bool:
        """Commit the open cell editor. True when nothing is left open (go on now); when its
        text does not parse, ask 放弃修改 / 返回修改 and return False (`then` runs if 放弃)."""
        from .dialogs import AskScreen

        editor = self.open_editor()
        if editor is None or editor.settle():
            return True
        label = editor.request.label

        def answered(answer: str | None) -> None:
            if answer == "discard":
                editor.action_cancel()  # the text is kept: Enter on the cell brings it back
                then()

        self.push_screen(
            AskScreen(
                f"{label}的内容无法保存（见编辑框下的提示）。",
                [("discard", "放弃修改", "y"), ("back", "返回修改", "n")],
            ),
            answered,
        )
        return False

    async def _on_key(self, event: events.Key) -> None:
        """A key that bubbled up unhandled. Over SSH, "Enter 9 5 %" can arrive in one packet:
        Textual sends the digits to the grid before Enter has opened the editor, and they
        would be lost. While the editor is open, such keys belong to it."""
        from .widgets import Editor

        editor = next(iter(self.screen.query(Editor)), None)
        if editor is not None and editor.active and await editor.take_key(event):
            # Textual calls App._on_key after this one (handlers run along the class
            # hierarchy); prevent_default stops it: the key has been used.
            event.prevent_default()
        elif (
            event.is_printable
            and event.character
            and event.key not in self.screen.active_bindings
            and (editor is None or not editor.active)
        ):
            # Typing on a cell replaces its value; a number in the project list jumps.
            type_over = getattr(self.screen, "type_over", None)
            if type_over is not None and type_over(event.character):
                event.prevent_default()

    def request_save(self) -> None:
        """Save soon: when the keyboard has been quiet for SAVE_IDLE seconds, or at the latest
        SAVE_LATEST seconds after the first unsaved edit (the save competes with typing for
        the CPU on large documents). Quitting saves at once."""
        if self.session is None or not self.session.dirty:
            return
        if self._pending_since is None:
            self._pending_since = time.monotonic()
        if self.save_state != "保存中…":
            self.save_state = "待保存"
            self.refresh_status()
        if self._save_timer is None:
            self._save_timer = self.set_timer(SAVE_IDLE, self._save_when_quiet)

    def _save_when_quiet(self) -> None:
        self._save_timer = None
        now = time.monotonic()
        quiet = now - self._last_key
        waited = now - (self._pending_since or now)
        if quiet < SAVE_IDLE and waited < SAVE_LATEST:
            delay = min(SAVE_IDLE - quiet, SAVE_LATEST - waited)
            self._save_timer = self.set_timer(max(0.05, delay), self._save_when_quiet)
            return
        self.start_save()

    def start_save(self) -> None:
        """Start the background save now (Ctrl+S; and when the keyboard is quiet)."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        if self.session is None or not self.session.dirty:
            return
        if self._saving:
            self._save_again = True
            return
        self._pending_since = None
        self._saving = True
        self._save_again = False
        self.save_state = "保存中…"
        self.refresh_status()
        self.run_worker(self._save_in_thread, thread=True, group="save", exit_on_error=False)

    @property
    def save_pending(self) -> bool:
        """An edit not yet written (waiting for a quiet moment, or being written)."""
        return self._saving or self._save_timer is not None

    def _save_in_thread(self) -> None:
        session = self.session
        try:
            outcome = session.save()
        except JixiaoError as exc:  # ConflictError too: a rename onto another document …
            self.call_from_thread(self._save_done, exc)
        except OSError as exc:
            self.call_from_thread(self._save_done, JixiaoError(f"写入失败：{exc}"))
        else:
            self.call_from_thread(self._save_done, outcome)

    def _save_done(
        self, result: SaveOutcome | Exception | None, asked: SaveOutcome | None = None
    ) -> None:
        from .dialogs import conflict_reason

        self._saving = False
        if not isinstance(result, Exception):
            if result is not None and not result.saved:  # we both changed the same field
                self._save_again = False
                self._quitting = False
                self.save_state = "待保存"
                self.show_conflict(result)
                return
            self._saved(result, asked)
            # Asked again while this save ran (Ctrl+Q, Ctrl+S, the quiet timer): save what is
            # still unsaved — nothing, when this save held every edit, and then a waiting
            # Ctrl+Q quits now rather than never.
            again, self._save_again = self._save_again, False
            if again or self.session.dirty:
                self.start_save()
            if self._quitting and not self._saving:
                self.exit()
            return
        self._save_again = False
        from storage import ConflictError

        reason = conflict_reason(result) if isinstance(result, ConflictError) else str(result)
        self.save_state = f"保存失败：{reason}"
        self.refresh_status()
        if self._quitting:
            self._quitting = False
            self._ask_unsaved_quit(reason)
            return
        self.notify(f"保存失败：{reason}（修改仍在，按 Ctrl+S 重试）", severity="error")

    def _saved(self, outcome: SaveOutcome | None, asked: SaveOutcome | None = None) -> None:
        """A save went through: show what it merged in (the colleague's changes, marked).
        `asked`: the held-back outcome whose conflicts the user resolved for this save."""
        session = self.session
        before = session.doc
        session.adopt()
        self.save_state = "已保存" if not session.dirty else "保存中…"
        shown = outcome if outcome is not None and outcome.merged_in else asked
        if shown is not None:
            self.last_other = shown.theirs_by or self.last_other
            what = shown.theirs_changes
            said = f"：{what[0]}" + (f" 等 {len(what)} 处" if len(what) > 1 else "") if what else ""
            self.message = f"已合并 {shown.who()} 的修改{said}"
            self.mark(before, session.doc)
            self.refresh_screen()
        else:
            self.refresh_status()

    def show_conflict(self, outcome: SaveOutcome) -> None:
        """Both changed the same field: ask field by field (dialogs.FieldConflictScreen)."""
        from .dialogs import FieldConflictScreen

        if self._conflict_open:
            return
        self._conflict_open = True
        self.last_other = outcome.theirs_by or self.last_other

        def done(choices: dict[Any, str] | None) -> None:
            self._conflict_open = False
            if choices is None:
                self.message = "有未保存的修改（冲突未解决）；再次修改或按 Ctrl+S 时会再询问"
                self.refresh_status()
                return
            self._resolve_in_thread(outcome, choices)

        self.push_screen(FieldConflictScreen(outcome), done)

    def _resolve_in_thread(self, outcome: SaveOutcome, choices: dict[Any, str]) -> None:
        session = self.session
        self._saving = True
        self.save_state = "保存中…"
        self.refresh_status()

        def work() -> None:
            try:
                done = session.resolve(outcome, choices)
            except JixiaoError as exc:
                self.call_from_thread(self._save_done, exc)
            except OSError as exc:
                self.call_from_thread(self._save_done, JixiaoError(f"写入失败：{exc}"))
            else:
                self.call_from_thread(self._save_done, done, outcome)

        self.run_worker(work, thread=True, group="save", exit_on_error=False)

    def save_blocking(self) -> bool:
        """Save now in this thread (used when leaving the document). False if the save was
        refused or held back by a conflict (the field dialog is then shown)."""
        if self.session is None:
            return True
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        self._pending_since = None
        try:  # waits for a save worker still writing (the session serialises saves)
            outcome = self.session.save()
        except JixiaoError as exc:
            self.notify(f"保存失败：{exc}", severity="error", timeout=10)
            return False
        if outcome is not None and not outcome.saved:
            self.show_conflict(outcome)
            return False
        self._saved(outcome)
        return True

    # --- views -------------------------------------------------------------------------------
    def status_text(self) -> str:
        if self.session is None:
            return self.message
        parts = [self.save_state]
        if self.message:
            parts.append(self.message)
        return "　".join(p for p in parts if p)

    def refresh_status(self) -> None:
        from .widgets import StatusLine

        if not self.screen_stack:
            return  # shutting down: a save finishing now has no screen left to report on
        text = self.status_text()
        # Looked up once per screen (a query walks every widget of the screen: a millisecond
        # of each commit, which shows its status twice).
        screen = self.screen
        lines = getattr(screen, "_status_lines", None)
        if not lines or not all(line.is_attached for line in lines):
            lines = list(screen.query(StatusLine))
            screen._status_lines = lines
        for line in lines:
            line.update(text)
            line.set_class(self.save_state.startswith("保存失败"), "failed")

    def refresh_screen(self) -> None:
        refresh = getattr(self.screen, "refresh_view", None)
        if refresh is not None:
            refresh()
        self.refresh_status()

    # --- actions -----------------------------------------------------------------------------
    def action_help(self) -> None:
        from .dialogs import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(keys.help_rows(self.keymap)))

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        from .commands import ChinesePalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(
                ChinesePalette(
                    placeholder="输入操作，或项目序号、名称，指标名称，问题规则或文字…",
                    id="--command-palette",
                )
            )

    def action_undo(self) -> None:
        if self.session is None:
            return
        try:
            step = self.session.undo()
        except UndoRefused as refused:
            self._refused("撤销", refused)
            return
        if step is None:
            self.message = "没有可撤销的修改"
            self.refresh_status()
            return
        self._after_history(step, f"已撤销：{step.label}")

    def action_redo(self) -> None:
        if self.session is None:
            return
        try:
            step = self.session.redo()
        except UndoRefused as refused:
            self._refused("重做", refused)
            return
        if step is None:
            self.message = "没有可重做的修改"
            self.refresh_status()
            return
        self._after_history(step, f"已重做：{step.label}")

    def _refused(self, what: str, refused: UndoRefused) -> None:
        who = self.last_other or "他人"
        self.message = f"无法{what}：{who} 已修改 {refused.conflict.where}"
        self.refresh_status()

    def _after_history(self, step: Any, message: str) -> None:
        restore = getattr(self.screen, "restore_cursor", None)
        if restore is not None:
            restore(step.where)
        self.edited(message)

    def action_save_now(self) -> None:
        if self.session is None:
            return
        if not self.session.dirty:
            self.message = "没有需要保存的修改"
            self.refresh_status()
            return
        self.start_save()

    def action_show_projects(self) -> None:
        from .projects import ProjectListScreen

        if self.session is None:
            return
        while len(self.screen_stack) > 1 and not isinstance(self.screen, ProjectListScreen):
            self.pop_screen()
        if not isinstance(self.screen, ProjectListScreen):
            self.push_screen(ProjectListScreen())
        self.refresh_screen()

    def action_show_part1(self) -> None:
        from .part1 import Part1Screen

        if self.session is None or isinstance(self.screen, Part1Screen):
            return
        self.action_show_projects()
        self.push_screen(Part1Screen())

    def action_show_problems(self) -> None:
        from .problems import ProblemsScreen

        if self.session is not None and not isinstance(self.screen, ProblemsScreen):
            self.push_screen(ProblemsScreen())

    def action_show_documents(self) -> None:
        from .picker import PickerScreen

        if not isinstance(self.screen, PickerScreen):
            self.push_screen(PickerScreen())

    def action_export(self) -> None:
        from .dialogs import ExportScreen

        if self.session is not None:
            self.push_screen(ExportScreen(self.doc))

    def action_import(self) -> None:
        """Import a file: into the open document, or (on the document list, nothing open, as
        on an empty database) as documents of the database."""
        from .dialogs import ImportScreen

        if not isinstance(self.screen, ImportScreen):
            self.push_screen(ImportScreen(), self._imported)

    def _imported(self, keys: list[str] | None) -> None:
        if not keys:
            return
        if self.session is None and len(keys) == 1:
            self.open_document(keys[0])
        else:
            self.refresh_screen()

    def action_document_info(self) -> None:
        """文档信息 of the open document (on the document list: of the selected one)."""
        from .base import DocScreen
        from .docforms import edit_open_document_info
        from .picker import PickerScreen

        if isinstance(self.screen, DocScreen):
            edit_open_document_info(self)
        elif isinstance(self.screen, PickerScreen):
            self.screen.action_document_info()

    async def action_quit(self) -> None:
        """Quit once everything is saved: a pending save is started and waited for (保存中…);
        a failed one asks what to do. (The open editor was committed first: LEAVING_ACTIONS.)
        In the demo, edits are offered to be kept first (demo.offer_to_keep)."""
        if self.demo is not None:
            from .demo import offer_to_keep

            if not offer_to_keep(self):
                return
        if self.session is None or not (self.session.dirty or self._saving):
            self.exit()
            return
        self._quitting = True
        self.message = "保存完成后退出…"
        self.start_save()  # while a save is running, it saves again when that one is done
        self.refresh_status()

    def _ask_unsaved_quit(self, error: Exception | str) -> None:
        from .dialogs import AskScreen

        def answered(answer: str | None) -> None:
            if answer == "retry":
                self.call_later(self.action_quit)
            elif answer == "copy":
                try:
                    key = self.session.save_mine_as_copy()
                except (JixiaoError, OSError) as exc:
                    self.notify(f"另存副本失败：{exc}", severity="error", timeout=10)
                    self._ask_unsaved_quit(exc)
                    return
                self.doc_key = key
                self.exit(message=f"您的修改已另存为 {key}")
            elif answer == "quit":
                self._discard_unsaved = True
                self.exit()
            else:
                self.message = "修改尚未保存；按 Ctrl+S 重试，或 Ctrl+Q 再次退出"
                self.refresh_status()

        self.push_screen(
            AskScreen(
                f"保存失败：{error}。修改尚未保存，请选择：",
                [
                    ("retry", "重试", "r"),
                    ("copy", "另存副本…", "c"),
                    ("quit", "不保存退出", "q"),
                    ("back", "返回", "n"),
                ],
            ),
            answered,
        )


def run(
    db_path: str | Path,
    doc_key: str | None = None,
    *,
    demo_keep: Path | None = None,
    store: Any = None,
    resume_gc: bool = False,
) -> None:
    """Open the database in the editor (the CLI's `jixiao`, `jixiao edit`, `jixiao demo`).

    A database that cannot be opened raises its StoreError (one line, for the CLI) before the
    screen is taken over. `store`: the caller's store of that database, already open.
    `resume_gc`: the caller paused the garbage collector for the start-up; it is resumed
    (enabled, what exists frozen) once the first screen is painted.
    """
    from storage import open_store

    store = store if store is not None else open_store(db_path)
    if doc_key is not None:
        # A missing document is reported on the command line; the app loads it (once).
        documents.resolve(store, doc_key)
    app = JixiaoApp(db_path, doc_key, store=store, demo_keep=demo_keep)
    app.resume_gc = resume_gc
    app.run()
    if app.return_code:
        raise JixiaoError(str(getattr(app, "_exit_message", "") or "编辑器异常退出"))
