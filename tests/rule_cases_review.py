"""Rule cases of family 8 考核评分表 (PE801–PE803): the reviewer's scores, the 合计, the maxima.

Imported at the end of rule_cases.py, which adds these to CASES: import that module, not this one.
"""

from perfeval_xl.model import ReviewItem, ReviewSheet
from perfeval_xl.profile import Profile
from rule_cases import fail, ok
from rule_cases_build import Sheet, edit

R = Sheet("考核评分表")
# (一级, 二级, 满分) as the template prints them; rows 3–10, 合计 row 11.
ROWS = (("布置工作", "自评通知", "8"), ("布置工作", "工作小组", "2"), ("实施评价", "单位自查", "10"),
        ("实施评价", "提交报告", "10"), ("自评报告", "完整性", "15"), ("自评报告", "绩效自评表", "20"),
        ("自评报告", "反映问题情况", "20"), ("自评报告", "建议情况", "15"))
FIRST_ROW, TOTAL_ROW = 3, 11


def template_sheet(scores=(), total=None, maxima=None):
    """The template's layout: 满分 in E, 得分 in F; ``scores`` maps row index → text."""
    scores, maxima = dict(scores), dict(maxima or {})
    items = []
    for index, (level1, name, maximum) in enumerate(ROWS):
        row = FIRST_ROW + index
        score = R.num(scores[index], f"F{row}") if index in scores else R.blank(f"F{row}")
        items.append(ReviewItem(level1, name, R.num(maxima.get(index, maximum), f"E{row}"), score))
    total_score = R.formula(f"F{TOTAL_ROW}") if total is None else R.num(total, f"F{TOTAL_ROW}")
    return ReviewSheet(R.name, title=R.text("部门整体支出绩效自评工作考核评分表", "A1"), items=items,
                       total_maximum=R.num("100", f"E{TOTAL_ROW}"), total_score=total_score)


def handtyped_sheet(maxima=None):
    """The seed's layout: maxima read from "自评通知 (8分)" in column B, no 得分 column."""
    maxima = dict(maxima or {})
    items = [ReviewItem(level1, name, R.num(maxima.get(index, maximum), f"B{4 + index}"))
             for index, (level1, name, maximum) in enumerate(ROWS)]
    return ReviewSheet(R.name, items=items, total_maximum=R.num("100", "B12"))


def review(sheet):
    return edit(("review", sheet))


FULL_MARKS = {index: maximum for index, (_, _, maximum) in enumerate(ROWS)}

CASES = (
    fail("PE801", "自评通知-9-of-8", review(template_sheet({0: "9"})), ("PE801", "考核评分表!F3")),
    fail("PE801", "工作小组-minus-1", review(template_sheet({1: "-1"})), ("PE801", "考核评分表!F4")),
    ok("PE801", "full-marks-and-formula-total", review(template_sheet(FULL_MARKS))),
    ok("PE801", "handtyped-no-score-column", review(handtyped_sheet())),
    fail("PE802", "88-over-86", review(template_sheet({0: "8", 3: "9", 5: "18", 6: "16", 7: "12",
                                                      2: "10", 1: "2", 4: "11"}, total="88")),
         ("PE802", "考核评分表!F11")),
    fail("PE802", "total-without-scores", review(template_sheet(total="90")), ("PE802", "考核评分表!F11")),
    ok("PE802", "total-86", review(template_sheet({0: "8", 3: "9", 5: "18", 6: "16", 7: "12",
                                                   2: "10", 1: "2", 4: "11"}, total="86"))),
    ok("PE802", "formula-total-not-compared", review(template_sheet({0: "8"}))),
    fail("PE803", "工作小组-3", review(handtyped_sheet({1: "3"})), ("PE803", "考核评分表!B5")),
    fail("PE803", "profile-提交报告-15", review(template_sheet()), ("PE803", "考核评分表!E6"),
         profile=Profile(review_maxima={"提交报告": 15})),
    ok("PE803", "seed-maxima", review(handtyped_sheet())),
    ok("PE803", "template-maxima", review(template_sheet())),
)
