"""The typed tables of one workbook, with every value remembering its sheet and cell.

Nothing here knows about openpyxl or xlsxwriter: readers build these objects,
rules read them.  Amounts, rates and scores are ``Decimal`` (or None).
Rates are kept as percentages (92.65 for 92.65 %), the way they are printed.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from perfeval_xl.computed_once import computed_once
from perfeval_xl.glossary import EMPTY_MARKERS, normalize_label
from perfeval_xl.record import record


@dataclass(frozen=True)
class Value:
    """One cell's content as read: its text, its number if it has one, and where it is.

    ``decimals`` is how many decimals the person typed or saw, which is the
    precision a declared rate or score is checked at.  ``is_formula`` marks a
    live formula: its cached result is never evidence, so rules recompute it
    instead of comparing it.  ``unreadable`` marks text where a number was
    expected that could not be read as one.
    """

    text: str = ""
    number: Decimal | None = None
    sheet: str | None = None
    cell: str | None = None
    decimals: int | None = None
    is_formula: bool = False
    unreadable: bool = False
    when: date | None = None

    @computed_once
    def blank(self):
        """Nothing typed, or only a no-value mark such as "—", "一", "/" or "无"."""
        return (self.number is None and self.when is None and not self.unreadable
                and not self.is_formula and normalize_label(self.text) in EMPTY_MARKERS)

    @property
    def is_constant_number(self):
        """A number the person typed (not a formula), so it can be checked."""
        return self.number is not None and not self.is_formula

    @classmethod
    def made(cls, **fields):
        """The same Value as Value(**fields), built without the frozen dataclass's per-field setattr
        (a third of the time): the reader makes hundreds for every workbook of a batch."""
        value = object.__new__(cls)
        value.__dict__.update(_VALUE_DEFAULTS, **fields)
        return value


EMPTY = Value()
_VALUE_DEFAULTS = dict(EMPTY.__dict__)


@record
class Footer:
    """填表人 / 填报日期 / 联系电话 / 单位负责人签字 under a table."""

    filled_by: Value = EMPTY       # 填表人
    filled_on: Value = EMPTY       # 填报日期
    phone: Value = EMPTY           # 联系电话
    head_signature: Value = EMPTY  # 单位负责人签字
    found: bool = False            # whether a footer line was found at all


@record
class SplitItem:
    """One part of a funds split: 一般公共预算, 基本支出, 当年财政拨款 …"""

    group: str          # "income" (按收入性质分), "spending" (按支出性质分) or "source" (附件3)
    label: str          # the glossary label it was recognised as
    label_cell: Value   # the cell the label was read from
    amounts: dict = field(default_factory=dict)  # column key → Value ("budget", "spent", "initial_budget")


@record
class Funds:
    """The funds block of 附件2/附件3: 年度资金总额 and its split."""

    initial_budget: Value = EMPTY  # 年初预算数
    budget: Value = EMPTY          # 全年预算数 (A)
    spent: Value = EMPTY           # 全年执行数 (B)
    weight: Value = EMPTY          # 分值 of 预算执行
    rate: Value = EMPTY            # 执行率, percent
    score: Value = EMPTY           # 预算执行得分
    splits: list = field(default_factory=list)  # SplitItem
    found: bool = False


@record
class Indicator:
    """One 三级指标 row of the indicator block."""

    level1: str             # 一级指标, normalised ("产出指标")
    level2: str             # 二级指标, normalised
    name: Value             # 三级指标
    target: Value           # 年度指标值
    actual: Value           # 实际完成值
    weight: Value           # 分值
    score: Value            # 得分
    deviation_reason: Value  # 偏差原因分析及改进措施
    row: int = 0


@record
class Heading:
    """A 一级指标 heading and the weight it declares ("产出指标(50分)")."""

    name: str
    declared_weight: Value = EMPTY
    indicators: list = field(default_factory=list)  # Indicator


@record
class SelfEvaluation:
    """附件2 (kind "department") or one 附件3 (kind "project"): the same shape."""

    kind: str
    sheet: str
    title: Value = EMPTY
    year: int | None = None
    name: Value = EMPTY           # 部门名称 or 项目支出名称
    authority: Value = EMPTY      # 主管部门 (附件3)
    implementer: Value = EMPTY    # 实施单位 (附件3)
    funds: Funds = field(default_factory=Funds)
    headings: list = field(default_factory=list)  # Heading, in order
    total_weight: Value = EMPTY   # 总分 row, 分值 column (100)
    total_score: Value = EMPTY    # 总分 row, 得分 column
    footer: Footer = field(default_factory=Footer)

    @property
    def indicators(self):
        return [i for h in self.headings for i in h.indicators]


@record
class ExpenseRow:
    """A row of 附件1 经费控制情况: 上年决算数 / 本年预算数 / 本年决算数."""

    key: str                  # glossary key, or "project" for a project row
    label: Value
    previous_actual: Value = EMPTY  # 上年决算数
    budget: Value = EMPTY           # 本年预算数
    actual: Value = EMPTY           # 本年决算数

    def columns(self):
        return {"previous_actual": self.previous_actual, "budget": self.budget, "actual": self.actual}


@record
class Building:
    """A 楼堂馆所 project finished in the year."""

    approved_size: Value = EMPTY            # 批复规模
    actual_size: Value = EMPTY              # 实际规模
    size_control_rate: Value = EMPTY        # 规模控制率 = 实际/批复
    budget_investment: Value = EMPTY        # 预算投资
    actual_investment: Value = EMPTY        # 实际投资
    investment_control_rate: Value = EMPTY  # 投资概算控制率 = 实际投资/预算投资


@record
class BasicData:
    """附件1 部门整体支出绩效评价基础数据表."""

    sheet: str
    title: Value = EMPTY
    year: int | None = None
    establishment: Value = EMPTY       # 编制数
    staff: Value = EMPTY               # 实际在职人数
    staff_control_rate: Value = EMPTY  # 控制率
    rows: dict = field(default_factory=dict)      # key → ExpenseRow
    projects: list = field(default_factory=list)  # ExpenseRow, one per 一级项目
    buildings: list = field(default_factory=list)  # Building
    footer: Footer = field(default_factory=Footer)


@record
class FundRow:
    """A row of 附件4–6."""

    name: Value
    initial_budget: Value = EMPTY
    budget: Value = EMPTY
    spent: Value = EMPTY
    rate: Value = EMPTY
    note: Value = EMPTY


@record
class FundTable:
    """附件4 / 附件5 / 附件6, or the report's statement that there is none."""

    kind: str
    sheet: str
    title: Value = EMPTY
    none_declared: Value = EMPTY   # the "本单位无此类支出" switch or statement
    rows: list = field(default_factory=list)  # FundRow
    footer: Footer = field(default_factory=Footer)


