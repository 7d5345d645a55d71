"""Family 2 指标与得分: 总分 and the weights (分值) of 附件2/附件3 add up as the profile says."""

from perfeval_xl.decimal_math import plain, round_half_up
from perfeval_xl.glossary import BUDGET_EXECUTION
from perfeval_xl.rules.base import hit, rule
from perfeval_xl.rules.values import (
    ZERO, any_number, differs, known, located, places, self_evaluations, sum_as_declared, weighted_tables,
)
from perfeval_xl.parsing import TYPED_DECIMALS


@rule("PE201", "total-differs-from-sum", "error",
      message="总分 {actual} 与各项得分合计 {expected} 不符，差 {difference}",
      hint="总分应等于预算执行得分加各三级指标得分（按表中所填的得分），请重新合计")
def total_differs_from_sum(workbook, profile):
    """
    检查内容
        总分行的得分应等于 预算执行得分 + 各三级指标得分，按表中所填的数合计（空白按 0），
        不重新计算各项得分。总分或某项得分是模板公式时不比较。
    为何重要
        总分决定评价等级（优 ≥ 90 …）并直接报给财政局；常见错误是得分按一种算法、
        总分按另一种算法，差 0.01。
    示例
        预算执行得分 9.26，三级指标得分合计 90，合计 99.26；总分填 99.27 即报此错误（差 0.01）。
    """
    for table in self_evaluations(workbook):
        declared = known(table.total_score)
        scores = [table.funds.score] + [indicator.score for indicator in table.indicators]
        expected = sum_as_declared(scores)
        if declared is None or expected is None:
            continue
        if any(s.number is not None and places(s) > TYPED_DECIMALS for s in scores):
            # Scores pasted from formulas carry more digits than anyone typed or sees:
            # the total can only be held to its own shown precision.
            expected = round_half_up(expected, places(table.total_score))
        if not differs(declared, expected, profile.tolerance):
            continue
        yield hit(table.total_score, actual=declared, expected=expected,
                  difference=abs(declared - expected))


@rule("PE202", "weights-not-100", "error",
      message="预算执行与各三级指标的分值合计 {actual} 分，应为 {expected} 分",
      variants={"declared": "总分行的分值 {actual} 与预算执行及各三级指标的分值合计 {expected} 不符"},
      hint="请调整各项分值，使预算执行分值与全部三级指标分值合计为 {total} 分，总分行分值与之一致")
def weights_not_100(workbook, profile):
    """
    检查内容
        预算执行分值 + 全部三级指标分值之和应为规程规定的总分值（默认 100）；总分行所填分值
        也应等于这个合计。空白分值按 0 计；分值是模板公式时不计算。
    为何重要
        分值合计不是 100，总分就不能和其他单位比较，等级也失去意义。
    示例
        预算执行 10，三级指标分值合计 88，合计 98 分：报此错误（应为 100 分）。
    """
    for table in weighted_tables(workbook):
        weights = [table.funds.weight] + [indicator.weight for indicator in table.indicators]
        weight_sum = sum_as_declared(weights)
        if weight_sum is None or not any_number(weights):
            continue
        at = located(table.total_weight, table.title)
        if differs(weight_sum, profile.total, profile.tolerance):
            yield hit(at, actual=weight_sum, expected=profile.total, total=profile.total)
        declared = known(table.total_weight)
        tolerance = profile.tolerance
        if declared is not None and differs(declared, weight_sum, tolerance) and differs(
                declared, profile.total, tolerance):
            yield hit(at, actual=declared, expected=weight_sum, total=profile.total, variant="declared")


@rule("PE203", "heading-weight-differs-from-indicators", "error",
      message="{heading} 标注 {actual} 分，其三级指标分值合计 {expected} 分",
      hint="请使“{heading}”标注的分值与其下三级指标分值之和一致（改标注或调整三级指标分值）")
