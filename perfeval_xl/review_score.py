"""Pre-score the 考核评分表: compute its mechanical items from the tables, leave the rest to the reviewer.

The 考核评分表 (RULES.md §2) has eight 二级 rows worth 100.  Some rows split
into parts by their 评分标准; each part is one ComputedItem, in sheet order,
and the parts' maxima add up to the row's maximum in the profile:

    自评通知 8 · 工作小组 2 · 单位自查 10                        reviewer
    提交报告 10 = 按时报送 10                                    computed (needs a deadline)
    完整性 15   = 正文完整性 8 (reviewer) + 附件完整性 7 (computed)
    绩效自评表 20 = 权重符合规程 5 + 全部细化到三级指标 5 + 指标明确可衡量 5
                  (computed) + 指标突出核心、全面反映 5 (reviewer)
    反映问题情况 20 · 建议情况 15                                reviewer

Formulas (scores rounded half up to 2 decimals, never below 0):
- 附件完整性 = 7 − 2 × (number of 附件1–6 missing); a 附件4–6 that says
  "本单位无…" (a switch or a statement anywhere in the workbook) is present.
- 权重符合规程 = 5 × (tables following the profile's weights) ÷ (tables with
  分值), counting 附件2 and each 附件3; a table follows the profile when its
  预算执行 分值 and the Σ 三级 分值 of each 一级指标 equal profile.weights (the
  split PE204 checks).  Tables whose 分值 are formulas or unreadable are left out.
- 全部细化到三级指标 = 5 × (indicator rows with a 三级指标 name) ÷ (indicator rows).
- 指标明确可衡量 = 5 × (indicators whose 年度指标值 is quantitative or a date, as
  perfeval_xl.indicator_values reads it) ÷ (indicators):
  the "内涵明确、具体、可衡量 5 分" of 评分标准 3; its other 5 points (核心指标 3,
  全面反映 2) are the reviewer's.
- 按时报送 = maximum − 1 per working day (Monday–Friday; public holidays and
  调休 are not known here) the report is dated after the deadline: the later of the cover's 报告日期
  and the latest 填报日期 of any table.
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from perfeval_xl.decimal_math import plain, round_half_up
from perfeval_xl.glossary import FUND_TABLE_KINDS, TABLE_NAMES_ZH
from perfeval_xl.indicator_values import QUANTITATIVE, TIME, parse_indicator_value
from perfeval_xl.model import Workbook
from perfeval_xl.profile import DEFAULT_PROFILE
from perfeval_xl.rules.review import profile_maximum
from perfeval_xl.rules.values import declares_none, self_evaluations, shown, weighted_tables
from perfeval_xl.rules.weights import weight_split, weight_split_differs_from_profile

ZERO, TWO = Decimal(0), Decimal(2)
BY_REVIEWER = "由审核人填写"
ATTACHMENTS_MAXIMUM = Decimal(7)   # 完整性 part 2: 附件部分内容齐全的，得7分
PART_MAXIMUM = Decimal(5)          # 绩效自评表 parts 1, 2 and the 可衡量 half of 3


@dataclass(frozen=True)
class ComputedItem:
    """One part of a 考核评分表 row: computed from the tables, or left to the reviewer.

    ``row`` is the 二级指标 of the sheet the part belongs to (自评通知 … 建议情况);
    ``score`` is None when ``computable`` is False; ``reason`` says why, in Chinese.
    """

    name: str
    maximum: Decimal
    score: Decimal | None
    reason: str
    computable: bool
    row: str = ""


def score_review(workbook, profile=None, deadline=None):
    """Every part of the 考核评分表, in sheet order; ``deadline`` is a date (报送截止日期) or None."""
    profile = profile or DEFAULT_PROFILE
    row_max = lambda name, fallback: _row_maximum(profile, name, fallback)  # noqa: E731
    return [
        _by_reviewer("自评通知", row_max("自评通知", 8), "印发通知 2 分；通知内容齐全 6 分，缺 1 项扣 1 分"),
        _by_reviewer("工作小组", row_max("工作小组", 2), "成立绩效自评工作小组得 2 分"),
        _by_reviewer("单位自查", row_max("单位自查", 10), "每发现一个单位未开展自查扣 1 分"),
        timeliness(workbook, row_max("提交报告", 10), deadline),
        _by_reviewer("正文完整性", row_max("完整性", 15) - ATTACHMENTS_MAXIMUM,
                     "报告正文每少一个部分扣 2 分", row="完整性"),
        attachments_complete(workbook),
        weights_follow_profile(workbook, profile),
        detailed_to_level3(workbook),
        measurable_share(workbook),
        _by_reviewer("指标突出核心、全面反映", row_max("绩效自评表", 20) - 3 * PART_MAXIMUM,
                     "突出核心指标、精简实用 3 分；全面反映产出和效益 2 分", row="绩效自评表"),
        _by_reviewer("反映问题情况", row_max("反映问题情况", 20), "按归纳问题、分析原因的全面程度分档评分"),
        _by_reviewer("建议情况", row_max("建议情况", 15), "按建议与问题的对应和全面程度分档评分"),
    ]


def computed_total(items):
    """Σ of the computed scores and Σ of their maxima: (score, out of)."""
    done = [item for item in items if item.computable]
    return sum((item.score for item in done), ZERO), sum((item.maximum for item in done), ZERO)


def _row_maximum(profile, name, fallback):
    found = profile_maximum(profile, name)
    return Decimal(fallback) if found is None else found


def _by_reviewer(name, maximum, standard, row=None):
    return ComputedItem(name, max(ZERO, maximum), None, f"{BY_REVIEWER}（{standard}）", False, row or name)


def _share_score(maximum, part, whole):
    return shown(round_half_up(maximum * part / whole, 2))


def _percent(part, whole):
    return f"{plain(round_half_up(Decimal(100) * part / whole, 2))}%"


# --- 附件完整性 -------------------------------------------------------------------------


def attachments_complete(workbook):
    """附件完整性: 7 − 2 per missing 附件1–6 (a 附件4–6 declared "本单位无…" is present)."""
    present = {"basic_data": workbook.basic_data is not None, "department": workbook.department is not None,
               "project": bool(workbook.projects)}
    present.update({kind: kind in workbook.fund_tables for kind in FUND_TABLE_KINDS})
    missing = [_short_name(kind) for kind, found in present.items() if not found]
    score = max(ZERO, ATTACHMENTS_MAXIMUM - TWO * len(missing))
    declared = [f"{_short_name(kind)}（{table.none_declared.sheet}!{table.none_declared.cell}）"
                for kind, table in workbook.fund_tables.items() if declares_none(table)]
    said = f"；{'、'.join(declared)}为“本单位无…”声明，视为齐全" if declared else ""
    if missing:
        reason = f"缺 {'、'.join(missing)}，每缺一张扣 2 分{said}"
    else:
        reason = f"附件1–6 齐全{said}"
    return ComputedItem("附件完整性", ATTACHMENTS_MAXIMUM, score, reason, True, "完整性")


def _short_name(kind):
    return TABLE_NAMES_ZH[kind].split()[0]


# --- 绩效自评表 ---------------------------------------------------------------------------


def weights_follow_profile(workbook, profile):
    """权重符合规程: 5 × share of weighted 附件2/附件3 whose weight split is the profile's."""
    tables = [table for table in weighted_tables(workbook) if weight_split(table) is not None]
    if not tables:
        return _not_computed("权重符合规程", PART_MAXIMUM, "附件2、附件3 尚未填写可核对的分值", "绩效自评表")
    following = [table for table in tables if _follows(table, profile)]
    wanted = "/".join(plain(weight) for weight in profile.weights.values())
    reason = (f"附件2、附件3 共 {len(tables)} 张表中 {len(following)} 张的权重为规程的 {wanted}"
              f"（预算执行/各一级指标的三级分值合计），按比例得分")
    score = _share_score(PART_MAXIMUM, len(following), len(tables))
    return ComputedItem("权重符合规程", PART_MAXIMUM, score, reason, True, "绩效自评表")


