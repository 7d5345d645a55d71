"""Read an .xlsx straight from its XML into a BookData, giving each cell exactly what openpyxl would.

openpyxl builds a full object model (styles, borders, dimensions, validations)
that the checks never use, and importing it costs more than reading a whole
自评 workbook this way.  This reader takes only values, formulas, number
formats, merged ranges, sheet protection and formula results, and mirrors
openpyxl 3.1's reading of each (worksheet/_reader.py, reader/excel.py,
styles/stylesheet.py).  Whatever it does not mirror — shared formulas copied
down, chart or macro sheets, odd sheet names, overlapping merges, a part that
is missing or will not parse — raises Declined, and the caller reads the file
with openpyxl instead.  tests/test_fast_reader.py holds the two readers to
identical BookData and identical findings.
"""

import posixpath
import re
import zipfile
from xml.etree.ElementTree import fromstring

from perfeval_xl.a1 import address, split_address
from perfeval_xl.reader.grid import RawCell
from perfeval_xl.reader.number_formats import MAC_EPOCH, WINDOWS_EPOCH, cast_number, from_excel
from perfeval_xl.reader.sheets import BookData, SheetData
from perfeval_xl.reader.xlsx_styles import read_styles

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_PACKAGE_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_WORKSHEET_REL = _DOC_RELS + "/worksheet"
_R_ID = "{%s}id" % _DOC_RELS
# openpyxl's search order for the workbook part's content type.
_WORKBOOK_TYPES = tuple("application/vnd." + kind for kind in (
    "ms-excel.template.macroEnabled.main+xml", "openxmlformats-officedocument.spreadsheetml.template.main+xml",
    "ms-excel.sheet.macroEnabled.main+xml", "openxmlformats-officedocument.spreadsheetml.sheet.main+xml"))
_SHARED_STRINGS = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_STYLES_PART = "xl/styles.xml"
_INVALID_TITLE = set("\\*?:/[]")
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)")
_ROW, _CELL, _VALUE, _FORMULA = _MAIN + "row", _MAIN + "c", _MAIN + "v", _MAIN + "f"
_INLINE, _TEXT, _RUN = _MAIN + "is", _MAIN + "t", _MAIN + "r"


class Declined(Exception):
    """This file is not one the fast reader reads exactly as openpyxl does; the message says why."""


def read_fast(path, parts=None):
    """The BookData of the .xlsx at ``path``; Declined when openpyxl must read it.

    ``parts`` may hold parts already inflated (zip name → bytes) by the size checks.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            return _Package(archive, parts or {}).book()
    except Declined:
        raise
    except Exception as error:  # noqa: BLE001 - any surprise (a bad encoding name, a broken part): step aside
        # openpyxl decides what a damaged file is reported as; the fast reader only steps aside.
        raise Declined(f"{type(error).__name__}: {error}") from error


class _Package:
    """The parts of one open zip, read as openpyxl finds them."""

    def __init__(self, archive, parts):
        self.archive = archive
        self.parts = parts
        self.names = set(archive.namelist())

    def xml(self, name):
        data = self.parts.get(name)
        data = data if data is not None else self.archive.read(name)
        if _DTD.search(data):
            # inspect_zip refuses these first; should it be bypassed, openpyxl's defusedxml says why.
            raise Declined(f"{name} declares a DTD")
        return fromstring(data)

    def book(self):
        overrides = [(item.get("PartName") or "", item.get("ContentType"))
                     for item in self.xml("[Content_Types].xml").iter(_TYPES + "Override")]
        workbook_part = _first_part(overrides, _WORKBOOK_TYPES)
        if workbook_part is None:
            raise Declined("no workbook part among the content-type overrides")
        strings_part = _first_part(overrides, (_SHARED_STRINGS,))
        strings = read_shared_strings(self.xml(strings_part)) if strings_part is not None else []
        workbook = self.xml(workbook_part)
        epoch = MAC_EPOCH if _is_true(_attribute(workbook, _MAIN + "workbookPr", "date1904")) else WINDOWS_EPOCH
        relations = self.relations(workbook_part)
        if _STYLES_PART not in self.names:
            raise Declined("no styles part: openpyxl falls back to its own default styles")
        styles = read_styles(self.xml(_STYLES_PART))
        sheets, titles = [], []
        for sheet in workbook.iter(_MAIN + "sheet"):
            title, target = self.sheet_target(sheet, relations, titles)
            titles.append(title)
            sheets.append(read_sheet(title, self.xml(target), strings, styles, epoch))
        return BookData(sheets, titles, reader="fast")

    def relations(self, part):
        """{relationship id: (type, target as a zip name)}, normalised as openpyxl's get_dependents does."""
        folder, name = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", f"{name}.rels")
        parent = posixpath.split(posixpath.dirname(rels_name))[0]
        found = {}
        for item in self.xml(rels_name).iter(_PACKAGE_RELS + "Relationship"):
            target = item.get("Target") or ""
            if item.get("TargetMode") != "External":
                target = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(parent, target))
            found[item.get("Id")] = (item.get("Type") or "", target)
        return found

    def sheet_target(self, sheet, relations, titles):
        title, relation = sheet.get("name"), relations.get(sheet.get(_R_ID))
        if not title or _INVALID_TITLE & set(title) or title.lower() in {t.lower() for t in titles}:
            raise Declined(f"sheet name {title!r}: openpyxl refuses or renames it")
        if relation is None or relation[0] != _WORKSHEET_REL or relation[1] not in self.names:
            raise Declined(f"sheet {title!r} is not a worksheet part openpyxl would read as one")
        return title, relation[1]


