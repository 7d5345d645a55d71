"""What a person sees: the default template and the annotated sample, printed by LibreOffice on A4.

scripts/render.py renders both workbooks in two soffice calls (the print layout, then each
sheet as one page to measure its width); skipped, with the reason, where LibreOffice or
poppler is missing.  The hand-typed sample has no print settings of its own and the copy
keeps them (fidelity), so its tables spill over several narrow A4 pages; the report must
say so, while the template's sheets and the 核查结果 sheet fit the page width.
"""

import contextlib
import io
import struct
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

import render
from perfeval_xl.cli import main

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "workbook_templates" / "绩效自评模板-默认.xlsx"
SAMPLE = ROOT / "samples" / "yueyang-2024-原表.xlsx"
# Each template sheet is 1 page wide; 附件2 (45 indicator rows) and 附件3 (25) run to 2 pages tall.
TEMPLATE_PAGES = {"封面": 1, "附件1": 1, "附件2": 2, "附件3-业务工作经费": 2, "附件4": 1, "附件5": 1,
                  "附件6": 1, "考核评分表": 1}
# 核查结果: 20 findings on 2 landscape pages.  The hand-typed sheets, without print settings,
# take LibreOffice's default (A4 portrait, 100 %) and are split across the width as well.
SAMPLE_PAGES = {"核查结果": 2, "封面": 2, "附件1": 2, "附件2": 4, "附件3": 2, "考核评分表": 3}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """({workbook name: Rendering}, what render.py printed, the output folder)."""
    missing = render.tools_missing()
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed: the rendering tests are not run")
    folder = tmp_path_factory.mktemp("render")
    annotated = folder / "yueyang-2024-原表.核查.xlsx"
    outcome = CliRunner().invoke(main, ["verify", str(SAMPLE), "--annotate", str(annotated)])
    assert outcome.exit_code == 1 and annotated.exists(), outcome.output
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        renderings = render.run([TEMPLATE, annotated], folder / "out", pages="1", dpi=50)
    return {r.workbook.name: r for r in renderings}, printed.getvalue(), folder / "out"


def pages_per_sheet(rendering):
    counts = {}
    for page in rendering.pages:
        counts[page.sheet] = counts.get(page.sheet, 0) + 1
    return counts


def orientation(path, sheet):
    return openpyxl.load_workbook(path)[sheet].page_setup.orientation or "portrait"


def test_template_prints_each_sheet_on_a4_pages_one_page_wide(rendered):
    template = rendered[0][TEMPLATE.name]
    assert pages_per_sheet(template) == TEMPLATE_PAGES
    assert len(template.pages) == sum(TEMPLATE_PAGES.values()) == 10
    for page in template.pages:
        assert page.is_a4, page
        assert page.orientation == orientation(TEMPLATE, page.sheet), page
    assert all(fit.fits and "fit to 1 page wide" in fit.reason for fit in template.fits.values())
    assert set(template.fits) == set(TEMPLATE_PAGES)          # the hidden sheet is not printed


def test_annotated_sample_pages_are_a4_and_the_summary_fits(rendered):
    sample = rendered[0]["yueyang-2024-原表.核查.xlsx"]
    assert pages_per_sheet(sample) == SAMPLE_PAGES
    assert len(sample.pages) == 15
    assert all(page.is_a4 for page in sample.pages)
    summary = [page for page in sample.pages if page.sheet == "核查结果"]
    assert [page.number for page in summary] == [1, 2]
    assert all(page.orientation == "landscape" for page in summary)
    assert sample.fits["核查结果"].fits


def test_hand_typed_sheets_are_reported_wider_than_the_page(rendered):
    sample = rendered[0]["yueyang-2024-原表.核查.xlsx"]
    for sheet, pages in SAMPLE_PAGES.items():
        if sheet != "核查结果":
            fit = sample.fits[sheet]
            assert not fit.fits and "wider than" in fit.reason and pages >= 2, sheet
    copy = openpyxl.load_workbook(sample.workbook)
    assert copy["附件2"].page_setup.orientation is None         # as in the input: nothing set


def test_report_names_every_page_and_pngs_are_written(rendered):
    renderings, printed, out = rendered
    assert "绩效自评模板-默认.xlsx: 10 pages" in printed
    assert "yueyang-2024-原表.核查.xlsx: 15 pages" in printed
    assert "page 1: 核查结果, A4 landscape, fits the width" in printed
    assert "page 7: 附件2, A4 portrait, DOES NOT FIT the width" in printed
    assert sum(line.startswith("page ") for line in printed.splitlines()) == 10 + 15
    for name, landscape in (("绩效自评模板-默认", False), ("yueyang-2024-原表.核查", True)):
        width, height = png_size(out / f"{name}-1.png")
        assert (width > height) == landscape
        assert abs(max(width, height) / min(width, height) - 297 / 210) < 0.02


def png_size(path):
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_page_choice():
    assert render.parse_pages(None, 3) == [1, 2, 3]
    assert render.parse_pages("2", 15) == [1, 2]
    assert render.parse_pages("1,7-8,30", 15) == [1, 7, 8]
    assert render.parse_pages("9", 4) == [1, 2, 3, 4]
