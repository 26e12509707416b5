"""One registry of keys and actions: it produces the bindings, the footer, the F1 help and the
command palette, so a key is declared once. Users remap keys by id in a TOML file.

Only keys that reach a terminal reliably over SSH are used: letters, F-keys, Ctrl+letter,
arrows, Enter, Tab. Esc only ever cancels or goes back; it never changes data.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

# Groups, in the order the help screen lists them.
GROUPS = ("通用", "移动", "编辑", "行操作", "项目", "文档")


@dataclass(frozen=True, slots=True)
class KeyAction:
    id: str  # stable id used in keys.toml, e.g. "grid.add_below"
    key: str  # Textual key spec; several keys separated by commas
    action: str  # the action method name without "action_"
    description: str  # 简体中文, shown in footer, help and palette
    group: str
    scope: str  # "app", "picker", "part1", "projects", "project", "grid", "editor"
    footer: bool = False  # shown in the footer
    palette: bool = True  # offered in the command palette
    fixed: bool = False  # only listed in F1: a text box's own key or typing; no binding, no remap


ACTIONS: tuple[KeyAction, ...] = (
    # Everywhere
    KeyAction("app.help", "f1,question_mark", "help", "帮助", "通用", "app", True),
    KeyAction("app.undo", "ctrl+z", "undo", "撤销", "通用", "app", True),
    KeyAction("app.redo", "ctrl+y", "redo", "重做", "通用", "app"),
    KeyAction("app.save", "ctrl+s", "save_now", "立即保存", "通用", "app"),
    KeyAction("app.part1", "f3", "show_part1", "部门整体目标", "通用", "app", True),
    KeyAction("app.projects", "f4", "show_projects", "项目列表", "通用", "app", True),
    KeyAction("app.documents", "ctrl+o", "show_documents", "切换文档", "文档", "app"),
    KeyAction("app.export", "ctrl+e", "export", "导出文档（Word/JSON/CSV/Excel）", "文档", "app"),
    KeyAction("app.import", "ctrl+r", "import", "导入文件到本文档", "文档", "app"),
    KeyAction(
        "app.info", "f9", "document_info", "文档信息（编码、名称、年度、口径）", "文档", "app"
    ),
    KeyAction("app.problems", "f5", "show_problems", "问题列表（全文检查结果）", "通用", "app"),
    KeyAction(
        "app.palette",
        "ctrl+p,colon",
        "command_palette",
        "命令面板（操作；转到项目、指标、问题）",
        "通用",
        "app",
        palette=False,
    ),
    KeyAction("app.quit", "ctrl+q", "quit", "退出", "通用", "app", True),
    # Document picker
    KeyAction("picker.open", "enter", "open", "打开文档", "文档", "picker", True),
    KeyAction("picker.new", "n", "new_document", "新建文档", "文档", "picker", True),
    KeyAction("picker.next_year", "y", "copy_year", "复制为新年度", "文档", "picker", True),
    KeyAction("picker.info", "i", "document_info", "文档信息", "文档", "picker", True),
    KeyAction("picker.delete", "d,delete", "delete_document", "删除文档", "文档", "picker", True),
    KeyAction("picker.history", "v", "history", "历史版本（查看、恢复）", "文档", "picker"),
    KeyAction(
        "picker.sort",
        "s",
        "sort",
        "换排序：单位编码、问题、预算总额、项目数、最后保存、单位名称",
        "文档",
        "picker",
        True,
    ),
    KeyAction(
        "picker.filter", "slash", "filter", "筛选（也可直接输入编码或名称）", "文档", "picker"
    ),
    KeyAction("history.restore", "r", "restore", "恢复所选版本", "文档", "history", True),
    # Grid movement (project list, indicator grid, Part 1 list)
    KeyAction("grid.left", "h", "cursor_left", "左移", "移动", "grid", palette=False),
    KeyAction("grid.down", "j", "cursor_down", "下移", "移动", "grid", palette=False),
    KeyAction("grid.up", "k", "cursor_up", "上移", "移动", "grid", palette=False),
    KeyAction("grid.right", "l", "cursor_right", "右移", "移动", "grid", palette=False),
    KeyAction("grid.top", "g", "scroll_top", "到第一行", "移动", "grid", palette=False),
    KeyAction("grid.bottom", "G", "scroll_bottom", "到最后一行", "移动", "grid", palette=False),
    # Project list
    KeyAction("projects.open", "enter", "open", "打开项目", "项目", "projects", True),
    KeyAction("projects.filter", "slash", "filter", "筛选", "项目", "projects", True),
    KeyAction("projects.add", "a", "add", "新增项目", "项目", "projects", True),
    KeyAction("projects.copy", "c", "copy", "复制项目", "项目", "projects"),
    KeyAction("projects.delete", "d,delete", "delete", "删除项目", "项目", "projects", True),
    KeyAction("projects.move_up", "K", "move_up", "项目上移", "项目", "projects"),
    KeyAction("projects.move_down", "J", "move_down", "项目下移", "项目", "projects"),
    KeyAction(
        "projects.view",
        "ctrl+t",
        "switch_view",
        "切换视图：目标/监控/自评（自评时列出各项目总分和等级）",
        "项目",
        "projects",
    ),
    # Project screen and Part 1 screen (cells)
    KeyAction("edit.edit", "f2", "edit", "编辑单元格（也可按回车）", "编辑", "project", True),
    KeyAction("edit.next", "tab", "next_field", "下一字段", "移动", "project", palette=False),
    KeyAction("edit.prev", "shift+tab", "prev_field", "上一字段", "移动", "project", palette=False),
    KeyAction("edit.area", "f6", "switch_area", "切换 基本信息/指标表", "移动", "project"),
    KeyAction(
        "edit.view",
        "ctrl+t",
        "switch_view",
        "切换视图：目标/监控/自评（绩效目标表、运行监控表、绩效自评表）",
        "编辑",
        "project",
    ),
    KeyAction("edit.back", "escape", "back", "返回项目列表", "移动", "project", palette=False),
    KeyAction("rows.add_below", "o", "add_below", "在下方新增指标", "行操作", "project", True),
    KeyAction("rows.add_above", "O", "add_above", "在上方新增指标", "行操作", "project"),
    KeyAction("rows.delete", "d,delete", "delete_row", "删除指标行", "行操作", "project", True),
    KeyAction("rows.duplicate", "p", "duplicate_row", "复制指标行", "行操作", "project"),
    KeyAction("rows.move_up", "K", "move_up", "指标上移", "行操作", "project"),
    KeyAction("rows.move_down", "J", "move_down", "指标下移", "行操作", "project"),
    KeyAction("rows.dismiss", "v", "dismiss", "光标处的问题标记为已核实", "编辑", "project"),
    KeyAction("rows.fix", "f", "fix", "自动修正光标处的问题", "编辑", "project"),
    KeyAction("rows.prev_project", "f7", "prev_project", "上一个项目", "项目", "project"),
    KeyAction("rows.next_project", "f8", "next_project", "下一个项目", "项目", "project"),
    KeyAction("part1.edit", "f2", "edit", "编辑（也可按回车）", "编辑", "part1", True),
    KeyAction("part1.add_below", "o", "add_below", "在下方新增一条", "行操作", "part1", True),
    KeyAction("part1.add_above", "O", "add_above", "在上方新增一条", "行操作", "part1"),
    KeyAction("part1.delete", "d,delete", "delete_row", "删除这一条", "行操作", "part1", True),
    KeyAction("part1.move_up", "K", "move_up", "上移", "行操作", "part1"),
    KeyAction("part1.move_down", "J", "move_down", "下移", "行操作", "part1"),
    KeyAction("part1.duplicate", "p", "duplicate_row", "复制这一条", "行操作", "part1"),
    # Problem list
    KeyAction("problems.open", "enter", "open", "转到该处", "移动", "problems", True),
    KeyAction("problems.back", "escape", "back", "返回", "移动", "problems", True, False),
    KeyAction("problems.dismiss", "v", "dismiss", "已核实", "编辑", "problems", True),
    KeyAction("problems.fix", "f", "fix", "自动修正", "编辑", "problems", True),
    # The cell editor
    KeyAction("editor.commit", "f2,ctrl+s", "commit", "确认修改", "编辑", "editor", True, False),
    KeyAction("editor.cancel", "escape", "cancel", "取消修改", "编辑", "editor", True, False),
    # Typing, and the edit box's own keys (listed in F1; they cannot be remapped)
    KeyAction(
        "type.replace",
        "typing",
        "",
        "在单元格上直接打字：以所打文字替换原值（回车 / F2 在原值上修改）",
        "编辑",
        "grid",
        palette=False,
        fixed=True,
    ),
    KeyAction(
        "type.number",
        "digits",
        "",
        "按序号打开项目（如 7 回车）；打其他文字即筛选",
        "项目",
        "projects",
        palette=False,
        fixed=True,
    ),
    KeyAction(
        "box.clear_left",
        "ctrl+u",
        "",
        "清除光标前的全部文字",
        "编辑",
        "editbox",
        False,
        False,
        True,
    ),
    KeyAction(
        "box.clear_right",
        "ctrl+k",
        "",
        "删除光标后的全部文字",
        "编辑",
        "editbox",
        False,
        False,
        True,
    ),
    KeyAction(
        "box.delete_word", "ctrl+w", "", "删除光标前的一个词", "编辑", "editbox", False, False, True
    ),
    KeyAction("box.home", "home,ctrl+a", "", "到开头", "编辑", "editbox", False, False, True),
    KeyAction(
        "box.end",
        "end",
        "",
        "到末尾；有灰色补全建议时接受它",
        "编辑",
        "editbox",
        False,
        False,
        True,
    ),
    KeyAction(
        "box.accept",
        "right",
        "",
        "右移；在末尾时接受灰色补全建议",
        "编辑",
        "editbox",
        False,
        False,
        True,
    ),
    KeyAction(
        "box.delete",
        "delete,ctrl+d",
        "",
        "删除光标后的一个字",
        "编辑",
        "editbox",
        False,
        False,
        True,
    ),
)

BY_ID: dict[str, KeyAction] = {a.id: a for a in ACTIONS}


def bindings(scope: str) -> list:
    """Textual Binding objects for one scope (ids let the user's keymap replace the keys)."""
    from textual.binding import Binding

    return [
        Binding(a.key, a.action, a.description, show=a.footer, id=a.id)
        for a in ACTIONS
        if a.scope == scope and not a.fixed
    ]


def keymap_path() -> Path:
    """~/.config/jixiao/keys.toml, or $JIXIAO_KEYS (tests and shared accounts)."""
    env = os.environ.get("JIXIAO_KEYS")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "jixiao" / "keys.toml"


def load_keymap(path: Path | None = None) -> tuple[dict[str, str], list[str]]:
    """The user's remapped keys ({id: key}) and one Chinese line per problem in the file.

    The file is flat: `"grid.add_below" = "n"` (or under a [keys] table). A broken file never
    stops the editor: its problems are shown and the default keys are used.
    """
    path = path or keymap_path()
    if not path.is_file():
        return {}, []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return {}, [f"按键配置 {path} 无法读取（{exc}），已使用默认按键"]
    table = data.get("keys", data)
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for key_id, key in table.items():
        if key_id not in BY_ID:
            problems.append(f"按键配置 {path}：没有名为“{key_id}”的操作，已忽略")
        elif BY_ID[key_id].fixed:
            problems.append(f"按键配置 {path}：“{key_id}”是编辑框或打字的固定按键，不能改，已忽略")
        elif not isinstance(key, str) or not key.strip():
            problems.append(f'按键配置 {path}：“{key_id}”的按键应为文本，如 "f5"')
        else:
            keymap[key_id] = key.strip()
    return keymap, problems


def effective_key(action: KeyAction, keymap: dict[str, str]) -> str:
    return keymap.get(action.id, action.key)


_KEY_NAMES = {
    "question_mark": "?",
    "slash": "/",
    "colon": ":",
    "escape": "Esc",
    "enter": "回车",
    "tab": "Tab",
    "shift+tab": "Shift+Tab",
    "delete": "Del",
    "home": "Home",
    "end": "End",
    "right": "→",
    "typing": "直接打字",
    "digits": "数字 回车",
}


def key_label(keys: str) -> str:
    """'f1,question_mark' → 'F1 / ?' for the help screen."""
    labels = []
    for key in keys.split(","):
        key = key.strip()
        if key in _KEY_NAMES:
            labels.append(_KEY_NAMES[key])
        elif key.startswith("ctrl+"):
            labels.append("Ctrl+" + key[5:].upper())
        elif len(key) > 1 and key[0] == "f" and key[1:].isdigit():
            labels.append(key.upper())
        elif len(key) == 1 and key.isupper():
            labels.append(f"Shift+{key}")
        else:
            labels.append(key)
    return " / ".join(labels)


SCOPE_NAMES = {
    "app": "所有界面",
    "picker": "文档列表",
    "grid": "表格",
    "projects": "项目列表",
    "project": "项目",
    "part1": "部门整体目标",
    "problems": "问题列表",
    "history": "历史版本",
    "editor": "编辑框",
    "editbox": "编辑框",
}


def help_rows(keymap: dict[str, str]) -> list[tuple[str, str, str, str, str]]:
    """(group, where, keys, description, id) for every action, grouped for the help screen;
    the id is what keys.toml uses to remap the key."""
    order = {g: n for n, g in enumerate(GROUPS)}
    rows = [
        (a.group, SCOPE_NAMES[a.scope], key_label(effective_key(a, keymap)), a.description, a.id)
        for a in ACTIONS
    ]
    return sorted(rows, key=lambda r: order.get(r[0], 99))


# --- the footer ------------------------------------------------------------------------------
# Which actions the footer offers, most important first: where the screen is narrow the footer
# shows what fits from the front of this list and drops the rest whole (never a cut hint).
# F1 comes first so it is always there; then the keys of the screen in front (its F-keys before
# its letters), then the F-keys that lead to the other screens.
FOOTER_ORDER: tuple[str, ...] = (
    "app.help",
    "app.problems",
    # the cell editor (while it is open)
    "editor.commit",
    "editor.cancel",
    # document picker
    "picker.open",
    "picker.sort",
    "picker.new",
    "picker.next_year",
    "picker.history",
    "history.restore",
    # project list
    "projects.open",
    "projects.add",
    "projects.filter",
    "projects.view",
    # project screen
    "edit.edit",
    "edit.view",
    "edit.area",
    "rows.add_below",
    "rows.next_project",
    "rows.prev_project",
    # Part 1
    "part1.edit",
    "part1.add_below",
    # problem list
    "problems.open",
    "problems.fix",
    "problems.dismiss",
    "problems.back",
    # leading elsewhere
    "app.projects",
    "app.part1",
    "app.undo",
    "rows.fix",
    "projects.delete",
    "rows.delete",
    "part1.delete",
    "picker.delete",
    "app.info",
    "app.export",
    "app.quit",
)
_FOOTER_RANK = {action_id: n for n, action_id in enumerate(FOOTER_ORDER)}

# Short words for the footer (the help and the palette keep the full description).
FOOTER_WORDS: dict[str, str] = {
    "app.problems": "问题",
    "app.part1": "整体目标",
    "app.projects": "项目列表",
    "app.export": "导出",
    "app.info": "文档信息",
    "edit.edit": "编辑",
    "edit.area": "切换区域",
    "edit.view": "切换视图",
    "projects.view": "切换视图",
    "rows.add_below": "新增指标",
    "rows.delete": "删除行",
    "rows.next_project": "下一项目",
    "rows.prev_project": "上一项目",
    "rows.fix": "修正",
    "part1.edit": "编辑",
    "part1.add_below": "新增",
    "part1.delete": "删除",
    "projects.open": "打开",
    "projects.add": "新增项目",
    "projects.delete": "删除项目",
    "picker.open": "打开",
    "picker.sort": "排序",
    "picker.filter": "筛选",
    "picker.new": "新建",
    "picker.next_year": "新年度",
    "picker.history": "历史",
    "picker.delete": "删除",
    "history.restore": "恢复",
    "editor.commit": "确认",
    "editor.cancel": "取消",
    "problems.open": "转到",
}


def footer_label(keys: str) -> str:
    """The first of an action's keys, as the footer shows it: 'f1,question_mark' → 'F1'."""
    return key_label(keys.split(",")[0])


# Not offered in the footer while no document is open (the document list at start).
NEED_A_DOCUMENT = frozenset(
    {"app.problems", "app.projects", "app.part1", "app.undo", "app.export", "app.info"}
)

# The key that leads to a screen is not offered on that screen itself.
_LEADS_TO = {"projects": "app.projects", "part1": "app.part1", "problems": "app.problems"}


def footer_items(active: dict[str, str], scope: str = "") -> list[tuple[str, str, str]]:
    """(id, key label, words) for the actions in effect ({id: key spec}) on the screen of
    `scope`, in footer order: those in FOOTER_ORDER by rank, then any other marked `footer`."""
    chosen = [
        action_id
        for action_id in active
        if (action_id in _FOOTER_RANK or (action_id in BY_ID and BY_ID[action_id].footer))
        and action_id != _LEADS_TO.get(scope)
    ]
    chosen.sort(key=lambda i: _FOOTER_RANK.get(i, len(FOOTER_ORDER)))
    return [
        (i, footer_label(active[i]), FOOTER_WORDS.get(i, BY_ID[i].description if i in BY_ID else i))
        for i in chosen
    ]


def footer_cells(label: str, words: str) -> int:
    """Terminal cells one footer hint takes (` F1 ` + ` 帮助 ` + a space between hints)."""
    from rich.cells import cell_len

    return cell_len(f" {label} ") + cell_len(f" {words} ") + 1


def fit_footer(items: list[tuple[str, str, str]], width: int) -> list[tuple[str, str, str]]:
    """The hints that fit in `width` cells, taken whole in order of importance (a hint that
    does not fit is left out, a shorter later one may still go in); the first (F1) always."""
    shown: list[tuple[str, str, str]] = []
    used = 0
    for item in items:
        cells = footer_cells(item[1], item[2])
        if not shown or used + cells <= width + 1:  # the last hint needs no space after it
            shown.append(item)
            used += cells
    return shown
