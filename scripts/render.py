"""Render workbooks the way they print: LibreOffice (headless) → PDF, pdftoppm → PNG, with a page report.

    python scripts/render.py IN.xlsx [IN2.xlsx …] OUT_DIR [--pages N | --pages 1,7-8] [--dpi 110]
                             [--no-antialias]

Prints each workbook's page count and, per page, its sheet, paper size and orientation,
and whether the sheet's table fits the page width: by its print setup (fit to 1 page
wide), or else by the width LibreOffice lays its printed columns out at, against the page
width less the margins.  Writes OUT_DIR/<name>.pdf and PNGs of the chosen pages (all by
default) as OUT_DIR/<name>-<page>.png.  LibreOffice runs twice in all, whatever the number
of workbooks (the print layout, then each sheet as one page to measure its width), with a
throw-away profile that recalculates every formula on load (RULES.md §6), and A4 as the
default paper for sheets that set none.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl

A4_POINTS = (595.3, 841.9)
POINT_TOLERANCE = 2.0
SINGLE_PAGE_FILTER = 'pdf:calc_pdf_Export:{"SinglePageSheets":{"type":"boolean","value":"true"}}'
# Always recalculate on load (RULES.md §6); tests/libreoffice.py imports this one copy.
RECALC_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
           xmlns:xs="http://www.w3.org/2001/XMLSchema"
           xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""
# LibreOffice writes plain (uncompressed) page-tree and outline dictionaries: one bookmark
# per printed sheet, its title in UTF-16, its destination the sheet's first page object.
_KIDS = re.compile(rb"/Type\s*/Pages\b[^>]*?/Kids\s*\[([^\]]*)\]", re.S)
_OUTLINE = re.compile(rb"/Title\s*<FEFF([0-9A-Fa-f]*)>\s*/Dest\s*\[\s*(\d+)\s+0\s+R")


class RenderError(Exception):
    """LibreOffice or poppler is missing, or did not produce its output."""


@dataclass(frozen=True)
class SheetFit:
    """Whether a sheet's printed table fits the page width, and why."""

    fits: bool
    reason: str


@dataclass(frozen=True)
class Page:
    """One PDF page: its number, the sheet printed on it, its size in points."""

    number: int
    sheet: str | None
    width: float
    height: float

    @property
    def is_a4(self):
        short, long = sorted((self.width, self.height))
        return (abs(short - A4_POINTS[0]) <= POINT_TOLERANCE
                and abs(long - A4_POINTS[1]) <= POINT_TOLERANCE)

    @property
    def orientation(self):
        return "landscape" if self.width > self.height else "portrait"


@dataclass(frozen=True)
class Rendering:
    """A workbook's PDF, its pages, and the fit of each visible sheet."""

    workbook: Path
    pdf: Path
    pages: list
    fits: dict                  # sheet name → SheetFit

    def page_lines(self):
        return [page_line(page, self.fits.get(page.sheet)) for page in self.pages]


def tools_missing():
    """The programs this needs that are not installed (soffice, pdftoppm, pdfinfo)."""
    return [name for name in ("soffice", "pdftoppm", "pdfinfo") if shutil.which(name) is None]


def render(workbooks, out_dir):
    """Render every workbook to out_dir/<stem>.pdf and measure its sheets: two LibreOffice calls."""
    out_dir = Path(out_dir)
    pdfs = convert_to_pdf(workbooks, out_dir)
    with tempfile.TemporaryDirectory(prefix="perfeval-widths-") as scratch:
        single_pages = convert_to_pdf(workbooks, scratch, export_filter=SINGLE_PAGE_FILTER)
        renderings = []
        for workbook, pdf, single_page in zip(workbooks, pdfs, single_pages):
            pages = pdf_pages(pdf)
            renderings.append(Rendering(Path(workbook), pdf, pages, sheet_fits(workbook, pages, single_page)))
    return renderings


def convert_to_pdf(sources, out_dir, export_filter="pdf", timeout=300):
    """Convert every workbook in ``sources`` to ``out_dir/<stem>.pdf`` in one LibreOffice call.

    Success is exit status 0 *and* every PDF written: LibreOffice exits 0 even when
    it could not load a file.  Returns the PDF paths in the order of ``sources``.
    """
    soffice = shutil.which("soffice")
    if soffice is None:
        raise RenderError("LibreOffice (soffice) is not installed")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    pdfs = [out_dir / (Path(source).stem + ".pdf") for source in sources]
    with tempfile.TemporaryDirectory(prefix="perfeval-profile-") as profile:
        settings = Path(profile) / "user" / "registrymodifications.xcu"
        settings.parent.mkdir()
        settings.write_text(RECALC_PROFILE, encoding="utf-8")
        completed = subprocess.run(
            [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
             "--convert-to", export_filter, "--outdir", str(out_dir), *map(str, sources)],
            capture_output=True, timeout=timeout, env=_a4_environment(), check=False)
    missing = [pdf.name for pdf in pdfs if not pdf.is_file() or pdf.stat().st_size == 0]
    if completed.returncode != 0 or missing:
        raise RenderError(f"LibreOffice exit status {completed.returncode}, no PDF for {missing}: "
                          + completed.stderr.decode(errors="replace")[-500:])
    return pdfs


def _a4_environment():
    # LibreOffice takes the default paper from the locale: Letter under en_US.
    return {**os.environ, "LC_PAPER": "C.UTF-8"}


def pdf_pages(pdf):
    """Every page of ``pdf`` with its size and the sheet it belongs to (None when unknown)."""
    starts = _sheet_starts(Path(pdf).read_bytes())
    pages, sheet = [], None
    for number, (width, height) in enumerate(_page_sizes(pdf), 1):
        sheet = starts.get(number, sheet)
        pages.append(Page(number, sheet, width, height))
    return pages


