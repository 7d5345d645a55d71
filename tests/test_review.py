"""The 考核评分表: read in both layouts, pre-scored from the tables, `score`, and filled into a copy."""

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from perfeval_xl.commands.score import score
from perfeval_xl.model import FundTable, Value
from perfeval_xl.profile import DEFAULT_REVIEW_MAXIMA, Profile
from perfeval_xl.reader import read_workbook
from perfeval_xl.reader.review import split_points
from perfeval_xl.report.annotate_review import fill_review_sheet
from perfeval_xl.review_score import score_review, working_days_between
from perfeval_xl.template import TemplateOptions, generate_template
from rule_cases_build import A2, clean_workbook, fund_table_none

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
HANDTYPED, TEMPLATE = SAMPLES / "yueyang-2024-原表.xlsx", SAMPLES / "yueyang-2024-模板填报.xlsx"
SHEET = "考核评分表"


def by_name(items):
    return {item.name: item for item in items}


@pytest.fixture(scope="module")
def seed():
    return read_workbook(HANDTYPED)


# --- reading -----------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("自评通知 (8分)", ("自评通知", "8")), ("单位自查\n(10分)", ("单位自查", "10")),
    ("绩效  自评表 (20分)", ("绩效自评表", "20")), ("布置 工作\n10分", ("布置工作", "10")),
    ("完整性（15分）", ("完整性", "15")), ("100分", ("", "100")), ("建议情况", ("建议情况", "")),
])
def test_split_points(text, expected):
    assert split_points(text) == expected


def test_handtyped_layout_takes_maxima_from_the_labels(seed):
    review = seed.review
    assert [(i.level1, i.name, i.maximum.number, i.maximum.cell) for i in review.items[:2]] == [
        ("布置工作", "自评通知", 8, "B4"), ("布置工作", "工作小组", 2, "B5")]
    assert {i.name: i.maximum.number for i in review.items} == DEFAULT_REVIEW_MAXIMA
    assert all(i.score.blank and i.score.cell is None for i in review.items)
    assert (review.total_maximum.number, review.total_maximum.cell) == (100, "B12")


def test_template_layout_reads_max_and_score_columns():
    review = read_workbook(TEMPLATE).review
    assert [(i.maximum.cell, i.score.cell) for i in review.items][:2] == [("E3", "F3"), ("E4", "F4")]
    assert {i.name: i.maximum.number for i in review.items} == DEFAULT_REVIEW_MAXIMA
    assert review.total_maximum.number == 100 and review.total_score.is_formula


def test_handtyped_sheet_with_an_added_score_column(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["部门整体支出绩效自评工作考核评分表"])
    sheet.append(["一级指标", "二级指标", "评分标准", "得分"])
    sheet.append(["布置工作10分", "自评通知 (8分)", "……", 7])
    sheet.append([None, "工作小组 (2分)", "……", 2])
    sheet.append(["合计", "100分", None, 10])
    book.save(tmp_path / "r.xlsx")
    review = read_workbook(tmp_path / "r.xlsx").review
    assert [(i.name, i.maximum.number, i.score.number, i.score.cell) for i in review.items] == [
        ("自评通知", 8, 7, "D3"), ("工作小组", 2, 2, "D4")]
    assert (review.total_maximum.number, review.total_score.number) == (100, 10)


# --- computing ---------------------------------------------------------------------------


def test_seed_items(seed):
    items = by_name(score_review(seed, deadline=date(2025, 3, 17)))
    assert sum(item.maximum for item in items.values()) == 100
    assert items["附件完整性"].score == 7 and "本单位无" in items["附件完整性"].reason
    assert items["权重符合规程"].score == 0 and "2 张表中 0 张" in items["权重符合规程"].reason
    assert items["全部细化到三级指标"].score == 5
    assert items["指标明确可衡量"].score == Decimal("3.07") and "27 个（61.36%）" in items["指标明确可衡量"].reason
    assert items["按时报送"].score == 9 and "报告日期 2025-03-18（封面!A4）" in items["按时报送"].reason
    judged = [name for name, item in items.items() if not item.computable]
    assert judged == ["自评通知", "工作小组", "单位自查", "正文完整性", "指标突出核心、全面反映",
                      "反映问题情况", "建议情况"]
    assert all(items[name].reason.startswith("由审核人填写") for name in judged)


