"""Readers: the only code that opens a workbook to check it."""

from perfeval_xl.reader.workbook import UnreadableWorkbook, read_workbook

__all__ = ["UnreadableWorkbook", "read_workbook"]
