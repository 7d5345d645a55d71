"""Indicator values understood: what a 年度指标值 or 实际完成值 says, and how a pair is scored.

``parse_indicator_value(text, level2=None)`` reads one text into an IndicatorValue
(kind, comparator, number, upper, unit, deadline, grade); ``read_pair`` reads an
indicator's target and completion together; the rest compares them (RULES.md §2).
"""

from perfeval_xl.indicator_values.compare import (
    EXACT, FORWARD, REVERSE, IndicatorPair, comparable_numbers, computed_score, direction, is_time_target,
    missed, read_pair, units_differ,
)
from perfeval_xl.indicator_values.parse import (
    EQ, GE, GRADE_MET, GRADE_MISSED, GRADE_PARTLY, GRADES, LE, QUALITATIVE, QUANTITATIVE, RANGE, TIME,
    UNKNOWN, IndicatorValue, fold_value, parse_indicator_value,
)
from perfeval_xl.indicator_values.units import canonical_unit, unit_group

__all__ = [
    "EQ", "EXACT", "FORWARD", "GE", "GRADES", "GRADE_MET", "GRADE_MISSED", "GRADE_PARTLY", "LE",
    "QUALITATIVE", "QUANTITATIVE", "RANGE", "REVERSE", "TIME", "UNKNOWN", "IndicatorPair", "IndicatorValue",
    "canonical_unit", "comparable_numbers", "computed_score", "direction", "fold_value", "is_time_target",
    "missed", "parse_indicator_value", "read_pair", "unit_group", "units_differ",
]
