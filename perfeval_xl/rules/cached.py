"""Family 5 读取与模板, cached results: what a spreadsheet application saved for a template formula."""

from perfeval_xl.rules.base import hit, rule
from perfeval_xl.rules.reading import problems_of


@rule("PE509", "cached-value-differs", "warning",
      message="公式单元格保存的计算结果为 {actual}，按模板公式重算应为 {expected}",
      hint="请在 Excel/WPS 中重新计算（F9）后保存，并检查该公式是否被改写（见 PE507）；"
           "重新计算后仍不同，说明所用软件的计算结果与规程不一致，请以重算值为准核对")
def cached_value_differs(workbook, profile):
    """
    检查内容
        由 perfeval-xl template 生成的模板被 Excel、WPS 或 LibreOffice 计算并保存后，
        文件中每个模板公式单元格都存有计算结果；本规则用 perfeval-xl 自己的算法
        （Decimal，四舍五入，见 perfeval_xl/recompute.py）从填写项重算这些单元格，
        报告保存的结果与重算值不同的每个单元格，并给出两个数。
        从未被计算过的文件（xlsxwriter 生成的模板所有公式结果都是 0，openpyxl 保存的文件
        没有结果）不检查，应为空白却存为 0 的单元格（只重算了改动部分的软件留下的 0）也不报；
        公式被改成常数的单元格见 PE502，不在此比较；插入或删除了行的工作表（PE508）跳过。
        手工制作（非本工具模板）的表格中的公式暂不比较。
    为何重要
        审核人看到的是计算软件保存的结果。公式被改写、引用错位，或软件取整方式不同，
        单元格显示的执行率、得分、合计就与规程算法不一致，而表面上仍是“自动计算”的。
    示例
        全年预算数 100000、全年执行数 92649、分值 10：按未取整的执行率得分应为 9.26；
        若得分公式被改为用取整后的执行率 92.65% 计算，保存的结果为 9.27：
        报“公式单元格保存的计算结果为 9.27，按模板公式重算应为 9.26”。
    """
    for problem in problems_of(workbook, "cached-value-differs"):
        yield hit(problem, actual=problem.text, expected=problem.detail)
