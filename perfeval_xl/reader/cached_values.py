"""Cached formula results of a generated template, compared with perfeval-xl's own recomputation.

A spreadsheet application that calculated a file stores each formula's result
next to the formula; the readers keep it as SheetData.cached.  For a
workbook made by `perfeval-xl template`, every formula cell of the template
that is still a formula is compared with ``recompute_template`` of the file's
input cells, and each difference becomes a "cached-value-differs" ReadProblem
(rule PE509): a tampered formula, or an engine that rounds differently.

Files never calculated are recognised and give nothing: every cached value is
None (openpyxl saved the file, e.g. after fill_template: it keeps no results)
or every cached value is the number 0 (xlsxwriter writes 0 for each formula).
A calculated template always has text/blank 校验 results, which are never 0,
so neither pattern occurs in a file a spreadsheet application calculated.
A single cached 0 where perfeval-xl computes a blank is not reported either:
an application that recalculates only the cells whose inputs changed leaves
xlsxwriter's 0 in the others.

Only template workbooks are compared: a hand-typed layout has no known formulas.
Sheets whose rows were moved (PE508) are skipped, since their cells no longer
sit where the template put them.
"""

from decimal import Decimal

from perfeval_xl.decimal_math import plain
from perfeval_xl.model import ReadProblem
from perfeval_xl.reader.template_check import formula_problems, moved_anchor
from perfeval_xl.recompute import recompute_template

KIND = "cached-value-differs"
TOLERANCE = Decimal("0.000001")   # far below a cent and a rate's 4th decimal; above float noise
ERROR_PREFIXES = ("#", "Err:")


def cached_value_problems(book, template):
    """The cached-value-differs ReadProblems of the template workbook ``book`` (a BookData) made from
    ``template`` (template_of(book); None when there is none)."""
    if template is None:
        return []   # not a template, or options we cannot rebuild: nothing to compare with
    layout = template.layout
    sheets = _comparable_sheets(book, layout, template.plans)
    if any(book.sheet(name).cached is None for name in sheets):
        return []   # the results could not be read: no check
    cached = cached_results(book, layout, sheets)
    if never_calculated(cached):
        return []
    expected = recompute_template(input_values(book, layout, with_changes=True), layout)
    return [ReadProblem(KIND, name, layout.sheets[name].computed[key], shown(value, key),
                        shown(expected[name][key], key))
            for name, results in cached.items() for key, value in results.items()
            if not same_result(value, expected[name][key])
            and not _placeholder_zero(value, expected[name][key])]


def _comparable_sheets(book, layout, plans):
    """Template sheets present in the file whose rows were not moved."""
    return [name for name, sheet in layout.sheets.items()
            if sheet.computed and book.sheet(name) is not None
            and moved_anchor(book.sheet(name), plans[name])[0] is None]


def cached_results(book, layout, sheets):
    """{sheet: {computed key: cached value}} for the template's formula cells still holding a formula."""
    results = {}
    for name in sheets:
        sheet = book.sheet(name)
        results[name] = {key: sheet.shown_value(cell) for key, cell in layout.sheets[name].computed.items()
                         if sheet.is_formula(cell)}
    return results


def never_calculated(cached):
    """True when every cached formula value is None (openpyxl) or every one is 0 (xlsxwriter)."""
    values = [value for results in cached.values() for value in results.values()]
    if all(value is None for value in values):
        return True
    return all(_is_number(value) and value == 0 for value in values)


def input_values(book, layout, with_changes=False):
    """{sheet: {key: value}} of the input cells as shown; ``with_changes`` adds each computed cell

    that no longer holds the template's formula (a constant, or an edited formula's cached
    result), so recompute_template passes it on to the cells computed from it.
    """
    values = {}
    for name, layout_sheet in layout.sheets.items():
        sheet = book.sheet(name)
        if sheet is None:
            continue
        values[name] = {key: sheet.shown_value(cell) for key, cell in layout_sheet.inputs.items()}
        if not with_changes:
            continue
        changed = {problem.cell for problem in formula_problems(sheet, layout_sheet.formulas)}
        changed |= {cell for cell in layout_sheet.computed.values() if not sheet.is_formula(cell)}
        values[name] |= {key: sheet.shown_value(cell)
                         for key, cell in layout_sheet.computed.items() if cell in changed}
    return values


def same_result(cached, expected):
    """The cached value shows what perfeval-xl computes: the same number, text, or a blank."""
    if expected is None:
        return cached is None or cached == ""
    if isinstance(expected, str):
        return cached == expected
    return _is_number(cached) and abs(Decimal(str(cached)) - expected) <= TOLERANCE


def _placeholder_zero(cached, expected):
    """xlsxwriter's 0 still in a cell that should be blank: the application recalculated only the
    cells whose inputs changed (LibreOffice's default for .xlsx), so this cell was never computed."""
    return expected is None and _is_number(cached) and cached == 0


def is_error_value(value):
    """#DIV/0!, #VALUE!, #NAME?, Err:502 … as openpyxl reads a cached error."""
    return isinstance(value, str) and value.startswith(ERROR_PREFIXES)


def shown(value, key):
    """A cached or recomputed value as a person reads it: rates in percent, blanks as （空白）."""
    if value is None or value == "":
        return "（空白）"
    if isinstance(value, str):
        return f"“{value}”"
    if not _is_number(value):
        return str(value)
    number = Decimal(str(value))
    if key.endswith("rate"):
        return f"{plain((number * 100).normalize())}%"
    return plain(number.normalize())


def _is_number(value):
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)
