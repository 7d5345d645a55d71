"""Tests of the template generator: sheets, protection, layout agreement, validations, names, print."""

import datetime
import re
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl.utils.cell import range_boundaries

from perfeval_xl import glossary as g
from perfeval_xl.template import (HIDDEN_SHEET, TemplateOptions, fill_template, generate_template,
                                  options_from_hidden, project_sheet_names, read_hidden,
                                  template_layout)
from perfeval_xl.template.defaults import DEPARTMENT_INDICATORS, PROJECT_INDICATORS

DEFAULT = TemplateOptions()
SEED = TemplateOptions(unit="岳阳市建设工程质量安全监督站", year=2024,
                       projects=("业务工作经费", "运行维护经费"),
                       report_date=datetime.date(2025, 3, 18))
INPUT_FILL = "FFFFF2CC"
ALLOWED_FUNCTIONS = {"SUM", "SUMIF", "ROUND", "IF", "MIN", "MAX", "AND", "OR", "ISNUMBER",
                     "IFERROR", "COUNT", "COUNTA", "ABS", "LEN"}


@pytest.fixture(scope="module")
def default_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("template") / "default.xlsx"
    generate_template(path, DEFAULT)
    return path


@pytest.fixture(scope="module")
def seed_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("template") / "seed.xlsx"
    generate_template(path, SEED)
    return path


@pytest.fixture(scope="module")
def seed_book(seed_path):
    return openpyxl.load_workbook(seed_path)


def cells_of(sheet):
    return [cell for row in sheet.iter_rows() for cell in row]


def row_values(sheet, row):
    return [cell.value for cell in sheet[row]]


def find_row(sheet, first_label):
    """1-based row whose column A holds ``first_label``."""
    for cell in sheet["A"]:
        if cell.value == first_label:
            return cell.row
    raise AssertionError(f"{sheet.title}: no row starting with {first_label}")


# --- sheets and titles -------------------------------------------------------------------

def test_sheet_list_and_order(seed_book):
    assert seed_book.sheetnames == ["封面", "附件1", "附件2", "附件3-业务工作经费", "附件3-运行维护经费",
                                    "附件4", "附件5", "附件6", "考核评分表", HIDDEN_SHEET]
    assert seed_book[HIDDEN_SHEET].sheet_state == "hidden"
    assert all(ws.sheet_state == "visible" for ws in seed_book.worksheets[:-1])


def test_titles_are_in_row_one_and_merged_across_the_table(seed_book):
    expected = {
        "封面": "2024年度岳阳市建设工程质量安全监督站整体支出绩效自评报告",
        "附件1": "2024年度部门整体支出绩效评价基础数据表",
        "附件2": "2024年度部门整体支出绩效自评表",
        "附件3-运行维护经费": "2024年度项目支出绩效自评表",
        "附件4": "2024年度政府性基金预算支出情况表",
        "附件5": "2024年度国有资本经营预算支出情况表",
        "附件6": "2024年度社会保险基金预算支出情况表",
        "考核评分表": "部门整体支出绩效自评工作考核评分表",
    }
    for name, title in expected.items():
        sheet = seed_book[name]
        assert sheet["A1"].value == title
        merged = [r for r in sheet.merged_cells.ranges if r.min_row == 1 and r.min_col == 1]
        assert merged and merged[0].max_col >= 4, name


def test_project_sheet_names_are_cleaned_truncated_and_unique():
    names = project_sheet_names(["a/b", "ab", "x" * 40, "x" * 40 + "y", "AB"])
    assert names[0] == "附件3-ab"
    assert len(set(n.casefold() for n in names)) == 5
    assert all(len(n) <= 31 for n in names)


@given(st.lists(st.text(min_size=1, max_size=40).filter(str.strip), min_size=1, max_size=6,
                unique_by=str.strip))
def test_project_sheet_names_are_always_valid_excel_names(projects):
    names = project_sheet_names(projects, ("附件1", "附件4"))
    assert len({n.casefold() for n in names}) == len(projects)
    for name in names:
        assert 0 < len(name) <= 31
        assert not set(name) & set("[]:*?/\\")
        assert not name.endswith("'")


