"""For workbooks made by `perfeval-xl template`: the options it recorded, and what was changed in it.

Every change is a ReadProblem the rules report (family 5); none stops the
reading, which finds its tables by their labels, not by the template's cells.
"""

from collections import Counter, namedtuple
from functools import lru_cache

from perfeval_xl.a1 import address, split_address
from perfeval_xl.glossary import normalize_label
from perfeval_xl.kept import Kept
from perfeval_xl.model import ReadProblem
from perfeval_xl.parsing import constant_in_formula
from perfeval_xl.template.options import HIDDEN_SHEET

# The template's own modules (hidden, layout, plan) are imported only for a workbook that
# has the hidden sheet: a hand-typed file should not pay for building a layout.

__all__ = ["HIDDEN_SHEET", "Template", "read_template_options", "template_of", "template_problems"]

Template = namedtuple("Template", "options layout plans")   # plans: sheet name → SheetPlan


def template_of(book):
    """The Template the workbook was generated from, None when its hidden sheet is missing or unusable."""
    from perfeval_xl.template.hidden import options_from_hidden, read_hidden

    try:
        return _template(options_from_hidden(read_hidden(book)))
    except (ValueError, KeyError):
        return None  # an unknown template version or edited options: nothing to compare against


@lru_cache(maxsize=32)
def _template(options):
    # A batch holds many workbooks made from the same template: build its layout once.
    from perfeval_xl.template.layout import build_plans, layout_of_plans

    plans = build_plans(options)
    return Template(options, layout_of_plans(plans), {plan.name: plan for plan in plans})

# What Excel or WPS rewrite in a formula on saving without changing what it computes.
_FORMULA_NOISE = ("$", "'", "_xlfn.", "_xlws.")


def read_template_options(book):
    """The hidden sheet's key/value rows as a dict of strings (for the report)."""
    from perfeval_xl.template.hidden import read_hidden

    return {str(key): "" if value is None else str(value) for key, value in read_hidden(book).items()}


def template_problems(book, template, ignore=()):
    """Every change to the template's structure: sheets, protection, moved rows, formulas.

    ``template`` is template_of(book) (None: nothing to compare against); ``ignore``
    names sheets that are not the unit's (perfeval-xl's own annotation sheets), so
    they are not reported as added.
    """
    if template is None:
        return []
    layout, plans = template.layout, template.plans
    problems = sheet_problems(book, list(layout.sheets), ignore)
    for name, sheet in layout.sheets.items():
        worksheet = book.sheet(name)
        if worksheet is None or not book.formulas_readable:
            continue   # an .xls gives results, not formulas: protection and formulas cannot be compared
        if not worksheet.protected:
            problems.append(ReadProblem("sheet-unprotected", name, None, "", "工作表保护已撤销"))
        moved, last_in_place = moved_anchor(worksheet, plans[name])
        if moved is not None:
            problems.append(moved)
        # Rows were inserted or deleted somewhere below the last label still in
        # place: every template cell from there on may have shifted, and comparing
        # their formulas would report each one, so only the rows above are compared.
        problems.extend(formula_problems(worksheet, sheet.formulas, last_in_place))
    return problems


def sheet_problems(book, expected, ignore=()):
    """Template sheets that are gone, and sheets the template did not have.

    One gone and one new is most likely a rename; the missing sheet's detail says so.
    """
    missing = [name for name in expected if name not in book.sheetnames]
    added = [name for name in book.sheetnames if name not in expected and name not in ignore]
    renamed = len(missing) == 1 and len(added) == 1
    problems = [ReadProblem("sheet-missing", None, None, name,
                            f"，可能已改名为“{added[0]}”" if renamed else "") for name in missing]
    problems += [ReadProblem("sheet-added", name, None, name,
                             f"（可能由“{missing[0]}”改名而来）" if renamed else "") for name in added]
    return problems


