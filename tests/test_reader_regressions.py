"""Reader cases the rule-case data cannot see: how a cell is typed changes what the rules get."""

import datetime
from collections import Counter
from pathlib import Path

import openpyxl

import seed_fill
from perfeval_xl.api import verify_file
from perfeval_xl.template import fill_template, generate_template

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "yueyang-2024-原表.xlsx"


def findings(path):
    return Counter((f.rule, f.sheet, f.cell) for f in verify_file(path).findings)


def test_percentages_typed_into_percent_cells_read_as_shown(tmp_path):
    """96% typed into a cell formatted "0%" is stored 0.96; it must read "96%", not "0.96"."""
    book = openpyxl.load_workbook(SAMPLE)
    sheet = book["附件3"]
    for coordinate, fraction in (("E16", 0.98), ("F16", 1), ("F17", 1)):  # 98% / 100% / 100%
        sheet[coordinate] = fraction
        sheet[coordinate].number_format = "0%"
    path = tmp_path / "percent-cells.xlsx"
    book.save(path)
    assert findings(path) == findings(SAMPLE)
    lower = tmp_path / "lower.xlsx"
    sheet["F16"], sheet["F16"].number_format = 0.96, "0%"   # 96% against a target of 98%, full marks kept
    book.save(lower)
    assert findings(lower) - findings(SAMPLE) == Counter({("PE604", "附件3", "H16"): 1})


def test_a_table_marked_none_on_the_cover_but_filled_is_caught(tmp_path):
    book = openpyxl.load_workbook(SAMPLE)
    sheet = book.create_sheet("附件4")
    rows = [["2024年度政府性基金预算支出情况表"], ["项目", "年初预算数", "全年预算数", "全年执行数", "执行率", "备注"],
            ["城市建设配套费", 120, 110, 100, "90.91%", ""]]
    for row in rows:
        sheet.append(row)
    path = tmp_path / "fund-filled.xlsx"
    book.save(path)
    extra = findings(path) - findings(SAMPLE)
    # reported at the cover's "本单位无政府性基金预算支出", naming 附件4!B3 as the filled cell
    assert extra["PE706", "封面", "A25"] == 1
    assert {rule for rule, _, _ in extra} <= {"PE706", "PE403"}  # the new table has no footer either


def test_a_blank_none_switch_in_the_template_is_not_a_declaration(tmp_path):
    blank, filled = tmp_path / "blank.xlsx", tmp_path / "filled.xlsx"
    generate_template(blank, seed_fill.OPTIONS)
    values = seed_fill.seed_fill_values()
    for sheet in ("附件4", "附件5", "附件6"):
        values[sheet] = {}  # the switch left blank: neither 是 nor 否
    values["封面"]["cover.leader_signed_on"] = datetime.date(2025, 3, 15)
    fill_template(blank, filled, values)
    missing = {(f.rule, f.sheet) for f in verify_file(filled).findings if f.rule == "PE707"}
    assert missing == {("PE707", "附件4"), ("PE707", "附件5"), ("PE707", "附件6")}
