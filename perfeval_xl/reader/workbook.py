"""Open a workbook file safely and turn every table in it into the model."""

import os
import struct
import zipfile
from pathlib import Path

from perfeval_xl.glossary import FUND_TABLE_KINDS, TABLE_NAMES_ZH
from perfeval_xl.model import ReadProblem, Workbook
from perfeval_xl.reader.basic_data import read_basic_data
from perfeval_xl.reader.cached_values import cached_value_problems
from perfeval_xl.reader.cover import read_cover
from perfeval_xl.reader.fund_tables import read_fund_table, statements_of_none
from perfeval_xl.reader.fast_xlsx import Declined, read_fast
from perfeval_xl.reader.full_xlsx import OpenpyxlFailed, read_full
from perfeval_xl.reader.limits import UNSAFE_XML, Refused, inspect_zip
from perfeval_xl.reader.locate import find_segments
from perfeval_xl.reader.review import read_review
from perfeval_xl.reader.self_evaluation import read_self_evaluation
from perfeval_xl.reader.template_check import HIDDEN_SHEET, read_template_options, template_of, template_problems
from perfeval_xl.reader.values import CellReader
from perfeval_xl.reader.xls import OLE_MAGIC, NotReadable, open_ole

# Tables whose absence is reported: without them most checks cannot run.
EXPECTED_TABLES = ("cover", "basic_data", "department", "project")
_ZIP_LOCAL_HEADER = b"PK\x03\x04"
# How an .xlsx is read: the fast XML reader with openpyxl when it declines (AUTO),
# or openpyxl only (FULL: the reference, for the equivalence tests and --reader full).
AUTO, FULL = "auto", "full"
READERS = (AUTO, FULL)


class UnreadableWorkbook(Exception):
    """The file cannot be read as a workbook; the message is one Chinese line for the user."""


def read_workbook(path, reader=AUTO):
    """Read every table of the workbook at ``path`` into a Workbook (``reader``: AUTO or FULL)."""
    book = open_workbook(path, reader)
    cells = CellReader()
    workbook = Workbook(path=str(path), sheet_names=list(book.sheetnames), reader=book.reader)
    skip = {HIDDEN_SHEET} | annotation_sheets(book)
    grids = [sheet.grid() for sheet in book.sheets if sheet.title not in skip]
    for grid in grids:
        for segment in find_segments(grid):
            _read_segment(segment, cells, workbook)
    for kind, statement in statements_of_none(grids).items():
        table = workbook.fund_tables.setdefault(kind, statement)
        # "本单位无…" on the cover still counts when a 附件4–6 sheet exists without its own answer,
        # so a table marked 无 in the report but filled in is caught.
        if table is not statement and (table.none_declared.blank or table.none_declared.is_formula):
            table.none_declared = statement.none_declared
    if HIDDEN_SHEET in book.sheetnames:
        workbook.template_options = read_template_options(book)
        template = template_of(book)   # read the hidden sheet once for both checks
        workbook.problems.extend(template_problems(book, template, ignore=skip))
        workbook.problems.extend(cached_value_problems(book, template))
    workbook.problems.extend(cells.problems)
    workbook.problems.extend(_reading_notes(book))
    workbook.problems.extend(_missing_tables(workbook))
    return workbook


def _read_segment(segment, reader, workbook):
    kind = segment.kind
    if kind == "project":
        workbook.projects.append(read_self_evaluation(segment, reader))
    elif kind == "department" and workbook.department is None:
        workbook.department = read_self_evaluation(segment, reader)
    elif kind == "basic_data" and workbook.basic_data is None:
        workbook.basic_data = read_basic_data(segment, reader)
    elif kind == "cover" and workbook.cover is None:
        workbook.cover = read_cover(segment, reader)
    elif kind in FUND_TABLE_KINDS and kind not in workbook.fund_tables:
        workbook.fund_tables[kind] = read_fund_table(segment, reader)
    elif kind == "review" and workbook.review is None:
        workbook.review = read_review(segment, reader)


def annotation_sheets(book):
    """The sheets perfeval-xl itself added to an annotated copy: never read as the unit's tables.

    A unit often sends back the annotated copy it was given; its 核查结果 sheet
    quotes file names and messages that would otherwise pass for titles and dates.
    """
    from perfeval_xl.report import RECORD_SHEET

    sheet = book.sheet(RECORD_SHEET)
    if sheet is None:
        return set()
    from perfeval_xl.report.record_data import RecordError, record_from_column

    try:
        record = record_from_column(sheet.column_values(1))
    except RecordError:
        return set()  # a sheet of that name that is not ours: read it like any other
    return {RECORD_SHEET} | ({record.summary_sheet} if record and record.summary_sheet else set())