def test_lateness_needs_a_deadline_and_a_date(seed):
    assert not by_name(score_review(seed))["按时报送"].computable
    workbook = clean_workbook()
    for table in (workbook.basic_data, workbook.department, *workbook.projects):
        table.footer.filled_on = A2.blank("D22")
    filled_only = by_name(score_review(workbook, deadline=date(2025, 3, 17)))["按时报送"]
    assert filled_only.computable and "报告日期 2025-03-18" in filled_only.reason  # the cover's date alone
    workbook.cover.report_date = A2.blank("B4")
    late = by_name(score_review(workbook, deadline=date(2025, 3, 17)))["按时报送"]
    assert not late.computable and "填报日期" in late.reason


def test_the_report_date_counts_when_later_than_the_tables(seed):
    """The seed's tables were filled 2025-03-11, the report is dated 2025-03-18: sent on the 18th."""
    item = by_name(score_review(seed, deadline=date(2025, 3, 11)))["按时报送"]
    assert item.score == 5 and "晚于截止日期 2025-03-11 5 个工作日" in item.reason


@pytest.mark.parametrize("deadline, days, points", [
    ("2025-03-18", 0, 10), ("2025-03-31", 0, 10), ("2025-03-17", 1, 9),
    ("2025-03-14", 2, 8), ("2025-03-15", 2, 8), ("2025-02-28", 12, 0)])
def test_working_days_late(deadline, days, points):
    deadline = date.fromisoformat(deadline)  # the clean workbook's report is dated Tuesday 2025-03-18
    assert working_days_between(deadline, date(2025, 3, 18)) == days
    assert by_name(score_review(clean_workbook(), deadline=deadline))["按时报送"].score == points


def test_attachments_missing_and_declared_none():
    workbook = clean_workbook()          # 附件1–3, no 附件4–6 at all
    assert by_name(score_review(workbook))["附件完整性"].score == 1
    workbook.fund_tables = {kind: FundTable(kind, "封面", none_declared=Value(text="本单位无…", sheet="封面",
                                                                          cell="A25"))
                            for kind in ("gov_fund", "state_capital")}
    workbook.fund_tables["social_insurance"] = fund_table_none()
    assert by_name(score_review(workbook))["附件完整性"].score == 7
    workbook.basic_data, workbook.projects = None, []
    item = by_name(score_review(workbook))["附件完整性"]
    assert item.score == 3 and "缺 附件1、附件3" in item.reason
    workbook.department, workbook.fund_tables = None, {}
    assert by_name(score_review(workbook))["附件完整性"].score == 0


def test_weights_in_proportion_of_tables():
    workbook = clean_workbook()
    assert by_name(score_review(workbook))["权重符合规程"].score == 5
    hubei = Profile(weights={"预算执行": 20, "产出指标": 40, "效益指标": 40})
    assert by_name(score_review(workbook, hubei))["权重符合规程"].score == 0
    workbook.department.headings[0].indicators[0].weight = A2.num("18", "G14")
    assert by_name(score_review(workbook))["权重符合规程"].score == Decimal("2.5")


def test_detail_in_proportion_of_named_rows():
    workbook = clean_workbook()
    indicators = workbook.department.indicators + workbook.projects[0].indicators
    indicators[0].name = A2.blank("D14")
    item = by_name(score_review(workbook))["全部细化到三级指标"]
    assert item.score == Decimal("4.74") and f"{len(indicators)} 个指标行中 {len(indicators) - 1} 个" in item.reason


# --- the score command -------------------------------------------------------------------


