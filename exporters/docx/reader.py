"""Reading a 预算绩效目标 Word document (.docx) into the model.

Part 1 (部门整体绩效目标) is read by part1.py, Part 2 (one table set per project) by projects.py,
both finding things by their labels, not their positions. This module checks the file, walks
the body once (blocks.py) and settles 预算单位 and 预算年度.

Conventions shared with the writer (writer.py), so that write → read gives the same model:
- 分项绩效目标: the "绩效目标：" and "绩效指标：" prefixes are structure. GoalItem.goal and
  GoalItem.measure are stored WITHOUT them; the writer puts them back.
- Titles keep their numbering as written ("1、加强党的领导…"); so do goal lines ("1.提高…").
- Multi-paragraph cells and soft line breaks become lines separated by "\\n".
- Amounts and values are normalised (half-width digits, ≥/≤, no stray spaces); every other
  text keeps its wording, with full-width digits and odd spaces made plain.
- The 2021 layout's 指标性质 / 指标值 / 度量单位 columns are combined into one 指标值:
  "≥" + "90" + "%" → "≥90%"; "=" is implied (a bare value means equals) and "定性" in front
  of prose is kept as part of the value ("定性：明显改善", model.values.mark_qualitative; a
  deadline needs no mark). The seven-column layout has no 绩效指标描述, so description stays ""
  (and the checker, told by model.layouts, does not ask for one).
- 上年指标值 / 计算公式 / 权重 columns (the writer adds them to the 2021 layout when used) fill
  previous_value (normalised like 指标值), formula and weight.
- Unknown indicator columns go to Indicator.extra under their header label (with a warning).
- The indicator table's layout (layouts.py) is recognised by its header: the 2015 sample's six
  columns, the 2021 guidance's (with any of its optional columns) or its plain seven. The file's
  property 指标表格式 (written when a layout was chosen) names it; otherwise Document.layout is
  set only when the default rule would choose another, so that it is written the same again.
- A 项目支出绩效目标执行监控表 or 项目支出绩效自评表 (phases.py, read by phase_reader.py) is
  known by its title; the document's phase is set from it, and the result is partial (the fields
  the table shows, phase_reader.PARTIAL_FIELDS): an import merges it into the stored document.
  The 自评汇总表 is refused (export only).
- 指标体系 and 允许可持续影响指标 come from the file's custom properties (properties.py) when
  it has them; otherwise the tables decide: 成本指标 as a 一级指标, or the 2021 layout without
  a 成本指标 under 产出指标, means the 2021 guidance.
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from typing import Any

from model import Document, JixiaoError, PlanUnit, Profile
from model.entities import Phase

from ..base import WORD_TABLES, ImportOptions, ImportResult, Problem
from .blocks import Block, Para, Table, read_blocks
from .container import check_docx_bytes
from .labels import compact, forget
from .layouts import LAYOUTS, Layout, default_layout
from .package import NotWordFile, open_parts
from .part1 import read_part1
from .phase_reader import PARTIAL_FIELDS, later_title
from .projects import ProjectReader, UnitLine, project_title
from .properties import (
    LAYOUT_NAME,
    PROFILE_NAME,
    SUSTAINABLE_NAME,
    custom_properties_from,
    profile_from,
    sustainable_from,
)

_EVALUATE_SUMMARY = WORD_TABLES["evaluate-summary"]
_CODE_PREFIX = re.compile(r"^(?P<county>\d{6})(?P<yy>\d{2})")


def read(data: bytes, *, source: str, options: ImportOptions) -> ImportResult:
    archive = check_docx_bytes(data, source)
    forget()  # labels' caches: this file's texts only
    body, styles, properties = _open(archive, source)
    blocks = read_blocks(body, styles, source)
    if any(isinstance(b, Para) and compact(b.text) == _EVALUATE_SUMMARY for b in blocks):
        raise JixiaoError(
            f"{source}：{_EVALUATE_SUMMARY}只能导出，不能导入；"
            "请导入项目支出绩效自评表（export --table evaluate）或完整的文档"
        )
    if not any(_has_text(b) for b in blocks):
        raise JixiaoError(f"{source}：文档是空的，没有任何文字或表格")

    problems: list[Problem] = []
    split = _part2_start(blocks)
    part1 = read_part1([b for b in blocks[:split] if isinstance(b, Para)], problems)
    projects = ProjectReader(problems)
    for block in blocks[split:]:
        if isinstance(block, Para):
            projects.paragraph(block)
        else:
            projects.table(block)
    found = projects.finish()
    # A document with Part 1 and no projects (jixiao exports one so) is read as such.
    has_part1 = bool(part1.overall or part1.items or part1.measures)
    if not found and not has_part1:
        raise JixiaoError(
            f"{source}：没有找到可识别的项目绩效目标表（应有含“项目编码”“一级指标”等栏目的表格），"
            "请确认这是预算绩效目标文档"
        )

    doc = Document(part1=part1, projects=found)
    notes: list[str] = []
    if projects.phase:  # 监控表 / 自评表 (phases.py): the document is in that phase
        doc.phase = Phase(projects.phase)
    _settle_dept(doc, projects.units, options, notes, problems)
    _settle_year(doc, options, notes, problems, projects.years)
    _check_codes(doc, problems)
    _settle_settings(doc, properties, projects.layout, notes, problems)
    _settle_layout(doc, properties, projects.layout, problems)
    _settle_plan_unit(doc, projects.plan_units, notes)
    if projects.phase:
        # A 监控表 / 自评表 shows some fields of the targets' document: merged into it, never a
        # document of its own (phase_reader.PARTIAL_FIELDS).
        notes.append(
            f"这是{WORD_TABLES[projects.phase]}：只把表中的栏目合并到数据库中的已有文档，"
            "表中没有的内容（指标描述、确定依据、资金用途等）保持不变"
        )
        return ImportResult(
            documents=[doc],
            problems=problems,
            notes=notes,
            partial=True,
            partial_fields=PARTIAL_FIELDS[projects.phase],
        )
    return ImportResult(documents=[doc], problems=problems, notes=notes)


def _open(archive: zipfile.ZipFile, source: str) -> tuple[Any, Any, dict[str, str]]:
    """The body element, the styles element and the custom properties, read from the zip's
    parts directly (package.py: python-docx's rules for finding them, without its object
    model). Every failure in there — a damaged zip or XML, a part of the wrong type, a missing
    relationship — means the same: a damaged file."""
    try:
        with archive:
            body, styles, custom = open_parts(archive)
        properties = custom_properties_from(custom)
    except NotWordFile:
        raise JixiaoError(
            f"{source}：这不是普通的 Word 文档（可能是模板 .dotx 或启用宏的 .docm），"
            "请在 Word/WPS 中另存为 .docx 后再导入"
        ) from None
    except Exception as exc:  # a damaged package fails in many ways; all mean the same
        raise JixiaoError(_damaged(source, exc)) from None
    return body, styles, properties


def _damaged(source: str, exc: Exception) -> str:
    return (
        f"{source}：Word 文件已损坏或不是正常的 .docx，无法读取（{type(exc).__name__}）；"
        "请在 Word/WPS 中打开后重新另存为 .docx"
    )


def _has_text(block: Block) -> bool:
    if isinstance(block, Para):
        return bool(block.text.strip())
    return any(c.text for row in block.rows for c in row.cells)


def _part2_start(blocks: list[Block]) -> int:
    """Part 2 begins at 第二部分, the first project title (a 监控表 / 自评表 title too) or the
    first table."""
    for index, block in enumerate(blocks):
        if isinstance(block, Table):
            return index
        text = block.text.strip()
        if compact(text) == "第二部分" or project_title(text) or later_title(text):
            return index
    return len(blocks)


def _settle_dept(
    doc: Document,
    units: list[UnitLine],
    options: ImportOptions,
    notes: list[str],
    problems: list[Problem],
) -> None:
    known = [u for u in units if u.dept_code or u.dept_name]
    if known:
        first = known[0]
        doc.dept_code, doc.dept_name = first.dept_code, first.dept_name
        for other in known[1:]:
            if (other.dept_code, other.dept_name) != (first.dept_code, first.dept_name):
                problems.append(
                    Problem(
                        other.where,
                        f"单位行“{other.dept_code}{other.dept_name}”与前面的“{first.dept_code}"
                        f"{first.dept_name}”不同，已采用前者",
                        "warning",
                    )
                )
                break
    if units:
        doc.money_unit = units[0].money_unit
        if any(u.money_unit != doc.money_unit for u in units):
            problems.append(Problem(units[0].where, "各表的金额单位不一致，已采用第一张表的单位"))
    if options.dept:
        if doc.dept_code and doc.dept_code != options.dept:
            notes.append(f"预算单位编码取自 --dept：{options.dept}（文档中为 {doc.dept_code}）")
        else:
            notes.append(f"预算单位编码取自 --dept：{options.dept}")
        doc.dept_code = options.dept
    elif doc.dept_code:
        notes.append(f"预算单位取自文档的单位行：{doc.dept_code} {doc.dept_name}".rstrip())
    else:
        problems.append(
            Problem(
                "单位行", "文档中没有找到预算单位编码（如“903001…单位：万元”），请用 --dept 指定"
            )
        )
    if not doc.dept_name:
        notes.append("文档中没有预算单位名称，导入后可在编辑器中补上")


def _settle_year(
    doc: Document,
    options: ImportOptions,
    notes: list[str],
    problems: list[Problem],
    table_years: list[int] | None = None,
) -> None:
    found = Counter()
    for project in doc.projects:
        match = _CODE_PREFIX.match(project.code)
        if match:
            found[(match.group("county"), 2000 + int(match.group("yy")))] += 1
    if len(found) > 1:
        listed = "、".join(f"{c}/{y}" for (c, y), _ in found.most_common())
        problems.append(
            Problem(
                "项目编码", f"项目编码中的区划/年度不一致（{listed}），已采用最多的一种", "warning"
            )
        )
    from_codes = found.most_common(1)[0][0] if found else None
    if options.year:
        doc.year = options.year
        if from_codes and from_codes[1] != options.year:
            notes.append(f"预算年度取自 --year：{options.year}（项目编码中为 {from_codes[1]}）")
        else:
            notes.append(f"预算年度取自 --year：{options.year}")
    elif from_codes:
        county, year = from_codes
        doc.year = year
        notes.append(f"预算年度取自项目编码（区划 {county}，年度 {str(year)[2:]}）：{year}")
    elif table_years:
        doc.year = Counter(table_years).most_common(1)[0][0]
        notes.append(f"预算年度取自表头的“（{doc.year}年度）”：{doc.year}")
    else:
        problems.append(Problem("项目编码", "无法从项目编码判断预算年度，请用 --year 指定"))


_GUIDANCE_2021 = "2021 年指引（财预〔2021〕101号）"


def _settle_settings(
    doc: Document,
    properties: dict[str, str],
    layout: Layout | None,
    notes: list[str],
    problems: list[Problem],
) -> None:
    """指标体系 and 允许可持续影响指标: the file's properties when it has them, else the tables."""
    where = "文件属性（文件 → 属性 → 自定义）"
    if SUSTAINABLE_NAME in properties:
        allowed = sustainable_from(properties[SUSTAINABLE_NAME])
        if allowed is None:
            problems.append(
                Problem(
                    where,
                    f"“{SUSTAINABLE_NAME}”应为“是”或“否”，文件中为“{properties[SUSTAINABLE_NAME]}”，"
                    "已按“是”处理",
                    "warning",
                )
            )
        else:
            doc.allow_sustainable = allowed
            if not allowed:
                notes.append("按文件属性，效益指标下不允许“可持续影响指标”")
    if PROFILE_NAME in properties:
        profile = profile_from(properties[PROFILE_NAME])
        if profile is not None:
            doc.profile = profile
            name = (
                _GUIDANCE_2021
                if profile is Profile.GUIDANCE_2021
                else "2015 年规定（财预〔2015〕88号）"
            )
            notes.append(f"指标体系取自文件属性：按 {name}的口径处理")
            return
        problems.append(
            Problem(
                where,
                f"“{PROFILE_NAME}”应为 2015 或 2021，文件中为“{properties[PROFILE_NAME]}”，"
                "已按表格内容判断",
                "warning",
            )
        )
    indicators = [i for p in doc.projects for i in p.indicators]
    if any(compact(i.level1) == "成本指标" for i in indicators):
        doc.profile = Profile.GUIDANCE_2021
        notes.append(f"指标中有一级指标“成本指标”，按 {_GUIDANCE_2021}的口径处理")
    elif (
        layout
        and layout.profile is Profile.GUIDANCE_2021
        and not any(compact(i.level2) == "成本指标" for i in indicators)
    ):
        doc.profile = Profile.GUIDANCE_2021
        notes.append(
            f"指标表有“指标性质”“度量单位”栏（2021 年格式），按 {_GUIDANCE_2021}的口径处理"
        )


