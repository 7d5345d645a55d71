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
number_formats.py is compared with openpyxl's own tables and functions.
"""

import datetime
import itertools
import tempfile
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from openpyxl.styles import numbers as openpyxl_numbers
from openpyxl.utils import datetime as openpyxl_datetime
from openpyxl.worksheet._reader import _cast_number

import bad_inputs
import handtyped
import seed_fill
import test_annotate_fidelity as fidelity
import test_annotate_property as openpyxl_books
import test_formula_oracle as oracle
import test_fuzz as fuzz
import test_reader_other_units as other_unit
from perfeval_xl.a1 import address
from perfeval_xl.api import verify_file
from perfeval_xl.reader import number_formats
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
RANDOM_SHEETS = 60          # random sheets written XML by hand
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


def _typed(value):
    """A value with its type: 1 == 1.0 == True, but a finding may print them differently."""
    return type(value), value


def _cell(cell):
    return None if cell is None else (cell, _typed(cell.raw))


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
            if _typed(mine) != _typed(theirs):
                return f"result of {address(*position)}: fast {mine!r}, openpyxl {theirs!r}"
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


# ---------------------------------------------------------------- number formats and date serials

CUSTOM_FORMATS = (
    'yyyy"年"m"月"d"日"', "[$-804]yyyy年m月d日", "yyyy年m月d日", 'm"月"d"日"', 'yyyy"年"m"月"', "yyyy/m/d",
    "yyyy-mm-dd", "yyyy-mm-dd;@", "[$-409]mmmm d, yyyy;@", '[DBNum1][$-804]yyyy"年"m"月"d"日"',
    'h"时"mm"分"', "h:mm AM/PM", "上午/下午h\"时\"mm\"分\"", "mm:ss.0", "e\"年\"m\"月\"d\"日\"", '"Day "d', "ddd",
    "[h]:mm:ss", "[hh]:mm", "[mm]:ss", "[ss].00", "[H]:MM:SS", "0.00%", "0%", "0.0000%", "#,##0.00_ ",
    "#,##0_ ", "0_ ", "0.00_ ;[Red]\\-0.00\\ ", "#,##0.00_);[Red]\\(#,##0.00\\)", "[Red]0.00", "[Blue]#,##0",
    '"元"0', '0.00"万元"', '0"分"', "¥#,##0.00;¥-#,##0.00", '"¥"#,##0.00_);[Red]\\("¥"#,##0.00\\)',
    "[$¥-804]#,##0.00", "[DBNum2][$-804]General", "G/通用格式", "General", "@", "@;yyyy",
    "General;General;\"—\"", "0.00;[Red]-0.00", "\\d0", "_d0", "[<=9999999]###-####;(###) ###-####",
    "[$-F800]dddd\\,\\ mmmm\\ dd\\,\\ yyyy", "", None,
)
SERIALS = (0, 1e-9, 0.00001157, 0.5, 0.999999, 0.99999999, 1, 1.5, 59, 59.99, 60, 60.5, 61, 366,
           45000, 45000.75, 45000.123456789, 45657.99999999, -0.5, -1, -700000, 2958465, 2958465.9999999,
           2958466, 1e12, float("inf"), float("-inf"))


def test_builtin_formats_are_openpyxls():
    assert number_formats.BUILTIN_FORMATS == openpyxl_numbers.BUILTIN_FORMATS
    assert number_formats.BUILTIN_FORMATS_MAX_SIZE == openpyxl_numbers.BUILTIN_FORMATS_MAX_SIZE


@pytest.mark.parametrize("fmt", list(openpyxl_numbers.BUILTIN_FORMATS.values()) + list(CUSTOM_FORMATS))
def test_date_and_timedelta_formats_are_openpyxls(fmt):
    assert number_formats.is_date_format(fmt) == openpyxl_numbers.is_date_format(fmt)
    assert number_formats.is_timedelta_format(fmt) == openpyxl_numbers.is_timedelta_format(fmt)


def _outcome(function, *args, **options):
    try:
        return _typed(function(*args, **options))
    except Exception as error:  # noqa: BLE001 - the same exception is what must match
        return type(error)


@pytest.mark.parametrize("epoch", [number_formats.WINDOWS_EPOCH, number_formats.MAC_EPOCH], ids=["1900", "1904"])
@pytest.mark.parametrize("timedelta", [False, True], ids=["date", "timedelta"])
def test_from_excel_is_openpyxls(epoch, timedelta):
    assert number_formats.WINDOWS_EPOCH == openpyxl_datetime.WINDOWS_EPOCH
    assert number_formats.MAC_EPOCH == openpyxl_datetime.MAC_EPOCH
    for serial in SERIALS:
        ours = _outcome(number_formats.from_excel, serial, epoch, timedelta=timedelta)
        theirs = _outcome(openpyxl_datetime.from_excel, serial, epoch, timedelta=timedelta)
        assert ours == theirs, serial


def test_from_excel_of_nothing_is_nothing():
    assert number_formats.from_excel(None) is openpyxl_datetime.from_excel(None) is None


FORMAT_PIECES = st.sampled_from(['"年"', '"月"', "[Red]", "[$-804]", "[h]", "[mm]", "[ss]", "[DBNum1]", "\\d", "_d",
                                 ";", "@", "0.00", "#,##0", "%", "E+00", "AM/PM", ".0", " "] + list("dmyhsDMYHS:/-年月日"))


@settings(max_examples=300, **GENERATED)
@given(fmt=st.lists(FORMAT_PIECES, max_size=8).map("".join))
def test_any_format_is_a_date_exactly_when_openpyxl_says(fmt):
    assert number_formats.is_date_format(fmt) == openpyxl_numbers.is_date_format(fmt)
    assert number_formats.is_timedelta_format(fmt) == openpyxl_numbers.is_timedelta_format(fmt)


@settings(max_examples=300, **GENERATED)
@given(serial=st.one_of(st.floats(-1e6, 3e6), st.integers(-10**6, 3 * 10**6)), mac=st.booleans(),
       timedelta=st.booleans())
def test_any_serial_converts_as_openpyxl_converts_it(serial, mac, timedelta):
    epoch = number_formats.MAC_EPOCH if mac else number_formats.WINDOWS_EPOCH
    assert (_outcome(number_formats.from_excel, serial, epoch, timedelta=timedelta)
            == _outcome(openpyxl_datetime.from_excel, serial, epoch, timedelta=timedelta))


@pytest.mark.parametrize("text", ["0", "-0", "42", " 7", "3.5", "1E3", "1e-3", "-2.50", "1e309", "０", "1_000",
                                  "NaN", "inf", "", "abc", "0x10"])
def test_cast_number_is_openpyxls(text):
    assert _outcome(number_formats.cast_number, text) == _outcome(_cast_number, text)


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


# ---------------------------------------------------------------- workbooks written XML by hand

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
SPREADSHEETML = "application/vnd.openxmlformats-officedocument.spreadsheetml."
# cellXfs: the number format of each style index a hand-written cell may name with s="…"
STYLE_FORMATS = (
    0,      # 0  General
    14,     # 1  mm-dd-yy: a date
    2,      # 2  0.00
    10,     # 3  0.00%
    176,    # 4  yyyy"年"m"月"d"日"
    46,     # 5  [h]:mm:ss: a duration
    31,     # 6  a Chinese date built into Excel, unknown to openpyxl: General, the number kept
    177,    # 7  [$-804]yyyy年m月d日
    178,    # 8  #,##0.00_
    179,    # 9  "0.00" defined as a custom format: openpyxl maps it to built-in 2
    180,    # 10 [h]:mm
    20,     # 11 h:mm: a time of day
    49,     # 12 @
    57,     # 13 another Chinese built-in, unknown to openpyxl
    -1,     # 14 a negative number: General
)
CUSTOM_FORMATS_XML = {176: 'yyyy"年"m"月"d"日"', 177: "[$-804]yyyy年m月d日", 178: "#,##0.00_ ", 179: "0.00",
                      180: "[h]:mm"}


def _escape(text):
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def styles_xml(formats=STYLE_FORMATS, custom=CUSTOM_FORMATS_XML, dxfs=""):
    numbers = "".join(f'<numFmt numFmtId="{n}" formatCode="{_escape(code)}"/>' for n, code in custom.items())
    xfs = "".join(f'<xf numFmtId="{n}" fontId="0" fillId="0" borderId="0" xfId="0"/>' for n in formats)
    return (f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{MAIN_NS}">'
            f'<numFmts count="{len(custom)}">{numbers}</numFmts>'
            '<fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts>'
            '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            f'<cellXfs count="{len(formats)}">{xfs}</cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            f"{dxfs}</styleSheet>")


def sheet_xml(rows, after=""):
    return (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN_NS}" xmlns:r="{DOC_RELS}">'
            f"<sheetData>{rows}</sheetData>{after}</worksheet>")


def strings_xml(items):
    return f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN_NS}">{"".join(items)}</sst>'


def xml_workbook(path, sheets, strings=(), styles=None, workbook_pr="", changes=None):
    """Write an .xlsx of ``sheets`` ([(title, worksheet XML)]); ``changes`` maps a part name to new text
    (None drops the part).  Returns the path."""
    sheet_entries = "".join(f'<sheet name="{_escape(title)}" sheetId="{n}" r:id="rId{n}"/>'
                            for n, (title, _) in enumerate(sheets, 1))
    relations = "".join(f'<Relationship Id="rId{n}" Type="{DOC_RELS}/worksheet" Target="worksheets/sheet{n}.xml"/>'
                        for n in range(1, len(sheets) + 1))
    overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{SPREADSHEETML}worksheet+xml"/>'
                        for n in range(1, len(sheets) + 1))
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{SPREADSHEETML}sheet.main+xml"/>{overrides}'
            f'<Override PartName="/xl/styles.xml" ContentType="{SPREADSHEETML}styles+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SPREADSHEETML}sharedStrings+xml"/></Types>'),
        "_rels/.rels": (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE_RELS}">'
                        f'<Relationship Id="rId1" Type="{DOC_RELS}/officeDocument" Target="xl/workbook.xml"/>'
                        "</Relationships>"),
        "xl/workbook.xml": (f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN_NS}" xmlns:r="{DOC_RELS}">'
                            f"<workbookPr{workbook_pr}/><sheets>{sheet_entries}</sheets></workbook>"),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE_RELS}">{relations}'
            f'<Relationship Id="rId90" Type="{DOC_RELS}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId91" Type="{DOC_RELS}/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>"),
        "xl/styles.xml": styles or styles_xml(),
        "xl/sharedStrings.xml": strings_xml(strings),
        **{f"xl/worksheets/sheet{n}.xml": body for n, (_, body) in enumerate(sheets, 1)},
    }
    for name, text in (changes or {}).items():
        parts[name] = text
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            if text is not None:
                archive.writestr(name, text.encode() if isinstance(text, str) else text)
    return path


def cell(ref, value=None, t=None, s=None, formula=None, inner=""):
    attributes = "".join(f' {k}="{v}"' for k, v in (("r", ref), ("t", t), ("s", s)) if v is not None)
    body = (formula or "") + ("" if value is None else f"<v>{value}</v>") + inner
    return f"<c{attributes}>{body}</c>"


def row(number, *cells):
    label = "" if number is None else f' r="{number}"'
    return f"<row{label}>{''.join(cells)}</row>"


# Shared strings a spreadsheet application writes: plain, rich runs, phonetic guides, escapes.
STRINGS = (
    "<si><t>预算执行率</t></si>",
    '<si><t xml:space="preserve">  前后空格  </t></si>',
    "<si><r><rPr><b/><sz val=\"11\"/></rPr><t>一级</t></r><r><t>指标</t></r></si>",
    "<si><t>漢字</t><rPh sb=\"0\" eb=\"2\"><t>かんじ</t></rPh><phoneticPr fontId=\"0\" type=\"noConversion\"/></si>",
    "<si><t>_x005F_x000D_ 与 _x000D_</t></si>",
    "<si><t/></si>",
    "<si/>",
    "<si><r><t>前</t></r><r><rPr><i/></rPr><t/></r><r><t>后</t></r></si>",
    "<si><t>第一</t><r><t>第二</t></r></si>",
    "<si><r><t>一</t><t>二</t></r></si>",
    "<si><t>first</t><t>second</t></si>",
    "<si><t>行一\n行二</t></si>",
)


def every_kind_of_cell():
    """Rows holding every value type, style and spelling of a cell the fast reader must mirror."""
    return "".join((
        row(1, cell("A1", 42), cell("B1", "3.5"), cell("C1", "1E3"), cell("D1", "-0"), cell("E1", "1e309"),
            cell("F1", "0.1", s=2), cell("G1", "0.9265", s=3), cell("H1", "2096.96", s=8), cell("I1", "5", s=9)),
        row(2, *(cell(f"{column}2", serial, s=1) for column, serial in
                 zip("ABCDEFG", ("0", "0.5", "1", "59", "60", "61", "45000.75")))),
        row(3, cell("A3", "45371", s=4), cell("B3", "45371", s=7), cell("C3", "45371", s=6), cell("D3", "45371", s=13),
            cell("E3", "1.5", s=5), cell("F3", "0.75", s=10), cell("G3", "0.5", s=11), cell("H3", "3", s=12),
            cell("I3", "7", s=14), cell("J3", "-1", s=1), cell("K3", "3000000", s=1)),
        row(4, *(cell(f"{column}4", n, t="s") for column, n in zip("ABCDEFGHIJKL", range(12)))),
        row(5, cell("A5", "1", t="b"), cell("B5", "0", t="b"), cell("C5", "#DIV/0!", t="e"),
            cell("D5", "直接文字", t="str"), cell("E5", t="inlineStr", inner="<is><t>内联</t></is>"),
            cell("F5", t="inlineStr", inner="<is><r><t>富</t></r><r><rPr><b/></rPr><t>文本</t></r></is>"),
            cell("G5", t="inlineStr"), cell("H5", t="n"), cell("I5", "", t="n"), cell("J5", "5", t="s")),
        row(6, cell("A6", "4", formula="<f>SUM(A1:A2)</f>"), cell("B6", "是", t="str", formula='<f>IF(A1&gt;0,"是","否")</f>'),
            cell("C6", "#DIV/0!", t="e", formula="<f>1/0</f>"), cell("D6", "1", t="b", formula="<f>TRUE()</f>"),
            cell("E6", formula="<f>A1*2</f>"), cell("F6", "0", formula="<f/>"),
            cell("G6", "3", formula='<f t="array" ref="G6:G6">SUM(A1:C1*1)</f>'),
            cell("H6", "7", formula='<f t="shared" ref="H6" si="0">A1+1</f>'),
            cell("I6", "45371", s=1, formula="<f>DATE(2024,3,20)</f>"), cell("J6", "2", formula='<f t="normal">1+1</f>')),
        row(7, cell(None, "1"), cell(None, "2"), cell("E7", "5"), cell(None, "6")),
        row(None, cell(None, "row 8", t="str")),
        row("10.0", cell("A10", "ten", t="str")),
        row(11, cell("A11", "first", t="str"), cell("A11", "second", t="str"), cell("B11", "1"), cell("B11")),
        row(12, cell("a12", "lower case", t="str"), cell("C12", "3", s="0")),
    ))


# Not here: a cell far right or far down.  read_full builds every cell of the sheet's bounding box
# (A1 and XFD200 take it 18 s).
MERGES = ('<mergeCells count="4"><mergeCell ref="A1:B1"/><mergeCell ref="A7:B8"/><mergeCell ref="D20:E21"/>'
          '<mergeCell ref="H1"/></mergeCells>')


def test_every_kind_of_cell(tmp_path):
    protection = '<sheetProtection sheet="1" objects="1" password="CC1A"/>'
    path = xml_workbook(tmp_path / "cells.xlsx", [
        ("数据", sheet_xml(every_kind_of_cell(), MERGES + protection)),
        ("Sheet 2's", sheet_xml(every_kind_of_cell())),
        ("_perfeval", sheet_xml(row(1, cell("A1", "formula results compared: a template's hidden sheet", t="str")),
                                '<sheetProtection sheet="true"/>')),
    ], strings=STRINGS)
    assert_same(path)


@pytest.mark.parametrize("date1904", ['="1"', '="true"', '="0"', '="false"', ""])
def test_either_date_epoch(tmp_path, date1904):
    dates = row(1, *(cell(f"{column}1", serial, s=style) for column, serial, style in
                     zip("ABCDEF", ("0", "0.5", "60", "45000.75", "1.5", "-1"), (1, 1, 1, 4, 5, 1))))
    path = xml_workbook(tmp_path / "epoch.xlsx", [("日期", sheet_xml(dates))],
                        workbook_pr=date1904 and f" date1904{date1904}")
    assert_same(path)


@pytest.mark.parametrize("protection", ['sheet="1"', 'sheet="0"', 'sheet="false"', 'sheet="f"', 'sheet=""',
                                        'sheet="yes"', 'objects="1"', None])
def test_sheet_protection(tmp_path, protection):
    after = "" if protection is None else f"<sheetProtection {protection}/>"
    path = xml_workbook(tmp_path / "protection.xlsx", [("表", sheet_xml(row(1, cell("A1", "1")), after))])
    assert_same(path)


def test_number_formats_of_differential_styles_are_not_cell_formats(tmp_path):
    """A <dxf> (conditional format) has its own <numFmt>s; only <numFmts> names the cells' formats."""
    dxfs = ('<dxfs count="2"><dxf><numFmt numFmtId="176" formatCode="0.000%"/></dxf>'
            '<dxf><numFmt numFmtId="181" formatCode="yyyy-mm-dd"/></dxf></dxfs>')
    path = xml_workbook(tmp_path / "dxf.xlsx", [("表", sheet_xml(row(1, cell("A1", "45371", s=4))))],
                        styles=styles_xml(dxfs=dxfs))
    assert_same(path)


