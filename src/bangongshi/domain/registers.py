"""The registers' rules that depend on nothing but their inputs: their settings (`registers:` and
`me:` in config.yaml), the default 办理时限 by 紧急程度, and what a 涉密 document may hold."""

from dataclasses import dataclass, field

from bangongshi.domain import docnumbers
from bangongshi.errors import BadInput

# 办理时限 when none is given, in workdays from the day registered, by 紧急程度 (Urgency codes). An
# office's own rule goes in config.yaml (registers.limit_workdays).
LIMIT_WORKDAYS = {"immediate": 1, "urgent": 3, "routine": 5, "none": 10}
URGENCY_WORDS = {"特急": "immediate", "加急": "urgent", "平急": "routine", "无": "none"}
INCOMING_KEY = "收文"  # registers.first's key for the 收文编号 sequence

# Said (on stderr, and in the JSON's warnings) whenever a 秘密/机密 document is registered.
CLASSIFIED_WARNING = ("涉密文件只在这里登记元数据（编号、来文单位、文号、密级、日期、份数），标题、拟办意见和批示加密保存在"
                      "事项里；涉密内容只能在涉密计算机上处理，不要录入本工具")


@dataclass(frozen=True)
class RegisterSettings:
    """`registers:` in config.yaml (docs/registers.md)."""

    incoming: str = docnumbers.DEFAULT_INCOMING  # the 收文编号 format
    prefixes: tuple[str, ...] = ()  # 机关代字, each with its own 发文字号 sequence per year
    # Where a year's sequence starts when the tool takes over from a paper register mid-year:
    # {sequence: {year: first number}}; the sequence is a 机关代字, or 收文.
    first: dict[str, dict[int, int]] = field(default_factory=dict)
    limit_workdays: dict[str, int] = field(default_factory=lambda: dict(LIMIT_WORKDAYS))

    def first_number(self, sequence: str, year: int) -> int:
        return self.first.get(sequence, {}).get(year, 1)


@dataclass(frozen=True)
class Me:
    """`me:` in config.yaml: the secretary herself (接听人/接待人 of her calls and visits)."""

    name: str = ""
    unit: str = ""
    phone: str = ""
    title: str = ""


REGISTER_KEYS = ("incoming", "prefixes", "first", "limit_workdays")
ME_KEYS = ("name", "unit", "phone", "title")


def registers_from(node, fail) -> RegisterSettings:
    """`registers:` from its Located tree (domain/settings.py); `fail(node, setting, why)` makes the error."""
    if not isinstance(node.value, dict):
        raise fail(node, "registers", "这里应该是「键: 值」的映射")
    values: dict = {}
    for key, child in node.value.items():
        setting = f"registers.{key}"
        if key not in REGISTER_KEYS:
            raise fail(child, setting, f"不认识这个设置，可用：{'、'.join(REGISTER_KEYS)}")
        if key == "incoming":
            try:
                values["incoming"] = docnumbers.check_format(str(child.value).strip())
            except BadInput as error:
                raise fail(child, setting, error.message) from None
        elif key == "prefixes":
            listed = child.value if isinstance(child.value, list) else None
            if listed is None:
                raise fail(child, setting, "应是机关代字的列表，如 [县政办发, 县政办函]")
            prefixes = []
            for one in listed:
                try:
                    prefixes.append(docnumbers.check_prefix(str(one.value)))
                except BadInput as error:
                    raise fail(one, setting, error.message) from None
            if len(set(prefixes)) != len(prefixes):
                raise fail(child, setting, "机关代字重复了")
            values["prefixes"] = tuple(prefixes)
        elif key == "first":
            values["first"] = _first(child, setting, fail)
        else:
            values["limit_workdays"] = _limits(child, setting, fail)
    settings = RegisterSettings(**values)
    unknown = [name for name in settings.first if name != INCOMING_KEY and name not in settings.prefixes]
    if unknown:
        raise fail(node.value["first"], "registers.first",
                   f"「{unknown[0]}」既不是 收文，也不在 registers.prefixes 中")
    return settings


def _first(node, setting: str, fail) -> dict[str, dict[int, int]]:
    if not isinstance(node.value, dict):
        raise fail(node, setting, "应是 序列: {年份: 起始号}，如 收文: {2026: 120}")
    found: dict[str, dict[int, int]] = {}
    for name, years in node.value.items():
        if not isinstance(years.value, dict):
            raise fail(years, f"{setting}.{name}", "应是 {年份: 起始号}，如 {2026: 37}")
        found[str(name)] = {}
        for year_text, number in years.value.items():
            year = int(year_text) if str(year_text).isdigit() else 0
            if not docnumbers.FIRST_YEAR <= year <= docnumbers.LAST_YEAR:
                raise fail(years, f"{setting}.{name}", f"年份应是四位数字，收到「{year_text}」")
            if isinstance(number.value, bool) or not isinstance(number.value, int) or not 1 <= number.value <= docnumbers.SEQ_MAX:
                raise fail(number, f"{setting}.{name}.{year}", f"起始号应是 1 到 {docnumbers.SEQ_MAX} 的整数")
            found[str(name)][year] = number.value
    return found


def _limits(node, setting: str, fail) -> dict[str, int]:
    if not isinstance(node.value, dict):
        raise fail(node, setting, "应是 紧急程度: 工作日数，如 {特急: 1, 加急: 3, 平急: 5, 无: 10}")
    limits = dict(LIMIT_WORKDAYS)
    for word, number in node.value.items():
        code = URGENCY_WORDS.get(str(word), str(word) if str(word) in LIMIT_WORKDAYS else None)
        if code is None:
            raise fail(number, f"{setting}.{word}", f"紧急程度只能是 {'、'.join(URGENCY_WORDS)}")
        if isinstance(number.value, bool) or not isinstance(number.value, int) or not 0 <= number.value <= 250:
            raise fail(number, f"{setting}.{word}", "应是 0 到 250 的整数（工作日）")
        limits[code] = number.value
    return limits


def me_from(node, fail) -> Me:
    if not isinstance(node.value, dict):
        raise fail(node, "me", "这里应该是「键: 值」的映射，如 name: 李秘书")
    values = {}
    for key, child in node.value.items():
        if key not in ME_KEYS:
            raise fail(child, f"me.{key}", f"不认识这个设置，可用：{'、'.join(ME_KEYS)}")
        text = " ".join(str(child.value if child.value is not None else "").split())
        if len(text) > 100:
            raise fail(child, f"me.{key}", "太长，最多 100 字")
        values[key] = text
    return Me(**values)
