"""Find the tables in a sheet by their titles (or, failing that, by their header labels)."""

import re
from functools import lru_cache
from typing import NamedTuple

from perfeval_xl.glossary import TABLE_TITLES
from perfeval_xl.reader.grid import Grid, RawCell

# A title is a short line; long cells that merely mention a table (the
# 考核评分表's criteria, a list of attachments "1. 部门整体…基础数据表") are not.
MAX_TITLE_LENGTH = 60
_NUMBERED = re.compile(r"^\d+[.、,)]")

# Labels that identify a table when a person left its title out.
SIGNATURES = (
    ("project", ("项目支出名称",)),
    ("project", ("项目名称",)),
    ("department", ("部门名称", "三级指标")),
    ("basic_data", ("编制数",)),
    ("basic_data", ("经费控制情况",)),
    ("cover", ("评价组组长",)),
    ("cover", ("绩效评价小组",)),
)


class Segment(NamedTuple):
    """The rows of one table inside a sheet.

    A named tuple, not a frozen dataclass: see template.plan.Cell.
    """

    kind: str
    grid: Grid
    first_row: int
    last_row: int
    title: RawCell | None

    def rows(self):
        return range(self.first_row, self.last_row + 1)


def title_kind(cell):
    """The table kind a title cell names, or None."""
    return _title_kind(cell.label)


@lru_cache(maxsize=4096)   # every short row of every sheet is asked, and a batch's labels recur
def _title_kind(label):
    if not label or len(label) > MAX_TITLE_LENGTH or _NUMBERED.match(label):
        return None
    for kind, title in TABLE_TITLES:
        if title in label:
            return kind
    return None


def find_segments(grid):
    """Split a sheet into tables: each starts at its title and ends before the next one."""
    starts = []
    for row in range(1, grid.max_row + 1):
        cells = grid.row_cells(row)
        if not cells or len(cells) > 3:
            continue
        for cell in cells:
            kind = title_kind(cell)
            if kind and not _repeats_previous(starts, kind, cell):
                starts.append((row, kind, cell))
                break
    if not starts:
        return _segment_by_signature(grid)
    segments = []
    for index, (row, kind, cell) in enumerate(starts):
        last = starts[index + 1][0] - 1 if index + 1 < len(starts) else grid.max_row
        segments.append(Segment(kind, grid, row, last, cell))
    return segments


def _repeats_previous(starts, kind, cell):
    """A report prints its cover title twice (cover page and first page): one table."""
    return bool(starts) and starts[-1][1] == kind == "cover" and starts[-1][2].label == cell.label


def _segment_by_signature(grid):
    rows = [(row, [c.label for c in grid.row_cells(row)]) for row in range(1, grid.max_row + 1)]
    everything = "\n".join(label for _, labels in rows for label in labels)
    for kind, needles in SIGNATURES:
        if all(needle in everything for needle in needles):
            first = next(row for row, labels in rows if any(needles[0] in label for label in labels))
            return [Segment(kind, grid, first, grid.max_row, None)]
    return []
