"""The units an indicator value may carry, what each is called, and which can be compared."""

import re

# Unit groups: values in different groups measure different things and cannot be scored
# against each other ("8次/年" against "100%").
AMOUNT, PERCENT, COUNT, DURATION, SCORE, AREA, LENGTH, MASS = (
    "amount", "percent", "count", "duration", "score", "area", "length", "mass")

# (spelling after folding, canonical unit, group).  "万" alone is 万元: in these tables
# money is always in 万元 and people drop the 元 ("≤11万", "38万").
UNIT_SPELLINGS = (
    ("万元", "万元", AMOUNT), ("万", "万元", AMOUNT), ("元", "元", AMOUNT),
    ("%", "%", PERCENT),
    ("次/年", "次/年", COUNT), ("次每年", "次/年", COUNT), ("次/季度", "次/季度", COUNT),
    ("次/季", "次/季度", COUNT), ("次/月", "次/月", COUNT), ("次/周", "次/周", COUNT),
    ("人次", "人次", COUNT), ("台次", "台次", COUNT), ("次", "次", COUNT),
    ("个/年", "个/年", COUNT), ("件/年", "件/年", COUNT), ("个", "个", COUNT), ("件", "件", COUNT),
    ("台", "台", COUNT), ("项", "项", COUNT), ("人", "人", COUNT), ("户", "户", COUNT),
    ("家", "家", COUNT), ("场", "场", COUNT), ("期", "期", COUNT), ("份", "份", COUNT),
    ("套", "套", COUNT), ("批", "批", COUNT), ("篇", "篇", COUNT), ("条", "条", COUNT),
    ("所", "所", COUNT), ("起", "起", COUNT), ("处", "处", COUNT), ("座", "座", COUNT),
    ("栋", "栋", COUNT), ("本", "本", COUNT), ("册", "册", COUNT),
    ("个工作日", "个工作日", DURATION), ("工作日", "个工作日", DURATION), ("小时", "小时", DURATION),
    ("个月", "个月", DURATION), ("天", "天", DURATION), ("日", "天", DURATION), ("年", "年", DURATION),
    ("分", "分", SCORE),
    ("平方米", "平方米", AREA), ("m²", "平方米", AREA), ("m2", "平方米", AREA), ("㎡", "平方米", AREA),
    ("公里", "公里", LENGTH), ("km", "公里", LENGTH), ("米", "米", LENGTH),
    ("吨", "吨", MASS),
)
_CANONICAL = {spelling: canonical for spelling, canonical, _ in UNIT_SPELLINGS}
GROUP_OF = {canonical: group for _, canonical, group in UNIT_SPELLINGS}

# Longest first, so "个工作日" wins over "个" and "万元" over "万".
UNIT_PATTERN = "|".join(re.escape(spelling) for spelling in sorted(_CANONICAL, key=len, reverse=True))

# 元 → 万元: the factor to bring an amount to 万元, the unit of the tables.
_TO_WAN = {"万元": 1, "元": "0.0001"}


def canonical_unit(spelling):
    """The unit a spelling stands for ("万" → "万元", "工作日" → "个工作日"), or None."""
    return _CANONICAL.get(spelling) if spelling else None


def unit_group(unit):
    """The group of a canonical unit; None for no unit."""
    return GROUP_OF.get(unit) if unit else None


def per_year_free(unit):
    """A count unit without "/年": the tables cover one year, so "8次/年" and "8次" agree."""
    return unit[:-2] if unit and unit.endswith("/年") else unit


def amount_factor(unit):
    """The factor that turns an amount in ``unit`` into 万元 (as text for Decimal)."""
    return str(_TO_WAN[unit])
