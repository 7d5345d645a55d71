"""Write the annotated copy: the source workbook with a 核查结果 sheet and its problem cells marked.

The source is read into memory and never written.  Cells with findings get a
fill by their worst severity and a comment; a very hidden sheet records what
was changed, so annotating an annotated copy replaces the old marks instead of
stacking them, and ``remove_annotation`` gives back the unmarked workbook.
"""

import io
import re
import warnings
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import openpyxl
from openpyxl.drawing.image import PILImage
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from perfeval_xl.atomic import OutputError, atomic_output, check_output_path
from perfeval_xl.report.annotate_cells import mark_cells, parse_cell
from perfeval_xl.report.annotate_review import review_changes
from perfeval_xl.report.annotate_dropped import (DroppedFeature, detect_dropped, empty_author_comments,
                                                 feature, merge_features)
from perfeval_xl.report.annotate_record import (RECORD_SHEET, ForeignSheetError, Record,
                                                RecordError, current_views, read_record,
                                                restore_views, undo, write_record)
from perfeval_xl.report.annotate_summary import SUMMARY_TITLE, unique_title, write_summary

READABLE_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm")
MACRO_SUFFIXES = (".xlsm", ".xltm")
_MERGED_COMMENT_WARNING = re.compile(r"^Cell '(.*)':\w+ is part of a merged range but has a comment")


class AnnotationError(Exception):
    """The source cannot be annotated (message in Chinese)."""


@dataclass(frozen=True)
class AnnotationResult:
    """What ``annotate`` wrote.

    ``annotated_cells`` are the (sheet, cell) pairs that got a fill and a comment;
    ``summary_only`` counts findings listed only on 核查结果 (no sheet or cell, or
    one the workbook does not have); ``dropped`` lists content of the source the
    copy does not keep (in full); ``replaced_previous`` tells that an earlier
    perfeval-xl annotation was removed first; ``notes`` are Chinese remarks.
    """

    output: Path
    summary_sheet: str
    annotated_cells: tuple
    summary_only: int
    dropped: tuple
    replaced_previous: bool
    notes: tuple = ()


@dataclass(frozen=True)
class RemovalResult:
    """What ``remove_annotation`` wrote: how many cells were restored, and what was not kept."""

    output: Path
    restored_cells: int
    dropped: tuple


def annotate(source, findings, output, *, unit=None, year=None, checked_at=None, review=None):
    """Write ``output``: a copy of ``source`` with 核查结果 first and the finding cells marked.

    ``checked_at`` (a datetime or text) adds a 核查时间 row; leave it None for a
    deterministic sheet.  ``review`` is (考核评分表 sheet name, computed items of
    review_score.score_review): the computable 考核评分表 items are written into
    that sheet too.  Raises OutputError when ``output`` is the source or cannot
    be written, AnnotationError when the source cannot be read.
    """
    source, output = Path(source), Path(output)
    workbook, dropped = _open(source, output)
    notes, previous = _take_previous(workbook)
    dropped = merge_features(_features_from(previous), dropped)
    active, selected = current_views(workbook)
    findings = list(findings)
    changes, placed = mark_cells(workbook, findings)
    if review is not None and review[0] in workbook.sheetnames:
        changes += review_changes(workbook, *review)
    title = unique_title(workbook, SUMMARY_TITLE)
    facts = _facts(source, unit, year, checked_at)
    summary = write_summary(workbook, findings, title=title, facts=facts,
                            dropped_lines=[item.line_zh for item in dropped])
    _make_active(workbook, summary)
    write_record(workbook, Record(summary_sheet=title, active=active, selected=selected,
                                  changes=changes, dropped=[item.as_dict() for item in dropped]))
    _save(workbook, output)
    cells = tuple((change.sheet, change.cell) for change in changes)
    return AnnotationResult(output=output, summary_sheet=title, annotated_cells=cells,
                            summary_only=len(findings) - placed,
                            dropped=dropped, replaced_previous=previous is not None,
                            notes=tuple(notes))


def remove_annotation(source, output):
    """Write ``output``: the annotated copy ``source`` with every perfeval-xl mark taken off."""
    source, output = Path(source), Path(output)
    workbook, dropped = _open(source, output)
    try:
        record = read_record(workbook)
    except RecordError as error:
        raise AnnotationError(f"{source.name}：{error}") from error
    if record is None:
        raise AnnotationError(f"{source.name} 不是 perfeval-xl 生成的核查副本，没有可清除的标注")
    undo(workbook, record)
    _save(workbook, output)
    return RemovalResult(output=output, restored_cells=len(record.changes),
                         dropped=merge_features(_features_from(record), dropped))


