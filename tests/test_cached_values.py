"""PE509 cached-value-differs on real files: LibreOffice's results, a tampered one, never-calculated files.

Also issue 4's first "Done when": a template filled at random, recalculated by
LibreOffice and verified shows no finding at a formula cell that it did not
show before recalculation.  One soffice call serves the whole module.
"""

import re
import zipfile
from decimal import Decimal

import pytest

from libreoffice import recalculate, require_soffice
from perfeval_xl.api import verify_file
from perfeval_xl.reader import read_workbook
from perfeval_xl.reader.cached_values import KIND, never_calculated
from perfeval_xl.template import fill_template, generate_template
from perfeval_xl.template import formulas
from test_formula_oracle import LAYOUT, OPTIONS, generated_fills
from test_formula_oracle import WRONG_FORMULAS

TIE = {"funds.budget": Decimal(100000), "funds.spent": Decimal(92649), "funds.weight": Decimal(10)}
SCORE_CELL = LAYOUT.sheets["附件2"].computed["funds.score"]
RANDOM_FILLS = 4


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """{name: path}: the template, fills before and after LibreOffice, a fill of a patched template."""
    require_soffice()
    work = tmp_path_factory.mktemp("cached")
    template = work / "template.xlsx"
    generate_template(template, OPTIONS)
    fills = {"tie": {"附件2": TIE}} | {f"random{i}": fill for i, fill in
                                        enumerate(generated_fills(RANDOM_FILLS))}
    paths = {"template": template}
    for name, fill in fills.items():
        paths[name] = work / f"{name}.xlsx"
        fill_template(template, paths[name], fill)
    paths["patched"] = _patched_fill(work, {"附件2": TIE})
    names = [name for name in paths if name != "template"]
    for name, output in zip(names, recalculate([paths[name] for name in names], work / "out")):
        paths[f"{name}.recalculated"] = output
    return paths


def _patched_fill(work, fill):
    """A fill of a template whose 预算执行得分 uses the rounded rate (9.27 instead of 9.26)."""
    name, wrong = WRONG_FORMULAS["score-from-rounded-rate"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(formulas, name, wrong)
        template = work / "patched-template.xlsx"
        generate_template(template, OPTIONS)
    path = work / "patched.xlsx"
    fill_template(template, path, fill)
    return path


def cached_problems(path):
    return [problem for problem in read_workbook(path).problems if problem.kind == KIND]


def test_recalculated_by_libreoffice_agrees(files):
    for name in ["tie"] + [f"random{i}" for i in range(RANDOM_FILLS)]:
        assert cached_problems(files[f"{name}.recalculated"]) == [], name


def test_a_tampered_cached_value_is_reported_with_both_numbers(files, tmp_path):
    tampered = tmp_path / "tampered.xlsx"
    _replace_cached_value(files["tie.recalculated"], tampered, "附件2", SCORE_CELL, "9.27")
    [problem] = cached_problems(tampered)
    assert (problem.sheet, problem.cell, problem.text, problem.detail) == ("附件2", SCORE_CELL, "9.27", "9.26")
    [finding] = [f for f in verify_file(tampered).findings if f.rule == "PE509"]
    assert (finding.sheet, finding.cell) == ("附件2", SCORE_CELL)
    assert "9.27" in finding.message and "9.26" in finding.message


def test_a_patched_formula_is_reported_at_its_cell_only(files):
    """The edited score formula's result 9.27 is passed on: 总分 is not reported a second time."""
    findings = verify_file(files["patched.recalculated"]).findings
    assert [(f.sheet, f.cell, f.actual, f.expected) for f in findings if f.rule == "PE509"] == [
        ("附件2", SCORE_CELL, "9.27", "9.26")]
    assert ("PE507", "附件2", SCORE_CELL) in {(f.rule, f.sheet, f.cell) for f in findings}


def test_never_calculated_files_give_nothing(files):
    for name in ("template", "tie", "patched"):   # xlsxwriter's 0s; openpyxl's missing results
        assert cached_problems(files[name]) == [], name


def test_never_calculated_heuristic():
    assert never_calculated({"附件2": {"funds.rate": None, "indicator.0.check": None}})
    assert never_calculated({"附件2": {"funds.rate": 0, "indicator.0.check": 0}})
    assert not never_calculated({"附件2": {"funds.rate": 0, "indicator.0.check": None, "total.weight": 10}})


def test_recalculation_adds_no_finding_at_a_formula_cell(files):
    """Issue 4, Done when 1: nothing at a formula cell appears only after LibreOffice recalculated."""
    formula_cells = {(name, cell) for name, sheet in LAYOUT.sheets.items() for cell in sheet.formulas}
    for name in [f"random{i}" for i in range(RANDOM_FILLS)] + ["tie"]:
        before, after = (_at_formula_cells(verify_file(files[key]), formula_cells)
                         for key in (name, f"{name}.recalculated"))
        assert after <= before, (name, after - before)


def _at_formula_cells(result, formula_cells):
    assert result.status == "checked", result.error
    return {(f.rule, f.sheet, f.cell) for f in result.findings if (f.sheet, f.cell) in formula_cells}


def _replace_cached_value(source, target, sheet, cell, value):
    """Copy ``source`` with the cached <v> of ``sheet``!``cell`` replaced (the formula is kept)."""
    with zipfile.ZipFile(source) as archive:
        parts = {info.filename: archive.read(info.filename) for info in archive.infolist()}
    part = _sheet_part(parts, sheet)
    xml = parts[part].decode("utf-8")
    pattern = re.compile(rf'(<c r="{cell}"[^>]*>.*?<v>)([^<]*)(</v>)', re.S)
    assert pattern.search(xml), f"{cell} has no cached value in {part}"
    parts[part] = pattern.sub(lambda match: match.group(1) + value + match.group(3), xml, count=1).encode()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def _sheet_part(parts, sheet):
    """The worksheet XML part of ``sheet``, through xl/workbook.xml and its relationships."""
    workbook = parts["xl/workbook.xml"].decode("utf-8")
    rel_id = re.search(rf'<sheet name="{re.escape(sheet)}"[^>]*r:id="([^"]+)"', workbook).group(1)
    rels = parts["xl/_rels/workbook.xml.rels"].decode("utf-8")
    target = re.search(rf'Id="{rel_id}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="{rel_id}"', rels)
    return "xl/" + (target.group(1) or target.group(2)).removeprefix("/xl/")
