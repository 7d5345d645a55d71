"""The one place where the domain's Chinese terms meet their English names.

The template writer and the reader both take their labels from here, so a
label the template prints is a label the reader looks for.  Every English
name in the code means exactly the Chinese term given beside it.
"""

import re
import unicodedata
from functools import lru_cache

# Table kinds and the title text that identifies each table (附件1–6, 考核评分表).
# Order matters: a title is matched against these in turn, and the 考核评分表
# title also contains "部门整体支出绩效自评", so it must be tried first.
TABLE_TITLES = (
    ("review", "绩效自评工作考核评分表"),          # 考核评分表
    ("basic_data", "绩效评价基础数据表"),           # 附件1 部门整体支出绩效评价基础数据表
    ("department", "部门整体支出绩效自评表"),       # 附件2
    ("project", "项目支出绩效自评表"),              # 附件3, one per 一级项目
    ("gov_fund", "政府性基金预算支出情况表"),        # 附件4
    ("state_capital", "国有资本经营预算支出情况表"),  # 附件5
    ("social_insurance", "社会保险基金预算支出情况表"),  # 附件6
    ("cover", "绩效自评报告"),                      # the report's cover page
)

TABLE_NAMES_ZH = {
    "basic_data": "附件1 部门整体支出绩效评价基础数据表",
    "department": "附件2 部门整体支出绩效自评表",
    "project": "附件3 项目支出绩效自评表",
    "gov_fund": "附件4 政府性基金预算支出情况表",
    "state_capital": "附件5 国有资本经营预算支出情况表",
    "social_insurance": "附件6 社会保险基金预算支出情况表",
    "review": "部门整体支出绩效自评工作考核评分表",
    "cover": "封面及绩效评价小组",
}

FUND_TABLE_KINDS = ("gov_fund", "state_capital", "social_insurance")

# "本单位无此类支出" switch text of 附件4–6, and the statement a report uses instead.
NO_SUCH_SPENDING = "本单位无此类支出"
NO_SUCH_SPENDING_STATEMENTS = {
    "gov_fund": "本单位无政府性基金预算支出",
    "state_capital": "本单位无国有资本经营预算支出",
    "social_insurance": "本单位无社会保险基金预算支出",
}

# Funds block column headers (附件2, 附件3, 附件4–6).
INITIAL_BUDGET = "年初预算数"
BUDGET = "全年预算数"          # A: the adjusted budget
SPENT = "全年执行数"           # B
WEIGHT = "分值"
EXECUTION_RATE = "执行率"      # B / A
SCORE = "得分"
FUNDS_TOTAL = "年度资金总额"

# 附件2 income split (按收入性质分) and spending split (按支出性质分).
INCOME_SPLIT = ("一般公共预算", "政府性基金", "纳入专户管理的非税收入", "其他资金")
SPENDING_SPLIT = ("基本支出", "项目支出")
# 附件3 sources of the project's money.
SOURCE_SPLIT = ("当年财政拨款", "上年结转资金", "其他资金")

# Indicator block headers, in the seed's order.
LEVEL1 = "一级指标"
LEVEL2 = "二级指标"
LEVEL3 = "三级指标"
TARGET = "年度指标值"
ACTUAL = "实际完成值"
DEVIATION_REASON = "偏差原因分析及改进措施"
TOTAL = "总分"

# 一级指标 → its 二级指标, and the default weights (RULES.md §2).
OUTPUT = "产出指标"
BENEFIT = "效益指标"
SATISFACTION = "满意度指标"
BUDGET_EXECUTION = "预算执行"
LEVEL2_BY_LEVEL1 = {
    OUTPUT: ("数量指标", "质量指标", "时效指标", "成本指标"),
    BENEFIT: ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
    SATISFACTION: ("服务对象满意度指标",),
}

# 附件1 labels.
ESTABLISHMENT = "编制数"              # 编制数
STAFF = "实际在职人数"                # 实际在职人数
STAFF_CONTROL_RATE = "控制率"         # 控制率 = 实际在职人数 / 编制数
PREVIOUS_ACTUAL = "决算数"            # 上年决算数 (the first 决算数 column)
THIS_BUDGET = "预算数"                # 本年预算数
BASIC_DATA_ROWS = {
    # key: label as the seed prints it, numbering and "其中：" removed
    "three_public": "三公经费",
    "official_cars": "公务用车购置和维护经费",
    "car_purchase": "公车购置",
    "car_running": "公车运行维护",
    "overseas": "出国经费",
    "reception": "公务接待",
    "projects": "项目支出",
    "public_funds": "公用经费",
    "office": "办公经费",
    "utilities_travel": "水费、电费、差旅费",
    "meetings_training": "会议费、培训费",
    "procurement": "政府采购金额",
    "budget_adjustment": "部门基本支出预算调整",
}
PUBLIC_FUNDS_PARTS = ("office", "utilities_travel", "meetings_training")
BUILDINGS = "楼堂馆所控制情况"
BUILDING_COLUMNS = {
    "approved_size": "批复规模",
    "actual_size": "实际规模",
    "size_control_rate": "规模控制率",
    "budget_investment": "预算投资",
    "actual_investment": "实际投资",
    "investment_control_rate": "投资概算控制率",
}
THRIFT_MEASURES = "厉行节约保障措施"

# Footer of every table: 填表人 / 填报日期 / 联系电话 / 单位负责人签字.
FOOTER_FIELDS = {
    "filled_by": "填表人",
    "filled_on": "填报日期",
    "phone": "联系电话",
    "head_signature": "单位负责人签字",
}

# 附件3 header fields.
PROJECT_NAME = "项目支出名称"
AUTHORITY = "主管部门"
IMPLEMENTER = "实施单位"
DEPARTMENT_NAME = "部门名称"          # 市级预算部门名称 (附件2)

# Cover and 绩效评价小组.
UNIT = "单位名称"
YEAR = "年度"
REPORT_DATE = "报告日期"
PANEL = "绩效评价小组"
PANEL_COLUMNS = {"name": "姓名", "title": "职务", "unit": "单位", "signature": "签字"}
PANEL_LEADER = "组长"
SIGNING_DATE = "签字日期"

_SPACES = re.compile(r"\s+")


# Cached: every workbook of a batch repeats the same labels, and a table is searched row by
# row many times over.  typed: 1 and 1.0 fold differently ("1", "1.0").
@lru_cache(maxsize=4096, typed=True)
def normalize_label(text):
    """Fold a header or label for matching: NFKC (full-width → ASCII), no white space."""
    if text is None:
        return ""
    return _SPACES.sub("", unicodedata.normalize("NFKC", str(text)))


# Text that means "no value" in a number cell, folded the way cell text is
# folded before the comparison (NFKC turns "……" into "......").
EMPTY_MARKERS = frozenset(map(normalize_label, {
    "", "—", "——", "–", "−", "-", "--", "一", "/", "／", "无", "不适用", "…", "……", "\\"}))
