"""`perfeval-xl verify`: one file or a folder of hundreds, reported as text, JSON or JSON lines.

Everything that can refuse the run (profile, rules, output paths) is checked
before the first file is read, so a batch never stops half-way on a misuse.
"""

import sys
from pathlib import Path

import click

from perfeval_xl.commands.common import EXIT_FINDINGS, EXIT_INTERRUPTED, EXIT_OK, EXIT_UNREADABLE, fail


def run_verify(files, *, output_format="text", annotate_to=None, out_dir=None, summary_path=None, jobs=None,
               strict=False, force=False, profile_name=None, select=(), ignore=(), reader="auto"):
    from perfeval_xl.api import resolve_profile, select_rules
    from perfeval_xl.batch import Task, collect_workbooks, default_jobs, run_batch

    try:
        profile, chosen = resolve_profile(profile_name), select_rules(select, ignore)
    except ValueError as error:
        fail(str(error))
    inputs = collect_workbooks(files)
    if not inputs:
        fail(f"在 {'、'.join(files)} 中没有找到工作簿（.xlsx、.xlsm、.xls）")
    paths = [path for path, _ in inputs]
    copies = _planned_copies(inputs, annotate_to, out_dir, force)
    if summary_path is not None:
        _check_summary_path(Path(summary_path), paths, force)
    task = Task(profile=profile, rules=chosen, copies=copies, reader=reader)
    report = _Report(output_format, len(paths), strict)
    # JSON lines without a summary need nothing kept: a batch of any size runs in the same memory.
    keep = output_format != "jsonl" or summary_path is not None
    results, interrupted = run_batch(paths, task, min(jobs or default_jobs(), len(paths)), report.add, keep)
    report.finish(results)
    if summary_path is not None:
        _write_summary(results, Path(summary_path), len(paths))
    if interrupted:
        click.echo(f"已中断：已核查 {report.done} / {len(paths)} 个文件，以上报告和汇总只含这些文件", err=True)
        sys.exit(EXIT_INTERRUPTED)
    sys.exit(report.status)


def file_status(result, strict=False):
    """2 for a file not read (or its copy not written), 1 for an error (or, with --strict, a warning), else 0."""
    if result.status == "unreadable" or result.copy_error:
        return EXIT_UNREADABLE
    counts = result.summary
    if counts["errors"] or (strict and counts["warnings"]):
        return EXIT_FINDINGS
    return EXIT_OK


def _planned_copies(inputs, annotate_to, out_dir, force):
    """{input path: annotated copy path}, every output checked; None without --annotate/--out-dir."""
    if annotate_to is None and out_dir is None:
        return None
    from perfeval_xl.commands.annotations import plan_copies, refuse_unsafe_outputs

    planned = plan_copies(inputs, annotate_to, out_dir)
    refuse_unsafe_outputs([output for _, output in planned], [path for path, _ in inputs], force,
                          make_folders=out_dir is not None)
    return {str(path): output for path, output in planned}


def _check_summary_path(path, inputs, force):
    from perfeval_xl.atomic import OutputError, check_output_path

    if path.suffix.lower() != ".xlsx":
        fail(f"汇总文件须以 .xlsx 结尾：{path}")
    try:
        check_output_path(path, inputs)
    except OutputError as error:
        fail(str(error))
    if path.exists() and not force:
        fail(f"汇总文件已存在：{path}（如需覆盖请加 --force）")


def _write_summary(results, path, total):
    from perfeval_xl.atomic import OutputError
    from perfeval_xl.report.summary_workbook import write_summary

    try:
        write_summary(results, path, planned=total)
    except OutputError as error:
        fail(str(error))
    click.echo(f"已写出汇总：{path}（{len(results)} 个文件）", err=True)


class _Report:
    """Writes each file's report as it lands (text and JSON lines), the rest at the end; a progress
    line on a terminal's stderr only."""

    def __init__(self, output_format, total, strict=False):
        from perfeval_xl.report.json_report import render_json_line
        from perfeval_xl.report.progress import Progress
        from perfeval_xl.report.text import render_file

        self.render_file, self.render_json_line = render_file, render_json_line
        self.output_format = output_format
        self.strict = strict
        self.done, self.status = 0, EXIT_OK   # the exit status so far, worst first
        self.progress = Progress(total) if total > 1 and _terminal(sys.stderr) else None
        # The bar must step aside for report lines only when they share the terminal with it.
        self.streams_to_terminal = output_format in ("text", "jsonl") and _terminal(sys.stdout)

    def add(self, result):
        self.done += 1
        self.status = max(self.status, file_status(result, self.strict))
        if self.progress is not None and (self.streams_to_terminal or result.notes or result.copy_error):
            self.progress.clear()
        if self.output_format == "text":
            click.echo(self.render_file(result), nl=False)
        elif self.output_format == "jsonl":
            click.echo(self.render_json_line(result), nl=False)
        for note in result.notes:
            click.echo(note, err=True)
        if result.copy_error:
            click.echo(f"错误：{result.copy_error}", err=True)
        if self.progress is not None:
            self.progress.advance()

    def finish(self, results):
        from perfeval_xl.report.json_report import render_json
        from perfeval_xl.report.text import render_batch_table, render_total

        if self.progress is not None:
            self.progress.clear()
        if self.output_format == "json":
            click.echo(render_json(results), nl=False)
        elif self.output_format == "text":
            if len(results) > 1:
                click.echo(render_batch_table(results), nl=False)
            click.echo(render_total(results), nl=False)


def _terminal(stream):
    """A terminal, not a file or pipe; None (a descriptor closed at start, `>&-`) is neither."""
    return stream is not None and stream.isatty()
