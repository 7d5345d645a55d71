"""Family 8 考核评分表: the reviewer's scores within their maxima, the 合计, the maxima themselves."""

from perfeval_xl.glossary import normalize_label
from perfeval_xl.rules.base import hit, rule
from perfeval_xl.rules.values import ZERO, differs, known, located, sum_as_declared


def review_items(workbook):
    return list(workbook.review.items) if workbook.review is not None else []


def profile_maximum(profile, name):
    """The profile's maximum for a 考核评分表 item, matched by its folded name; None if unknown."""
    folded = normalize_label(name)
    maxima = {normalize_label(key): value for key, value in profile.review_maxima.items()}
    if folded in maxima:
        return maxima[folded]
    return next((value for key, value in maxima.items() if key and key in folded), None)


@rule("PE801", "review-score-above-maximum", "error",
      message="考核评分表“{item}”得分 {actual} 超过满分 {expected}",
      variants={"negative": "考核评分表“{item}”得分 {actual} 为负数"},
      hint="考核评分表每项得分应在 0 至该项满分之间，请按评分标准重新评分")
def review_score_above_maximum(workbook, profile):
    """
    检查内容
        考核评分表每个二级指标所填的得分应在 0 与该项满分之间；满分取自满分列，或手工表中
        标签里的“(8分)”。得分是公式或未填写时不检查。
    为何重要
        考核评分表是财政局对单位自评工作的打分，每项有明确的满分；超过满分或为负的得分
        会让合计失真，也说明评分时看错了行。
    示例
        “自评通知（8分）”得分填 9：报此错误。
    """
    for item in review_items(workbook):
        score, maximum = known(item.score), known(item.maximum)
        if score is None:
            continue
        if score < 0:
            yield hit(item.score, actual=score, expected=ZERO, item=item.name, variant="negative")
        elif maximum is not None and score > maximum:
            yield hit(item.score, actual=score, expected=maximum, item=item.name, related=(item.maximum,))


@rule("PE802", "review-total-differs", "error",
      message="考核评分表合计得分 {actual} 与各项得分合计 {expected} 不符，差 {difference}",
      hint="合计得分应等于各二级指标得分之和（空白按 0 计），请重新合计")
def review_total_differs(workbook, profile):
    """
    检查内容
        考核评分表合计行所填的得分应等于各二级指标所填得分之和，空白按 0 计。合计或某项得分
        是公式（模板的合计公式）时不比较。
    为何重要
        合计得分是财政局给单位自评工作的最终分数；手工相加出错会直接影响考核结果。
    示例
        各项得分合计 86，合计行填 88：报此错误（差 2）。
    """
    sheet = workbook.review
    if sheet is None:
        return
    declared = known(sheet.total_score)
    expected = sum_as_declared([item.score for item in sheet.items])
    if declared is None or expected is None or not differs(declared, expected, profile.tolerance):
        return
    yield hit(sheet.total_score, actual=declared, expected=expected, difference=abs(declared - expected))


@rule("PE803", "review-maximum-differs-from-profile", "warning",
      message="考核评分表“{item}”满分 {actual} 分，规程（配置）为 {expected} 分",
      hint="请按规程使用考核评分表的满分（{expected} 分）；若本地规程不同，请选择相应的配置（--profile）")
def review_maximum_differs_from_profile(workbook, profile):
    """
    检查内容
        考核评分表各二级指标印出的满分（满分列或标签中的“(8分)”）与配置的满分比较，默认
        自评通知 8、工作小组 2、单位自查 10、提交报告 10、完整性 15、绩效自评表 20、
        反映问题情况 20、建议情况 15。配置中没有的项目不比较。
    为何重要
        满分印错，审核人按错的满分打分，合计也就不再是 100 分制；不同地方的评分表不同，
        这时应换用相应的配置而不是改表。
    示例
        “工作小组”标注“(3分)”而规程为 2 分：报此警告。
    """
    for item in review_items(workbook):
        printed, wanted = known(item.maximum), profile_maximum(profile, item.name)
        if printed is None or wanted is None or not differs(printed, wanted, profile.tolerance):
            continue
        yield hit(located(item.maximum, item.score), actual=printed, expected=wanted, item=item.name)
