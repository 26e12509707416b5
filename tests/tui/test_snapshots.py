"""What the three editing screens look like at 80×24 and 120×40 (SVG snapshots).

Findings come from a fixed stand-in for model.rules, so a change to the rule catalogue does not
change these pictures; the markers and the detail line are what is tested here.
Update after an intended change: pytest tests/tui/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tui import findings
from tui.app import JixiaoApp

from .conftest import StandInFinding

SIZES = {"80x24": (80, 24), "120x40": (120, 40)}
# The project list and the project screen also at 160×50: wider columns, the whole header.
WIDE_SIZES = {**SIZES, "160x50": (160, 50)}


class _FixedRules:
    """Stands in for model.rules.Checker: an error on row 2's 指标值 and a warning on row 1 of
    every project with rows; an error in Part 1 item 2 and a warning about the whole document."""

    def project(self, doc, project):
        found = []
        if len(project.indicators) >= 2:
            found.append(
                StandInFinding(
                    "error",
                    "比率越高越好，“≤100%”等于没有目标",
                    project.indicators[1].id,
                    "指标值",
                    indicator_row=2,
                )
            )
            found.append(
                StandInFinding(
                    "warning",
                    "数量指标写成上限",
                    project.indicators[0].id,
                    "指标值",
                    indicator_row=1,
                )
            )
        return found

    def projects(self, doc, projects):
        return {p.id: self.project(doc, p) for p in projects}

    def document(self, doc):
        return [
            StandInFinding(
                "error", "分项绩效目标 2 缺少“绩效指标”段，请写明如何衡量", None, "绩效指标", 2
            ),
            StandInFinding(
                "warning",
                "第一部分写“共25个项目”，第二部分共有 24 个项目，请核对",
                None,
                "总体绩效目标",
            ),
        ]


@pytest.fixture(autouse=True)
def _stable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(findings, "_checker", _FixedRules)


@pytest.mark.parametrize("size", WIDE_SIZES)
def test_project_list(snap_compare, sample_db: Path, size: str) -> None:
    async def counted(pilot) -> None:  # problems are counted in the background after drawing
        await pilot.pause(0.3)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(JixiaoApp(sample_db), terminal_size=WIDE_SIZES[size], run_before=counted)


@pytest.mark.parametrize("size", WIDE_SIZES)
def test_project_grid(snap_compare, sample_db: Path, size: str) -> None:
    # Project 1, row 2, 指标值: the cell with the (stand-in) error
    press = ["enter", "j", "l", "l", "l", "l"]
    assert snap_compare(JixiaoApp(sample_db), press=press, terminal_size=WIDE_SIZES[size])


@pytest.mark.parametrize("size", SIZES)
def test_part1(snap_compare, sample_db: Path, size: str) -> None:
    press = ["f3", "j", "j", "j"]
    assert snap_compare(JixiaoApp(sample_db), press=press, terminal_size=SIZES[size])


def test_editing_a_value(snap_compare, sample_db: Path) -> None:
    press = ["enter", "j", "l", "l", "l", "l", "enter"]
    assert snap_compare(JixiaoApp(sample_db), press=press, terminal_size=(80, 24))


def test_new_document_form(snap_compare, tmp_path: Path) -> None:
    """Every field and both buttons of 新建文档 fit 80×24 (one line per field)."""
    from storage import Store

    db = tmp_path / "empty.db"
    Store.create(db)
    press = ["n", *"905001", "tab", *"某某乡", "tab", *"2025"]
    assert snap_compare(JixiaoApp(db), press=press, terminal_size=(80, 24))


def test_problem_list(snap_compare, sample_db: Path) -> None:
    async def listed(pilot) -> None:  # the list is filled by a worker, then a chunk at a time
        await pilot.press("f5")
        await pilot.pause(0.3)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(0.3)
        await pilot.press("j", "j")

    assert snap_compare(JixiaoApp(sample_db), terminal_size=(80, 24), run_before=listed)


def test_field_conflict_dialog(snap_compare, sample_db: Path) -> None:
    """Both changed 项目3 第1行 指标值 and 第2行 指标值确定依据; 我的 chosen on the first row."""
    from dataclasses import replace

    from tui.dialogs import FieldConflictScreen

    from .test_conflict import held_back

    async def conflicted(pilot) -> None:
        app = pilot.app
        base = app.doc

        def changed(value: str, basis: str) -> object:
            projects = list(base.projects)
            project = replace(projects[2], indicators=list(projects[2].indicators))
            project.indicators[0] = replace(project.indicators[0], value=value)
            project.indicators[1] = replace(project.indicators[1], basis=basis)
            projects[2] = project
            return replace(base, projects=projects)

        mine, theirs = changed("≤1200元", "按去年标准"), changed("≤1000元", "按文件规定")
        outcome = held_back(base, mine, theirs)
        await pilot.pause()
        app.push_screen(FieldConflictScreen(outcome))
        await pilot.pause()
        await pilot.press("m")

    assert snap_compare(JixiaoApp(sample_db), terminal_size=(80, 24), run_before=conflicted)
