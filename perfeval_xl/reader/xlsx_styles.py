"""The number format of each cell style in styles.xml, and which styles make a number a date, as openpyxl reads them."""

from perfeval_xl.reader.number_formats import (BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE, is_date_format,
                                               is_timedelta_format)
from perfeval_xl.reader.xlsx_package import last_child, local_name


class StylesDeclined(ValueError):
    """styles.xml holds something openpyxl reads in a way not mirrored here."""


class CellStyles:
    """Number formats by cell style index (the s="…" of a cell), with openpyxl's date and timedelta sets."""

    def __init__(self, formats):
        self.formats = formats
        self.key = tuple(formats)   # what a cell's reading depends on: equal for equal styles.xml formats
        self.date_styles = {index for index, fmt in enumerate(formats) if is_date_format(fmt)}
        self.timedelta_styles = {index for index, fmt in enumerate(formats) if is_timedelta_format(fmt)}
        self._by_attribute = {}

    def number_format(self, style_id):
        if not 0 <= style_id < len(self.formats):
            raise StylesDeclined(f"cell style {style_id} is not in styles.xml")
        return self.formats[style_id] or "General"

    def by_attribute(self, style):
        """(style index, number format) for a cell's s="…" text (None when it has none), looked up
        once per distinct text: a sheet repeats the same few styles over hundreds of cells."""
        found = self._by_attribute.get(style)
        if found is None:
            style_id = int(style) if style is not None else 0
            found = self._by_attribute[style] = (style_id, self.number_format(style_id))
        return found


def read_styles(root):
    """CellStyles from the styles.xml root, read as openpyxl's Stylesheet.

    For each <xf> of <cellXfs>: a custom format's code (from <numFmts> only: a
    <dxf>'s own <numFmt>s belong to conditional formats), a built-in format's
    code, or None for a built-in number openpyxl does not know, such as the
    Chinese date formats 27–36 (openpyxl shows "General" and reads the number
    as a number, not a date).  Like openpyxl, it finds <numFmts> and <cellXfs>
    by local name and keeps the last of each.
    """
    number_formats, cell_xfs = last_child(root, "numFmts"), last_child(root, "cellXfs")
    custom = {}
    for item in () if number_formats is None else number_formats:
        if local_name(item.tag) == "numFmt":
            custom[int(item.get("numFmtId"))] = item.get("formatCode")
    styles = [] if cell_xfs is None else [xf for xf in cell_xfs if local_name(xf.tag) == "xf"]
    if not styles:
        raise StylesDeclined("no cell styles: openpyxl falls back to its own default styles")
    return CellStyles([_format_of(int(xf.get("numFmtId", 0)), custom) for xf in styles])


def _format_of(number, custom):
    if number in custom:
        return custom[number]
    if number < BUILTIN_FORMATS_MAX_SIZE:
        return BUILTIN_FORMATS.get(number)
    # openpyxl would give the style the custom format that happens to be at number - 164 in its own list.
    raise StylesDeclined(f"number format {number} is neither built in nor defined")
