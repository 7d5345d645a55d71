"""Read an .xlsx with openpyxl into a BookData: the reference the fast reader must agree with.

Used when the fast reader declines a file (chart sheets, overlapping merges, a
damaged part…), by `verify --reader full`, and by the equivalence tests.
"""

import warnings

from perfeval_xl.reader.grid import RawCell
from perfeval_xl.reader.sheets import BookData, SheetData
from perfeval_xl.template.options import HIDDEN_SHEET


class OpenpyxlFailed(Exception):
    """openpyxl could not load the file; ``__cause__`` is its exception."""


def read_full(path):
    """The BookData of the .xlsx at ``path``; formula results are read for a template workbook only."""
    book = load(path, data_only=False)
    sheets = [sheet_from_worksheet(worksheet) for worksheet in book.worksheets]
    if HIDDEN_SHEET in book.sheetnames:
        _add_cached(path, sheets)
    return BookData(sheets, list(book.sheetnames), reader="openpyxl")


def load(path, data_only):
    import openpyxl  # imported here: slow to import, and only this reader needs it

    try:
        # A file object, not the path: openpyxl refuses a name that does not end in .xlsx/.xlsm.
        with open(path, "rb") as handle, warnings.catch_warnings():
            # openpyxl warns about parts it drops (extensions, data validation); reading needs none of them.
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(handle, data_only=data_only, keep_links=False, keep_vba=False)
    except Exception as error:  # openpyxl raises many kinds for broken files
        raise OpenpyxlFailed(str(error)) from error


def sheet_from_worksheet(worksheet):
    """A SheetData from an openpyxl worksheet loaded with formulas (not cached values)."""
    title = worksheet.title
    # openpyxl's own cell dictionary, not iter_rows(): that walks the whole bounding box, and a
    # sheet holding only A1 and XFD1048576 would be 17 billion cells.  (Merged interiors are
    # MergedCells with no value, left out like empty cells.)
    cells = {(cell.row, cell.column): _raw_cell(title, cell)
             for cell in list(worksheet._cells.values()) if cell.value is not None}
    merged = tuple((rng.min_row, rng.min_col, rng.max_row, rng.max_col) for rng in worksheet.merged_cells.ranges)
    return SheetData(title, cells, merged, protected=bool(worksheet.protection.sheet))


def _raw_cell(sheet, cell):
    value = cell.value
    is_formula = cell.data_type == "f"
    if hasattr(value, "text") and not isinstance(value, str):
        # openpyxl gives ArrayFormula / DataTableFormula objects for some formulas.
        value, is_formula = getattr(value, "text", str(value)), True
    return RawCell(sheet, cell.coordinate, cell.row, cell.column, value, is_formula,
                   _number_format(cell), cell.column)


def _number_format(cell):
    try:
        return cell.number_format or "General"
    except IndexError:  # a style naming a custom format (≥ 164) the file never defines: shown as General
        return "General"


def _add_cached(path, sheets):
    """Each formula cell's last calculated result, from a second, data_only load."""
    try:
        values = load(path, data_only=True)
    except OpenpyxlFailed:
        return  # the formula load succeeded; without results there is simply nothing to compare
    for sheet in sheets:
        worksheet = values[sheet.title]
        sheet.cached = {position: worksheet.cell(*position).value
                        for position, cell in sheet.cells.items() if cell.is_formula}
