"""Read the funds block of 附件2/附件3: 年度资金总额 with 执行率 and 得分, and its split."""

import re

from perfeval_xl import glossary as g
from perfeval_xl.model import Funds, SplitItem
from perfeval_xl.reader.scan import cell_after, find_header_row, header_columns, label_starts, row_begins_with
from perfeval_xl.reader.values import blank_at

FUNDS_COLUMNS = {
    "initial_budget": g.INITIAL_BUDGET,
    "budget": g.BUDGET,
    "spent": g.SPENT,
    "weight": g.WEIGHT,
    "rate": g.EXECUTION_RATE,
    "score": g.SCORE,
}
NUMBER_KINDS = {"initial_budget": "amount", "budget": "amount", "spent": "amount",
                "weight": "score", "rate": "rate", "score": "score"}
DEPARTMENT_GROUPS = (("income", g.INCOME_SPLIT), ("spending", g.SPENDING_SPLIT))
PROJECT_GROUPS = (("source", g.SOURCE_SPLIT),)
SOURCE_COLUMNS = ("initial_budget", "budget", "spent")
# Where the funds block ends: the goals block or the indicator block.
BLOCK_ENDS = ("年度总体目标", "预期目标", g.LEVEL1, g.LEVEL3)
_BLOCK_END_STARTS = label_starts(*BLOCK_ENDS)
_NUMBER_START = re.compile(r"^[-+(]?[0-9.]")


def read_funds(segment, reader, groups):
    """The Funds of a 附件2 (groups DEPARTMENT_GROUPS) or 附件3 (PROJECT_GROUPS) table."""
    grid = segment.grid
    header = find_header_row(segment, (g.BUDGET, g.SPENT))
    if header is None:
        return Funds()
    columns = header_columns(grid, header, FUNDS_COLUMNS)
    total_row = _total_row(segment, header)
    values = {key: reader.number(grid.cell(total_row, column), NUMBER_KINDS[key])
              for key, column in columns.items()}
    end = _block_end(segment, total_row + 1)
    splits = read_splits(grid, range(total_row + 1, end), columns, reader, groups)
    return Funds(found=True, splits=splits, **values)


def _total_row(segment, header):
    """The 年度资金总额 row: the first row below the header that names it, else the next row."""
    for row in range(header + 1, min(header + 4, segment.last_row + 1)):
        if any(g.FUNDS_TOTAL in cell.label for cell in segment.grid.row_cells(row)):
            return row
    return header + 1


def _block_end(segment, start):
    for row in range(start, segment.last_row + 1):
        if row_begins_with(segment.grid, row, _BLOCK_END_STARTS):
            return row
    return segment.last_row + 1


def read_splits(grid, rows, columns, reader, groups):
    """Every split item in the rows, whether typed "一般公共预算：2128.84" or label | amount."""
    items = []
    for row in rows:
        cells = [c for c in grid.row_cells(row) if not c.is_formula]
        index = 0
        while index < len(cells):
            cell = cells[index]
            match = split_label(cell.label, groups)
            index += 1
            if match is None:
                continue
            group, label, embedded = match
            if group == "source":
                amounts = {key: reader.number(grid.cell(row, columns[key]))
                           for key in SOURCE_COLUMNS if key in columns}
            elif embedded is not None:
                # Typed into the label cell ("其他资金：134.50", or "政府性基金拨款：" left empty).
                amounts = {"amount": reader.number_in_text(cell, embedded)}
            elif index < len(cells) and split_label(cells[index].label, groups) is None:
                amounts = {"amount": reader.number(cells[index])}
                index += 1
            else:
                after = cell_after(grid, cell)
                amounts = {"amount": blank_at(after.sheet, after.coord)}
            items.append(SplitItem(group, label, reader.text(cell), amounts))
    return items


def split_label(folded, groups):
    """(group, glossary label, amount text) when the text names a split item.

    The amount text is what follows the label's colon (possibly ""), or a number
    typed straight after the label; None when the label cell holds no amount.
    """
    for group, labels in groups:
        for label in labels:
            position = folded.find(label)
            if position < 0:
                continue
            rest = folded[position + len(label):]
            if ":" in rest:
                return group, label, rest.split(":", 1)[1]
            return group, label, rest if _NUMBER_START.match(rest) else None
    return None
