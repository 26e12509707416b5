"""The key registry: one source for bindings, help and palette; remapping from a TOML file."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from tui import keys


def test_ids_are_unique_and_every_group_is_known() -> None:
    counts = Counter(a.id for a in keys.ACTIONS)
    assert [i for i, n in counts.items() if n > 1] == []
    assert {a.group for a in keys.ACTIONS} <= set(keys.GROUPS)


def test_no_key_is_bound_twice_where_both_apply() -> None:
    # A screen sees its own scope, the grid's keys (when a table is focused) and the app's.
    for scope in ("picker", "projects", "project", "part1"):
        seen: dict[str, str] = {}
        for a in keys.ACTIONS:
            if a.scope not in (scope, "grid", "app"):
                continue
            for key in a.key.split(","):
                assert key not in seen, f"{scope}: {key} 同时用于 {seen[key]} 和 {a.id}"
                seen[key] = a.id


def test_only_terminal_safe_keys() -> None:
    for a in keys.ACTIONS:
        for key in a.key.split(","):
            assert not key.startswith(("alt+", "meta+", "ctrl+shift")), a.id
            if a.action != "cancel" and a.action != "back":
                assert key != "escape", f"{a.id}: Esc 只用于取消"


def test_bindings_carry_ids_for_the_keymap() -> None:
    bindings = keys.bindings("project")
    assert {b.id for b in bindings} == {a.id for a in keys.ACTIONS if a.scope == "project"}
    add = next(b for b in bindings if b.id == "rows.add_below")
    assert (add.key, add.action, add.description) == ("o", "add_below", "在下方新增指标")


def test_keymap_file_remaps_and_reports_problems(tmp_path: Path) -> None:
    path = tmp_path / "keys.toml"
    path.write_text('[keys]\n"rows.add_below" = "n"\n"no.such" = "x"\n"app.undo" = 3\n', "utf-8")
    keymap, problems = keys.load_keymap(path)
    assert keymap == {"rows.add_below": "n"}
    assert len(problems) == 2 and "no.such" in problems[0]
    rows = keys.help_rows(keymap)
    assert ("行操作", "项目", "n", "在下方新增指标", "rows.add_below") in rows


def test_broken_keymap_file_falls_back_to_defaults(tmp_path: Path) -> None:
    path = tmp_path / "keys.toml"
    path.write_text("这不是 TOML = = =", "utf-8")
    keymap, problems = keys.load_keymap(path)
    assert keymap == {} and "无法读取" in problems[0]


def test_keymap_path_follows_the_environment(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("JIXIAO_KEYS", str(tmp_path / "k.toml"))
    assert keys.keymap_path() == tmp_path / "k.toml"


def test_key_labels_read_naturally() -> None:
    assert keys.key_label("f1,question_mark") == "F1 / ?"
    assert keys.key_label("ctrl+z") == "Ctrl+Z"
    assert keys.key_label("O") == "Shift+O"
