"""reader/number_formats.py is openpyxl's: its tables, its date test, its date serials, its number cast.

The fast reader gives every cell the value and format openpyxl would; these are the
pieces of openpyxl it repeats (so as not to import it), compared with openpyxl's own.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.styles import numbers as openpyxl_numbers
from openpyxl.utils import datetime as openpyxl_datetime
from openpyxl.worksheet._reader import _cast_number

from perfeval_xl.reader import number_formats
from test_fast_reader import GENERATED, with_type

CUSTOM_FORMATS = (
    'yyyy"年"m"月"d"日"', "[$-804]yyyy年m月d日", "yyyy年m月d日", 'm"月"d"日"', 'yyyy"年"m"月"', "yyyy/m/d",
    "yyyy-mm-dd", "yyyy-mm-dd;@", "[$-409]mmmm d, yyyy;@", '[DBNum1][$-804]yyyy"年"m"月"d"日"',
    'h"时"mm"分"', "h:mm AM/PM", "上午/下午h\"时\"mm\"分\"", "mm:ss.0", "e\"年\"m\"月\"d\"日\"", '"Day "d', "ddd",
    "[h]:mm:ss", "[hh]:mm", "[mm]:ss", "[ss].00", "[H]:MM:SS", "0.00%", "0%", "0.0000%", "#,##0.00_ ",
    "#,##0_ ", "0_ ", "0.00_ ;[Red]\\-0.00\\ ", "#,##0.00_);[Red]\\(#,##0.00\\)", "[Red]0.00", "[Blue]#,##0",
    '"元"0', '0.00"万元"', '0"分"', "¥#,##0.00;¥-#,##0.00", '"¥"#,##0.00_);[Red]\\("¥"#,##0.00\\)',
    "[$¥-804]#,##0.00", "[DBNum2][$-804]General", "G/通用格式", "General", "@", "@;yyyy",
    "General;General;\"—\"", "0.00;[Red]-0.00", "\\d0", "_d0", "[<=9999999]###-####;(###) ###-####",
    "[$-F800]dddd\\,\\ mmmm\\ dd\\,\\ yyyy", "", None,
)
SERIALS = (0, 1e-9, 0.00001157, 0.5, 0.999999, 0.99999999, 1, 1.5, 59, 59.99, 60, 60.5, 61, 366,
           45000, 45000.75, 45000.123456789, 45657.99999999, -0.5, -1, -700000, 2958465, 2958465.9999999,
           2958466, 1e12, float("inf"), float("-inf"))


def test_builtin_formats_are_openpyxls():
    assert number_formats.BUILTIN_FORMATS == openpyxl_numbers.BUILTIN_FORMATS
    assert number_formats.BUILTIN_FORMATS_MAX_SIZE == openpyxl_numbers.BUILTIN_FORMATS_MAX_SIZE


@pytest.mark.parametrize("fmt", list(openpyxl_numbers.BUILTIN_FORMATS.values()) + list(CUSTOM_FORMATS))
def test_date_and_timedelta_formats_are_openpyxls(fmt):
    assert number_formats.is_date_format(fmt) == openpyxl_numbers.is_date_format(fmt)
    assert number_formats.is_timedelta_format(fmt) == openpyxl_numbers.is_timedelta_format(fmt)


def _outcome(function, *args, **options):
    try:
        return with_type(function(*args, **options))
    except Exception as error:  # noqa: BLE001 - the same exception is what must match
        return type(error)


@pytest.mark.parametrize("epoch", [number_formats.WINDOWS_EPOCH, number_formats.MAC_EPOCH], ids=["1900", "1904"])
@pytest.mark.parametrize("timedelta", [False, True], ids=["date", "timedelta"])
def test_from_excel_is_openpyxls(epoch, timedelta):
    assert number_formats.WINDOWS_EPOCH == openpyxl_datetime.WINDOWS_EPOCH
    assert number_formats.MAC_EPOCH == openpyxl_datetime.MAC_EPOCH
    for serial in SERIALS:
        ours = _outcome(number_formats.from_excel, serial, epoch, timedelta=timedelta)
        theirs = _outcome(openpyxl_datetime.from_excel, serial, epoch, timedelta=timedelta)
        assert ours == theirs, serial


def test_from_excel_of_nothing_is_nothing():
    assert number_formats.from_excel(None) is openpyxl_datetime.from_excel(None) is None


FORMAT_PIECES = st.sampled_from(['"年"', '"月"', "[Red]", "[$-804]", "[h]", "[mm]", "[ss]", "[DBNum1]", "\\d", "_d",
                                 ";", "@", "0.00", "#,##0", "%", "E+00", "AM/PM", ".0", " "] + list("dmyhsDMYHS:/-年月日"))


@settings(max_examples=300, **GENERATED)
@given(fmt=st.lists(FORMAT_PIECES, max_size=8).map("".join))
def test_any_format_is_a_date_exactly_when_openpyxl_says(fmt):
    assert number_formats.is_date_format(fmt) == openpyxl_numbers.is_date_format(fmt)
    assert number_formats.is_timedelta_format(fmt) == openpyxl_numbers.is_timedelta_format(fmt)


@settings(max_examples=300, **GENERATED)
@given(serial=st.one_of(st.floats(-1e6, 3e6), st.integers(-10**6, 3 * 10**6)), mac=st.booleans(),
       timedelta=st.booleans())
def test_any_serial_converts_as_openpyxl_converts_it(serial, mac, timedelta):
    epoch = number_formats.MAC_EPOCH if mac else number_formats.WINDOWS_EPOCH
    assert (_outcome(number_formats.from_excel, serial, epoch, timedelta=timedelta)
            == _outcome(openpyxl_datetime.from_excel, serial, epoch, timedelta=timedelta))


@pytest.mark.parametrize("text", ["0", "-0", "42", " 7", "3.5", "1E3", "1e-3", "-2.50", "1e309", "０", "1_000",
                                  "NaN", "inf", "", "abc", "0x10"])
def test_cast_number_is_openpyxls(text):
    assert _outcome(number_formats.cast_number, text) == _outcome(_cast_number, text)
