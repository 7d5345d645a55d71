"""perfeval-xl's own arithmetic for every formula cell of a generated template, from its input cells.

This is the checker's side of the formula oracle (tests/test_formula_oracle.py)
and of PE509 cached-value-differs: it computes what each 计算/校验 cell of the
template *should* show, in Decimal with half-up rounding (RULES.md §3), from
the semantic keys of ``template_layout`` — never from the formula strings.

``recompute_template(values, layout)`` takes ``{sheet: {input key: value}}``
(Decimal/int/float numbers, str text, None blank, as fill_template takes them)
and returns ``{sheet: {computed key: Decimal | str | None}}``; None is a blank
cell, a str is a 校验 message (or "#VALUE!" where the spreadsheet would show
that error: a 合计 holding text compared by a 校验).  Spreadsheet rules it follows:
ISNUMBER is true only for numbers; SUM/COUNT/SUMIF skip text and blanks; a
blank cell counts as 0 inside ROUND; SUMIF matches text without regard to case.

A computed key present in ``values`` is a formula cell that no longer holds
the template's formula (a typed constant, or an edited formula's result): the
cells computed from it use that value, as the spreadsheet would, while its own
result stays what the template's formula gives (so it can be compared).
"""

import datetime
import re
from decimal import Decimal

from perfeval_xl.decimal_math import round_half_up
from perfeval_xl.template import labels as t

RATE_PLACES = 4    # 执行率 and 控制率 are ROUND(part/whole, 4): a fraction, 0.9265 = 92.65 %
SCORE_PLACES = 2   # scores, 合计 of scores and the 校验 comparisons are ROUND(…, 2)
VALUE_ERROR = "#VALUE!"
_EXPENSE_COLUMNS = ("previous_actual", "budget", "actual")
_AMOUNT_COLUMNS = ("initial_budget", "budget", "spent")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)")


def recompute_template(values, layout):
    """Every computed key of every sheet of ``layout``, recomputed from ``values`` (see module doc)."""
    results = {}
    for name, sheet in layout.sheets.items():
        if not sheet.computed:
            continue
        compute = _BY_KIND[sheet.kind]
        results[name] = compute(_Inputs(values.get(name, {})), sheet)
    return results


class _Inputs:
    """One sheet's input values by key: numbers as Decimal, anything else as given."""

    def __init__(self, values):
        self._values = values

    def raw(self, key):
        value = self._values.get(key)
        if isinstance(value, bool):
            return "TRUE" if value else "FALSE"
        if isinstance(value, (int, float)):
            return Decimal(str(value))
        if isinstance(value, (datetime.date, datetime.datetime)):
            return str(value)   # never a 计算 input here; kept as a non-number
        return value

    def __getitem__(self, key):
        return self.raw(key)

    def instead_of(self, key, computed):
        """A computed cell's value as the cells after it see it: a constant typed over it wins."""
        return self.raw(key) if key in self._values else computed


# --- the spreadsheet functions the template uses, in exact decimal arithmetic -------------

def number(value):
    """The value when ISNUMBER would be true, else None."""
    return value if isinstance(value, Decimal) else None


def numbers(values):
    """What COUNT counts and SUM adds: the numbers, skipping text and blanks."""
    return [value for value in values if isinstance(value, Decimal)]


def ratio(whole, part):
    """执行率 / 控制率: part ÷ whole rounded half up to 4 places; blank unless whole > 0 and part is a number."""
    whole, part = number(whole), number(part)
    if whole is None or part is None or whole <= 0:
        return None
    return round_half_up(part / whole, RATE_PLACES)


def execution_score(budget, spent, weight):
    """预算执行得分: 分值 × 全年执行数 ÷ 全年预算数 from the unrounded rate, capped at 分值, to 2 places."""
    budget, spent, weight = number(budget), number(spent), number(weight)
    if budget is None or spent is None or weight is None or budget <= 0:
        return None
    return round_half_up(min(weight, weight * spent / budget), SCORE_PLACES)


