"""Which table the editor shows: the targets (目标), the 运行监控表 (监控) or the 绩效自评表 (自评).

By default the document's own phase (文档信息 阶段); Ctrl+T on the project screen or the project
list cycles 目标 → 监控 → 自评 for the open document. The choice is the app's, not a screen's: the
next project and the project list show the same table. It is forgotten when another document is
opened or the document's phase is changed.
"""

from __future__ import annotations

from typing import Any

from model.entities import Phase

_ORDER = (Phase.TARGET, Phase.MONITOR, Phase.EVALUATE)
# The table each view shows, in the title line and the messages.
TABLE_NAME = {
    Phase.TARGET: "绩效目标表",
    Phase.MONITOR: "运行监控表",
    Phase.EVALUATE: "绩效自评表",
}


def current(app: Any) -> Phase:
    """The view of the open document: the one chosen with Ctrl+T, else the document's phase."""
    doc = app.doc
    chosen = getattr(app, "grid_view", None)
    if chosen is not None and chosen[0] == doc.key:
        return chosen[1]  # type: ignore[no-any-return]
    return doc.phase  # type: ignore[no-any-return]


def choose(app: Any, phase: Phase | None) -> None:
    """Show `phase` for the open document (None: follow the document's phase again)."""
    app.grid_view = None if phase is None else (app.doc.key, phase)


def next_view(app: Any) -> Phase:
    """Switch to the next view (目标 → 监控 → 自评 → 目标) and return it."""
    phase = _ORDER[(_ORDER.index(current(app)) + 1) % len(_ORDER)]
    choose(app, phase)
    return phase


def switched_message(app: Any, phase: Phase, action_id: str = "edit.view") -> str:
    from . import keys

    key = keys.key_label(keys.effective_key(keys.BY_ID[action_id], app.keymap))
    own = "，即文档的阶段" if phase is app.doc.phase else ""
    return f"视图：{phase.label}（{TABLE_NAME[phase]}{own}）；{key} 切换 目标/监控/自评"


def quiet_footer(app: Any) -> bool:
    """A document in its target phase, shown as targets: the view key is left out of the footer
    (room for the keys used every day; F1 and the command palette still list it)."""
    return app.doc.phase is Phase.TARGET and current(app) is Phase.TARGET
