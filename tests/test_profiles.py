"""Profiles: the shipped TOML files, loading and its errors, --profile/--select/--ignore, and the switch."""

import configparser
import tomllib
from decimal import Decimal
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner

from perfeval_xl.api import resolve_profile, select_rules, verify_file
from perfeval_xl.cli import main
from perfeval_xl.findings import Severity
from perfeval_xl.profile import DEFAULT_PROFILE, Profile, load_profile, shipped_profiles
from perfeval_xl.rules import RULES, check, get_rule
from rule_cases_build import clean_workbook

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "yueyang-2024-原表.xlsx"


def profile_file(tmp_path, text, name="custom.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def shown(findings):
    return {(f.rule, f.severity.value, f.sheet, f.cell, f.message) for f in findings}


# --- the shipped files ------------------------------------------------------------------


def test_shipped_profiles_and_the_default_agree_with_yueyang_toml():
    assert shipped_profiles() == ["hubei", "yueyang"]
    assert load_profile("yueyang") == DEFAULT_PROFILE == Profile()
    assert dict(DEFAULT_PROFILE.weights) == {"预算执行": 10, "产出指标": 50, "效益指标": 30, "满意度指标": 10}
    assert DEFAULT_PROFILE.qualitative_bands["部分达成预期指标并具有一定效果"] == (60, 80)
    assert DEFAULT_PROFILE.reason_below_execution_rate is None
    assert DEFAULT_PROFILE.over_achievement_ratio == Decimal("1.3") and DEFAULT_PROFILE.tolerance == 0
    assert sum(DEFAULT_PROFILE.review_maxima.values()) == 100


def test_hubei_is_20_40_40_with_a_group_bands_80_50_and_a_90_percent_threshold():
    hubei = load_profile("hubei")
    assert dict(hubei.weights) == {"预算执行": 20, "产出指标": 40, "效益指标+满意度指标": 40}
    assert hubei.weight_groups()[2] == ("效益指标+满意度指标", ("效益指标", "满意度指标"), 40)
    assert [band[0] for band in hubei.qualitative_bands.values()] == [80, 50, 0]
    assert hubei.reason_below_execution_rate == 90


@pytest.mark.parametrize("name", ["hubei", "yueyang"])
def test_each_file_starts_with_a_comment_saying_where_its_numbers_come_from(name):
    text = resources.files("perfeval_xl").joinpath("profiles", f"{name}.toml").read_text(encoding="utf-8")
    header = text.split("\n\n")[0]
    assert all(line.startswith("#") for line in header.splitlines())
    assert "RULES.md" in header and "来源" in header
    assert tomllib.loads(text)["name"] == name


def test_setup_cfg_ships_the_profiles():
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg", encoding="utf-8")
    assert "profiles/*.toml" in config["options.package_data"]["perfeval_xl"]


# --- loading a file ---------------------------------------------------------------------


def test_a_path_loads_with_defaults_for_what_it_leaves_out(tmp_path):
    path = profile_file(tmp_path, '[severity]\nPE204 = "error"\nPE103 = "off"\n', "strict-weights.toml")
    profile = load_profile(path)
    assert profile.name == "strict-weights" and profile.weights == DEFAULT_PROFILE.weights
    assert profile.severity_for("PE204", Severity.WARNING) is Severity.ERROR
    assert not profile.enabled("PE103") and profile.enabled("PE204")
    assert load_profile(str(path)) == profile


@pytest.mark.parametrize("text, words", [
    ("name = ", "不是有效的 TOML"),
    ("[weights]\n预算执行 = 10\n", "中文键名须加英文双引号"),
    ("colour = 1", "未知的键 colour"),
    ("[weights]\n\"预算执行\" = 10\n\"产出指标\" = 50\n\"效益指标\" = 30\n", "合计 90 分，与 total 100 分不符"),
    ("[weights]\n\"预算执行\" = 100\n\"产出指标+预算执行\" = 0\n", "预算执行 出现不止一次"),
    ("[weights]\n\"预算执行\" = \"十\"\n", "weights.预算执行 应为数字"),
    ("[weights]\n\"预算执行\" = -10\n\"产出指标\" = 110\n", "weights.预算执行 为 -10，超出允许范围"),
    ("tolerance = true", "tolerance 应为数字"),
    ("over_achievement_ratio = nan", "应为有限的数字"),
    ("reason_below_execution_rate = 190", "超出允许范围（0–100）"),
    ("[qualitative_bands]\n\"达成预期指标\" = [100, 80]\n", "最低 100 高于最高 80"),
    ("[qualitative_bands]\n\"优秀\" = [90, 100]\n", "未知的项 优秀"),
    ("[review_maxima]\n\"自评通知\" = \"八\"\n", "review_maxima.自评通知 应为数字"),
    ("[severity]\nPE204 = \"fatal\"\n", "severity.PE204 为 'fatal'"),
    ("[severity]\nweights = \"off\"\n", "weights 不是规则代码"),
    ("weights = 5", "weights 应为表"),
])
def test_a_bad_file_is_one_chinese_line(tmp_path, text, words):
    with pytest.raises(ValueError) as raised:
        load_profile(profile_file(tmp_path, text))
    message = str(raised.value)
    assert message.startswith("配置文件 ") and words in message and "\n" not in message, message


def test_an_unknown_name_or_a_missing_file_says_what_there_is(tmp_path):
    with pytest.raises(ValueError, match="没有名为“beijing”的配置；可用的配置：hubei、yueyang"):
        load_profile("beijing")
    with pytest.raises(ValueError, match="配置文件不存在"):
        load_profile(tmp_path / "missing.toml")


def test_a_profile_naming_a_rule_that_does_not_exist_is_refused(tmp_path):
    with pytest.raises(ValueError, match="不存在的规则 PE299"):
        resolve_profile(profile_file(tmp_path, '[severity]\nPE299 = "off"\n'))
    assert resolve_profile(None) is DEFAULT_PROFILE and resolve_profile("hubei") == load_profile("hubei")


# --- selection --------------------------------------------------------------------------


def codes(rules):
    return [entry.code for entry in rules]


def test_select_then_ignore_by_prefix():
    assert select_rules() == RULES
    chosen = select_rules(["PE2,pe401"], ["PE203", "PE208"])
    assert codes(chosen) == [c for c in codes(RULES) if c.startswith("PE2") and c not in ("PE203", "PE208")] + ["PE401"]
    assert "PE5" not in "".join(codes(select_rules(ignore=["PE5"])))


@pytest.mark.parametrize("select, ignore, words", [
    (["PE7x"], [], "“PE7X”不是规则代码"), (["201"], [], "不是规则代码"), (["PE2000"], [], "不是规则代码"),
    (["PE299"], [], "没有代码以 PE299 开头的规则"), (["PE2"], ["PE2"], "没有剩下任何规则"),
])
def test_bad_selections_are_refused(select, ignore, words):
    with pytest.raises(ValueError, match=words):
        select_rules(select, ignore)


def test_check_skips_the_rules_a_profile_switches_off():
    assert [f.rule for f in check(clean_workbook())] == ["PE103"]
    assert check(clean_workbook(), Profile(severity_overrides={"PE103": "off"})) == []


# --- switching the seed sample ----------------------------------------------------------

# The only findings that differ between the default (岳阳市) and hubei on the seed sample.
# PE204 compares with 20/40/40, the group 效益指标+满意度指标 summed, and points at the
# first group that differs, now 预算执行 (分值 10 ≠ 20).  PE209 stays silent: 执行率 92.65 %
# (附件2) and 97.16 % (附件3) are not below 90 %.  Bands 80/50 change nothing: no seed
# indicator states a grade.  Everything else (PE201, PE203 …) does not depend on the profile.
ONLY_UNDER_YUEYANG = {
    ("PE204", "warning", "附件2", "B14",
     "权重分配 10/68/20/2 与规程 10/50/30/10 不同（依次为 预算执行/产出指标/效益指标/满意度指标）"),
    ("PE204", "warning", "附件3", "B13",
     "权重分配 10/52/30/8 与规程 10/50/30/10 不同（依次为 预算执行/产出指标/效益指标/满意度指标）"),
}
ONLY_UNDER_HUBEI = {
    ("PE204", "warning", "附件2", "G5", "权重分配 10/68/22 与规程 20/40/40 不同（依次为 预算执行/产出指标/效益指标+满意度指标）"),
    ("PE204", "warning", "附件3", "G6", "权重分配 10/52/38 与规程 20/40/40 不同（依次为 预算执行/产出指标/效益指标+满意度指标）"),
}


def test_switching_the_seed_to_hubei_changes_exactly_the_weight_split():
    default = shown(verify_file(SAMPLE).findings)
    hubei = shown(verify_file(SAMPLE, load_profile("hubei")).findings)
    assert default - hubei == ONLY_UNDER_YUEYANG
    assert hubei - default == ONLY_UNDER_HUBEI
    assert not any(finding[0] == "PE209" for finding in hubei)


def test_a_severity_in_a_profile_file_turns_the_weight_warnings_into_errors(tmp_path):
    default = verify_file(SAMPLE).findings
    strict = verify_file(SAMPLE, load_profile(profile_file(tmp_path, '[severity]\nPE204 = "error"\n'))).findings
    assert [f.severity for f in strict if f.rule == "PE204"] == [Severity.ERROR, Severity.ERROR]
    assert {(f.rule, f.cell, f.message) for f in strict} == {(f.rule, f.cell, f.message) for f in default}
    assert get_rule("PE204").severity is Severity.WARNING
    off = verify_file(SAMPLE, load_profile(profile_file(tmp_path, '[severity]\nPE204 = "off"\n'))).findings
    assert shown(default) - shown(off) == {finding for finding in shown(default) if finding[0] == "PE204"}


# --- the command line -------------------------------------------------------------------


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_verify_with_a_profile_a_selection_and_an_ignore(tmp_path):
    result = run("verify", SAMPLE, "--profile", "hubei", "--select", "PE2", "--select", "PE401", "--ignore", "PE203")
    assert result.exit_code == 1
    assert "规程 20/40/40" in result.output and "PE401" in result.output
    assert "PE203" not in result.output and "PE403" not in result.output
    path = profile_file(tmp_path, '[severity]\nPE204 = "error"\n')
    errors_only = run("verify", SAMPLE, "--profile", path, "--select", "PE204")
    assert errors_only.exit_code == 1 and "错误 PE204" in errors_only.output


@pytest.mark.parametrize("args, words", [
    (["--profile", "beijing"], "没有名为“beijing”的配置"),
    (["--select", "PE2,XX"], "“XX”不是规则代码"),
    (["--ignore", "PE299"], "没有代码以 PE299 开头的规则"),
])
def test_bad_profile_or_selection_is_one_chinese_line_and_status_2(args, words):
    result = run("verify", SAMPLE, *args)
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0 and result.output.startswith("错误：") and words in result.output


def test_the_readme_example_profile_loads(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = readme.split("## Profiles", 1)[1].split("```toml\n", 1)[1].split("```", 1)[0]
    profile = resolve_profile(profile_file(tmp_path, example))
    assert profile.reason_below_execution_rate == 85 and not profile.enabled("PE103")
    assert profile.severity_for("PE204", Severity.WARNING) is Severity.ERROR
