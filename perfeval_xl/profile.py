"""What varies by province or city (RULES.md §2 [var]): weights, bands, thresholds and rule severities.

A profile is a TOML file: the shipped ones are ``perfeval_xl/profiles/<name>.toml``
(``load_profile("hubei")``), any other is given by its path.  ``DEFAULT_PROFILE``
is ``profiles/yueyang.toml``, the rules of the seed report (岳阳市).
"""

import math
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import MappingProxyType

from perfeval_xl.findings import Severity

DEFAULT_NAME = "yueyang"
# RULES.md §2: 预算执行 10, 产出 50, 效益 30, 满意度 10 (岳阳市市级预算部门绩效自评操作规程).
DEFAULT_WEIGHTS = {"预算执行": 10, "产出指标": 50, "效益指标": 30, "满意度指标": 10}
# Qualitative grades (RULES.md §2), as percentages of 分值: (lowest, highest).
DEFAULT_BANDS = {"达成预期指标": (80, 100), "部分达成预期指标并具有一定效果": (60, 80),
                 "未达成预期指标且效果较差": (0, 60)}
# 考核评分表 items and their maxima (RULES.md §2, the seed's last table).
DEFAULT_REVIEW_MAXIMA = {
    "自评通知": 8, "工作小组": 2, "单位自查": 10, "提交报告": 10, "完整性": 15,
    "绩效自评表": 20, "反映问题情况": 20, "建议情况": 15,
}
# A [severity] value that switches the rule off instead of changing its severity.
OFF = "off"
# In [weights], "效益指标+满意度指标" = 40 weighs the sum of those 一级指标 together.
GROUP_SEPARATOR = "+"


def _frozen(mapping, convert):
    return MappingProxyType({key: convert(value) for key, value in mapping.items()})


def _number(value):
    return Decimal(str(value))


@dataclass(frozen=True)
class Profile:
    """One place's rules of the game.

    ``weights`` maps 预算执行 and each 一级指标 (or a group "效益指标+满意度指标")
    to its weight (分值), in the order the tables print them.  ``tolerance`` is
    how far a sum of declared numbers may be from its declared total (0: the
    parts are exact entries).  ``severity_overrides`` maps a rule code to the
    severity it has here; "off" there, or a code in ``disabled``, switches it off.
    """

    name: str = DEFAULT_NAME
    title: str = "岳阳市市级预算部门绩效自评操作规程（默认）"
    weights: dict = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    total: Decimal = Decimal(100)
    tolerance: Decimal = Decimal(0)
    severity_overrides: dict = field(default_factory=dict)
    # Qualitative grade → (lowest, highest) percent of 分值.
    qualitative_bands: dict = field(default_factory=lambda: dict(DEFAULT_BANDS))
    # 执行率 (percent) below which a 偏差原因 is expected; None: not required here.
    reason_below_execution_rate: Decimal | None = None
    # Completion above target × this ratio: the target was probably set too low.
    over_achievement_ratio: Decimal = Decimal("1.3")
    review_maxima: dict = field(default_factory=lambda: dict(DEFAULT_REVIEW_MAXIMA))
    disabled: frozenset = frozenset()

    def __post_init__(self):
        # Accept ints and strings from profile files, keep Decimals and Severities inside.
        overrides = dict(self.severity_overrides)
        off = {code for code, severity in overrides.items() if severity == OFF}
        object.__setattr__(self, "disabled", frozenset(self.disabled) | off)
        object.__setattr__(self, "severity_overrides", _frozen(
            {code: severity for code, severity in overrides.items() if code not in off}, Severity))
        object.__setattr__(self, "weights", _frozen(self.weights, _number))
        object.__setattr__(self, "total", _number(self.total))
        object.__setattr__(self, "tolerance", _number(self.tolerance))
        object.__setattr__(self, "qualitative_bands", _frozen(
            self.qualitative_bands, lambda band: tuple(_number(edge) for edge in band)))
        if self.reason_below_execution_rate is not None:
            object.__setattr__(self, "reason_below_execution_rate", _number(self.reason_below_execution_rate))
        object.__setattr__(self, "over_achievement_ratio", _number(self.over_achievement_ratio))
        object.__setattr__(self, "review_maxima", _frozen(self.review_maxima, _number))

    def severity_for(self, code, default):
        """The severity rule ``code`` has under this profile."""
        return self.severity_overrides.get(code, default)

    def enabled(self, code):
        """False when this profile switches rule ``code`` off."""
        return code not in self.disabled

    def weight_groups(self):
        """[(key, (一级指标 names…), weight)]: "效益指标+满意度指标" names two headings."""
        return [(key, weight_parts(key), weight) for key, weight in self.weights.items()]


