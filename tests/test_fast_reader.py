"""The fast XML reader gives what openpyxl gives: every cell, merge, protection, formula result and finding.

reader/fast_xlsx.py reads an .xlsx by default and openpyxl (reader/full_xlsx.py) only
when it declines, so a finding must never depend on which one ran.  The two are
compared field by field, and verify_file's findings both ways, on every kind of file
the other tests make: both samples; generated templates; template fills (the seed's,
hypothesis's random ones from test_formula_oracle, odd typed values as in
test_annotate_property); annotated copies (written by openpyxl); the hand-typed
builders (tests/handtyped.py, another unit's layout, tests/bad_inputs.py's unusual
files); hand-typed layouts written by xlsxwriter (test_annotate_fidelity) and small
workbooks written by openpyxl (test_annotate_property); LibreOffice-recalculated
fills; workbooks written XML by hand, for what no writer here makes (rich text,
phonetic runs, dates in both epochs, Chinese number formats, rows and cells without
numbers, hyperlinks, …), fixed and random; and the fuzz mutations of test_fuzz.py.
The fast reader must not decline any of these but the mutations, the random sheets
and the hand-written cases in DECLINED, each with the reason it gives.
The workbooks written XML by hand are in test_fast_reader_by_hand.py, and
number_formats.py is compared with openpyxl's own tables and functions in
test_number_formats.py; both use the comparisons here.
"""

import datetime
import itertools
import re
import zipfile
import tempfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import bad_inputs
import handtyped
import seed_fill
import test_annotate_fidelity as fidelity
import test_annotate_property as openpyxl_books
import test_formula_oracle as oracle
import test_fuzz as fuzz
import test_reader_other_units as other_unit
from perfeval_xl.a1 import address, column_index, column_letter
from perfeval_xl.api import verify_file
from perfeval_xl.reader import workbook as workbook_module
from perfeval_xl.reader.fast_xlsx import Declined, read_fast
from perfeval_xl.reader.full_xlsx import read_full
from perfeval_xl.report.annotate import annotate
from perfeval_xl.template import TemplateOptions, fill_template, generate_template

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples").glob("*.xlsx"))
LAYOUT_EXAMPLES = 40        # hand-typed layouts (xlsxwriter)
OPENPYXL_EXAMPLES = 12      # small workbooks written by openpyxl
FUZZ_EXAMPLES = 20          # mutated workbooks, any mutation
VALUE_MUTATIONS = 25        # mutated workbooks, values and cell types only
RANDOM_FILLS = 5            # hypothesis's template fills (test_formula_oracle's)
ODD_FILLS = 3               # template fills with odd typed values (test_annotate_property's)
TEMPLATE_OPTIONS = (
    TemplateOptions(unit="某单位", projects=("业务工作经费",)),
    TemplateOptions(unit="岳阳市某某局", year=2023, projects=("业务工作经费", "专项'经费/2024", "信息化建设经费"),
                    password="pw", report_date=datetime.date(2025, 3, 18)),
    TemplateOptions(projects=("一个很长很长很长很长很长很长很长很长很长的项目名称",)),
)
GENERATED = dict(deadline=None, derandomize=True, database=None, phases=[Phase.generate],
                 suppress_health_check=list(HealthCheck))
pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")   # openpyxl's notes on what it drops


# ---------------------------------------------------------------- comparing the two readers


def with_type(value):
    """A value with its type: 1 == 1.0 == True, but a finding may print them differently."""
    return type(value), value


def _cell(cell):
    return None if cell is None else (cell, with_type(cell.raw))


def book_difference(fast, full):
    """None when the two BookData agree; else a line naming the first difference."""
    if fast.sheetnames != full.sheetnames:
        return f"sheet names: fast {fast.sheetnames}, openpyxl {full.sheetnames}"
    if [s.title for s in fast.sheets] != [s.title for s in full.sheets]:
        return f"worksheets: fast {[s.title for s in fast.sheets]}, openpyxl {[s.title for s in full.sheets]}"
    for mine, theirs in zip(fast.sheets, full.sheets):
        difference = sheet_difference(mine, theirs)
        if difference:
            return f"{mine.title}: {difference}"
    return None


