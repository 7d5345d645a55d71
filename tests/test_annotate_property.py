"""Properties: annotating keeps every cell and adds only perfeval-xl marks.

Two kinds of generated input: small openpyxl workbooks (with removal of the marks), and
the generated template filled at random with fill_template, then checked and annotated as
``verify --annotate`` does, compared with test_annotate_fidelity's oracle.  Together with
the hand-typed layouts there, over 100 generated workbooks a run.
"""

import tempfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.comments import Comment

from perfeval_xl.findings import Finding, Severity
from perfeval_xl.report.annotate import annotate, remove_annotation
from perfeval_xl.report.annotate_cells import AUTHOR, FILL_COLOURS, SEPARATOR
from perfeval_xl.report.annotate_record import RECORD_SHEET
from perfeval_xl.template import TemplateOptions, fill_template, generate_template, template_layout
from test_annotate_fidelity import annotate_checked, assert_faithful, findings_on, interiors
from test_annotate_support import cell_contents, cell_marks, plain_marks, sha256

TEMPLATE_EXAMPLES = 20
TEMPLATE_OPTIONS = (
    TemplateOptions(unit="岳阳市建设工程质量安全监督站", projects=("业务工作经费",)),
    TemplateOptions(unit="某单位", year=2023, projects=("业务工作经费", "专项'经费/2024"), password="pw"),
)

FORMULA = object()
ROWS, COLUMNS = 5, 4
TITLES = ("表一", "Sheet 2")
RISKY = ["=1+1", '=HYPERLINK("http://x","y")', "+A1", "-3", "@x", "\tx", "\rx", "#N/A"]
texts = st.one_of(st.text(alphabet="ab中文 =+-@", max_size=6), st.sampled_from(RISKY))
values = st.one_of(st.none(), st.integers(-10**6, 10**6), texts, st.just(FORMULA))
rectangles = st.tuples(st.integers(1, ROWS), st.integers(1, COLUMNS), st.integers(0, 2), st.integers(0, 2))
sheets = st.fixed_dictionaries({
    "grid": st.lists(st.lists(values, min_size=COLUMNS, max_size=COLUMNS), min_size=ROWS, max_size=ROWS),
    "merges": st.lists(rectangles, max_size=3),
    "comments": st.dictionaries(st.tuples(st.integers(1, ROWS), st.integers(1, COLUMNS)),
                                st.text(alphabet="批注 abc=", min_size=1, max_size=8), max_size=3),
})
findings = st.lists(st.builds(
    Finding, rule=st.sampled_from(["PE101", "PE201", "PE301"]), name=st.just("test-finding"),
    severity=st.sampled_from(list(Severity)),
    sheet=st.sampled_from(TITLES + (None, "不存在")),
    cell=st.one_of(st.none(), st.just("ZZZ"), st.builds(
        lambda r, c: f"{'ABCDEF'[c - 1]}{r}", st.integers(1, ROWS + 1), st.integers(1, COLUMNS + 1))),
    message=texts, hint=texts, actual=st.one_of(st.none(), texts)), max_size=6)


def build(path, specs):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, spec in zip(TITLES, specs):
        sheet = wb.create_sheet(title)
        _write_grid(sheet, spec["grid"])
        merged = _merge(sheet, spec["merges"])
        for (row, column), text in spec["comments"].items():
            if not any((row, column) in block and (row, column) != block[0] for block in merged):
                sheet.cell(row=row, column=column).comment = Comment(text, "王五")
    wb.save(path)


def _write_grid(sheet, grid):
    for row, line in enumerate(grid, 1):
        for column, value in enumerate(line, 1):
            cell = sheet.cell(row=row, column=column)
            if value is FORMULA:
                cell.value = f"=SUM(A1:A{row})"
            elif value is not None:
                cell.value = value
                if isinstance(value, str):
                    cell.data_type = "s"


def _merge(sheet, rectangles):
    """Merge the rectangles that do not overlap an earlier one; return their cell lists."""
    taken, merged = set(), []
    for row, column, height, width in rectangles:
        block = [(r, c) for r in range(row, min(row + height, ROWS) + 1)
                 for c in range(column, min(column + width, COLUMNS) + 1)]
        if len(block) > 1 and not taken & set(block):
            sheet.merge_cells(start_row=row, start_column=column,
                              end_row=block[-1][0], end_column=block[-1][1])
            taken |= set(block)
            merged.append(block)
    return merged


