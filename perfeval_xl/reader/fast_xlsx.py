"""Read an .xlsx straight from its XML into a BookData, giving each cell exactly what openpyxl would.

openpyxl builds a full object model (styles, borders, dimensions, validations)
that the checks never use, and importing it costs more than reading a whole
自评 workbook this way.  This reader takes only values, formulas, number
formats, merged ranges, sheet protection and formula results, and mirrors
openpyxl 3.1's reading of each (worksheet/_reader.py, reader/excel.py,
styles/stylesheet.py; the parts around the sheets in xlsx_package.py).
A shared formula (Excel writes one for every formula copied down) is moved to
each of its cells by openpyxl's own Translator.  Whatever it does not mirror —
chart or macro sheets, odd sheet names, overlapping merges, a hyperlink on an
empty cell (openpyxl writes the link into it), a part that is missing or will
not parse — raises Declined, and the caller reads the file with openpyxl instead.
tests/test_fast_reader.py holds the two readers to identical BookData and
identical findings.
"""

import re
import zipfile
from collections import namedtuple
from functools import partial
from xml.etree.ElementTree import fromstring

from perfeval_xl.a1 import address, split_address
from perfeval_xl.kept import Kept
from perfeval_xl.reader.cell_memo import CELLS
from perfeval_xl.reader.sheet_cells import SheetCells
from perfeval_xl.reader.sheet_scan import NotPlain, scan_rows
from perfeval_xl.reader.sheets import BookData, SheetData
from perfeval_xl.reader.xlsx_package import (MAIN, Declined, Package, epoch, is_true, local_name, plain_text,
                                             read_shared_strings)
from perfeval_xl.reader.xlsx_styles import read_styles

_STYLES_PART = "xl/styles.xml"
_ROW, _CELL, _VALUE, _FORMULA, _INLINE = MAIN + "row", MAIN + "c", MAIN + "v", MAIN + "f", MAIN + "is"
_DATA_OPEN, _DATA_CLOSE = b"<sheetData>", b"</sheetData>"
_FOREIGN_ENCODING = re.compile(rb"""(?:\xef\xbb\xbf)?<\?xml[^>]*encoding=["'](?!utf-?8["'])""", re.I)

__all__ = ["Declined", "read_fast"]


def read_fast(path, parts=None, names=None):
    """The BookData of the .xlsx at ``path``; Declined when openpyxl must read it.

    ``parts`` may hold parts already inflated (zip name → bytes) by the size checks, and ``names``
    the names they listed in the zip's directory: the zip is then opened again only for a part
    they did not keep (one over 1 MB).
    """
    try:
        if names is not None:
            return _read_book(Package(names, parts or {}, partial(_read_part, path)))
        with zipfile.ZipFile(path) as archive:
            return _read_book(Package(archive.namelist(), parts or {}, archive.read))
    except Declined:
        raise
    except Exception as error:  # noqa: BLE001 - any surprise (a bad encoding name, a broken part): step aside
        # openpyxl decides what a damaged file is reported as; the fast reader only steps aside.
        raise Declined(f"{type(error).__name__}: {error}") from error


def _read_part(path, name):
    with zipfile.ZipFile(path) as archive:
        return archive.read(name)


def _read_book(package):
    workbook_part, strings_part = package.main_parts()
    strings = read_shared_strings(package.xml(strings_part)) if strings_part is not None else []
    workbook = package.shared_xml(workbook_part)
    relations = package.relations(workbook_part)
    if _STYLES_PART not in package.names:
        raise Declined("no styles part: openpyxl falls back to its own default styles")
    styles = _styles(package.data(_STYLES_PART))
    date_epoch = epoch(workbook)
    sheets = [read_sheet(title, package.data(part), strings, styles, date_epoch)
              for title, part in package.sheets(workbook, relations)]
    return BookData(sheets, [sheet.title for sheet in sheets], reader="fast")


# What a batch's files share with their template, kept by the bytes it was read from and forgotten
# once full: styles.xml (→ CellStyles), and each sheet without its rows (→ _Frame: merges, validations
# and page setup are the template's).
_STYLES, _FRAMES = Kept(16, largest=256 * 1024), Kept(64, largest=256 * 1024)


def _styles(data):
    found = _STYLES.get(data)
    return found if found is not None else _STYLES.keep(data, read_styles(fromstring(data)))


def read_sheet(title, data, strings, styles, epoch, scan=True):
    """One worksheet's cells, merged ranges, protection and formula results, from the part's bytes.

    ``scan`` False reads the rows with ElementTree even when sheet_scan could (the tests compare the two).
    """
    frame, sheet = _scanned(title, data, strings, styles, epoch) if scan else (None, None)
    if sheet is None:
        root, sheet = fromstring(data), SheetCells(title, strings, styles, epoch)
        rows = _ElementCells(sheet)
        for row in root.iter(_ROW):
            rows.row(row)
        frame = _frame_of(root)
    cells, cached, merged = sheet.cells, sheet.cached, frame.merged
    interiors = frame.interiors
    if interiors is None:
        interiors = [position for bounds in merged for position in _interior(bounds, cells)]
    for position in interiors:
        if position in cells:
            # openpyxl makes every other cell of a merged range an empty MergedCell.
            del cells[position]
            cached.pop(position, None)
    _check_hyperlinks(frame.links, cells, cached, merged)
    return SheetData(title, cells, merged, frame.protected, cached, views=sheet.views)


