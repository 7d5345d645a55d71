"""OLE2 files (.xls, WPS .et, encrypted .xlsx, a renamed .doc): name what they are; read an .xls into Grids.

xlrd reads values only: a formula in an .xls comes as the result Excel last saved,
so every cell is read as a typed constant, and the report says formulas were not checked.
"""

import os
from datetime import datetime

from perfeval_xl.a1 import address
from perfeval_xl.reader.grid import RawCell
from perfeval_xl.reader.sheets import BookData, SheetData
from perfeval_xl.reader.limits import SAVE_AS_XLSX

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# xlrd reads a whole .xls into memory and builds every cell at once; an .xls holds at
# most 65,536 rows a sheet, and 50 MB of it is already some 2 million cells.
MAX_XLS_BYTES = 50 * 1024 * 1024
FORMULAS_NOTE = "此文件为旧版 .xls：只读到单元格的值，公式按其结果当作手填数字核对，公式本身无法检查"
_WPS_SUFFIXES = (".et", ".ett")


class NotReadable(Exception):
    """The OLE2 file is not an .xls that xlrd can read; the message is one Chinese line."""


def open_ole(path):
    """The BookData of an .xls (or a WPS .et xlrd can read); NotReadable saying what the file is otherwise."""
    if path.stat().st_size > MAX_XLS_BYTES:
        raise NotReadable(f"{path.name} 超过 .xls 的读取上限 {MAX_XLS_BYTES // (1024 * 1024)} MB，已拒绝读取；{SAVE_AS_XLSX}")
    data = path.read_bytes()
    streams = stream_names(data)
    encrypted = NotReadable(f"文件已加密，请去掉打开密码后再核查：{path.name}")
    if "encryptedpackage" in streams:
        raise encrypted
    if "worddocument" in streams:
        raise NotReadable(f"{path.name} 是 Word 文档（.doc），只是扩展名为表格；请向报送单位索取 Excel 工作簿")
    if "powerpoint document" in streams:
        raise NotReadable(f"{path.name} 是 PowerPoint 演示文稿（.ppt），不是 Excel 工作簿")
    import importlib.util

    if importlib.util.find_spec("xlrd") is None:  # a declared dependency, but an old install may lack it
        raise NotReadable(f"{path.name} 是旧版 .xls 文件，读取它需要 xlrd（pip install xlrd）；或{SAVE_AS_XLSX}")
    try:
        return _read_xls(data)
    except Exception as error:  # noqa: BLE001 - xlrd raises many kinds for files it cannot read
        if "encrypt" in str(error).lower():  # an .xls with an open password: "Workbook is encrypted"
            raise encrypted from None
        raise NotReadable(_unreadable_reason(path, error)) from error


def stream_names(data):
    """The lower-cased names in an OLE2 file's directory; from its bytes when the directory is damaged."""
    try:
        from xlrd.compdoc import CompDoc

        with open(os.devnull, "w") as quiet:
            return {entry.name.lower() for entry in CompDoc(data, logfile=quiet).dirlist}
    except Exception:  # noqa: BLE001 - a damaged directory (or no xlrd): look for the names' UTF-16 bytes
        names = ("EncryptedPackage", "WordDocument", "PowerPoint Document", "Workbook", "Book")
        return {name.lower() for name in names if name.encode("utf-16-le") in data}


def _unreadable_reason(path, error):
    if path.suffix.lower() in _WPS_SUFFIXES:
        return f"{path.name} 是 WPS 表格（.et）文件，无法直接读取：请在 WPS 中“文件→另存为”，文件类型选“Excel 工作簿（*.xlsx）”后再核查"
    return f"{path.name} 是旧版 Office 文件，但读不出工作表（{type(error).__name__}）；{SAVE_AS_XLSX}"


def _read_xls(data):
    import xlrd

    with open(os.devnull, "w") as quiet:
        # formatting_info gives number formats and merged cells.
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, logfile=quiet)
    sheets = [sheet_from_xls(sheet, book) for sheet in book.sheets()]  # hidden ones too
    return BookData(sheets, [sheet.title for sheet in sheets], (FORMULAS_NOTE,), reader="xlrd",
                    formulas_readable=False)


def sheet_from_xls(sheet, book):
    """A SheetData from an xlrd sheet: typed values, number formats, merged ranges.

    Unlike an .xlsx, an .xls keeps what was typed inside a merged range; it stays
    in ``cells`` and shows only when the range's top-left cell is empty.
    """
    cells = {}
    for row in range(sheet.nrows):
        for column in range(sheet.ncols):
            raw = cell_value(sheet.cell(row, column), book)
            if raw is None:
                continue
            cells[(row + 1, column + 1)] = RawCell(sheet.name, address(row + 1, column + 1), row + 1, column + 1,
                                                   raw, False, _number_format(sheet, book, row, column), column + 1)
    # xlrd: 0-based, ends exclusive
    merged = tuple((first_row + 1, first_column + 1, end_row, end_column)
                   for first_row, end_row, first_column, end_column in sheet.merged_cells)
    return SheetData(sheet.name, cells, merged)


def cell_value(cell, book):
    """The value openpyxl would give for the same cell in an .xlsx: str, int, float, bool, datetime, error text."""
    import xlrd

    kind, value = cell.ctype, cell.value
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if kind == xlrd.XL_CELL_NUMBER:
        return int(value) if float(value).is_integer() else value  # an .xlsx stores 110, not 110.0
    if kind == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate.xldate_as_datetime(value, book.datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return value
    if kind == xlrd.XL_CELL_BOOLEAN:
        return bool(value)
    if kind == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(value, "#N/A")
    return value if isinstance(value, (str, datetime)) else str(value)


def _number_format(sheet, book, row, column):
    try:
        xf = book.xf_list[sheet.cell_xf_index(row, column)]
        return book.format_map[xf.format_key].format_str or "General"
    except (IndexError, KeyError, AttributeError):
        return "General"
