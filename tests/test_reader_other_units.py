"""A hand-typed workbook of another unit, laid out its own way: read and checked like the seed.

Nothing here comes from the seed: other unit, other year, other numbers, other
sheet names, label | amount split cells, 一级 typed once with blanks below and
with full-width "（50分）", scores typed "9分", a footer in separate cells.
"""

from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from perfeval_xl.api import verify_file
from perfeval_xl.reader import read_workbook

DEPARTMENT_ROWS = [
    ["2023年度部门整体支出绩效自评表"],
    ["市级预算部门名称", "某市自然资源局"],
    ["", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    ["年度资金总额", 500, 520.5, 480.25, 10, "92.27%", 9.23],
    ["按收入性质分：", "", "", "按支出性质分："],
    ["一般公共预算", 500.5, "", "基本支出", 400.25],
    ["政府性基金拨款", "—", "", "项目支出", 80],
    ["纳入专户管理的非税收入拨款", 20],
    ["其他资金", "/"],
    ["年度总体目标", "预期目标", "", "实际完成情况"],
    ["", "完成年度不动产登记任务", "", "已完成"],
    ["一级指标", "二级指标", "三级指标", "年度 指标值", "实际\n完成值", "分值", "得分", "偏差原因分析\n及改进措施"],
    ["一、产出指标（50分）", "数量指标", "不动产登记办件量", "≥5000件", "5230件", 10, "10分", ""],
    ["", "", "土地巡查次数", "12次", "12次", 10, 10, ""],
    ["", "质量指标", "登记差错率", "≤1%", "0.5%", 10, 10, ""],
    ["", "时效指标", "按时办结率", "100%", "96%", 10, 8, "个别件补件延期，已优化流程"],
    ["", "成本指标", "控制在预算内", "520.5万元", "480.25万元", 10, 10, ""],
    ["二、效益指标（30分）", "社会效益指标", "群众办事便利度", "提高", "提高", 10, 10, ""],
    ["", "", "耕地保有量", "不减少", "略减少", 10, "9分", ""],
    ["", "可持续影响指标", "信息化水平", "提升", "提升", 10, 10, ""],
    ["三、满意度指标（10分）", "服务对象满意度指标", "群众满意度", "≥90%", "95%", 10, 10, ""],
    ["总分", "", "", "", "", 100, "96.23", ""],
    ["填表人", "李四", "填报日期", "2024年2月20日"],               # the footer wraps onto a second row
    ["联系电话", "0730-1234567", "单位负责人签字", "王五"],
]

PROJECT_ROWS = [
    ["2023年度项目支出绩效自评表"],
    ["项目名称", "运行维护经费"],
    ["主管部门", "某市人民政府", "实施单位", "某市自然资源局"],
    ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    ["", "年度资金总额", 80, 80, 80, 10, "100%", 10],
    ["", "当年财政拨款", 80, 80, 80],
    ["", "上年结转资金", 0, 0, 0],
    ["", "其他资金", 0, 0, 0],
    ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
    ["产出指标", "数量指标", "设备维护台次", "40台次", "40台次", 25, 25, ""],
    ["产出指标", "时效指标", "按时完成", "2023年底", "2023年底", 25, 25, ""],
    ["效益指标", "社会效益指标", "系统可用率", "≥99%", "99.5%", 30, 30, ""],
    ["满意度指标", "服务对象满意度指标", "使用人员满意度", "≥90%", "92%", 10, 10, ""],
    ["合计", "", "", "", "", 100, 100, ""],                      # "合计" where the seed says "总分"
    ["填表人：李四  填报日期：2024-02-20  联系电话：0730-1234567  单位负责人签字：王五"],
]

BASIC_ROWS = [
    ["2023年度部门整体支出绩效评价基础数据表"],
    ["财政供养人员情况（人）", "编制数", "实际在职人数", "控制率"],
    ["", 50, 52, "104%"],
    ["经费控制情况（万元）", "2022年决算数", "2023年预算数", "2023年决算数"],
    ["三公经费", 10, 12, 11],
    ["1、公务用车购置和维护经费", 6, 5, 5],
    ["其中：公车购置", 0, 0, 0],
    ["公车运行维护", 6, 5, 5],
    ["2、出国经费", 0, 2, 2],
    ["3、公务接待", 4, 4, 4],
    ["项目支出：", "", "", ""],
    ["1、运行维护经费", 75, 80, 80],
    ["……", "……", "……", "……"],
    ["公用经费", 60, 65, 58.5],
    ["其中：办公经费", 20, 22, 21],
    ["水费、电费、差旅费", 15, 16, 14.5],
    ["会议费、培训费", 5, 6, 4],
    ["政府采购金额", "/", 30, 28],
    ["部门基本支出预算调整", "——", 520.5, 480.25],
    ["填表人：李四  填报日期：2024.2.20  联系电话：0730-1234567  单位负责人签字：王五"],
]


COVER_ROWS = [
    ["2023年度某市自然资源局部门整体支出绩效自评报告"],
    ["报告日期", "2024年3月5日"],
    ["绩效评价小组人员名单"],
    ["姓名", "职务", "单位", "签字"],
    ["张三", "组长", "某市自然资源局", "张三"],                   # a 职务 of "组长" is not the leader line
    ["李四", "成员", "某市自然资源局", "李四"],
    ["评价组组长（签字）：张三"],
    ["2024 年 3 月 1 日"],
]


def put(sheet, rows, first_row=1, first_column=1):
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value != "":
                sheet.cell(first_row + r, first_column + c, value)


@pytest.fixture(scope="module")
def other_unit(tmp_path_factory):
    path = tmp_path_factory.mktemp("other") / "某市自然资源局.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "整体支出自评"
    put(book.active, DEPARTMENT_ROWS)
    book.active.merge_cells("A1:H1")
    put(book.create_sheet("项目"), PROJECT_ROWS, first_row=3, first_column=2)  # a table anywhere
    put(book.create_sheet("基础数据"), BASIC_ROWS)
    put(book.create_sheet("封面", 0), COVER_ROWS)
    book.save(path)
    return path


def test_reads_the_other_units_numbers(other_unit):
    workbook = read_workbook(other_unit)
    assert (workbook.unit, workbook.year) == ("某市自然资源局", 2023)
    funds = workbook.department.funds
    assert (funds.budget.number, funds.spent.number, funds.rate.number) == (
        Decimal("520.5"), Decimal("480.25"), Decimal("92.27"))
    splits = {s.label: s.amounts["amount"].number for s in funds.splits}
    assert splits == {"一般公共预算": Decimal("500.5"), "政府性基金": None, "纳入专户管理的非税收入": 20,
                      "其他资金": None, "基本支出": Decimal("400.25"), "项目支出": 80}
    headings = [(h.name, h.declared_weight.number, len(h.indicators)) for h in workbook.department.headings]
    assert headings == [("产出指标", 50, 5), ("效益指标", 30, 3), ("满意度指标", 10, 1)]
    assert [i.score.number for i in workbook.department.indicators][:2] == [10, 10]
    assert workbook.department.footer.filled_on.when == date(2024, 2, 20)
    (project,) = workbook.projects
    assert project.name.text == "运行维护经费" and project.implementer.text == "某市自然资源局"
    assert (project.sheet, project.funds.score.cell) == ("项目", "I7")
    assert workbook.basic_data.staff_control_rate.number == 104
    assert [p.label.text for p in workbook.basic_data.projects] == ["1、运行维护经费"]
    assert project.total_score.number == 100 and project.total_score.cell == "H16"  # table starts at B3
    assert workbook.department.footer.head_signature.text == "王五"
    cover = workbook.cover
    assert (cover.leader.text, cover.leader_signed_on.when) == ("张三", date(2024, 3, 1))
    assert [m.name.text for m in cover.panel] == ["张三", "李四"]
    assert cover.report_date.when == date(2024, 3, 5)
    assert workbook.problems == []


def test_checks_the_other_unit(other_unit):
    result = verify_file(other_unit)
    found = sorted((f.rule, f.sheet, f.cell) for f in result.findings)
    assert found == [
        ("PE207", "整体支出自评", "H19", ),   # 耕地保有量 9 of 10, no 偏差原因
        ("PE302", "基础数据", "C5"),           # 三公经费 12 ≠ 5 + 2 + 4 in the 2023年预算数 column
    ]
    three_public = next(f for f in result.findings if f.rule == "PE302")
    assert (three_public.actual, three_public.expected) == ("12", "11")