@pytest.mark.parametrize("options, message", [
    (TemplateOptions(projects=()), "至少需要一个项目"),
    (TemplateOptions(projects=("甲", "乙", "甲")), "项目名称重复"),
    (TemplateOptions(projects=("甲", " ")), "项目名称不能为空"),
    (TemplateOptions(year=1999), "年度"),
    (TemplateOptions(year=2101), "年度"),
    (TemplateOptions(year=True), "年度"),
])
def test_bad_options_raise_value_error_in_chinese(tmp_path, options, message):
    with pytest.raises(ValueError, match=message):
        generate_template(tmp_path / "bad.xlsx", options)
    assert not (tmp_path / "bad.xlsx").exists()
    with pytest.raises(ValueError, match=message):
        template_layout(options)


# --- protection and the input colour -----------------------------------------------------

def test_every_sheet_and_the_structure_are_protected(seed_path, seed_book):
    assert all(ws.protection.sheet for ws in seed_book.worksheets)
    assert seed_book.security.lockStructure
    with zipfile.ZipFile(seed_path) as archive:
        assert '<workbookProtection lockStructure="1"/>' in archive.read("xl/workbook.xml").decode()


def test_unlocked_cells_are_exactly_the_input_coloured_cells(seed_book):
    for sheet in seed_book.worksheets:
        anchors = {c.coordinate: m.start_cell for m in sheet.merged_cells.ranges
                   for row in sheet[m.coord] for c in row}
        for cell in cells_of(sheet):
            # openpyxl drops the fill of the non-anchor cells of a merged range on load.
            styled = anchors.get(cell.coordinate, cell)
            coloured = styled.fill.fill_type == "solid" and styled.fill.fgColor.rgb == INPUT_FILL
            assert coloured == (not cell.protection.locked), f"{sheet.title}!{cell.coordinate}"


def test_password_is_hashed_and_never_stored(tmp_path):
    path = tmp_path / "locked.xlsx"
    generate_template(path, TemplateOptions(password="秘密pw123"))
    book = openpyxl.load_workbook(path)
    assert book["附件2"].protection.password
    assert book.security.workbookPassword
    assert read_hidden(book)["password_protected"] == "是"
    with zipfile.ZipFile(path) as archive:
        text = "".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    assert "秘密pw123" not in text


# --- the layout agrees with the file -----------------------------------------------------

@pytest.mark.parametrize("fixture", ["default_path", "seed_path"])
def test_formulas_and_inputs_agree_with_template_layout(request, fixture):
    path = request.getfixturevalue(fixture)
    book = openpyxl.load_workbook(path)
    layout = template_layout(DEFAULT if fixture == "default_path" else SEED)
    assert list(layout.sheets) == book.sheetnames
    for sheet in book.worksheets:
        expected = layout.sheet(sheet.title)
        formulas = {c.coordinate: c.value for c in cells_of(sheet) if c.data_type == "f"}
        assert formulas == expected.formulas, sheet.title
        unlocked = {c.coordinate for c in cells_of(sheet) if not c.protection.locked}
        assert unlocked == _with_merged_extents(sheet, set(expected.inputs.values())), sheet.title


def _with_merged_extents(sheet, addresses):
    """Input addresses plus every cell of a merged range whose top-left is an input."""
    cells = set(addresses)
    for merged in sheet.merged_cells.ranges:
        if merged.start_cell.coordinate in addresses:
            cells |= {c.coordinate for row in sheet[merged.coord] for c in row}
    return cells


def test_formulas_use_only_functions_every_engine_shares():
    for sheet in template_layout(SEED).sheets.values():
        for formula in sheet.formulas.values():
            assert set(re.findall(r"([A-Z][A-Z0-9.]*)\(", formula)) <= ALLOWED_FUNCTIONS, formula


def test_formula_cells_cache_blank_not_zero(default_path):
    with zipfile.ZipFile(default_path) as archive:
        sheet = archive.read("xl/worksheets/sheet3.xml").decode()
    cached = re.findall(r"<f>[^<]*</f><v>([^<]*)</v>", sheet)
    assert cached and set(cached) == {""}


# --- what the sheets hold ----------------------------------------------------------------