def sheet_difference(fast, full):
    for position in sorted(set(fast.cells) | set(full.cells)):
        if _cell(fast.cells.get(position)) != _cell(full.cells.get(position)):
            return (f"cell {address(*position)}: fast {fast.cells.get(position)!r}, "
                    f"openpyxl {full.cells.get(position)!r}")
    if set(fast.merged) != set(full.merged):
        return f"merged: fast {sorted(fast.merged)}, openpyxl {sorted(full.merged)}"
    if fast.protected != full.protected:
        return f"protected: fast {fast.protected}, openpyxl {full.protected}"
    if full.cached is not None:
        for position in sorted(set(fast.cached) | set(full.cached)):
            mine, theirs = fast.cached.get(position, "(none)"), full.cached.get(position, "(none)")
            if with_type(mine) != with_type(theirs):
                return f"result of {address(*position)}: fast {mine!r}, openpyxl {theirs!r}"
    return grid_difference(fast.grid(), full.grid())


def grid_difference(fast, full):
    """The grids the table readers search: the fast one takes the rows its scanner remembers as they
    were (grid.RowView), openpyxl's groups every cell."""
    if (fast.max_row, fast.max_column) != (full.max_row, full.max_column):
        return f"grid size: fast {fast.max_row}×{fast.max_column}, openpyxl {full.max_row}×{full.max_column}"
    for row in range(1, fast.max_row + 2):
        mine = [(cell.coord, cell.last_column, cell.text) for cell in fast.row_cells(row)]
        theirs = [(cell.coord, cell.last_column, cell.text) for cell in full.row_cells(row)]
        if mine != theirs or fast.row_text(row) != full.row_text(row):
            return f"grid row {row}: fast {mine}, openpyxl {theirs}"
        for first, last in ((2, None), (1, 3), (3, fast.max_column)):
            if fast.row_cells(row, first, last) != full.row_cells(row, first, last):
                return f"grid row {row}, columns {first}–{last}: fast and openpyxl differ"
    return None


def result_difference(auto, full):
    """None when verify_file gave the same answer both ways; else the first difference."""
    for name in ("status", "error", "unit", "year"):
        if getattr(auto, name) != getattr(full, name):
            return f"{name}: fast {getattr(auto, name)!r}, openpyxl {getattr(full, name)!r}"
    pairs = itertools.zip_longest(auto.findings, full.findings)
    for index, (mine, theirs) in enumerate(pairs):
        if mine != theirs:
            return f"finding {index}: fast {mine}, openpyxl {theirs}"
    return None


def assert_same(path):
    """The fast reader reads the file (a Declined fails with its reason), both readers give the same
    BookData, and verify_file the same findings."""
    try:
        fast = read_fast(path)
    except Declined as declined:
        raise AssertionError(f"{Path(path).name}: the fast reader declined: {declined}") from declined
    full, full_book = verify_full(path)
    difference = book_difference(fast, full_book or read_full(path))
    assert difference is None, f"{Path(path).name}: {difference}"
    auto = verify_file(path)
    difference = result_difference(auto, full)
    assert difference is None, f"{Path(path).name}: {difference}"
    assert auto.workbook is None or auto.workbook.reader == "fast", f"{Path(path).name}: {auto.workbook.reader}"


def verify_full(path):
    """verify_file(path, reader="full"), and the BookData openpyxl gave it (None when it never got that far).

    The BookData is the one verify_file read, not a second load: openpyxl is most of this file's time.
    """
    books = []

    def recording(*args, **options):
        books.append(read_full(*args, **options))
        return books[-1]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(workbook_module, "read_full", recording)
        result = verify_file(path, reader="full")
    return result, (books[0] if books else None)


def assert_declines(path, reason):
    """The fast reader steps aside (naming ``reason``), openpyxl reads the file, and the findings agree."""
    with pytest.raises(Declined, match=reason):
        read_fast(path)
    read_full(path)
    auto, full = verify_file(path), verify_file(path, reader="full")
    assert result_difference(auto, full) is None
    assert auto.workbook is None or auto.workbook.reader == "openpyxl"


# ---------------------------------------------------------------- the corpus: files the project makes


def test_samples():
    assert len(SAMPLES) == 2
    for path in SAMPLES:
        assert_same(path)


@pytest.fixture(scope="module")
def templates(tmp_path_factory):
    folder = tmp_path_factory.mktemp("templates")
    paths = []
    for number, options in enumerate(TEMPLATE_OPTIONS + (seed_fill.OPTIONS, oracle.OPTIONS)):
        paths.append(folder / f"模板{number}.xlsx")
        generate_template(paths[-1], options)
    return paths


def test_generated_templates(templates):
    for path in templates:
        assert_same(path)
    for path in sorted((ROOT / "workbook_templates").glob("*.xlsx")):
        assert_same(path)


