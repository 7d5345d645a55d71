"""The indicator-value parser on every 年度指标值 and 实际完成值 of the seed, and on our own cases."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

import seed_report
from perfeval_xl.glossary import normalize_label
from perfeval_xl.indicator_values import (
    EQ, EXACT, FORWARD, GE, GRADE_MET, GRADE_MISSED, GRADE_PARTLY, LE, QUALITATIVE, QUANTITATIVE, RANGE,
    REVERSE, TIME, IndicatorValue, comparable_numbers, computed_score, direction, missed,
    parse_indicator_value, read_pair, units_differ,
)


def q(number, unit=None, comparator=None, upper=None, label=""):
    """An expected quantity."""
    return IndicatorValue("", QUANTITATIVE, comparator, Decimal(number), Decimal(upper) if upper else None, unit,
                          label=label)


def words(grade=None):
    return IndicatorValue("", QUALITATIVE, grade=grade)


def deadline(year, month, day, precision):
    """A deadline, and how precisely it was written: "year", "month" or "day"."""
    return IndicatorValue("", TIME, LE, unit="date", deadline=date(year, month, day), precision=precision)


PLAN_TIME = IndicatorValue("", TIME)
UNKNOWN = IndicatorValue("")

# Every text of the seed's 附件2 and 附件3 indicator blocks (targets and completions),
# read as they stand in their row (the 成本指标 row's bare 2096.96 is 万元).
SEED = {
    "100%": q("100", "%"),
    "98%": q("98", "%"),
    "98%以上": q("98", "%", GE),
    "10%": q("10", "%"),
    "≤11万": q("11", "万元", LE),
    "8次/年": q("8", "次/年"),
    "4次/年": q("4", "次/年"),
    "5": q("5"),
    "3-5个工作日": q("3", "个工作日", RANGE, upper="5"),
    "2096.96": q("2096.96", "万元"),
    "38万": q("38", "万元"),
    "2024年年底完成": deadline(2024, 12, 31, "year"),
    "计划规定时间": PLAN_TIME,
    "建筑施工现场质量安全标准化考评合格率100%": q("100", "%", label="建筑施工现场质量安全标准化考评合格率"),
    **{text: words() for text in (
        "不发生较大安全生产事故", "覆盖率全面提升", "全覆盖", "无较重大房屋坍塌事故", "不发生较大消防生产事故",
        "不形成负面影响", "整体平稳", "让质量安全更加深入人心", "让群众省心省力", "助力建设岳阳大城市新格局",
        "社会效益好", "良好的生态环境效益", "提升建筑环境", "实现可持续发展", "有可持续影响")},
}


def seed_indicator_rows():
    """(二级指标, 年度指标值, 实际完成值) of every 三级指标 row of the seed's 附件2 and 附件3."""
    found = []
    for table in (seed_report.DEPARTMENT, seed_report.PROJECT):
        rows = table["rows"]
        start = next(i for i, row in enumerate(rows) if len(row) > 4 and "年度" in row[4]) + 1
        level2 = ""
        for row in rows[start:]:
            if len(row) < 9:
                break
            level2 = normalize_label(row[2]) or level2  # merged 二级指标 cells are "" below their first row
            found.append((level2, row[4], row[5]))
    return found


SEED_ROWS = seed_indicator_rows()


def test_seed_rows_are_all_here():
    assert len(SEED_ROWS) == 31 + 13
    texts = {text for _, target, actual in SEED_ROWS for text in (target, actual)}
    assert texts == set(SEED)


@pytest.mark.parametrize("level2, target, actual", SEED_ROWS, ids=lambda value: str(value))
def test_every_seed_text_reads_as_stated(level2, target, actual):
    assert parse_indicator_value(target, level2) == SEED[target]._replace(text=target)
    assert parse_indicator_value(actual) == SEED[actual]._replace(text=actual)


OWN = {
    "≥11万": q("11", "万元", GE),
    "≥１１万": q("11", "万元", GE),
    "＞＝95％": q("95", "%", GE),
    ">=95%": q("95", "%", GE),
    "不低于95%": q("95", "%", GE),
    "不少于8次": q("8", "次", GE),
    "合格率不低于98%": q("98", "%", GE, label="合格率"),
    "<=3%": q("3", "%", LE),
    "不高于3%": q("3", "%", LE),
    "不超过5个工作日": q("5", "个工作日", LE),
    "5个工作日以内": q("5", "个工作日", LE),
    "3个工作日内办结": q("3", "个工作日", LE),
    "0.5%以下": q("0.5", "%", LE),
    "控制在38万元以内": q("38", "万元", LE),
    "=1个": q("1", "个", EQ),
    "2,096.96万元": q("2096.96", "万元"),
    "36.92万元": q("36.92", "万元"),
    "5000元": q("5000", "元"),
    "4台次": q("4", "台次"),
    "12件": q("12", "件"),
    "200人次": q("200", "人次"),
    "30天": q("30", "天"),
    "0起": q("0", "起"),
    "90分以上": q("90", "分", GE),
    "10-20个": q("10", "个", RANGE, upper="20"),
    "3～5天": q("3", "天", RANGE, upper="5"),
    "约5次左右": q("5", "次", label="约"),
    "2024年12月31日前": deadline(2024, 12, 31, "day"),
    "2024-06-30前完成": deadline(2024, 6, 30, "day"),
    "2024年6月底前完成": deadline(2024, 6, 30, "month"),
    "2025年3月完成": deadline(2025, 3, 31, "month"),
    "2024年": deadline(2024, 12, 31, "year"),
    "每季度2次": q(8, "次/年", label="每季度"),
    "每月1次": q(12, "次/年", label="每月"),
    "12月底前完成": PLAN_TIME,
    "按时完成": PLAN_TIME,
    "规定时限内": PLAN_TIME,
    "达成预期指标": words(GRADE_MET),
    "已达成预期目标": words(GRADE_MET),
    "部分达成预期指标并具有一定效果": words(GRADE_PARTLY),
    "部分达成": words(GRADE_PARTLY),
    "未达成预期指标且效果较差": words(GRADE_MISSED),
    "未完成": words(GRADE_MISSED),
    "基本达成": words(),
    "": UNKNOWN,
    "/": UNKNOWN,
    "1:3": UNKNOWN,
    "5-3个": UNKNOWN,
    "2024年度完成率100%": UNKNOWN,
}