def test_department_header_funds_and_splits(seed_book):
    sheet, layout = seed_book["附件2"], template_layout(SEED).sheet("附件2")
    assert sheet["A2"].value == "市级预算部门名称"
    assert sheet[layout.inputs["header.name"]].value == SEED.unit
    header = find_row(sheet, "项目")
    assert row_values(sheet, header)[:7] == ["项目", g.INITIAL_BUDGET, g.BUDGET, g.SPENT, g.WEIGHT,
                                             g.EXECUTION_RATE, g.SCORE]
    assert sheet.cell(header + 1, 1).value == g.FUNDS_TOTAL
    assert sheet[layout.inputs["funds.weight"]].value == 10
    for label in g.INCOME_SPLIT:
        assert _right_of(sheet, label) == layout.inputs[f"split.income.{label}"]
    for label in g.SPENDING_SPLIT:
        assert _right_of(sheet, label) == layout.inputs[f"split.spending.{label}"]


def _right_of(sheet, label):
    """The address of the cell right of the one cell holding ``label``."""
    found = [c for c in cells_of(sheet) if c.value == label]
    assert len(found) == 1, label
    return sheet.cell(found[0].row, found[0].column + 1).coordinate


@pytest.mark.parametrize("name, defaults, rows", [
    ("附件2", DEPARTMENT_INDICATORS, 45), ("附件3-业务工作经费", PROJECT_INDICATORS, 25)])
def test_indicator_block_total_and_weights(seed_book, name, defaults, rows):
    sheet = seed_book[name]
    header = find_row(sheet, g.LEVEL1)
    assert row_values(sheet, header) == [g.LEVEL1, g.LEVEL2, g.LEVEL3, g.TARGET, g.ACTUAL, g.WEIGHT,
                                         g.SCORE, g.DEVIATION_REASON, "校验"]
    for offset, (level1, level2, level3) in enumerate(defaults, start=1):
        # names only: the seed's 分值 do not add up to its headings (RULES.md §4)
        assert row_values(sheet, header + offset)[:7] == [level1, level2, level3, None, None, None, None]
    assert not re.match(r"\d", "".join(row[2][:1] for row in defaults))
    total = header + rows + 1
    assert sheet.cell(total, 1).value == g.TOTAL
    assert sheet.cell(total, 6).value.startswith("=IF(COUNT(E")
    weights = find_row(sheet, "一级指标权重")
    assert weights == total + 2
    assert row_values(sheet, weights + 1)[:4] == [g.LEVEL1, "权重", "三级指标分值合计", "校验"]
    assert [row_values(sheet, weights + i)[:2] for i in (2, 3, 4)] == [
        [g.OUTPUT, 50], [g.BENEFIT, 30], [g.SATISFACTION, 10]]
    assert "SUMIF(" in sheet.cell(weights + 2, 3).value
    assert [sheet.cell(weights + 6, c).value for c in (1, 3, 5, 7)] == list(g.FOOTER_FIELDS.values())


def test_project_sheet_header_and_sources(seed_book):
    sheet = seed_book["附件3-运行维护经费"]
    layout = template_layout(SEED).sheet("附件3-运行维护经费")
    assert (sheet["A2"].value, sheet["B2"].value, sheet["B2"].protection.locked) == (
        g.PROJECT_NAME, "运行维护经费", True)
    assert _right_of(sheet, g.AUTHORITY) == layout.inputs["header.authority"]
    assert _right_of(sheet, g.IMPLEMENTER) == layout.inputs["header.implementer"]
    total = find_row(sheet, g.FUNDS_TOTAL)
    assert [sheet.cell(total + i, 1).value for i in (1, 2, 3)] == list(g.SOURCE_SPLIT)
    assert layout.inputs["split.source.上年结转资金.spent"] == f"D{total + 2}"