def _settle_layout(
    doc: Document, properties: dict[str, str], layout: Layout | None, problems: list[Problem]
) -> None:
    """Document.layout: the layout named in the file's properties (chosen when it was
    exported), else the one the tables are in when the default rule would not choose it."""
    if LAYOUT_NAME in properties:
        name = properties[LAYOUT_NAME].strip()
        if name in LAYOUTS:
            doc.layout = name
            return
        problems.append(
            Problem(
                "文件属性（文件 → 属性 → 自定义）",
                f"“{LAYOUT_NAME}”应为 {'、'.join(LAYOUTS)} 之一，文件中为“{name}”，已按表格判断",
                "warning",
            )
        )
    if layout is not None and layout is not default_layout(doc, doc.projects):
        doc.layout = layout.name


def _settle_plan_unit(doc: Document, units: list[PlanUnit], notes: list[str]) -> None:
    """Document.plan_unit from the plan headers (资金支出计划（%） / （万元）): the unit most of
    them name; headers that name none (资金支出计划) leave the default, amounts. Whether the
    figures agree with the header is for the checker (JX302), not a reason to refuse the file."""
    if not units:
        return
    percent = sum(1 for u in units if u is PlanUnit.PERCENT)
    doc.plan_unit = PlanUnit.PERCENT if percent * 2 > len(units) else PlanUnit.AMOUNT
    if doc.plan_unit is PlanUnit.PERCENT:
        notes.append("资金支出计划的表头为“（%）”，文档的支出计划单位设为百分比")


def _check_codes(doc: Document, problems: list[Problem]) -> None:
    seen: set[str] = set()
    for project in doc.projects:
        if project.code and project.code in seen:
            problems.append(
                Problem(
                    f"项目编码 {project.code}",
                    f"项目编码重复（“{project.name}”），每个项目编码只能出现一次",
                )
            )
        seen.add(project.code)
