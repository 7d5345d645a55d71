"""Read a plainly written <sheetData> with regular expressions instead of ElementTree.

Most of a sheet's XML is its cells, and ElementTree builds three or four Python
objects for each before the reader looks at it.  Excel, WPS, LibreOffice,
openpyxl and xlsxwriter all write a cell the same few ways, such as
``<c r="B5" s="3" t="s"><v>12</v></c>``, and Excel a formula copied down as a
shared formula, ``<f t="shared" ref="F5:F9" si="0">…</f>`` then
``<f t="shared" si="0"/>``.  The scanner cuts the body at each ``</row>``,
checks every piece against a grammar of exactly those forms, then takes the
cells out with findall and gives each to the same SheetCells rules the
ElementTree path uses.  A piece or cell seen in an earlier file of the batch
(reader/cell_memo.py) was checked and read then: what it made is given again.  Anything
else anywhere in the sheet's data (a rich-text string, a formula's other
attributes, a comment, a namespace prefix, a character XML forbids, an address given twice)
raises NotPlain before a cell is read, and the sheet is read with ElementTree,
which also judges whether the XML is well formed.
"""

import re

from perfeval_xl.reader.cell_memo import CellMemo
from perfeval_xl.reader.grid import row_view
from perfeval_xl.reader.sheet_cells import cell_position

_WS = "[ \t\r\n]"   # XML's white space, not Unicode's (\s would also take U+3000)
# Text and attribute values: without the characters XML 1.0 forbids (ElementTree refuses them).  U+FFFE
# and U+FFFF are looked for in the whole body instead (_NONCHARACTERS): in a character class they make
# re build a table of all 65,536 code points for every class, a third of these patterns' compile time.
_TEXT = "[^<\x00-\x08\x0b\x0c\x0e-\x1f]*"
_NONCHARACTERS = ("\ufffe", "\uffff")
_ROW_ATTRIBUTES = (rf'(?: r="[0-9.]{{1,12}}")?(?:{_WS}+(?!r{_WS}*=|xmlns)[A-Za-z][A-Za-z0-9:]*="[^"<>&'
                   rf'\x00-\x1f]*")*{_WS}*')
_CELL_START = r'<c r="([A-Z]{1,3}[1-9][0-9]{0,6})"(?: s="([0-9]{1,9})")?(?: t="([A-Za-z]{1,9})")?' + f"{_WS}*"


def _shared_formula(group, text):
    """A shared formula as Excel writes it (the master with its text, the other cells of the group
    without), with ``group`` and ``text`` the patterns of its si="…" and its text."""
    return rf'<f t="shared"(?: ref="[A-Z0-9:]{{1,30}}")? si="{group}"(?:{_WS}*/>|>{text}</f>)'


# Groups: the whole <f> (to tell <f></f> from no formula), the <v> text, the whole <is> and its text.
# LibreOffice writes every formula as <f aca="false">: openpyxl ignores aca (recalculate always).
_CELL_CONTENT = (rf'(<f(?: aca="(?:false|true)")?>{_TEXT}</f>|<f{_WS}*/>|{_shared_formula("[0-9]{1,9}", _TEXT)})?'
                 rf"(?:<v>({_TEXT})</v>|<v{_WS}*/>)?"
                 rf'(<is><t(?: xml:space="preserve")?>({_TEXT})</t></is>)?</c>')
# A plain body cut at each "</row>" (a plain row holds no "<" but its tags', so that is where each row
# with cells ends): every piece but the last is rows without cells, then a row's start and its cells; the
# last is rows without cells.  Possessive repeats: a piece that does not match fails at once.
_ROWS_WITHOUT_CELLS = rf"(?:{_WS}*<row{_ROW_ATTRIBUTES}/>)*+{_WS}*"
_ROW_PIECE = re.compile(rf"{_ROWS_WITHOUT_CELLS}<row{_ROW_ATTRIBUTES}>(?:{_WS}*{_CELL_START}(?:/>|>{_CELL_CONTENT}))*+"
                        rf"{_WS}*")
