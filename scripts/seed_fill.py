"""The seed report's data as template fill values: what a clerk types into a generated template.

``seed_fill_values()`` maps scripts/seed_report.py onto the template's semantic
keys (see perfeval_xl/template/layout.py).  Only input cells are filled, so the
template's formulas compute 执行率, 得分 and 总分: the seed's typed 总分 99.27
cannot happen here, while its heading weights (50/30/10 over 68/20/2) and its
组长 signing date (2023-07-03) are inputs and come along.
"""

import datetime
from decimal import Decimal

import seed_report
from perfeval_xl.glossary import normalize_label
from perfeval_xl.parsing import parse_date_text, parse_number_text
from perfeval_xl.reader.indicators import split_heading
from perfeval_xl.template import TemplateOptions

PROJECT = "业务工作经费"
OPTIONS = TemplateOptions(unit="岳阳市建设工程质量安全监督站", year=2024, projects=(PROJECT,),
                          report_date=datetime.date(2025, 3, 18))
PROJECT_SHEET = "附件3-" + PROJECT
BASIC_ROWS = {"其中：公车购置": "car_purchase", "公车运行维护": "car_running", "2、出国经费": "overseas",
              "3、公务接待": "reception", "公用经费": "public_funds", "其中：办公经费": "office",
              "水费、电费、差旅费": "utilities_travel", "会议费、培训费": "meetings_training",
              "政府采购金额": "procurement", "部门基本支出预算调整": "budget_adjustment"}
BASIC_COLUMNS = ("previous_actual", "budget", "actual")


def amount(text):
    """A seed number as a Decimal, or None for "", "一", "——"."""
    return parse_number_text(text).number


def seed_fill_values():
    """{sheet name: {key: value}} for fill_template."""
    return {
        "封面": cover_values(),
        "附件1": basic_values(),
        "附件2": evaluation_values(seed_report.DEPARTMENT, department=True),
        PROJECT_SHEET: evaluation_values(seed_report.PROJECT, department=False),
        **{sheet: {"fund.none": "是"} for sheet in ("附件4", "附件5", "附件6")},
    }


def cover_values():
    values = {"cover.leader": "廖亚辉", "cover.leader_signed_on": datetime.date(2023, 7, 3)}
    members = [row for row in seed_report.PANEL["rows"][1:] if row[0].strip()]
    for index, (name, title, unit, signature) in enumerate(members):
        values |= {f"cover.panel.{index}.name": name, f"cover.panel.{index}.title": title,
                   f"cover.panel.{index}.unit": unit, f"cover.panel.{index}.signature": signature}
    return values


def basic_values():
    rows = seed_report.BASIC_DATA["rows"]
    values = {"basic.establishment": 110, "basic.staff": 105}
    for label, *cells in rows:
        key = BASIC_ROWS.get(label.strip())
        if label.strip() == "1、业务工作经费":
            key = "project.0"
        for column, text in zip(BASIC_COLUMNS, cells):
            number = amount(text)
            if key and number is not None:
                values[f"basic.{key}.{column}"] = number
    return values | footer_values(seed_report.BASIC_DATA["footer"])


def footer_values(line):
    """填表人：周利华 填报日期：2025.3.11 … → footer keys (blank fields left out)."""
    folded = normalize_label(line)
    values = {}
    for key, label, following in (("filled_by", "填表人:", "填报日期"), ("filled_on", "填报日期:", "联系电话"),
                                  ("phone", "联系电话:", "单位负责人"), ("head_signature", "单位负责人签字:", None)):
        start = folded.find(label) + len(label)
        text = folded[start:folded.find(following) if following else None]
        if text:
            values[f"footer.{key}"] = parse_date_text(text) if key == "filled_on" else text
    return values


def evaluation_values(table, department):
    rows = table["rows"]
    funds = next(row for row in rows if row[1:2] == ["年度资金总额"])
    values = dict(zip(("funds.initial_budget", "funds.budget", "funds.spent", "funds.weight"),
                      (amount(text) for text in funds[2:6])))
    values |= split_values(rows) if department else source_values(rows)
    if not department:
        values["header.authority"] = rows[1][1]
    goals = rows[rows.index(next(r for r in rows if r[1:2] == ["预期目标"])) + 1]
    values |= {"goal.expected": goals[1], "goal.actual": goals[2]}
    values |= indicator_values(rows)
    return values | footer_values(table["footer"])


def split_values(rows):
    values = {}
    for row in rows:
        for text in row[1:]:
            for label in ("一般公共预算", "其他资金", "基本支出", "项目支出"):
                if label in text and "：" in text.split(label, 1)[1]:
                    group = "spending" if label in ("基本支出", "项目支出") else "income"
                    number = amount(text.split(label, 1)[1].split("：", 1)[1])
                    if number is not None:
                        values[f"split.{group}.{label}"] = number
    return values


def source_values(rows):
    values = {}
    for row in rows:
        label = row[1].replace("其中：", "").strip() if len(row) > 1 else ""
        if label in ("当年财政拨款", "上年结转资金", "其他资金"):
            for column, text in zip(("initial_budget", "budget", "spent"), row[2:5]):
                if amount(text) is not None:
                    values[f"split.source.{label}.{column}"] = amount(text)
    return values


def indicator_values(rows):
    """Every 三级指标 row, with 一级/二级 carried down, and the heading weights it declares."""
    header = next(i for i, row in enumerate(rows) if row[1:2] == ["一级指标"])
    values, level1, level2, index = {}, "", "", 0
    for row in rows[header + 1:]:
        if row[0] == "总分":
            break
        if row[1].strip():
            level1, weight = split_heading(row[1])
            values[f"level1_weight.{level1}"] = Decimal(weight)
        level2 = normalize_label(row[2]) or level2
        fields = dict(zip(("name", "target", "actual"), (text.strip() for text in row[3:6])))
        values |= {f"indicator.{index}.{key}": text for key, text in fields.items()}
        values |= {f"indicator.{index}.level1": level1, f"indicator.{index}.level2": level2,
                   f"indicator.{index}.weight": amount(row[6]), f"indicator.{index}.score": amount(row[7])}
        index += 1
    return values


def write_filled_template(path):
    """samples/yueyang-2024-模板填报.xlsx: a generated template, filled with the seed's data."""
    import tempfile
    from pathlib import Path

    import openpyxl

    from make_samples import save_workbook
    from perfeval_xl.template import fill_template, generate_template

    with tempfile.TemporaryDirectory() as work:
        blank, filled = Path(work) / "blank.xlsx", Path(work) / "filled.xlsx"
        generate_template(blank, OPTIONS)
        fill_template(blank, filled, seed_fill_values())
        # Re-saved with fixed dates, so the sample is the same bytes on every run.
        save_workbook(openpyxl.load_workbook(filled), path)
