"""Random but realistic fill values for one benchmark workbook, derived from the seed report's fill.

The seed fill (scripts/seed_fill.py) is one real unit's 2024 report.  Each benchmark
workbook takes its texts (indicators, goals, panel) and its proportions, scales the
money by a per-file factor, and keeps every cross-table sum consistent (附件1 ↔ 附件2 ↔
附件3, the income and spending splits), so a clean file has no error-level finding and a
file with an injected error (``errors.py``) has exactly the mistake it was given.
Money stays Decimal from start to end: the amounts go into cells as typed numbers.
"""

import datetime
import sys
from decimal import ROUND_DOWN, Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import seed_fill  # noqa: E402  (scripts/ is not a package)

CENT = Decimal("0.01")
SURNAMES = "王李张刘陈杨黄赵周吴徐孙马胡朱郭何罗高林"
GIVEN = ("伟", "芳", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "华", "平")
DEVIATION_REASON = "部分工作受客观因素影响未全部完成，下一年度将加强统筹、按月调度，确保完成目标。"
REVIEW_MAXIMA = (8, 2, 10, 10, 15, 20, 20, 15)   # the 考核评分表 items, as the yueyang profile has them


def money(rng, low, high):
    """A random factor in [low, high] with two decimals, as a Decimal (no float on the way)."""
    return Decimal(rng.randint(int(low * 100), int(high * 100))) / 100


def scaled(amount, factor):
    return (amount * factor).quantize(CENT)


def person(rng):
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))


def phone(rng):
    return "13" + "".join(str(rng.randint(0, 9)) for _ in range(9))


def make_fill(rng, options, sheet_names, unit):
    """{sheet: {key: value}} for fill_template: one unit's whole report, consistent throughout.

    ``sheet_names`` are the template's 附件3 sheet names, in the order of options.projects.
    """
    seed = seed_fill.seed_fill_values()
    staff = {"filled_by": person(rng), "head_signature": person(rng), "phone": phone(rng)}
    filled_on = options.report_date - datetime.timedelta(days=rng.randint(2, 20))
    projects = [project_values(rng, seed[seed_fill.PROJECT_SHEET], unit) for _ in sheet_names]
    department = department_values(rng, seed["附件2"], unit, projects)
    fill = {"封面": cover_values(rng, seed["封面"], options, unit, filled_on),
            "附件1": basic_values(rng, seed["附件1"], department, projects),
            "附件2": department,
            **dict(zip(sheet_names, projects)),
            **{sheet: {"fund.none": "是"} for sheet in ("附件4", "附件5", "附件6")},
            "考核评分表": review_values(rng)}
    for sheet, values in fill.items():
        if sheet not in ("封面", "考核评分表"):
            values |= {f"footer.{key}": value for key, value in staff.items()}
            values["footer.filled_on"] = filled_on
    return fill


def cover_values(rng, seed, options, unit, filled_on):
    """The seed's panel, renamed into this unit, signed a few days before the tables were filled."""
    values = {key: (unit if key.endswith(".unit") else value) for key, value in seed.items()}
    values |= {"cover.unit": unit, "cover.year": options.year,
               "cover.leader_signed_on": filled_on - datetime.timedelta(days=rng.randint(0, 5))}
    return values


def funds(rng, budget):
    """年初预算数, 全年预算数, 全年执行数 and 分值 around ``budget``; 执行率 85–100 %."""
    spent = scaled(budget, money(rng, 0.85, 1.0))
    initial = scaled(budget, money(rng, 0.9, 1.05))
    return {"funds.initial_budget": initial, "funds.budget": budget, "funds.spent": spent,
            "funds.weight": Decimal(10)}


def project_values(rng, seed, unit):
    """One 附件3: the seed project's indicators with this project's money (38 万 × 0.5–4)."""
    values = {key: value for key, value in seed.items() if not key.startswith(("funds.", "split."))}
    values |= funds(rng, scaled(Decimal(38), money(rng, 0.5, 4)))
    for column in ("initial_budget", "budget", "spent"):
        values[f"split.source.当年财政拨款.{column}"] = values[f"funds.{column}"]
    values["header.implementer"] = unit
    values |= indicators(rng, seed, cost_target=f"{values['funds.budget']}万")
    return values


def department_values(rng, seed, unit, projects):
    """附件2: the unit's whole budget; 项目支出 is the 附件3 total, so PE705 and PE106 hold."""
    values = {key: value for key, value in seed.items() if not key.startswith(("funds.", "split."))}
    values |= funds(rng, scaled(Decimal("2263.34"), money(rng, 0.3, 3)))
    other = scaled(values["funds.budget"], money(rng, 0, 0.1))
    values |= {"split.income.一般公共预算": values["funds.budget"] - other, "split.income.其他资金": other}
    project_spent = sum((project["funds.spent"] for project in projects), Decimal(0))
    values |= {"split.spending.项目支出": project_spent,
               "split.spending.基本支出": values["funds.spent"] - project_spent}
    values["header.name"] = unit
    return values | indicators(rng, seed, cost_target=str(values["funds.budget"]))


def indicators(rng, seed, cost_target):
    """The seed's indicator rows: mostly full marks, some 90–99 % achieved with a reason.

    The 一级指标 headings declare what their rows add up to (the seed's own headings do
    not: that is one of its mistakes), and the cost target follows this file's budget.
    """
    values, sums = {}, {}
    rows = sorted({int(key.split(".")[1]) for key in seed if key.startswith("indicator.")})
    for row in rows:
        prefix = f"indicator.{row}."
        weight = seed[prefix + "weight"]
        sums[seed[prefix + "level1"]] = sums.get(seed[prefix + "level1"], Decimal(0)) + weight
        if seed[prefix + "level2"] == "成本指标":
            values[prefix + "target"] = cost_target
        if seed[prefix + "target"] == "100%" and seed[prefix + "actual"] == "100%" and rng.random() < 0.15:
            achieved = rng.randint(90, 99)
            values[prefix + "actual"] = f"{achieved}%"
            values[prefix + "score"] = (weight * achieved / 100).quantize(CENT, ROUND_DOWN)
            values[prefix + "deviation_reason"] = DEVIATION_REASON
    values |= {f"level1_weight.{name}": total for name, total in sums.items()}
    return values


def basic_values(rng, seed, department, projects):
    """附件1: the seed's rows scaled; its project rows and 预算调整 row match 附件2/附件3."""
    factor = money(rng, 0.5, 2)
    values = {key: (scaled(value, factor) if isinstance(value, Decimal) else value)
              for key, value in seed.items() if not key.startswith(("basic.project.", "footer."))}
    establishment = rng.randint(20, 150)
    values |= {"basic.establishment": establishment, "basic.staff": establishment - rng.randint(0, 8)}
    for index, project in enumerate(projects):
        values |= {f"basic.project.{index}.previous_actual": scaled(project["funds.budget"], money(rng, 0.8, 1.2)),
                   f"basic.project.{index}.budget": project["funds.budget"],
                   f"basic.project.{index}.actual": project["funds.spent"]}
    values["basic.budget_adjustment.budget"] = department["funds.budget"]
    values["basic.budget_adjustment.actual"] = department["funds.spent"]
    return values


def review_values(rng):
    """考核评分表: each item scored between 80 % and 100 % of its maximum, in steps of 0.5."""
    return {f"review.{index}.score": Decimal(rng.randint(int(top * 1.6), top * 2)) / 2
            for index, top in enumerate(REVIEW_MAXIMA)}
