"""The README's rule table is generated from the code; a drift fails here."""

from pathlib import Path

import make_docs

from perfeval_xl.rules import RULES

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_rule_table_is_current():
    text = README.read_text(encoding="utf-8")
    assert make_docs.readme_with_rules(text) == text, "README 规则表已过期：请运行 python scripts/make_docs.py"


def test_every_rule_is_in_the_readme():
    text = README.read_text(encoding="utf-8")
    for rule in RULES:
        assert f"| {rule.code} | `{rule.name}` |" in text