_ROW_END = "</row>"
_SHARED_START = '<f t="shared"'   # how the grammar lets a shared formula's <f> begin
# Every cell of a piece _ROW_PIECE took, in order; the fourth group is "/" for an empty <c …/>.
_ANY_CELL = re.compile(f"{_CELL_START}(?:(/)>|>{_CELL_CONTENT})")
_ROW_NUMBER = re.compile(r'<row r="([^"]*)"')
# The string index of a t="s" cell as _CELL_START and _CELL_CONTENT take it (t last of the attributes,
# a plain formula before the <v>); _row_key counts that it found every one.
_STRING_INDEX = re.compile(rf't="s"{_WS}*>(?:<f[^>]*>[^<]*</f>|<f{_WS}*/>)?<v>([0-9]+)</v>')
# Compiled on first use (re keeps it): only Excel-saved files have shared formulas.
_SHARED = _shared_formula("([0-9]{1,9})", f"({_TEXT})")
_ENTITY = re.compile(r"&(?:(lt|gt|amp|quot|apos)|#([0-9]{1,7})|#x([0-9a-fA-F]{1,6}));")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}


class NotPlain(Exception):
    """The sheet's data holds something the scanner leaves to ElementTree."""


def scan_rows(body, sheet, memo=None):
    """Feed every cell of ``body`` (the text between <sheetData> and </sheetData>) to ``sheet`` (a
    SheetCells); NotPlain, before any cell is fed, when the body is not plain.

    Plain: rows holding cells that each name their address, in the forms _ROW_PIECE allows, no
    address twice (openpyxl's "a later cell replaces an earlier one" is left to ElementTree), no
    character XML forbids.  Every cell then has its own address, so the order of the rows and the
    row numbers (checked all the same) place nothing, and what a row or a cell makes depends on its
    own text alone: ``memo`` (a CellMemo) gives a row or cell seen in an earlier sheet what it made.
    """
    if any(character in body for character in _NONCHARACTERS):
        raise NotPlain("U+FFFE or U+FFFF, which XML forbids")
    pieces = body.split(_ROW_END)
    last = pieces.pop()
    # Rows without cells after the last row with some are rare: their pattern is compiled on first use.
    if last.strip(" \t\r\n") and not re.fullmatch(_ROWS_WITHOUT_CELLS, last):
        raise NotPlain("something other than rows")
    entries = len(pieces) + body.count("<c ")
    known = (memo or CellMemo()).for_sheet(sheet.title, sheet.styles.key, sheet.epoch, entries)
    rows, addresses = [], []
    for piece in pieces:   # every piece checked before any cell is fed
        key = _row_key(piece, sheet.strings)
        made = known.get(key) if key is not None else None
        cells = _plain_cells(piece) if made is None else None
        addresses.extend(made[0] if cells is None else (cell[0] for cell in cells))
        rows.append((piece, key, made, cells))
    if len(set(addresses)) != len(addresses):
        raise NotPlain("a cell given twice")
    for number in _ROW_NUMBER.findall(last):
        sheet.start_row(number)
    found, results, views = sheet.cells, sheet.cached, []
    for piece, key, made, cells in rows:
        if made is None:
            made = _read_row(piece, key, cells, sheet, known)
        found.update(made[1])
        if made[2]:
            results.update(made[2])
        if made[3] is None and made[1]:
            views = None   # a row's cells that name other rows too: the grid groups every cell itself
        elif views is not None:
            views.append(made[3])
    sheet.views = views


def _plain_cells(piece):
    """A piece's cells as findall gives them; NotPlain when it is not rows and a row of plain cells."""
    if "]]>" in piece or not _ROW_PIECE.fullmatch(piece):   # "]]>" may not appear in XML text
        raise NotPlain("not a row of plain cells")
    if "&" in piece:
        _check_references(piece)
    return _ANY_CELL.findall(piece)


def _row_key(piece, strings):
    """The memo key of a piece: its text, with the shared strings its t="s" cells point to (an index is
    another string in another file); None for a piece never remembered: a shared formula's (its
    formulas depend on the group's master), or one whose string indexes are not all found here."""
    if _SHARED_START in piece:
        return None
    if 't="s"' not in piece:
        return piece
    indexes = _STRING_INDEX.findall(piece)
    if len(indexes) != piece.count('t="s"'):
        return None
    try:
        return piece, tuple(strings[int(index)] for index in indexes)
    except IndexError:
        return None   # cell_of says why


