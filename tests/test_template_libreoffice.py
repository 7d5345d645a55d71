"""LibreOffice as the oracle for what the template's formulas compute (one headless conversion)."""

import shutil
import subprocess
from decimal import Decimal

import openpyxl
import pytest
from render import RECALC_PROFILE  # scripts/render.py: the one copy of the profile

from perfeval_xl.template import TemplateOptions, fill_template, generate_template, template_layout
import seed_fill
import seed_report

SOFFICE = shutil.which("soffice")
OPTIONS = TemplateOptions(unit="岳阳市建设工程质量安全监督站", projects=("业务工作经费",))
PROJECT = "附件3-业务工作经费"
# Always recalculate on load: LibreOffice would otherwise trust cached values.


def weights_and_scores(table):
    """The seed's 分值 and 得分 of every indicator row (the template prefills names only)."""
    values = seed_fill.indicator_values(table["rows"])
    return {key: value for key, value in values.items() if key.endswith((".weight", ".score"))}


def seed_values():
    """The seed's 附件1/附件2/附件3 numbers, with two deliberate 附件3 score problems."""
    department = {"funds.initial_budget": Decimal("1924.24"), "funds.budget": Decimal("2263.34"),
                  "funds.spent": Decimal("2096.96"), "funds.weight": 10,
                  "split.income.一般公共预算": Decimal("2128.84"),
                  "split.income.其他资金": Decimal("134.50"),
                  "split.spending.基本支出": Decimal("2060.04"),
                  "split.spending.项目支出": Decimal("36.92")}
    department |= weights_and_scores(seed_report.DEPARTMENT)
    project = {"funds.initial_budget": 40, "funds.budget": 38, "funds.spent": Decimal("36.92"),
               "split.source.当年财政拨款.initial_budget": 40,
               "split.source.当年财政拨款.budget": 38,
               "split.source.当年财政拨款.spent": Decimal("36.92")}
    project |= weights_and_scores(seed_report.PROJECT)
    project |= {"indicator.0.score": 6, "indicator.1.score": 7}   # 6 > 5 and 7 < 8, no reason
    basic = {"basic.establishment": 110, "basic.staff": 105,
             "basic.public_funds.actual": Decimal("155.52"), "basic.office.actual": Decimal("27.75")}
    return {"附件2": department, PROJECT: project, "附件1": basic}


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory):
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed: formula smoke test not run")
    work = tmp_path_factory.mktemp("libreoffice")
    template, filled, out = work / "template.xlsx", work / "filled.xlsx", work / "out"
    generate_template(template, OPTIONS)
    fill_template(template, filled, seed_values())
    profile = work / "profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALC_PROFILE, encoding="utf-8")
    result = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(filled)],
        capture_output=True, timeout=120)
    converted = out / "filled.xlsx"
    assert result.returncode == 0 and converted.exists(), result.stderr.decode(errors="replace")
    return openpyxl.load_workbook(converted, data_only=True)


def value(book, sheet, key):
    """The recalculated value of a keyed input or formula cell."""
    layout = template_layout(OPTIONS).sheet(sheet)
    return book[sheet][layout.computed.get(key) or layout.inputs[key]].value


def number(raw):
    return Decimal(str(raw))


def test_execution_rate_and_score_match_the_seed(recalculated):
    assert number(value(recalculated, "附件2", "funds.rate")) == Decimal("0.9265")
    assert number(value(recalculated, "附件2", "funds.score")) == Decimal("9.26")
    assert number(value(recalculated, "附件2", "total.weight")) == 100
    assert number(value(recalculated, "附件2", "total.score")) == Decimal("99.26")
    assert number(value(recalculated, PROJECT, "funds.rate")) == Decimal("0.9716")
    assert number(value(recalculated, PROJECT, "funds.score")) == Decimal("9.72")
    assert number(value(recalculated, PROJECT, "total.score")) == Decimal("99.72")
    assert number(value(recalculated, "附件1", "basic.staff_control_rate")) == Decimal("0.9545")


def test_checks_pass_when_splits_add_up(recalculated):
    for key in ("split.income.check", "split.spending.check"):
        assert value(recalculated, "附件2", key) in (None, "")
    for column in ("initial_budget", "budget", "spent"):
        assert value(recalculated, PROJECT, f"split.source.check.{column}") in (None, "")
    assert value(recalculated, "附件2", "total.check") in (None, "")


def test_checks_flag_scores_and_weights(recalculated):
    assert value(recalculated, PROJECT, "indicator.0.check") == "得分超过分值"
    assert value(recalculated, PROJECT, "indicator.1.check") == "缺偏差原因"
    assert value(recalculated, PROJECT, "indicator.2.check") in (None, "")
    assert number(value(recalculated, "附件2", "level1_weight.产出指标.sum")) == 68
    assert value(recalculated, "附件2", "level1_weight.产出指标.check") == "权重与三级指标分值合计不符"
    assert value(recalculated, PROJECT, "level1_weight.效益指标.check") in (None, "")


def test_blank_inputs_give_blank_results(recalculated):
    blank = [value(recalculated, "附件1", key) for key in (
        "basic.three_public.budget", "basic.official_cars.actual", "basic.projects.budget",
        "building.0.size_control_rate", "building.4.investment_control_rate")]
    blank += [value(recalculated, "附件4", key) for key in (
        "fund.0.rate", "fund.total.budget", "fund.total.rate", "fund.check")]
    blank += [value(recalculated, "考核评分表", "review.total.score")]
    blank += [value(recalculated, PROJECT, "indicator.20.check")]
    assert set(blank) <= {None, ""}
    assert number(value(recalculated, "附件1", "basic.public_funds.actual")) == Decimal("155.52")
