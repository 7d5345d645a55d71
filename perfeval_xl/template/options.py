"""Template options (TemplateOptions), their validation, and the sheet names they lead to."""

import datetime
from dataclasses import dataclass

YEAR_MIN = 2000
YEAR_MAX = 2100
SHEET_NAME_MAX = 31                  # Excel's limit on a sheet name
SHEET_NAME_FORBIDDEN = "[]:*?/\\"    # characters Excel refuses in a sheet name
PROJECT_SHEET_PREFIX = "附件3-"

COVER_SHEET = "封面"
BASIC_DATA_SHEET = "附件1"
DEPARTMENT_SHEET = "附件2"
FUND_SHEETS = {"gov_fund": "附件4", "state_capital": "附件5", "social_insurance": "附件6"}
REVIEW_SHEET = "考核评分表"
HIDDEN_SHEET = "_perfeval"


@dataclass(frozen=True)
class TemplateOptions:
    """What a template is made for: the unit, the year, its 一级项目 (one 附件3 each)."""

    unit: str = ""
    year: int = 2024
    projects: tuple[str, ...] = ("业务工作经费",)
    password: str | None = None      # sheet and structure protection; never stored in the file
    report_date: datetime.date | None = None


def validate_options(options):
    """Raise ValueError (Chinese message) when the options cannot make a template."""
    if not isinstance(options.unit, str):
        raise ValueError(f"单位名称必须是文字：{options.unit!r}")
    year = options.year
    if isinstance(year, bool) or not isinstance(year, int) or not YEAR_MIN <= year <= YEAR_MAX:
        raise ValueError(f"年度必须是{YEAR_MIN}至{YEAR_MAX}之间的整数：{year!r}")
    if options.password is not None and not isinstance(options.password, str):
        raise ValueError("密码必须是文字")
    if options.report_date is not None and not isinstance(options.report_date, datetime.date):
        raise ValueError(f"报告日期必须是日期：{options.report_date!r}")
    _validate_projects(options.projects)


def _validate_projects(projects):
    if isinstance(projects, str) or not projects:
        raise ValueError("至少需要一个项目（每个一级项目一张附件3）")
    seen = set()
    for name in projects:
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"项目名称不能为空：{name!r}")
        if name.strip() in seen:
            raise ValueError(f"项目名称重复：{name.strip()}")
        seen.add(name.strip())


def project_sheet_names(projects, taken=()):
    """One valid, unique 附件3 sheet name per project, in order.

    Excel refuses []:*?/\\ and names over 31 characters, and compares names
    without regard to case; a clash after cleaning gets a "~2", "~3" … suffix.
    """
    used = {name.casefold() for name in taken}
    names = []
    for project in projects:
        cleaned = "".join(ch for ch in project if ch not in SHEET_NAME_FORBIDDEN)
        base = (PROJECT_SHEET_PREFIX + cleaned)[:SHEET_NAME_MAX].rstrip("'")
        name, counter = base, 1
        while name.casefold() in used:
            counter += 1
            suffix = f"~{counter}"
            name = base[:SHEET_NAME_MAX - len(suffix)].rstrip("'") + suffix
        used.add(name.casefold())
        names.append(name)
    return names


def fixed_sheet_names():
    """The sheet names that do not depend on the projects."""
    return (COVER_SHEET, BASIC_DATA_SHEET, DEPARTMENT_SHEET, *FUND_SHEETS.values(),
            REVIEW_SHEET, HIDDEN_SHEET)


def sheet_order(options):
    """All sheet names in workbook order."""
    projects = project_sheet_names(options.projects, fixed_sheet_names())
    return (COVER_SHEET, BASIC_DATA_SHEET, DEPARTMENT_SHEET, *projects,
            *FUND_SHEETS.values(), REVIEW_SHEET, HIDDEN_SHEET)
