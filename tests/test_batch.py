"""verify over a folder: what is found, the parallel run, the outputs, the summary workbook, Ctrl-C."""

import json
import os
import pty
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest

from bad_inputs import ROOT
from bad_inputs import SAMPLE as ORIGINAL
from bad_inputs import verify as cli   # `perfeval-xl verify ARGS` in a fresh process, never a traceback
from libreoffice import recalculate
from perfeval_xl.api import verify_file
from perfeval_xl.batch import Task, collect_workbooks, run_batch

FILLED = ROOT / "samples" / "yueyang-2024-模板填报.xlsx"
SHEETS = ["文件汇总", "问题明细", "按规则统计"]


@pytest.fixture
def inbox(tmp_path):
    """A reviewer's folder: the two samples, a copy in a sub-folder, a broken file, and what must be skipped."""
    folder = tmp_path / "收件"
    (folder / "二季度").mkdir(parents=True)
    shutil.copy(ORIGINAL, folder / "a-原表.xlsx")
    shutil.copy(FILLED, folder / "b-模板.xlsx")
    shutil.copy(ORIGINAL, folder / "二季度" / "c-原表.xlsx")
    (folder / "d-坏.xlsx").write_bytes(b"not a workbook")
    shutil.copy(ORIGINAL, folder / "a-原表.核查.xlsx")       # an earlier annotated copy
    shutil.copy(ORIGINAL, folder / "~$a-原表.xlsx")          # Office's lock file
    (folder / ".hidden").mkdir()
    shutil.copy(ORIGINAL, folder / ".hidden" / "x.xlsx")
    (folder / "说明.docx").write_bytes(b"PK")
    return folder


def test_folders_are_searched_and_skips_are_skipped(inbox):
    found = [(path.relative_to(inbox).as_posix(), root) for path, root in collect_workbooks([inbox])]
    assert found == [("a-原表.xlsx", inbox), ("b-模板.xlsx", inbox), ("d-坏.xlsx", inbox),
                     ("二季度/c-原表.xlsx", inbox)]
    # A file named on the command line is taken whatever its name, and only once.
    named = inbox / "a-原表.核查.xlsx"
    assert collect_workbooks([named, inbox / "a-原表.xlsx", inbox])[:2] == [(named, None),
                                                                         (inbox / "a-原表.xlsx", None)]
    assert len(collect_workbooks([inbox, inbox])) == 4


def test_parallel_results_equal_one_by_one_in_input_order(inbox):
    paths = [path for path, _ in collect_workbooks([inbox])]
    results, interrupted = run_batch(paths, Task(), jobs=2)
    assert not interrupted
    assert [result.path for result in results] == [str(path) for path in paths]
    for result, path in zip(results, paths):
        alone = verify_file(path)
        assert (result.status, result.error, result.findings) == (alone.status, alone.error, alone.findings)
        assert result.workbook is None   # the model stays in the worker
    original = results[0].overview
    assert (str(original.declared_total), str(original.recomputed_total), str(original.execution_rate)) == \
        ("99.27", "99.26", "92.65")
    # The template's 总分 is a live formula: not declared, but recomputed from its inputs.
    assert results[1].overview.declared_total is None and str(results[1].overview.recomputed_total) == "99.26"


