"""The command palette (Ctrl+P, or `:`): every action of the registry that applies to this
screen, and jumps — to a project by number, code or name fragment, to an indicator row by name,
to a finding by rule or text."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any

from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider

from . import keys

NO_MATCHES = "没有找到匹配项"


class ActionsProvider(Provider):
    def _actions(self) -> list[keys.KeyAction]:
        scope = getattr(self.screen, "SCOPE", "")
        return [a for a in keys.ACTIONS if a.palette and a.scope in (scope, "app")]

    def _run(self, action: keys.KeyAction) -> None:
        target = self.app if action.scope == "app" else self.screen
        self.app.call_later(self._run_now, target, action.action)

    async def _run_now(self, target: Any, name: str) -> None:
        """Run the chosen action once the open cell editor is committed (or the user chose
        放弃修改 in the dialog that asks when its text does not parse)."""
        app: Any = self.app
        settle = getattr(app, "settle_editor", None)
        if settle is None or settle(lambda: app.call_later(target.run_action, name)):
            await target.run_action(name)

    def _help(self, action: keys.KeyAction) -> str:
        keymap = getattr(self.app, "keymap", {})
        return f"按键：{keys.key_label(keys.effective_key(action, keymap))}"

    async def discover(self) -> Hits:
        for action in self._actions():
            yield DiscoveryHit(
                action.description, partial(self._run, action), help=self._help(action)
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for action in self._actions():
            score = matcher.match(action.description)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(action.description),
                    partial(self._run, action),
                    help=self._help(action),
                )


# (what the palette shows, the text searched, help line, the jump)
Target = tuple[str, str, str, Callable[[], Awaitable[None]]]


async def go_to_project(app: Any, project_id: str, where: Any = None) -> None:
    """Open a project over the project list, with the cursor at `where` (restore_cursor's)."""
    from .project import ProjectScreen

    app.action_show_projects()
    select = getattr(app.screen, "select", None)
    if select is not None:
        select(project_id)
    screen = ProjectScreen(project_id)
    await app.push_screen(screen)
    if where is not None:
        screen.restore_cursor(where)


class JumpProvider(Provider):
    """Where to go: projects, indicator rows and findings of the open document."""

    async def startup(self) -> None:
        self._targets: list[Target] = []
        self._numbers: dict[int, Target] = {}
        app: Any = self.app
        if getattr(app, "session", None) is None:
            return
        from .problems import go_to_finding, place, project_labels

        doc = app.doc
        for n, p in enumerate(doc.projects, 1):
            name = p.name or "（未命名）"
            target: Target = (
                f"项目{n}　{name}",
                f"{n} {name} {p.code}",
                f"转到项目：{p.code}",
                partial(go_to_project, app, p.id),
            )
            self._targets.append(target)
            self._numbers[n] = target
        for n, p in enumerate(doc.projects, 1):
            for row, ind in enumerate(p.indicators, 1):
                if ind.name.strip():
                    self._targets.append(
                        (
                            f"指标　{ind.name}",
                            ind.name,
                            f"项目{n}　{p.name}　第{row}行",
                            partial(go_to_project, app, p.id, ("ind", ind.id, 2)),
                        )
                    )
        found = app.findings.cached_all(doc) or []
        labels = project_labels(doc)
        for f in found:
            where = place(doc, f, labels) + (f"　第{f.row}行" if f.row else "")
            self._targets.append(
                (
                    f"问题　{f.rule}　{f.message}",
                    f"{f.rule} {f.message}",
                    where,
                    partial(go_to_finding, app, f),
                )
            )

    def _jump(self, go: Callable[[], Awaitable[None]]) -> None:
        self.app.call_later(self._jump_now, go)

    async def _jump_now(self, go: Callable[[], Awaitable[None]]) -> None:
        app: Any = self.app
        settle = getattr(app, "settle_editor", None)
        if settle is None or settle(lambda: app.call_later(go)):
            await go()

    def _text(self, shown: str) -> Any:
        """User text as plain text (a name may hold [brackets]), safe for the terminal."""
        from rich.text import Text

        from .cells import safe_text

        return Text(safe_text(shown, getattr(self.app, "wide", False)))

    def _help(self, text: str) -> str:
        """The help line is read as markup: user text is escaped."""
        from rich.markup import escape

        from .cells import safe_text

        return escape(safe_text(text, getattr(self.app, "wide", False)))

    async def search(self, query: str) -> Hits:
        text = query.strip()
        if not text:
            return
        plain = text.lstrip(":：").strip()
        if plain.isdigit() and plain.isascii() and int(plain) in self._numbers:
            shown, _, help_text, go = self._numbers[int(plain)]
            yield Hit(1.0, self._text(shown), partial(self._jump, go), help=self._help(help_text))
            return
        folded = plain.casefold()
        for n, (shown, searched, help_text, go) in enumerate(self._targets):
            # A name fragment, code or rule as written (a fuzzy match of a rule id or a short
            # Chinese fragment finds everything); in document order, below exact actions.
            if folded in searched.casefold():
                score = 0.9 - n * 1e-6
                yield Hit(
                    score, self._text(shown), partial(self._jump, go), help=self._help(help_text)
                )


class ChinesePalette(CommandPalette):
    """Textual's palette with its one English message in Chinese."""

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # As CommandPalette's own (textual/command.py), which says "No matches found".
        from rich.align import Align
        from rich.text import Text
        from textual.command import CommandList
        from textual.widgets.option_list import Option

        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(NO_MATCHES, style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
