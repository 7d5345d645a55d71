"""Family 6 指标完成: each 三级指标's 得分 against what its 实际完成值 says was achieved."""

from dataclasses import dataclass

from perfeval_xl.computed_once import computed_once
from perfeval_xl.decimal_math import HUNDRED, plain, round_half_up
from perfeval_xl.indicator_values import (
    FORWARD, GRADES, TIME, comparable_numbers, computed_score, direction, missed, read_pair, units_differ,
)
from perfeval_xl.model import Indicator
from perfeval_xl.rules.base import hit, rule
from perfeval_xl.rules.values import known, opaque, places, self_evaluations, shown
from perfeval_xl.rules.views import shared_view

SHORT_REASON = 30  # characters of a 偏差原因 quoted in a message


@dataclass(frozen=True)
class Reading:
    """One indicator with its target and completion understood."""

    indicator: Indicator
    pair: object  # IndicatorPair

    @property
    def what(self):
        return what_of(self.indicator)

    # Worked out once: four rules and missed_on_full_marks ask each reading of a check.
    @computed_once
    def way(self):
        return direction(self.pair.target, self.indicator.level2)

    @computed_once
    def numbers(self):
        return comparable_numbers(self.pair)

    def texts(self):
        return {"what": self.what, "target": self.indicator.target.text, "completion": self.indicator.actual.text}


def what_of(indicator):
    """How a message names an indicator: its 三级指标 in quotes, or its row."""
    return f"“{indicator.name.text}”" if indicator.name.text else f"第 {indicator.row} 行指标"


def _typed(value):
    return value.text if value.text else (plain(value.number) if value.number is not None else "")


@shared_view
def readings(workbook):
    """Every indicator whose 年度指标值 and 实际完成值 are typed text (formulas are not read)."""
    for table in self_evaluations(workbook):
        for indicator in table.indicators:
            if opaque(indicator.target) or opaque(indicator.actual):
                continue
            pair = read_pair(_typed(indicator.target), _typed(indicator.actual), indicator.level2)
            yield Reading(indicator, pair)


def full_marks(indicator):
    """The declared 分值 when the declared 得分 equals it (and is above 0), else None."""
    score, weight = known(indicator.score), known(indicator.weight)
    return weight if weight and score == weight else None


def deadline_missed(pair):
    """True when the completion is a date later than the target's deadline."""
    target, actual = pair.target, pair.actual
    if not (target.kind == TIME == actual.kind and target.deadline and actual.deadline):
        return False
    # Compare at the coarser of the two as written: "2024年" done is not late for "2024年6月底".
    coarse = min(_PRECISION.index(target.precision or "day"), _PRECISION.index(actual.precision or "day"))
    return _PRECISION_KEY[coarse](actual.deadline) > _PRECISION_KEY[coarse](target.deadline)


_PRECISION = ("year", "month", "day")
_PRECISION_KEY = (lambda d: (d.year,), lambda d: (d.year, d.month), lambda d: (d.year, d.month, d.day))


def missed_on_full_marks(reading):
    """"target" or "deadline" when a missed target got full marks, else None (PE604)."""
    if full_marks(reading.indicator) is None:
        return None
    if deadline_missed(reading.pair):
        return "deadline"
    numbers, way = reading.numbers, reading.way
    return "target" if numbers and way and missed(way, *numbers) else None


@rule("PE601", "completion-unit-differs-from-target", "warning",
      message="{what}年度指标值“{target}”与实际完成值“{completion}”单位不同（{target_unit} 与 {actual_unit}），"
              "无法计算得分",
      hint="请按年度指标值的单位填写实际完成值（如指标“8次/年”，完成值填“8次”），得分才能按规程计算")
def completion_unit_differs_from_target(workbook, profile):
    """
    检查内容
        年度指标值和实际完成值都是数值，但单位不可比：金额或次数对百分比、次/年对百分比等。
        完成值只写数字时按指标值的单位读；成本指标中只写数字的指标值按万元读；
        时间类指标（期限、个工作日、计划规定时间）的完成值“100%”读作按期完成，不报。
    为何重要
        定量指标的得分按完成值 ÷ 指标值计算；单位不同就无从计算，自评得分无法核对，
        满分可能掩盖了未完成的目标。
    示例
        “安全排查”年度指标值“8次/年”，实际完成值“100%”：报此警告。
    """
    for reading in readings(workbook):
        if units_differ(reading.pair):
            yield hit(reading.indicator.actual, actual=reading.indicator.actual.text,
                      expected=reading.pair.target.unit, related=(reading.indicator.target,),
                      target_unit=reading.pair.target.unit, actual_unit=reading.pair.actual.unit,
                      **reading.texts())