def test_summary_workbook(inbox, tmp_path):
    summary = tmp_path / "汇总.xlsx"
    result = cli(inbox, "--summary", summary, "--jobs", "2", "--format", "jsonl")
    assert result.returncode == 2   # one file could not be read
    assert f"已写出汇总：{summary}（4 个文件）" in result.stderr
    book = openpyxl.load_workbook(summary)
    assert book.sheetnames == SHEETS
    files = list(book["文件汇总"].iter_rows(values_only=True))
    assert files[0][:11] == ("序号", "文件", "单位", "年度", "结果", "申报总分", "重算总分", "执行率(%)",
                             "错误", "警告", "提示")
    first = files[1]
    assert first[1] == str(inbox / "a-原表.xlsx")
    assert first[2:11] == ("岳阳市建设工程质量安全监督站", 2024, "有错误", 99.27, 99.26, 92.65, 7, 12, 1)
    assert first[11] == "错误 PE401 封面!A22：评价组组长签字日期 2023-07-03 早于被评价年度（2024年）结束"
    assert first[12].startswith("错误 PE203 附件2!B14：产出指标 标注 50 分")
    broken = files[3]
    assert broken[4] == "无法读取" and "不是 Excel 工作簿" in broken[14] and broken[8:11] == (0, 0, 0)
    assert book["文件汇总"].auto_filter.ref == "A1:O5" and book["文件汇总"].freeze_panes == "A2"

    lines = [json.loads(line) for line in result.stdout.splitlines()]
    details = list(book["问题明细"].iter_rows(values_only=True))
    assert len(details) - 1 == sum(len(line["findings"]) for line in lines) == 58
    assert details[1][:7] == (str(inbox / "a-原表.xlsx"), "岳阳市建设工程质量安全监督站", "封面", "A22",
                              "PE401", "date-before-year-end", "错误")
    assert book["问题明细"].auto_filter.ref == "A1:I59"
    by_rule = {row[0]: row for row in book["按规则统计"].iter_rows(min_row=2, values_only=True)}
    assert by_rule["PE201"][3:5] == (2, 2)      # the two 原表 copies declare 99.27
    assert by_rule["PE203"][3:5] == (3, 15)     # every readable file, 5 + 5 + 5 headings
    assert list(by_rule)[0] in ("PE203", "PE401", "PE204", "PE601", "PE403")  # widest spread first
    assert by_rule["PE203"][3] >= max(row[3] for row in by_rule.values())


