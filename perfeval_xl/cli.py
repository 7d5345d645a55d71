"""The perfeval-xl command line: a thin click layer over the library."""

import sys
from pathlib import Path

import click

from perfeval_xl import __version__

from perfeval_xl.commands.common import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, fail

ANNOTATED_SUFFIX = ".核查.xlsx"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="perfeval-xl")
def main():
    """perfeval-xl：预算绩效自评表（附件1–6、考核评分表）的模板生成、核查与批注工具。"""


def run():
    """Console entry point: click's usage errors become one Chinese line and status 2."""
    try:
        main(standalone_mode=False)
    except click.UsageError as error:
        fail(f"命令用法不对：{error.format_message()}（用 perfeval-xl --help 查看用法）")
    except click.Abort:
        fail("已中断")
    except click.ClickException as error:
        fail(error.format_message())


@main.command()
@click.argument("output", type=click.Path(dir_okay=False))
@click.option("--unit", default="", help="单位名称（写入封面与附件2）。")
@click.option("--year", type=int, default=2024, show_default=True, help="被评价年度。")
@click.option("--project", "projects", multiple=True, help="一级项目名称，每个项目一张附件3；可多次给出。")
@click.option("--password", default=None, help="工作表保护密码（可选；只防误改，不是加密）。")
@click.option("--report-date", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="报告日期，格式 2025-03-18。")
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖。")
def template(output, unit, year, projects, password, report_date, force):
    """生成带公式、校验和保护的空白自评模板 OUTPUT.xlsx。"""
    from perfeval_xl.atomic import OutputError, check_output_path
    from perfeval_xl.template import TemplateOptions, generate_template

    if Path(output).exists() and not force:
        fail(f"输出文件已存在：{output}（如需覆盖请加 --force）")
    options = TemplateOptions(unit=unit, year=year, projects=tuple(projects) or ("业务工作经费",),
                              password=password, report_date=report_date.date() if report_date else None)
    try:
        check_output_path(output)
        generate_template(output, options)
    except (OutputError, ValueError) as error:
        fail(str(error))
    click.echo(f"已生成模板：{output}")


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(readable=False))  # the reader says why, in Chinese
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="输出格式。")
@click.option("--annotate", "annotate_to", is_flag=False, flag_value="", default=None, metavar="[PATH]",
              help="写出批注副本（默认与原文件同目录，名为 <原名>.核查.xlsx；多个文件时 PATH 须为文件夹）。")
@click.option("--strict", is_flag=True, help="有警告也以状态 1 退出。")
@click.option("--force", is_flag=True, help="批注副本的目标文件已存在时覆盖（输入文件永不覆盖）。")
@click.option("--profile", "profile_name", default=None, metavar="NAME|PATH",
              help="核查所依据的配置：随附配置的名称（yueyang 默认、hubei）或 .toml 配置文件的路径。")
@click.option("--select", multiple=True, metavar="CODES",
              help="只运行代码以这些前缀开头的规则，逗号分隔，如 PE2,PE401；可多次给出。")
@click.option("--ignore", multiple=True, metavar="CODES",
              help="不运行代码以这些前缀开头的规则（在 --select 之后生效），如 PE5；可多次给出。")
def verify(files, output_format, annotate_to, strict, force, profile_name, select, ignore):
    """核查一个或多个自评工作簿：重算执行率、得分、控制率和各项合计，逐格报告问题。"""
    from perfeval_xl.api import resolve_profile, select_rules, verify_file
    from perfeval_xl.report.json_report import render_json
    from perfeval_xl.report.text import render_text

    try:
        profile, chosen = resolve_profile(profile_name), select_rules(select, ignore)
    except ValueError as error:
        fail(str(error))
    results = [verify_file(path, profile, chosen) for path in files]
    if annotate_to is not None:
        _write_annotations(results, annotate_to, force, profile)
    render = render_json if output_format == "json" else render_text
    click.echo(render(results), nl=False)
    sys.exit(exit_status(results, strict))


