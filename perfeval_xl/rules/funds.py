"""Family 1 资金与执行: the execution rate and score of 附件2/附件3, and 附件4–6 rates."""

from decimal import Decimal
from typing import NamedTuple

from perfeval_xl.decimal_math import HUNDRED, percent, plain, round_half_up
from perfeval_xl.rules.base import hit, rule
from perfeval_xl.rules.values import (
    fund_tables, known, located, opaque, rate_expected, score_places, self_evaluations, shown,
)

ONE = Decimal(1)
UNROUNDED, RATE_FIRST = "unrounded", "rate_first"
CONVENTIONS_ZH = {UNROUNDED: "未取整的执行率", RATE_FIRST: "先取两位小数的执行率"}


@rule("PE101", "execution-rate-mismatch", "error",
      message="执行率 {actual}% 与 全年执行数 {spent} ÷ 全年预算数 {budget} = {expected}% 不符",
      hint="请按 全年执行数 ÷ 全年预算数 重新计算执行率，保留两位小数（四舍五入）")
def execution_rate_mismatch(workbook, profile):
    """
    检查内容
        附件2 与每张附件3 的执行率：全年执行数 ÷ 全年预算数（调整后预算，不是年初预算数），
        按百分数四舍五入到所填的小数位后，应等于所填执行率。执行率是模板公式时不比较；
        全年预算数为空或 0 时不计算（见 PE104）。
    为何重要
        执行率决定预算执行得分，也是财政局最先看的数；算错会连带得分和总分出错。
    示例
        全年预算数 2263.34、全年执行数 2096.96：2096.96 ÷ 2263.34 = 92.6489…%，应填 92.65%；
        填 92.64% 即报此错误。
    """
    for table in self_evaluations(workbook):
        funds = table.funds
        expected = rate_expected(funds.spent, funds.budget, funds.rate)
        if expected is not None:
            yield hit(funds.rate, actual=funds.rate.number, expected=expected,
                      spent=funds.spent.number, budget=funds.budget.number,
                      related=(funds.spent, funds.budget))


class ScoreCheck(NamedTuple):
    """预算执行得分 recomputed under both conventions (RULES.md §3).

    A named tuple, not a frozen dataclass: see template.plan.Cell.
    """

    declared: Decimal
    weight: Decimal
    rate: Decimal          # 执行率 in percent, unrounded
    exact: dict            # convention → the score before rounding
    places: int

    def expected(self, convention):
        return round_half_up(self.exact[convention], self.places)

    def matching(self):
        return [name for name in (UNROUNDED, RATE_FIRST) if self.expected(name) == self.declared]

    def rate_shown(self, convention):
        return round_half_up(self.rate, 4 if convention == UNROUNDED else 2)


def unrounded_execution_score(weight, spent, budget):
    """分值 × min(1, 全年执行数 ÷ 全年预算数): spending more than the budget earns no bonus."""
    return weight * min(ONE, spent / budget)


def score_check(funds):
    """A ScoreCheck for a constant 预算执行得分 with known 分值, budget and spending, else None."""
    declared, weight = known(funds.score), known(funds.weight)
    spent, budget = known(funds.spent), known(funds.budget)
    if declared is None or weight is None or spent is None or not budget:
        return None
    rate = percent(spent, budget)
    exact = {  # capped at 分值: spending more than the budget earns no bonus
        UNROUNDED: unrounded_execution_score(weight, spent, budget),
        RATE_FIRST: weight * min(ONE, round_half_up(rate, 2) / HUNDRED),
    }
    return ScoreCheck(declared, weight, rate, exact, score_places(funds.score))


@rule("PE102", "execution-score-mismatch", "error",
      message=("预算执行得分 {actual} 与计算结果不符：分值 {weight} × 执行率 {rate}% 应得 {expected}"
               "（执行率先取两位小数则为 {rate_first}）"),
      variants={"same": "预算执行得分 {actual} 与计算结果不符：分值 {weight} × 执行率 {rate}% 应得 {expected}"},
      hint="请按 分值 × 执行率 重新计算预算执行得分（执行率超过 100% 按 100% 计），保留两位小数")
def execution_score_mismatch(workbook, profile):
    """
    检查内容
        预算执行得分 = 分值 × 执行率，最多为分值。两种算法都接受：用未取整的执行率
        (10 × 92.6489…% = 9.26)，或先把执行率取到百分数两位小数 (10 × 92.65% = 9.265 → 9.27)。
        所填得分按其小数位四舍五入后与两者都不同时报错。整数得分（如“10”）按精确到分
        (10.00) 检查：整数不是四舍五入到整分的结果，否则 9.72 也会被当成 10 分。
        得分是模板公式时不比较。
    为何重要
        预算执行得分计入总分；算错的得分使总分和等级都不可信。
    示例
        分值 10、全年预算数 38、全年执行数 36.92：两种算法都得 9.72；填 9.80 即报此错误。
    """
    for table in self_evaluations(workbook):
        found = score_check(table.funds)
        if found is None or found.matching():
            continue
        unrounded, rate_first = found.expected(UNROUNDED), found.expected(RATE_FIRST)
        funds = table.funds
        yield hit(funds.score, actual=found.declared, expected=unrounded, rate_first=rate_first,
                  weight=found.weight, rate=found.rate_shown(UNROUNDED),
                  variant="same" if unrounded == rate_first else None,
                  related=(funds.weight, funds.spent, funds.budget))