def _formula(way, target, actual, weight):
    if way == FORWARD:
        return f"{shown(weight)} × {shown(actual)} ÷ {shown(target)}"
    return f"{shown(weight)} × {shown(target)} ÷ {shown(actual)}"


@rule("PE602", "score-above-achievement", "warning",
      message="{what}年度指标值“{target}”、实际完成值“{completion}”，按规程得分应为 {expected}"
              "（{formula}），自评得分 {actual} 偏高",
      hint="请按规程重新计算：正向指标 得分 = 分值 × 完成值 ÷ 指标值（不超过分值），"
           "反向指标 得分 = 分值 × 指标值 ÷ 完成值；并在偏差原因中说明未完成的原因")
def score_above_achievement(workbook, profile):
    """
    检查内容
        定量指标（指标值与完成值单位相同）的自评得分高于按规程计算的得分（四舍五入到两位小数）。
        正向指标（“≥X”或只写数字）得分 = min(分值, 分值 × 完成值 ÷ 指标值)；
        反向指标（“≤X”、成本指标、时限、目标为 0）完成值不超过指标值得满分，否则 分值 × 指标值 ÷ 完成值；
        “=X”只有相等才得满分。未完成目标却得满分的由 PE604 报告，本规则不重复。
    为何重要
        自评得分虚高是财政局复核时最常扣回的问题；按公式核算可以直接指出应得的分数。
    示例
        “工程质量一次性验收合格率”指标值“98%”、完成值“95%”、分值 5、得分 4.9：
        应得 5 × 95 ÷ 98 = 4.85，报此警告。
    """
    for reading in readings(workbook):
        found = _score_above(reading, profile)
        if found is not None:
            yield found


def _score_above(reading, profile):
    indicator, numbers, way = reading.indicator, reading.numbers, reading.way
    score, weight = known(indicator.score), known(indicator.weight)
    # Above 分值 is PE205's error, full marks on a miss PE604's: one finding per cell.
    if numbers is None or way is None or score is None or not weight or score > weight \
            or missed_on_full_marks(reading):
        return None
    computed = computed_score(way, *numbers, weight)
    if computed is None:
        return None
    # A score is right when the computation rounds to it at its own decimals (RULES.md §3):
    # 4.875 → "4.9" is right.  A whole number is held to the cent, as PE102 does, so
    # "4" cannot stand for 3.6.
    at = places(indicator.score) or 2
    expected = round_half_up(computed, at)
    if score - expected <= profile.tolerance:
        return None
    return hit(indicator.score, actual=score, expected=shown(expected), formula=_formula(way, *numbers, weight),
               related=(indicator.target, indicator.actual), **reading.texts())


@rule("PE603", "target-set-too-low", "warning",
      message="{what}实际完成值“{completion}”是年度指标值“{target}”的 {share}%，超过 {limit}%，"
              "年度指标值可能定得过低",
      hint="请核对实际完成值是否填错；如确已大幅超额完成，下一年度应按实际能力设定指标值")
def target_set_too_low(workbook, profile):
    """
    检查内容
        正向定量指标的实际完成值超过年度指标值 × 规程的超额比例（默认 130%）。
    为何重要
        完成值远高于指标值，说明指标值没有反映真实工作量（或完成值填错），
        这样的指标“轻松满分”，不能衡量绩效。
    示例
        “智慧工地视频监控等智慧模块覆盖率”指标值“10%”、完成值“100%”：完成值是指标值的 1000%，报此警告。
    """
    limit = profile.over_achievement_ratio
    for reading in readings(workbook):
        numbers = reading.numbers
        if numbers is None or reading.way != FORWARD or numbers[0] <= 0 or numbers[1] <= numbers[0] * limit:
            continue
        target, actual = numbers
        yield hit(reading.indicator.actual, actual=actual, expected=target,
                  share=shown(round_half_up(actual * HUNDRED / target, 2)), limit=shown(limit * HUNDRED),
                  related=(reading.indicator.target,), **reading.texts())


