"""The rule framework: how a rule is declared, run, turned into findings and documented."""

import inspect
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import NamedTuple

from perfeval_xl.decimal_math import plain
from perfeval_xl.findings import Finding, Severity
from perfeval_xl.profile import DEFAULT_PROFILE

SECTIONS = ("检查内容", "为何重要", "示例")  # what it checks · why it matters · an example that fails
CODE_PATTERN = re.compile(r"^PE\d{3}$")
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)+$")


class Hit(NamedTuple):
    """What a rule found, before it becomes a Finding.

    ``at`` is anything with ``.sheet`` and ``.cell`` (a model Value, a
    ReadProblem) or None; ``fields`` fill the message template; ``related``
    are the other Values the hit is about.  ``variant`` picks one of the
    rule's alternative message templates.

    A named tuple, not a frozen dataclass: see template.plan.Cell.
    """

    at: object = None
    fields: MappingProxyType = MappingProxyType({})
    actual: object = None
    expected: object = None
    related: tuple = ()
    variant: str | None = None


def hit(at=None, *, actual=None, expected=None, related=(), variant=None, **fields):
    """A Hit at ``at``; ``actual`` and ``expected`` are also message placeholders."""
    fields.setdefault("actual", actual)
    fields.setdefault("expected", expected)
    return Hit(at, MappingProxyType(fields), actual, expected, tuple(related), variant)


def as_text(value):
    """A field as it is printed: Decimals plain (2096.96), dates ISO, None empty."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _optional_text(value):
    return None if value is None else as_text(value)


def _location(thing):
    if thing is None:
        return None, None
    return getattr(thing, "sheet", None), getattr(thing, "cell", None)


@dataclass(frozen=True, eq=False)  # a rule is itself: compared and hashed by identity
class Rule:
    """One check: a stable code, a kebab-case name for the problem, and its texts."""

    code: str
    name: str
    severity: Severity
    message: str
    hint: str
    check: object  # callable (workbook, profile) -> iterable of Hit
    variants: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))

    @property
    def doc(self):
        return inspect.cleandoc(self.check.__doc__ or "")

    @property
    def summary(self):
        """The first sentence of 检查内容: one line for catalogue tables."""
        text = self.sections().get("检查内容", "").replace("\n", "")
        return text.split("。")[0]

    def sections(self):
        """The docstring's 检查内容 / 为何重要 / 示例 sections, by heading."""
        found, current = {}, None
        for line in self.doc.splitlines():
            heading = line.strip().rstrip(":：")
            if heading in SECTIONS and not line.startswith(" "):
                current = heading
                found[current] = []
            elif current is not None:
                found[current].append(line.strip())
        return {name: "\n".join(lines).strip() for name, lines in found.items()}

    def finding(self, found, severity):
        """Turn one Hit into a Finding at the hit's cell."""
        fields = {key: as_text(value) for key, value in found.fields.items()}
        template = self.message if found.variant is None else self.variants[found.variant]
        sheet, cell = _location(found.at)
        related = tuple(_location(value) for value in found.related if _location(value)[1])
        return Finding(
            rule=self.code, name=self.name, severity=severity, sheet=sheet, cell=cell,
            message=template.format(**fields), hint=self.hint.format(**fields),
            actual=_optional_text(found.actual), expected=_optional_text(found.expected),
            related=related,
        )

    def run(self, workbook, profile=DEFAULT_PROFILE):
        """This rule's findings; a rule that raises gives one PE900 finding instead."""
        severity = profile.severity_for(self.code, self.severity)
        try:
            return [self.finding(found, severity) for found in self.check(workbook, profile)]
        except Exception as error:  # noqa: BLE001 - one broken rule must not stop the others
            return [crash_finding(self, error, profile)]


def rule(code, name, severity, message, hint, variants=None):
    """Declare a rule: decorate a generator function ``(workbook, profile) -> Hits``."""

    def declare(check):
        return Rule(code, name, Severity(severity), message, hint, check,
                    MappingProxyType(dict(variants or {})))

    return declare


@rule("PE900", "rule-crashed", "error",
      message="规则 {code} {name} 运行出错（{error}），该规则的检查未完成",
      hint="这是 perfeval-xl 的缺陷，不是表格的问题：请把文件和这条消息发给维护者；其他规则的结果不受影响")
def rule_crashed(workbook, profile):
    """
    检查内容
        不检查表格本身：某条规则在运行中出错时，框架用本条代替它的结果，其余规则照常运行。
    为何重要
        一条规则的缺陷不应让整份报告没有结果，也不应被悄悄忽略——出错的规则没有完成检查，
        它本应发现的问题可能仍在表中。
    示例
        读取程序交给规则的表格结构不完整（例如资金拆分项为空对象），规则 PE105 运行出错，
        结果中出现“规则 PE105 income-split-differs-from-budget 运行出错（…）”。
    """
    return ()


def crash_finding(broken, error, profile=DEFAULT_PROFILE):
    """The PE900 finding that stands in for a rule that raised ``error``."""
    found = hit(None, code=broken.code, name=broken.name, error=f"{type(error).__name__}: {error}")
    return rule_crashed.finding(found, profile.severity_for(rule_crashed.code, rule_crashed.severity))


def rule_page(entry):
    """The text ``perfeval-xl rules CODE`` prints: code, name, severity, texts and docstring."""
    lines = [
        f"{entry.code} {entry.name}（{entry.severity.label_zh}）",
        f"消息：{entry.message}",
        *(f"消息（{key}）：{text}" for key, text in entry.variants.items()),
        f"建议：{entry.hint}",
        "",
    ]
    for heading, text in entry.sections().items():
        lines.append(heading)
        lines.extend(f"    {line}" for line in text.splitlines())
    return "\n".join(lines) + "\n"