def test_the_parts_around_the_sheets_as_openpyxl_finds_them(tmp_path):
    """Absolute and relative targets, sheets in another order than their parts, the last <workbookPr>,
    elements in another namespace that openpyxl still finds by local name, an empty <sheets> list."""
    foreign = "urn:example:other"
    changes = {
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{PACKAGE_RELS}">'
            f'<Relationship Id="rId1" Type="{DOC_RELS}/worksheet" Target="/xl/worksheets/sheet2.xml"/>'
            f'<Relationship Id="rId2" Type="{DOC_RELS}/worksheet" Target="./worksheets/../worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId3" Type="{DOC_RELS}/hyperlink" Target="https://example.com" TargetMode="External"/>'
            f'<Relationship Id="rId90" Type="{DOC_RELS}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId91" Type="{DOC_RELS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'),
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN_NS}" xmlns:r="{DOC_RELS}" xmlns:o="{foreign}"><workbookPr date1904="1"/>'
            '<o:workbookPr date1904="0"/><o:sheets><sheet name="第二" sheetId="2" r:id="rId1"/>'
            '<sheet name="第一" sheetId="1" r:id="rId2" state="hidden"/></o:sheets></workbook>'),
    }
    body = row(1, cell("A1", "45000.5", s=1), cell("B1", "0", t="s"))
    path = xml_workbook(tmp_path / "parts.xlsx", [("x", sheet_xml(body)), ("y", sheet_xml(body))],
                        strings=[f'<si><o:t xmlns:o="{foreign}">外来命名空间</o:t></si>'], changes=changes)
    assert_same(path)
    empty = {"xl/workbook.xml": f'<workbook xmlns="{MAIN_NS}"><sheets/></workbook>'}
    assert_same(xml_workbook(tmp_path / "no-sheets.xlsx", [("x", sheet_xml(body))], changes=empty))


