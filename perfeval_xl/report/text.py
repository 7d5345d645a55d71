"""Plain-text report for a terminal: findings grouped by sheet, then a count line."""

import re
import unicodedata
from itertools import groupby

_LINE_BREAK = re.compile(r"\r\n|[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]")
# bidirectional overrides and isolates can make a line display other than it reads
_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def unit_and_year(unit, year):
    """'岳阳市…站，2024年度' for a heading; the unknown parts said plainly."""
    return f"{unit or '单位不详'}，{f'{year}年度' if year else '年度不详'}"


def render_text(results):
    return "".join(map(render_file, results)) + render_total(results)


def render_file(result):
    """One file's block, a blank line after it (a batch prints each as soon as it is checked)."""
    return "".join(plain_line(line) + "\n" for line in [*_file_lines(result), ""])


def render_total(results):
    return plain_line(_total_line(results)) + "\n"


def result_label(result):
    """通过 / 有错误 / 有警告 / 仅提示 / 无法读取: a file's outcome in one word."""
    if result.status == "unreadable":
        return "无法读取"
    counts = result.summary
    if counts["errors"]:
        return "有错误"
    if counts["warnings"]:
        return "有警告"
    return "仅提示" if counts["infos"] else "通过"


def render_batch_table(results):
    """The batch's one line per file, after the files' own blocks: what a reviewer scans first."""
    lines = [f"文件汇总（共 {len(results)} 个）：", f"  {_pad('结果', 8)}{'错误':>4}{'警告':>4}{'提示':>4}  文件"]
    for result in results:
        label = _pad(result_label(result), 8)
        if result.status == "unreadable":
            lines.append(f"  {label}{'-':>6}{'-':>6}{'-':>6}  {result.path} —— {result.error}")
            continue
        counts = result.summary
        lines.append(f"  {label}{counts['errors']:>6}{counts['warnings']:>6}{counts['infos']:>6}  "
                     f"{result.path}（{unit_and_year(result.unit, result.year)}）")
    return "".join(plain_line(line) + "\n" for line in [*lines, ""])


def _pad(text, width):
    """Left-justify to ``width`` terminal columns: a Chinese character takes two."""
    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(0, width - used)


def plain_line(text):
    """``text`` as one inert terminal line: text copied from a workbook cannot start a new
    line, move the cursor or send escape sequences (shown as ↵ and \\xNN instead)."""
    text = _LINE_BREAK.sub("↵", text).replace("\t", " ")
    return "".join(_visible(ch) for ch in text)


def _visible(ch):
    if ch in _BIDI_CONTROLS or unicodedata.category(ch) == "Cc":
        return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"
    return ch


def _file_lines(result):
    if result.status == "unreadable":
        return [f"{result.path}：无法读取 —— {result.error}"]
    heading = f"{result.path}（{unit_and_year(result.unit, result.year)}）"
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