@record
class PanelMember:
    """A member of the 绩效评价小组."""

    name: Value
    title: Value = EMPTY      # 职务/职称
    unit: Value = EMPTY
    signature: Value = EMPTY


@record
class Cover:
    """The report's cover and 绩效评价小组 list."""

    sheet: str
    title: Value = EMPTY
    unit: Value = EMPTY
    year: int | None = None
    report_date: Value = EMPTY
    panel: list = field(default_factory=list)  # PanelMember
    leader: Value = EMPTY           # 评价组组长
    leader_signed_on: Value = EMPTY  # the date under the 组长's signature


@record
class ReviewItem:
    """One 二级 row of the 考核评分表: its maximum and the reviewer's score."""

    level1: str             # 布置工作 / 实施评价 / 自评报告
    name: str               # 自评通知, 工作小组, … (the 二级指标, without "(8分)")
    maximum: Value = EMPTY  # 满分, from "(8分)" in the label or a 满分 column
    score: Value = EMPTY    # 得分 entered by the reviewer


@record
class ReviewSheet:
    """The 财政局's 部门整体支出绩效自评工作考核评分表."""

    sheet: str
    title: Value = EMPTY
    items: list = field(default_factory=list)  # ReviewItem
    total_maximum: Value = EMPTY  # 合计 row, 100分
    total_score: Value = EMPTY


class ReadProblem(NamedTuple):
    """Something the reader saw that a rule reports: an unreadable number, a replaced formula …

    A named tuple, not a frozen dataclass: see template.plan.Cell.
    """

    kind: str            # "unreadable-number", "formula-replaced", "table-missing"
    sheet: str | None
    cell: str | None
    text: str            # what was there
    detail: str = ""     # what was expected there


@record
class Workbook:
    """Everything read from one file."""

    path: str
    cover: Cover | None = None
    basic_data: BasicData | None = None
    department: SelfEvaluation | None = None
    projects: list = field(default_factory=list)     # SelfEvaluation, kind "project"
    fund_tables: dict = field(default_factory=dict)  # kind → FundTable
    review: ReviewSheet | None = None                # 考核评分表
    problems: list = field(default_factory=list)     # ReadProblem
    template_options: dict | None = None  # from the hidden sheet of a generated template
    sheet_names: list = field(default_factory=list)
    reader: str = ""        # which reader read the file: "fast", "openpyxl" or "xlrd"

    @property
    def unit(self):
        if self.cover and self.cover.unit.text:
            return self.cover.unit.text
        if self.department and self.department.name.text:
            return self.department.name.text
        return None

    @property
    def year(self):
        for table in (self.department, self.basic_data, self.cover, *self.projects):
            if table is not None and table.year:
                return table.year
        return None
