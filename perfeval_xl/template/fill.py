"""fill_template: put values into a template's input cells like a clerk would (openpyxl)."""

import datetime
from decimal import Decimal

import openpyxl

from perfeval_xl.atomic import atomic_output

from .hidden import options_from_hidden, read_hidden
from .layout import template_layout

FORMULA_START = ("=", "+", "-", "@")


def fill_template(template_path, out_path, values):
    """Write ``values`` ({sheet name: {semantic key: value}}) into a copy of a template.

    The layout comes from the options stored in the template's hidden sheet.
    Decimals are written as numbers (exactly as given), dates as dates, None
    clears a cell.  A sheet or key that is not an input raises KeyError.
    """
    workbook = openpyxl.load_workbook(template_path)
    layout = template_layout(options_from_hidden(read_hidden(workbook)))
    for sheet_name, items in values.items():
        if sheet_name not in layout.sheets:
            raise KeyError(f"模板中没有工作表：{sheet_name}")
        inputs = layout.sheets[sheet_name].inputs
        for key, value in items.items():
            if key not in inputs:
                raise KeyError(f"工作表“{sheet_name}”没有填写项：{key}")
            _set_value(workbook[sheet_name][inputs[key]], value)
    with atomic_output(out_path) as temporary:
        workbook.save(temporary)


def _set_value(cell, value):
    if isinstance(value, bool) or not isinstance(
            value, (str, int, float, Decimal, datetime.date, type(None))):
        raise TypeError(f"{cell.coordinate}: 不支持的值类型 {type(value).__name__}")
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_START):
        cell.data_type = "s"     # typed text stays text, never a formula
