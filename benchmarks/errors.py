"""The mistakes a benchmark workbook may carry: each edits a clean fill the way a clerk gets it wrong.

Every kind names the rule ``verify`` should answer it with, so a benchmark run can
check that the tool did the work it was timed on (a fast checker that finds nothing
would be no result).
"""

import datetime
from decimal import Decimal

from fills import CENT, money, scaled

ERROR_SHARE = 0.2    # about one workbook in five has a mistake


def score_above_weight(rng, fill, projects):
    """附件2: one indicator's 得分 above its 分值."""
    row = rng.randrange(20)
    fill["附件2"][f"indicator.{row}.score"] = Decimal(3) + money(rng, 0.5, 2)


def heading_differs(rng, fill, projects):
    """A 一级指标 heading that declares more than its rows add up to ("产出指标(55分)")."""
    values = fill[rng.choice(["附件2", *projects])]
    values["level1_weight.产出指标"] += 5


def income_split_differs(rng, fill, projects):
    """附件2: the income split does not add up to 全年预算数."""
    fill["附件2"]["split.income.一般公共预算"] += money(rng, 0.01, 20)


def execution_over_100(rng, fill, projects):
    """A 附件3 spent more than its budget (执行率 over 100 %), carried to 附件1 and 附件2 consistently."""
    index = rng.randrange(len(projects))
    values = fill[projects[index]]
    extra = scaled(values["funds.budget"], money(rng, 1.02, 1.2)) - values["funds.spent"]
    values["funds.spent"] += extra
    values["split.source.当年财政拨款.spent"] = values["funds.spent"]
    fill["附件1"][f"basic.project.{index}.actual"] = values["funds.spent"]
    fill["附件2"]["split.spending.项目支出"] += extra
    fill["附件2"]["split.spending.基本支出"] -= extra


def required_blank(rng, fill, projects):
    """A required field left blank: the 填表人 of 附件2."""
    fill["附件2"]["footer.filled_by"] = None


def wrong_year(rng, fill, projects):
    """A 填报日期 typed with the evaluated year instead of the next ("2024.3.11" for 2025.3.11)."""
    values = fill[rng.choice(["附件1", "附件2", *projects])]
    date = values["footer.filled_on"]
    values["footer.filled_on"] = datetime.date(date.year - 1, date.month, date.day)


def project_amount_differs(rng, fill, projects):
    """附件1's project row does not match its 附件3's 全年预算数."""
    fill["附件1"]["basic.project.0.budget"] += money(rng, 1, 10).quantize(CENT)


# kind → (edit, the rule verify should report)
KINDS = {
    "score-above-weight": (score_above_weight, "PE205"),
    "heading-differs": (heading_differs, "PE203"),
    "income-split-differs": (income_split_differs, "PE105"),
    "execution-over-100": (execution_over_100, None),
    "required-blank": (required_blank, "PE403"),
    "wrong-year": (wrong_year, "PE401"),
    "project-amount-differs": (project_amount_differs, "PE703"),
}


def inject(rng, fill, projects):
    """With probability ERROR_SHARE, apply one random kind of mistake; return its kind or None."""
    if rng.random() >= ERROR_SHARE:
        return None
    kind = rng.choice(sorted(KINDS))
    KINDS[kind][0](rng, fill, projects)
    return kind