def test_styles_as_openpyxl_finds_them(tmp_path):
    """The last <numFmts> and <cellXfs> count; a custom format may reuse a built-in number or code."""
    custom = '<numFmts count="2"><numFmt numFmtId="176" formatCode="0.0"/><numFmt numFmtId="14" formatCode="yyyy/m/d"/></numFmts>'
    styles = styles_xml(custom={176: "0.000"}).replace("<fonts", custom + "<fonts")
    styles = styles.replace("</styleSheet>", '<cellXfs count="3"><xf numFmtId="176"/><xf numFmtId="14"/><xf/></cellXfs>'
                                             "</styleSheet>")
    body = row(1, cell("A1", "1.25", s=0), cell("B1", "45000", s=1), cell("C1", "7", s=2))
    assert_same(xml_workbook(tmp_path / "styles.xlsx", [("表", sheet_xml(body))], styles=styles))


def test_hyperlinks_on_cells_that_hold_something(tmp_path):
    """openpyxl leaves a linked cell that holds a value (or a result) as it is; a merged range's
    inside is skipped, and a link on it goes to the range's top-left cell."""
    rels = (f'<Relationships xmlns="{PACKAGE_RELS}"><Relationship Id="rId1" Type="{DOC_RELS}/hyperlink" '
            'Target="https://example.com/绩效" TargetMode="External"/></Relationships>')
    links = ('<mergeCells><mergeCell ref="A3:B4"/></mergeCells><hyperlinks><hyperlink ref="A1" r:id="rId1"/>'
             '<hyperlink ref="B1:C1" location="\'表\'!A1"/><hyperlink ref="B4" location="A9"/>'
             '<hyperlink ref="A3:B4" location="A9"/></hyperlinks>')
    body = row(1, cell("A1", "网站", t="str"), cell("B1", "2", formula="<f>1+1</f>"), cell("C1", "0")) + row(
        3, cell("A3", "合并", t="str"), cell("B3", "1"))
    path = xml_workbook(tmp_path / "links.xlsx", [("表", sheet_xml(body, links))],
                        changes={"xl/worksheets/_rels/sheet1.xml.rels": rels})
    assert_same(path)


