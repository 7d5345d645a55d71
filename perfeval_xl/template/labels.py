"""Chinese text the template prints that the shared glossary does not (yet) hold.

Labels a reader must match come from ``perfeval_xl.glossary``; these are
captions, check messages and prompts.  Candidates for the glossary are
marked so the lead can move them there.
"""

from perfeval_xl import glossary as g

# Table titles, without the year (the year is prefixed as "2024年度").
TITLES = {
    "basic_data": "部门整体支出绩效评价基础数据表",
    "department": "部门整体支出绩效自评表",
    "project": "项目支出绩效自评表",
    "gov_fund": "政府性基金预算支出情况表",
    "state_capital": "国有资本经营预算支出情况表",
    "social_insurance": "社会保险基金预算支出情况表",
    "review": "部门整体支出绩效自评工作考核评分表",
}
COVER_TITLE_TAIL = "整体支出绩效自评报告"


def year_title(year, kind):
    """ "2024年度部门整体支出绩效自评表" """
    return f"{year}年度{TITLES[kind]}"


# Glossary candidates: labels a reader may look for.
ITEM = "项目"
CHECK = "校验"
NOTE = "备注"
SUM_TOTAL = "合计"
GOALS = "年度总体目标"
GOAL_EXPECTED = "预期目标"
GOAL_ACTUAL = "实际完成情况"
BY_INCOME = "按收入性质分："
BY_SPENDING = "按支出性质分："
LEVEL1_WEIGHTS = "一级指标权重"
WEIGHT_SHARE = "权重"
LEVEL3_WEIGHT_SUM = "三级指标分值合计"
DEPARTMENT_NAME = "市级预算" + g.DEPARTMENT_NAME
PANEL_LIST = g.PANEL + "人员名单"
PANEL_HEADERS = ("姓名", "职务/职称", "单位", "签字")
PANEL_LEADER = "评价组" + g.PANEL_LEADER + "（签字）"
STAFF_SECTION = "财政供养人员情况(人)"
EXPENSE_SECTION = "经费控制情况(万元)"
REVIEW_HEADERS = (g.LEVEL1, g.LEVEL2, "评分标准", "所需佐证材料", "满分", g.SCORE, "扣分说明")
YES, NO = "是", "否"

# Captions that help a person; no reader depends on them.
FUNDS_CAPTION_DEPARTMENT = "年度预算申请（万元）"
FUNDS_CAPTION_PROJECT = "项目资金（万元）"
INDICATORS_CAPTION = "绩效指标"
DASH = "——"
LEGEND = ("说明：浅黄色底纹的单元格为填写项，请逐项填写；其余单元格为公式计算或固定内容，"
          "已锁定，不能修改。每个附件表下方填写填表人、填报日期、联系电话并由单位负责人签字。")
BASIC_DATA_NOTE = ("说明：“项目支出”需要填报基本支出以外的所有项目支出情况，"
                   "“公用经费”填报基本支出中的一般商品和服务支出。")

# Messages of the live checks (校验 cells).
SCORE_OVER_WEIGHT = "得分超过分值"
REASON_MISSING = "缺偏差原因"
WEIGHTS_NOT_100 = "分值合计不为100"
WEIGHT_MISMATCH = "权重与三级指标分值合计不符"
INCOME_MISMATCH = "收入分项合计≠" + g.BUDGET
SPENDING_MISMATCH = "支出分项合计≠" + g.SPENT
SOURCE_MISMATCH = "分项合计≠" + g.FUNDS_TOTAL
NONE_BUT_FILLED = "已选“是”但填有金额"
