"""The README rule table and docs/rules.md are generated from the code; a drift fails here.

That every rule has a failing and a passing rule case is tested once, in
tests/test_rules.py (test_every_rule_has_a_failing_and_a_passing_case).
"""

from pathlib import Path

import make_docs
import pytest

from perfeval_xl.rules import RULES, rule_page
from perfeval_xl.rules.base import SECTIONS

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
RULES_DOC = ROOT / "docs" / "rules.md"
STALE = "已过期：请运行 python scripts/make_docs.py"


def test_readme_rule_table_is_current():
    text = README.read_text(encoding="utf-8")
    assert make_docs.readme_with_rules(text) == text, f"README 规则表{STALE}"


def test_every_rule_is_in_the_readme():
    text = README.read_text(encoding="utf-8")
    for rule in RULES:
        assert f"| {rule.code} | `{rule.name}` |" in text


def test_rules_doc_is_current():
    assert RULES_DOC.exists(), "docs/rules.md 不存在：请运行 python scripts/make_docs.py"
    assert RULES_DOC.read_text(encoding="utf-8") == make_docs.rules_markdown(), f"docs/rules.md {STALE}"


def test_every_family_has_a_heading():
    missing = sorted({rule.code[2] for rule in RULES} - set(make_docs.FAMILIES))
    assert not missing, f"make_docs.FAMILIES 缺少规则族 {missing} 的名称"


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_each_rule_page_is_in_the_doc_with_every_section(rule):
    page = rule_page(rule)
    headings = [line for line in page.splitlines() if line in SECTIONS]
    assert headings == list(SECTIONS), f"{rule.code} 的说明页缺少 {set(SECTIONS) - set(headings)}"
    assert f"### {rule.code} `{rule.name}`\n\n```text\n{page}```" in make_docs.rules_markdown()
