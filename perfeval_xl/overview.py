"""The few numbers a reviewer reads first for one file: 附件2's 总分 as declared and recomputed, and 执行率.

They head each file's row in the batch summary.  Recomputed like the rules
do (RULES.md §3): 执行率 = 全年执行数 ÷ 全年预算数, 预算执行得分 = 分值 ×
min(1, 执行率) with the rate unrounded, and the 三级指标 scores as declared.
"""

from decimal import Decimal
from typing import NamedTuple

from perfeval_xl.decimal_math import percent, round_half_up
from perfeval_xl.rules.funds import unrounded_execution_score
from perfeval_xl.rules.values import known, opaque


class Overview(NamedTuple):
    """One file's headline numbers: 总分 as typed and as recomputed, and 执行率.

    A named tuple, not a frozen dataclass: see template.plan.Cell.
    """

    declared_total: Decimal | None = None     # 总分 as typed (None when blank, a formula or unreadable)
    recomputed_total: Decimal | None = None   # 预算执行得分 recomputed + Σ 三级指标得分 as declared
    execution_rate: Decimal | None = None     # percent, two decimals, half up


def file_overview(workbook):
    """The Overview of 附件2 (the 部门整体支出绩效自评表); empty when the file has none."""
    table = workbook.department if workbook is not None else None
    if table is None:
        return Overview()
    funds = table.funds
    spent, budget = known(funds.spent), known(funds.budget)
    rate = percent(spent, budget)
    return Overview(
        declared_total=known(table.total_score),
        recomputed_total=_recomputed_total(table, spent, budget),
        execution_rate=None if rate is None else round_half_up(rate, 2),
    )


def _recomputed_total(table, spent, budget):
    weight = known(table.funds.weight)
    scores = [indicator.score for indicator in table.indicators]
    if weight is None or spent is None or not budget or any(opaque(score) for score in scores):
        return None
    execution = round_half_up(unrounded_execution_score(weight, spent, budget), 2)
    return execution + sum((score.number or Decimal(0) for score in scores), Decimal(0))
