"""Read a plainly written <sheetData> with regular expressions instead of ElementTree.

Most of a sheet's XML is its cells, and ElementTree builds three or four Python
objects for each before the reader looks at it.  Excel, WPS, LibreOffice,
openpyxl and xlsxwriter all write a cell the same few ways, such as
``<c r="B5" s="3" t="s"><v>12</v></c>``, and Excel a formula copied down as a
shared formula, ``<f t="shared" ref="F5:F9" si="0">…</f>`` then
``<f t="shared" si="0"/>``.  The scanner first checks the whole
body against a grammar of exactly those forms (one pass of the regular
expression engine, nothing skipped), then takes the cells out with findall and
gives each to the same SheetCells rules the ElementTree path uses.  Anything
else anywhere in the sheet's data (a rich-text string, a formula's other
attributes, a comment, a namespace prefix, a character XML forbids, an address given twice)
raises NotPlain before a cell is read, and the sheet is read with ElementTree,
which also judges whether the XML is well formed.
"""

import re

from perfeval_xl.reader.sheet_cells import cell_position

_WS = "[ \t\r\n]"   # XML's white space, not Unicode's (\s would also take U+3000)
# Text and attribute values: without the characters XML 1.0 forbids (ElementTree refuses them).
_TEXT = "[^<\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]*"
_ROW_ATTRIBUTES = (rf'(?: r="[0-9.]{{1,12}}")?(?:{_WS}+(?!r{_WS}*=|xmlns)[A-Za-z][A-Za-z0-9:]*="[^"<>&'
                   rf'\x00-\x1f\ufffe\uffff]*")*{_WS}*')
_CELL_START = r'<c r="([A-Z]{1,3}[1-9][0-9]{0,6})"(?: s="([0-9]{1,9})")?(?: t="([A-Za-z]{1,9})")?' + f"{_WS}*"


def _shared_formula(group, text):
    """A shared formula as Excel writes it (the master with its text, the other cells of the group
    without), with ``group`` and ``text`` the patterns of its si="…" and its text."""
    return rf'<f t="shared"(?: ref="[A-Z0-9:]{{1,30}}")? si="{group}"(?:{_WS}*/>|>{text}</f>)'


# Groups: the whole <f> (to tell <f></f> from no formula), the <v> text, the whole <is> and its text.
_CELL_CONTENT = (rf"(<f>{_TEXT}</f>|<f{_WS}*/>|{_shared_formula('[0-9]{1,9}', _TEXT)})?"
                 rf"(?:<v>({_TEXT})</v>|<v{_WS}*/>)?"
                 rf'(<is><t(?: xml:space="preserve")?>({_TEXT})</t></is>)?</c>')
# The whole of a plain <sheetData>, checked in one pass of the regular expression engine: rows holding
# cells, nothing else.  Possessive repeats: a body that does not match fails at once, without backtracking.
_PLAIN_BODY = re.compile(rf"(?:{_WS}*<row{_ROW_ATTRIBUTES}(?:/>|>(?:{_WS}*{_CELL_START}(?:/>|>{_CELL_CONTENT}))*+"
                         rf"{_WS}*</row>))*+{_WS}*")
# Every cell of a body _PLAIN_BODY took, in order; the fourth group is "/" for an empty <c …/>.
_ANY_CELL = re.compile(f"{_CELL_START}(?:(/)>|>{_CELL_CONTENT})")
_ROW_NUMBER = re.compile(r'<row r="([^"]*)"')
_SHARED = re.compile(_shared_formula("([0-9]{1,9})", f"({_TEXT})"))
_ENTITY = re.compile(r"&(?:(lt|gt|amp|quot|apos)|#([0-9]{1,7})|#x([0-9a-fA-F]{1,6}));")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}


class NotPlain(Exception):
    """The sheet's data holds something the scanner leaves to ElementTree."""


def scan_rows(body, sheet):
    """Feed every cell of ``body`` (the text between <sheetData> and </sheetData>) to ``sheet`` (a
    SheetCells); NotPlain, before any cell is fed, when the body is not plain.

    Plain: rows holding cells that each name their address, in the forms _PLAIN_BODY allows, no
    address twice (openpyxl's "a later cell replaces an earlier one" is left to ElementTree), no
    character XML forbids.  Every cell then has its own address, so the order of the rows and the
    row numbers (checked all the same) place nothing.
    """
    if "]]>" in body or not _PLAIN_BODY.fullmatch(body):   # "]]>" may not appear in XML text
        raise NotPlain("not plain rows of plain cells")
    if "&" in body:
        _check_references(body)
    cells = _ANY_CELL.findall(body)
    if len({cell[0] for cell in cells}) != len(cells):
        raise NotPlain("a cell given twice")
    for number in _ROW_NUMBER.findall(body):
        sheet.start_row(number)
    put, text, empty_styles = sheet.put, _xml_text, set()
    for coordinate, style, kind, empty, formula, value, inline, inline_text in cells:
        if empty:
            # Holds nothing and replaces nothing (no address twice); only its address and style are checked.
            cell_position(coordinate)
            empty_styles.add(style or None)
            continue
        # findall gives "" for a group that did not take part: "" and None mean the same to put.
        if formula:
            formula = _formula(formula, coordinate, sheet)
        put(coordinate, 0, style or None, kind or None, formula or None, text(value) if value else None,
            text(inline_text) if inline else None, False)
    for style in empty_styles:
        sheet.styles.by_attribute(style)   # openpyxl checks the style of an empty cell too


def _formula(element, coordinate, sheet):
    """A cell's formula from its whole <f> element: "=" and the text, a shared formula's as openpyxl
    moves it."""
    if element.startswith("<f>"):
        return "=" + _xml_text(element[3:-4])
    shared = _SHARED.fullmatch(element)
    if shared is None:   # <f/>
        return "="
    group, inner = shared.groups()
    return sheet.shared_formula(group, "=" + _xml_text(inner or ""), coordinate)


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