def test_basic_data_rows_follow_the_seed(seed_book):
    sheet = seed_book["附件1"]
    assert row_values(sheet, 2)[:4] == ["财政供养人员情况(人)", "编制数", "2024年实际在职人数", "控制率"]
    labels = [c.value for c in sheet["A"][3:20]]
    assert labels == ["经费控制情况(万元)", "三公经费", "1、公务用车购置和维护经费", "其中：公车购置",
                      "公车运行维护", "2、出国经费", "3、公务接待", "项目支出：", "1、业务工作经费",
                      "2、运行维护经费", "公用经费", "其中：办公经费", "水费、电费、差旅费",
                      "会议费、培训费", "政府采购金额", "部门基本支出预算调整",
                      "楼堂馆所控制情况(2024年完工项目)"]
    assert row_values(sheet, 4)[1:4] == ["2023年决算数", "2024年预算数", "2024年决算数"]
    assert sheet["B5"].value == '=IF(COUNT(B6,B9,B10)=0,"",SUM(B6,B9,B10))'
    assert sheet["B11"].value == '=IF(COUNT(B12:B13)=0,"",SUM(B12:B13))'
    assert (sheet["B19"].value, sheet["B19"].protection.locked) == ("——", True)


def test_fund_tables_and_review(seed_book):
    sheet = seed_book["附件5"]
    assert row_values(sheet, 2)[:2] == [g.NO_SUCH_SPENDING, None]
    assert row_values(sheet, 3)[:6] == ["项目", g.INITIAL_BUDGET, g.BUDGET, g.SPENT,
                                        g.EXECUTION_RATE, "备注"]
    assert sheet["A14"].value == "合计" and sheet["C14"].value == '=IF(COUNT(C4:C13)=0,"",SUM(C4:C13))'
    review = seed_book["考核评分表"]
    assert row_values(review, 2) == [g.LEVEL1, g.LEVEL2, "评分标准", "所需佐证材料", "满分", "得分",
                                     "扣分说明"]
    assert [review.cell(r, 5).value for r in range(3, 12)] == [8, 2, 10, 10, 15, 20, 20, 15, 100]
    assert review["F11"].value == '=IF(COUNT(F3:F10)=0,"",ROUND(SUM(F3:F10),2))'


def test_cover(seed_book):
    sheet = seed_book["封面"]
    assert [sheet[a].value for a in ("A2", "B2", "A3", "B3", "A4")] == [
        g.UNIT, SEED.unit, g.YEAR, 2024, g.REPORT_DATE]
    assert sheet["B4"].value == datetime.datetime(2025, 3, 18)
    assert "浅黄色" in sheet["A5"].value
    assert row_values(sheet, 8) == ["姓名", "职务/职称", "单位", "签字"]
    assert row_values(sheet, 21)[0] == "评价组组长（签字）" and sheet["C21"].value == g.SIGNING_DATE


def test_hidden_sheet_round_trips_the_options(seed_book):
    rows = read_hidden(seed_book)
    assert rows["template_version"] == "1" and rows["generator"].startswith("perfeval-xl ")
    assert rows["projects"] == '["业务工作经费", "运行维护经费"]'
    assert rows["password_protected"] == "否"
    assert options_from_hidden(rows) == SEED


# --- validations, names, print -----------------------------------------------------------

def _validations(sheet):
    """address → DataValidation for every validated cell."""
    found = {}
    for rule in sheet.data_validations.dataValidation:
        for cell_range in rule.sqref.ranges:
            for row in sheet[cell_range.coord] if ":" in cell_range.coord else [[sheet[cell_range.coord]]]:
                for cell in row:
                    found[cell.coordinate] = rule
    return found


def test_data_validations_on_amounts_dates_and_dropdowns(seed_book):
    layout = template_layout(SEED).sheet("附件2")
    rules = _validations(seed_book["附件2"])
    amount = rules[layout.inputs["funds.budget"]]
    assert (amount.type, amount.operator, amount.formula1) == ("decimal", "greaterThanOrEqual", "0")
    assert amount.error and amount.promptTitle
    assert rules[layout.inputs["footer.filled_on"]].type == "date"
    assert rules[layout.inputs["indicator.44.level1"]].formula1 == '"产出指标,效益指标,满意度指标"'
    assert "服务对象满意度指标" in rules[layout.inputs["indicator.0.level2"]].formula1
    score = rules[layout.inputs["indicator.3.score"]]
    assert (score.type, score.formula1, score.formula2) == ("decimal", "0", "100")
    basic = _validations(seed_book["附件1"])
    assert basic["B3"].type == "whole" and basic["C3"].type == "whole"
    assert _validations(seed_book["附件4"])["B2"].formula1 == '"是,否"'
    assert _validations(seed_book["考核评分表"])["F4"].formula2 == "2"


