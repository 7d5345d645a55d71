"""Regenerate the rule table in README.md from the rule catalogue (the code is the source)."""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from perfeval_xl.rules import RULES  # noqa: E402  (after the path is set)

START, END = "<!-- rules:start -->", "<!-- rules:end -->"


def rule_table():
    lines = ["| code | name | severity | checks |", "|---|---|---|---|"]
    for rule in RULES:
        summary = rule.summary.replace("|", "\\|")
        lines.append(f"| {rule.code} | `{rule.name}` | {rule.severity.value} | {summary} |")
    return "\n".join(lines)


def readme_with_rules(text):
    block = f"{START}\n{rule_table()}\n{END}"
    return re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: block, text, flags=re.S)


def main():
    readme = ROOT / "README.md"
    readme.write_text(readme_with_rules(readme.read_text(encoding="utf-8")), encoding="utf-8")


if __name__ == "__main__":
    main()
