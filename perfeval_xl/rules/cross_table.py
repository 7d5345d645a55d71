"""Family 7 跨表一致: 附件1 ↔ 附件2 ↔ 附件3 ↔ 附件4–6 tell the same story (RULES.md §5)."""

import re
from collections import Counter
from decimal import Decimal

from perfeval_xl.glossary import normalize_label
from perfeval_xl.parsing import parse_number_text
from perfeval_xl.rules.base import hit, rule
from perfeval_xl.rules.values import (
    any_number, declares_none, differs, fund_tables, known, self_evaluations, shown, table_label,
)

# What may precede a project's name: "1、", "(一)", "一、", "其中:", or "附件3-" in a sheet name.
_NUMBERING = re.compile(r"^(\d+[、.,)]|\([\d一二三四五六七八九十]+\)|[一二三四五六七八九十]+、|其中:?|附件3[-—_]?)")
# "≤38万元", "不超过38万", "38万元以内": the comparator words around a cost ceiling.
_CEILING_WORDS = re.compile(r"^(≤|<=|<|不超过|不高于|控制在)|(以内|以下|之内)$")
_YEAR = re.compile(r"(\d{4})\s*年")


def where(value):
    """"附件2!D5" for a message (the sheet alone when the cell is not known)."""
    sheet = getattr(value, "sheet", None)
    return (f"{sheet}!{value.cell}" if value.cell else sheet) if sheet else "（位置不明）"


def amount_hits(row, funds, tolerance, **fields):
    """Hits at the 附件1 ``row``'s amounts that differ from the ``funds`` amounts; formulas and blanks skipped."""
    for mine, theirs, column, other_column in (("budget", "budget", "本年预算数", "全年预算数"),
                                               ("actual", "spent", "本年决算数", "全年执行数")):
        at, other = getattr(row, mine), getattr(funds, theirs)
        left, right = known(at), known(other)
        if left is not None and right is not None and differs(left, right, tolerance):
            yield hit(at, actual=left, expected=right, related=(other,), at_cell=where(at), other_cell=where(other),
                      difference=shown(abs(left - right)), column=column, other_column=other_column, **fields)


def project_key(text):
    """A project's name for matching: folded, numbering ("1、", "（一）") and a "附件3-" prefix removed."""
    name, previous = normalize_label(text), None
    while previous != name:
        previous, name = name, _NUMBERING.sub("", name)
    return name


def match_projects(workbook):
    """Pair 附件1 project rows with 附件3 tables: ([(row, table)], unmatched rows, unmatched tables).

    In turn, each only where it picks exactly one table: equal names, one name containing
    the other, equal (预算数, 决算数), the single row left with the single table left.
    """
    if workbook.basic_data is None:
        return [], [], []  # PE503 already says 附件1 is missing
    pairs, rows, tables = [], list(workbook.basic_data.projects), list(workbook.projects)
    name = {id(r): project_key(r.label.text) for r in rows}
    name |= {id(t): project_key(t.name.text or t.sheet) for t in tables}
    money = {id(r): (known(r.budget), known(r.actual)) for r in rows}
    money |= {id(t): (known(t.funds.budget), known(t.funds.spent)) for t in tables}
    # Equal amounts pair before "the last row with the last table": with two rows and two
    # tables named differently, the pair whose amounts agree must not block the other,
    # which is then paired and reported as differing (PE703) instead of as two missing.
    tests = ((True, lambda a, b: name[a] == name[b]), (True, lambda a, b: name[a] in name[b] or name[b] in name[a]),
             (False, lambda a, b: None not in money[a] and money[a] == money[b]),
             (False, lambda a, b: len(rows) == len(tables) == 1))
    for by_name, same in tests:
        for row in list(rows):
            # A blank name matches nothing by name ("" is in every name).
            found = [t for t in tables if (not by_name or name[id(row)] and name[id(t)]) and same(id(row), id(t))]
            if len(found) == 1:
                pairs.append((row, found[0]))
                rows.remove(row)
                tables.remove(found[0])
    return pairs, rows, tables


@rule("PE701", "project-table-missing", "error",
      message="附件1 的项目“{project}”（{at_cell}，本年预算数 {budget}，本年决算数 {actual}）没有对应的附件3 项目支出绩效自评表",
      hint="每个一级项目都应有一张附件3；请补上该项目的附件3，或核对附件1 的项目名称")
