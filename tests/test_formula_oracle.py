"""LibreOffice as the formula oracle: every formula cell of a recalculated fill equals recompute_template.

Hypothesis makes the data sets (derandomized, so every run checks the same
ones); they are collected first, written with fill_template, and recalculated
in two soffice processes side by side, because one soffice start per example
would take minutes.  A second test patches a template formula and shows the
same comparison then reports mismatches: the oracle has teeth.
"""

from decimal import Decimal

import openpyxl
import pytest
from hypothesis import HealthCheck, Phase, given, settings, strategies as st

from libreoffice import recalculate, require_soffice
from perfeval_xl.reader.workbook import open_workbook
from perfeval_xl.reader.cached_values import cached_results, input_values, is_error_value, same_result
from perfeval_xl.recompute import recompute_template
from perfeval_xl.template import TemplateOptions, fill_template, generate_template, template_layout
from perfeval_xl.template import formulas

GENERATED = 50
OPTIONS = TemplateOptions(unit="测试单位", projects=("业务工作经费", "运行维护经费"))
LAYOUT = template_layout(OPTIONS)
PROJECTS = LAYOUT.project_sheets
LEVEL1 = ("产出指标", "效益指标", "满意度指标", "其他指标", None)
BASIC_ROWS = ("car_purchase", "car_running", "overseas", "reception", "public_funds", "office",
              "utilities_travel", "meetings_training", "procurement")


# --- data sets --------------------------------------------------------------------------
# Strategies are built once: hypothesis validates each new strategy object, which made
# per-draw construction the slowest part of generating 50 whole-template fills.

def amounts(high):
    """万元 amounts: blank, zero, cents, a few with 3–5 decimals (they occur in real files), and a
    number typed as text ("2000": not a number to ISNUMBER/SUM, but one to ROUND)."""
    return st.one_of(st.none(), st.just(Decimal(0)),
                     st.decimals(0, high, places=2), st.decimals(0, 1000, places=3),
                     st.integers(0, high).map(Decimal), st.decimals(0, 10, places=5),
                     st.integers(0, high).map(str))


AMOUNT, SMALL_AMOUNT, BUILDING_AMOUNT = amounts(100000), amounts(500), amounts(5000)
MAYBE_WEIGHT = st.one_of(st.none(), st.decimals(0, 20, places=2))
ROW_WEIGHT = st.one_of(st.none(), st.decimals(0, 20, places=2), st.integers(0, 10).map(Decimal))
ROW_SCORE = st.one_of(st.none(), st.decimals(0, 25, places=2))
LEVEL1_WEIGHT = st.one_of(st.none(), st.integers(0, 60))
REVIEW_SCORES = tuple(st.one_of(st.none(), st.decimals(0, top, places=1))
                      for top in (8, 2, 10, 10, 15, 20, 20, 15))
KINDS = st.sampled_from(("random", "random", "rate_tie", "score_tie", "near_tie", "zero"))


@st.composite
def budget_and_spent(draw):
    """(全年预算数, 全年执行数): random (execution may exceed budget), or at a rounding tie."""
    kind = draw(KINDS)
    if kind == "random":
        return draw(AMOUNT), draw(AMOUNT)
    if kind == "zero":
        return Decimal(0), draw(AMOUNT)
    unit, odd = draw(st.integers(1, 50)), 2 * draw(st.integers(0, 999)) + 1
    if kind == "rate_tie":       # B/A = odd/20000 = x.xxxx5 → ROUND(B/A, 4) is a tie
        return Decimal(200 * unit), Decimal(unit * odd) / 100
    if kind == "score_tie":      # 10 × B/A = odd/200 = x.xx5 → ROUND(10 × B/A, 2) is a tie
        return Decimal(20 * unit), Decimal(unit * odd) / 100
    return Decimal(100), Decimal("92.649")   # rate 0.92649: 9.26 unrounded, 9.27 from 92.65 %


BUDGET_AND_SPENT = budget_and_spent()


@st.composite
def indicator_row(draw):
    """(一级指标, 分值, 得分, 偏差原因) of one row; 得分 sometimes equals 分值, sometimes exceeds it."""
    weight = draw(ROW_WEIGHT)
    score = draw(st.one_of(st.just(weight), ROW_SCORE))
    return draw(st.sampled_from(LEVEL1)), weight, score, draw(st.sampled_from((None, "原因说明")))


INDICATOR_ROW = indicator_row()


