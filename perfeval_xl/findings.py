"""A finding: which rule, how severe, which cell, and a Chinese message with the numbers."""

from dataclasses import dataclass, field
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label_zh(self):
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]

    @property
    def rank(self):
        """Lower is more serious; used to sort findings."""
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True)
class Finding:
    """One problem at one cell.

    ``actual`` and ``expected`` are strings so that Decimals keep their exact
    digits in every output (JSON included).  ``related`` names the other cells
    the finding is about, as (sheet, cell) pairs.
    """

    rule: str
    name: str
    severity: Severity
    sheet: str | None
    cell: str | None
    message: str
    hint: str = ""
    actual: str | None = None
    expected: str | None = None
    related: tuple = field(default_factory=tuple)

    def as_dict(self):
        return {
            "rule": self.rule,
            "name": self.name,
            "severity": self.severity.value,
            "sheet": self.sheet,
            "cell": self.cell,
            "message": self.message,
            "hint": self.hint,
            "actual": self.actual,
            "expected": self.expected,
        }


def count_by_severity(findings):
    counts = {"errors": 0, "warnings": 0, "infos": 0}
    for finding in findings:
        counts[finding.severity.value + "s"] += 1
    return counts
