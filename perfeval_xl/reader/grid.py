"""A sheet as a grid of raw cells, with merged ranges resolved to their top-left cell."""

from dataclasses import dataclass

from openpyxl.utils import get_column_letter

from perfeval_xl.glossary import normalize_label


@dataclass(frozen=True)
class RawCell:
    """What one cell holds, before any interpretation."""

    sheet: str
    coord: str          # A1 address of the cell (of the top-left cell for a merged range)
    row: int
    column: int
    raw: object         # str, int, float, datetime, None
    is_formula: bool = False
    number_format: str = "General"
    last_column: int = 0  # last column a merged range covers (== column when not merged)

    @property
    def text(self):
        if self.raw is None:
            return ""
        if isinstance(self.raw, float):
            return repr(self.raw)
        return str(self.raw).strip()

    @property
    def label(self):
        """The text folded for matching against glossary labels."""
        return normalize_label(self.text)


class Grid:
    """The cells of one sheet, addressable by (row, column), merged ranges filled in.

    Every cell of a merged range returns the top-left cell, so a 一级指标 merged
    down over its indicators is seen on every indicator row, and a finding on it
    points at the one cell a person sees.
    """

    def __init__(self, title, cells, max_row, max_column):
        self.title = title
        self._cells = cells
        self.max_row = max_row
        self.max_column = max_column

    def cell(self, row, column):
        found = self._cells.get((row, column))
        if found is None:
            coord = f"{get_column_letter(column)}{row}"
            return RawCell(self.title, coord, row, column, None, last_column=column)
        return found

    def row_cells(self, row, first=1, last=None):
        """Distinct non-empty cells of a row, left to right (a merged range counts once)."""
        seen, out = set(), []
        for column in range(first, (last or self.max_column) + 1):
            cell = self.cell(row, column)
            if cell.raw is None or cell.text == "" or cell.coord in seen:
                continue
            seen.add(cell.coord)
            out.append(cell)
        return out

    def is_blank_row(self, row):
        return not self.row_cells(row)


def grid_from_worksheet(worksheet):
    """Build a Grid from an openpyxl worksheet (loaded with formulas, not cached values)."""
    cells = {}
    for row in worksheet.iter_rows():
        for cell in row:
            if cell.value is None:
                continue
            cells[(cell.row, cell.column)] = _raw_cell(worksheet.title, cell)
    for merged in worksheet.merged_cells.ranges:
        top_left = cells.get((merged.min_row, merged.min_col))
        if top_left is None:
            continue
        top_left = _with_last_column(top_left, merged.max_col)
        for row in range(merged.min_row, merged.max_row + 1):
            for column in range(merged.min_col, merged.max_col + 1):
                cells[(row, column)] = top_left
    max_row = max((r for r, _ in cells), default=0)
    max_column = max((c for _, c in cells), default=0)
    return Grid(worksheet.title, cells, max_row, max_column)


def _raw_cell(sheet, cell):
    value = cell.value
    is_formula = cell.data_type == "f"
    if hasattr(value, "text") and not isinstance(value, str):
        # openpyxl gives ArrayFormula / DataTableFormula objects for some formulas.
        value, is_formula = getattr(value, "text", str(value)), True
    return RawCell(sheet, cell.coordinate, cell.row, cell.column, value, is_formula,
                   cell.number_format or "General", cell.column)


def _with_last_column(cell, last_column):
    return RawCell(cell.sheet, cell.coord, cell.row, cell.column, cell.raw, cell.is_formula,
                   cell.number_format, last_column)
