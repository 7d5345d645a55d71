"""Small model.Workbooks for the rule cases: the seed's tables, clean or as published."""

import copy
from datetime import date
from decimal import Decimal

from perfeval_xl.decimal_math import decimals_of
from perfeval_xl.model import (
    Building, BasicData, Cover, ExpenseRow, Footer, FundRow, FundTable, Funds, Heading, Indicator,
    SelfEvaluation, SplitItem, Value, Workbook,
)


class Sheet:
    """Value factories for one sheet: every Value knows its sheet and cell."""

    def __init__(self, name):
        self.name = name

    def num(self, text, cell):
        number = Decimal(text)
        return Value(text=text, number=number, sheet=self.name, cell=cell, decimals=decimals_of(number))

    def rate(self, text, cell):
        """A percent as shown ("92.65%"), kept as the percent number 92.65."""
        number = Decimal(text)
        return Value(text=f"{text}%", number=number, sheet=self.name, cell=cell, decimals=decimals_of(number))

    def text(self, text, cell):
        return Value(text=text, sheet=self.name, cell=cell)

    def day(self, iso, cell):
        return Value(text=iso, when=date.fromisoformat(iso), sheet=self.name, cell=cell)

    def blank(self, cell):
        return Value(sheet=self.name, cell=cell)

    def formula(self, cell):
        """A live template formula: its cached value (xlsxwriter writes 0) is no evidence."""
        return Value(text="0", number=Decimal(0), sheet=self.name, cell=cell, decimals=0, is_formula=True)


COVER, A1, A2, A3, A4 = Sheet("封面"), Sheet("附件1"), Sheet("附件2"), Sheet("附件3"), Sheet("附件4")

UNIT = "岳阳市建设工程质量安全监督站"
PROJECT = "建设质量安全监督事务管理经费"

# (一级指标, declared weight, 三级 weights); scores equal weights unless a case changes them.
CLEAN_DEPARTMENT_HEADINGS = (("产出指标", "50", [20, 20, 10]), ("效益指标", "30", [15, 15]), ("满意度指标", "10", [10]))
SEED_DEPARTMENT_HEADINGS = (
    ("产出指标", "50", [3] * 21 + [5]),                 # 68
    ("效益指标", "30", [2, 3, 3, 2, 3, 3, 2, 2]),        # 20
    ("满意度指标", "10", [2]),                          # 2
)
CLEAN_PROJECT_HEADINGS = (("产出指标", "50", [5, 8, 5, 5, 5, 6, 8, 8]), ("效益指标", "30", [5, 15, 5, 5]),
                          ("满意度指标", "10", [10]))
SEED_PROJECT_HEADINGS = (("产出指标", "50", [5, 8, 5, 5, 5, 6, 8, 10]), ("效益指标", "30", [5, 15, 5, 5]),
                         ("满意度指标", "10", [8]))
FIRST_INDICATOR_ROW = 14


def headings(sheet, spec):
    """Headings from (name, declared, weights); 三级 rows start at row 14: D name … I 偏差原因."""
    result, row = [], FIRST_INDICATOR_ROW
    for name, declared, weights in spec:
        heading = Heading(name, sheet.num(declared, f"B{row}"))
        for number, weight in enumerate(weights, start=1):
            heading.indicators.append(Indicator(
                level1=name, level2="", name=sheet.text(f"{name}{number}", f"D{row}"),
                target=sheet.text("100%", f"E{row}"), actual=sheet.text("100%", f"F{row}"),
                weight=sheet.num(str(weight), f"G{row}"), score=sheet.num(str(weight), f"H{row}"),
                deviation_reason=sheet.blank(f"I{row}"), row=row))
            row += 1
        result.append(heading)
    return result, row


def footer(sheet, row, filled=True):
    if not filled:
        return Footer(*(sheet.blank(f"{column}{row}") for column in "BDFH"), found=True)
    return Footer(sheet.text("周利华", f"B{row}"), sheet.day("2025-03-11", f"D{row}"),
                  sheet.text("13873013810", f"F{row}"), sheet.text("廖亚辉", f"H{row}"), found=True)


