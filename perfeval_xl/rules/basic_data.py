"""Family 3 基础数据: the rates and sums of 附件1 部门整体支出绩效评价基础数据表."""

from perfeval_xl.decimal_math import plain
from perfeval_xl.glossary import PUBLIC_FUNDS_PARTS
from perfeval_xl.rules.base import hit, rule
from perfeval_xl.rules.splits import split_hit
from perfeval_xl.rules.values import (
    EXPENSE_COLUMNS_ZH, ZERO, any_number, known, opaque, rate_expected, sum_as_declared,
)

THREE_PUBLIC_PARTS = ("official_cars", "overseas", "reception")
OFFICIAL_CAR_PARTS = ("car_purchase", "car_running")


@rule("PE301", "staff-control-rate-mismatch", "error",
      message="人员控制率 {actual}% 与 实际在职人数 {staff} ÷ 编制数 {establishment} = {expected}% 不符",
      hint="请按 实际在职人数 ÷ 编制数 重新计算控制率，保留两位小数（四舍五入）")
def staff_control_rate_mismatch(workbook, profile):
    """
    检查内容
        附件1 财政供养人员的控制率 = 实际在职人数 ÷ 编制数，按百分数四舍五入到所填小数位后
        应等于所填控制率。编制数为空或 0 时不计算。
    为何重要
        控制率反映是否超编；算错的控制率会掩盖超编或虚报空编。
    示例
        编制数 110、实际在职人数 105：105 ÷ 110 = 95.4545…%，应填 95.45%；填 95.46% 即报此错误。
    """
    basic = workbook.basic_data
    if basic is None:
        return
    expected = rate_expected(basic.staff, basic.establishment, basic.staff_control_rate)
    if expected is not None:
        yield hit(basic.staff_control_rate, actual=basic.staff_control_rate.number, expected=expected,
                  staff=basic.staff.number, establishment=basic.establishment.number,
                  related=(basic.staff, basic.establishment))


def _row_sum_hits(basic, parent_key, part_keys, tolerance):
    """Per column: a hit at the parent row when its parts do not add up to it."""
    parent = basic.rows.get(parent_key)
    if parent is None:
        return
    parts = [basic.rows[key] for key in part_keys if key in basic.rows]
    for column, column_zh in EXPENSE_COLUMNS_ZH.items():
        values = [part.columns()[column] for part in parts]
        found = split_hit(values, parent.columns()[column], tolerance, column=column_zh)
        if found is not None:
            yield found


@rule("PE302", "three-public-differs-from-parts", "error",
      message=("{column}：三公经费 {actual} 与 公务用车购置和维护经费、出国经费、公务接待 合计 {expected} 不符，"
               "差 {difference}"),
      hint="三公经费 = 公务用车购置和维护经费 + 出国经费 + 公务接待；请核对{column}一栏")
def three_public_differs_from_parts(workbook, profile):
    """
    检查内容
        附件1 经费控制情况的上年决算数、本年预算数、本年决算数每一栏：三公经费应等于
        公务用车购置和维护经费 + 出国经费 + 公务接待；空白按 0 计，各项都空时不检查。
    为何重要
        三公经费是审计和公开的重点，合计与分项不符会被直接退回。
    示例
        本年决算数一栏：公务用车 3.20、出国 0、公务接待 1.15，合计 4.35；三公经费填 4.53 即报此错误。
    """
    if workbook.basic_data is not None:
        yield from _row_sum_hits(workbook.basic_data, "three_public", THREE_PUBLIC_PARTS, profile.tolerance)


@rule("PE303", "official-cars-differs-from-parts", "error",
      message="{column}：公务用车购置和维护经费 {actual} 与 公车购置、公车运行维护 合计 {expected} 不符，差 {difference}",
      hint="公务用车购置和维护经费 = 公车购置 + 公车运行维护；请核对{column}一栏")
def official_cars_differs_from_parts(workbook, profile):
    """
    检查内容
        附件1 每一栏：公务用车购置和维护经费应等于 公车购置 + 公车运行维护；空白按 0 计，
        两项都空时不检查。
    为何重要
        公车经费是三公经费的一部分，分项错了三公经费的核对也就失去依据。
    示例
        本年预算数一栏：公车购置 0、公车运行维护 2.50；公务用车购置和维护经费填 3.00 即报此错误。
    """
    if workbook.basic_data is not None:
        yield from _row_sum_hits(workbook.basic_data, "official_cars", OFFICIAL_CAR_PARTS, profile.tolerance)


def _parts_over_parent(parent, parts, column_zh):
    """Hits for one column of 公用经费: the parts' sum, or a single known part, above the parent."""
    if opaque(parent) or not any_number(parts):
        return
    limit = parent.number if parent.number is not None else ZERO
    parts_sum = sum_as_declared(parts)
    if parts_sum is not None:
        if parts_sum > limit:
            yield hit(parent, actual=parts_sum, expected=limit, column=column_zh, related=parts)
        return
    # Some part is a formula or unreadable: a single known part can still be too big.
    for part in parts:
        if known(part) is not None and part.number > limit:
            yield hit(part, actual=part.number, expected=limit, column=column_zh,
                      variant="single", related=(parent,))


