"""Family 4 日期与必填项: signing and filling dates, and the fields a table must not leave blank."""

from datetime import date, timedelta

from perfeval_xl.glossary import AUTHORITY, FOOTER_FIELDS, IMPLEMENTER, REPORT_DATE, UNIT
from perfeval_xl.rules.base import hit, rule
from perfeval_xl.rules.values import located, table_label, tables_with_footer

LEADER_SIGNED_ON = "评价组组长签字日期"


def signing_dates(workbook):
    """(label, Value) of every date that must fall after the year and before the report date."""
    if workbook.cover is not None:
        yield LEADER_SIGNED_ON, workbook.cover.leader_signed_on
    for table in tables_with_footer(workbook):
        yield f"{table_label(table)} {FOOTER_FIELDS['filled_on']}", table.footer.filled_on


@rule("PE401", "date-before-year-end", "error",
      message="{what} {actual} 早于被评价年度（{year}年）结束",
      hint="签字和填报应在被评价年度结束之后（{expected} 及以后）；请核对日期，常见的是把年份写成了上一年")
def date_before_year_end(workbook, profile):
    """
    检查内容
        评价组组长的签字日期和各表的填报日期，应晚于被评价年度的 12 月 31 日。
    为何重要
        自评是对全年的评价，年度结束前的签字或填报日期说明日期写错了，或沿用了旧表。
    示例
        2024 年度的自评报告，评价组组长签字日期为 2023 年 7 月 3 日：报此错误。
    """
    year = workbook.year
    if not year:
        return
    year_end = date(year, 12, 31)
    for what, value in signing_dates(workbook):
        if value.when is not None and value.when <= year_end:
            yield hit(value, actual=value.when, expected=year_end + timedelta(days=1), what=what, year=year)


@rule("PE402", "date-after-report-date", "error",
      message="{what} {actual} 晚于报告日期 {expected}",
      hint="签字和填报应在报告日期当天或之前；请核对日期或报告日期")
def date_after_report_date(workbook, profile):
    """
    检查内容
        评价组组长的签字日期和各表的填报日期，不应晚于封面的报告日期。
    为何重要
        报告日期之后才签字或填报的表格，不可能是这份报告的附件；多是日期写错。
    示例
        报告日期 2025-03-18，附件2 填报日期 2025-03-25：报此错误。
    """
    cover = workbook.cover
    if cover is None or cover.report_date.when is None:
        return
    report_date = cover.report_date.when
    for what, value in signing_dates(workbook):
        if value.when is not None and value.when > report_date:
            yield hit(value, actual=value.when, expected=report_date, what=what,
                      related=(cover.report_date,))


def required_fields(workbook):
    """(table label, field label, Value, fallback Value) of every field that must be filled."""
    cover = workbook.cover
    if cover is not None:
        yield "封面", UNIT, cover.unit, cover.title
        yield "封面", REPORT_DATE, cover.report_date, cover.title
    for project in workbook.projects:
        yield table_label(project), IMPLEMENTER, project.implementer, project.title
        yield table_label(project), AUTHORITY, project.authority, project.title
    for table in tables_with_footer(workbook):
        for key, field_zh in FOOTER_FIELDS.items():
            yield table_label(table), field_zh, getattr(table.footer, key), table.title


@rule("PE403", "required-field-blank", "warning",
      message="{table} {field}未填写",
      hint="请填写{field}")
def required_field_blank(workbook, profile):
    """
    检查内容
        已有的表格中必须填写的项：各表的填表人、填报日期、联系电话、单位负责人签字，
        附件3 的实施单位和主管部门，封面的单位名称和报告日期。声明“本单位无此类支出”的
        附件4–6 不要求表尾。
    为何重要
        没有填表人、联系电话和负责人签字，财政局发现问题时找不到人，表格也不算正式报送。
    示例
        附件3 的实施单位、填表人、填报日期、联系电话、单位负责人签字都空白：报 5 条警告。
    """
    for table, field_zh, value, fallback in required_fields(workbook):
        if value.blank:
            yield hit(located(value, fallback), table=table, field=field_zh)


def date_fields(workbook):
    """(label, Value) of every field that should hold a date."""
    if workbook.cover is not None:
        yield f"封面 {REPORT_DATE}", workbook.cover.report_date
    yield from signing_dates(workbook)


@rule("PE404", "date-unreadable", "warning",
      message="{what}“{actual}”无法识别为日期",
      hint="请按 2025-03-11、2025.3.11 或 2025年3月11日 的格式填写日期")
def date_unreadable(workbook, profile):
    """
    检查内容
        应填日期的单元格（报告日期、签字日期、填报日期）有内容，却读不出日期。
    为何重要
        读不出的日期无法核对是否在年度结束之后、报告日期之前（PE401、PE402）。
    示例
        填报日期写成“2025年3月”或“3.11”：报此警告。
    """
    for what, value in date_fields(workbook):
        if value.text.strip() and value.when is None:
            yield hit(value, actual=value.text, what=what)
