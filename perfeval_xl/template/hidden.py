"""The hidden "_perfeval" sheet: the options a template was made with, as key/value rows.

A reader gives the rows back to ``options_from_hidden`` and then to
``template_layout`` to know which cells must hold formulas.  The password is
never stored, only whether there was one.
"""

import datetime
import json

from perfeval_xl import __version__

from .options import HIDDEN_SHEET, TemplateOptions, validate_options
from .plan import SheetPlan

TEMPLATE_VERSION = "1"
WIDTHS = (22, 60)
YES, NO = "是", "否"


def hidden_rows(options):
    """(key, text) pairs, in the order they are written (column A key, column B value)."""
    return (
        ("template_version", TEMPLATE_VERSION),
        ("generator", f"perfeval-xl {__version__}"),
        ("unit", options.unit),
        ("year", str(options.year)),
        ("projects", json.dumps(list(options.projects), ensure_ascii=False)),
        ("password_protected", YES if options.password else NO),
        ("report_date", options.report_date.isoformat() if options.report_date else ""),
    )


def build_hidden(options, sheet_name):
    """The hidden sheet's plan: every value is written as text."""
    sheet = SheetPlan(sheet_name, "meta", WIDTHS, hidden=True)
    for row, (key, value) in enumerate(hidden_rows(options)):
        sheet.label(row, 0, key, "caption")
        sheet.fixed(row, 1, value, "fixed_text", key=key)
    return sheet


def options_from_hidden(rows):
    """TemplateOptions from the hidden sheet's {key: value}; ValueError (Chinese) when unusable.

    Values may be text or numbers (a year read back as 2024 or "2024"); the
    password comes back as None because it is never stored.
    """
    version = str(rows.get("template_version") or "")
    if version != TEMPLATE_VERSION:
        raise ValueError(f"不支持的模板版本：{version or '（缺失）'}")
    try:
        year = int(str(rows.get("year")).strip())
        projects = tuple(json.loads(str(rows.get("projects") or "[]")))
        text_date = str(rows.get("report_date") or "").strip()
        report_date = datetime.date.fromisoformat(text_date[:10]) if text_date else None
    except (TypeError, ValueError) as error:
        raise ValueError(f"隐藏工作表“_perfeval”的内容无法识别：{error}") from error
    options = TemplateOptions(unit=str(rows.get("unit") or ""), year=year,
                              projects=projects, report_date=report_date)
    validate_options(options)
    return options


def read_hidden(workbook):
    """{key: value} from the hidden sheet of a workbook (openpyxl's, or the reader's BookData)."""
    if HIDDEN_SHEET not in workbook.sheetnames:
        raise ValueError(f"不是本工具生成的模板：缺少隐藏工作表“{HIDDEN_SHEET}”")
    rows = workbook[HIDDEN_SHEET].iter_rows(min_col=1, max_col=2, values_only=True)
    return {key: value for key, value in rows if key}
