"""附件1 部门整体支出绩效评价基础数据表: staff, 经费控制情况, 楼堂馆所, 厉行节约保障措施."""

from perfeval_xl import glossary as g

from . import formulas as f
from . import labels as t
from .blocks import add_footer, add_title
from .defaults import BUILDING_ROWS
from .plan import SheetPlan, a1, span

WIDTHS = (34, 14, 14, 14, 14, 14, 16, 14)   # A–G the tables, H the footer's last input
TABLE_WIDTH = 7
NAME_PREFIX = "附件1"
EXPENSE_COLUMNS = ("previous_actual", "budget", "actual")   # columns B, C, D
ROWS = g.BASIC_DATA_ROWS
# Rows computed as the SUM of other rows (by row key); "projects" sums the project rows.
SUMS = {"three_public": ("official_cars", "overseas", "reception"),
        "official_cars": ("car_purchase", "car_running")}


def build_basic_data(options, sheet_name):
    """The 附件1 sheet plan; one 项目支出 row per project, in the order of options.projects."""
    sheet = SheetPlan(sheet_name, "basic_data", WIDTHS, landscape=True)
    add_title(sheet, t.year_title(options.year, "basic_data"), TABLE_WIDTH)
    row = _add_staff(sheet, 1, options.year)
    row = _add_expenses(sheet, row, options)
    row = _add_buildings(sheet, row, options.year)
    sheet.label(row, 0, g.THRIFT_MEASURES)
    sheet.input(row, 1, "basic.thrift_measures", "in_long_text", last_col=TABLE_WIDTH - 1)
    sheet.heights[row] = 60
    sheet.label(row + 1, 0, t.BASIC_DATA_NOTE, "note", last_col=TABLE_WIDTH - 1)
    add_footer(sheet, row + 3)
    return sheet


def _add_staff(sheet, row, year):
    """财政供养人员情况: 编制数, 实际在职人数 and 控制率 = 实际在职人数 / 编制数."""
    labels = (t.STAFF_SECTION, g.ESTABLISHMENT, f"{year}年{g.STAFF}", g.STAFF_CONTROL_RATE)
    for col, label in enumerate(labels):
        sheet.label(row, col, label, "header")
    values = row + 1
    sheet.label(values, 0, "")
    sheet.input(values, 1, "basic.establishment", "in_count", validation="count")
    sheet.input(values, 2, "basic.staff", "in_count", validation="count")
    rate = f.ratio(a1(values, 1), a1(values, 2))
    sheet.formula(values, 3, rate, "rate", key="basic.staff_control_rate")
    for col, name in ((1, g.ESTABLISHMENT), (2, g.STAFF), (3, g.STAFF_CONTROL_RATE)):
        sheet.define_name(f"{NAME_PREFIX}_{name}", values, col)
    return values + 1


def _expense_rows(projects):
    """(row key, label) in the seed's order, with one "n、<project>" row per project."""
    head = [("three_public", ROWS["three_public"]), ("official_cars", "1、" + ROWS["official_cars"]),
            ("car_purchase", "其中：" + ROWS["car_purchase"]), ("car_running", ROWS["car_running"]),
            ("overseas", "2、" + ROWS["overseas"]), ("reception", "3、" + ROWS["reception"]),
            ("projects", ROWS["projects"] + "：")]
    project_rows = [(f"project.{i}", f"{i + 1}、{name}") for i, name in enumerate(projects)]
    tail = [("public_funds", ROWS["public_funds"]), ("office", "其中：" + ROWS["office"]),
            *((key, ROWS[key]) for key in ("utilities_travel", "meetings_training",
                                            "procurement", "budget_adjustment"))]
    return head + project_rows + tail


