"""The command line: exit statuses, JSON shape, one-line Chinese errors, the rules pages."""

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from perfeval_xl.cli import main
from perfeval_xl.rules import RULES

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "yueyang-2024-原表.xlsx"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_verify_sample_text_exits_1_and_ends_with_counts():
    result = run("verify", SAMPLE)
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines[-1] == "共核查 1 个文件：7 个错误，12 个警告，1 个提示"
    assert "  [附件2]" in lines
    assert any("H45" in line and "PE201" in line and "99.27" in line for line in lines)


def test_verify_json_shape():
    result = run("verify", "--format", "json", SAMPLE)
    assert result.exit_code == 1
    document = json.loads(result.output)
    assert document["tool"] == "perfeval-xl" and document["version"]
    (entry,) = document["files"]
    assert set(entry) == {"path", "status", "error", "unit", "year", "summary", "findings"}
    assert entry["status"] == "checked" and entry["error"] is None
    assert entry["unit"] == "岳阳市建设工程质量安全监督站" and entry["year"] == 2024
    assert entry["summary"] == {"errors": 7, "warnings": 12, "infos": 1}
    total = next(f for f in entry["findings"] if f["rule"] == "PE201")
    assert total == {"rule": "PE201", "name": "total-differs-from-sum", "severity": "error",
                     "sheet": "附件2", "cell": "H45", "message": "总分 99.27 与各项得分合计 99.26 不符，差 0.01",
                     "hint": total["hint"], "actual": "99.27", "expected": "99.26"}
    assert total["hint"]


def test_unreadable_file_exits_2_with_one_chinese_line(tmp_path):
    bad = tmp_path / "report.xlsx"
    bad.write_text("这不是工作簿", encoding="utf-8")
    result = run("verify", "--format", "json", bad)
    assert result.exit_code == 2
    entry = json.loads(result.output)["files"][0]
    assert entry["status"] == "unreadable" and "不是 Excel 工作簿" in entry["error"]
    text = run("verify", bad)
    assert text.exit_code == 2 and "Traceback" not in text.output
    assert "无法读取" in text.output


def test_one_unreadable_file_among_others_still_checks_the_rest(tmp_path):
    result = run("verify", "--format", "json", SAMPLE, tmp_path / "missing.xlsx")
    assert result.exit_code == 2
    statuses = [entry["status"] for entry in json.loads(result.output)["files"]]
    assert statuses == ["checked", "unreadable"]


def test_rules_list_and_page():
    listing = run("rules")
    assert listing.exit_code == 0
    assert len(listing.output.strip().splitlines()) == len(RULES)
    page = run("rules", "pe201")
    assert page.exit_code == 0
    for section in ("检查内容", "为何重要", "示例"):
        assert section in page.output
    missing = run("rules", "PE999")
    assert missing.exit_code == 2 and "没有规则 PE999" in missing.output


def test_template_refuses_to_overwrite_without_force(tmp_path):
    out = tmp_path / "模板.xlsx"
    assert run("template", out, "--unit", "某单位", "--project", "业务工作经费").exit_code == 0
    mode = stat.S_IMODE(os.stat(out).st_mode)
    assert mode & stat.S_IRGRP, "an output is an ordinary readable file, not a private temp file"
    again = run("template", out)
    assert again.exit_code == 2 and "--force" in again.output
    assert run("template", out, "--force").exit_code == 0


def test_template_bad_options_exit_2(tmp_path):
    result = run("template", tmp_path / "t.xlsx", "--year", "1900")
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_python_dash_m_works():
    result = subprocess.run([sys.executable, "-m", "perfeval_xl", "rules", "PE101"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "PE101 execution-rate-mismatch" in result.stdout


def test_misuse_is_one_chinese_line_and_status_2():
    for args in (["verify"], ["verify", "--format", "xml", str(SAMPLE)], ["nosuchcommand"]):
        result = subprocess.run([sys.executable, "-m", "perfeval_xl", *args],
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 2
        assert result.stderr.startswith("错误：命令用法不对") and len(result.stderr.strip().splitlines()) == 1
        assert "Traceback" not in result.stderr


def test_a_reader_bug_is_a_clear_line_not_a_traceback(tmp_path, monkeypatch):
    import perfeval_xl.reader as reader

    def broken(path):
        raise KeyError("unexpected")

    monkeypatch.setattr(reader, "read_workbook", broken)
    result = run("verify", SAMPLE)
    assert result.exit_code == 2
    assert "读取时出现意外错误" in result.output and "Traceback" not in result.output


def test_ctrl_c_on_one_file_is_status_130_without_a_traceback(monkeypatch, capsys):
    import pytest

    import perfeval_xl.commands.verify_run as verify_run
    from perfeval_xl import cli

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(verify_run, "run_verify", interrupted)
    monkeypatch.setattr(sys, "argv", ["perfeval-xl", "verify", str(SAMPLE)])
    with pytest.raises(SystemExit) as stopped:
        cli.run()
    assert stopped.value.code == 130
    assert capsys.readouterr().err.strip() == "已中断"


def test_annotation_that_cannot_be_written_is_one_line(tmp_path):
    import openpyxl

    path = tmp_path / "foreign.xlsx"
    book = openpyxl.load_workbook(SAMPLE)
    book.create_sheet("_perfeval_annotation")["A1"] = "用户自己的表"
    book.save(path)
    result = subprocess.run([sys.executable, "-m", "perfeval_xl", "verify", str(path), "--annotate"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("错误：")
    assert not (tmp_path / "foreign.核查.xlsx").exists()


def test_only_the_command_sets_the_collector():
    # The command raises the thresholds, and freezes everything before it leaves; importing the
    # library changes neither.  os._exit is replaced here so the process can say what it saw.
    code = ("import gc, os, sys; default = gc.get_threshold(); import perfeval_xl.cli, perfeval_xl.api; "
            "assert gc.get_threshold() == default, 'importing the library changed gc'; "
            "assert gc.get_freeze_count() == 0; "
            "sys.argv = ['perfeval-xl', '--version']; from perfeval_xl.console import run\n"
            "def seen(status):\n"
            "    print(gc.get_threshold()[0] > default[0], gc.get_freeze_count() > 0, status); sys.exit(0)\n"
            "os._exit = seen\n"
            "run()")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["perfeval-xl, version 0.1.0", "True True 0"]