def _declining(sheets=None, strings=("<si><t>文字</t></si>",), **options):
    """A builder of a hand-written workbook the fast reader must decline."""
    body = row(1, cell("A1", "1"), cell("B1", "0", t="s") if strings else "")
    return lambda path: xml_workbook(path, sheets or [("表", sheet_xml(body))], strings=strings, **options)


def test_a_sheet_without_its_part_is_left_out(tmp_path):
    body = sheet_xml(row(1, cell("A1", "1")))
    path = xml_workbook(tmp_path / "missing.xlsx", [("表一", body), ("表/二", body), ("表三", body)],
                        changes={"xl/worksheets/sheet2.xml": None})
    assert_same(path)


def test_of_two_parts_of_one_name_the_last_is_read(tmp_path):
    """zipfile and openpyxl read the last; inspect_zip's inflated parts must not give the fast reader the first."""
    path = xml_workbook(tmp_path / "twice.xlsx", [("表", sheet_xml(row(1, cell("A1", "0", t="s"))))],
                        strings=["<si><t>前一个</t></si>"])
    with zipfile.ZipFile(path, "a") as archive, pytest.warns(UserWarning, match="Duplicate name"):
        archive.writestr("xl/sharedStrings.xml", strings_xml(["<si><t>后一个</t></si>"]))
    assert_same(path)
    first = {"xl/sharedStrings.xml": strings_xml(["<si><t>前一个</t></si>"]).encode()}
    assert read_fast(path, first).sheets[0].cells[(1, 1)].raw == "后一个"