def _follows(table, profile):
    # Asked of PE204 itself, on a workbook of this one table, so the item scores exactly
    # the split that rule checks (groups such as "效益指标+满意度指标" included).
    alone = Workbook(path="", department=table)
    return not any(True for _ in weight_split_differs_from_profile.check(alone, profile))


def detailed_to_level3(workbook):
    """全部细化到三级指标: 5 × share of indicator rows that name their 三级指标."""
    indicators = [indicator for table in self_evaluations(workbook) for indicator in table.indicators]
    if not self_evaluations(workbook):
        return _not_computed("全部细化到三级指标", PART_MAXIMUM, "未读到附件2、附件3", "绩效自评表")
    if not indicators:
        return ComputedItem("全部细化到三级指标", PART_MAXIMUM, ZERO, "附件2、附件3 没有指标行，未细化到三级指标",
                            True, "绩效自评表")
    named = [indicator for indicator in indicators if not indicator.name.blank]
    reason = f"{len(indicators)} 个指标行中 {len(named)} 个填写了三级指标名称（{_percent(len(named), len(indicators))}）"
    score = _share_score(PART_MAXIMUM, len(named), len(indicators))
    return ComputedItem("全部细化到三级指标", PART_MAXIMUM, score, reason, True, "绩效自评表")