@rule("PE604", "full-score-on-missed-target", "warning",
      message="{what}年度指标值“{target}”、实际完成值“{completion}”，目标未完成，却得满分 {actual}",
      variants={"deadline": "{what}年度指标值“{target}”、实际完成值“{completion}”，晚于期限完成，却得满分 {actual}"},
      hint="目标未完成不应得满分：请按完成比例扣分，并在偏差原因分析中说明原因和改进措施")
def full_score_on_missed_target(workbook, profile):
    """
    检查内容
        得分等于分值，而定量目标没有完成：正向指标完成值低于指标值，反向指标完成值高于指标值，
        “=X”指标完成值不等于指标值；或完成日期晚于指标值规定的期限。
    为何重要
        规程要求按完成比例计分并说明偏差原因；未完成目标的满分会把总分和绩效等级抬高。
    示例
        “工程质量一次性验收合格率”指标值“98%”、完成值“95%”、分值 5、得分 5：报此警告。
    """
    for reading in readings(workbook):
        variant = missed_on_full_marks(reading)
        if variant:
            yield hit(reading.indicator.score, actual=known(reading.indicator.score),
                      expected=reading.indicator.target.text, related=(reading.indicator.target,
                                                                       reading.indicator.actual),
                      variant=None if variant == "target" else variant, **reading.texts())


def band_of(profile, grade):
    """The (lowest, highest) percent of 分值 for a grade; by position when the profile renames grades."""
    bands = profile.qualitative_bands
    if grade in bands:
        return bands[grade]
    ordered = list(bands.values())
    return ordered[GRADES.index(grade)] if len(ordered) == len(GRADES) else None


@rule("PE605", "qualitative-score-outside-band", "warning",
      message="{what}实际完成值为“{completion}”，得分 {actual} 占分值 {weight} 的 {share}%，"
              "不在该等级的 {low}%–{high}% 之内",
      hint="定性指标按等级计分：达成预期指标、部分达成、未达成各有得分区间（见所用规程），请按等级调整得分")
def qualitative_score_outside_band(workbook, profile):
    """
    检查内容
        实际完成值写明了定性等级（达成预期指标 / 部分达成预期指标并具有一定效果 / 未达成预期指标且效果较差）时，
        得分占分值的百分比应落在该等级的区间内（默认 80–100%、60–80%、0–60%，由规程决定），含端点。
    为何重要
        定性指标没有公式，等级区间是唯一的计分依据；等级与得分不符，说明其中之一填错。
    示例
        完成值“部分达成预期指标并具有一定效果”，分值 5、得分 5（100%）：不在 60%–80% 之内，报此警告。
    """
    for reading in readings(workbook):
        grade, indicator = reading.pair.actual.grade, reading.indicator
        score, weight = known(indicator.score), known(indicator.weight)
        band = band_of(profile, grade) if grade else None
        if band is None or score is None or not weight:
            continue
        share = score * HUNDRED / weight
        if band[0] <= share <= band[1]:
            continue
        yield hit(indicator.score, actual=score, expected=f"{shown(band[0])}%–{shown(band[1])}%", weight=weight,
                  share=shown(round_half_up(share, 2)), low=shown(band[0]), high=shown(band[1]),
                  related=(indicator.actual,), **reading.texts())


@rule("PE606", "reason-on-full-score", "info",
      message="{what}得满分 {actual}，但填写了偏差原因“{reason}”",
      hint="满分一般不需要偏差原因；如有扣分情形请调整得分，如只是说明可移到其他栏目")
def reason_on_full_score(workbook, profile):
    """
    检查内容
        三级指标得分等于分值，而“偏差原因分析及改进措施”一栏不是空白（“无”“/”视为空白）。
    为何重要
        偏差原因说明的是扣分的理由；满分却写了偏差，往往是得分没有按偏差扣减，值得复核。
    示例
        “扬尘防治责任公示”分值 3、得分 3，偏差原因“部分工地公示不及时”：报此提示。
    """
    for table in self_evaluations(workbook):
        for indicator in table.indicators:
            reason, weight = indicator.deviation_reason, full_marks(indicator)
            if weight is None or reason.blank or reason.is_formula:
                continue
            text = reason.text.strip()
            short = text if len(text) <= SHORT_REASON else text[:SHORT_REASON] + "…"
            yield hit(reason, actual=weight, reason=short, what=what_of(indicator), related=(indicator.score,))
