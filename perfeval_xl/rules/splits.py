"""Family 1 资金与执行: the funds split of 附件2/附件3 must add up to the totals."""

from perfeval_xl.model import EMPTY
from perfeval_xl.rules.base import hit, rule
from perfeval_xl.rules.values import (
    FUNDS_COLUMNS_ZH, ZERO, any_number, differs, located, opaque, sum_as_declared,
)


def _amount(item, column, one_cell=False):
    """The item's amount in ``column``.

    附件2 prints each income/spending part in one cell ("一般公共预算：2128.84"),
    so there a lone amount counts whatever column key the reader gave it.
    """
    value = item.amounts.get(column)
    if value is None and one_cell and len(item.amounts) == 1:
        value = next(iter(item.amounts.values()))
    return value if value is not None else EMPTY


def split_hit(parts, total, tolerance, **fields):
    """A hit at ``total`` when the parts (blanks as 0) do not add up to it, else None."""
    if not any_number(parts) or opaque(total):
        return None
    parts_sum = sum_as_declared(parts)
    if parts_sum is None:
        return None
    declared = total.number if total.number is not None else ZERO
    if not differs(parts_sum, declared, tolerance):
        return None
    located_parts = [part for part in parts if part.cell]
    return hit(located(total, *located_parts, EMPTY), actual=declared, expected=parts_sum,
               difference=abs(declared - parts_sum), related=located_parts, **fields)


def _department_split(workbook, group, column, profile):
    """附件2's income parts against 全年预算数, or spending parts against 全年执行数."""
    table = workbook.department
    if table is None:
        return
    parts = [_amount(item, column, one_cell=True) for item in _group(table, group)]
    found = split_hit(parts, getattr(table.funds, column), profile.tolerance)
    if found is not None:
        yield found


def _group(table, group):
    return [item for item in table.funds.splits if item.group == group]


@rule("PE105", "income-split-differs-from-budget", "error",
      message="按收入性质分的各项合计 {expected} 与全年预算数 {actual} 不符，差 {difference}",
      hint="请核对一般公共预算、政府性基金、纳入专户管理的非税收入、其他资金各项，使其合计等于全年预算数")
def income_split_differs_from_budget(workbook, profile):
    """
    检查内容
        附件2“按收入性质分”的各项（一般公共预算、政府性基金拨款、纳入专户管理的非税收入拨款、
        其他资金）之和应等于全年预算数，分毫不差；空项按 0 计；一项都没填时不检查。
        全年预算数是模板公式时不比较。
    为何重要
        收入拆分与预算总额对不上，说明有资金来源漏填、重填或总额填错；曾见到总额为 0
        而拆分项不为 0 的表。
    示例
        一般公共预算 2128.84 + 其他资金 134.50 = 2263.34，与全年预算数 2263.34 相符；
        若全年预算数填 2263.43 即报此错误（差 0.09）。
    """
    yield from _department_split(workbook, "income", "budget", profile)


@rule("PE106", "spending-split-differs-from-spent", "error",
      message="按支出性质分的各项合计 {expected} 与全年执行数 {actual} 不符，差 {difference}",
      hint="请核对基本支出、项目支出两项，使其合计等于全年执行数")
def spending_split_differs_from_spent(workbook, profile):
    """
    检查内容
        附件2“按支出性质分”的基本支出与项目支出之和应等于全年执行数，分毫不差；
        空项按 0 计；一项都没填时不检查。全年执行数是模板公式时不比较。
    为何重要
        支出拆分是执行数的来源；对不上说明基本支出或项目支出填错，执行率也就不可信。
    示例
        基本支出 2060.04 + 项目支出 36.92 = 2096.96，与全年执行数相符；
        若项目支出填 38 则合计 2098.04，报此错误（差 1.08）。
    """
    yield from _department_split(workbook, "spending", "spent", profile)


@rule("PE107", "source-split-differs-from-total", "error",
      message="{column}：资金来源各项合计 {expected} 与年度资金总额 {actual} 不符，差 {difference}",
      hint="请核对当年财政拨款、上年结转资金、其他资金，使{column}一栏的合计等于年度资金总额")
def source_split_differs_from_total(workbook, profile):
    """
    检查内容
        附件3 按资金来源（当年财政拨款、上年结转资金、其他资金）的拆分：年初预算数、全年预算数、
        全年执行数每一栏，各项之和应等于该栏的年度资金总额；空项按 0 计；
        该栏一项都没填时不检查。
    为何重要
        资金来源拆分对不上，说明结转资金或其他资金漏填，项目的预算数和执行数就说不清来源。
    示例
        当年财政拨款 40 / 38 / 36.92，上年结转资金 0，其他资金 0，年度资金总额 40 / 38 / 36.92：相符。
        若当年财政拨款的全年执行数填 35.92，全年执行数一栏报此错误（差 1.00）。
    """
    for table in workbook.projects:
        items = _group(table, "source")
        for column, column_zh in FUNDS_COLUMNS_ZH.items():
            parts = [_amount(item, column) for item in items]
            found = split_hit(parts, getattr(table.funds, column), profile.tolerance, column=column_zh)
            if found is not None:
                yield found
