"""The library API the CLI is a thin layer over: read a file, check it, keep the result."""

import re
from dataclasses import field

from perfeval_xl.findings import count_by_severity, sort_findings
from perfeval_xl.record import record


@record
class FileResult:
    """What verify found for one file: checked with findings, or unreadable with a reason."""

    path: str
    status: str                      # "checked" or "unreadable"
    error: str | None = None         # the one-line Chinese reason when unreadable
    unit: str | None = None
    year: int | None = None
    findings: list = field(default_factory=list)
    workbook: object = None          # the model, for callers that want more (None from a batch worker)
    overview: object = None          # overview.Overview, filled in by a batch
    notes: list = field(default_factory=list)   # lines for stderr: the copy written, features it dropped
    copy: str | None = None          # the annotated copy written
    copy_error: str | None = None    # why the annotated copy could not be written

    @property
    def summary(self):
        return count_by_severity(self.findings)


def verify_file(path, profile=None, rules=None, reader="auto"):
    """Read and check one workbook; an unreadable file gives a result, never an exception.

    ``profile`` is a Profile (default: DEFAULT_PROFILE); ``rules`` a selection of the
    registry (``select_rules``), all rules when None; ``reader`` "auto" (the fast
    XML reader, openpyxl when it declines) or "full" (openpyxl only).
    """
    from perfeval_xl.reader import UnreadableWorkbook, read_workbook
    from perfeval_xl.rules import RULES, check

    try:
        workbook = read_workbook(path, reader)
    except UnreadableWorkbook as error:
        return FileResult(path=str(path), status="unreadable", error=str(error))
    except Exception as error:  # noqa: BLE001 - a reader bug must not become a traceback
        reason = f"读取时出现意外错误（{type(error).__name__}: {error}），请把文件发给 perfeval-xl 的维护者"
        return FileResult(path=str(path), status="unreadable", error=reason)
    findings = sort_findings(check(workbook, profile, RULES if rules is None else rules), workbook.sheet_names)
    return FileResult(path=str(path), status="checked", unit=workbook.unit, year=workbook.year,
                      findings=findings, workbook=workbook)


_PREFIX = re.compile(r"^PE\d{0,3}$")


def code_prefixes(values):
    """["PE2,PE401", "pe5"] → ["PE2", "PE401", "PE5"]; ValueError for anything not a code prefix."""
    prefixes = [part.strip().upper() for value in values for part in value.split(",") if part.strip()]
    for prefix in prefixes:
        if not _PREFIX.match(prefix):
            raise ValueError(f"“{prefix}”不是规则代码或代码前缀（应为 PE 加至多三位数字，如 PE2、PE401）")
    return prefixes


def select_rules(select=(), ignore=(), registry=None):
    """The registry filtered by code prefixes: ``select`` first (all when empty), then ``ignore``.

    Both take comma-separated values ("PE2,PE401").  A prefix that names no rule is a
    ValueError (a typo must not silently check nothing).
    """
    from perfeval_xl.rules import RULES

    registry = tuple(RULES if registry is None else registry)
    chosen, dropped = code_prefixes(select), code_prefixes(ignore)
    for prefix in chosen + dropped:
        if not any(entry.code.startswith(prefix) for entry in registry):
            raise ValueError(f"没有代码以 {prefix} 开头的规则（用 perfeval-xl rules 查看全部规则）")
    selected = tuple(entry for entry in registry
                     if (not chosen or entry.code.startswith(tuple(chosen)))
                     and not (dropped and entry.code.startswith(tuple(dropped))))
    if not selected:
        raise ValueError("按 --select / --ignore 筛选后没有剩下任何规则")
    return selected


def resolve_profile(name_or_path=None):
    """The Profile for ``--profile``: a shipped name or a .toml path, DEFAULT_PROFILE when None.

    Besides load_profile's checks, every rule code the profile names must exist.
    """
    from perfeval_xl.profile import DEFAULT_PROFILE, load_profile
    from perfeval_xl.rules import RULES

    if name_or_path is None:
        return DEFAULT_PROFILE
    profile = load_profile(name_or_path)
    known = {entry.code for entry in RULES}
    unknown = sorted((set(profile.severity_overrides) | profile.disabled) - known)
    if unknown:
        raise ValueError(f"配置 {profile.name} 的 [severity] 中有不存在的规则 {'、'.join(unknown)}")
    return profile
