"""Read an .xlsx straight from its XML into a BookData, giving each cell exactly what openpyxl would.

openpyxl builds a full object model (styles, borders, dimensions, validations)
that the checks never use, and importing it costs more than reading a whole
自评 workbook this way.  This reader takes only values, formulas, number
formats, merged ranges, sheet protection and formula results, and mirrors
openpyxl 3.1's reading of each (worksheet/_reader.py, reader/excel.py,
styles/stylesheet.py; the parts around the sheets in xlsx_package.py).
Whatever it does not mirror — shared formulas copied down, chart or macro
sheets, odd sheet names, overlapping merges, a hyperlink on an empty cell
(openpyxl writes the link into it), a part that is missing or will not parse —
raises Declined, and the caller reads the file with openpyxl instead.
tests/test_fast_reader.py holds the two readers to identical BookData and
identical findings.
"""

import zipfile
from functools import lru_cache

from perfeval_xl.a1 import address, split_address
from perfeval_xl.reader.grid import RawCell
from perfeval_xl.reader.number_formats import cast_number, from_excel
from perfeval_xl.reader.sheets import BookData, SheetData
from perfeval_xl.reader.xlsx_package import (MAIN, Declined, Package, epoch, is_true, local_name, plain_text,
                                             read_shared_strings)
from perfeval_xl.reader.xlsx_styles import read_styles

_STYLES_PART = "xl/styles.xml"
_ROW, _CELL, _VALUE, _FORMULA, _INLINE = MAIN + "row", MAIN + "c", MAIN + "v", MAIN + "f", MAIN + "is"

__all__ = ["Declined", "read_fast"]


def read_fast(path, parts=None):
    """The BookData of the .xlsx at ``path``; Declined when openpyxl must read it.

    ``parts`` may hold parts already inflated (zip name → bytes) by the size checks.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            return _read_book(Package(archive, parts or {}))
    except Declined:
        raise
    except Exception as error:  # noqa: BLE001 - any surprise (a bad encoding name, a broken part): step aside
        # openpyxl decides what a damaged file is reported as; the fast reader only steps aside.
        raise Declined(f"{type(error).__name__}: {error}") from error


def _read_book(package):
    workbook_part, strings_part = package.main_parts()
    strings = read_shared_strings(package.xml(strings_part)) if strings_part is not None else []
    workbook = package.xml(workbook_part)
    relations = package.relations(workbook_part)
    if _STYLES_PART not in package.names:
        raise Declined("no styles part: openpyxl falls back to its own default styles")
    styles = read_styles(package.xml(_STYLES_PART))
    date_epoch = epoch(workbook)
    sheets = [read_sheet(title, package.xml(part), strings, styles, date_epoch)
              for title, part in package.sheets(workbook, relations)]
    return BookData(sheets, [sheet.title for sheet in sheets], reader="fast")


def read_sheet(title, root, strings, styles, epoch):
    """One worksheet's cells, merged ranges, protection and formula results."""
    reader = _SheetReader(title, strings, styles, epoch)
    for row in root.iter(_ROW):
        reader.row(row)
    cells, cached = reader.cells, reader.cached
    merged = _merged_ranges(root)
    for bounds in merged:
        for position in _interior(bounds, cells):
            # openpyxl makes every other cell of a merged range an empty MergedCell.
            del cells[position]
            cached.pop(position, None)
    _check_hyperlinks(root, cells, cached, merged)
    protected = False
    for protection in root.iter(MAIN + "sheetProtection"):
        protected = is_true(protection.get("sheet"))
    return SheetData(title, cells, merged, protected, cached)


def _interior(bounds, cells):
    """The cells of a merged range other than its top-left (found among ``cells`` when the range is bigger)."""
    min_row, min_col, max_row, max_col = bounds
    if (max_row - min_row + 1) * (max_col - min_col + 1) > len(cells):
        return [(row, column) for row, column in cells if min_row <= row <= max_row and min_col <= column <= max_col
                and (row, column) != (min_row, min_col)]
    return [(row, column) for row in range(min_row, max_row + 1) for column in range(min_col, max_col + 1)
            if (row, column) != (min_row, min_col) and (row, column) in cells]


def _check_hyperlinks(root, cells, cached, merged):
    """Declined when openpyxl would write a hyperlink's target into an empty linked cell (Cell.hyperlink).

    A formula cell with no stored result counts as empty: the data_only load gives it the target.
    """
    blocks = list(root.iter(MAIN + "hyperlinks"))
    for link in blocks[-1] if blocks else ():   # openpyxl keeps the last list
        if local_name(link.tag) != "hyperlink":
            continue
        for position in _linked_cells(link.get("ref"), merged):
            cell = cells.get(position)
            if cell is None or (cell.is_formula and cached.get(position) is None):
                raise Declined(f"a hyperlink on the empty cell {address(*position)}: openpyxl gives it the target")