def project_table_missing(workbook, profile):
    """
    检查内容
        附件1“项目支出”下每个填有金额的项目行都应有一张附件3。配对先按项目名称（去掉编号后相同，
        或一方包含另一方），再按预算数、决算数都相同配对，最后剩下的唯一一行与唯一一张表配对。
    为何重要
        项目支出必须逐个项目自评；附件1 列了项目而没有附件3，说明有项目漏评。
    示例
        附件1 列“1、业务工作经费”和“2、专项经费 10 / 9”，只有一张附件3“业务工作经费”：“专项经费”报此错误。
    """
    if not workbook.projects:
        return  # no 附件3 at all: PE503 reports that once
    for row in match_projects(workbook)[1]:
        if any_number((row.budget, row.actual)):
            yield hit(row.label, project=row.label.text, at_cell=where(row.label),
                      budget=row.budget.text or "空", actual=row.actual.text or "空")


@rule("PE702", "project-row-missing", "error",
      message="{table}（{at_cell}）在附件1 的项目支出中没有对应的项目行（{other_cell}）",
      hint="请在附件1“项目支出”下列出该项目及其本年预算数、本年决算数，或核对项目名称")
def project_row_missing(workbook, profile):
    """
    检查内容
        每张填有金额的附件3 都应在附件1“项目支出”下有一个项目行（配对方法见 PE701）。
    为何重要
        附件1 是部门支出的总账；附件3 的项目不在其中，说明附件1 漏列项目或附件3 多出一张。
    示例
        附件1 只列“1、业务工作经费”，却有附件3“业务工作经费”和“专项经费”（10 / 9）：“专项经费”报此错误。
    """
    basic = workbook.basic_data
    for table in match_projects(workbook)[2]:
        if any_number((table.funds.budget, table.funds.spent)):
            # The 附件1 "项目支出" heading is where the missing row belongs.
            other = basic.rows["projects"].label if "projects" in basic.rows else basic.title
            at = table.name if table.name.cell else table.title
            yield hit(at, related=(other,), table=table_label(table), at_cell=where(at), other_cell=where(other))


@rule("PE703", "project-amounts-differ", "error",
      message="附件1 项目“{project}”{column} {actual}（{at_cell}）与{other} {other_column} {expected}"
              "（{other_cell}）不符，差 {difference}",
      hint="同一项目在附件1 与附件3 的金额应一致：请以决算为准核对两处")
def project_amounts_differ(workbook, profile):
    """
    检查内容
        配对的附件1 项目行与附件3（配对方法见 PE701）：本年预算数应等于全年预算数，
        本年决算数应等于全年执行数。公式或空白的金额不比较。
    为何重要
        两张表报的是同一个项目的同一笔钱；对不上时至少有一处填错，执行率和得分也随之不可信。
    示例
        附件1“1、业务工作经费”38 / 36.92 与唯一的附件3“建设质量安全监督事务管理经费”38 / 36.92：相符；35.92 则报此错误。
    """
    for row, table in match_projects(workbook)[0]:
        yield from amount_hits(row, table.funds, profile.tolerance, project=row.label.text, other=table_label(table))


@rule("PE704", "budget-adjustment-differs", "error",
      message="附件1 部门基本支出预算调整 {column} {actual}（{at_cell}）与附件2 {other_column} {expected}"
              "（{other_cell}）不符，差 {difference}",
      hint="附件1“部门基本支出预算调整”的本年预算数、本年决算数应分别等于附件2 的全年预算数、全年执行数")
def budget_adjustment_differs(workbook, profile):
    """
    检查内容
        附件1“部门基本支出预算调整”的本年预算数、本年决算数应等于附件2 全年预算数、全年执行数；公式或空白不比较。
    为何重要
        两处都是部门全年调整后的预算和执行数；不一致时附件2 的执行率和附件1 的汇总必有一处错。
    示例
        附件1 2263.34 / 2096.96 与附件2 相同：相符。若附件1 本年决算数填 2069.96，报此错误（差 27）。
    """
    basic, department = workbook.basic_data, workbook.department
    row = basic.rows.get("budget_adjustment") if basic is not None else None
    if row is not None and department is not None:
        yield from amount_hits(row, department.funds, profile.tolerance)


