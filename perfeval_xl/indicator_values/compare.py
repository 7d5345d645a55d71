"""A target and its completion side by side: same unit or not, which way is better, the score RULES §2 gives."""

from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from perfeval_xl.indicator_values.parse import EQ, GE, LE, RANGE, TIME, parse_indicator_value
from perfeval_xl.indicator_values.units import AMOUNT, DURATION, amount_factor, per_year_free, unit_group

FORWARD, REVERSE, EXACT = "forward", "reverse", "exact"  # 正向, 反向, "=X"


class IndicatorPair(NamedTuple):
    """An indicator's 年度指标值 (``target``) and 实际完成值 (``actual``), as understood.

    A named tuple, not a frozen dataclass: see template.plan.Cell.
    """

    target: object  # IndicatorValue
    actual: object  # IndicatorValue


@lru_cache(maxsize=256)   # five rules of family 6 ask for every indicator of a file; IndicatorPair is frozen
def read_pair(target_text, actual_text, level2=None):
    """Parse both texts; a bare number on one side takes the other side's unit.

    "4次/年" against "5" reads 5 次/年: people leave out the unit they already wrote
    in the target.  Only the target gets the 成本指标 hint: a bare completion then
    follows the target, whatever its unit.
    """
    target = parse_indicator_value(target_text, level2)
    actual = parse_indicator_value(actual_text)
    if actual.bare and target.is_quantitative and target.unit:
        actual = actual._replace(unit=target.unit)
    elif target.bare and actual.is_quantitative and actual.unit and actual.unit != "%":
        # A bare target never becomes a percentage: "8" against "100%" is a mismatch, not 1250 %.
        target = target._replace(unit=actual.unit)
    return IndicatorPair(target, actual)


def is_time_target(value):
    """A deadline, "计划规定时间", or a time limit such as "3-5个工作日"."""
    return value.kind == TIME or unit_group(value.unit) == DURATION


def units_differ(pair):
    """True when target and completion are quantities of different kinds ("8次/年" vs "100%").

    A completion of "100%" against a time target means "done as planned", not a
    percentage of days, so it is no mismatch.
    """
    target, actual = pair.target, pair.actual
    if not (target.is_quantitative and actual.is_quantitative) or not (target.unit and actual.unit):
        return False
    if is_time_target(target) and actual.unit == "%":
        return False
    return unit_group(target.unit) != unit_group(actual.unit)


def comparable_numbers(pair):
    """(target, completion) in one unit, or None when they cannot be set against each other.

    Ranges are not compared (RULES.md §2 gives no formula for them); counts compare
    only in the same unit ("次/年" and "次" are the same in a yearly table, "个" and
    "件" are not); amounts are brought to 万元.
    """
    target, actual = pair.target, pair.actual
    if not (target.is_quantitative and actual.is_quantitative) or RANGE in (target.comparator, actual.comparator):
        return None
    target_unit, actual_unit = per_year_free(target.unit), per_year_free(actual.unit)
    if target_unit == actual_unit:
        return target.number, actual.number
    if unit_group(target_unit) == unit_group(actual_unit) == AMOUNT:
        return (target.number * Decimal(amount_factor(target_unit)),
                actual.number * Decimal(amount_factor(actual_unit)))
    return None


def direction(target, level2=None):
    """正向 (more is better), 反向 (less is better) or exact, from the target's comparator.

    A plain number is 正向 (RULES.md §2) except where only less can be better: a
    target of 0 (no accidents), a time limit in days, and a 成本指标 (the cost is a
    ceiling: "38万" means spend at most 38 万元).  A range has no direction: None.
    """
    if target.comparator in (GE, LE, EQ):
        return {GE: FORWARD, LE: REVERSE, EQ: EXACT}[target.comparator]
    if target.comparator == RANGE:
        return None
    if target.number == 0 or unit_group(target.unit) == DURATION or (level2 and "成本" in level2):
        return REVERSE
    return FORWARD


def missed(way, target, actual):
    """True when the completion falls short of the target in the target's direction."""
    if way == FORWARD:
        return actual < target
    if way == REVERSE:
        return actual > target
    return way == EXACT and actual != target


def computed_score(way, target, actual, weight):
    """The score RULES.md §2 gives, unrounded; None where it gives no formula.

    正向: min(分值, 分值 × 完成/指标) (a target of 0 is met by anything).  反向: full
    when 完成 ≤ 指标, else 分值 × 指标/完成 (so 0 met with 0 is full).  "=X": full
    only when equal; RULES.md §2 gives no partial score for a missed exact target,
    so none is computed — full marks on it are reported as a missed target instead.
    """
    if way == FORWARD:
        return weight if target == 0 else min(weight, weight * actual / target)
    if way == REVERSE:
        return weight if actual <= target else weight * target / actual
    if way == EXACT and actual == target:
        return weight
    return None