def _add_expenses(sheet, row, options):
    """经费控制情况: 上年决算数 / 本年预算数 / 本年决算数 for each row; totals are formulas."""
    year = options.year
    headers = (t.EXPENSE_SECTION, f"{year - 1}年{g.PREVIOUS_ACTUAL}", f"{year}年{g.THIS_BUDGET}",
               f"{year}年{g.PREVIOUS_ACTUAL}")
    for col, label in enumerate(headers):
        sheet.label(row, col, label, "header")
    rows = {key: row + 1 + offset for offset, (key, _) in enumerate(_expense_rows(options.projects))}
    sums = {**SUMS, "projects": tuple(k for k in rows if k.startswith("project."))}
    for key, label in _expense_rows(options.projects):
        sheet.label(rows[key], 0, label)
        for col, column in enumerate(EXPENSE_COLUMNS, start=1):
            _add_expense_cell(sheet, rows, sums, key, col, column)
    _add_expense_names(sheet, rows, len(options.projects))
    public, parts = rows["public_funds"], (rows["office"], rows["meetings_training"])
    criteria = f.parts_exceed(a1(public, 1), span(parts[0], 1, parts[1]))
    sheet.conditional(public, 1, public, len(EXPENSE_COLUMNS), criteria)
    return max(rows.values()) + 1


def _add_expense_cell(sheet, rows, sums, key, col, column):
    row, cell_key = rows[key], f"basic.{key}.{column}"
    if key in sums:
        sheet.formula(row, col, f.sum_if_any(_sum_refs(rows, key, sums[key], col)), "amount",
                      key=cell_key)
    elif key == "budget_adjustment" and column == "previous_actual":
        sheet.fixed(row, col, t.DASH, "fixed_center", key=cell_key)
    else:
        sheet.input(row, col, cell_key, "in_amount", validation="amount")


def _sum_refs(rows, key, parts, col):
    """ "B6,B9,B10" for scattered rows; "B12:B13" for the contiguous project rows."""
    if key == "projects":
        return span(rows[parts[0]], col, rows[parts[-1]])
    return ",".join(a1(rows[part], col) for part in parts)


def _add_expense_names(sheet, rows, project_count):
    adjustment = rows["budget_adjustment"]
    sheet.define_name(f"{NAME_PREFIX}_预算调整_预算数", adjustment, 2)
    sheet.define_name(f"{NAME_PREFIX}_预算调整_决算数", adjustment, 3)
    for index in range(project_count):
        sheet.define_name(f"{NAME_PREFIX}_项目_{index + 1}_预算数", rows[f"project.{index}"], 2)
        sheet.define_name(f"{NAME_PREFIX}_项目_{index + 1}_决算数", rows[f"project.{index}"], 3)


def _add_buildings(sheet, row, year):
    """楼堂馆所: 规模控制率 = 实际/批复, 投资概算控制率 = 实际投资/预算投资; 5 input rows."""
    columns = g.BUILDING_COLUMNS
    headers = (f"{g.BUILDINGS}({year}年完工项目)", columns["approved_size"] + "(m²)",
               columns["actual_size"] + "(m²)", columns["size_control_rate"],
               columns["budget_investment"] + "(万元)", columns["actual_investment"] + "(万元)",
               columns["investment_control_rate"])
    for col, label in enumerate(headers):
        sheet.label(row, col, label, "header")
    for index in range(BUILDING_ROWS):
        current, key = row + 1 + index, f"building.{index}"
        sheet.input(current, 0, f"{key}.name", "in_text")
        sheet.input(current, 1, f"{key}.approved_size", "in_amount", validation="size")
        sheet.input(current, 2, f"{key}.actual_size", "in_amount", validation="size")
        sheet.formula(current, 3, f.ratio(a1(current, 1), a1(current, 2)), "rate",
                      key=f"{key}.size_control_rate")
        sheet.input(current, 4, f"{key}.budget_investment", "in_amount", validation="amount")
        sheet.input(current, 5, f"{key}.actual_investment", "in_amount", validation="amount")
        sheet.formula(current, 6, f.ratio(a1(current, 4), a1(current, 5)), "rate",
                      key=f"{key}.investment_control_rate")
    return row + 1 + BUILDING_ROWS