SHARED = row(1, cell("A1", "1"), cell("B1", "2")) + row(2, cell("A2", "2", formula='<f t="shared" ref="A2:B2" si="0">A1*2</f>'),
                                                         cell("B2", "4", formula='<f t="shared" si="0"/>'))
# Each: a workbook openpyxl reads in a way the fast reader does not mirror, and the reason it gives.
DECLINED = {
    # openpyxl translates the master's formula for each cell it is copied to (formula/translate.py)
    "shared-formula-copied": (_declining([("表", sheet_xml(SHARED))]), "shared formula"),
    "iso-date-cell": (_declining([("表", sheet_xml(row(1, cell("A1", "2024-03-20T08:00:00", t="d"))))]),
                      "cell type t='d'"),
    "unknown-cell-type": (_declining([("表", sheet_xml(row(1, cell("A1", "x", t="zz"))))]), "cell type"),
    "data-table-formula": (_declining([("表", sheet_xml(row(1, cell(
        "A1", "1", formula='<f t="dataTable" ref="A1:A2" dt2D="0" dtr="0" r1="B1"/>'))))]), "dataTable formula"),
    "overlapping-merges": (_declining([("表", sheet_xml(row(1, cell("A1", "1"), cell("B1", "2")), (
        '<mergeCells><mergeCell ref="A1:B2"/><mergeCell ref="B2:C3"/></mergeCells>')))]), "overlapping"),
    "two-merge-lists": (_declining([("表", sheet_xml(row(1, cell("A1", "1")), (
        '<mergeCells><mergeCell ref="A1:B2"/></mergeCells><mergeCells><mergeCell ref="D1:E2"/></mergeCells>')))]),
        "two <mergeCells>"),
    "same-name-in-another-case": (_declining([("Data", sheet_xml("")), ("DATA", sheet_xml(""))]), "renames"),
    "macro-sheet": (_declining(changes={"xl/_rels/workbook.xml.rels": (
        f'<Relationships xmlns="{PACKAGE_RELS}"><Relationship Id="rId1" Type="{DOC_RELS}/xlMacrosheet" '
        'Target="worksheets/sheet1.xml"/></Relationships>')}), "not a worksheet part"),
    "sheet-without-relationship-id": (_declining(changes={"xl/workbook.xml": (
        f'<workbook xmlns="{MAIN_NS}"><sheets><sheet name="表" sheetId="1"/></sheets></workbook>')}),
        "not a worksheet part"),
    "no-styles-part": (_declining(changes={"xl/styles.xml": None}), "no styles part"),
    "no-cell-styles": (_declining(styles=styles_xml(formats=())), "no cell styles"),
    "undefined-custom-format": (_declining(styles=styles_xml(formats=(0, 164, 176))), "neither built in"),
    "row-number-zero": (_declining([("表", sheet_xml(row(0, cell(None, "1")) + row(None, cell(None, "2"))))]),
                        "row number '0'"),
    "row-number-with-leading-zero": (_declining([("表", sheet_xml(row(1, cell("A01", "1"))))]), "单元格地址"),
    "column-past-xfd": (_declining([("表", sheet_xml(row(1, cell("XFE1", "1"))))]), "列字母"),
    "element-in-a-row": (_declining([("表", sheet_xml(row(1, cell("A1", "1"), "<extLst/>", cell(None, "2"))))]),
                         "inside a row"),
    "doctype-without-entities": (_declining([("表", '<?xml version="1.0"?><!DOCTYPE worksheet>' + sheet_xml(
        row(1, cell("A1", "1")))[38:])]), "DTD"),
    "workbook-part-by-default-type": (_declining(strings=(), changes={"[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" '
        f'ContentType="{SPREADSHEETML}sheet.main+xml"/></Types>')}), "no workbook part"),
    "relationship-with-a-lower-case-type": (_declining(changes={"xl/_rels/workbook.xml.rels": (
        f'<Relationships xmlns="{PACKAGE_RELS}"><Relationship Id="rId1" Type="{DOC_RELS}/worksheet" '
        'Target="worksheets/sheet1.xml"/><Relationship Id="rId9" type="styles" Target="styles.xml"/>'
        "</Relationships>")}), "not mirrored"),
    # openpyxl's Cell.hyperlink writes the link's target or location into an empty linked cell
    "hyperlink-on-an-empty-cell": (_declining([("表", sheet_xml(row(1, cell("A1", "1")), (
        '<hyperlinks><hyperlink ref="C1" location="表!A1" display="跳转"/></hyperlinks>')))]), "hyperlink"),
    "hyperlink-on-a-formula-without-result": (_declining([("表", sheet_xml(row(1, cell("A1", formula="<f>1+1</f>")), (
        '<hyperlinks><hyperlink ref="A1:A1" location="B9"/></hyperlinks>')))]), "hyperlink"),
    "hyperlink-inside-a-merged-range": (_declining([("表", sheet_xml(row(2, cell("B2", "1")), (
        '<mergeCells><mergeCell ref="A1:B2"/></mergeCells>'
        '<hyperlinks><hyperlink ref="B2" location="C9"/></hyperlinks>')))]), "empty cell A1"),
    "strange-element-in-a-string": (_declining(strings=["<si><t>文</t><x>?</x></si>"]), "in a string"),
}


