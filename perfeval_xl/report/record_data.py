"""The annotation record's data, read without openpyxl: the reader only needs to know which sheets are ours.

annotate_record.py writes the record and undoes it with openpyxl; this module
holds what both it and the reader share.
"""

import json
import re
from dataclasses import asdict, dataclass, field

from perfeval_xl.report import RECORD_SHEET

MARKER = "perfeval-xl annotation record"
VERSION = 1
_COORDINATE = re.compile(r"^[A-Z]{1,3}[1-9][0-9]{0,6}$")


class RecordError(ValueError):
    """The record sheet exists but cannot be read."""


class ForeignSheetError(RecordError):
    """A sheet has the record's name but is not a perfeval-xl record: never touch it."""


@dataclass
class CellChange:
    """One annotated cell: what it had before, and the marks we left on it."""

    sheet: str
    cell: str
    fill: str                 # the original fill, as openpyxl's <fill> XML
    comment: dict | None      # the original comment {text, author, width, height}, or None
    our_fill: str             # ARGB of the fill we set
    our_comment: str          # the full comment text we set


@dataclass
class Record:
    summary_sheet: str | None = None
    active: str | None = None                     # the sheet that was active before
    selected: list = field(default_factory=list)  # sheets whose tab was selected before
    changes: list = field(default_factory=list)   # CellChange
    dropped: list = field(default_factory=list)   # DroppedFeature.as_dict() of earlier runs


def record_from_column(values):
    """The Record in a record sheet's column A (its values from row 1 down); RecordError when unreadable.

    ForeignSheetError when row 1 is not our marker: a sheet of that name that is not ours.
    """
    if not values or values[0] != MARKER:
        raise ForeignSheetError(f"工作簿中名为 {RECORD_SHEET} 的工作表不是 perfeval-xl 的核查记录")
    chunks = []
    for value in values[1:]:
        if not isinstance(value, str):
            break
        chunks.append(value)
    try:
        return _record_from_data(json.loads("".join(chunks)))
    except (ValueError, TypeError, KeyError, AttributeError) as error:
        raise RecordError(f"核查记录无法读取：{error}") from error


def _record_from_data(data):
    if data.get("version") != VERSION:
        raise RecordError(f"核查记录版本 {data.get('version')} 无法识别")
    changes = [CellChange(**{key: item[key] for key in CellChange.__dataclass_fields__})
               for item in data["changes"]]
    for change in changes:
        if not _valid_change(change):
            raise RecordError(f"核查记录中的单元格无法识别：{change.sheet}!{change.cell}")
    selected = [title for title in data.get("selected") or [] if isinstance(title, str)]
    dropped = [item for item in data.get("dropped") or [] if isinstance(item, dict)]
    return Record(summary_sheet=_text_or_none(data.get("summary_sheet")),
                  active=_text_or_none(data.get("active")), selected=selected,
                  changes=changes, dropped=dropped)


def _text_or_none(value):
    return value if isinstance(value, str) else None


def _valid_change(change):
    texts = (change.sheet, change.cell, change.fill, change.our_fill, change.our_comment)
    if not all(isinstance(text, str) for text in texts) or not _COORDINATE.match(change.cell):
        return False
    comment = change.comment
    return comment is None or (isinstance(comment, dict) and {"text", "author"} <= comment.keys())


def new_record_data(record):
    """asdict plus the version, for writing."""
    data = asdict(record)
    data["version"] = VERSION
    return data