def measurable_share(workbook):
    """指标明确可衡量 (its 5-point 可衡量 half): 5 × share of quantitative 年度指标值."""
    indicators = [indicator for table in self_evaluations(workbook) for indicator in table.indicators]
    if all(indicator.target.blank for indicator in indicators):
        return _not_computed("指标明确可衡量", PART_MAXIMUM, "附件2、附件3 尚未填写年度指标值", "绩效自评表")
    quantitative = [indicator for indicator in indicators if is_measurable(indicator)]
    reason = (f"{len(indicators)} 个三级指标中年度指标值可衡量（数值或完成日期）的 {len(quantitative)} 个"
              f"（{_percent(len(quantitative), len(indicators))}），按比例得分；"
              f"定性指标是否明确具体请审核人复核")
    score = _share_score(PART_MAXIMUM, len(quantitative), len(indicators))
    return ComputedItem("指标明确可衡量", PART_MAXIMUM, score, reason, True, "绩效自评表")


def is_measurable(indicator):
    """Whether its 年度指标值 states a number ("≥98%", "8次/年") or a date ("2024年年底完成")."""
    target = parse_indicator_value(indicator.target.text, indicator.level2)
    return target.kind == QUANTITATIVE or (target.kind == TIME and target.deadline is not None)


# --- 按时报送 ---------------------------------------------------------------------------


def timeliness(workbook, maximum, deadline):
    """按时报送: maximum − 1 per working day the report is dated after ``deadline``.

    The report's date is the later of the cover's 报告日期 and every 填报日期: a
    report dated 2025-03-18 over tables filled 2025-03-11 was sent on the 18th.
    """
    if deadline is None:
        return _not_computed("按时报送", maximum, "未给出报送截止日期（--deadline）", "提交报告")
    latest, what = submission_date(workbook)
    if latest is None:
        return _not_computed("按时报送", maximum, "封面报告日期和各表填报日期均无法识别", "提交报告")
    late = working_days_between(deadline, latest.when)
    where = f"{latest.sheet}!{latest.cell}"
    if late == 0:
        reason = f"{what} {latest.when.isoformat()}（{where}）未晚于截止日期 {deadline.isoformat()}"
    else:
        reason = (f"{what} {latest.when.isoformat()}（{where}）晚于截止日期 {deadline.isoformat()} "
                  f"{late} 个工作日，每日扣 1 分")
    score = max(ZERO, maximum - late)
    return ComputedItem("按时报送", maximum, score, reason, True, "提交报告")


def submission_date(workbook):
    """(the date Value the report counts as sent on, what it is), or (None, "")."""
    report_date = workbook.cover.report_date if workbook.cover is not None else None
    latest = latest_filled_on(workbook)
    if report_date is not None and report_date.when and (latest is None or report_date.when >= latest.when):
        return report_date, "报告日期"
    return latest, "最晚填报日期"


def latest_filled_on(workbook):
    """The latest 填报日期 Value of any table's footer, or None."""
    tables = [workbook.basic_data, *self_evaluations(workbook), *workbook.fund_tables.values()]
    dates = [table.footer.filled_on for table in tables if table is not None and table.footer.filled_on.when]
    return max(dates, key=lambda value: value.when, default=None)


def working_days_between(deadline, submitted):
    """Monday–Friday days after ``deadline`` up to and including ``submitted`` (0 when on time)."""
    days, day = 0, deadline
    while day < submitted:
        day += timedelta(days=1)
        days += day.weekday() < 5
    return days


def _not_computed(name, maximum, why, row):
    return ComputedItem(name, maximum, None, f"无法计算：{why}；{BY_REVIEWER}", False, row)
