"""For workbooks made by `perfeval-xl template`: the options it recorded, and formulas typed over."""

import json

from perfeval_xl.model import ReadProblem

HIDDEN_SHEET = "_perfeval"


def read_template_options(worksheet):
    """The key/value rows of the hidden sheet, as a dict of strings."""
    options = {}
    for row in worksheet.iter_rows(values_only=True):
        if len(row) >= 2 and row[0] is not None:
            options[str(row[0])] = "" if row[1] is None else str(row[1])
    return options


def replaced_formulas(book, options):
    """A ReadProblem for each template formula cell that now holds a typed constant."""
    layout = _layout(options)
    if layout is None:
        return []
    problems = []
    for sheet_name, formulas in _formula_cells(layout):
        if sheet_name not in book.sheetnames:
            continue
        worksheet = book[sheet_name]
        for coord, formula in formulas.items():
            cell = worksheet[coord]
            if cell.value is not None and cell.data_type != "f":
                problems.append(ReadProblem("formula-replaced", sheet_name, coord, str(cell.value), formula))
    return problems


def _layout(options):
    """The template layout for the recorded options, or None when they cannot be rebuilt."""
    try:
        from perfeval_xl.template import TemplateOptions, template_layout

        projects = tuple(json.loads(options.get("projects", "[]")))
        return template_layout(TemplateOptions(unit=options.get("unit", ""),
                                               year=int(options.get("year", "0")),
                                               projects=projects))
    except (ImportError, ValueError, TypeError):
        return None


def _formula_cells(layout):
    for sheet_name, sheet in layout.sheets.items():
        yield sheet_name, sheet.formulas