def _linked_cells(ref, merged):
    """The cells openpyxl's bind_hyperlinks links: a single cell (a merged range's top-left for any of its
    cells), or each cell of a range but the insides of merged ranges."""
    first, colon, last = ref.partition(":")
    top, bottom = split_address(first), split_address(last or first)
    if not colon:
        return [next((bounds[:2] for bounds in merged if _inside(top, bounds)), top)]
    if top[0] > bottom[0] or top[1] > bottom[1] or (bottom[0] - top[0] + 1) * (bottom[1] - top[1] + 1) > 10000:
        raise Declined(f"a hyperlink on the range {ref}")
    return [(row, column) for row in range(top[0], bottom[0] + 1) for column in range(top[1], bottom[1] + 1)
            if not any(_inside((row, column), bounds) and (row, column) != bounds[:2] for bounds in merged)]


def _inside(position, bounds):
    return bounds[0] <= position[0] <= bounds[2] and bounds[1] <= position[1] <= bounds[3]


def _merged_ranges(root):
    """The ranges of the sheet's <mergeCells>, as openpyxl's MergeCells (children by local name)."""
    blocks = list(root.iter(MAIN + "mergeCells"))
    if len(blocks) > 1:
        raise Declined("two <mergeCells>: openpyxl keeps the one that ends last")
    ranges = []
    for item in blocks[0] if blocks else ():
        if local_name(item.tag) != "mergeCell":
            continue
        first, _, last = item.get("ref").partition(":")
        (min_row, min_col), (max_row, max_col) = split_address(first), split_address(last or first)
        bounds = (min(min_row, max_row), min(min_col, max_col), max(min_row, max_row), max(min_col, max_col))
        if bounds not in ranges:
            ranges.append(bounds)
    for index, one in enumerate(ranges):
        for other in ranges[index + 1:]:
            if one[0] <= other[2] and other[0] <= one[2] and one[1] <= other[3] and other[1] <= one[3]:
                raise Declined("overlapping merged ranges: openpyxl's result depends on set order")
    return tuple(ranges)


@lru_cache(maxsize=1 << 14)
def _position(coordinate):
    """(row, column, A1 address) of a cell's r="…": the address rebuilt from the numbers, as openpyxl's is.

    Cached: the same addresses recur in every sheet and every file of a batch.
    """
    row, column = split_address(coordinate)
    return row, column, address(row, column)


def _row_number(text):
    """A row's r="…" as openpyxl reads it: an int, or a float that is a whole number ("3.0")."""
    try:
        return int(text)
    except ValueError:
        value = float(text)
        if not value.is_integer():
            raise Declined(f"row number {text!r}") from None
        return int(value)


class _SheetReader:
    """The per-cell rules of openpyxl's WorkSheetParser, for a formula load and a data_only load at once."""

    def __init__(self, title, strings, styles, epoch):
        self.title, self.strings, self.styles, self.epoch = title, strings, styles, epoch
        self.cells, self.cached = {}, {}
        self.row_counter = 0
        self.shared_masters = set()

    def row(self, element):
        number = element.get("r")
        if number is not None:
            self.row_counter = _row_number(number)
            if self.row_counter < 1:
                raise Declined(f"row number {number!r}: read_full drops the cells openpyxl puts there")
        else:
            self.row_counter += 1
        column = 0
        for cell in element:
            if cell.tag != _CELL:
                raise Declined(f"a <{cell.tag}> inside a row")
            column = self.cell(cell, column)

    def cell(self, element, previous_column):
        coordinate = element.get("r")
        if coordinate:
            row, column, coord = _position(coordinate)
        else:
            row, column = self.row_counter, previous_column + 1
            coord = address(row, column)
        if not len(element):
            # <c r="B5" s="3"/>, formatted and empty: most cells of a template.  No value and no formula;
            # openpyxl only checks that its style exists, and an empty cell replaces an earlier one.
            style = element.get("s")
            self.styles.number_format(int(style) if style is not None else 0)
            self.cells.pop((row, column), None)
            self.cached.pop((row, column), None)
            return column
        style = element.get("s")
        style_id = int(style) if style is not None else 0
        number_format = self.styles.number_format(style_id)
        kind = element.get("t", "n")
        formula = element.find(_FORMULA)
        value = self.typed_value(element, kind, style_id)
        position = (row, column)
        if formula is not None:
            raw = self.formula_text(formula)
            self.cached[position] = value
            self.cells[position] = RawCell.made(self.title, coord, row, column, raw, True, number_format, column)
        elif value is None:
            self.cells.pop(position, None)   # a later empty cell replaces an earlier one, as in openpyxl
            self.cached.pop(position, None)
        else:
            self.cached.pop(position, None)
            self.cells[position] = RawCell.made(self.title, coord, row, column, value, False, number_format, column)
        return column

    def formula_text(self, formula):
        kind = formula.get("t")
        if kind == "shared":
            master = formula.get("si")
            if formula.text is None or master in self.shared_masters:
                raise Declined("a shared formula copied down (openpyxl translates it)")
            self.shared_masters.add(master)
        if kind not in (None, "normal", "shared", "array"):
            raise Declined(f"a {kind} formula")
        return "=" + (formula.text or "")

    def typed_value(self, element, kind, style_id):
        """The value as openpyxl gives it without formulas (data_only): typed by t="…" and the style."""
        if kind == "inlineStr":
            inline = element.find(_INLINE)
            return None if inline is None else plain_text(inline)
        text = element.findtext(_VALUE) or None
        if text is None:
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

