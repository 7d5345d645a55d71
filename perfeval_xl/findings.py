"""A finding: which rule, how severe, which cell, and a Chinese message with the numbers."""

import re
from enum import Enum
from typing import NamedTuple

_CELL = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)")


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


class Finding(NamedTuple):
    """One problem at one cell.

    ``actual`` and ``expected`` are strings so that Decimals keep their exact
    digits in every output (JSON included).  ``related`` names the other cells
    the finding is about, as (sheet, cell) pairs.

    A named tuple, not a frozen dataclass: see template.plan.Cell.
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
    related: tuple = ()

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


def cell_position(cell):
    """(row, column) of an A1 address such as "H45" or "$H$45"; (0, 0) when there is none."""
    match = _CELL.match(cell or "")
    if match is None:
        return (0, 0)
    column = 0
    for letter in match.group(1).upper():
        column = column * 26 + ord(letter) - 64
    return (int(match.group(2)), column)


def sort_findings(findings, sheet_names, severity_first=False):
    """In the workbook's sheet order (findings without a known sheet last), then by cell.

    ``severity_first`` puts errors before warnings within a sheet (the 核查结果
    table); otherwise findings follow the sheet top to bottom (the text report).
    """
    order = {name: index for index, name in enumerate(sheet_names)}

    def key(finding):
        place = cell_position(finding.cell)
        severity = finding.severity.rank
        within = (severity, place) if severity_first else (place, severity)
        return (order.get(finding.sheet, len(order)), *within, finding.rule)

    return sorted(findings, key=key)
