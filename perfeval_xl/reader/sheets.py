"""A workbook as the reader sees it, whichever way the file was read.

Three readers fill these: the fast one over the workbook's XML
(reader/fast_xlsx.py), openpyxl (reader/full_xlsx.py) and xlrd for an .xls
(reader/xls.py).  Everything after them — finding tables, the template checks,
the cached-value comparison — reads a BookData, so a finding cannot depend on
which reader ran.
"""

from dataclasses import field

from perfeval_xl.a1 import split_address
from perfeval_xl.reader.grid import build_grid
from perfeval_xl.record import record


@record
class SheetData:
    """One worksheet: its cells as a spreadsheet shows them, merged ranges, protection, formula results."""

    title: str
    cells: dict                 # (row, column) → RawCell, only cells holding something; merged interiors dropped
    merged: tuple = ()          # (min_row, min_col, max_row, max_col) of each merged range
    protected: bool = False     # <sheetProtection sheet="1">: Excel's 保护工作表 is on
    # (row, column) → the value a spreadsheet application last calculated for each
    # formula cell (openpyxl's data_only); None when the file's results were not read.
    cached: dict | None = None
    # grid.RowViews of the rows as the fast reader's scanner read them (None: read another way).
    views: list | None = field(default=None, repr=False, compare=False)
    _grid: object = field(default=None, repr=False, compare=False)
    # (plan, template_check.moved_anchor's answer) for the plan this sheet was last compared with.
    moved: tuple | None = field(default=None, repr=False, compare=False)

    def grid(self):
        """The Grid the table readers search (merged ranges filled in), built once."""
        if self._grid is None:
            self._grid = build_grid(self.title, self.cells, self.merged, self.views)
        return self._grid

    def at(self, coord):
        """The RawCell at an A1 address, None when it is empty (or inside a merged range)."""
        return self.cells.get(split_address(coord))

    def value(self, coord):
        cell = self.at(coord)
        return None if cell is None else cell.raw

    def is_formula(self, coord):
        cell = self.at(coord)
        return cell is not None and cell.is_formula

    def shown_value(self, coord):
        """What the cell shows: a formula's last calculated result, anything else as typed."""
        position = split_address(coord)
        cell = self.cells.get(position)
        if cell is None:
            return None
        if cell.is_formula:
            return (self.cached or {}).get(position)
        return cell.raw

    @property
    def max_row(self):
        return max((row for row, _ in self.cells), default=0)

    def iter_rows(self, min_col=1, max_col=None, values_only=True):
        """Values row by row from row 1, as openpyxl's iter_rows(values_only=True) gives them."""
        last = max_col or max((column for _, column in self.cells), default=0)
        for row in range(1, self.max_row + 1):
            yield tuple(self._raw(row, column) for column in range(min_col, last + 1))

    def column_values(self, column, first_row=1):
        """The values of one column from ``first_row`` down to the sheet's last row."""
        return [self._raw(row, column) for row in range(first_row, self.max_row + 1)]

    def _raw(self, row, column):
        cell = self.cells.get((row, column))
        return None if cell is None else cell.raw


@record
class BookData:
    """A workbook's worksheets in order; ``sheetnames`` also lists chart sheets, which hold no cells."""

    sheets: list
    sheetnames: list
    reading_notes: tuple = ()
    reader: str = ""            # "fast", "openpyxl" or "xlrd": which reader read the file
    formulas_readable: bool = True   # False for an .xls: xlrd gives results, not formulas

    def __getitem__(self, title):
        sheet = self.sheet(title)
        if sheet is None:
            raise KeyError(title)
        return sheet

    def sheet(self, title):
        """The SheetData named ``title``; None for a chart sheet or a name not in the book."""
        for sheet in self.sheets:
            if sheet.title == title:
                return sheet
        return None
