"""Rule cases of family 6 指标完成 (PE601–PE606): targets, completions and scores of one indicator.

Imported at the end of rule_cases.py, which adds these to CASES: import that module, not this one.
The edited indicator is 附件2's first 三级指标 (row 14: E 年度指标值, F 实际完成值, G 分值 20,
H 得分, I 偏差原因); every other indicator of the clean workbook is "100%" against "100%".
"""

from decimal import Decimal

from perfeval_xl.profile import Profile
from rule_cases import D_IND0, fail, ok
from rule_cases_build import A2, edit

WEIGHT = Decimal(20)          # 分值 of the edited indicator
CLEAN_TOTAL = Decimal("99.26")  # the clean 附件2 总分


def indicator(target, actual, score=None, reason=None, level2=None):
    """Changes to the first indicator; a lower score comes with a new 总分 and, unless given, a reason."""
    changes = [(f"{D_IND0}.target", A2.text(target, "E14")), (f"{D_IND0}.actual", A2.text(actual, "F14"))]
    if level2 is not None:
        changes.append((f"{D_IND0}.level2", level2))
    if score is not None:
        changes += [(f"{D_IND0}.score", A2.num(score, "H14")),
                    ("department.total_score", A2.num(str(CLEAN_TOTAL - WEIGHT + Decimal(score)), "H20"))]
        if reason is None and Decimal(score) < WEIGHT:
            reason = "部分未完成，下年度加强督办"
    if reason is not None:
        changes.append((f"{D_IND0}.deviation_reason", A2.text(reason, "I14")))
    return edit(*changes)


F14, H14, I14 = "附件2!F14", "附件2!H14", "附件2!I14"
LOW_BANDS = Profile(qualitative_bands={"达成预期指标": (80, 100), "部分达成预期指标并具有一定效果": (50, 80),
                                       "未达成预期指标且效果较差": (0, 50)})

CASES = (
    fail("PE601", "8次/年-against-100%", indicator("8次/年", "100%"), ("PE601", F14)),
    fail("PE601", "cost-2096.96-against-100%", indicator("2096.96", "100%", level2="成本指标"), ("PE601", F14)),
    fail("PE601", "≤11万-against-100%", indicator("≤11万", "100%"), ("PE601", F14)),
    ok("PE601", "deadline-against-100%", indicator("2024年年底完成", "100%")),
    ok("PE601", "3-5个工作日-against-100%", indicator("3-5个工作日", "100%")),
    ok("PE601", "计划规定时间-against-100%", indicator("计划规定时间", "100%")),
    ok("PE601", "4次/年-against-bare-5", indicator("4次/年", "5")),
    ok("PE601", "qualitative-target-against-100%", indicator("全覆盖", "100%")),
    ok("PE601", "formula-completion-not-read", edit((f"{D_IND0}.target", A2.text("8次/年", "E14")),
                                                    (f"{D_IND0}.actual", A2.formula("F14")))),
    fail("PE602", "95-of-≥98-scored-19.9", indicator("≥98%", "95%", "19.9"), ("PE602", H14)),
    fail("PE602", "12万-over-≤11万-scored-19", indicator("≤11万", "12万", "19"), ("PE602", H14)),
    fail("PE602", "8-of-10次-scored-17", indicator("10次", "8次", "17"), ("PE602", H14)),
    ok("PE602", "95-of-≥98-scored-19.39", indicator("≥98%", "95%", "19.39")),
    ok("PE602", "12万-over-≤11万-scored-18.33", indicator("≤11万", "12万", "18.33")),
    ok("PE602", "reverse-0-met-with-0", indicator("0起", "0起")),
    ok("PE602", "19.25-declared-19.3-at-its-one-decimal", indicator("≥80%", "77%", "19.3")),
    fail("PE602", "19.25-declared-19.4", indicator("≥80%", "77%", "19.4"), ("PE602", H14)),
    ok("PE602", "exact-missed-partial-score-not-computed", indicator("=1个", "0个", "5")),
    ok("PE602", "range-not-scored", indicator("3-5个工作日", "7个工作日", "19")),
    fail("PE603", "10%-met-with-100%", indicator("10%", "100%"), ("PE603", F14)),
    fail("PE603", "4次/年-met-with-5-over-120%-profile", indicator("4次/年", "5"), ("PE603", F14),
         profile=Profile(over_achievement_ratio="1.2")),
    ok("PE603", "4次/年-met-with-5-is-125%", indicator("4次/年", "5")),
    ok("PE603", "bare-8-against-100%-is-not-1250%", indicator("8", "100%")),  # ambiguous: left alone
    ok("PE603", "reverse-target-far-under", indicator("≤100万", "10万")),
    ok("PE603", "98%-met-with-98%以上", indicator("98%", "98%以上")),
    fail("PE604", "95-of-98-full-marks", indicator("98%", "95%"), ("PE604", H14)),
    fail("PE604", "12万-over-≤11万-full-marks", indicator("≤11万", "12万"), ("PE604", H14)),
    fail("PE604", "deadline-2024-done-2025-03", indicator("2024年年底完成", "2025年3月完成"), ("PE604", H14)),
    fail("PE604", "exact-=1个-got-0", indicator("=1个", "0个"), ("PE604", H14)),
    ok("PE604", "98-met-with-100", indicator("98%", "100%")),
    ok("PE604", "deadline-met", indicator("2024年年底完成", "2024年11月30日")),
    ok("PE604", "8次/年-met-by-每季度2次", indicator("8次/年", "每季度2次")),
    ok("PE604", "month-deadline-against-a-year-only-completion", indicator("2024年6月底前完成", "2024年")),
    fail("PE605", "partly-with-full-marks", indicator("全覆盖", "部分达成预期指标并具有一定效果"), ("PE605", H14)),
    fail("PE605", "partly-55%-under-60/80", indicator("全覆盖", "部分达成预期指标并具有一定效果", "11"),
         ("PE605", H14)),
    ok("PE605", "partly-55%-under-50/80-profile", indicator("全覆盖", "部分达成预期指标并具有一定效果", "11"),
       profile=LOW_BANDS),
    ok("PE605", "partly-70%", indicator("全覆盖", "部分达成预期指标并具有一定效果", "14")),
    ok("PE605", "met-with-full-marks", indicator("全覆盖", "达成预期指标")),
    fail("PE606", "reason-on-full-marks", indicator("100%", "100%", reason="部分工地公示不及时"), ("PE606", I14)),
    ok("PE606", "reason-无-is-blank", indicator("100%", "100%", reason="无")),
)