def formula_problems(worksheet, formulas, last_row=None):
    """Template formulas typed over with a constant ("formula-replaced") or rewritten ("formula-edited").

    The constant is what the rules then check, like any hand-typed number.
    """
    problems = []
    cells = worksheet.cells
    for coord, position, formula, key in _formula_cells(formulas):
        if last_row is not None and position[0] > last_row:
            continue
        cell = cells.get(position)
        if cell is None:
            continue
        text = str(cell.raw)
        if not cell.is_formula or constant_in_formula(text) is not None:
            problems.append(ReadProblem("formula-replaced", worksheet.title, coord, text, formula))
        elif _formula_key(text) != key:
            problems.append(ReadProblem("formula-edited", worksheet.title, coord, text, formula))
    return problems


# The template's formulas ({"F5": "=…"} of a cached layout) with each cell's position and compared form,
# worked out once per layout: a batch checks every file against the same one.
_FORMULA_CELLS = Kept(64)


def _formula_cells(formulas):
    return _FORMULA_CELLS.of(formulas, lambda: tuple((coord, split_address(coord), formula, _formula_key(formula))
                                                     for coord, formula in formulas.items()))


@lru_cache(maxsize=4096)
def _formula_key(text):
    key = "".join(str(text).split()).lstrip("=").upper()
    for noise in _FORMULA_NOISE:
        key = key.replace(noise.upper(), "")
    return key


def anchors(plan):
    """(label cell, its 1-based (row, column), its folded text) of the labels that show where the
    template's rows are: one per row, its text unique in the sheet.

    Kept on the plan after the first call: a batch checks many files against one cached plan.
    """
    known = plan.__dict__.get("_anchors")
    if known is None:
        known = plan.__dict__["_anchors"] = tuple((cell, (cell.row + 1, cell.col + 1), normalize_label(cell.value))
                                                  for cell in _anchors(plan))
    return known


def _anchors(plan):
    from perfeval_xl.template.plan import LABEL

    labels = [cell for cell in plan.sorted_cells()
              if cell.kind == LABEL and isinstance(cell.value, str) and normalize_label(cell.value)]
    # A label printed twice ("校验", "合计") cannot tell which of its rows moved.
    counts = Counter(normalize_label(cell.value) for cell in labels)
    chosen, rows = [], set()
    for cell in labels:
        if counts[normalize_label(cell.value)] == 1 and cell.row not in rows:
            rows.add(cell.row)
            chosen.append(cell)
    return chosen


def moved_anchor(worksheet, plan):
    """The first anchor label not where the template put it, as a "rows-moved" ReadProblem.

    Returns (problem, the 1-based row of the last anchor still in place), or
    (None, None) when every anchor is in place.  Worked out once per sheet and plan (the
    template check and the cached-value check both ask).
    """
    kept = worksheet.moved
    if kept is None or kept[0] is not plan:
        kept = worksheet.moved = (plan, _moved_anchor(worksheet, plan))
    return kept[1]


def _moved_anchor(worksheet, plan):
    in_place = 0
    cells = worksheet.cells
    for anchor, (row, col), label in anchors(plan):
        cell = cells.get((row, col))
        if normalize_label(None if cell is None else cell.raw) == label:
            in_place = row
            continue
        found = _nearest(worksheet, label, row, col)
        if found is None:
            detail = f"原在 {anchor.address}，现已找不到"
            return ReadProblem("rows-moved", worksheet.title, anchor.address, anchor.value, detail), in_place
        coord = address(*found)
        detail = f"原在 {anchor.address}，现在 {coord}（{_offset_text(found[0] - row, found[1] - col)}）"
        return ReadProblem("rows-moved", worksheet.title, coord, anchor.value, detail), in_place
    return None, None


def _nearest(worksheet, label, row, col):
    """(row, column), 1-based, of the cell holding ``label`` nearest to (row, col), or None."""
    places = [position for position, cell in worksheet.cells.items()
              if isinstance(cell.raw, str) and normalize_label(cell.raw) == label]
    return min(places, key=lambda place: (abs(place[0] - row) + abs(place[1] - col), place), default=None)


def _offset_text(rows, columns):
    parts = []
    if rows:
        parts.append(f"{'下移' if rows > 0 else '上移'} {abs(rows)} 行")
    if columns:
        parts.append(f"{'右移' if columns > 0 else '左移'} {abs(columns)} 列")
    return "，".join(parts) or "位置相同"
