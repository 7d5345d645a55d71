"""Family 5 读取与模板, template integrity: what was changed in a workbook made by `perfeval-xl template`.

The reader compares the file with the layout the hidden "_perfeval" sheet
describes (reader/template_check.py); these rules report what it found.  None
is fatal: the tables are read by their labels, so every other check still runs.
"""

from perfeval_xl.rules.base import hit, rule
from perfeval_xl.rules.reading import problems_of


@rule("PE504", "sheet-protection-removed", "warning",
      message="工作表“{sheet}”的保护已被撤销",
      hint="请用本工具重新生成模板后重填，或在 Excel“审阅→保护工作表”中恢复保护，以免公式和固定内容被误改")
def sheet_protection_removed(workbook, profile):
    """
    检查内容
        由 perfeval-xl template 生成的模板中，某张工作表的工作表保护被撤销了。
    为何重要
        模板锁定了公式、标题和固定内容，只留浅黄色的填写项；撤销保护后这些单元格可以被改动，
        公式被覆盖或行被插入时也不会有任何提示。
    示例
        在 Excel 中对“附件2”执行“撤销工作表保护”后保存：报此警告，位置为工作表“附件2”。
    """
    for problem in problems_of(workbook, "sheet-unprotected"):
        yield hit(problem, sheet=problem.sheet)


@rule("PE505", "template-sheet-missing", "warning",
      message="模板中的工作表“{actual}”不见了（被删除或改名{detail}）",
      hint="请恢复该工作表及其原名称；需要改动表格时请重新生成模板，而不是删改工作表")
def template_sheet_missing(workbook, profile):
    """
    检查内容
        模板中的某张工作表在文件中找不到：被删除，或被改了名字。
        恰好少一张、多一张时，提示可能是改名。
    为何重要
        删掉的表无从核对（例如考核评分表“附件部分内容齐全”会因此扣分）；
        改名的表仍会按内容读取，但与模板对不上，说明模板结构已被改动。
    示例
        把“附件5”改名为“附件五”：报此警告，并提示“可能已改名为‘附件五’”；
        同时“附件五”报 PE506。
    """
    for problem in problems_of(workbook, "sheet-missing"):
        yield hit(problem, actual=problem.text, detail=problem.detail)


@rule("PE506", "sheet-added", "info",
      message="工作表“{actual}”不是模板中原有的工作表{detail}",
      hint="附加说明请写在报告正文中；如是误加的工作表，请删除")
def sheet_added(workbook, profile):
    """
    检查内容
        文件中有模板没有的工作表（perfeval-xl 自己加上的“核查结果”等批注工作表不算）。
    为何重要
        模板的结构由工具生成；多出的表可能是改名的原表，也可能是不属于报告的草稿，
        审核时需要知道它在那里。新表中的表格照常读取和核对。
    示例
        在模板中新建工作表“说明”：报此提示。
    """
    for problem in problems_of(workbook, "sheet-added"):
        yield hit(problem, actual=problem.text, detail=problem.detail)


@rule("PE507", "formula-edited", "warning",
      message="模板公式被改写：现为 {actual}，模板为 {expected}",
      hint="如非有意，请恢复模板公式（或重新生成模板后重填）；改写的公式算出的数不能当作核对依据")
def formula_edited(workbook, profile):
    """
    检查内容
        模板中由公式计算的单元格仍是公式，但不再是模板写入的那个公式
        （比较时忽略等号、空格、大小写、$ 和引号）。公式被改成常数的情况见 PE502。
    为何重要
        改写的公式可能引用了别的单元格或改变了取整方式，算出的执行率、得分、合计就与规程不一致，
        而单元格看上去仍是“自动计算”的。
    示例
        附件3 执行率单元格 F6 的模板公式 =IF(AND(ISNUMBER(C6),C6>0,ISNUMBER(D6)),ROUND(D6/C6,4),"")
        被改为 =ROUND(D6/C6,2)：报此警告。
    """
    for problem in problems_of(workbook, "formula-edited"):
        yield hit(problem, actual=problem.text, expected=problem.detail)


@rule("PE508", "rows-inserted-or-deleted", "warning",
      message="模板中的“{actual}”{detail}：工作表中插入或删除了行（列）",
      hint="请不要在模板的锁定区域插入或删除行列；行数不够时请重新生成模板。此后按模板位置进行的公式核对已跳过")
def rows_inserted_or_deleted(workbook, profile):
    """
    检查内容
        模板每张工作表上的固定标签（标题、“年度资金总额”“总分”“填表人”等）
        不在模板放置的位置上，说明插入或删除了行（列）；报告第一个移位的标签及移动的行数。
    为何重要
        插入或删除行后，模板公式引用的区域与内容错开，合计和校验可能漏算或多算；
        标签以下按模板位置进行的公式核对（PE502、PE507）也无法进行，因此跳过。
    示例
        在附件2 的“总分”行上方插入一行：报“模板中的‘总分’原在 A61，现在 A62（下移 1 行）”，
        位置为 附件2!A62。
    """
    for problem in problems_of(workbook, "rows-moved"):
        yield hit(problem, actual=problem.text, detail=problem.detail)
