"""Read one 年度指标值 or 实际完成值 text into an IndicatorValue, pattern by pattern."""

import calendar
import re
import unicodedata
from functools import lru_cache
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from perfeval_xl.glossary import EMPTY_MARKERS
from perfeval_xl.indicator_values.units import UNIT_PATTERN, canonical_unit

QUANTITATIVE, QUALITATIVE, TIME, UNKNOWN = "quantitative", "qualitative", "time", "unknown"
GE, LE, EQ, RANGE = "≥", "≤", "=", "range"

# The three qualitative grades of RULES.md §2, in the order of profile.qualitative_bands.
GRADE_MET = "达成预期指标"
GRADE_PARTLY = "部分达成预期指标并具有一定效果"
GRADE_MISSED = "未达成预期指标且效果较差"
GRADES = (GRADE_MET, GRADE_PARTLY, GRADE_MISSED)


class IndicatorValue(NamedTuple):
    """What a 年度指标值 or 实际完成值 says.

    ``kind`` is "quantitative" (a number, maybe a unit and a comparator), "time" (a
    deadline such as "2024年年底完成", or wording such as "计划规定时间"),
    "qualitative" (words only: "全覆盖", "整体平稳"; ``grade`` is set when they state
    one of the three grades) or "unknown" (blank, or digits in no shape we know).
    ``comparator`` is "≥", "≤", "=", "range" (``number``–``upper``) or None for a plain
    number.  ``unit`` is canonical ("万元", "%", "次/年", "个工作日"), None when none
    was typed or implied.  ``label`` is the wording before the number ("考评合格率").

    A named tuple, not a frozen dataclass: see template.plan.Cell.
    """

    text: str
    kind: str = UNKNOWN
    comparator: str | None = None
    number: Decimal | None = None
    upper: Decimal | None = None
    unit: str | None = None
    deadline: date | None = None
    grade: str | None = None
    label: str = ""
    precision: str | None = None  # of a deadline: "year", "month" or "day", as written

    @property
    def is_quantitative(self):
        return self.kind == QUANTITATIVE

    @property
    def bare(self):
        """A number with no unit typed or implied ("5", "2096.96" outside a 成本指标 row)."""
        return self.is_quantitative and self.unit is None


# Folding beyond NFKC: the comparison signs NFKC leaves alone, and end punctuation.
_SIGNS = str.maketrans({"≧": "≥", "≦": "≤", "—": "-", "–": "-", "〜": "-", "~": "-"})
_TRAILING = "。；;，,、.!！"


def fold_value(text):
    """Full-width to ASCII, no white space, "≧" as "≥", no end punctuation."""
    folded = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or "")).translate(_SIGNS)
    return folded.rstrip(_TRAILING)


def _alternatives(words):
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


# Comparator words.  Strict and non-strict forms score the same, so ">" is "≥".
PREFIXES = {
    GE: ("≥", ">=", ">", "不低于", "不少于", "不小于", "大于等于", "大于", "高于", "多于", "至少", "达到", "超过"),
    LE: ("≤", "<=", "<", "不高于", "不超过", "不多于", "不大于", "小于等于", "小于", "低于", "少于", "控制在"),
    EQ: ("=", "等于"),
}
SUFFIXES = {GE: ("以上", "及以上", "或以上"), LE: ("以内", "之内", "以下", "及以下", "内"), None: ("左右",)}
_PREFIX_OF = {word: sign for sign, words in PREFIXES.items() for word in words}
_SUFFIX_OF = {word: sign for sign, words in SUFFIXES.items() for word in words}

NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
_PRE = f"(?P<pre>{_alternatives(_PREFIX_OF)})?"
_POST = f"(?P<post>{_alternatives(_SUFFIX_OF)})?"
_UNIT = f"(?P<unit>{UNIT_PATTERN})?"
_LABEL = r"(?P<label>\D*?)"
# What may follow a quantity and leave it one: "5个工作日内办结", "100%完成".
_ACT = r"(?:完成|办结|办理|处理|答复|回复|到位|整改)?"
# Words that may follow a date and still make it a deadline: "年底前完成", "底", "前".
_DEADLINE_TAIL = r"(?P<tail>(?:年底|年末|底|末|之前|前|内|全部|全面|完成|办结|结束|竣工|完工|实施)*)"


def _number(text):
    return Decimal(text.replace(",", ""))


def _comparator(match):
    pre, post = match.group("pre"), match.group("post")
    return _PREFIX_OF[pre] if pre else (_SUFFIX_OF[post] if post else None)