def test_summary_keeps_text_as_text(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    book = openpyxl.load_workbook(ORIGINAL)
    for cell in (cell for sheet in book for row in sheet.iter_rows() for cell in row):
        if isinstance(cell.value, str) and "岳阳市建设工程质量安全监督站" in cell.value:
            cell.value = cell.value.replace("岳阳市建设工程质量安全监督站", "=HYPERLINK(\"http://x\",\"点我\")")
            cell.data_type = "s"
    book.save(source / "公式单位.xlsx")
    summary = tmp_path / "s.xlsx"
    cli(source, "--summary", summary)
    cell = openpyxl.load_workbook(summary)["文件汇总"]["C2"]
    assert (cell.value, cell.data_type) == ("=HYPERLINK(\"http://x\",\"点我\")", "s")


def test_summary_opens_in_libreoffice_with_three_sheets(inbox, tmp_path):
    summary = tmp_path / "汇总.xlsx"
    cli(inbox, "--summary", summary)
    (resaved,) = recalculate([summary], tmp_path / "lo")
    book = openpyxl.load_workbook(resaved)
    assert book.sheetnames == SHEETS
    assert book["文件汇总"]["E2"].value == "有错误" and book["文件汇总"]["F2"].value == 99.27
    assert book["按规则统计"].max_row == openpyxl.load_workbook(summary)["按规则统计"].max_row


def test_jobs_do_not_change_the_report(inbox):
    one, two = cli(inbox, "--format", "json", "--jobs", "1"), cli(inbox, "--format", "json", "--jobs", "2")
    assert one.stdout == two.stdout and one.returncode == two.returncode == 2
    texts = cli(inbox, "--jobs", "2")
    assert "文件汇总（共 4 个）：" in texts.stdout
    assert texts.stdout.rstrip().endswith("共核查 4 个文件：20 个错误，36 个警告，2 个提示，1 个文件无法读取")


def test_jsonl_is_one_line_per_file_in_order(inbox):
    result = cli(inbox, "--format", "jsonl")
    entries = [json.loads(line) for line in result.stdout.splitlines()]
    assert [Path(entry["path"]).name for entry in entries] == ["a-原表.xlsx", "b-模板.xlsx", "d-坏.xlsx", "c-原表.xlsx"]
    alone = json.loads(cli(inbox / "b-模板.xlsx", "--format", "json").stdout)["files"][0]
    assert entries[1] == alone


def test_out_dir_keeps_sub_folders_and_checks_every_output_first(inbox, tmp_path):
    out = tmp_path / "批注"
    result = cli(inbox, "--out-dir", out)
    assert result.returncode == 2
    copies = sorted(path.relative_to(out).as_posix() for path in out.rglob("*.xlsx"))
    assert copies == ["a-原表.核查.xlsx", "b-模板.核查.xlsx", "二季度/c-原表.核查.xlsx"]
    assert f"已写出批注副本：{out / '二季度' / 'c-原表.核查.xlsx'}" in result.stderr
    assert "核查结果" in openpyxl.load_workbook(out / "a-原表.核查.xlsx").sheetnames
    summary = tmp_path / "s.xlsx"
    again = cli(inbox, "--out-dir", out, "--summary", summary)
    assert again.returncode == 2 and "批注副本的目标文件已存在" in again.stderr
    assert not summary.exists()   # refused before anything was read or written
    assert cli(inbox, "--out-dir", out, "--force").returncode == 2   # the broken file, not the outputs
    assert cli(inbox, "--out-dir", out, "--annotate", out).returncode == 2


def test_summary_output_is_checked_before_the_run(inbox, tmp_path):
    summary = tmp_path / "s.xlsx"
    summary.write_bytes(b"old")
    result = cli(inbox, "--summary", summary, "--format", "jsonl")
    assert result.returncode == 2 and "汇总文件已存在" in result.stderr and result.stdout == ""
    assert summary.read_bytes() == b"old"
    assert "须以 .xlsx 结尾" in cli(inbox, "--summary", tmp_path / "s.csv").stderr
    assert "输出文件不能与输入文件相同" in cli(inbox, "--summary", inbox / "a-原表.xlsx", "--force").stderr


def test_empty_folder_is_one_line_and_status_2(tmp_path):
    result = cli(tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == f"错误：在 {tmp_path} 中没有找到工作簿（.xlsx、.xlsm、.xls）"


def test_progress_bar_only_on_a_terminal(inbox):
    assert "核查中" not in cli(inbox).stderr
    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "perfeval_xl", "verify", str(inbox), "--format", "jsonl"],
                               stdout=subprocess.PIPE, stderr=follower)
    os.close(follower)
    stdout, _ = process.communicate(timeout=120)
    seen = _read_all(leader).decode()
    assert "核查中 [" in seen and "4/4" in seen
    assert len(stdout.splitlines()) == 4   # the bar never lands in the report


def _read_all(descriptor):
    chunks = []
    while True:
        try:
            chunk = os.read(descriptor, 65536)
        except OSError:   # EIO: the other end is closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(descriptor)
    return b"".join(chunks)


def test_ctrl_c_while_a_result_is_reported_lets_that_report_finish(inbox):
    """The CI race: Ctrl-C landing between counting a file and printing it left the total one ahead."""
    files = [path for path, _ in collect_workbooks([inbox])]
    reported = []

    def report(result):
        reported.append("start")
        os.kill(os.getpid(), signal.SIGINT)   # arrives in the middle of this file's report
        time.sleep(0.01)
        reported.append(Path(result.path).name)

    # Python's own handler, as in a terminal (a CI job started in the background inherits SIGINT ignored).
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        results, interrupted = run_batch(files, Task(), jobs=1, on_result=report)
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler   # put back
    finally:
        signal.signal(signal.SIGINT, previous)
    assert interrupted
    assert reported == ["start", "a-原表.xlsx"]    # finished, and no second file started
    assert [Path(result.path).name for result in results] == ["a-原表.xlsx"]


