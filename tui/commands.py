"""The command palette (Ctrl+P): every action of the registry that applies to this screen."""

from __future__ import annotations

from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

from . import keys


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
