"""Number formats and date serials exactly as openpyxl reads them, without importing openpyxl.

The fast reader must give every cell the value and format openpyxl would
(findings must not depend on which reader ran), and importing openpyxl costs
more than reading a whole workbook.  These few tables and functions are
openpyxl 3.1's; tests/test_fast_reader.py compares them with openpyxl's own.
"""

import datetime
import re

# openpyxl.styles.numbers.BUILTIN_FORMATS: the formats Excel knows by number.
BUILTIN_FORMATS = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00",
    5: '"$"#,##0_);("$"#,##0)', 6: '"$"#,##0_);[Red]("$"#,##0)',
    7: '"$"#,##0.00_);("$"#,##0.00)', 8: '"$"#,##0.00_);[Red]("$"#,##0.00)',
    9: "0%", 10: "0.00%", 11: "0.00E+00", 12: "# ?/?", 13: "# ??/??",
    14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM",
    19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss", 22: "m/d/yy h:mm",
    37: "#,##0_);(#,##0)", 38: "#,##0_);[Red](#,##0)", 39: "#,##0.00_);(#,##0.00)",
    40: "#,##0.00_);[Red](#,##0.00)",
    41: '_(* #,##0_);_(* \\(#,##0\\);_(* "-"_);_(@_)',
    42: '_("$"* #,##0_);_("$"* \\(#,##0\\);_("$"* "-"_);_(@_)',
    43: '_(* #,##0.00_);_(* \\(#,##0.00\\);_(* "-"??_);_(@_)',
    44: '_("$"* #,##0.00_)_("$"* \\(#,##0.00\\)_("$"* "-"??_)_(@_)',
    45: "mm:ss", 46: "[h]:mm:ss", 47: "mmss.0", 48: "##0.0E+0", 49: "@",
}
BUILTIN_FORMATS_MAX_SIZE = 164   # custom formats are numbered from here

_STRIP = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')   # literals and [Red]/[$-409] blocks
_TIMEDELTA = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.I)
_DATE_PART = re.compile(r"(?<![_\\])[dmhysDMHYS]")

WINDOWS_EPOCH = datetime.datetime(1899, 12, 30)
MAC_EPOCH = datetime.datetime(1904, 1, 1)
_SECONDS_PER_DAY = 86400


def is_date_format(fmt):
    """openpyxl's test: a d, m, h, y or s outside quotes and brackets in the positive section."""
    if fmt is None:
        return False
    return _DATE_PART.search(_STRIP.sub("", fmt.split(";")[0])) is not None


def is_timedelta_format(fmt):
    if fmt is None:
        return False
    return _TIMEDELTA.search(fmt.split(";")[0]) is not None


def from_excel(value, epoch=WINDOWS_EPOCH, timedelta=False):
    """An Excel serial as openpyxl turns it into a datetime, time or timedelta.

    The two round() calls are openpyxl's own (utils/datetime.py), kept as they are on
    purpose: they place a date on a millisecond, not money, and rounding them any other
    way would make a date cell differ from what the openpyxl reader gives.
    """
    if value is None:
        return None
    if timedelta:
        delta = datetime.timedelta(days=value)
        if delta.microseconds:
            delta = datetime.timedelta(seconds=delta.total_seconds() // 1,
                                       microseconds=round(delta.microseconds, -3))
        return delta
    day, fraction = divmod(value, 1)
    diff = datetime.timedelta(milliseconds=round(fraction * _SECONDS_PER_DAY * 1000))
    if 0 <= value < 1 and diff.days == 0:
        minutes, seconds = divmod(diff.seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return datetime.time(hours, minutes, seconds, diff.microseconds)
    if 0 < value < 60 and epoch == WINDOWS_EPOCH:
        day += 1   # Excel's phantom 1900-02-29
    return epoch + datetime.timedelta(days=day) + diff


def cast_number(text):
    """A cell's <v> text as openpyxl types it: float when it has a point or exponent, else int."""
    if "." in text or "E" in text or "e" in text:
        return float(text)
    return int(text)
