"""The template generator: a protected, fillable 预算绩效自评 workbook, and where its cells are.

Public API: TemplateOptions, generate_template(path, options),
template_layout(options) → TemplateLayout, fill_template(template, out, values),
options_from_hidden(rows) for a reader that found the hidden "_perfeval" sheet.
"""

from .fill import fill_template, read_hidden
from .generate import generate_template
from .hidden import options_from_hidden
from .layout import SheetLayout, TemplateLayout, template_layout
from .options import HIDDEN_SHEET, TemplateOptions, project_sheet_names

__all__ = [
    "HIDDEN_SHEET",
    "SheetLayout",
    "TemplateLayout",
    "TemplateOptions",
    "fill_template",
    "generate_template",
    "options_from_hidden",
    "project_sheet_names",
    "read_hidden",
    "template_layout",
]
