"""Family 5 读取与模板: what the reader could not read, and where the template was changed."""

from perfeval_xl.glossary import TABLE_NAMES_ZH
from perfeval_xl.rules.base import hit, rule


def problems_of(workbook, kind):
    return [problem for problem in workbook.problems if problem.kind == kind]


@rule("PE501", "number-unreadable", "error",
      message="单元格内容“{actual}”无法识别为数字（此处应填{expected}）",
      hint="请只填数字（金额以万元计，比率填百分数如 92.65%），不要带单位或文字说明")
def number_unreadable(workbook, profile):
    """
    检查内容
        应填数字的单元格中的文字读不出数字，例如“约2000”“9,2.65%”“abc”（“36.92万元”“２,０９６.９６”这类写法可以识别，不报）。
    为何重要
        读不出的数字无法参与任何核对：执行率、得分、合计都会因此跳过或算错。
    示例
        全年执行数填“约2096.96”：报此错误。
    """
    for problem in problems_of(workbook, "unreadable-number"):
        yield hit(problem, actual=problem.text, expected=problem.detail or "数字")


@rule("PE502", "formula-replaced-by-constant", "warning",
      message="模板在此处是公式，现在是手填的常数 {actual}；检查按这个常数进行{detail}",
      hint="如非有意，请恢复模板公式（或重新生成模板后重填），以免与其他单元格不一致")
def formula_replaced_by_constant(workbook, profile):
    """
    检查内容
        模板中由公式计算的单元格（执行率、得分、合计等），在文件中变成了手填的常数。
    为何重要
        手填的常数不会随金额变化，改了金额后它就错了；规则按这个常数核对，并提醒它不再是公式。
    示例
        模板的执行率单元格公式被覆盖为 92.65：报此警告。
    """
    for problem in problems_of(workbook, "formula-replaced"):
        detail = f"（模板公式：{problem.detail}）" if problem.detail else ""
        yield hit(problem, actual=problem.text, detail=detail)


@rule("PE503", "table-missing", "warning",
      message="未找到{actual}",
      hint="请补上该表；附件4–6 确无此类支出时，也请保留表格并注明“本单位无此类支出”")
def table_missing(workbook, profile):
    """
    检查内容
        报告应附的表格（附件1–6）在文件中找不到。
    为何重要
        考核评分表“附件部分内容齐全”一项每缺一张表扣 2 分；缺表的内容也就无从核对。
    示例
        文件中只有附件2 和附件3，没有附件1 基础数据表：报此警告。
    """
    for problem in problems_of(workbook, "table-missing"):
        name = TABLE_NAMES_ZH.get(problem.text) or problem.detail or problem.text
        yield hit(problem, actual=name)


@rule("PE510", "reading-note", "info",
      message="读取说明：{actual}",
      hint="这不是表格的问题：说明本文件哪些内容无法核查或未被执行，以免把“未发现问题”理解为全部查过")
def reading_note(workbook, profile):
    """
    检查内容
        读取时对文件本身的说明：例如 .xls / .et 文件只能读到数值，其中的公式无法核查；
        .xlsm 文件中的宏从不运行。
    为何重要
        审核人应知道哪些内容没有被检查：.xls 中公式算出的执行率按手填的数核对，
        公式本身是否正确无从得知。
    示例
        核查一个旧版 .xls 文件：报此提示，说明公式无法核查，如需核查公式请另存为 .xlsx。
    """
    for problem in problems_of(workbook, "format-note"):
        yield hit(problem, actual=problem.text)