def expected_marks(original, found):
    """{(sheet, coordinate): worst severity}, resolving merged cells to their top-left."""
    worst = {}
    for item in found:
        if item.sheet not in original.sheetnames or not item.cell or item.cell == "ZZZ":
            continue
        sheet = original[item.sheet]
        coordinate = item.cell
        for block in sheet.merged_cells.ranges:
            if coordinate in block:
                coordinate = block.start_cell.coordinate
        key = (item.sheet, coordinate)
        if key not in worst or item.severity.rank < worst[key].rank:
            worst[key] = item.severity
    return worst


def check_marks(original, copy, worst):
    for title in original.sheetnames:
        before, after = cell_marks(original[title]), cell_marks(copy[title])
        for coordinate, (fill, text, author) in after.items():
            severity = worst.get((title, coordinate))
            if severity is None:
                assert (fill, text, author) == before.get(coordinate, (fill, None, None))
                continue
            assert copy[title][coordinate].fill.fgColor.rgb == FILL_COLOURS[severity]
            old = before.get(coordinate, (None, None, None))
            if old[1] is None:
                assert author == AUTHOR
            else:
                assert author == old[2] and text.startswith(old[1] + "\n" + SEPARATOR + "\n")
        assert {c for t, c in worst if t == title} <= set(after)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(specs=st.lists(sheets, min_size=1, max_size=2), found=findings)
def test_annotation_keeps_cells_and_adds_only_its_marks(specs, found):
    with tempfile.TemporaryDirectory() as folder:
        source, output = Path(folder) / "in.xlsx", Path(folder) / "out.xlsx"
        build(source, specs)
        before = sha256(source)
        annotate(source, found, output)
        assert sha256(source) == before
        original, copy = openpyxl.load_workbook(source), openpyxl.load_workbook(output)
        assert copy.sheetnames == ["核查结果"] + original.sheetnames + [RECORD_SHEET]
        for title in original.sheetnames:
            assert cell_contents(copy[title]) == cell_contents(original[title])
        check_marks(original, copy, expected_marks(original, found))
        remove_annotation(output, Path(folder) / "back.xlsx")
        back = openpyxl.load_workbook(Path(folder) / "back.xlsx")
        assert back.sheetnames == original.sheetnames
        for title in original.sheetnames:
            assert plain_marks(back[title]) == plain_marks(original[title])
            assert cell_contents(back[title]) == cell_contents(original[title])


# ---------------------------------------------------------------- the template, filled at random

input_values = st.one_of(
    st.none(), st.integers(0, 1000),
    st.decimals(-10**6, 10**8, places=2, allow_nan=False, allow_infinity=False),
    st.text(alphabet="预算执行率一般公共无0123456789.,% =+-@", max_size=12),
    st.sampled_from(["=1+1", "+A1", "-3", "@x", "是", "否", "36.92万元", "２,０９６.９６", "—"]),
    st.dates(date(2023, 6, 1), date(2026, 6, 30)))


@pytest.fixture(scope="module")
def templates(tmp_path_factory):
    """(path, [(sheet, input key)], special cells: merged interiors and formula cells) of each template."""
    made = []
    for number, options in enumerate(TEMPLATE_OPTIONS):
        path = tmp_path_factory.mktemp("templates") / f"模板{number}.xlsx"
        generate_template(path, options)
        layout = template_layout(options)
        inputs = [(name, key) for name, sheet in layout.sheets.items() for key in sorted(sheet.inputs)]
        formulas = [(name, cell) for name, sheet in layout.sheets.items() for cell in sheet.formulas]
        made.append((path, inputs, sorted(interiors(openpyxl.load_workbook(path))) + formulas))
    return made


@settings(max_examples=TEMPLATE_EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_filled_template_keeps_everything(templates, data):
    path, inputs, special = data.draw(st.sampled_from(templates))
    chosen = data.draw(st.lists(st.sampled_from(inputs), max_size=40, unique=True))
    values = {}
    for sheet, key in chosen:
        values.setdefault(sheet, {})[key] = data.draw(input_values)
    titles = sorted({sheet for sheet, _ in inputs} | {sheet for sheet, _ in special})
    found = data.draw(st.lists(findings_on(titles, special), max_size=10))
    with tempfile.TemporaryDirectory() as folder:
        filled, output = Path(folder) / "填报.xlsx", Path(folder) / "填报.核查.xlsx"
        fill_template(path, filled, values)
        before = sha256(filled)
        result, findings, review_sheet = annotate_checked(filled, output, found)
        assert sha256(filled) == before and result.dropped == ()
        assert_faithful(filled, output, result, findings, review_sheet)
