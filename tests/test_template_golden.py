"""Golden-file tests: the default template, compared part by part with committed files.

Regenerate both committed files with ``python scripts/make_workbook_templates.py --golden``
after an intended change, and review the XML diff before committing.
"""

import re
import zipfile
from pathlib import Path

import pytest

from perfeval_xl.template import TemplateOptions, generate_template

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "template_default.xlsx"
COMMITTED_TEMPLATE = ROOT / "workbook_templates" / "绩效自评模板-默认.xlsx"
DEFAULT = TemplateOptions(unit="", year=2024, projects=("业务工作经费",))
# The only volatile content an .xlsx can hold; fixed by the generator, normalised anyway.
VOLATILE = re.compile(r"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def parts(path):
    """{part name: text (XML) or bytes} of an .xlsx file."""
    with zipfile.ZipFile(path) as archive:
        return {name: _content(name, archive.read(name)) for name in archive.namelist()}


def _content(name, data):
    if name.endswith((".xml", ".rels")):
        return VOLATILE.sub(r"\1…\2", data.decode("utf-8"))
    return data


def assert_same_parts(actual_path, expected_path, regenerate_hint):
    actual, expected = parts(actual_path), parts(expected_path)
    assert sorted(actual) == sorted(expected), f"part lists differ; {regenerate_hint}"
    for name in expected:
        assert actual[name] == expected[name], f"{name} differs; {regenerate_hint}"


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    path = tmp_path_factory.mktemp("golden") / "template.xlsx"
    generate_template(path, DEFAULT)
    return path


def test_default_template_matches_the_golden_file(generated):
    assert_same_parts(generated, GOLDEN,
                      "if intended, run scripts/make_workbook_templates.py --golden")


def test_committed_workbook_template_is_not_stale(generated):
    assert_same_parts(generated, COMMITTED_TEMPLATE,
                      "run scripts/make_workbook_templates.py to refresh workbook_templates/")


def test_golden_comparison_notices_a_change(tmp_path):
    changed = tmp_path / "changed.xlsx"
    generate_template(changed, TemplateOptions(unit="某单位"))
    with pytest.raises(AssertionError, match="differs"):
        assert_same_parts(changed, GOLDEN, "")