# "每季度2次" is 8 次/年: a count per period becomes a count per year, as targets are written.
PER_YEAR = {"每季度": 4, "每季": 4, "每月": 12, "每半年": 2, "每周": 52, "每年": 1}


def _quantity(text, match, hint):
    number, unit, label = _number(match.group("num")), canonical_unit(match.group("unit")) or hint, match.group("label")
    period = next((word for word in PER_YEAR if label.endswith(word)), None)
    if period is not None and (unit is None or "/" not in unit):
        number, unit = number * PER_YEAR[period], f"{unit or '次'}/年"
    return IndicatorValue(text, QUANTITATIVE, _comparator(match), number, unit=canonical_unit(unit) or unit,
                          label=label)


def _range(text, match, hint):
    low, high = _number(match.group("num")), _number(match.group("upper"))
    if low > high:  # "5-3" is no range anyone means; leave it to a person
        return None
    unit = canonical_unit(match.group("unit") or match.group("unit1")) or hint
    return IndicatorValue(text, QUANTITATIVE, RANGE, low, high, unit, label=match.group("label"))


def _deadline(text, match, hint):
    year, month, day = int(match.group("y")), match.group("m"), match.group("d")
    precision = "day" if day else ("month" if month else "year")
    month = int(month) if month else 12
    if not 1 <= month <= 12:
        return None
    last = calendar.monthrange(year, month)[1]
    day = int(day) if day else last
    if not 1 <= day <= last:
        return None
    return IndicatorValue(text, TIME, LE, unit="date", deadline=date(year, month, day), label=match.group("label"),
                          precision=precision)


def _grade(grade):
    return lambda text, match, hint: IndicatorValue(text, QUALITATIVE, grade=grade)


def _time_words(text, match, hint):
    return IndicatorValue(text, TIME)


def _words(text, match, hint):
    return IndicatorValue(text, QUALITATIVE)


# Tried in order; the first pattern whose builder returns a value wins.  Dates come before
# numbers ("2024年" is a deadline, not 2024 years), ranges before single numbers.
PATTERNS = (
    (rf"^{_LABEL}(?P<y>(?:19|20)\d{{2}})年(?:(?P<m>\d{{1,2}})月(?:(?P<d>\d{{1,2}})日)?)?{_DEADLINE_TAIL}$", _deadline),
    (rf"^{_LABEL}(?P<y>(?:19|20)\d{{2}})[-./](?P<m>\d{{1,2}})[-./](?P<d>\d{{1,2}}){_DEADLINE_TAIL}$", _deadline),
    (rf"^\D*?(?P<m>\d{{1,2}})月(?:(?P<d>\d{{1,2}})日)?{_DEADLINE_TAIL}$", _time_words),  # no year: no date
    (rf"^{_LABEL}(?P<num>{NUMBER})(?P<unit1>{UNIT_PATTERN})?(?:-|至|到)(?P<upper>{NUMBER}){_UNIT}{_POST}{_ACT}$",
     _range),
    (rf"^{_LABEL}{_PRE}(?P<num>{NUMBER}){_UNIT}{_POST}{_ACT}$", _quantity),
    (r"^(?:未|没有|没)(?:达成|达到|完成)", _grade(GRADE_MISSED)),
    (r"^部分(?:达成|达到)", _grade(GRADE_PARTLY)),
    (r"^(?:已|全部|完全|均)?(?:达成|达到)预期", _grade(GRADE_MET)),
    (r"^\D*(?:计划|规定)(?:时间|时限|期限)|^\D*(?:按时|按期|如期|限期|及时|年底前|年内|年度内|时限内)\D*$",
     _time_words),
    (r"^\D+$", _words),
)
_COMPILED = tuple((re.compile(pattern), build) for pattern, build in PATTERNS)


@lru_cache(maxsize=4096)   # every rule of family 6 asks again; IndicatorValue is frozen
def parse_indicator_value(text, level2=None):
    """What the text of a 年度指标值 or 实际完成值 says.

    ``level2`` is the row's 二级指标: in a 成本指标 row a bare number is money, so
    "2096.96" there reads as 2096.96 万元.

    >>> parse_indicator_value("98%以上").comparator, parse_indicator_value("98%以上").number
    ('≥', Decimal('98'))
    """
    folded = fold_value(text)
    if folded in EMPTY_MARKERS:
        return IndicatorValue(text or "")
    hint = "万元" if level2 and "成本" in level2 else None
    for pattern, build in _COMPILED:
        match = pattern.match(folded)
        if match:
            value = build(text, match, hint)
            if value is not None:
                return value
    return IndicatorValue(text)