@rule("PE304", "parts-exceed-parent", "error",
      message="{column}：公用经费“其中”各项合计 {actual} 超过公用经费 {expected}",
      variants={"single": "{column}：公用经费的“其中”一项 {actual} 超过公用经费 {expected}"},
      hint="“其中”各项是公用经费的一部分，合计不能超过公用经费；请核对{column}一栏")
def parts_exceed_parent(workbook, profile):
    """
    检查内容
        附件1 每一栏：公用经费的“其中”各项（办公经费；水费、电费、差旅费；会议费、培训费）
        之和不应超过公用经费（可以小于：“其中”未列全部明细）。有一项是公式或无法识别时，
        逐项检查已知的项不超过公用经费。
    为何重要
        “其中”项超过总数，说明总数漏记了支出或明细填错了栏。
    示例
        本年决算数：27.75 + 21.89 + 0.29 = 49.93 ≤ 155.52，相符；若公用经费填 45.52 即报此错误。
    """
    basic = workbook.basic_data
    if basic is None or "public_funds" not in basic.rows:
        return
    parent = basic.rows["public_funds"]
    parts = [basic.rows[key] for key in PUBLIC_FUNDS_PARTS if key in basic.rows]
    for column, column_zh in EXPENSE_COLUMNS_ZH.items():
        yield from _parts_over_parent(parent.columns()[column], [part.columns()[column] for part in parts],
                                      column_zh)


def _building_rate_hits(workbook, numerator, denominator, rate):
    basic = workbook.basic_data
    for building in basic.buildings if basic is not None else ():
        top, bottom, declared = (getattr(building, name) for name in (numerator, denominator, rate))
        expected = rate_expected(top, bottom, declared)
        if expected is not None:
            yield hit(declared, actual=declared.number, expected=expected, top=top.number,
                      bottom=bottom.number, related=(top, bottom))


@rule("PE305", "building-size-rate-mismatch", "error",
      message="规模控制率 {actual}% 与 实际规模 {top} ÷ 批复规模 {bottom} = {expected}% 不符",
      hint="请按 实际规模 ÷ 批复规模 重新计算规模控制率，保留两位小数（四舍五入）")
def building_size_rate_mismatch(workbook, profile):
    """
    检查内容
        附件1 楼堂馆所每个项目：规模控制率 = 实际规模 ÷ 批复规模，按百分数四舍五入到所填
        小数位后应等于所填控制率。批复规模为空或 0 时不计算（见 PE307）。
    为何重要
        楼堂馆所超规模是审计重点；控制率算错会掩盖超批复建设。
    示例
        批复规模 1200、实际规模 1150：95.8333…%，应填 95.83%；填 95.38% 即报此错误。
    """
    yield from _building_rate_hits(workbook, "actual_size", "approved_size", "size_control_rate")


@rule("PE306", "building-investment-rate-mismatch", "error",
      message="投资概算控制率 {actual}% 与 实际投资 {top} ÷ 预算投资 {bottom} = {expected}% 不符",
      hint="请按 实际投资 ÷ 预算投资 重新计算投资概算控制率，保留两位小数（四舍五入）")
def building_investment_rate_mismatch(workbook, profile):
    """
    检查内容
        附件1 楼堂馆所每个项目：投资概算控制率 = 实际投资 ÷ 预算投资，按百分数四舍五入到所填
        小数位后应等于所填控制率。预算投资为空或 0 时不计算（见 PE307）。
    为何重要
        超概算是楼堂馆所最常见的问题；控制率算错会掩盖超概算。
    示例
        预算投资 800.00、实际投资 760.00：应填 95.00%；填 90.50% 即报此错误。
    """
    yield from _building_rate_hits(workbook, "actual_investment", "budget_investment",
                                   "investment_control_rate")


BUILDING_RATES = (
    ("size_control_rate", "approved_size", "规模控制率", "批复规模"),
    ("investment_control_rate", "budget_investment", "投资概算控制率", "预算投资"),
)


@rule("PE307", "building-rate-without-base", "warning",
      message="填了{rate_name} {actual}%，但{base_name}{base}，无从计算",
      hint="请填写{base_name}；没有批复或预算时请删除{rate_name}")
def building_rate_without_base(workbook, profile):
    """
    检查内容
        附件1 楼堂馆所：填了规模控制率而批复规模为空或 0，或填了投资概算控制率而预算投资
        为空或 0。
    为何重要
        没有分母的控制率无从核对（不能除以 0），常是漏填批复规模或预算投资。
    示例
        批复规模空白、实际规模 1150、规模控制率 100%：报此警告。
    """
    basic = workbook.basic_data
    for building in basic.buildings if basic is not None else ():
        for rate_key, base_key, rate_name, base_name in BUILDING_RATES:
            rate, base = getattr(building, rate_key), getattr(building, base_key)
            if known(rate) is None or opaque(base) or known(base):
                continue
            yield hit(rate, actual=rate.number, rate_name=rate_name, base_name=base_name,
                      base="空白" if base.number is None else f"为 {plain(base.number)}", related=(base,))

