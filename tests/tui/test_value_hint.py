"""The editor's parse hint under the 指标值 box shows the normalised deadline."""

from __future__ import annotations

import pytest

from tui.widgets import describe_value


@pytest.mark.parametrize(
    ("raw", "hint"),
    [
        ("2023年底前", "时限：2023年底之前（≤）"),
        ("2023.12.31", "时限：2023年12月31日"),
        ("30个工作日内", "时限：30个工作日以内（≤）"),
        ("第四季度末", "时限：第四季度末（12月底）"),
        ("≥95%", "定量：≥ 95 %"),
        ("定性：村民生产生活环境明显改善", "定性（文字描述，已标明“定性”）"),
        ("村民生产生活环境明显改善", "定性（文字描述）"),
        ("/", "指标值为空（“/”只是占位符）"),
        ("", "指标值为空"),
        ("≤3.11万元万元", "定量：≤ 3.11 万元；单位写了两遍"),
    ],
)
def test_the_parse_hint_reads_deadlines_as_clerks_write_them(raw: str, hint: str) -> None:
    assert describe_value(raw) == hint
