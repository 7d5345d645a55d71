"""Regenerate the README rule table and docs/rules.md from the rule catalogue (the code is the source)."""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from perfeval_xl.rules import RULES, rule_page  # noqa: E402  (after the path is set)

START, END = "<!-- rules:start -->", "<!-- rules:end -->"
RULES_DOC = ROOT / "docs" / "rules.md"
# The hundreds digit of a code is its family (the section comments of the RULES registry).
FAMILIES = {"1": "资金与执行", "2": "指标与得分", "3": "基础数据", "4": "日期与必填项", "5": "读取与模板",
            "6": "指标完成", "7": "跨表一致", "8": "考核评分表", "9": "框架"}


def rule_table():
    lines = ["| code | name | severity | checks |", "|---|---|---|---|"]
    for rule in RULES:
        summary = rule.summary.replace("|", "\\|")
        lines.append(f"| {rule.code} | `{rule.name}` | {rule.severity.value} | {summary} |")
    return "\n".join(lines)


def readme_with_rules(text):
    block = f"{START}\n{rule_table()}\n{END}"
    return re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: block, text, flags=re.S)


def family(rule):
    """The family heading, e.g. "PE2 指标与得分" for PE204; KeyError for a digit not in FAMILIES."""
    digit = rule.code[2]
    return f"PE{digit} {FAMILIES[digit]}"


def rules_markdown():
    """docs/rules.md: every rule's page as ``perfeval-xl rules CODE`` prints it, in code order."""
    lines = ["# perfeval-xl 规则说明", "",
             "本文件由 `python scripts/make_docs.py` 从代码生成，请勿手改。每条规则的说明页与",
             "`perfeval-xl rules CODE` 打印的内容相同；规则代码的百位数是规则族。"]
    current = None
    for rule in RULES:
        if family(rule) != current:
            current = family(rule)
            lines += ["", f"## {current}"]
        lines += ["", f"### {rule.code} `{rule.name}`", "", "```text", rule_page(rule).rstrip("\n"), "```"]
    return "\n".join(lines) + "\n"


def main():
    readme = ROOT / "README.md"
    readme.write_text(readme_with_rules(readme.read_text(encoding="utf-8")), encoding="utf-8")
    RULES_DOC.parent.mkdir(exist_ok=True)
    RULES_DOC.write_text(rules_markdown(), encoding="utf-8")


if __name__ == "__main__":
    main()