def test_defined_names_resolve_to_the_right_cells(seed_book):
    layout = template_layout(SEED)
    expected = {
        "附件2_全年预算数": ("附件2", layout.sheet("附件2").inputs["funds.budget"]),
        "附件2_全年执行数": ("附件2", layout.sheet("附件2").inputs["funds.spent"]),
        "附件2_执行率": ("附件2", layout.sheet("附件2").computed["funds.rate"]),
        "附件2_预算执行得分": ("附件2", layout.sheet("附件2").computed["funds.score"]),
        "附件2_总分": ("附件2", layout.sheet("附件2").computed["total.score"]),
        "附件1_编制数": ("附件1", "B3"), "附件1_实际在职人数": ("附件1", "C3"),
        "附件1_控制率": ("附件1", "D3"),
        "附件3_2_全年预算数": ("附件3-运行维护经费",
                         layout.sheet("附件3-运行维护经费").inputs["funds.budget"]),
    }
    for name, (sheet, address) in expected.items():
        destinations = list(seed_book.defined_names[name].destinations)
        assert destinations == [(sheet, "$" + re.sub(r"(\d+)", r"$\1", address, count=1))]
    assert set(layout.defined_names) == set(seed_book.defined_names)


def test_print_settings(seed_book):
    for sheet in seed_book.worksheets[:-1]:
        assert sheet.page_setup.paperSize == 9
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert (sheet.page_setup.fitToWidth or 1) == 1     # absent means 1 (ECMA-376)
        assert sheet.page_setup.fitToHeight == 0
    for name in ("附件1", "附件2", "附件3-业务工作经费", "考核评分表"):
        assert seed_book[name].page_setup.orientation == "landscape"
    header = find_row(seed_book["附件2"], g.LEVEL1)
    assert seed_book["附件2"].print_title_rows == f"${header}:${header}"


def test_same_options_give_byte_identical_files(tmp_path, seed_path):
    again = tmp_path / "again.xlsx"
    generate_template(again, SEED)
    assert again.read_bytes() == seed_path.read_bytes()


# --- fill_template -----------------------------------------------------------------------

def test_fill_template_writes_numbers_dates_and_text(tmp_path, seed_path):
    out = tmp_path / "filled.xlsx"
    fill_template(seed_path, out, {
        "附件2": {"funds.budget": Decimal("2263.34"), "indicator.0.target": "=1+1",
                  "footer.filled_on": datetime.date(2025, 3, 11)},
        "附件1": {"basic.staff": 105}})
    book = openpyxl.load_workbook(out)
    layout = template_layout(SEED)
    sheet = book["附件2"]
    assert Decimal(str(sheet[layout.sheet("附件2").inputs["funds.budget"]].value)) == Decimal("2263.34")
    target = sheet[layout.sheet("附件2").inputs["indicator.0.target"]]
    assert (target.value, target.data_type) == ("=1+1", "s")
    assert sheet[layout.sheet("附件2").inputs["footer.filled_on"]].value == datetime.datetime(2025, 3, 11)
    assert book["附件1"]["C3"].value == 105
    assert book.security.lockStructure and sheet.protection.sheet


def test_fill_template_refuses_unknown_keys(tmp_path, default_path):
    with pytest.raises(KeyError, match="funds.rate"):
        fill_template(default_path, tmp_path / "x.xlsx", {"附件2": {"funds.rate": 1}})
    with pytest.raises(KeyError, match="附件9"):
        fill_template(default_path, tmp_path / "x.xlsx", {"附件9": {}})
    assert not (tmp_path / "x.xlsx").exists()


def test_merged_ranges_are_whole_inputs_or_whole_labels(seed_book):
    for sheet in seed_book.worksheets:
        for merged in sheet.merged_cells.ranges:
            min_col, min_row, max_col, max_row = range_boundaries(merged.coord)
            locks = {sheet.cell(r, c).protection.locked
                     for r in range(min_row, max_row + 1) for c in range(min_col, max_col + 1)}
            assert len(locks) == 1, f"{sheet.title}!{merged.coord}"