def heading_weight_differs_from_indicators(workbook, profile):
    """
    检查内容
        一级指标标题标注的分值（如“产出指标(50分)”）应等于其下全部三级指标分值之和。
        标题未标注分值、或某项分值是公式时不比较。
    为何重要
        标题上的分值是读者看到的权重；下面的分值另加成别的数，说明权重被悄悄改过，
        或三级指标分值填错。
    示例
        “产出指标(50分)”下的三级指标分值合计 68 分：报此错误。
    """
    for table in weighted_tables(workbook):
        for heading in table.headings:
            declared = known(heading.declared_weight)
            weights = [indicator.weight for indicator in heading.indicators]
            weight_sum = sum_as_declared(weights)
            if declared is None or weight_sum is None:
                continue
            if differs(declared, weight_sum, profile.tolerance):
                yield hit(heading.declared_weight, actual=declared, expected=weight_sum,
                          heading=heading.name)


def weight_split(table):
    """{name: (weight, Value to point at)}: 预算执行 first, then each 一级指标, in table order.

    None when a weight cannot be known (a formula or unreadable text).
    """
    split = {BUDGET_EXECUTION: (known(table.funds.weight), table.funds.weight)}
    if split[BUDGET_EXECUTION][0] is None and not table.funds.weight.blank:
        return None
    for heading in table.headings:
        weights = [indicator.weight for indicator in heading.indicators]
        weight_sum = sum_as_declared(weights)
        if weight_sum is None:
            return None
        before, at = split.get(heading.name, (ZERO, None))
        first_weight = weights[0] if weights else heading.declared_weight
        at = at or located(heading.declared_weight, first_weight)
        split[heading.name] = ((before or ZERO) + weight_sum, at)
    return split


@rule("PE204", "weight-split-differs-from-profile", "warning",
      message="权重分配 {actual} 与规程 {expected} 不同（依次为 {names}）",
      hint="规程的权重为 {expected}；如有特殊情况可适当调整，但请在报告中说明理由")
def weight_split_differs_from_profile(workbook, profile):
    """
    检查内容
        预算执行分值与各一级指标（按其三级指标分值合计）的分配，与规程（配置）的权重比较，
        默认 预算执行 10 / 产出指标 50 / 效益指标 30 / 满意度指标 10。配置可把几个一级指标
        合为一组（如湖北“效益指标+满意度指标”40 分），比较的是组内分值之和。每张表至多一条，
        位置为第一个不同的一级指标（或组）。
    为何重要
        规程允许“如有特殊情况，一级指标权重可做适当调整”，所以只是警告；但考核评分表
        “权重符合规程”一项 5 分，权重不同要有理由。
    示例
        预算执行 10、产出指标 68、效益指标 20、满意度指标 2：提示“10/68/20/2 与规程 10/50/30/10 不同”。
    """
    for table in weighted_tables(workbook):
        split = weight_split(table)
        if split is None or not table.headings:
            continue
        groups = profile_groups(profile, split)
        actual = [sum((split.get(part, (None, None))[0] or ZERO for part in parts), ZERO)
                  for _, parts, _ in groups]
        wanted = [weight for _, _, weight in groups]
        differing = [parts for (_, parts, weight), a in zip(groups, actual) if differs(a, weight, profile.tolerance)]
        if not differing:
            continue
        at = located(*(split[part][1] for part in differing[0] if part in split), table.title)
        yield hit(at, actual="/".join(map(plain, actual)), expected="/".join(map(plain, wanted)),
                  names="/".join(label for label, _, _ in groups))


def profile_groups(profile, split):
    """[(label, 一级指标 names, weight)]: the profile's weights (a group "效益指标+满意度指标"
    names two headings), then any heading of the table the profile does not name, at 0."""
    groups = profile.weight_groups()
    named = {part for _, parts, _ in groups for part in parts}
    return groups + [(name, (name,), ZERO) for name in split if name not in named]