def sum_if_any(values):
    """Σ of the numbers; blank when there is none."""
    found = numbers(values)
    return sum(found, Decimal(0)) if found else None


def rounded_sum_if_any(values):
    total = sum_if_any(values)
    return None if total is None else round_half_up(total, SCORE_PLACES)


def rounded_operand(value):
    """ROUND(cell, 2) of a referenced cell: a blank is 0, text that is a plain number ("2000")
    is converted, as Excel and LibreOffice do; other text is the #VALUE! error (None here)."""
    if value is None:
        return Decimal(0)
    if isinstance(value, str) and _PLAIN_NUMBER.fullmatch(value.strip()):
        value = Decimal(value.strip())
    return round_half_up(value, SCORE_PLACES) if isinstance(value, Decimal) else None


def parts_check(parts, total, message):
    """Blank when no part is entered or the parts add up to the total (both to the cent)."""
    total_rounded = rounded_operand(total)
    if not numbers(parts):
        return None
    if total_rounded is None:
        return VALUE_ERROR
    same = round_half_up(sum(numbers(parts), Decimal(0)), SCORE_PLACES) == total_rounded
    return None if same else message


def indicator_check(weight, score, reason):
    """校验 of one 三级指标 row: 得分 above 分值, or 得分 below 分值 with no 偏差原因."""
    weight, score = number(weight), number(score)
    if weight is None or score is None:
        return None
    if score > weight:
        return t.SCORE_OVER_WEIGHT
    if score < weight and reason in (None, ""):
        return t.REASON_MISSING
    return None


def equals_check(value, expected, message):
    """Blank unless both are numbers whose difference, rounded to the cent, is not 0."""
    value, expected = number(value), number(expected)
    if value is None or expected is None:
        return None
    return None if round_half_up(value - expected, SCORE_PLACES) == 0 else message


def sum_where(labels, name, weights):
    """Σ of the 三级 分值 whose 一级指标 is ``name`` (SUMIF); blank while no 分值 is entered."""
    if not numbers(weights):
        return None
    wanted = name.casefold()
    return sum((weight for label, weight in zip(labels, weights)
                if isinstance(label, str) and label.casefold() == wanted
                and isinstance(weight, Decimal)), Decimal(0))


# --- the sheets -------------------------------------------------------------------------

def _indexes(keys, prefix, field):
    """The row indexes i of keys "<prefix>.<i>.<field>", in order."""
    found = []
    for key in keys:
        head, _, rest = key.partition(f"{prefix}.")
        index, _, tail = rest.partition(".")
        if not head and index.isdigit() and tail == field:
            found.append(int(index))
    return sorted(found)


def _basic_data(inputs, sheet):
    """附件1: 控制率, the 三公/公车/项目支出 sums per column, the 楼堂馆所 rates."""
    out = {"basic.staff_control_rate": ratio(inputs["basic.establishment"], inputs["basic.staff"])}
    projects = _indexes(sheet.inputs, "basic.project", "budget")
    for column in _EXPENSE_COLUMNS:
        cars = f"basic.official_cars.{column}"
        out[cars] = sum_if_any([inputs[f"basic.car_purchase.{column}"],
                                inputs[f"basic.car_running.{column}"]])
        out[f"basic.three_public.{column}"] = sum_if_any(
            [inputs.instead_of(cars, out[cars]), inputs[f"basic.overseas.{column}"],
             inputs[f"basic.reception.{column}"]])
        out[f"basic.projects.{column}"] = sum_if_any(
            [inputs[f"basic.project.{i}.{column}"] for i in projects])
    for i in _indexes(sheet.inputs, "building", "name"):
        out[f"building.{i}.size_control_rate"] = ratio(
            inputs[f"building.{i}.approved_size"], inputs[f"building.{i}.actual_size"])
        out[f"building.{i}.investment_control_rate"] = ratio(
            inputs[f"building.{i}.budget_investment"], inputs[f"building.{i}.actual_investment"])
    return out


