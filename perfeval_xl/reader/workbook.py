"""Open a workbook file safely and turn every table in it into the model."""

import os
import zipfile
from pathlib import Path

from perfeval_xl.glossary import FUND_TABLE_KINDS, TABLE_NAMES_ZH
from perfeval_xl.model import ReadProblem, Workbook
from perfeval_xl.reader.basic_data import read_basic_data
from perfeval_xl.reader.cover import read_cover
from perfeval_xl.reader.fund_tables import read_fund_table, statements_of_none
from perfeval_xl.reader.grid import grid_from_worksheet
from perfeval_xl.reader.locate import find_segments
from perfeval_xl.reader.review import read_review
from perfeval_xl.reader.self_evaluation import read_self_evaluation
from perfeval_xl.reader.template_check import HIDDEN_SHEET, read_template_options, template_problems
from perfeval_xl.reader.values import CellReader

# Tables whose absence is reported: without them most checks cannot run.
EXPECTED_TABLES = ("cover", "basic_data", "department", "project")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class UnreadableWorkbook(Exception):
    """The file cannot be read as a workbook; the message is one Chinese line for the user."""


def read_workbook(path):
    """Read every table of the workbook at ``path`` into a Workbook."""
    book = open_workbook(path)
    reader = CellReader()
    workbook = Workbook(path=str(path), sheet_names=list(book.sheetnames))
    skip = {HIDDEN_SHEET} | annotation_sheets(book)
    grids = [grid_from_worksheet(ws) for ws in book.worksheets if ws.title not in skip]
    for grid in grids:
        for segment in find_segments(grid):
            _read_segment(segment, reader, workbook)
    for kind, table in statements_of_none(grids).items():
        workbook.fund_tables.setdefault(kind, table)
    if HIDDEN_SHEET in book.sheetnames:
        workbook.template_options = read_template_options(book)
        workbook.problems.extend(template_problems(book, ignore=skip))
    workbook.problems.extend(reader.problems)
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
    from perfeval_xl.report.annotate_record import RECORD_SHEET, RecordError, read_record

    if RECORD_SHEET not in book.sheetnames:
        return set()
    try:
        record = read_record(book)
    except RecordError:
        return set()  # a sheet of that name that is not ours: read it like any other
    return {RECORD_SHEET} | ({record.summary_sheet} if record and record.summary_sheet else set())


def _missing_tables(workbook):
    present = {"cover": workbook.cover, "basic_data": workbook.basic_data,
               "department": workbook.department, "project": workbook.projects or None}
    return [ReadProblem("table-missing", None, None, "", TABLE_NAMES_ZH[kind])
            for kind in EXPECTED_TABLES if present[kind] is None]


def open_workbook(path):
    """openpyxl's workbook, or UnreadableWorkbook with a one-line Chinese reason."""
    path = Path(path)
    _check_file(path)
    if not zipfile.is_zipfile(path):
        raise UnreadableWorkbook(_not_a_zip_reason(path))
    import openpyxl  # imported here: it is slow to import and not needed for misuse errors

    try:
        return openpyxl.load_workbook(path, data_only=False, keep_links=False, keep_vba=False)
    except Exception as error:  # openpyxl raises many kinds for broken files
        raise UnreadableWorkbook(f"无法读取工作簿 {path.name}：文件已损坏或不是 Excel 工作簿（{type(error).__name__}）") from error


def _check_file(path):
    if not path.exists():
        raise UnreadableWorkbook(f"文件不存在：{path}")
    if path.is_dir():
        raise UnreadableWorkbook(f"这是一个文件夹，不是工作簿文件：{path}")
    if not os.access(path, os.R_OK):
        raise UnreadableWorkbook(f"没有读取权限：{path}")
    if path.stat().st_size == 0:
        raise UnreadableWorkbook(f"文件为空：{path}")


def _not_a_zip_reason(path):
    with open(path, "rb") as handle:
        head = handle.read(8)
    if head == _OLE_MAGIC:
        if _ole_is_encrypted(path):
            return f"文件已加密，请去掉打开密码后再核查：{path.name}"
        return f"{path.name} 是旧版 .xls 格式，本版本暂不支持，请在 Excel/WPS 中另存为 .xlsx 后再核查"
    return f"{path.name} 不是 Excel 工作簿（.xlsx）文件"


def _ole_is_encrypted(path):
    # An encrypted .xlsx is an OLE2 file with an "EncryptedPackage" stream; its
    # directory names are UTF-16, so look for that name in the file's bytes.
    with open(path, "rb") as handle:
        return "EncryptedPackage".encode("utf-16-le") in handle.read(1 << 20)
