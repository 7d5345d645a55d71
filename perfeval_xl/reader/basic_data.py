"""Read 附件1 部门整体支出绩效评价基础数据表: staff, 经费控制情况 and 楼堂馆所."""

from perfeval_xl import glossary as g
from perfeval_xl.model import BasicData, Building, ExpenseRow
from perfeval_xl.reader.footer import read_footer
from perfeval_xl.reader.scan import find_header_row, header_columns, label_starts, row_begins_with, strip_numbering
from perfeval_xl.reader.self_evaluation import year_in

ROW_KEYS = {label: key for key, label in g.BASIC_DATA_ROWS.items()}
# Where the 经费控制情况 block ends.
EXPENSE_END = (g.BUILDINGS, "楼堂馆所", g.THRIFT_MEASURES, "说明", "填表人")
BUILDING_END = (g.THRIFT_MEASURES, "说明", "填表人")
_EXPENSE_END_STARTS, _BUILDING_END_STARTS = label_starts(*EXPENSE_END), label_starts(*BUILDING_END)
BUILDING_KINDS = {"approved_size": "area", "actual_size": "area", "size_control_rate": "rate",
                  "budget_investment": "amount", "actual_investment": "amount",
                  "investment_control_rate": "rate"}


def read_basic_data(segment, reader):
    table = BasicData(sheet=segment.grid.title)
    if segment.title is not None:
        table.title = reader.text(segment.title)
        table.year = year_in(segment.title.text)
    _read_staff(segment, reader, table)
    _read_expenses(segment, reader, table)
    _read_buildings(segment, reader, table)
    table.footer = read_footer(segment, reader)
    return table


def _read_staff(segment, reader, table):
    header = find_header_row(segment, (g.ESTABLISHMENT, g.STAFF))
    if header is None:
        return
    grid = segment.grid
    columns = header_columns(grid, header, {"establishment": g.ESTABLISHMENT, "staff": g.STAFF,
                                            "rate": g.STAFF_CONTROL_RATE})
    row = next((r for r in range(header + 1, segment.last_row + 1) if not grid.is_blank_row(r)), header + 1)
    table.establishment = reader.number(grid.cell(row, columns["establishment"]), "count")
    table.staff = reader.number(grid.cell(row, columns["staff"]), "count")
    if "rate" in columns:
        table.staff_control_rate = reader.number(grid.cell(row, columns["rate"]), "rate")


def expense_columns(grid, header):
    """上年决算数 / 本年预算数 / 本年决算数: the 决算数 left of 预算数 is last year's."""
    cells = grid.row_cells(header)
    budget = next((c.column for c in cells if g.THIS_BUDGET in c.label and g.PREVIOUS_ACTUAL not in c.label), None)
    actuals = [c.column for c in cells if g.PREVIOUS_ACTUAL in c.label]
    if budget is None or not actuals:
        return {}
    columns = {"budget": budget}
    before = [c for c in actuals if c < budget]
    after = [c for c in actuals if c > budget]
    if before:
        columns["previous_actual"] = before[-1]
    if after:
        columns["actual"] = after[0]
    return columns


def _read_expenses(segment, reader, table):
    header = find_header_row(segment, (g.PREVIOUS_ACTUAL, g.THIS_BUDGET))
    if header is None:
        return
    grid = segment.grid
    columns = expense_columns(grid, header)
    first_value_column = min(columns.values(), default=grid.max_column + 1)
    in_projects = False
    for row in range(header + 1, segment.last_row + 1):
        labels = [c for c in grid.row_cells(row, last=first_value_column - 1) if c.text]
        if row_begins_with(grid, row, _EXPENSE_END_STARTS):
            break
        if not labels:
            continue
        label_cell = labels[0]
        key = ROW_KEYS.get(strip_numbering(label_cell.text))
        expense = ExpenseRow(key or "project", reader.text(label_cell),
                             **{name: reader.number(grid.cell(row, column)) for name, column in columns.items()})
        if key == "projects":
            in_projects = True
        elif key is not None:
            in_projects = False
        if key is not None:
            table.rows[key] = expense
        elif in_projects and any(not v.blank for v in expense.columns().values()):
            table.projects.append(expense)


def _read_buildings(segment, reader, table):
    header = find_header_row(segment, ("批复规模", "实际规模"))
    if header is None:
        return
    grid = segment.grid
    columns = header_columns(grid, header, g.BUILDING_COLUMNS)
    for row in range(header + 1, segment.last_row + 1):
        if row_begins_with(grid, row, _BUILDING_END_STARTS):
            break
        values = {key: reader.number(grid.cell(row, column), BUILDING_KINDS[key])
                  for key, column in columns.items()}
        if any(not v.blank for v in values.values()):
            table.buildings.append(Building(**values))
