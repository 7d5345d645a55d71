"""Read 附件4–6 (政府性基金 / 国有资本经营 / 社会保险基金预算支出情况表) or the report's "本单位无…" line."""

from os.path import commonprefix

from perfeval_xl import glossary as g
from perfeval_xl.model import FundRow, FundTable, Value
from perfeval_xl.reader.footer import read_footer
from perfeval_xl.reader.scan import (
    cell_after, find_cell, find_header_row, header_columns, label_starts, row_begins_with, text_after_label,
)

FUND_COLUMNS = {"name": "项目", "initial_budget": g.INITIAL_BUDGET, "budget": g.BUDGET,
                "spent": g.SPENT, "rate": g.EXECUTION_RATE, "note": "备注"}
ROW_END = ("合计", "填表人")
_ROW_END_STARTS = label_starts(*ROW_END)


def read_fund_table(segment, reader):
    table = FundTable(kind=segment.kind, sheet=segment.grid.title)
    if segment.title is not None:
        table.title = reader.text(segment.title)
    switch = find_cell(segment, g.NO_SUCH_SPENDING)
    if switch is not None:
        table.none_declared = _switch_value(segment.grid, switch, reader)
    table.rows = _rows(segment, reader)
    table.footer = read_footer(segment, reader)
    return table


def _switch_value(grid, label, reader):
    """The 是/否 typed beside "本单位无此类支出" (or after its colon).

    Only the cell right of the label counts: further right the template has a
    check formula, which is no answer; a blank switch stays blank.
    """
    own = text_after_label(label.text)
    if own:
        return Value(text=own, sheet=label.sheet, cell=label.coord)
    cell = cell_after(grid, label)
    if cell.is_formula:
        return Value(sheet=cell.sheet, cell=cell.coord)
    return reader.text(cell)


def _rows(segment, reader):
    grid = segment.grid
    header = find_header_row(segment, (g.BUDGET, g.SPENT))
    if header is None:
        return []
    columns = header_columns(grid, header, FUND_COLUMNS)
    rows = []
    for row in range(header + 1, segment.last_row + 1):
        if row_begins_with(grid, row, _ROW_END_STARTS):
            break
        values = {}
        for key, column in columns.items():
            cell = grid.cell(row, column)
            if key in ("name", "note"):
                values[key] = reader.text(cell)
            else:
                values[key] = reader.number(cell, "rate" if key == "rate" else "amount")
        if any(not v.blank for key, v in values.items() if key != "rate" or not v.is_formula):
            rows.append(FundRow(**values))
    return rows


# What every "本单位无…预算支出" statement starts with ("本单位无").
_STATEMENT_START = commonprefix(list(g.NO_SUCH_SPENDING_STATEMENTS.values()))


def statements_of_none(grids):
    """FundTables for each "本单位无政府性基金预算支出"-style line found in any sheet."""
    found = {}
    for grid in grids:
        for row in range(1, grid.max_row + 1):
            if _STATEMENT_START not in grid.row_text(row):
                continue   # most rows: none of the statements can be in any of their cells
            for cell in grid.row_cells(row):
                if _STATEMENT_START not in cell.label:
                    continue   # most cells: none of the statements can be in it
                for kind, statement in g.NO_SUCH_SPENDING_STATEMENTS.items():
                    if statement in cell.label and kind not in found:
                        found[kind] = FundTable(kind=kind, sheet=grid.title, none_declared=Value(
                            text=cell.text, sheet=grid.title, cell=cell.coord))
    return found