# What a sheet holds around its rows; ``interiors``: every position of its merged ranges but their
# top-lefts, listed once per frame (None for ranges too big to list: found among the cells instead).
_Frame = namedtuple("_Frame", "merged links protected interiors")
_MAX_LISTED_INTERIOR = 5_000   # some 300 KB kept per frame at most; a template's merges cover a few hundred


def _frame_of(root):
    protected = False
    for protection in root.iter(MAIN + "sheetProtection"):
        protected = is_true(protection.get("sheet"))
    merged = _merged_ranges(root)
    return _Frame(merged, _hyperlinks(root), protected, _interiors(merged))


def _interiors(merged):
    if sum(map(_area, merged)) > _MAX_LISTED_INTERIOR:
        return None
    return tuple(position for bounds in merged for position in _past_top_left(bounds))


def _scanned(title, data, strings, styles, epoch):
    """(the sheet's _Frame, SheetCells) when sheet_scan reads the rows; (None, None) when ElementTree
    must read the whole part.  Each way fails in the same order: XML that does not parse, then the
    rows, then the merged ranges."""
    split = _split_rows(data)
    if split is None:
        return None, None
    outside, body = split
    frame, root = _FRAMES.get(outside), None
    if frame is None:
        root = fromstring(outside)
        if root.find(MAIN + "sheetData") is None or next(root.iter(_ROW), None) is not None:
            return None, None
    sheet = SheetCells(title, strings, styles, epoch)
    try:
        scan_rows(body, sheet, CELLS)
    except NotPlain:
        return None, None
    if frame is None:
        frame = _FRAMES.keep(outside, _frame_of(root))
    return frame, sheet


def _split_rows(data):
    """(the part with an empty <sheetData/>, the text between <sheetData> and </sheetData>), or None
    when the part is not that plain: a prefix, a comment or CDATA anywhere, an encoding other than
    UTF-8, a second sheetData, rows outside it."""
    start, end = data.find(_DATA_OPEN), data.rfind(_DATA_CLOSE)
    if start < 0 or end < start or _FOREIGN_ENCODING.match(data):
        return None
    head, tail = data[:start], data[end + len(_DATA_CLOSE):]
    # Another sheetData, or "<!" (a comment, CDATA, a DTD): between the rows the row grammar refuses
    # both (sheet_scan._ROW_PIECE: text holds no "<"), so only the few KB around them are searched.
    if b"<sheetData" in head or _DATA_CLOSE in head or b"<sheetData" in tail or b"<!" in head or b"<!" in tail:
        return None
    try:
        body = data[start + len(_DATA_OPEN):end].decode("utf-8")
    except UnicodeDecodeError:
        return None
    return head + b"<sheetData/>" + tail, body


def _interior(bounds, cells):
    """The cells of a merged range other than its top-left (found among ``cells`` when the range is bigger)."""
    min_row, min_col, max_row, max_col = bounds
    if _area(bounds) > len(cells):
        return [(row, column) for row, column in cells if min_row <= row <= max_row and min_col <= column <= max_col
                and (row, column) != (min_row, min_col)]
    return [position for position in _past_top_left(bounds) if position in cells]


def _area(bounds):
    min_row, min_col, max_row, max_col = bounds
    return (max_row - min_row + 1) * (max_col - min_col + 1)


def _past_top_left(bounds):
    """Every position of a merged range but its top-left, row by row."""
    min_row, min_col, max_row, max_col = bounds
    return ((row, column) for row in range(min_row, max_row + 1) for column in range(min_col, max_col + 1)
            if (row, column) != (min_row, min_col))


def _hyperlinks(root):
    """The ref="…" of each <hyperlink> of the sheet's last <hyperlinks> (openpyxl keeps the last list)."""
    blocks = list(root.iter(MAIN + "hyperlinks"))
    return tuple(link.get("ref") for link in (blocks[-1] if blocks else ()) if local_name(link.tag) == "hyperlink")


def _check_hyperlinks(links, cells, cached, merged):
    """Declined when openpyxl would write a hyperlink's target into an empty linked cell (Cell.hyperlink).

    A formula cell with no stored result counts as empty: the data_only load gives it the target.
    """
    for ref in links:
        for position in _linked_cells(ref, merged):
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


class _ElementCells:
    """A sheet's <row>s read from its ElementTree, for sheets the scanner leaves alone."""

    def __init__(self, cells):
        self.cells = cells

    def row(self, element):
        self.cells.start_row(element.get("r"))
        column = 0
        for cell in element:
            if cell.tag != _CELL:
                raise Declined(f"a <{cell.tag}> inside a row")
            column = self.cell(cell, column)

    def cell(self, element, previous_column):
        kind = element.get("t")
        coordinate = element.get("r")
        if not len(element):
            return self.cells.put(coordinate, previous_column, element.get("s"), kind, None, None, None, True)
        formula = element.find(_FORMULA)
        inline = element.find(_INLINE) if kind == "inlineStr" else None
        return self.cells.put(coordinate, previous_column, element.get("s"), kind,
                              None if formula is None else self.formula_text(formula, coordinate),
                              element.findtext(_VALUE), None if inline is None else plain_text(inline), False)

    def formula_text(self, formula, coordinate):
        kind = formula.get("t")
        if kind not in (None, "normal", "shared", "array"):
            raise Declined(f"a {kind} formula")
        text = "=" + (formula.text or "")
        return self.cells.shared_formula(formula.get("si"), text, coordinate) if kind == "shared" else text
