"""What varies by province or city: weights, the total, tolerance and rule severities."""

from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType

from perfeval_xl.findings import Severity

# RULES.md §2: 预算执行 10, 产出 50, 效益 30, 满意度 10 (岳阳市市级预算部门绩效自评操作规程).
DEFAULT_WEIGHTS = {"预算执行": 10, "产出指标": 50, "效益指标": 30, "满意度指标": 10}
# Qualitative grades (RULES.md §2), as percentages of 分值: (lowest, highest).
DEFAULT_BANDS = {"达成预期指标": (80, 100), "部分达成预期指标并具有一定效果": (60, 80),
                 "未达成预期指标且效果较差": (0, 60)}
# 考核评分表 items and their maxima (RULES.md §2, the seed's last table).
DEFAULT_REVIEW_MAXIMA = {
    "自评通知": 8, "工作小组": 2, "单位自查": 10, "提交报告": 10, "完整性": 15,
    "绩效自评表": 20, "反映问题情况": 20, "建议情况": 15,
}


def _frozen(mapping, convert):
    return MappingProxyType({key: convert(value) for key, value in mapping.items()})


@dataclass(frozen=True)
class Profile:
    """One place's rules of the game.

    ``weights`` maps 预算执行 and each 一级指标 to its weight (分值), in the order
    the tables print them.  ``tolerance`` is how far a sum of declared numbers
    may be from its declared total (0: the parts are exact entries).
    ``severity_overrides`` maps a rule code to the severity it should have here.
    """

    name: str = "yueyang"
    title: str = "岳阳市市级预算部门绩效自评操作规程（默认）"
    weights: dict = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    total: Decimal = Decimal(100)
    tolerance: Decimal = Decimal(0)
    severity_overrides: dict = field(default_factory=dict)
    # Qualitative grade → (lowest, highest) percent of 分值.
    qualitative_bands: dict = field(default_factory=lambda: dict(DEFAULT_BANDS))
    # 执行率 (percent) below which a 偏差原因 is expected; None: not required here.
    reason_below_execution_rate: Decimal | None = None
    # Completion above target × this ratio: the target was probably set too low.
    over_achievement_ratio: Decimal = Decimal("1.3")
    review_maxima: dict = field(default_factory=lambda: dict(DEFAULT_REVIEW_MAXIMA))

    def __post_init__(self):
        # Accept ints and strings from profile files, keep Decimals and Severities inside.
        number = lambda w: Decimal(str(w))  # noqa: E731
        object.__setattr__(self, "weights", _frozen(self.weights, number))
        object.__setattr__(self, "total", number(self.total))
        object.__setattr__(self, "tolerance", number(self.tolerance))
        object.__setattr__(self, "severity_overrides", _frozen(self.severity_overrides, Severity))
        object.__setattr__(self, "qualitative_bands", _frozen(
            self.qualitative_bands, lambda band: tuple(number(edge) for edge in band)))
        if self.reason_below_execution_rate is not None:
            object.__setattr__(self, "reason_below_execution_rate", number(self.reason_below_execution_rate))
        object.__setattr__(self, "over_achievement_ratio", number(self.over_achievement_ratio))
        object.__setattr__(self, "review_maxima", _frozen(self.review_maxima, number))

    def severity_for(self, code, default):
        """The severity rule ``code`` has under this profile."""
        return self.severity_overrides.get(code, default)


DEFAULT_PROFILE = Profile()
