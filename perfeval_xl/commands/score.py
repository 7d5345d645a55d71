"""``perfeval-xl score``: the 考核评分表 pre-scored from the tables, and the scores entered on it checked."""

import json
import sys

import click

from perfeval_xl import __version__
from perfeval_xl.commands.common import EXIT_FINDINGS, EXIT_OK, fail
from perfeval_xl.report.text import unit_and_year
from perfeval_xl.decimal_math import plain

REVIEW_FAMILY = "PE8"  # PE801–PE803: the entered scores, the 合计, the maxima


@click.command()
@click.argument("file", type=click.Path())
@click.option("--deadline", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="报送截止日期，格式 2025-03-31；给出后按报告日期（封面报告日期与各表填报日期中最晚者）计算“按时报送”。")
@click.option("--profile", "profile_name", default=None, metavar="NAME|PATH",
              help="规程配置：内置名称（如 hubei）或 .toml 文件路径；默认岳阳市。")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="输出格式。")
def score(file, deadline, profile_name, output_format):
    """预填考核评分表：算出可由表格计算的项目，列出需审核人评定的项目，并核查已填的得分。

    可计算的项目：附件完整性、权重符合规程、全部细化到三级指标、指标明确可衡量，
    以及给出 --deadline 时的按时报送（按报告日期与各表填报日期中最晚者，每晚一个工作日扣 1 分）。
    """
    from perfeval_xl.api import resolve_profile, verify_file
    from perfeval_xl.review_score import score_review
    from perfeval_xl.rules import RULES

    try:
        profile = resolve_profile(profile_name)
    except ValueError as error:
        fail(str(error))
    review_rules = tuple(entry for entry in RULES if entry.code.startswith(REVIEW_FAMILY))
    result = verify_file(file, profile, review_rules)
    if result.status == "unreadable":
        fail(result.error)
    day = deadline.date() if deadline else None
    items = score_review(result.workbook, profile, day)
    findings = result.findings
    if output_format == "json":
        click.echo(render_json(result, items, findings, day, profile), nl=False)
    else:
        click.echo(render_text(result, items, findings), nl=False)
    sys.exit(EXIT_FINDINGS if any(f.severity.value == "error" for f in findings) else EXIT_OK)


def item_label(item):
    """"提交报告·按时报送" for a part of a row, the row's name for a whole row."""
    return item.name if item.row in ("", item.name) else f"{item.row}·{item.name}"


def render_text(result, items, findings):
    from perfeval_xl.review_score import computed_total

    lines = [f"{result.path}（{unit_and_year(result.unit, result.year)}）考核评分表预评分"]
    if result.workbook.review is None:
        lines.append("  工作簿中没有考核评分表，以下按配置的满分计算。")
    done = [item for item in items if item.computable]
    lines.append("  可计算的项目：")
    lines += [f"    {item_label(item)}：{plain(item.score)} / {plain(item.maximum)} 分 —— {item.reason}"
              for item in done]
    total, out_of = computed_total(items)
    lines.append(f"    小计：{plain(total)} / {plain(out_of)} 分")
    left = [item for item in items if not item.computable]
    lines.append(f"  需审核人评定的项目（共 {plain(sum(item.maximum for item in left))} 分）：")
    lines += [f"    {item_label(item)}（{plain(item.maximum)} 分）：{item.reason}" for item in left]
    lines.append("  考核评分表已填得分的核查：" + ("未发现问题。" if not findings else ""))
    for finding in findings:
        lines.append(f"    {finding.cell or '-':<6} {finding.severity.label_zh} {finding.rule} "
                     f"{finding.name}：{finding.message}")
    return "\n".join(lines) + "\n"


def render_json(result, items, findings, deadline, profile):
    from perfeval_xl.review_score import computed_total

    total, out_of = computed_total(items)
    document = {
        "tool": "perfeval-xl", "version": __version__, "path": result.path,
        "unit": result.unit, "year": result.year, "profile": profile.name,
        "deadline": deadline.isoformat() if deadline else None,
        "items": [{"name": item.name, "row": item.row, "maximum": plain(item.maximum),
                   "score": plain(item.score), "computable": item.computable, "reason": item.reason}
                  for item in items],
        "computed": {"score": plain(total), "maximum": plain(out_of)},
        "findings": [finding.as_dict() for finding in findings],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
