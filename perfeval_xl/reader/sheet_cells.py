"""The per-cell rules of openpyxl's WorkSheetParser, for a formula load and a data_only load at once.

Both ways of reading a sheet's XML feed these rules: the scanner of plain
<sheetData> (reader/sheet_scan.py) and ElementTree for everything else
(reader/fast_xlsx.py), so a cell cannot come out differently depending on
which of the two read it.
"""

from functools import lru_cache

from perfeval_xl.a1 import address, split_address
from perfeval_xl.reader.grid import RawCell
from perfeval_xl.reader.number_formats import cast_number, from_excel
from perfeval_xl.reader.xlsx_package import Declined


@lru_cache(maxsize=1 << 14)
def cell_position(coordinate):
    """(row, column, A1 address) of a cell's r="…": the address rebuilt from the numbers, as openpyxl's is.

    Cached: the same addresses recur in every sheet and every file of a batch.
    """
    row, column = split_address(coordinate)
    return row, column, address(row, column)


def row_number(text):
    """A row's r="…" as openpyxl reads it: an int, or a float that is a whole number ("3.0")."""
    try:
        return int(text)
    except ValueError:
        value = float(text)
        if not value.is_integer():
            raise Declined(f"row number {text!r}") from None
        return int(value)


class SheetCells:
    """The cells and formula results of one sheet, built cell by cell as openpyxl would."""

    def __init__(self, title, strings, styles, epoch):
        self.title, self.strings, self.styles, self.epoch = title, strings, styles, epoch
        self.cells, self.cached = {}, {}
        self.views = None   # grid.RowViews of the rows, in order, when the scanner read them
        self.row_counter = 0
        self.shared = {}   # si="…" → (the shared formula group's master formula, its address)

    def start_row(self, number):
        """A <row>, with its r="…" or None."""
        if number is not None:
            self.row_counter = row_number(number)
            if self.row_counter < 1:
                raise Declined(f"row number {number!r}: read_full drops the cells openpyxl puts there")
        else:
            self.row_counter += 1

    def put(self, coordinate, previous_column, style, kind, formula, value_text, inline_text, empty):
        """One <c>, into the sheet; returns its column.  ``formula`` is "=…" or None, ``value_text`` the
        <v> text or None, ``inline_text`` the <is> text or None, ``empty`` True for a <c> with no child
        elements.  A cell replaces an earlier one at the same place, as in openpyxl."""
        if coordinate:
            row, column, coord = cell_position(coordinate)
        else:
            row, column = self.row_counter, previous_column + 1
            coord = address(row, column)
        if empty:
            # <c r="B5" s="3"/>, formatted and empty: most cells of a template.
            self.styles.by_attribute(style)   # openpyxl checks that the style exists, even for an empty cell
            self.cells.pop((row, column), None)
            self.cached.pop((row, column), None)
            return column
        position, cell, result = self.cell_of(row, column, coord, style, kind, formula, value_text, inline_text)
        self.cached.pop(position, None)
        if cell is None:
            self.cells.pop(position, None)
        else:
            self.cells[position] = cell
            if cell.is_formula:
                self.cached[position] = result
        return position[1]

    def cell_of(self, row, column, coord, style, kind, formula, value_text, inline_text):
        """(position, RawCell, formula result) of a <c> with a child element at (row, column), A1 address
        ``coord``, left out of the sheet; the RawCell is None when the cell holds nothing (a <v/> alone)."""
        style_id, number_format = self.styles.by_attribute(style)
        value = self.typed_value(kind or "n", style_id, value_text, inline_text)
        if formula is not None:
            return (row, column), RawCell.made(self.title, coord, row, column, formula, True, number_format,
                                               column), value
        if value is None:
            return (row, column), None, None
        return (row, column), RawCell.made(self.title, coord, row, column, value, False, number_format, column), None

    def typed_value(self, kind, style_id, text, inline_text):
        """The value as openpyxl gives it without formulas (data_only): typed by t="…" and the style."""
        if kind == "inlineStr":
            return inline_text
        if not text:
            return None
        if kind == "n":
            number = cast_number(text)
            if style_id in self.styles.date_styles:
                try:
                    return from_excel(number, self.epoch, timedelta=style_id in self.styles.timedelta_styles)
                except (OverflowError, ValueError):
                    return "#VALUE!"   # openpyxl marks a date out of range as an error cell
            return number
        if kind == "s":
            return self.strings[int(text)]
        if kind == "b":
            return bool(int(text))
        if kind in ("str", "e"):
            return text
        raise Declined(f"cell type t={kind!r}")

    def shared_formula(self, group, text, coordinate):
        """A cell of a shared formula, as openpyxl's WorkSheetParser.parse_formula reads it.

        Excel shares a formula it finds copied down or across (even one typed into each
        cell) when it saves: the group's first cell with a formula is its master, and
        every later cell of the group gets the master's formula moved to it, whatever
        it holds itself.  Moved by openpyxl's own Translator, so the text is openpyxl's.
        """
        if not coordinate:
            raise Declined("a shared formula in a cell without its address")
        master = self.shared.get(group)
        if master is not None:
            return _moved(*master, coordinate)
        if text != "=":
            self.shared[group] = (text, coordinate)
        return text


@lru_cache(maxsize=1 << 14)
def _moved(formula, origin, destination):
    """``formula`` written at ``origin``, moved to ``destination`` by openpyxl's Translator.

    openpyxl's, imported only for a sheet that has a shared formula: imitating its tokenizer would
    risk a formula read differently, and a batch's worker pays the import once.  Cached: the files
    of a batch made from one template share the same formulas at the same places.
    """
    from openpyxl.formula.translate import Translator

    return Translator(formula, origin).translate_formula(destination)
