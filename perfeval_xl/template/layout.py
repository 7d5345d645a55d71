"""Which cells of a template are inputs and which hold formulas, computed from the options alone.

``template_layout(options)`` builds the same sheet plans ``generate_template``
writes, so it agrees with the file by construction.  A reader calls it with
the options read back from the hidden sheet (``options_from_hidden``) to find
a formula cell a person overwrote with a constant.

Semantic keys (``i`` is a 0-based row index, ``n`` a 1-based project number;
``<col>`` is one of initial_budget / budget / spent on 附件2–6 and
previous_actual / budget / actual on 附件1, as in ``perfeval_xl.model``).
Keys marked * are formula cells (``computed``), † locked values (``fixed``),
all others are input cells (``inputs``).

封面 (kind "cover"):
    cover.unit  cover.year  cover.report_date
    cover.panel.<i>.name|title|unit|signature   (i = 0–11)
    cover.leader  cover.leader_signed_on
附件1 (kind "basic_data"):
    basic.establishment  basic.staff  basic.staff_control_rate*
    basic.<row>.<col> for row in car_purchase car_running overseas reception
        public_funds office utilities_travel meetings_training procurement
    basic.three_public.<col>*  basic.official_cars.<col>*  basic.projects.<col>*
    basic.project.<i>.<col>  (one row per options.projects[i])
    basic.budget_adjustment.budget|actual  basic.budget_adjustment.previous_actual† ("——")
    building.<i>.name|approved_size|actual_size|budget_investment|actual_investment  (i = 0–4)
    building.<i>.size_control_rate*  building.<i>.investment_control_rate*
    basic.thrift_measures
附件2 (kind "department") and each 附件3 (kind "project"):
    header.name (附件2 input; 附件3 †: the project's name)  header.authority  header.implementer (附件3)
    funds.initial_budget  funds.budget  funds.spent  funds.weight  funds.rate*  funds.score*
    附件2: split.income.<一般公共预算|政府性基金|纳入专户管理的非税收入|其他资金>
           split.spending.<基本支出|项目支出>  split.income.check*  split.spending.check*
    附件3: split.source.<当年财政拨款|上年结转资金|其他资金>.<col>  split.source.check.<col>*
    goal.expected  goal.actual
    indicator.<i>.level1|level2|name|target|actual|weight|score|deviation_reason
    indicator.<i>.check*   (i = 0–44 on 附件2, 0–24 on 附件3)
    total.weight*  total.score*  total.check*
    level1_weight.<产出指标|效益指标|满意度指标>  level1_weight.<name>.sum*  level1_weight.<name>.check*
附件4/5/6 (kinds "gov_fund", "state_capital", "social_insurance"):
    fund.none (是/否)  fund.check*
    fund.<i>.name|initial_budget|budget|spent|note  fund.<i>.rate*   (i = 0–9)
    fund.total.<col>*  fund.total.rate*
Every 附件 sheet: footer.filled_by  footer.filled_on  footer.phone  footer.head_signature
考核评分表 (kind "review"):
    review.<i>.score  review.<i>.note  review.<i>.standard†  review.<i>.evidence†  review.<i>.max†
    (i = 0–7)  review.total.max†  review.total.score*
_perfeval (kind "meta", hidden): template_version† generator† unit† year† projects†
    password_protected† report_date†
"""

from dataclasses import dataclass

from .basic_data import build_basic_data
from .cover import build_cover
from .department import build_department
from .fund_tables import build_fund_table
from .hidden import build_hidden
from .options import (BASIC_DATA_SHEET, COVER_SHEET, DEPARTMENT_SHEET, FUND_SHEETS, HIDDEN_SHEET,
                      REVIEW_SHEET, fixed_sheet_names, project_sheet_names, validate_options)
from .plan import FIXED, FORMULA, INPUT, a1_abs
from .project import build_project
from .review import build_review


@dataclass(frozen=True)
class SheetLayout:
    """One sheet: input cells by key, formula text by cell, and the keyed formula/fixed cells."""

    name: str
    kind: str
    inputs: dict     # semantic key → "B5"
    formulas: dict   # "F5" → "=IF(…)" exactly as written (openpyxl reads the same text)
    computed: dict   # semantic key → "F5" of a formula cell
    fixed: dict      # semantic key → "B2" of a locked value cell


@dataclass(frozen=True)
class TemplateLayout:
    """All sheets in workbook order, the 附件3 sheet of each project, and the defined names."""

    sheets: dict          # sheet name → SheetLayout, in workbook order
    project_sheets: tuple  # the 附件3 sheet names, in the order of options.projects
    defined_names: dict   # defined name → "'附件2'!$C$6"

    def sheet(self, name):
        return self.sheets[name]


def build_plans(options):
    """The SheetPlan of every sheet, in workbook order (validates the options first)."""
    validate_options(options)
    projects = project_sheet_names(options.projects, fixed_sheet_names())
    return [
        build_cover(options, COVER_SHEET),
        build_basic_data(options, BASIC_DATA_SHEET),
        build_department(options, DEPARTMENT_SHEET),
        *(build_project(options, name, index) for index, name in enumerate(projects)),
        *(build_fund_table(options, kind, name) for kind, name in FUND_SHEETS.items()),
        build_review(options, REVIEW_SHEET),
        build_hidden(options, HIDDEN_SHEET),
    ]


def template_layout(options):
    """The TemplateLayout of the template ``generate_template(path, options)`` writes."""
    return layout_of_plans(build_plans(options))


def layout_of_plans(plans):
    """The TemplateLayout of already built plans (a reader that needs both builds them once)."""
    sheets = {plan.name: _sheet_layout(plan) for plan in plans}
    names = {name: sheet_reference(plan.name, row, col)
             for plan in plans for name, row, col in plan.names}
    projects = tuple(plan.name for plan in plans if plan.kind == "project")
    return TemplateLayout(sheets, projects, names)


def _sheet_layout(plan):
    cells = plan.sorted_cells()
    return SheetLayout(
        name=plan.name,
        kind=plan.kind,
        inputs={c.key: c.address for c in cells if c.kind == INPUT},
        formulas={c.address: c.value for c in cells if c.kind == FORMULA},
        computed={c.key: c.address for c in cells if c.kind == FORMULA and c.key},
        fixed={c.key: c.address for c in cells if c.kind == FIXED and c.key},
    )


def sheet_reference(sheet, row, col):
    """"'附件2'!$C$6": the sheet name always quoted, so any project name is safe."""
    quoted = sheet.replace("'", "''")
    return f"'{quoted}'!{a1_abs(row, col)}"