def _missing_tables(workbook):
    present = {"cover": workbook.cover, "basic_data": workbook.basic_data,
               "department": workbook.department, "project": workbook.projects or None}
    return [ReadProblem("table-missing", None, None, "", TABLE_NAMES_ZH[kind])
            for kind in EXPECTED_TABLES if present[kind] is None]


def _reading_notes(book):
    """What the report should say about how the file was read: macros not run, .xls formulas not checked."""
    return [ReadProblem("format-note", None, None, note) for note in book.reading_notes]


def open_workbook(path, reader=AUTO):
    """The BookData of the file at ``path``, or UnreadableWorkbook with a one-line Chinese reason.

    The file is recognised by its content, not its name: an .xlsx saved as
    "x.xls" is read, a .docx renamed "x.xlsx" is named for what it is.
    """
    path = Path(path)
    _check_file(path)
    head = _head(path)
    try:
        if head.startswith(OLE_MAGIC):
            return open_ole(path)
        if not zipfile.is_zipfile(path):
            raise UnreadableWorkbook(_not_a_zip_reason(path, head))
        inspection = inspect_zip(path)
    except (Refused, NotReadable) as error:
        raise UnreadableWorkbook(str(error)) from None
    except (zipfile.BadZipFile, OSError) as error:
        raise UnreadableWorkbook(_damaged(path, error)) from error
    book = _read_xlsx(path, inspection, reader)
    book.reading_notes = inspection.notes
    return book


def _read_xlsx(path, inspection, reader):
    if reader != FULL:
        try:
            return read_fast(path, inspection.parts, inspection.names)
        except Declined:
            pass  # openpyxl reads it, and reports the damage if there is any
    try:
        return read_full(path)
    except OpenpyxlFailed as failure:
        error = failure.__cause__
        if _caused_by(error, _defused_error()):  # openpyxl wraps it in a ValueError
            raise UnreadableWorkbook(f"{UNSAFE_XML}：{path.name}") from error
        raise UnreadableWorkbook(_damaged(path, error)) from error


def _defused_error():
    from defusedxml import DefusedXmlException

    return DefusedXmlException


def _caused_by(error, kind):
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, kind):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def _damaged(path, error):
    return f"无法读取工作簿 {path.name}：文件已损坏或不是 Excel 工作簿（{type(error).__name__}）"


def _check_file(path):
    if not path.exists():
        raise UnreadableWorkbook(f"文件不存在：{path}")
    if path.is_dir():
        raise UnreadableWorkbook(f"这是一个文件夹，不是工作簿文件：{path}")
    # As root os.access is always true; the open in _head then still says so if reading fails.
    if not os.access(path, os.R_OK):
        raise UnreadableWorkbook(f"没有读取权限：{path}")
    if path.stat().st_size == 0:
        raise UnreadableWorkbook(f"文件为空：{path}")


def _head(path):
    try:
        with open(path, "rb") as handle:
            return handle.read(512)
    except OSError as error:
        raise UnreadableWorkbook(f"无法打开文件 {path}：{error.strerror or type(error).__name__}") from error


def _not_a_zip_reason(path, head):
    name = path.name
    if _is_cut_zip(head):
        return f"{name} 不完整（可能在下载或复制时被截断），无法读取；请重新获取原文件"
    if head.startswith(b"%PDF"):
        return f"{name} 是 PDF 文件，不是 Excel 工作簿；请向报送单位索取 Excel 工作簿（.xlsx）"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if b"urn:schemas-microsoft-com:office:spreadsheet" in start or b'progid="excel.sheet"' in start:
        return f"{name} 是 Excel 2003 XML 表格，不能直接读取：请在 Excel 或 WPS 中打开，“另存为”Excel 工作簿（.xlsx）"
    if start.startswith((b"<!doctype html", b"<html", b"<table")) or b"<html" in start:
        return (f"{name} 是网页（HTML）格式的文件，只是扩展名为表格（常见于系统导出的“.xls”）："
                f"请在 Excel 或 WPS 中打开，“另存为”Excel 工作簿（.xlsx）后再核查")
    return f"{name} 不是 Excel 工作簿（.xlsx）文件"


def _is_cut_zip(head):
    """A zip's first part header is whole, but the directory at the end is gone: a cut-off download."""
    if not head.startswith(_ZIP_LOCAL_HEADER) or len(head) < 30:
        return False
    name_length = struct.unpack("<H", head[26:28])[0]
    return 0 < name_length <= len(head) - 30 and head[30:30 + name_length].isascii()
