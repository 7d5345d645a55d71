"""Workbook structure protection, which xlsxwriter has no API for.

xlsxwriter (3.x) offers ``worksheet.protect()`` but nothing for the
workbook's structure.  ECMA-376 Part 1 §18.2.29 defines the element
``<workbookProtection lockStructure="1" workbookPassword="…"/>``, placed
right after ``<workbookPr>`` in xl/workbook.xml.  This subclass writes it by
extending xlsxwriter's (private) ``_write_workbook_pr`` hook; the tests check
that the element is in the file and that openpyxl reads ``lockStructure``.
"""

import xlsxwriter

SHEET_PROTECTION = {
    "select_locked_cells": True,
    "select_unlocked_cells": True,
    "format_columns": True,
    "format_rows": True,
}


def legacy_password_hash(password):
    """The 16-bit hash Excel stores for a sheet/workbook password (ECMA-376 Part 4 §14.7.1).

    A guide rail, not security (RULES.md §6).
    """
    digest = 0
    for char in reversed(password):
        digest = ((digest >> 14) & 0x01) | ((digest << 1) & 0x7FFF)
        digest ^= ord(char)
    digest = ((digest >> 14) & 0x01) | ((digest << 1) & 0x7FFF)
    digest ^= len(password) ^ 0xCE4B
    return f"{digest:X}"


class StructureProtectedWorkbook(xlsxwriter.Workbook):
    """An xlsxwriter Workbook whose sheets cannot be added, deleted, renamed or unhidden."""

    def __init__(self, filename, options=None, password=None):
        super().__init__(filename, options)
        self.structure_password = password

    def _write_workbook_pr(self):
        super()._write_workbook_pr()
        attributes = [("lockStructure", 1)]
        if self.structure_password:
            attributes.insert(0, ("workbookPassword",
                                  legacy_password_hash(self.structure_password)))
        self._xml_empty_tag("workbookProtection", attributes)