def _open(source, output):
    """Check the paths, read the source into memory, find what will be dropped, load it."""
    keep_vba = _check_paths(source, output)
    data = source.read_bytes()
    workbook, load_warnings = _load(data, keep_vba, source.name)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        dropped = detect_dropped(archive, keep_vba=keep_vba, images_supported=bool(PILImage))
        _restore_empty_authors(workbook, empty_author_comments(archive))
    return workbook, merge_features(dropped, _merged_comment_features(load_warnings))


def _check_paths(source, output):
    """Refuse bad paths; return whether the macros can be kept (an .xlsm written as .xlsm)."""
    if not source.is_file():
        raise AnnotationError(f"找不到要核查的文件：{source}")
    if source.suffix.lower() not in READABLE_SUFFIXES:
        raise AnnotationError(f"不支持的文件格式 {source.suffix}：请在 Excel 或 WPS 中另存为 .xlsx 后再核查")
    if output.resolve() == source.resolve():
        raise OutputError(f"输出文件不能与输入文件相同：{output}")
    check_output_path(output, [source])
    keep_vba = source.suffix.lower() in MACRO_SUFFIXES and output.suffix.lower() == ".xlsm"
    if output.suffix.lower() not in (".xlsx", ".xlsm"):
        raise OutputError(f"核查副本的扩展名应为 .xlsx：{output}")
    if output.suffix.lower() == ".xlsm" and not keep_vba:
        raise OutputError(f"原文件不是启用宏的工作簿，核查副本的扩展名应为 .xlsx：{output}")
    return keep_vba


def _load(data, keep_vba, name):
    """Load with everything openpyxl can keep; its warnings are returned, not shown."""
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            workbook = openpyxl.load_workbook(io.BytesIO(data), keep_vba=keep_vba,
                                              keep_links=True, rich_text=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, TypeError,
            OSError) as error:
        raise AnnotationError(f"无法读取工作簿 {name}：{error}") from error
    workbook.template = False     # the copy is a workbook to read, not a template
    return workbook, [str(item.message) for item in caught]


def _restore_empty_authors(workbook, places):
    """openpyxl loads an empty comment author as "None": give those comments their empty author back."""
    for title, coordinate in places:
        sheet = workbook[title] if title in workbook.sheetnames else None
        if not isinstance(sheet, Worksheet) or parse_cell(coordinate) is None:
            continue
        comment = getattr(sheet[coordinate], "comment", None)
        if comment is not None and comment.author == "None":
            comment.author = ""


def _merged_comment_features(messages):
    """openpyxl removes comments of merged cells other than the top-left one, and says so."""
    sheets = [match.group(1) for match in map(_MERGED_COMMENT_WARNING.match, messages) if match]
    return (feature("merged_comments", sheets=dict.fromkeys(sheets)),) if sheets else ()


def _take_previous(workbook):
    """Undo an earlier perfeval-xl annotation; return (notes, the Record or None)."""
    try:
        record = read_record(workbook)
    except ForeignSheetError as error:
        raise AnnotationError(f"{error}，请重命名该工作表后再核查") from error
    except RecordError as error:
        workbook.remove(workbook[RECORD_SHEET])
        return [f"{error}；上次核查留下的底色和批注未能自动清除"], None
    if record is not None:
        undo(workbook, record)
    return [], record


def _features_from(record):
    """The dropped features an earlier run reported: the copy being re-annotated lacks them too."""
    if record is None:
        return ()
    features = []
    for item in record.dropped:
        try:
            features.append(DroppedFeature(str(item["key"]), str(item["label"]), bool(item["partial"]),
                                           tuple(map(str, item["sheets"])), tuple(map(str, item["parts"]))))
        except (KeyError, TypeError):
            continue
    return tuple(features)


def _facts(source, unit, year, checked_at):
    facts = [("文件", source.name), ("单位", unit or "（未识别）"),
             ("年度", "（未识别）" if year is None else str(year))]
    if isinstance(checked_at, (datetime, date)):
        checked_at = checked_at.strftime("%Y-%m-%d %H:%M" if isinstance(checked_at, datetime) else "%Y-%m-%d")
    if checked_at is not None:
        facts.append(("核查时间", checked_at))
    return facts


def _make_active(workbook, summary):
    restore_views(workbook, summary.title, [summary.title])


def _save(workbook, output):
    with atomic_output(output) as temporary:
        workbook.save(temporary)