@rule("PE705", "project-spending-differs", "error",
      message="附件2 项目支出 {actual}（{at_cell}）与各附件3 全年执行数合计 {expected}（{other_cell}）不符，差 {difference}",
      hint="附件2“按支出性质分”的项目支出应等于全部附件3 的全年执行数之和；请核对是否漏了项目或填错金额")
def project_spending_differs(workbook, profile):
    """
    检查内容
        附件2“按支出性质分”的项目支出应等于全部附件3 全年执行数之和；任一附件3 的全年执行数是公式或空白时不比较。
    为何重要
        附件3 是项目支出的明细；合计对不上说明漏评了项目，或某处金额填错。
    示例
        附件2 项目支出 36.92，唯一的附件3 全年执行数 36.92：相符。若附件2 填 38，报此错误（差 1.08）。
    """
    # A None part is PE105/PE106's to report (as PE900); a part printed in one cell has one amount, any column.
    parts = [part for part in (workbook.department.funds.splits if workbook.department else ())
             if part is not None and part.group == "spending" and part.label == "项目支出"]
    amounts = parts[0].amounts if parts else {}
    spending = amounts.get("spent") or (next(iter(amounts.values())) if len(amounts) == 1 else None)
    spent = [table.funds.spent for table in workbook.projects]
    if spending is None or not spent or any(known(value) is None for value in (spending, *spent)):
        return
    declared, total = known(spending), sum((known(value) for value in spent), Decimal(0))
    if differs(declared, total, profile.tolerance):
        yield hit(spending, actual=declared, expected=total, related=spent, at_cell=where(spending),
                  other_cell="，".join(f"{where(v)} {shown(known(v))}" for v in spent),
                  difference=shown(abs(declared - total)))


def _amounts(table):
    return [value for row in table.rows for value in (row.initial_budget, row.budget, row.spent)]


@rule("PE706", "fund-table-marked-none-but-filled", "error",
      message="{table} 注明本单位无此类支出（{at_cell}“{switch}”），但 {other_cell} 填有金额 {amount}",
      hint="确无此类支出时请清空表中的金额；有此类支出时请把“本单位无此类支出”改为“否”")
def fund_table_marked_none_but_filled(workbook, profile):
    """
    检查内容
        附件4–6 的“本单位无此类支出”选了“是”（或报告写明“本单位无……支出”），表中却填有非零金额。
    为何重要
        “无”与金额只能有一个是真的：填有金额的表要核对执行率，声明为“无”的表不核对，两者矛盾。
    示例
        附件4“本单位无此类支出”为“是”，第一行全年预算数填 120：报此错误。
    """
    for table in fund_tables(workbook):
        amount = next((value for value in _amounts(table) if known(value)), None)
        if declares_none(table) and amount is not None:
            switch = table.none_declared
            yield hit(switch, related=(amount,), table=table_label(table), at_cell=where(switch), switch=switch.text,
                      other_cell=where(amount), amount=shown(known(amount)))


def _started(workbook):
    """Whether any amount of 附件1/附件2 is typed: a blank template is not yet a report."""
    basic, department = workbook.basic_data, workbook.department
    values = [value for row in (basic.rows.values() if basic else ()) for value in row.columns().values()]
    return any_number([*values, *((department.funds.budget, department.funds.spent) if department else ())])


@rule("PE707", "fund-table-empty-not-marked-none", "warning",
      message="{table} 没有填任何金额，也未注明本单位无此类支出（{at_cell}：{switch}）",
      hint="确无此类支出时请在“本单位无此类支出”处选“是”；有此类支出时请填写各项金额")
def fund_table_empty_not_marked_none(workbook, profile):
    """
    检查内容
        附件4–6 没有一行填有金额，而“本单位无此类支出”为“否”或空白，报告也没有写明“本单位无……支出”。
        整份报告还没有填任何金额（空白模板）时不检查。
    为何重要
        空表可能是确无此类支出而漏了声明，也可能是忘了填；审核人无法分辨。
    示例
        附件5 各行空白，“本单位无此类支出”一格也空白：报此警告。
    """
    for table in fund_tables(workbook) if _started(workbook) else ():
        if all(value.blank for value in _amounts(table)) and not declares_none(table):
            at = table.none_declared if table.none_declared.cell else table.title
            yield hit(at, table=table_label(table), at_cell=where(at), switch=table.none_declared.text or "空白")