@rule("PE103", "execution-score-convention", "info",
      message="预算执行得分 {actual} 按{convention}计算（{weight} × {rate}% ≈ {exact} → {actual}）",
      hint="两种算法都可接受；请全表统一一种算法，并确认总分按本单元格所填的得分合计")
def execution_score_convention(workbook, profile):
    """
    检查内容
        预算执行得分只符合两种算法中的一种时，说明它是按哪一种算的：未取整的执行率，
        或先取两位小数的执行率。两种算法结果相同时不提示。
    为何重要
        同一份报告里常见得分按一种算法、总分按另一种算法，总分因此差 0.01；
        知道得分用了哪种算法，才能找到差额从哪里来。
    示例
        分值 10、执行率 2096.96 ÷ 2263.34 = 92.6489…%：填 9.26 提示“按未取整的执行率计算”，
        填 9.27 提示“按先取两位小数的执行率计算”。
    """
    for table in self_evaluations(workbook):
        found = score_check(table.funds)
        matching = found.matching() if found is not None else []
        if len(matching) != 1:
            continue
        convention = matching[0]
        yield hit(table.funds.score, actual=found.declared, expected=found.declared,
                  convention=CONVENTIONS_ZH[convention], weight=found.weight,
                  rate=found.rate_shown(convention), exact=shown(round_half_up(found.exact[convention], 5)))


def _declared_text(pairs):
    return "、".join(f"{label} {plain(value.number)}{unit}" for label, value, unit in pairs
                    if value.is_constant_number)


def _missing_budget_hit(budget, spent, pairs):
    """A PE104 hit when spending is given, the budget is blank or 0, and a rate/score is typed."""
    if opaque(budget) or known(spent) is None or known(budget):
        return None
    declared = _declared_text(pairs)
    if not declared:
        return None
    first = next(value for _, value, _ in pairs if value.is_constant_number)
    return hit(located(budget, first), actual=budget.number, spent=spent.number, declared=declared,
               variant="blank" if budget.number is None else None, related=(spent, first))


@rule("PE104", "budget-missing-for-rate", "error",
      message="全年执行数为 {spent}，全年预算数为 {actual}，无法计算执行率，但已填写{declared}",
      variants={"blank": "全年执行数为 {spent}，全年预算数空白，无法计算执行率，但已填写{declared}"},
      hint="请填写全年预算数（调整后预算）；确无预算时请删除执行率和得分，并在偏差原因中说明")
def budget_missing_for_rate(workbook, profile):
    """
    检查内容
        全年执行数已填、全年预算数为空或 0，却填了执行率或得分（附件2、附件3 的资金行，
        附件4–6 的每一行）。此时执行率无从计算（不能除以 0），所填数字没有依据。
    为何重要
        没有预算数的执行率和得分无法核对，常是漏填预算或把预算填在了年初预算数一栏。
    示例
        全年预算数空白、全年执行数 36.92、执行率 97.16%、得分 9.72：报此错误。
    """
    for table in self_evaluations(workbook):
        funds = table.funds
        pairs = (("执行率", funds.rate, "%"), ("得分", funds.score, ""))
        found = _missing_budget_hit(funds.budget, funds.spent, pairs)
        if found is not None:
            yield found
    for table in fund_tables(workbook):
        for row in table.rows:
            found = _missing_budget_hit(row.budget, row.spent, (("执行率", row.rate, "%"),))
            if found is not None:
                yield found


@rule("PE108", "fund-table-rate-mismatch", "error",
      message="“{item}”执行率 {actual}% 与 全年执行数 {spent} ÷ 全年预算数 {budget} = {expected}% 不符",
      hint="请按 全年执行数 ÷ 全年预算数 重新计算执行率，保留两位小数（四舍五入）")
def fund_table_rate_mismatch(workbook, profile):
    """
    检查内容
        附件4 政府性基金、附件5 国有资本经营、附件6 社会保险基金预算支出情况表的每一行：
        全年执行数 ÷ 全年预算数，按百分数四舍五入到所填小数位后，应等于所填执行率。
    为何重要
        这三张表常被忽略，执行率多是手填的，与金额对不上时财政局会退回。
    示例
        某基金项目全年预算数 120.00、全年执行数 96.00，执行率应为 80.00%；填 85.00% 即报此错误。
    """
    for table in fund_tables(workbook):
        for row in table.rows:
            expected = rate_expected(row.spent, row.budget, row.rate)
            if expected is not None:
                yield hit(row.rate, actual=row.rate.number, expected=expected, item=row.name.text,
                          spent=row.spent.number, budget=row.budget.number,
                          related=(row.spent, row.budget))
