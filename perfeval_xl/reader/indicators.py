"""Read the indicator block: 一级/二级/三级指标 rows, the 总分 row and the 一级 weights.

一级 and 二级 cells come merged down, repeated on every row, or typed once with
blanks below; all three give the same headings.  A heading's declared weight is
read from "产出指标(50分)" in its cell, or from the template's 一级指标权重 block.
"""

import re
from functools import lru_cache

from perfeval_xl import glossary as g
from perfeval_xl.model import EMPTY, Heading, Indicator
from perfeval_xl.reader.scan import find_header_row, header_columns, label_starts, row_begins_with

INDICATOR_COLUMNS = {
    "level1": g.LEVEL1,
    "level2": g.LEVEL2,
    "name": g.LEVEL3,
    "target": g.TARGET,
    "actual": g.ACTUAL,
    "weight": g.WEIGHT,
    "score": g.SCORE,
    "reason": "偏差原因",
}
TEXT_FIELDS = ("name", "target", "actual", "reason")
VALUE_KEYS = tuple(key for key in INDICATOR_COLUMNS if key not in ("level1", "level2"))
_HEADING_WEIGHT = re.compile(r"\(?(\d+(?:\.\d+)?)分\)?")
# The row under the indicators: "总分" in the seed, "合计"/"总计" in other units' tables.
TOTAL_LABELS = (g.TOTAL, "合计", "总计")
# Rows that end the indicator block.
STOP_LABELS = ("填表人", "一级指标权重", "备注", "说明")
_TOTAL_STARTS, _STOP_STARTS = label_starts(*TOTAL_LABELS), label_starts(*STOP_LABELS)
_WEIGHT_STARTS = label_starts("权重")


def read_indicator_block(segment, reader):
    """(headings, total weight Value, total score Value) of a 附件2/附件3 table."""
    grid = segment.grid
    header = find_header_row(segment, (g.LEVEL3, g.WEIGHT, g.SCORE))
    if header is None:
        return [], EMPTY, EMPTY
    columns = header_columns(grid, header, INDICATOR_COLUMNS)
    headings = {}
    state = {"level1": None, "level2": ""}
    total = (EMPTY, EMPTY)
    value_columns = [columns[key] for key in VALUE_KEYS if key in columns]
    for row in range(header + 1, segment.last_row + 1):
        cells = grid.row_cells(row)
        if not cells:
            continue
        if row_begins_with(grid, row, _TOTAL_STARTS):
            total = _read_total(grid, row, cells, columns, reader)
            break
        if row_begins_with(grid, row, _STOP_STARTS):
            break
        _read_row(grid, row, columns, value_columns, reader, headings, state)
    _apply_weight_block(segment, reader, headings)
    return list(headings.values()), total[0], total[1]


def _read_row(grid, row, columns, value_columns, reader, headings, state):
    level1_cell = grid.cell(row, columns["level1"]) if "level1" in columns else None
    if level1_cell is not None and level1_cell.text:
        name, weight_text = split_heading(level1_cell.text)
        if name not in headings:
            weight = reader.number_in_text(level1_cell, weight_text, "score") if weight_text else EMPTY
            headings[name] = Heading(name, weight)
        if name != state["level1"]:
            state["level1"], state["level2"] = name, ""
    for column in value_columns:
        if grid.cell(row, column).raw is not None:
            break
    else:
        return   # a spare row of the template: nothing typed (the values below would all be blank)
    values = {key: _value(grid, row, columns, key, reader) for key in VALUE_KEYS}
    if all(v.blank for v in values.values()):
        return
    level2_cell = grid.cell(row, columns["level2"]) if "level2" in columns else None
    if level2_cell is not None and level2_cell.text:
        state["level2"] = g.normalize_label(level2_cell.text)
    if state["level1"] is None:
        state["level1"] = ""
        headings.setdefault("", Heading(""))
    indicator = Indicator(state["level1"], state["level2"], values["name"], values["target"],
                          values["actual"], values["weight"], values["score"], values["reason"], row)
    headings[state["level1"]].indicators.append(indicator)


def _value(grid, row, columns, key, reader):
    if key not in columns:
        return EMPTY
    cell = grid.cell(row, columns[key])
    if key in ("target", "actual"):
        return reader.shown(cell)  # "96%" typed into a cell formatted as %, stored as 0.96
    if key in TEXT_FIELDS:
        return reader.text(cell)
    return reader.number(cell, "score")


@lru_cache(maxsize=1024)   # a 一级指标 merged down is read again on each of its rows
def split_heading(text):
    """'产出指标\\n(50分)' → ('产出指标', '50'); '效益指标' → ('效益指标', '')."""
    folded = g.normalize_label(text)
    match = _HEADING_WEIGHT.search(folded)
    name = folded[: match.start()] if match else folded
    for canonical in (g.OUTPUT, g.BENEFIT, g.SATISFACTION):
        if canonical[:2] in name:
            name = canonical
            break
    return name, (match.group(1) if match else "")


def _read_total(grid, row, cells, columns, reader):
    """The 总分 row: 分值 and 得分 under their headers, else the row's numbers in order."""
    label = next(c for c in cells if c.label.startswith(TOTAL_LABELS))
    others = [c for c in cells if c.coord != label.coord]
    found = []
    for key in ("weight", "score"):
        cell = grid.cell(row, columns[key]) if key in columns else None
        if cell is None or cell.coord == label.coord or not cell.text:
            cell = others[len(found)] if len(others) > len(found) else None
        found.append(reader.number(cell, "score") if cell is not None else EMPTY)
    return found[0], found[1]


def _apply_weight_block(segment, reader, headings):
    """The template's 一级指标权重 block: 一级指标 | 权重 | … declares each heading's weight."""
    grid = segment.grid
    header = _weight_header_row(segment)
    if header is None:
        return
    columns = header_columns(grid, header, {"name": g.LEVEL1, "weight": "权重"})
    for row in range(header + 1, segment.last_row + 1):
        name, _ = split_heading(grid.cell(row, columns["name"]).text)
        if name not in (g.OUTPUT, g.BENEFIT, g.SATISFACTION):
            break
        weight = reader.number(grid.cell(row, columns["weight"]), "score")
        if name in headings:
            headings[name].declared_weight = weight
        elif not weight.blank:
            headings[name] = Heading(name, weight)


def _weight_header_row(segment):
    grid = segment.grid
    for row in segment.rows():
        if not row_begins_with(grid, row, _WEIGHT_STARTS):
            continue   # no label begins with 权重: most rows, passed over without listing their labels
        labels = [cell.label for cell in grid.row_cells(row)]
        if g.LEVEL1 in labels:
            return row
    return None
