"""The perfeval-xl command line: a thin click layer over the library."""

import sys
from pathlib import Path

import click

from perfeval_xl import __version__

from perfeval_xl.commands.common import EXIT_INTERRUPTED, fail


class _LazyGroup(click.Group):
    """A group whose rarer commands are imported when used (click's documented lazy-loading
    pattern): `verify FILE` should not pay for importing `score`."""

    lazy = {"score": ("perfeval_xl.commands.score", "score")}

    def list_commands(self, ctx):
        return sorted([*super().list_commands(ctx), *self.lazy])

    def get_command(self, ctx, name):
        if name in self.lazy:
            from importlib import import_module

            module, attribute = self.lazy[name]
            return getattr(import_module(module), attribute)
        return super().get_command(ctx, name)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="perfeval-xl")
def main():
    """perfeval-xl：预算绩效自评表（附件1–6、考核评分表）的模板生成、核查与批注工具。"""


def run():
    """Console entry point: click's usage errors become one Chinese line and status 2."""
    try:
        main(standalone_mode=False)
    except click.UsageError as error:
        fail(f"命令用法不对：{error.format_message()}（用 perfeval-xl --help 查看用法）")
    except click.Abort:   # Ctrl-C (click turns KeyboardInterrupt into Abort) or end of input
        click.echo("已中断", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except click.ClickException as error:
        fail(error.format_message())
    except OSError as error:   # the report itself could not be written: a full disk, a closed output
        fail(f"无法写出核查结果：{error.strerror or error}")


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
@click.option("--format", "output_format", type=click.Choice(["text", "json", "jsonl"]), default="text",
              show_default=True, help="输出格式：text 文字报告；json 一个 JSON 文档；jsonl 每个文件一行 JSON（边核查边输出）。")
@click.option("--annotate", "annotate_to", is_flag=False, flag_value="", default=None, metavar="[PATH]",
              help="写出批注副本（默认与原文件同目录，名为 <原名>.核查.xlsx；多个文件时 PATH 须为文件夹）。")
@click.option("--out-dir", type=click.Path(file_okay=False), default=None, metavar="DIR",
              help="把批注副本写入此文件夹（不存在则创建；在文件夹中找到的文件保留其子文件夹）。给出即写批注副本。")
@click.option("--summary", "summary_path", type=click.Path(dir_okay=False), default=None, metavar="FILE.xlsx",
              help="另写一个汇总工作簿：文件汇总、问题明细、按规则统计三张表。")
@click.option("--jobs", "-j", type=click.IntRange(1, 256), default=None, metavar="N",
              help="同时核查的进程数（默认：本机 CPU 核数）。")
@click.option("--strict", is_flag=True, help="有警告也以状态 1 退出。")
@click.option("--force", is_flag=True, help="批注副本或汇总的目标文件已存在时覆盖（输入文件永不覆盖）。")
@click.option("--profile", "profile_name", default=None, metavar="NAME|PATH",
              help="核查所依据的配置：随附配置的名称（yueyang 默认、hubei）或 .toml 配置文件的路径。")
@click.option("--select", multiple=True, metavar="CODES",
              help="只运行代码以这些前缀开头的规则，逗号分隔，如 PE2,PE401；可多次给出。")
@click.option("--ignore", multiple=True, metavar="CODES",
              help="不运行代码以这些前缀开头的规则（在 --select 之后生效），如 PE5；可多次给出。")
@click.option("--reader", type=click.Choice(["auto", "full"]), default="auto", show_default=True,
              help="读取方式：auto 直接读取工作簿 XML（遇到特殊文件自动改用 openpyxl）；full 全部用 openpyxl（较慢，用于对照）。")
def verify(files, output_format, annotate_to, out_dir, summary_path, jobs, strict, force, profile_name,
           select, ignore, reader):
    """核查自评工作簿：重算执行率、得分、控制率和各项合计，逐格报告问题。

    FILES 可以是工作簿文件，也可以是文件夹（其中的 .xlsx/.xlsm/.xls 逐个核查，含子文件夹）。
    """
    from perfeval_xl.commands.verify_run import run_verify

    run_verify(files, output_format=output_format, annotate_to=annotate_to, out_dir=out_dir,
               summary_path=summary_path, jobs=jobs, strict=strict, force=force, profile_name=profile_name,
               select=select, ignore=ignore, reader=reader)


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
