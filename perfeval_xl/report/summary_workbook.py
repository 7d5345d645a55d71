"""The batch summary workbook (`verify … --summary s.xlsx`): 文件汇总, 问题明细, 按规则统计.

Built with pandas and written by xlsxwriter with every conversion of text
switched off, so a unit name or message starting with "=" or looking like a
number or a link stays the text it was.  Each sheet has a frozen header, an
autofilter and an A4 landscape print setup one page wide.
"""

from decimal import Decimal

from perfeval_xl.atomic import atomic_output
from perfeval_xl.report.text import result_label

FILES_SHEET, FINDINGS_SHEET, RULES_SHEET = "文件汇总", "问题明细", "按规则统计"
TOP_FINDINGS = 3
_TEXT_STAYS_TEXT = {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}
_WIDTHS = {  # characters; a Chinese character counts as about two
    FILES_SHEET: [6, 40, 30, 6, 8, 9, 9, 9, 6, 6, 6, 60, 60, 60, 50],
    FINDINGS_SHEET: [40, 30, 16, 8, 8, 28, 6, 80, 60],
    RULES_SHEET: [8, 30, 6, 12, 10, 60],
}


def write_summary(results, path, planned=None):
    """Write the summary of ``results`` to ``path`` atomically; ``planned`` files were asked for
    (more than were checked when the run was interrupted: the workbook says so)."""
    import pandas as pd   # imported here: only a batch with --summary needs it

    frames = {FILES_SHEET: files_frame(results, pd), FINDINGS_SHEET: findings_frame(results, pd),
              RULES_SHEET: rules_frame(results, pd)}
    with atomic_output(path) as temporary:
        with pd.ExcelWriter(temporary, engine="xlsxwriter",
                            engine_kwargs={"options": _TEXT_STAYS_TEXT}) as writer:
            for name, frame in frames.items():
                frame.to_excel(writer, sheet_name=name, index=False)
                _format_sheet(writer.book, writer.sheets[name], name, frame)
            if planned is not None and planned > len(results):
                writer.book.set_properties({"comments": f"核查被中断：只含 {len(results)} / {planned} 个文件"})


def files_frame(results, pd):
    """One row per file: who, the outcome, the numbers a reviewer compares, the worst three findings."""
    rows = []
    for number, result in enumerate(results, 1):
        overview = result.overview
        # Findings come in the report's order (sheet by sheet, top to bottom): a stable sort
        # by severity gives the first errors, then warnings, as a reader meets them.
        top = sorted(result.findings, key=lambda finding: finding.severity.rank)[:TOP_FINDINGS]
        rows.append({
            "序号": number, "文件": result.path, "单位": result.unit or "", "年度": result.year,
            "结果": result_label(result),
            "申报总分": _number(overview and overview.declared_total),
            "重算总分": _number(overview and overview.recomputed_total),
            "执行率(%)": _number(overview and overview.execution_rate),
            "错误": result.summary["errors"], "警告": result.summary["warnings"], "提示": result.summary["infos"],
            **{f"主要问题{index}": _finding_line(top[index - 1]) if index <= len(top) else ""
               for index in range(1, TOP_FINDINGS + 1)},
            "无法读取的原因": result.error or "",
        })
    return pd.DataFrame(rows, columns=[*_first_columns(), *[f"主要问题{i}" for i in range(1, TOP_FINDINGS + 1)],
                                       "无法读取的原因"])


def _first_columns():
    return ["序号", "文件", "单位", "年度", "结果", "申报总分", "重算总分", "执行率(%)", "错误", "警告", "提示"]


def findings_frame(results, pd):
    """Every finding of every file, one per row, in the order of each file's report."""
    rows = [{"文件": result.path, "单位": result.unit or "", "工作表": finding.sheet or "", "单元格": finding.cell or "",
             "规则": finding.rule, "规则名称": finding.name, "级别": finding.severity.label_zh,
             "说明": finding.message, "建议": finding.hint}
            for result in results for finding in result.findings]
    return pd.DataFrame(rows, columns=["文件", "单位", "工作表", "单元格", "规则", "规则名称", "级别", "说明", "建议"])


def rules_frame(results, pd):
    """How many files broke each rule (and how many findings), most widespread first."""
    from perfeval_xl.rules import RULES

    summaries = {entry.code: entry.summary for entry in RULES}
    counts = {}
    for result in results:
        for finding in result.findings:
            entry = counts.setdefault(finding.rule, {"name": finding.name, "severity": finding.severity,
                                                     "files": set(), "findings": 0})
            entry["files"].add(result.path)
            entry["findings"] += 1
    ordered = sorted(counts.items(), key=lambda item: (-len(item[1]["files"]), item[1]["severity"].rank, item[0]))
    rows = [{"规则": code, "规则名称": entry["name"], "级别": entry["severity"].label_zh,
             "涉及文件数": len(entry["files"]), "问题数": entry["findings"], "规则说明": summaries.get(code, "")}
            for code, entry in ordered]
    return pd.DataFrame(rows, columns=["规则", "规则名称", "级别", "涉及文件数", "问题数", "规则说明"])


def _finding_line(finding):
    where = f"{finding.sheet}!{finding.cell}" if finding.sheet and finding.cell else (finding.sheet or "整个工作簿")
    return f"{finding.severity.label_zh} {finding.rule} {where}：{finding.message}"


def _number(value):
    # Excel stores numbers as binary doubles; a 2-decimal score or rate shows exactly under "0.00".
    return float(value) if isinstance(value, Decimal) else None


def _format_sheet(book, sheet, name, frame):
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    two_places = book.add_format({"num_format": "0.00", "valign": "top"})
    for column, width in enumerate(_WIDTHS[name]):
        title = frame.columns[column]
        cell_format = two_places if title in ("申报总分", "重算总分", "执行率(%)") else wrap
        sheet.set_column(column, column, width, cell_format)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(frame), 1), len(frame.columns) - 1)
    sheet.set_landscape()
    sheet.set_paper(9)           # A4
    sheet.fit_to_pages(1, 0)     # one page wide, as many pages down as needed
    sheet.repeat_rows(0)
