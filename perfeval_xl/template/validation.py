"""Data validation rules by name, with Chinese prompts and error messages."""

import datetime

from perfeval_xl import glossary as g

from .labels import NO, YES

DATE_MIN = datetime.date(2000, 1, 1)
DATE_MAX = datetime.date(2100, 12, 31)
LEVEL2_NAMES = tuple(name for names in g.LEVEL2_BY_LEVEL1.values() for name in names)

_RULES = {
    "amount": ({"validate": "decimal", "criteria": ">=", "value": 0},
               "金额（万元）", "请填写不小于0的金额，单位万元，保留2位小数。", "金额必须是不小于0的数字。"),
    "count": ({"validate": "integer", "criteria": ">=", "value": 0},
              "人数", "请填写不小于0的整数。", "人数必须是不小于0的整数。"),
    "size": ({"validate": "decimal", "criteria": ">=", "value": 0},
             "规模（m²）", "请填写不小于0的面积。", "规模必须是不小于0的数字。"),
    "year": ({"validate": "integer", "criteria": "between", "minimum": 2000, "maximum": 2100},
             "年度", "请填写4位年份，如2024。", "年度必须是2000至2100之间的整数。"),
    "date": ({"validate": "date", "criteria": "between", "minimum": DATE_MIN, "maximum": DATE_MAX},
             "日期", "请填写日期，如2025-03-18。", "请填写2000-01-01至2100-12-31之间的日期。"),
    "score": ({"validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 100},
              "分值/得分", "请填写0至100之间的数字，最多2位小数。", "分值和得分必须在0至100之间。"),
    "level1": ({"validate": "list", "source": list(g.LEVEL2_BY_LEVEL1)},
               g.LEVEL1, "请从下拉列表中选择一级指标。", "一级指标只能是产出指标、效益指标或满意度指标。"),
    "level2": ({"validate": "list", "source": list(LEVEL2_NAMES)},
               g.LEVEL2, "请从下拉列表中选择二级指标。", "二级指标必须从下拉列表中选择。"),
    "yes_no": ({"validate": "list", "source": [YES, NO]},
               g.NO_SUCH_SPENDING, "请选择“是”或“否”。", "只能选择“是”或“否”。"),
}


def validation_options(name):
    """xlsxwriter data_validation options for a rule name; "upto:8" means 0 ≤ x ≤ 8 (考核得分)."""
    if name.startswith("upto:"):
        maximum = int(name.split(":", 1)[1])
        rule = ({"validate": "decimal", "criteria": "between", "minimum": 0, "maximum": maximum},
                g.SCORE, f"请填写0至{maximum}之间的得分。", f"得分必须在0至{maximum}之间（满分{maximum}）。")
    else:
        rule = _RULES[name]
    criteria, title, prompt, error = rule
    return {**criteria, "input_title": title, "input_message": prompt,
            "error_title": "输入有误", "error_message": error}
