"""A1 addresses and column letters for the template and the reader, without openpyxl or xlsxwriter
(importing either costs more than reading a whole workbook)."""

import re
from functools import lru_cache

_ADDRESS = re.compile(r"^\$?([A-Za-z]{1,3})\$?([1-9]\d{0,6})$")
MAX_COLUMN = 16384   # XFD, Excel's last column
MAX_ROW = 1_048_576  # Excel's last row


@lru_cache(maxsize=None)
def column_letter(column):
    """1 → "A", 27 → "AA"; ValueError outside Excel's 1…16384."""
    if not 1 <= column <= MAX_COLUMN:
        raise ValueError(f"列号超出范围：{column}")
    letters = ""
    while column:
        column, remainder = divmod(column - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


@lru_cache(maxsize=4096)
def column_index(letters):
    """"A" → 1, "aa" → 27; ValueError for anything that is not a column in 1…16384."""
    index = 0
    for char in letters.upper():
        if not "A" <= char <= "Z":
            raise ValueError(f"不是列字母：{letters}")
        index = index * 26 + ord(char) - 64
    if not 1 <= index <= MAX_COLUMN or not letters:
        raise ValueError(f"不是列字母：{letters}")
    return index


def address(row, column):
    return f"{column_letter(column)}{row}"


@lru_cache(maxsize=1 << 14)   # the same addresses recur in every sheet and every file of a batch
def split_address(text):
    """"B12" → (12, 2), "$B$12" too; ValueError for anything else."""
    match = _ADDRESS.match(text)
    if match is None:
        raise ValueError(f"不是单元格地址：{text}")
    row = int(match.group(2))
    if row > MAX_ROW:
        raise ValueError(f"行号超出范围：{text}")
    return row, column_index(match.group(1))