def money_ceiling(value):
    """A 成本指标 target in 万元, or None: "2096.96" and "38万" are 万元, "5000元" is 0.5."""
    text = _CEILING_WORDS.sub("", normalize_label(value.text))
    in_yuan = text.endswith("元") and not text.endswith("万元")
    number = known(value) if known(value) is not None else parse_number_text(text[:-1] if in_yuan else text).number
    return number / 10000 if in_yuan and number is not None else number


@rule("PE708", "cost-target-above-budget", "warning",
      message="成本指标“{indicator}”年度指标值 {actual} 万元（{at_cell}）高于全年预算数 {expected} 万元（{other_cell}）",
      hint="成本指标的目标值不应超过本表的全年预算数；请核对目标值的单位（万元/元）和数字")
def cost_target_above_budget(workbook, profile):
    """
    检查内容
        附件2/附件3 二级指标为“成本指标”的三级指标，年度指标值是金额时（不带单位按万元，“38万”按 38 万元，
        “5000元”按 0.5 万元），不应高于本表全年预算数。
    为何重要
        成本控制目标高于全部预算，目标就形同虚设；多半是单位写错（元写成万元）或抄错了数。
    示例
        附件2 成本指标 2096.96 ≤ 全年预算数 2263.34，附件3“38万”≤ 38：相符。若附件3 目标填“40万”，报此警告。
    """
    for table in self_evaluations(workbook):
        budget = known(table.funds.budget)
        for indicator in table.indicators if budget is not None else ():
            target = money_ceiling(indicator.target) if "成本" in indicator.level2 else None
            if target is not None and target > budget and differs(target, budget, profile.tolerance):
                yield hit(indicator.target, actual=shown(target), expected=budget, related=(table.funds.budget,),
                          indicator=indicator.name.text, at_cell=where(indicator.target),
                          other_cell=where(table.funds.budget))


def dated_tables(workbook):
    """(name, year, the Value that shows it) for every table that states a year."""
    tables = (workbook.cover, workbook.basic_data, *self_evaluations(workbook), *fund_tables(workbook),
              workbook.review)
    for table in (table for table in tables if table is not None):
        match = _YEAR.search(table.title.text)
        year = getattr(table, "year", None) or (int(match.group(1)) if match else None)
        if year:
            yield "封面" if table is workbook.cover else table_label(table), year, table.title


def _workbook_year(workbook, dated):
    """The template's year, else the year most tables state (a tie goes to Workbook.year)."""
    recorded, counts = str((workbook.template_options or {}).get("year", "")), Counter(year for _, year, _ in dated)
    if recorded.isdigit():
        return int(recorded)
    tied = [year for year, count in counts.items() if count == max(counts.values())]
    return workbook.year if workbook.year in tied else next(iter(tied), None)


@rule("PE709", "year-inconsistent", "warning",
      message="{table}的年度 {actual}（{at_cell}）与本报告的年度 {expected}（{other_cell}）不一致",
      hint="各表标题中的年度都应是被评价的年度；请核对是否沿用了往年的表格")
def year_inconsistent(workbook, profile):
    """
    检查内容
        封面、附件1–6 和考核评分表标题中的年度应相同：本工具生成的模板以生成时的年度为准，
        其他文件以多数表格的年度为准。填报日期、签字日期的年份不在此检查（见 PE401、PE402）。
    为何重要
        年度不一致多半是沿用了往年的表格只改了数字，标题、指标和金额可能仍是往年的。
    示例
        附件2 标题“2024年度部门整体支出绩效自评表”，附件3 标题“2023年度项目支出绩效自评表”：附件3 报此警告。
    """
    dated = list(dated_tables(workbook))
    year = _workbook_year(workbook, dated)
    # The first table that states the report's year is the second cell; a template's year may be in none.
    reference = [value for _, stated, value in dated if stated == year][:1]
    for name, stated, value in ((n, y, v) for n, y, v in dated if y != year):
        yield hit(value, actual=stated, expected=year, related=reference, table=name, at_cell=where(value),
                  other_cell=where(reference[0]) if reference else "生成模板时的年度")
