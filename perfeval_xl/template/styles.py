"""Cell styles by name: one pale-yellow unlocked fill for every input, locked plain cells elsewhere."""

INPUT_FILL = "#FFF2CC"     # the one input colour, explained on the cover legend
ALERT_FILL = "#FFC7CE"     # conditional "red" for a failed live check
ALERT_FONT = "#9C0006"
CHECK_FONT = "#C00000"     # 校验 messages
FONT = "宋体"

AMOUNT_FORMAT = "#,##0.00"
RATE_FORMAT = "0.00%"
SCORE_FORMAT = "0.00"
COUNT_FORMAT = "0"
DATE_FORMAT = "yyyy-mm-dd"
TEXT_FORMAT = "@"

_BASE = {"font_name": FONT, "font_size": 11, "valign": "vcenter"}
_BOXED = {**_BASE, "border": 1}
_INPUT = {**_BOXED, "locked": False, "bg_color": INPUT_FILL, "pattern": 1}

STYLES = {
    "title": {**_BASE, "bold": True, "font_size": 16, "align": "center"},
    "caption": {**_BASE, "bold": True},
    "note": {**_BASE, "text_wrap": True, "font_size": 10},
    "header": {**_BOXED, "bold": True, "align": "center", "text_wrap": True},
    "label": {**_BOXED, "text_wrap": True},
    "label_center": {**_BOXED, "text_wrap": True, "align": "center"},
    "fixed_text": {**_BOXED, "text_wrap": True, "valign": "top"},
    "fixed_center": {**_BOXED, "align": "center"},
    "fixed_score": {**_BOXED, "num_format": SCORE_FORMAT},
    "amount": {**_BOXED, "num_format": AMOUNT_FORMAT},
    "rate": {**_BOXED, "num_format": RATE_FORMAT},
    "score": {**_BOXED, "num_format": SCORE_FORMAT},
    "check": {**_BOXED, "font_color": CHECK_FONT, "text_wrap": True},
    # Text inputs are formatted "@" so "100%" or a phone number stays as typed.
    "in_text": {**_INPUT, "text_wrap": True, "num_format": TEXT_FORMAT},
    "in_long_text": {**_INPUT, "text_wrap": True, "valign": "top", "num_format": TEXT_FORMAT},
    "in_choice": {**_INPUT, "align": "center"},
    "in_amount": {**_INPUT, "num_format": AMOUNT_FORMAT},
    "in_score": {**_INPUT, "num_format": SCORE_FORMAT},
    "in_count": {**_INPUT, "num_format": COUNT_FORMAT},
    "in_date": {**_INPUT, "num_format": DATE_FORMAT, "align": "left"},
}
ALERT = {"bg_color": ALERT_FILL, "font_color": ALERT_FONT}


def is_input_style(name):
    return name.startswith("in_")


def make_formats(workbook):
    """xlsxwriter Format objects by style name, plus "alert" for conditional formats."""
    formats = {name: workbook.add_format(properties) for name, properties in STYLES.items()}
    formats["alert"] = workbook.add_format(ALERT)
    return formats