def test_score_prints_the_seed():
    result = CliRunner().invoke(score, [str(HANDTYPED), "--deadline", "2025-03-17"])
    assert result.exit_code == 0, result.output
    assert "提交报告·按时报送：9 / 10 分" in result.output
    assert "完整性·附件完整性：7 / 7 分" in result.output and "本单位无" in result.output
    assert "小计：24.07 / 32 分" in result.output and "需审核人评定的项目（共 68 分）" in result.output
    assert "未发现问题" in result.output


def test_score_json_with_profile():
    result = CliRunner().invoke(score, [str(HANDTYPED), "--format", "json", "--profile", "yueyang"])
    document = json.loads(result.output)
    items = {item["name"]: item for item in document["items"]}
    assert items["附件完整性"]["score"] == "7" and items["按时报送"]["score"] is None
    assert document["computed"] == {"score": "15.07", "maximum": "22"}


def test_score_reports_an_entered_score_out_of_range(tmp_path):
    book = openpyxl.load_workbook(TEMPLATE)
    book[SHEET]["F3"] = 9
    book.save(tmp_path / "scored.xlsx")
    result = CliRunner().invoke(score, [str(tmp_path / "scored.xlsx")])
    assert result.exit_code == 1
    assert "F3" in result.output and "PE801" in result.output and "超过满分 8" in result.output


def test_score_unreadable_file(tmp_path):
    (tmp_path / "a.xlsx").write_text("not a workbook", encoding="utf-8")
    result = CliRunner().invoke(score, [str(tmp_path / "a.xlsx")])
    assert result.exit_code == 2
    assert result.output.strip().startswith("错误：") and len(result.output.strip().splitlines()) == 1


# --- filling the annotated copy ----------------------------------------------------------


@pytest.fixture
def template_book(tmp_path):
    path = tmp_path / "template.xlsx"
    generate_template(path, TemplateOptions(unit="岳阳市建设工程质量安全监督站", year=2024))
    return path


def test_fill_template_writes_whole_rows_and_comments_parts(template_book, tmp_path):
    items = score_review(clean_workbook(), deadline=date(2025, 3, 17))
    book = openpyxl.load_workbook(template_book)
    written = fill_review_sheet(book, SHEET, items)
    assert [(w.cell, w.score) for w in written] == [("F6", 9), ("F7", None), ("F8", None)]
    assert "按时报送 9/10 分" in written[0].comment and "由审核人评定" in written[1].comment
    book.save(tmp_path / "filled.xlsx")
    again = openpyxl.load_workbook(tmp_path / "filled.xlsx")[SHEET]
    assert again["F6"].value == 9 and again["F7"].value is None and again["F11"].value.startswith("=")
    assert "附件完整性 1/7 分" in again["F7"].comment.text
    review = read_workbook(tmp_path / "filled.xlsx").review
    assert review.items[3].score.number == 9


def test_fill_keeps_an_entered_score_and_an_existing_comment(template_book):
    book = openpyxl.load_workbook(template_book)
    book[SHEET]["F6"] = 8
    book[SHEET]["F6"].comment = openpyxl.comments.Comment("审核人意见", "审核人")
    [written] = fill_review_sheet(book, SHEET, score_review(clean_workbook(), deadline=date(2025, 3, 17)))[:1]
    assert book[SHEET]["F6"].value == 8 and written.score is None
    assert written.original_comment["text"] == "审核人意见"
    assert book[SHEET]["F6"].comment.text.startswith("审核人意见\n") and "表中已填得分 8" in written.comment


def test_fill_handtyped_layout_comments_the_labels(seed):
    book = openpyxl.load_workbook(HANDTYPED)
    written = fill_review_sheet(book, SHEET, score_review(seed, deadline=date(2025, 3, 17)))
    assert [(w.cell, w.score) for w in written] == [("B7", None), ("B8", None), ("B9", None)]
    assert "按时报送 9/10 分" in book[SHEET]["B7"].comment.text


def test_fill_without_computed_items(template_book):
    book = openpyxl.load_workbook(template_book)
    items = [item for item in score_review(clean_workbook()) if not item.computable]
    assert fill_review_sheet(book, SHEET, items) == []