def weight_parts(key):
    """The names a [weights] key stands for: "效益指标+满意度指标" → ("效益指标", "满意度指标")."""
    return tuple(part.strip() for part in key.split(GROUP_SEPARATOR))


# --- loading a profile file -----------------------------------------------------------

_CODE = re.compile(r"^PE\d{3}$")
_SEVERITIES = tuple(severity.value for severity in Severity) + (OFF,)
_TABLES = ("weights", "qualitative_bands", "review_maxima", "severity")
_NUMBERS = ("total", "tolerance", "over_achievement_ratio", "reason_below_execution_rate")
_KEYS = ("name", "title") + _NUMBERS + _TABLES


class _Source:
    """Where a profile comes from, for error messages: 配置 hubei / 配置文件 path."""

    def __init__(self, label):
        self.label = label

    def error(self, message):
        return ValueError(f"{self.label}：{message}")


def shipped_profiles():
    """The names of the profiles that ship with perfeval-xl, sorted."""
    from importlib import resources  # imported here, like tomllib: a run on the default profile needs neither

    folder = resources.files("perfeval_xl").joinpath("profiles")
    return sorted(entry.name[:-5] for entry in folder.iterdir() if entry.name.endswith(".toml"))


def _looks_like_path(name_or_path):
    text = str(name_or_path)
    return isinstance(name_or_path, Path) or text.endswith(".toml") or "/" in text or "\\" in text


def _read_text(name_or_path):
    """(source, text, default name) for a shipped name or a path; ValueError when there is none."""
    if _looks_like_path(name_or_path):
        path = Path(name_or_path)
        try:
            return _Source(f"配置文件 {path}"), path.read_text(encoding="utf-8"), path.stem
        except FileNotFoundError:
            raise ValueError(f"配置文件不存在：{path}") from None
        except (OSError, UnicodeDecodeError) as error:
            raise ValueError(f"无法读取配置文件 {path}（{type(error).__name__}）") from None
    name = str(name_or_path).strip()
    available = shipped_profiles()
    if name not in available:
        raise ValueError(f"没有名为“{name}”的配置；可用的配置：{'、'.join(available)}，"
                         f"或给出 .toml 配置文件的路径")
    from importlib import resources

    text = resources.files("perfeval_xl").joinpath("profiles", f"{name}.toml").read_text(encoding="utf-8")
    return _Source(f"配置 {name}"), text, name