@pytest.mark.parametrize("text", OWN)
def test_own_case_reads_as_stated(text):
    assert parse_indicator_value(text) == OWN[text]._replace(text=text)


def test_a_bare_number_is_money_only_in_a_cost_row():
    assert parse_indicator_value("2096.96").unit is None
    assert parse_indicator_value("2096.96", "成本指标").unit == "万元"
    assert parse_indicator_value("98%", "成本指标").unit == "%"


@given(number=st.decimals(min_value=0, max_value=Decimal("99999.99"), places=2),
       spelling=st.sampled_from([("%", "%"), ("万元", "万元"), ("万", "万元"), ("次/年", "次/年"), ("个", "个")]),
       sign=st.sampled_from([("", None), ("≥", GE), ("不低于", GE), ("≤", LE), ("不超过", LE)]))
def test_any_typed_quantity_reads_back(number, spelling, sign):
    parsed = parse_indicator_value(f"{sign[0]}{number}{spelling[0]}")
    assert (parsed.kind, parsed.comparator, parsed.number, parsed.unit) == (QUANTITATIVE, sign[1], number, spelling[1])


# --- pairs: which seed indicators cannot be scored (RULES.md §4) --------------------------


def test_seed_unit_mismatches_are_the_amounts_and_counts_against_100_percent():
    differing = [(target, actual) for level2, target, actual in SEED_ROWS
                 if units_differ(read_pair(target, actual, level2))]
    assert differing == [("2096.96", "100%"), ("≤11万", "100%"), ("8次/年", "100%"), ("38万", "100%")]


@pytest.mark.parametrize("target, actual", [("2024年年底完成", "100%"), ("计划规定时间", "100%"),
                                            ("3-5个工作日", "100%"), ("全覆盖", "100%"), ("4次/年", "5")])
def test_no_mismatch(target, actual):
    assert not units_differ(read_pair(target, actual))


def test_a_bare_completion_takes_the_target_unit():
    pair = read_pair("4次/年", "5")
    assert pair.actual.unit == "次/年" and comparable_numbers(pair) == (Decimal(4), Decimal(5))
    assert comparable_numbers(read_pair("8次/年", "8次")) == (Decimal(8), Decimal(8))
    assert comparable_numbers(read_pair("≤11万", "110000元")) == (Decimal(11), Decimal("11.0000"))
    assert comparable_numbers(read_pair("12个", "12件")) is None


@pytest.mark.parametrize("target, level2, way", [
    ("98%", None, FORWARD), ("≥98%", None, FORWARD), ("≤11万", None, REVERSE), ("=1个", None, EXACT),
    ("38万", "成本指标", REVERSE), ("5个工作日", None, REVERSE), ("0起", None, REVERSE), ("3-5个工作日", None, None),
])
def test_direction(target, level2, way):
    assert direction(parse_indicator_value(target, level2), level2) == way


D = Decimal


@pytest.mark.parametrize("way, target, actual, weight, score", [
    (FORWARD, D(98), D(95), D(5), D(5) * 95 / 98), (FORWARD, D(98), D(100), D(5), D(5)),
    (FORWARD, D(0), D(0), D(5), D(5)), (REVERSE, D(11), D(12), D(5), D(5) * 11 / 12),
    (REVERSE, D(11), D(10), D(5), D(5)), (REVERSE, D(0), D(0), D(5), D(5)), (REVERSE, D(0), D(1), D(5), D(0)),
    (EXACT, D(1), D(1), D(5), D(5)), (EXACT, D(1), D(0), D(5), None),
])
def test_computed_score(way, target, actual, weight, score):
    assert computed_score(way, target, actual, weight) == score


def test_missed():
    assert missed(FORWARD, D(98), D(95)) and not missed(FORWARD, D(98), D(98))
    assert missed(REVERSE, D(11), D(12)) and not missed(REVERSE, D(11), D(11))
    assert missed(EXACT, D(1), D(0)) and not missed(EXACT, D(1), D(1))