def _first_part(overrides, content_types):
    for content_type in content_types:
        for part_name, found in overrides:
            if found == content_type:
                return part_name[1:]
    return None


def _attribute(root, tag, name):
    element = root.find(tag)
    return None if element is None else element.get(name)


def _is_true(value):
    """openpyxl's Bool: any text but "false", "f", "0" and the empty string is true."""
    return value is not None and value not in ("false", "f", "0") and bool(value)


def read_shared_strings(root):
    """The shared string table as openpyxl's read_string_table gives it (formatting dropped)."""
    return [_plain_text(item).replace("x005F_", "") for item in root.iter(_MAIN + "si")]


def _plain_text(element):
    """openpyxl's Text.content: the <t> child, then each run's <t>; phonetic runs left out."""
    texts = element.findall(_TEXT)
    if len(texts) > 1:
        raise Declined("a string with two plain-text parts")
    snippets = [texts[0].text or ""] if texts else []
    for run in element.findall(_RUN):
        text = run.find(_TEXT)
        if text is not None and text.text is not None:
            snippets.append(text.text)
    return "".join(snippets)


def read_sheet(title, root, strings, styles, epoch):
    """One worksheet's cells, merged ranges, protection and formula results."""
    reader = _SheetReader(title, strings, styles, epoch)
    for row in root.iter(_ROW):
        reader.row(row)
    cells, cached = reader.cells, reader.cached
    merged = _merged_ranges(root)
    for min_row, min_col, max_row, max_col in merged:
        for row in range(min_row, max_row + 1):
            for column in range(min_col, max_col + 1):
                if (row, column) != (min_row, min_col):
                    # openpyxl makes every other cell of a merged range an empty MergedCell.
                    cells.pop((row, column), None)
                    cached.pop((row, column), None)
    protected = False
    for protection in root.iter(_MAIN + "sheetProtection"):
        protected = _is_true(protection.get("sheet"))
    return SheetData(title, cells, merged, protected, cached)


def _merged_ranges(root):
    ranges = []
    for item in root.iter(_MAIN + "mergeCell"):
        first, _, last = (item.get("ref") or "").partition(":")
        (min_row, min_col), (max_row, max_col) = split_address(first), split_address(last or first)
        bounds = (min(min_row, max_row), min(min_col, max_col), max(min_row, max_row), max(min_col, max_col))
        if bounds not in ranges:
            ranges.append(bounds)
    for index, one in enumerate(ranges):
        for other in ranges[index + 1:]:
            if one[0] <= other[2] and other[0] <= one[2] and one[1] <= other[3] and other[1] <= one[3]:
                raise Declined("overlapping merged ranges: openpyxl's result depends on set order")
    return tuple(ranges)


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
            value = float(number)
            if not value.is_integer():
                raise Declined(f"row number {number!r}")
            self.row_counter = int(value)
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
            row, column = split_address(coordinate)
        else:
            row, column = self.row_counter, previous_column + 1
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
            self.cells[position] = RawCell(self.title, address(row, column), row, column, raw, True,
                                           number_format or "General", column)
        elif value is None:
            self.cells.pop(position, None)   # a later empty cell replaces an earlier one, as in openpyxl
            self.cached.pop(position, None)
        else:
            self.cached.pop(position, None)
            self.cells[position] = RawCell(self.title, address(row, column), row, column, value, False,
                                           number_format or "General", column)
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
            return None if inline is None else _plain_text(inline)
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