def load_profile(name_or_path=DEFAULT_NAME):
    """The Profile a shipped name ("hubei") or a .toml path describes.

    Raises ValueError with one Chinese line for an unknown name, a missing file,
    bad TOML, an unknown key or a number out of range.
    """
    import tomllib

    source, text, default_name = _read_text(name_or_path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise source.error(f"不是有效的 TOML（{error}；中文键名须加英文双引号，如 \"预算执行\" = 10）") from None
    return profile_from_dict(data, source, default_name)


def profile_from_dict(data, source=None, default_name="custom"):
    """A Profile from parsed TOML, every key and number checked."""
    source = source or _Source("配置")
    unknown = [key for key in data if key not in _KEYS]
    if unknown:
        raise source.error(f"未知的键 {'、'.join(unknown)}（可用的键：{'、'.join(_KEYS)}）")
    settings = {"name": _text(data, "name", source, default_name)}
    settings["title"] = _text(data, "title", source, settings["name"])
    settings.update(_numbers(data, source))
    settings.update(_tables(data, source))
    profile = Profile(**settings)
    _check_weights_add_up(profile, source)
    return profile


def _text(data, key, source, default):
    value = data.get(key, default)
    if not isinstance(value, str) or not value.strip():
        raise source.error(f"{key} 应为非空文字，而不是 {value!r}")
    return value.strip()


def _decimal(value, where, source, low=None, high=None):
    """A number from TOML (int, float or "1.3") as a Decimal within [low, high]."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise source.error(f"{where} 应为数字，而不是 {value!r}")
    if isinstance(value, float) and not math.isfinite(value):
        raise source.error(f"{where} 应为有限的数字，而不是 {value!r}")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise source.error(f"{where} 应为数字，而不是 {value!r}") from None
    if not number.is_finite() or (low is not None and number < low) or (high is not None and number > high):
        bounds = f"{low if low is not None else ''}–{high if high is not None else ''}"
        raise source.error(f"{where} 为 {value}，超出允许范围（{bounds}）")
    return number


def _numbers(data, source):
    limits = {"total": (Decimal("0.01"), None), "tolerance": (0, None),
              "over_achievement_ratio": (1, None), "reason_below_execution_rate": (0, 100)}
    return {key: _decimal(data[key], key, source, *limits[key]) for key in _NUMBERS if key in data}


def _table(data, key, source):
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise source.error(f"{key} 应为表（[{key}]），而不是 {value!r}")
    return value


def _tables(data, source):
    settings = {}
    if "weights" in data:
        weights = _table(data, "weights", source)
        if not weights:
            raise source.error("[weights] 不能为空")
        settings["weights"] = {key: _decimal(value, f"weights.{key}", source, 0)
                               for key, value in weights.items()}
    if "qualitative_bands" in data:
        settings["qualitative_bands"] = _bands(_table(data, "qualitative_bands", source), source)
    if "review_maxima" in data:
        settings["review_maxima"] = _review_maxima(_table(data, "review_maxima", source), source)
    severity = _severity(_table(data, "severity", source), source)
    settings["severity_overrides"] = severity
    return settings


def _known_keys(table, known, key, source):
    unknown = [name for name in table if name not in known]
    if unknown:
        raise source.error(f"[{key}] 中有未知的项 {'、'.join(unknown)}（可用的项：{'、'.join(known)}）")


def _bands(table, source):
    """Grades not listed keep their default band."""
    _known_keys(table, DEFAULT_BANDS, "qualitative_bands", source)
    bands = dict(DEFAULT_BANDS)
    for grade, band in table.items():
        where = f"qualitative_bands.{grade}"
        if not isinstance(band, list) or len(band) != 2:
            raise source.error(f"{where} 应为 [最低, 最高] 两个百分数，而不是 {band!r}")
        low, high = (_decimal(edge, where, source, 0, 100) for edge in band)
        if low > high:
            raise source.error(f"{where} 的最低 {low} 高于最高 {high}")
        bands[grade] = (low, high)
    return bands


def _review_maxima(table, source):
    """Items not listed keep their default maximum."""
    _known_keys(table, DEFAULT_REVIEW_MAXIMA, "review_maxima", source)
    maxima = dict(DEFAULT_REVIEW_MAXIMA)
    maxima.update({item: _decimal(value, f"review_maxima.{item}", source, 0) for item, value in table.items()})
    return maxima


def _severity(table, source):
    for code, severity in table.items():
        if not _CODE.match(code):
            raise source.error(f"[severity] 中的 {code} 不是规则代码（应为 PE 加三位数字，如 PE204）")
        if severity not in _SEVERITIES:
            raise source.error(f"severity.{code} 为 {severity!r}，应为 {'、'.join(_SEVERITIES)} 之一")
    return dict(table)


def _check_weights_add_up(profile, source):
    parts = [part for _, names, _ in profile.weight_groups() for part in names]
    repeated = sorted({part for part in parts if parts.count(part) > 1})
    if repeated or not all(parts):
        raise source.error(f"[weights] 中 {'、'.join(repeated) or '空名称'} 出现不止一次或为空")
    weight_sum = sum(profile.weights.values(), Decimal(0))
    if weight_sum != profile.total:
        raise source.error(f"[weights] 合计 {weight_sum} 分，与 total {profile.total} 分不符")


# The defaults in code, not a parse of profiles/yueyang.toml at every start-up: the two
# are held equal by tests/test_profiles.py (load_profile("yueyang") == Profile()).
DEFAULT_PROFILE = Profile()
