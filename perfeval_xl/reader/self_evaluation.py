"""Read 附件2 部门整体支出绩效自评表 and 附件3 项目支出绩效自评表 (the same shape)."""

import re

from perfeval_xl import glossary as g
from perfeval_xl.model import EMPTY, SelfEvaluation, Value
from perfeval_xl.reader.footer import read_footer
from perfeval_xl.reader.funds import DEPARTMENT_GROUPS, PROJECT_GROUPS, read_funds
from perfeval_xl.reader.indicators import read_indicator_block
from perfeval_xl.reader.scan import find_cell, value_beside

# Labels that may sit right of another label in the header rows, so they are
# never taken for its value ("主管部门 | [blank] | 实施单位 | [blank]").
HEADER_LABELS = ("主管部门", "实施单位", "项目支出名称", "部门名称")


def read_self_evaluation(segment, reader):
    """A SelfEvaluation of kind "department" (附件2) or "project" (附件3)."""
    kind = segment.kind
    table = SelfEvaluation(kind=kind, sheet=segment.grid.title)
    if segment.title is not None:
        table.title = reader.text(segment.title)
        table.year = year_in(segment.title.text)
    name_labels = (g.PROJECT_NAME, "项目名称") if kind == "project" else (g.DEPARTMENT_NAME,)
    table.name = _field(segment, reader, *name_labels)
    if kind == "project":
        table.authority = _field(segment, reader, g.AUTHORITY)
        table.implementer = _field(segment, reader, g.IMPLEMENTER)
    groups = PROJECT_GROUPS if kind == "project" else DEPARTMENT_GROUPS
    table.funds = read_funds(segment, reader, groups)
    table.headings, table.total_weight, table.total_score = read_indicator_block(segment, reader)
    table.footer = read_footer(segment, reader)
    return table


def _field(segment, reader, *labels):
    """The value typed beside a header label, or a blank Value at the cell where it belongs."""
    rows = range(segment.first_row, min(segment.first_row + 8, segment.last_row + 1))
    cell = next((c for c in (find_cell(segment, label, rows) for label in labels) if c), None)
    if cell is None:
        return EMPTY
    stops = tuple(h for h in HEADER_LABELS if h not in cell.label)
    value_cell, own_text = value_beside(segment.grid, cell, stops)
    if own_text:
        return Value(text=own_text, sheet=value_cell.sheet, cell=value_cell.coord)
    return reader.text(value_cell)


def year_in(text):
    """The year a title names: '2024年度部门整体支出绩效自评表' → 2024."""
    match = re.search(r"(\d{4})\s*年", text or "")
    return int(match.group(1)) if match else None
