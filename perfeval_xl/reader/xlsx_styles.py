"""The number format of each cell style in styles.xml, and which styles make a number a date, as openpyxl reads them."""

from perfeval_xl.reader.number_formats import (BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE, is_date_format,
                                               is_timedelta_format)

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


class StylesDeclined(ValueError):
    """styles.xml holds something openpyxl reads in a way not mirrored here."""


class CellStyles:
    """Number formats by cell style index (the s="…" of a cell), with openpyxl's date and timedelta sets."""

    def __init__(self, formats):
        self.formats = formats
        self.date_styles = {index for index, fmt in enumerate(formats) if is_date_format(fmt)}
        self.timedelta_styles = {index for index, fmt in enumerate(formats) if is_timedelta_format(fmt)}

    def number_format(self, style_id):
        if not 0 <= style_id < len(self.formats):
            raise StylesDeclined(f"cell style {style_id} is not in styles.xml")
        return self.formats[style_id] or "General"


def read_styles(root):
    """CellStyles from the styles.xml root.

    For each <xf> of <cellXfs>: a custom format's code, a built-in format's
    code, "General" for a built-in number openpyxl does not know (such as the
    Chinese date formats 27–36: openpyxl then reads the number as a number,
    not a date), and None-as-date-test for that case as openpyxl has it.
    """
    custom = {}
    for item in root.iter(_MAIN + "numFmt"):
        custom[int(item.get("numFmtId"))] = item.get("formatCode")
    cell_xfs = root.find(_MAIN + "cellXfs")
    styles = [] if cell_xfs is None else cell_xfs.findall(_MAIN + "xf")
    if not styles:
        raise StylesDeclined("no cell styles: openpyxl falls back to its own default styles")
    formats = []
    for xf in styles:
        number = int(xf.get("numFmtId") or 0)
        if number in custom:
            formats.append(custom[number])
        elif number < BUILTIN_FORMATS_MAX_SIZE:
            formats.append(BUILTIN_FORMATS.get(number))
        else:
            raise StylesDeclined(f"number format {number} is neither built in nor defined")
    return CellStyles(formats)