@st.composite
def self_evaluation(draw, sheet):
    """附件2 / 附件3 inputs: funds, splits (sometimes adding up), indicators, 一级 weights."""
    budget, spent = draw(BUDGET_AND_SPENT)
    values = {"funds.budget": budget, "funds.spent": spent, "funds.initial_budget": draw(AMOUNT)}
    if draw(st.booleans()):
        values["funds.weight"] = draw(MAYBE_WEIGHT)
    inputs = LAYOUT.sheets[sheet].inputs
    values |= {key: draw(AMOUNT) for key in inputs if key.startswith("split.")}
    if sheet == "附件2" and draw(st.booleans()) and isinstance(budget, Decimal):
        values |= {key: None for key in inputs if key.startswith("split.income.")}
        values["split.income.一般公共预算"], values["split.income.其他资金"] = budget, Decimal(0)
    rows = sum(1 for key in inputs if key.endswith(".weight") and key.startswith("indicator."))
    for i in range(draw(st.sampled_from((0, 1, rows // 2, rows)))):
        fields = ("level1", "weight", "score", "deviation_reason")
        values |= {f"indicator.{i}.{field}": value for field, value in zip(fields, draw(INDICATOR_ROW))}
    for name in LEVEL1[:3]:
        if draw(st.booleans()):
            values[f"level1_weight.{name}"] = draw(LEVEL1_WEIGHT)
    return values


@st.composite
def basic_data(draw):
    values = {"basic.establishment": draw(st.one_of(st.none(), st.integers(0, 200))),
              "basic.staff": draw(st.one_of(st.none(), st.integers(0, 250)))}
    for row in BASIC_ROWS + tuple(f"project.{i}" for i in range(len(PROJECTS))):
        for column in ("previous_actual", "budget", "actual"):
            values[f"basic.{row}.{column}"] = draw(SMALL_AMOUNT)
    for i in range(draw(st.integers(0, 5))):
        for field in ("approved_size", "actual_size", "budget_investment", "actual_investment"):
            values[f"building.{i}.{field}"] = draw(BUILDING_AMOUNT)
    return values


@st.composite
def fund_table(draw):
    values = {"fund.none": draw(st.sampled_from((None, "是", "否")))}
    for i in range(draw(st.sampled_from((0, 1, 3, 10)))):
        budget, spent = draw(BUDGET_AND_SPENT)
        values |= {f"fund.{i}.budget": budget, f"fund.{i}.spent": spent,
                   f"fund.{i}.initial_budget": draw(AMOUNT)}
    return values


@st.composite
def template_fill(draw):
    """One data set for the whole template, as fill_template takes it."""
    fill = {"附件1": draw(basic_data()), "附件2": draw(self_evaluation("附件2"))}
    fill |= {name: draw(self_evaluation(name)) for name in PROJECTS}
    fill |= {name: draw(fund_table()) for name in ("附件4", "附件5", "附件6")}
    fill["考核评分表"] = {f"review.{i}.score": draw(scores) for i, scores in enumerate(REVIEW_SCORES)}
    return fill


def generated_fills(count=GENERATED):
    """``count`` distinct data sets from hypothesis, the same on every run (derandomized, no shrinking)."""
    fills = {}

    @settings(max_examples=count + count // 5, deadline=None, derandomize=True, database=None,
              phases=(Phase.generate,), suppress_health_check=list(HealthCheck))
    @given(template_fill())
    def collect(fill):
        fills.setdefault(repr(fill), fill)

    collect()
    return list(fills.values())[:count]


def explicit_fills():
    """Edge cases named in issue 4: every 附件2 row filled, all zeros, nothing filled, the seed's tie."""
    full = {f"indicator.{i}.{field}": value for i in range(45)
            for field, value in (("level1", LEVEL1[i % 3]), ("weight", Decimal(2)),
                                 ("score", Decimal("1.5")), ("deviation_reason", None))}
    zeros = {key: Decimal(0) for key in LAYOUT.sheets["附件2"].inputs
             if key.startswith(("funds.", "split.", "level1_weight.")) or key.endswith((".weight", ".score"))}
    tie = {"funds.budget": Decimal(100000), "funds.spent": Decimal(92649), "funds.weight": Decimal(10)}
    return [{"附件2": full}, {"附件2": zeros}, {}, {"附件2": tie, PROJECTS[0]: tie}]


# --- the comparison ---------------------------------------------------------------------

def expected_results(template_values, fill, layout=LAYOUT):
    """recompute_template of the template's own input values (defaults) overlaid with ``fill``."""
    values = {sheet: dict(items) for sheet, items in template_values.items()}
    for sheet, items in fill.items():
        values.setdefault(sheet, {}).update(items)
    return recompute_template(values, layout)


def mismatches(recalculated, expected, layout=LAYOUT):
    """(sheet, key, cell, LibreOffice's value, perfeval-xl's value) for every formula cell that differs."""
    cached = cached_results(open_workbook(recalculated), layout, list(expected))
    book = openpyxl.load_workbook(recalculated, data_only=True)
    found = [(sheet, key, layout.sheets[sheet].computed[key], value, expected[sheet][key])
             for sheet, results in cached.items() for key, value in results.items()
             if not same_result(value, expected[sheet][key])]
    errors = [(ws.title, cell.coordinate, cell.value) for ws in book.worksheets
              for row in ws.iter_rows() for cell in row if is_error_value(cell.value)]
    return found, errors


def write_fills(template, fills, folder):
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"{folder.name}-{index:03d}.xlsx" for index in range(len(fills))]
    for path, fill in zip(paths, fills):
        fill_template(template, path, fill)
    return paths


def template_values(template):
    return input_values(open_workbook(template), LAYOUT)


# --- the tests --------------------------------------------------------------------------

def test_recompute_without_libreoffice():
    """The seed's numbers, both rounding ties, blanks, and every computed key of the layout."""
    department = {"funds.budget": Decimal("2263.34"), "funds.spent": Decimal("2096.96"),
                  "funds.weight": Decimal(10), "indicator.0.level1": "产出指标",
                  "indicator.0.weight": Decimal(50), "indicator.0.score": Decimal("49.5"),
                  "split.income.一般公共预算": Decimal("2128.84"), "split.income.其他资金": Decimal("134.50")}
    results = recompute_template({"附件2": department, "附件1": {"basic.establishment": 110,
                                                              "basic.staff": 105}}, LAYOUT)
    assert {sheet: set(keys) for sheet, keys in results.items()} == {
        name: set(sheet.computed) for name, sheet in LAYOUT.sheets.items() if sheet.computed}
    sheet = results["附件2"]
    assert (sheet["funds.rate"], sheet["funds.score"], sheet["total.score"]) == (
        Decimal("0.9265"), Decimal("9.26"), Decimal("58.76"))
    assert sheet["indicator.0.check"] == "缺偏差原因" and sheet["indicator.1.check"] is None
    assert sheet["split.income.check"] is None and sheet["split.spending.check"] is None
    assert (sheet["total.weight"], sheet["total.check"]) == (Decimal(60), "分值合计不为100")
    assert sheet["level1_weight.产出指标.sum"] == 50 and sheet["level1_weight.效益指标.sum"] == 0
    assert results["附件1"]["basic.staff_control_rate"] == Decimal("0.9545")
    assert results["附件4"]["fund.total.rate"] is None and results["考核评分表"]["review.total.score"] is None


@pytest.mark.parametrize("budget, spent, score", [
    (2000, 1853, "9.27"),            # 10 × 0.9265 = 9.265 exactly: half up
    (100000, 92649, "9.26"),         # 10 × 0.92649 = 9.2649 (not 10 × 0.9265)
    (100, 120, "10.00"),             # execution above budget: capped at 分值
])
def test_recompute_execution_score(budget, spent, score):
    values = {"附件2": {"funds.budget": budget, "funds.spent": spent, "funds.weight": 10}}
    assert recompute_template(values, LAYOUT)["附件2"]["funds.score"] == Decimal(score)


def test_recompute_text_total_is_a_value_error():
    values = {"附件2": {"funds.budget": "约2000", "split.income.其他资金": Decimal(1)}}
    sheet = recompute_template(values, LAYOUT)["附件2"]
    assert sheet["split.income.check"] == "#VALUE!" and sheet["funds.rate"] is None


def test_every_formula_cell_equals_the_recomputation(tmp_path):
    require_soffice()
    fills = generated_fills()
    assert len(fills) >= GENERATED
    fills += explicit_fills()
    template = tmp_path / "template.xlsx"
    generate_template(template, OPTIONS)
    defaults = template_values(template)
    outputs = recalculate(write_fills(template, fills, tmp_path / "filled"), tmp_path / "out", batches=2)
    problems = []
    for index, (fill, output) in enumerate(zip(fills, outputs)):
        found, errors = mismatches(output, expected_results(defaults, fill))
        problems += [(index, *item) for item in found + errors]
    assert not problems, problems[:20]


WRONG_FORMULAS = {
    "rate-to-2-places": ("ratio", lambda whole, part: (
        f'=IF(AND(ISNUMBER({whole}),{whole}>0,ISNUMBER({part})),ROUND({part}/{whole},2),"")')),
    "score-from-rounded-rate": ("execution_score", lambda budget, spent, weight: (
        f'=IF(AND(ISNUMBER({budget}),{budget}>0,ISNUMBER({spent}),ISNUMBER({weight})),'
        f'ROUND(MIN({weight},{weight}*ROUND({spent}/{budget},4)),2),"")')),
}


def test_a_wrong_template_formula_fails_the_oracle(tmp_path, monkeypatch):
    """Each deliberately wrong formula gives mismatches at the cells it computes, and only there."""
    require_soffice()
    tie = {"funds.budget": Decimal(100000), "funds.spent": Decimal(92649), "funds.weight": Decimal(10)}
    fill = {"附件2": tie}
    filled = []
    for label, (name, wrong) in WRONG_FORMULAS.items():
        with monkeypatch.context() as patch:
            patch.setattr(formulas, name, wrong)
            template = tmp_path / f"{label}-template.xlsx"
            generate_template(template, OPTIONS)
            filled += write_fills(template, [fill], tmp_path / label)
    outputs = recalculate(filled, tmp_path / "out")
    template = tmp_path / "template.xlsx"
    generate_template(template, OPTIONS)
    expected = expected_results(template_values(template), fill)
    keys = {label: {(sheet, key) for sheet, key, *_ in mismatches(output, expected)[0]}
            for label, output in zip(WRONG_FORMULAS, outputs)}
    assert ("附件2", "funds.rate") in keys["rate-to-2-places"]          # 0.93 instead of 0.9265
    assert keys["score-from-rounded-rate"] == {("附件2", "funds.score"), ("附件2", "total.score")}