@pytest.mark.parametrize("name", sorted(DECLINED))
def test_what_openpyxl_reads_otherwise_is_declined(tmp_path, name):
    build, reason = DECLINED[name]
    path = tmp_path / f"{name}.xlsx"
    build(path)
    assert_declines(path, reason)


# ---------------------------------------------------------------- random sheets written XML by hand

COLUMNS = "ABCDEF"
NUMBERS = ("0", "1", "-1", "0.5", "2096.96", "45000.75", "1E3", "60", "2958466", " 7", "", "1e309", "0.9265")
INLINE = ("<is><t>内联</t></is>", "<is><r><t>富</t></r><r><rPr><b/></rPr><t>文本</t></r></is>", "<is/>", "")
FORMULAS = (None, None, "<f>A1+1</f>", '<f t="array" ref="A1:A2">SUM(B1:B2)</f>', "<f/>", '<f t="normal">1</f>')


@st.composite
def random_cells(draw):
    """One <c>, with {row} for its row number when it names its address."""
    column = draw(st.one_of(st.none(), st.sampled_from(COLUMNS)))
    kind = draw(st.sampled_from((None, "n", "s", "b", "str", "e", "inlineStr")))
    value = {"s": draw(st.integers(0, len(STRINGS) - 1)), "b": draw(st.sampled_from(("0", "1"))), "str": "文字",
             "e": "#N/A", "inlineStr": None}.get(kind, draw(st.sampled_from(NUMBERS)))
    return cell(column and f"{column}{{row}}", value, t=kind, s=draw(st.one_of(st.none(), st.integers(0, 14))),
                formula=draw(st.sampled_from(FORMULAS)), inner=draw(st.sampled_from(INLINE)) if kind == "inlineStr" else "")


