"""The rule catalogue: one explicit registry tuple, and ``check()`` that runs it."""

from perfeval_xl.profile import DEFAULT_PROFILE
from perfeval_xl.rules import achievement, basic_data, dates, funds, reading, scores, splits, weights
from perfeval_xl.rules import review
from perfeval_xl.rules import cross_table, integrity
from perfeval_xl.rules import cached
from perfeval_xl.rules.base import Rule, rule_crashed, rule_page
from perfeval_xl.rules.views import one_check

# Every rule, once, in code order.  A new rule is added here by hand (no import magic).
RULES = (
    # 1 资金与执行
    funds.execution_rate_mismatch,                   # PE101
    funds.execution_score_mismatch,                  # PE102
    funds.execution_score_convention,                # PE103
    funds.budget_missing_for_rate,                   # PE104
    splits.income_split_differs_from_budget,         # PE105
    splits.spending_split_differs_from_spent,        # PE106
    splits.source_split_differs_from_total,          # PE107
    funds.fund_table_rate_mismatch,                  # PE108
    # 2 指标与得分
    weights.total_differs_from_sum,                  # PE201
    weights.weights_not_100,                         # PE202
    weights.heading_weight_differs_from_indicators,  # PE203
    weights.weight_split_differs_from_profile,       # PE204
    scores.score_above_weight,                       # PE205
    scores.score_negative,                           # PE206
    scores.deviation_reason_missing,                 # PE207
    scores.score_missing,                            # PE208
    scores.execution_rate_low_without_reason,        # PE209
    # 3 基础数据
    basic_data.staff_control_rate_mismatch,          # PE301
    basic_data.three_public_differs_from_parts,      # PE302
    basic_data.official_cars_differs_from_parts,     # PE303
    basic_data.parts_exceed_parent,                  # PE304
    basic_data.building_size_rate_mismatch,          # PE305
    basic_data.building_investment_rate_mismatch,    # PE306
    basic_data.building_rate_without_base,           # PE307
    # 4 日期与必填项
    dates.date_before_year_end,                      # PE401
    dates.date_after_report_date,                    # PE402
    dates.required_field_blank,                      # PE403
    dates.date_unreadable,                           # PE404
    # 5 读取与模板
    reading.number_unreadable,                       # PE501
    reading.formula_replaced_by_constant,            # PE502
    reading.table_missing,                           # PE503
    # 5 读取与模板 — template integrity (issue 3)
    integrity.sheet_protection_removed,              # PE504
    integrity.template_sheet_missing,                # PE505
    integrity.sheet_added,                           # PE506
    integrity.formula_edited,                        # PE507
    integrity.rows_inserted_or_deleted,              # PE508
    cached.cached_value_differs,                     # PE509 (issue 4)
    reading.reading_note,                            # PE510
    # 6 指标完成 (issue 3)
    achievement.completion_unit_differs_from_target,  # PE601
    achievement.score_above_achievement,             # PE602
    achievement.target_set_too_low,                  # PE603
    achievement.full_score_on_missed_target,         # PE604
    achievement.qualitative_score_outside_band,      # PE605
    achievement.reason_on_full_score,                # PE606
    # 7 跨表一致 (issue 3)
    cross_table.project_table_missing,               # PE701
    cross_table.project_row_missing,                 # PE702
    cross_table.project_amounts_differ,              # PE703
    cross_table.budget_adjustment_differs,           # PE704
    cross_table.project_spending_differs,            # PE705
    cross_table.fund_table_marked_none_but_filled,   # PE706
    cross_table.fund_table_empty_not_marked_none,    # PE707
    cross_table.cost_target_above_budget,            # PE708
    cross_table.year_inconsistent,                   # PE709
    # 8 考核评分表 (issue 3)
    review.review_score_above_maximum,               # PE801
    review.review_total_differs,                     # PE802
    review.review_maximum_differs_from_profile,      # PE803
    # 9 框架
    rule_crashed,                                    # PE900
)

_BY_CODE = {entry.code: entry for entry in RULES}


def catalogue():
    """All rules in code order (for ``perfeval-xl rules`` and the docs)."""
    return list(RULES)


def get_rule(code):
    """The rule with ``code`` ("PE201", any case); KeyError when there is none."""
    return _BY_CODE[code.strip().upper()]


def check(workbook, profile=None, rules=RULES):
    """Run ``rules`` on a model.Workbook and return their findings, rule by rule.

    ``rules`` is the registry or a selection of it (``--select``/``--ignore``);
    the rules ``profile`` switches off are skipped.  ``profile`` defaults to
    DEFAULT_PROFILE.  A rule that raises gives one PE900 finding and the run goes on.
    """
    profile = profile or DEFAULT_PROFILE
    findings = []
    with one_check():
        for entry in rules:
            if profile.enabled(entry.code):
                findings.extend(entry.run(workbook, profile))
    return findings


__all__ = ["RULES", "Rule", "catalogue", "check", "get_rule", "rule_page"]