def exit_status(results, strict=False):
    if any(r.status == "unreadable" for r in results):
        return EXIT_UNREADABLE
    worst = {"errors"} | ({"warnings"} if strict else set())
    if any(r.summary[key] for r in results for key in worst):
        return EXIT_FINDINGS
    return EXIT_OK


def _write_annotations(results, annotate_to, force=False, profile=None):
    from perfeval_xl.atomic import OutputError
    from perfeval_xl.report.annotate import AnnotationError, annotate

    target = Path(annotate_to) if annotate_to else None
    if target is not None and len(results) > 1 and not target.is_dir():
        fail(f"核查多个文件时 --annotate 须指定一个已存在的文件夹：{annotate_to}")
    planned = [(result, annotated_path(Path(result.path), target))
               for result in results if result.status == "checked"]
    _refuse_unsafe_outputs([output for _, output in planned], [r.path for r in results], force)
    for result, output in planned:
        try:
            outcome = annotate(result.path, result.findings, output, unit=result.unit, year=result.year,
                               review=_review_prescore(result, profile))
        except (OutputError, AnnotationError) as error:
            fail(str(error))
        except Exception as error:  # noqa: BLE001 - a writer bug must not become a traceback
            fail(f"写批注副本 {output} 时出现意外错误（{type(error).__name__}: {error}），原文件未改动")
        click.echo(f"已写出批注副本：{output}", err=True)
        for dropped in getattr(outcome, "dropped", ()):
            click.echo(f"注意：{dropped}", err=True)


def _review_prescore(result, profile):
    """(考核评分表 sheet, computed items) for the annotated copy, or None without that sheet."""
    from perfeval_xl.review_score import score_review

    review = result.workbook.review if result.workbook is not None else None
    if review is None:
        return None
    return review.sheet, score_review(result.workbook, profile)


def _refuse_unsafe_outputs(outputs, inputs, force):
    """Check every output before writing any: a run stops before it has written half its copies.

    An input of this run is never overwritten, not even with --force (verify a.xlsx
    a.核查.xlsx --annotate would otherwise replace the second input with the first's
    copy); two inputs never share one output; an existing file is replaced only with
    --force, an earlier *.核查.xlsx included.
    """
    from perfeval_xl.atomic import OutputError, check_output_path

    seen = set()
    for output in outputs:
        try:
            check_output_path(output, inputs)
        except OutputError as error:
            fail(str(error))
        key = output.resolve()
        if key in seen:
            fail(f"两个输入文件的批注副本同名：{output}（请去掉 --annotate 后的文件夹，让副本写在各自原文件旁，或分别核查）")
        seen.add(key)
        if output.exists() and not force:
            fail(_exists_message(output))


def _exists_message(output):
    message = f"批注副本的目标文件已存在：{output}（如需覆盖请加 --force"
    if output.name.endswith(ANNOTATED_SUFFIX):
        return message + "）"
    # "--annotate a.xlsx b.xlsx" reads a.xlsx as the annotation's PATH
    return message + f"；若 {output.name} 是要核查的文件，请把 --annotate 放在所有文件名之后）"


def annotated_path(source, target):
    """<name>.核查.xlsx beside the input, inside a target folder, or the target file itself."""
    # a.核查.xlsx annotated again becomes a.核查.核查.xlsx: the input is never the output.
    name = source.stem + ANNOTATED_SUFFIX
    if target is None:
        return source.with_name(name)
    return target / name if target.is_dir() else target


@main.command()
@click.argument("code", required=False)
def rules(code):
    """列出全部核查规则；给出 CODE（如 PE201）时打印该规则的说明页。"""
    from perfeval_xl.rules import RULES, get_rule, rule_page

    if code is None:
        for rule in RULES:
            click.echo(f"{rule.code}  {rule.severity.label_zh}  {rule.name:<40} {rule.summary}")
        return
    try:
        click.echo(rule_page(get_rule(code)), nl=False)
    except KeyError:
        fail(f"没有规则 {code}；用 perfeval-xl rules 查看全部规则")


def _register_commands():
    from perfeval_xl.commands.score import score

    main.add_command(score)


_register_commands()