def _self_evaluation(inputs, sheet):
    """附件2 / 附件3: 执行率, 得分, the split 校验, each indicator's 校验, 总分, 一级指标权重."""
    budget, spent, weight = inputs["funds.budget"], inputs["funds.spent"], inputs["funds.weight"]
    out = {"funds.rate": ratio(budget, spent), "funds.score": execution_score(budget, spent, weight)}
    out |= _split_checks(inputs, sheet)
    rows = _indexes(sheet.inputs, "indicator", "weight")
    weights = [inputs[f"indicator.{i}.weight"] for i in rows]
    for i in rows:
        out[f"indicator.{i}.check"] = indicator_check(
            inputs[f"indicator.{i}.weight"], inputs[f"indicator.{i}.score"],
            inputs[f"indicator.{i}.deviation_reason"])
    out["total.weight"] = rounded_sum_if_any([weight, *weights])
    out["total.score"] = rounded_sum_if_any([inputs.instead_of("funds.score", out["funds.score"]),
                                             *(inputs[f"indicator.{i}.score"] for i in rows)])
    out["total.check"] = equals_check(inputs.instead_of("total.weight", out["total.weight"]),
                                      Decimal(100), t.WEIGHTS_NOT_100)
    labels = [inputs[f"indicator.{i}.level1"] for i in rows]
    for key in sheet.inputs:
        if key.startswith("level1_weight."):
            name = key.removeprefix("level1_weight.")
            out[f"{key}.sum"] = sum_where(labels, name, weights)
            out[f"{key}.check"] = equals_check(
                inputs[key], inputs.instead_of(f"{key}.sum", out[f"{key}.sum"]), t.WEIGHT_MISMATCH)
    return out


def _split_checks(inputs, sheet):
    """附件2: income parts = 全年预算数, spending parts = 全年执行数; 附件3: sources = each total."""
    def parts(prefix, suffix=""):
        return [inputs[key] for key in sheet.inputs if key.startswith(prefix) and key.endswith(suffix)]

    if sheet.kind == "department":
        return {"split.income.check": parts_check(parts("split.income."), inputs["funds.budget"],
                                                  t.INCOME_MISMATCH),
                "split.spending.check": parts_check(parts("split.spending."), inputs["funds.spent"],
                                                    t.SPENDING_MISMATCH)}
    return {f"split.source.check.{column}": parts_check(
        parts("split.source.", f".{column}"), inputs[f"funds.{column}"], t.SOURCE_MISMATCH)
        for column in _AMOUNT_COLUMNS}


def _fund_table(inputs, sheet):
    """附件4–6: each row's 执行率, the 合计 of each amount column and its 执行率, the “无” 校验."""
    rows = _indexes(sheet.inputs, "fund", "name")
    out = {f"fund.{i}.rate": ratio(inputs[f"fund.{i}.budget"], inputs[f"fund.{i}.spent"]) for i in rows}
    for column in _AMOUNT_COLUMNS:
        out[f"fund.total.{column}"] = sum_if_any([inputs[f"fund.{i}.{column}"] for i in rows])
    out["fund.total.rate"] = ratio(inputs.instead_of("fund.total.budget", out["fund.total.budget"]),
                                   inputs.instead_of("fund.total.spent", out["fund.total.spent"]))
    amounts = [inputs[f"fund.{i}.{column}"] for i in rows for column in _AMOUNT_COLUMNS]
    declared_none = inputs["fund.none"] == t.YES
    out["fund.check"] = t.NONE_BUT_FILLED if declared_none and numbers(amounts) else None
    return out


def _review(inputs, sheet):
    """考核评分表: 合计 of the reviewer's 得分."""
    rows = _indexes(sheet.inputs, "review", "score")
    return {"review.total.score": rounded_sum_if_any([inputs[f"review.{i}.score"] for i in rows])}


_BY_KIND = {"basic_data": _basic_data, "department": _self_evaluation, "project": _self_evaluation,
            "gov_fund": _fund_table, "state_capital": _fund_table, "social_insurance": _fund_table,
            "review": _review}
