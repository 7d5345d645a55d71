"""Plain-text report for a terminal: findings grouped by sheet, then a count line."""

from itertools import groupby


def render_text(results):
    lines = []
    for result in results:
        lines.extend(_file_lines(result))
        lines.append("")
    lines.append(_total_line(results))
    return "\n".join(lines) + "\n"


def _file_lines(result):
    if result.status == "unreadable":
        return [f"{result.path}：无法读取 —— {result.error}"]
    heading = f"{result.path}（{result.unit or '单位不详'}，{result.year or '年度不详'}年度）"
    lines = [heading]
    if not result.findings:
        lines.append("  未发现问题。")
    for sheet, findings in groupby(result.findings, key=lambda f: f.sheet or "（整个工作簿）"):
        lines.append(f"  [{sheet}]")
        for finding in findings:
            where = finding.cell or "-"
            lines.append(f"    {where:<6} {finding.severity.label_zh} {finding.rule} {finding.name}：{finding.message}")
            if finding.hint:
                lines.append(f"           建议：{finding.hint}")
    counts = result.summary
    lines.append(f"  小计：{counts['errors']} 个错误，{counts['warnings']} 个警告，{counts['infos']} 个提示")
    return lines


def _total_line(results):
    errors = sum(r.summary["errors"] for r in results)
    warnings = sum(r.summary["warnings"] for r in results)
    infos = sum(r.summary["infos"] for r in results)
    unreadable = sum(1 for r in results if r.status == "unreadable")
    line = f"共核查 {len(results)} 个文件：{errors} 个错误，{warnings} 个警告，{infos} 个提示"
    if unreadable:
        line += f"，{unreadable} 个文件无法读取"
    return line
