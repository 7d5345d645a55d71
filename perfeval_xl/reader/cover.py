"""Read the report's cover: unit, year, report date, the 绩效评价小组 and the 组长's signing date."""

import re

from perfeval_xl import glossary as g
from perfeval_xl.model import Cover, PanelMember, Value
from perfeval_xl.parsing import parse_date_cell
from perfeval_xl.reader.scan import find_cell, find_header_row, header_columns, value_beside
from perfeval_xl.reader.self_evaluation import year_in

_UNIT_IN_TITLE = re.compile(r"\d{4}年度?(.*?)(?:部门)?整体支出绩效自评报告")


def read_cover(segment, reader):
    cover = Cover(sheet=segment.grid.title)
    if segment.title is not None:
        cover.title = reader.text(segment.title)
        cover.year = year_in(segment.title.text)
        match = _UNIT_IN_TITLE.search(segment.title.label)
        if match and match.group(1):
            cover.unit = Value(text=match.group(1), sheet=segment.grid.title, cell=segment.title.coord)
    unit_label = find_cell(segment, g.UNIT)
    if unit_label is not None:
        unit = _beside(segment, reader, unit_label)
        if unit.text or not cover.unit.text:
            cover.unit = unit
    year_label = find_cell(segment, g.YEAR, exact=True)
    if year_label is not None and cover.year is None:
        cover.year = year_in(_beside(segment, reader, year_label).text + "年")
    cover.report_date = _report_date(segment, reader)
    cover.panel = _panel(segment, reader)
    _leader(segment, reader, cover)
    return cover


def _beside(segment, reader, label_cell, stops=()):
    cell, own = value_beside(segment.grid, label_cell, stops)
    if own:
        return Value(text=own, sheet=cell.sheet, cell=cell.coord)
    return reader.text(cell)


def _report_date(segment, reader):
    label = find_cell(segment, g.REPORT_DATE)
    if label is not None:
        cell, own = value_beside(segment.grid, label)
        return reader.date(cell, own or None)
    # A printed cover has the date alone on its line under the unit's name.
    panel_row = find_header_row(segment, ("姓名", "职务")) or segment.last_row + 1
    for row in range(segment.first_row, panel_row):
        for cell in segment.grid.row_cells(row):
            if parse_date_cell(cell.raw) is not None and "组长" not in cell.label:
                return reader.date(cell)
    return Value()


def _panel(segment, reader):
    grid = segment.grid
    header = find_header_row(segment, ("姓名", "职务"))
    if header is None:
        return []
    columns = header_columns(grid, header, g.PANEL_COLUMNS)
    members = []
    for row in range(header + 1, segment.last_row + 1):
        if any(is_leader_line(c.label) for c in grid.row_cells(row)):
            break
        values = {key: reader.text(grid.cell(row, column)) for key, column in columns.items()}
        if values.get("name") and values["name"].text:
            members.append(PanelMember(**values))
    return members


def is_leader_line(label):
    """'评价组组长（签字）：廖亚辉' is the leader's line; a 职务 cell reading '组长' is not."""
    if g.PANEL_LEADER not in label or label.startswith("副组长"):
        return False
    return "签字" in label or "评价组" in label or ":" in label


def _leader(segment, reader, cover):
    cell = next((c for row in segment.rows() for c in segment.grid.row_cells(row)
                 if is_leader_line(c.label)), None)
    if cell is None:
        return
    grid = segment.grid
    cover.leader = _beside(segment, reader, cell, stops=(g.SIGNING_DATE, "日期"))
    label = find_cell(segment, g.SIGNING_DATE, rows=range(cell.row, cell.row + 1))
    if label is not None:
        date_cell, own = value_beside(grid, label)
        cover.leader_signed_on = reader.date(date_cell, own or None)
        return
    for row in range(cell.row, min(cell.row + 4, segment.last_row + 1)):
        for candidate in grid.row_cells(row):
            if candidate.coord != cell.coord and parse_date_cell(candidate.raw) is not None:
                cover.leader_signed_on = reader.date(candidate)
                return
