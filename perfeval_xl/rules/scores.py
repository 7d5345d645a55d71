"""Family 2 指标与得分: each score against its own weight (分值) and its 偏差原因."""

from typing import NamedTuple

from perfeval_xl.decimal_math import percent, round_half_up
from perfeval_xl.glossary import BUDGET_EXECUTION
from perfeval_xl.model import Value
from perfeval_xl.rules.base import hit, rule
from perfeval_xl.rules.values import known, located, self_evaluations, table_label
from perfeval_xl.rules.views import shared_view


class ScoreLine(NamedTuple):
    """One scored line: 预算执行 or a 三级指标.

    A named tuple, not a frozen dataclass: see template.plan.Cell.
    """

    label: str
    weight: Value
    score: Value
    reason: Value | None  # 偏差原因; None for 预算执行, which has no such column


def score_lines(table):
    lines = [ScoreLine(BUDGET_EXECUTION, table.funds.weight, table.funds.score, None)]
    for indicator in table.indicators:
        label = f"“{indicator.name.text}”" if indicator.name.text else f"第 {indicator.row} 行指标"
        lines.append(ScoreLine(label, indicator.weight, indicator.score, indicator.deviation_reason))
    return lines


def _shown(value):
    return value.number if value.number is not None else value.text


@shared_view
def all_score_lines(workbook):
    return [line for table in self_evaluations(workbook) for line in score_lines(table)]


@rule("PE205", "score-above-weight", "error",
      message="{what}得分 {actual} 超过分值 {expected}",
      hint="得分不能超过分值（没有加分）；请按完成情况重新评分")
def score_above_weight(workbook, profile):
    """
    检查内容
        每个三级指标的得分、以及预算执行得分，都不应超过其分值。公式单元格不比较。
    为何重要
        自评规程规定 0 ≤ 得分 ≤ 分值、不设加分；超过分值的得分会把总分抬高。
    示例
        “办理竣工验收备案”分值 3、得分 4：报此错误。
    """
    for line in all_score_lines(workbook):
        score, weight = known(line.score), known(line.weight)
        if score is not None and weight is not None and score > weight:
            yield hit(line.score, actual=score, expected=weight, what=line.label, related=(line.weight,))


@rule("PE206", "score-negative", "error",
      message="{what}{field} {actual} 为负数",
      hint="分值和得分都不能为负数；请检查是否误输入了负号")
def score_negative(workbook, profile):
    """
    检查内容
        三级指标与预算执行的分值、得分都不应小于 0。
    为何重要
        负的得分或分值会让合计看似正确而实际扣错分，通常是误输入的负号。
    示例
        “扬尘防治责任公示”得分 -3：报此错误。
    """
    for line in all_score_lines(workbook):
        for field_zh, value in (("分值", line.weight), ("得分", line.score)):
            number = known(value)
            if number is not None and number < 0:
                yield hit(value, actual=number, expected=0, what=line.label, field=field_zh)


@rule("PE207", "deviation-reason-missing", "error",
      message="{what}得分 {actual} 低于分值 {expected}，但未填写偏差原因分析及改进措施",
      hint="得分低于分值时，请在“偏差原因分析及改进措施”一栏说明原因和改进措施")
def deviation_reason_missing(workbook, profile):
    """
    检查内容
        三级指标得分低于分值时，“偏差原因分析及改进措施”一栏不能空白。公式单元格不比较。
    为何重要
        自评规程要求对每一处扣分说明原因；没有原因的扣分，财政局无法判断是否合理。
    示例
        “施工企业方、业主方满意度高”分值 2、得分 1.5，偏差原因空白：报此错误。
    """
    for line in all_score_lines(workbook):
        if line.reason is None or not line.reason.blank:
            continue
        score, weight = known(line.score), known(line.weight)
        if score is not None and weight is not None and score < weight:
            yield hit(located(line.reason, line.score), actual=score, expected=weight, what=line.label,
                      related=(line.score,))


@rule("PE208", "score-missing", "warning",
      message="{what}有分值 {weight} 但得分未填写",
      variants={"weight": "{what}有得分 {score} 但分值未填写"},
      hint="分值和得分应成对填写；不适用的指标请整行删除，或在偏差原因中说明")
def score_missing(workbook, profile):
    """
    检查内容
        三级指标或预算执行填了分值却没填得分，或填了得分却没填分值。
    为何重要
        空白得分在合计中按 0 计，总分因此偏低；没有分值的得分无从核对。
    示例
        “监督工程竣工验收率”分值 3，得分空白：报此警告。
    """
    for line in all_score_lines(workbook):
        if line.weight.blank == line.score.blank:
            continue
        missing, given = (line.score, line.weight) if line.score.blank else (line.weight, line.score)
        yield hit(located(missing, given), what=line.label, weight=_shown(line.weight),
                  score=_shown(line.score), variant=None if line.score.blank else "weight", related=(given,))



# A 偏差原因 that uses one of these words is about the money, not an indicator's shortfall.
FUNDS_REASON_WORDS = ("执行率", "预算", "资金", "经费", "支出", "支付", "拨付", "结余", "结转")


def execution_rate(funds):
    """(执行率 percent, Value to point at): the declared constant, else B ÷ A at 2 decimals; or None."""
    declared = known(funds.rate)
    if declared is not None:
        return declared, funds.rate
    rate = percent(known(funds.spent), known(funds.budget))
    return None if rate is None else (round_half_up(rate, 2), located(funds.rate, funds.spent))


def explains_funds(table):
    """True when some 偏差原因 of the table speaks about the money (FUNDS_REASON_WORDS)."""
    reasons = (indicator.deviation_reason.text or "" for indicator in table.indicators)
    return any(word in reason for reason in reasons for word in FUNDS_REASON_WORDS)


@rule("PE209", "execution-rate-low-without-reason", "warning",
      message="{table} 执行率 {actual}% 低于 {expected}%，但偏差原因中未见对资金执行的说明",
      hint="执行率低于 {expected}% 时，请在偏差原因分析及改进措施中说明资金未执行完的原因（如“资金结转”“预算调减”）和改进措施")
def execution_rate_low_without_reason(workbook, profile):
    """
    检查内容
        附件2 和每张附件3 的执行率低于配置的门槛，而偏差原因中没有说到资金。门槛由配置给出
        （湖北 90%）；默认的岳阳市配置不设门槛，本条不检查。执行率取所填的数，是公式或空白时按
        全年执行数 ÷ 全年预算数 重算（两位小数）。资金行没有偏差原因栏，所以说明只能写在
        三级指标的“偏差原因分析及改进措施”里：该表任一条含“执行率”“预算”“资金”“经费”
        “支出”“支付”“拨付”“结余”“结转”之一即算已说明。年度总体目标的“实际完成情况”
        文字不读取，写在那里的说明本条看不到。
    为何重要
        一些地方的规程要求执行率低于 90% 时说明原因；没有说明，财政局无法判断资金是
        结转到下年、被收回，还是项目没有按计划实施。
    示例
        湖北配置下，附件3 全年预算数 38、全年执行数 30，执行率 78.95%，各指标的偏差原因都空白：
        报此警告；任一偏差原因写“部分资金结转至下年使用”即不报。
    """
    threshold = profile.reason_below_execution_rate
    if threshold is None:
        return
    for table in self_evaluations(workbook):
        found = execution_rate(table.funds)
        if found is None or found[0] >= threshold or explains_funds(table):
            continue
        rate, at = found
        yield hit(at, actual=rate, expected=threshold, table=table_label(table),
                  related=(table.funds.spent, table.funds.budget))
