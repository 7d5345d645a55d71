"""For workbooks made by `perfeval-xl template`: the options it recorded, and formulas typed over."""

from perfeval_xl.model import ReadProblem
from perfeval_xl.parsing import constant_in_formula
from perfeval_xl.template import HIDDEN_SHEET, options_from_hidden, read_hidden, template_layout

__all__ = ["HIDDEN_SHEET", "read_template_options", "replaced_formulas"]


def read_template_options(book):
    """The hidden sheet's key/value rows as a dict of strings (for the report)."""
    return {str(key): "" if value is None else str(value) for key, value in read_hidden(book).items()}


def replaced_formulas(book):
    """A ReadProblem for each template formula cell that now holds a typed constant.

    The constant is what the rules then check, like any hand-typed number.
    """
    try:
        layout = template_layout(options_from_hidden(read_hidden(book)))
    except ValueError:
        return []  # an unknown template version or edited options: nothing to compare against
    problems = []
    for sheet_name, sheet in layout.sheets.items():
        if sheet_name not in book.sheetnames:
            continue
        worksheet = book[sheet_name]
        for coord, formula in sheet.formulas.items():
            cell = worksheet[coord]
            typed = cell.data_type != "f" or constant_in_formula(str(cell.value)) is not None
            if cell.value is not None and typed:
                problems.append(ReadProblem("formula-replaced", sheet_name, coord, str(cell.value), formula))
    return problems