def _read_row(piece, key, cells, sheet, known):
    """Feed a piece's cells to ``sheet``: (their addresses, {position: RawCell} of those that hold
    something, {position: result} of the formulas, their grid.RowView), remembered in ``known``
    under ``key`` (see _row_key)."""
    for number in _ROW_NUMBER.findall(piece):
        sheet.start_row(number)
    filled = tuple(_read_cells(cells, sheet, known))
    # Dicts, not pairs: the sheet's dicts take a dict's entries in one step, row after row.
    held = {position: cell for position, cell, _ in filled}
    made = (tuple(cell[0] for cell in cells), held,
            {position: result for position, cell, result in filled if cell.is_formula}, row_view(held))
    if key is not None:
        known.put(key, made)
    return made


def _read_cells(cells, sheet, known):
    """(position, RawCell, formula result) of each of ``cells`` that holds something, each cell looked up
    in ``known`` first and remembered there (a shared formula's cell excepted)."""
    strings = sheet.strings
    for cell in cells:
        key = cell if cell[2] != "s" else _string_key(cell, strings)
        made = known.get(key) if key is not None else None
        if made is None:
            made = _read_cell(cell, sheet)
            if key is not None and not cell[4].startswith(_SHARED_START):
                known.put(key, made)
        if made is not _NOTHING:
            yield made


_NOTHING = object()   # what an empty cell, or one holding nothing, makes


def _read_cell(cell, sheet):
    """(position, RawCell, formula result) of one cell as ``sheet`` (a SheetCells) reads it; _NOTHING
    for a cell that holds nothing."""
    coordinate, style, kind, empty, formula, value, inline, inline_text = cell
    if empty:
        # Holds nothing and replaces nothing (no address twice); only its address and style are checked.
        cell_position(coordinate)
        sheet.styles.by_attribute(style or None)   # openpyxl checks the style of an empty cell too
        return _NOTHING
    # findall gives "" for a group that did not take part: "" and None mean the same to cell_of.
    if formula:
        formula = _formula(formula, coordinate, sheet)
    made = sheet.cell_of(*cell_position(coordinate), style or None, kind or None, formula or None,
                         _xml_text(value) if value else None, _xml_text(inline_text) if inline else None)
    return made if made[1] is not None else _NOTHING


def _string_key(cell, strings):
    """The memo key of a t="s" cell: its text with the shared string it points to (the same index
    means another string in another file); None when the index is not one (cell_of says why)."""
    try:
        return (*cell, strings[int(cell[5])])
    except (ValueError, IndexError):
        return None


def _formula(element, coordinate, sheet):
    """A cell's formula from its whole <f> element: "=" and the text, a shared formula's as openpyxl
    moves it."""
    if element.startswith(_SHARED_START):
        group, inner = re.fullmatch(_SHARED, element).groups()
        return sheet.shared_formula(group, "=" + _xml_text(inner or ""), coordinate)
    if element.endswith("/>"):   # <f/>
        return "="
    return "=" + _xml_text(element[element.index(">") + 1:-4])


def _check_references(body):
    """NotPlain for an entity other than XML's five, or a character reference to a character XML
    forbids: found before any cell is fed, as ElementTree refuses the whole part for either."""
    references = _ENTITY.findall(body)
    if len(references) != body.count("&"):
        raise NotPlain("an entity other than XML's own")
    for named, decimal, hexadecimal in references:
        if named:
            continue
        code = int(decimal) if decimal else int(hexadecimal, 16)
        if not (code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD
                or 0x10000 <= code <= 0x10FFFF):
            raise NotPlain(f"character reference &#{decimal or 'x' + hexadecimal};")


def _xml_text(raw):
    """Element text as an XML parser gives it: line ends normalised, then the five entities and the
    character references (checked by _check_references) replaced."""
    if "\r" in raw:
        raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    return _ENTITY.sub(_replace, raw) if "&" in raw else raw


def _replace(reference):
    named, decimal, hexadecimal = reference.groups()
    if named:
        return _NAMED[named]
    return chr(int(decimal) if decimal else int(hexadecimal, 16))