def test_a_batch_started_with_ctrl_c_ignored_keeps_ignoring_it(inbox):
    files = [path for path, _ in collect_workbooks([inbox])]
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        def report(result):
            os.kill(os.getpid(), signal.SIGINT)

        results, interrupted = run_batch(files, Task(), jobs=1, on_result=report)
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, previous)
    assert not interrupted and len(results) == len(files)


def test_ctrl_c_stops_cleanly_with_what_was_done(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for index in range(150):
        shutil.copy(FILLED, folder / f"u{index:03d}.xlsx")
    summary, out, err = tmp_path / "s.xlsx", tmp_path / "out.jsonl", tmp_path / "err.txt"
    with open(out, "wb") as stdout, open(err, "wb") as stderr:
        # SIGINT as a terminal leaves it (a CI job started in the background inherits it ignored).
        process = subprocess.Popen([sys.executable, "-m", "perfeval_xl", "verify", str(folder), "--jobs", "2",
                                    "--format", "jsonl", "--summary", str(summary)],
                                   stdout=stdout, stderr=stderr, start_new_session=True,
                                   preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        deadline = time.monotonic() + 120
        while not out.read_bytes().count(b"\n") and time.monotonic() < deadline:   # some files are done
            time.sleep(0.05)
        os.killpg(process.pid, signal.SIGINT)   # what a terminal sends the whole group on Ctrl-C
        started = time.monotonic()
        process.wait(timeout=60)
    assert time.monotonic() - started < 20
    assert process.returncode == 130
    errors = err.read_text(encoding="utf-8")
    assert "Traceback" not in errors and "KeyboardInterrupt" not in errors
    lines = out.read_text(encoding="utf-8").splitlines()
    done = len(lines)
    assert 1 <= done < 150
    assert all(json.loads(line)["status"] == "checked" for line in lines)
    assert f"已中断：已核查 {done} / 150 个文件" in errors
    book = openpyxl.load_workbook(summary)
    assert book["文件汇总"].max_row == done + 1
    assert book.properties.description == f"核查被中断：只含 {done} / 150 个文件"
    # No worker left running: the run's own process group (start_new_session) is empty.  Its
    # children, once their parent has exited, belong to init, so the group is what to ask.
    assert not _group_alive(process.pid)


def _group_alive(group, seconds=5):
    """True when a process of ``group`` is still there after ``seconds`` (init reaps orphans quickly)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return False
        if time.monotonic() > deadline:
            return True
        time.sleep(0.05)


def test_a_worker_that_dies_leaves_rows_not_a_traceback(inbox, monkeypatch):
    """A worker killed mid-file (out of memory, say): the files not yet reported become rows saying so."""
    import perfeval_xl.batch as batch

    files = [path for path, _ in collect_workbooks([inbox])]
    checked = batch.check_file

    def dies_on_the_broken_file(path, task):
        if Path(path).name == "d-坏.xlsx":
            os._exit(9)   # as the kernel's OOM killer would end it: no exception, no cleanup
        return checked(path, task)

    # The workers are forked from this process, so they run the patched function.
    monkeypatch.setattr(batch, "check_file", dies_on_the_broken_file)
    results, interrupted = run_batch(files, Task(), jobs=2)
    assert not interrupted
    names = [Path(result.path).name for result in results]
    assert names == [path.name for path in files]           # every file has its row, in order
    assert "核查进程意外退出" in results[names.index("d-坏.xlsx")].error
    # Files done before the crash keep their findings; from the first file lost on, every row says
    # the worker died (the pool stops every worker, so a file another worker was on is lost too).
    statuses = [result.status for result in results]
    first_lost = statuses.index("unreadable")
    assert set(statuses[:first_lost]) <= {"checked"} and set(statuses[first_lost:]) == {"unreadable"}
    assert all("核查进程意外退出" in result.error for result in results[first_lost:])