def _random_fills(count):
    """Template fills with odd typed values (text in number cells, "=1+1", dates), as test_annotate_property."""
    layout = oracle.LAYOUT
    inputs = [(name, key) for name, sheet in layout.sheets.items() for key in sorted(sheet.inputs)]
    fills = []

    @settings(max_examples=count, **GENERATED)
    @given(st.data())
    def collect(data):
        chosen = data.draw(st.lists(st.sampled_from(inputs), min_size=20, max_size=80, unique=True))
        fill = {}
        for sheet, key in chosen:
            fill.setdefault(sheet, {})[key] = data.draw(openpyxl_books.input_values)
        fills.append(fill)

    collect()
    return fills


@pytest.fixture(scope="module")
def fills(templates, tmp_path_factory):
    folder = tmp_path_factory.mktemp("fills")
    seed_template, oracle_template = templates[-2:]
    paths = [folder / "seed.xlsx"]
    fill_template(seed_template, paths[0], seed_fill.seed_fill_values())
    explicit = [fill for fill in oracle.explicit_fills() if fill]   # the empty one is the template
    chosen = oracle.generated_fills(RANDOM_FILLS) + explicit + _random_fills(ODD_FILLS)
    for number, fill in enumerate(chosen):
        paths.append(folder / f"fill{number:02d}.xlsx")
        fill_template(oracle_template, paths[-1], fill)
    return paths


def test_template_fills(fills):
    assert len(fills) == 1 + RANDOM_FILLS + 3 + ODD_FILLS
    for path in fills:
        assert_same(path)


def shared_as_excel_saves(source, output):
    """A copy of ``source`` with its formulas shared the way Excel saves them: a cell whose formula is
    the one above (or to the left) moved to it becomes a dependent of that formula's master."""
    from html import unescape

    from openpyxl.formula.translate import Translator

    formula_cell = re.compile(r'<c r="([A-Z]+)([0-9]+)"([^>]*)><f>([^<]*)</f>')
    with zipfile.ZipFile(source) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    shared = 0
    for name, data in parts.items():
        if not name.startswith("xl/worksheets/sheet"):
            continue
        masters, groups, text = {}, {}, data.decode()

        def share(match):
            nonlocal shared
            column, row, attributes, formula = match.groups()
            coordinate, plain = f"{column}{row}", "=" + unescape(formula)
            for neighbour in (f"{column}{int(row) - 1}", _left_of(column, row)):
                if neighbour in masters and Translator(*masters[neighbour]).translate_formula(coordinate) == plain:
                    masters[coordinate] = masters[neighbour]
                    shared += 1
                    return f'<c r="{coordinate}"{attributes}><f t="shared" si="{groups[masters[neighbour]]}"/>'
            masters[coordinate] = (plain, coordinate)
            groups[masters[coordinate]] = str(len(groups))
            return f'<c r="{coordinate}"{attributes}><f t="shared" ref="{coordinate}" si="{groups[masters[coordinate]]}">{formula}</f>'

        parts[name] = formula_cell.sub(share, text).encode()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return shared


def _left_of(column, row):
    return f"{column_letter(column_index(column) - 1)}{row}" if column != "A" else None


def test_template_fills_saved_with_shared_formulas(fills, tmp_path):
    """Excel shares every formula it finds copied down or across when it saves a filled template; the
    fast reader reads such a file itself, and gives what openpyxl gives and what the unshared file gives."""
    for path in fills[:3]:
        shared_copy = tmp_path / f"{path.stem}-shared.xlsx"
        assert shared_as_excel_saves(path, shared_copy) > 100
        assert_same(shared_copy)
        assert [(f.rule, f.sheet, f.cell) for f in verify_file(shared_copy).findings] == \
            [(f.rule, f.sheet, f.cell) for f in verify_file(path).findings]


def test_annotated_copies(fills, tmp_path):
    """The copies `verify --annotate` writes (openpyxl's XML, a 核查结果 sheet, a very hidden record)."""
    for source in (*SAMPLES, fills[0]):
        output = tmp_path / f"{source.stem}.核查.xlsx"
        annotate(source, verify_file(source).findings, output, unit="某单位", year=2024)
        assert_same(output)


HANDTYPED = {
    "original": handtyped.write_original,
    "stacked": handtyped.write_stacked,
    "as-text": handtyped.write_as_text,
    "edited": lambda path: handtyped.write_with_edits(path, {("department", ("总分", 2)): "99.26",
                                                             ("project", "footer"): "填表人：周利华"}),
    "xlsm": bad_inputs.write_xlsm,
    "all-sheets-hidden": bad_inputs.write_all_sheets_hidden,
    "wps-wrong-dimensions": bad_inputs.write_wrong_dimensions,
}


