"""How far an 实际完成值 reaches its 指标值: the one comparison that scoring (model.scoring) and the
运行监控 / 绩效自评 rules share. Pure: no I/O, Decimal only.

A quantitative target is positive when more is better (≥, >, = or no comparator) and negative when
less is better (≤, <). The share of the 分值 earned, as 财预〔2020〕10号 computes it:
- positive: min(实际 / 目标, 1); a target of 0 is reached by any actual ≥ 0;
- negative: 1 when 实际 ≤ 目标, else 目标 / 实际 (0 when the target is 0 and the actual is not).
Units must agree: money converts (万元 ↔ 元 …), % and 百分比 are one unit, an actual written as a
bare number is read in the target's unit; any other difference is reported, never guessed.
Deadline (时限) and qualitative (定性) targets are not compared: their 得分 is entered by the clerk.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from .values import Comparator, ParsedValue, Quantity, ValueKind, parse_value

ONE = Decimal(1)
ZERO = Decimal(0)
_PERCENT = {"%", "％", "百分比"}


class Outcome(StrEnum):
    """What the comparison could make of a target and its actual."""

    COMPARED = "compared"  # both quantitative, units agree: ratio and met are set
    ENTERED = "entered"  # a 时限 or 定性 target: the clerk judges it (达成 / 部分达成 / 未达成)
    NO_TARGET = "no_target"  # the 指标值 is blank
    NO_ACTUAL = "no_actual"  # the 实际完成值 is blank
    UNREADABLE = "unreadable"  # the target is a number but the actual is not (or not one)
    UNIT_MISMATCH = "unit_mismatch"  # both numbers, in units that do not convert


@dataclass(frozen=True, slots=True)
class Attainment:
    outcome: Outcome
    positive: bool = True  # more is better (≥ > = or none); False for ≤ <
    target: Decimal | None = None  # the target's number
    actual: Decimal | None = None  # the actual's number, in the target's unit
    unit: str = ""  # the target's unit
    ratio: Decimal | None = None  # the share of the 分值 earned, 0…1 (exact, not rounded)
    met: bool | None = None  # the target was reached
    note: str = ""  # one Chinese sentence: how it was compared, or why it could not be

    @property
    def compared(self) -> bool:
        return self.outcome is Outcome.COMPARED


def _same_unit(target: Quantity, actual: Quantity) -> tuple[Decimal, str] | None:
    """The actual's number in the target's unit, and a note on any conversion; None when the
    units do not convert."""
    if actual.unit == target.unit or (actual.unit in _PERCENT and target.unit in _PERCENT):
        return actual.number, ""
    if not actual.unit:
        return actual.number, f"实际完成值未写单位，按指标值的单位“{target.unit}”计"
    target_yuan, actual_yuan = target.in_yuan(), actual.in_yuan()
    if (
        target_yuan is not None
        and actual_yuan is not None
        and target.is_money == actual.is_money
        and target.unit.partition("/")[2] == actual.unit.partition("/")[2]
    ):
        factor = target_yuan / target.number if target.number else None
        if factor is None:  # a target of 0: convert through a unit of 1
            one = parse_value(f"1{target.unit}").quantity
            factor = one.in_yuan() if one is not None else None
        if factor:
            converted = actual_yuan / factor
            return (
                converted,
                f"实际完成值 {actual.number}{actual.unit} 折合 {converted}{target.unit}",
            )
    return None


def compare(target: str | ParsedValue, actual: str | ParsedValue) -> Attainment:
    """Compare an 实际完成值 with its 指标值 (raw text or already parsed)."""
    t = target if isinstance(target, ParsedValue) else parse_value(target)
    a = actual if isinstance(actual, ParsedValue) else parse_value(actual)
    if t.kind is ValueKind.EMPTY:
        return Attainment(Outcome.NO_TARGET, note="指标值为空，无法比较")
    if t.kind in (ValueKind.DEADLINE, ValueKind.QUALITATIVE) or t.quantity is None:
        what = "时限" if t.kind is ValueKind.DEADLINE else "定性"
        return Attainment(
            Outcome.ENTERED, note=f"{what}指标：按完成程度（达成/部分达成/未达成）填写得分"
        )
    tq = t.quantity
    positive = tq.comparator not in (Comparator.LE, Comparator.LT)
    if a.kind is ValueKind.EMPTY:
        return Attainment(
            Outcome.NO_ACTUAL, positive, tq.number, unit=tq.unit, note="实际完成值未填写"
        )
    if a.quantity is None:
        return Attainment(
            Outcome.UNREADABLE,
            positive,
            tq.number,
            unit=tq.unit,
            note=f"实际完成值“{a.raw}”不是数值，无法与指标值“{t.raw}”比较",
        )
    converted = _same_unit(tq, a.quantity)
    if converted is None:
        return Attainment(
            Outcome.UNIT_MISMATCH,
            positive,
            tq.number,
            a.quantity.number,
            tq.unit,
            note=f"实际完成值的单位“{a.quantity.unit}”与指标值的单位“{tq.unit}”不一致，无法折算",
        )
    number, conversion = converted
    goal = tq.number
    if positive:
        met = number >= goal
        ratio = ONE if goal <= 0 or number >= goal else max(number, ZERO) / goal
        how = f"正向指标：实际 {number} ÷ 目标 {goal}" + ("，已达成，计满分" if met else "")
    else:
        met = number <= goal
        if met:
            ratio, how = ONE, f"反向指标：实际 {number} ≤ 目标 {goal}，计满分"
        else:
            ratio = ZERO if goal <= 0 else goal / number
            how = f"反向指标：目标 {goal} ÷ 实际 {number}"
    note = "；".join(n for n in (conversion, how) if n)
    return Attainment(Outcome.COMPARED, positive, goal, number, tq.unit, ratio, met, note)


__all__ = ["Attainment", "Outcome", "compare"]