random_rows = st.lists(st.tuples(st.one_of(st.none(), st.integers(1, 8)), st.lists(random_cells(), max_size=6)),
                       max_size=8)
ranges = st.tuples(st.integers(1, 8), st.integers(0, 5), st.integers(0, 2), st.integers(0, 2)).map(
    lambda box: f"{COLUMNS[box[1]]}{box[0]}:{COLUMNS[min(box[1] + box[3], 5)]}{box[0] + box[2]}")


def random_sheet(rows, merges, links, protected):
    body = "".join(row(number, *(c.replace("{row}", str(number or 1)) for c in cells)) for number, cells in rows)
    after = ("<mergeCells>" + "".join(f'<mergeCell ref="{ref}"/>' for ref in merges) + "</mergeCells>") if merges else ""
    if protected:
        after += '<sheetProtection sheet="1"/>'
    if links:
        after += "<hyperlinks>" + "".join(f'<hyperlink ref="{ref}" location="A1"/>' for ref in links) + "</hyperlinks>"
    return sheet_xml(body, after)


def test_random_hand_written_sheets(tmp_path):
    """Random rows of every cell type, style and spelling, random merges and links: when openpyxl reads
    one, the fast reader declines it or reads it the same."""
    outcomes = []

    @settings(max_examples=RANDOM_SHEETS, **GENERATED)
    @given(rows=random_rows, merges=st.lists(ranges, max_size=3),
           links=st.sampled_from(((), (), ())) | st.lists(ranges, min_size=1, max_size=1),
           protected=st.booleans(), date1904=st.booleans())
    def one(rows, merges, links, protected, date1904):
        path = xml_workbook(tmp_path / "随机.xlsx",
                            [("表", random_sheet(rows, merges, links, protected)), ("_perfeval", sheet_xml(""))],
                            strings=STRINGS, workbook_pr=' date1904="1"' if date1904 else "")
        outcomes.append(compare_when_openpyxl_reads(path, repr((rows, merges, links)), []))

    one()
    compared = outcomes.count("both read, same")
    print(f"\nrandom sheets: {compared} of {len(outcomes)} read by both readers and compared")
    assert compared >= len(outcomes) // 3   # the others: overlapping merges, links on empty cells, bad values
