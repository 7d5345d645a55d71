"""What varies by province or city: weights, the total, tolerance and rule severities."""

from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType

from perfeval_xl.findings import Severity

# RULES.md §2: 预算执行 10, 产出 50, 效益 30, 满意度 10 (岳阳市市级预算部门绩效自评操作规程).
DEFAULT_WEIGHTS = {"预算执行": 10, "产出指标": 50, "效益指标": 30, "满意度指标": 10}


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
    weights: dict = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    total: Decimal = Decimal(100)
    tolerance: Decimal = Decimal(0)
    severity_overrides: dict = field(default_factory=dict)

    def __post_init__(self):
        # Accept ints and strings from profile files, keep Decimals and Severities inside.
        object.__setattr__(self, "weights", _frozen(self.weights, lambda w: Decimal(str(w))))
        object.__setattr__(self, "total", Decimal(str(self.total)))
        object.__setattr__(self, "tolerance", Decimal(str(self.tolerance)))
        object.__setattr__(self, "severity_overrides", _frozen(self.severity_overrides, Severity))

    def severity_for(self, code, default):
        """The severity rule ``code`` has under this profile."""
        return self.severity_overrides.get(code, default)


DEFAULT_PROFILE = Profile()