@pytest.mark.parametrize("name", sorted(HANDTYPED))
def test_hand_typed_builders(tmp_path, name):
    path = tmp_path / f"{name}.xlsx"
    HANDTYPED[name](path)
    assert_same(path)


def test_another_units_layout(tmp_path):
    """test_reader_other_units's workbook: label | amount cells, a table away from A1, 封面 inserted first."""
    book = openpyxl.Workbook()
    book.active.title = "整体支出自评"
    other_unit.put(book.active, other_unit.DEPARTMENT_ROWS)
    book.active.merge_cells("A1:H1")
    other_unit.put(book.create_sheet("项目"), other_unit.PROJECT_ROWS, first_row=3, first_column=2)
    other_unit.put(book.create_sheet("基础数据"), other_unit.BASIC_ROWS)
    other_unit.put(book.create_sheet("封面", 0), other_unit.COVER_ROWS)
    book.save(tmp_path / "某市自然资源局.xlsx")
    assert_same(tmp_path / "某市自然资源局.xlsx")


@settings(max_examples=LAYOUT_EXAMPLES, **GENERATED)
@given(case=fidelity.layouts())
def test_hand_typed_layouts(case):
    """xlsxwriter's layouts: merges, comments, validations, charts, pictures, protection, hidden sheets."""
    spec, _ = case
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "手工表.xlsx"
        fidelity.write_layout(path, spec)
        assert_same(path)


@settings(max_examples=OPENPYXL_EXAMPLES, **GENERATED)
@given(specs=st.lists(openpyxl_books.sheets, min_size=1, max_size=2))
def test_small_openpyxl_workbooks(specs):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "小表.xlsx"
        openpyxl_books.build(path, specs)
        assert_same(path)


def test_a_fill_recalculated_by_libreoffice(fills, tmp_path):
    """LibreOffice writes its own XML (styles, shared strings, text and error results); one file, as
    starting soffice is most of the cost."""
    from libreoffice import recalculate, require_soffice

    require_soffice()
    (path,) = recalculate(fills[-1:], tmp_path)   # odd typed values: #VALUE! results
    assert_same(path)


# ---------------------------------------------------------------- fuzz mutations


def compare_when_openpyxl_reads(path, description, fast_only):
    """The weaker rule for a damaged file: when openpyxl reads it, the fast reader declines or agrees."""
    try:
        full_book = read_full(path)
    except Exception as error:  # noqa: BLE001 - OpenpyxlFailed, or whatever else read_full lets through
        try:
            read_fast(path)
        except Declined:
            return "openpyxl fails, fast declines"
        fast_only.append(f"{description} (openpyxl: {type(error.__cause__ or error).__name__})")
        return "openpyxl fails, fast reads"
    try:
        fast = read_fast(path)
    except Declined:
        return "fast declines"
    difference = book_difference(fast, full_book)
    assert difference is None, f"{description}: {difference}"
    difference = result_difference(verify_file(path), verify_full(path)[0])
    assert difference is None, f"{description}: {difference}"
    return "both read, same"


@st.composite
def value_mutations(draw):
    """(file bytes, description): a base with 1–2 values or cell types changed, the XML kept well formed."""
    base = draw(st.sampled_from(sorted(fuzz.BASES)))
    parts, steps = list(fuzz.BASES[base]), [base]
    for _ in range(draw(st.integers(1, 2))):
        parts, step = draw(st.sampled_from((fuzz.nasty_value, fuzz.wrong_cell_type)))(draw, parts)
        steps.append(step)
    return fuzz.build(parts), "; ".join(steps)


@pytest.mark.parametrize(("strategy", "examples"), [(fuzz.mutated_workbooks(), FUZZ_EXAMPLES),
                                                    (value_mutations(), VALUE_MUTATIONS)],
                         ids=["any-mutation", "values-and-cell-types"])
def test_fuzz_mutations(tmp_path, strategy, examples):
    outcomes, fast_only = {}, []

    @settings(max_examples=examples, **GENERATED)
    @given(case=strategy)
    def one(case):
        data, description = case
        path = tmp_path / "mutated.xlsx"
        path.write_bytes(data)
        outcome = compare_when_openpyxl_reads(path, description, fast_only)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1

    one()
    print(f"\nfuzz: {outcomes}")
    for description in fast_only:   # damage in a part the fast reader does not read
        print(f"  fast reads what openpyxl cannot: {description}")
    assert outcomes.get("both read, same", 0) >= examples // 10


