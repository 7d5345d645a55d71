"""The template generator: a protected, fillable 预算绩效自评 workbook, and where its cells are.

Public API: TemplateOptions, generate_template(path, options),
template_layout(options) → TemplateLayout, fill_template(template, out, values),
options_from_hidden(rows) for a reader that found the hidden "_perfeval" sheet.
"""

from importlib import import_module

# Imported on first use: fill needs openpyxl and generate xlsxwriter, and the
# reader, which only needs the layout, must not pay for either.
_HOMES = {
    "fill_template": ".fill", "read_hidden": ".hidden", "generate_template": ".generate",
    "options_from_hidden": ".hidden", "SheetLayout": ".layout", "TemplateLayout": ".layout",
    "template_layout": ".layout", "HIDDEN_SHEET": ".options", "TemplateOptions": ".options",
    "project_sheet_names": ".options",
}

__all__ = sorted(_HOMES)


def __getattr__(name):
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(_HOMES[name], __name__), name)