def funds(sheet, row, numbers):
    """年度资金总额 row: C 年初预算数, D 全年预算数, E 全年执行数, F 分值, G 执行率, H 得分."""
    initial, budget, spent, weight, rate, score = numbers
    return Funds(sheet.num(initial, f"C{row}"), sheet.num(budget, f"D{row}"), sheet.num(spent, f"E{row}"),
                 sheet.num(weight, f"F{row}"), sheet.rate(rate, f"G{row}"), sheet.num(score, f"H{row}"),
                 found=True)


def split(sheet, group, label, row, amounts):
    """One split part; ``amounts`` maps column key → (column letter, text or None for blank)."""
    values = {key: sheet.num(text, f"{column}{row}") if text is not None else sheet.blank(f"{column}{row}")
              for key, (column, text) in amounts.items()}
    label_column = "B" if group != "spending" else "D"
    return SplitItem(group, label, sheet.text(label, f"{label_column}{row}"), values)


def department(seed=False):
    """附件2 as in the seed; ``seed=False`` gives consistent indicators and 总分 99.26."""
    table_headings, row = headings(A2, SEED_DEPARTMENT_HEADINGS if seed else CLEAN_DEPARTMENT_HEADINGS)
    table = SelfEvaluation("department", A2.name, title=A2.text("2024年度部门整体支出绩效自评表", "A2"),
                           year=2024, name=A2.text(UNIT, "B3"), headings=table_headings,
                           funds=funds(A2, 5, ("1924.24", "2263.34", "2096.96", "10", "92.65", "9.26")),
                           total_weight=A2.num("100", f"G{row}"),
                           total_score=A2.num("99.27" if seed else "99.26", f"H{row}"),
                           footer=footer(A2, row + 2))
    table.funds.splits = [
        split(A2, "income", "一般公共预算", 7, {"budget": ("C", "2128.84")}),
        split(A2, "income", "政府性基金", 8, {"budget": ("C", None)}),
        split(A2, "income", "纳入专户管理的非税收入", 9, {"budget": ("C", None)}),
        split(A2, "income", "其他资金", 10, {"budget": ("C", "134.50")}),
        split(A2, "spending", "基本支出", 7, {"spent": ("E", "2060.04")}),
        split(A2, "spending", "项目支出", 8, {"spent": ("E", "36.92")}),
    ]
    return table


def project(seed=False):
    """附件3 as in the seed; ``seed=False`` gives 50/30/10 and the blank fields filled."""
    table_headings, row = headings(A3, SEED_PROJECT_HEADINGS if seed else CLEAN_PROJECT_HEADINGS)
    table = SelfEvaluation("project", A3.name, title=A3.text("2024年度项目支出绩效自评表", "A2"), year=2024,
                           name=A3.text(PROJECT, "B3"), authority=A3.text("岳阳市住房城乡建设局", "B4"),
                           implementer=A3.blank("D4") if seed else A3.text(UNIT, "D4"),
                           funds=funds(A3, 6, ("40", "38", "36.92", "10", "97.16", "9.72")),
                           headings=table_headings, total_weight=A3.num("100", f"G{row}"),
                           total_score=A3.num("99.72", f"H{row}"), footer=footer(A3, row + 2, filled=not seed))
    columns = {"initial_budget": "C", "budget": "D", "spent": "E"}
    sources = (("当年财政拨款", ("40", "38", "36.92")), ("上年结转资金", ("0", None, None)),
               ("其他资金", ("0", None, None)))
    table.funds.splits = [
        split(A3, "source", label, 7 + index, {key: (columns[key], text) for key, text in zip(columns, texts)})
        for index, (label, texts) in enumerate(sources)
    ]
    return table


EXPENSE_ROWS = (  # key, row, 上年决算数 / 本年预算数 / 本年决算数 (None = blank)
    ("three_public", 6, ("0", "0", "0")), ("official_cars", 7, ("0", "0", "0")),
    ("car_purchase", 8, ("0", "0", "0")), ("car_running", 9, ("0", "0", "0")),
    ("overseas", 10, ("0", "0", "0")), ("reception", 11, ("0", "0", "0")),
    ("public_funds", 17, ("230.11", "216.52", "155.52")), ("office", 18, ("31.86", "36.08", "27.75")),
    ("utilities_travel", 19, ("17.79", "24", "21.89")), ("meetings_training", 20, ("2.92", "4", "0.29")),
    ("procurement", 21, (None, "184", "178.59")), ("budget_adjustment", 22, (None, "2263.34", "2096.96")),
)


