"""Formula text for computed cells, using only functions Excel, WPS and LibreOffice share.

Every formula shows "" while its inputs are blank (never 0, never #DIV/0!).
SUM is used instead of "+" because SUM ignores the "" of a blank formula
cell, where "+" would give #VALUE!.
"""

BLANK = '""'


def ratio(whole, part):
    """part / whole rounded to 4 places (0.9265 → 92.65 %): 执行率, 控制率, 规模控制率 …"""
    return (f"=IF(AND(ISNUMBER({whole}),{whole}>0,ISNUMBER({part})),"
            f"ROUND({part}/{whole},4),{BLANK})")


def execution_score(budget, spent, weight):
    """预算执行得分 = 分值 × 执行率, capped at 分值, from the unrounded rate (RULES.md §3)."""
    return (f"=IF(AND(ISNUMBER({budget}),{budget}>0,ISNUMBER({spent}),ISNUMBER({weight})),"
            f"ROUND(MIN({weight},{weight}*{spent}/{budget}),2),{BLANK})")


def sum_if_any(refs):
    """SUM of ``refs`` ("B7:B8" or "B6,B9:B10"), blank when none of them is a number."""
    return f"=IF(COUNT({refs})=0,{BLANK},SUM({refs}))"


def rounded_sum_if_any(refs):
    """Like sum_if_any, rounded to 2 places so a float sum of scores prints exactly."""
    return f"=IF(COUNT({refs})=0,{BLANK},ROUND(SUM({refs}),2))"


def parts_check(parts, total, message):
    """Blank when the parts are blank or add up to ``total``; otherwise ``message``."""
    return (f"=IF(COUNT({parts})=0,{BLANK},"
            f'IF(ROUND(SUM({parts}),2)=ROUND({total},2),{BLANK},"{message}"))')


def indicator_check(weight, score, reason, over, missing):
    """校验 of one indicator row: 得分 > 分值, or 得分 < 分值 without a 偏差原因."""
    both = f"ISNUMBER({score}),ISNUMBER({weight})"
    return (f'=IF(AND({both},{score}>{weight}),"{over}",'
            f'IF(AND({both},{score}<{weight},LEN({reason})=0),"{missing}",{BLANK}))')


def equals_check(value, expected, message):
    """Blank unless ``value`` is a number that differs from ``expected`` (a ref or an int)."""
    if isinstance(expected, int):
        guard = f"ISNUMBER({value})"
    else:
        guard = f"AND(ISNUMBER({value}),ISNUMBER({expected}))"
    return f'=IF({guard},IF(ROUND({value}-{expected},2)=0,{BLANK},"{message}"),{BLANK})'


def level1_weight_sum(level1_range, name_cell, weight_range):
    """Σ of the 三级 分值 under one 一级指标, blank while no 分值 is entered."""
    return (f"=IF(COUNT({weight_range})=0,{BLANK},"
            f"SUMIF({level1_range},{name_cell},{weight_range}))")


def none_but_filled(switch, amounts, yes, message):
    """附件4–6: the "本单位无此类支出" switch says 是 while amounts are entered."""
    return f'=IF(AND({switch}="{yes}",COUNT({amounts})>0),"{message}",{BLANK})'


# Conditional-format criteria (written for the top-left cell of the range).
def score_over_weight(weight, score):
    return f"=AND(ISNUMBER({score}),ISNUMBER({weight}),{score}>{weight})"


def reason_missing(weight, score, reason):
    return f"=AND(ISNUMBER({score}),ISNUMBER({weight}),{score}<{weight},LEN({reason})=0)"


def differs(value, expected):
    return f"=AND(ISNUMBER({value}),ISNUMBER({expected}),ROUND({value}-{expected},2)<>0)"


def parts_exceed(parent, parts):
    """公用经费: its 其中 parts add up to more than the parent [inf]."""
    return f"=AND(ISNUMBER({parent}),COUNT({parts})>0,ROUND(SUM({parts})-{parent},2)>0)"