def _page_sizes(pdf):
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    count = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", str(count), str(pdf)],
                          capture_output=True, text=True, check=True).stdout
    sizes = re.findall(r"^Page\s+\d+\s+size:\s+([\d.]+)\s+x\s+([\d.]+)", info, re.M)
    return [(float(width), float(height)) for width, height in sizes]


def _sheet_starts(data):
    """{page number: sheet name} from the PDF's bookmarks."""
    kids = _KIDS.search(data)
    if kids is None:
        return {}
    order = [int(number) for number in re.findall(rb"(\d+)\s+0\s+R", kids.group(1))]
    starts = {}
    for title, page_object in _OUTLINE.findall(data):
        if int(page_object) in order:
            name = bytes.fromhex(title.decode("ascii")).decode("utf-16-be")
            starts.setdefault(order.index(int(page_object)) + 1, name)
    return starts


def sheet_fits(workbook_path, pages, single_page_pdf):
    """{sheet name: SheetFit} for every visible sheet.

    A sheet set to fit 1 page wide fits by its print setup.  Otherwise its width is
    LibreOffice's own: ``single_page_pdf`` has one page per sheet (hidden ones too),
    as wide as the sheet's printed columns; that width times the print scale must fit
    the paper width (from ``pages``) less the left and right margins.
    """
    workbook = openpyxl.load_workbook(workbook_path)
    widths = [page.width for page in pdf_pages(single_page_pdf)]
    if len(widths) != len(workbook.worksheets):
        widths = [None] * len(workbook.worksheets)
    paper = {page.sheet: page.width for page in reversed(pages)}
    return {sheet.title: _fit(sheet, width, paper.get(sheet.title))
            for sheet, width in zip(workbook.worksheets, widths) if sheet.sheet_state == "visible"}


def _fit(sheet, content_width, paper_width):
    setup, properties = sheet.page_setup, sheet.sheet_properties.pageSetUpPr
    if properties is not None and properties.fitToPage and int(setup.fitToWidth or 1) == 1:
        return SheetFit(True, "print setup: fit to 1 page wide")
    if content_width is None or paper_width is None:
        return SheetFit(False, "width not measured; no fit-to-width in the sheet's print setup")
    table = content_width * (setup.scale or 100) / 100
    printable = paper_width - (sheet.page_margins.left + sheet.page_margins.right) * 72
    fits = table <= printable + POINT_TOLERANCE
    return SheetFit(fits, f"table {_cm(table)} cm {'within' if fits else 'wider than'} the "
                          f"{_cm(printable)} cm printable width; no fit-to-width in the sheet's print setup")


def _cm(points):
    return f"{points / 72 * 2.54:.1f}"


def page_line(page, fit):
    """"page 7: 附件2, A4 portrait, DOES NOT FIT the width — table 31.6 cm wider than …"."""
    paper = "A4" if page.is_a4 else f"{page.width:.0f}×{page.height:.0f} pt (not A4)"
    if fit is None:
        return f"page {page.number}: {page.sheet or '?'}, {paper} {page.orientation}"
    verdict = "fits the width" if fit.fits else "DOES NOT FIT the width"
    return f"page {page.number}: {page.sheet or '?'}, {paper} {page.orientation}, {verdict} — {fit.reason}"


def to_png(pdf, out_dir, pages, dpi=110, antialias=True):
    """PNGs of the given page numbers, as ``out_dir/<stem>-<page>.png``."""
    if shutil.which("pdftoppm") is None:
        raise RenderError("pdftoppm (poppler-utils) is not installed")
    written = []
    for number in pages:
        prefix = Path(out_dir) / f"{Path(pdf).stem}-{number}"
        subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(number), "-l", str(number),
                        "-aa", "yes" if antialias else "no", "-singlefile", str(pdf), str(prefix)],
                       check=True, capture_output=True)
        written.append(prefix.with_name(prefix.name + ".png"))
    return written


def parse_pages(text, count):
    """"3" → pages 1–3; "1,7-8" → pages 1, 7, 8; None → all; pages past the end are left out."""
    if text is None:
        return list(range(1, count + 1))
    if re.fullmatch(r"\s*\d+\s*", text):
        return list(range(1, min(int(text), count) + 1))
    chosen = []
    for part in text.split(","):
        low, _, high = part.strip().partition("-")
        chosen += range(int(low), int(high or low) + 1)
    return [number for number in dict.fromkeys(chosen) if 1 <= number <= count]


def run(workbooks, out_dir, pages=None, dpi=110, antialias=True):
    """Render, print the page report, write the PNGs; returns the Renderings."""
    renderings = render(workbooks, out_dir)
    for rendering in renderings:
        print(f"{rendering.workbook.name}: {len(rendering.pages)} pages → {rendering.pdf}")
        print("\n".join(rendering.page_lines()))
        chosen = parse_pages(pages, len(rendering.pages))
        for png in to_png(rendering.pdf, out_dir, chosen, dpi, antialias):
            print(f"wrote {png}")
    return renderings


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", type=Path, metavar="IN.xlsx … OUT_DIR")
    parser.add_argument("--pages", help="N (the first N pages) or a list such as 1,7-8; default all")
    parser.add_argument("--dpi", type=int, default=110)
    parser.add_argument("--no-antialias", action="store_true",
                        help="crisp text without grey edges: PNGs a quarter of the size (for docs/images)")
    args = parser.parse_args(argv)
    if len(args.paths) < 2:
        parser.error("give at least one workbook and the output folder")
    *workbooks, out_dir = args.paths
    try:
        run(workbooks, out_dir, args.pages, args.dpi, antialias=not args.no_antialias)
    except (RenderError, subprocess.SubprocessError, OSError) as error:
        print(f"render failed: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