def expense_row(key, row, texts):
    values = [A1.num(text, f"{column}{row}") if text is not None else A1.text("一", f"{column}{row}")
              for column, text in zip("BCD", texts)]
    return ExpenseRow(key, A1.text(key, f"A{row}"), *values)


def basic_data():
    """附件1 with the seed's numbers (all consistent) and no 楼堂馆所."""
    return BasicData(
        A1.name, title=A1.text("2024年度部门整体支出绩效评价基础数据表", "A2"), year=2024,
        establishment=A1.num("110", "B4"), staff=A1.num("105", "C4"), staff_control_rate=A1.rate("95.45", "D4"),
        rows={key: expense_row(key, row, texts) for key, row, texts in EXPENSE_ROWS},
        projects=[expense_row("project", 13, ("41.64", "38", "36.92"))], footer=footer(A1, 28))


def building(approved="1200", actual="1150", size_rate="95.83", budget="800.00", spent="760.00",
             investment_rate="95.00"):
    """A 楼堂馆所 row 26: A 批复规模, B 实际规模, C 规模控制率, D 预算投资, E 实际投资, F 投资概算控制率."""
    def value(text, column, rate=False):
        if text is None:
            return A1.blank(f"{column}26")
        return A1.rate(text, f"{column}26") if rate else A1.num(text, f"{column}26")

    return Building(value(approved, "A"), value(actual, "B"), value(size_rate, "C", True),
                    value(budget, "D"), value(spent, "E"), value(investment_rate, "F", True))


def fund_table(budget="120.00", spent="96.00", rate="80.00"):
    """附件4 with one row 5: B 年初预算数, C 全年预算数, D 全年执行数, F 执行率."""
    row = FundRow(A4.text("城市基础设施配套费", "A5"), A4.num("120.00", "B5"), A4.num(budget, "C5"),
                  A4.num(spent, "D5"), A4.rate(rate, "F5"))
    return FundTable("gov_fund", A4.name, title=A4.text("2024年度政府性基金预算支出情况表", "A2"),
                     rows=[row], footer=footer(A4, 8))


def fund_table_none():
    """附件4 that says "本单位无此类支出": no rows, and no footer needed."""
    return FundTable("gov_fund", A4.name, title=A4.text("2024年度政府性基金预算支出情况表", "A2"),
                     none_declared=A4.text("本单位无此类支出", "A4"))


def cover(signed_on="2025-03-12"):
    return Cover(COVER.name, title=COVER.text("2024年度岳阳市建设工程质量安全监督站整体支出绩效自评报告", "A1"),
                 unit=COVER.text(UNIT, "B3"), year=2024, report_date=COVER.day("2025-03-18", "B5"),
                 leader=COVER.text("廖亚辉", "B30"), leader_signed_on=COVER.day(signed_on, "B31"))


def clean_workbook():
    """The seed's tables with its mistakes corrected: only PE103 (info) at 附件2!H5."""
    return Workbook("clean.xlsx", cover=cover(), basic_data=basic_data(), department=department(),
                    projects=[project()])


def seed_workbook():
    """The seed as published, mistakes included (RULES.md §4)."""
    return Workbook("seed.xlsx", cover=cover("2023-07-03"), basic_data=basic_data(),
                    department=department(seed=True), projects=[project(seed=True)])


def _step(target, part):
    if isinstance(target, list):
        return target[int(part)]
    return target[part] if isinstance(target, dict) else getattr(target, part)


def apply(workbook, changes):
    """Set each dotted path ("department.funds.rate", "projects.0.headings.1") to a copy of its value.

    Copies, because a case's values are built once at import and each build must start fresh.
    """
    for path, value in changes:
        value = copy.deepcopy(value)
        *parents, last = path.split(".")
        target = workbook
        for part in parents:
            target = _step(target, part)
        if isinstance(target, list):
            target[int(last)] = value
        elif isinstance(target, dict):
            target[last] = value
        else:
            setattr(target, last, value)
    return workbook


def edit(*changes, base=clean_workbook):
    """A case builder: ``base()`` with ``changes`` applied."""
    return lambda: apply(base(), changes)
