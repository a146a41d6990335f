"""The user's settings as plain data, with their defaults and the checks that keep garbage out.

The YAML file is read elsewhere (bangongshi.config); this module gets a nested dict whose
leaves carry the line they came from, and either returns Settings or raises BadInput naming
the setting and the line.
"""

from datetime import date, time

from bangongshi.errors import BadInput
from bangongshi.model.record import Record

# Each rule of the agenda's ranking, its Chinese name, and its default weight (points at full signal).
RULES = {
    "quadrant": ("四象限", 40.0),
    "constrained": ("受制约在前", 15.0),
    "deadline": ("截止临近", 30.0),
    "age": ("交办已久", 10.0),
    "key": ("重点难点", 10.0),
    "locked": ("加密事项及时处理", 5.0),
    "attention": ("领导关注", 10.0),
    "tomorrow_list": ("列入次日事项", 20.0),
    "report": ("须向交办人反馈", 10.0),
    "supervised": ("督办中", 10.0),
}
# Signals of a leader's importance (P9, P12): an item with any signal switched on counts as important,
# so it is never in 不重要不紧急 and the agenda never leaves it out for want of time (docs/config.md).
# Its points come from the rules above (attention 高 10, 中 5; constrained 15; report 10; supervised 10).
IMPORTANCE_SIGNALS = {
    "attention_high": "领导关注度高",
    "attention_normal": "领导关注度中",
    "assigned": "领导交办（--from）",
    "report": "须向交办人反馈（--report）",
    "supervised": "督办中（bgs assign）",
}
KINDS = ("doc", "meeting", "affair", "none")


class HoursPeriod(Record):
    name: str
    first: tuple[int, int]  # (month, day), inclusive; a period may wrap the new year (10-01 → 04-30)
    last: tuple[int, int]
    start: time
    end: time
    lunch_start: time | None
    lunch_end: time | None

    def covers(self, day: date) -> bool:
        key = (day.month, day.day)
        if self.first <= self.last:
            return self.first <= key <= self.last
        return key >= self.first or key <= self.last


class RemindSettings(Record):
    """`remind:` in config.yaml: what `bgs remind` sends, when, and where (docs/reminders.md)."""
    before: int = 15  # minutes before an appointment
    morning: time | None = None  # the morning summary; None: the start of work hours
    evening: time | None = None  # the `bgs plan tomorrow` prompt; None: half an hour before work ends
    # The dict defaults are one object shared by every instance: settings are read, never changed in place.
    channels: dict[str, str] = {"desktop": "desktop://"}  # name → Apprise URL
    route: dict[str, tuple[str, ...]] = {}  # kind → channel names; absent: all
    attempts: int = 3  # deliveries of one reminder to one channel before giving up
    late_after: int = 30  # minutes: older than this when sent, it goes in the one 「（迟到）」 message
    timeout: float = 5.0  # seconds a channel may take

    def channels_for(self, kind: str) -> tuple[str, ...]:
        return self.route.get(kind, tuple(self.channels))


class SyncSettings(Record):
    """`sync:` in config.yaml (docs/sync.md)."""
    masked: bool = False  # locked items travel as a 「【密】事项」 placeholder (times only); default: not at all
    auto: bool = False  # sync with CalDAV after each writing command


class Settings(Record):
    hours: tuple[HoursPeriod, ...]
    key_share: float = 0.8
    min_block_minutes: int = 60
    urgent_within_workdays: int = 2
    coming_within_workdays: int = 3
    # The dict defaults are shared by every Settings, as RemindSettings' are: nothing changes them in place.
    default_estimates: dict[str, int] = {"doc": 60, "meeting": 90, "affair": 30, "none": 30}
    weights: dict[str, float] = {k: v[1] for k, v in RULES.items()}
    importance: frozenset[str] = frozenset(IMPORTANCE_SIGNALS)  # the signals switched on
    colors: dict[str, str] = {"todo": "bold blue", "temp": "bold dark_orange", "done": "green"}
    timezone: str = "Asia/Shanghai"
    backup_keep: int = 10
    daily_backup: bool = False
    remind: RemindSettings = RemindSettings()
    sync: SyncSettings = SyncSettings()
    registers: object = None  # domain.registers.RegisterSettings (None: the defaults), issue #23
    me: object = None  # domain.registers.Me: the secretary herself
    duty: object = None  # domain.duty.DutySettings (None: the defaults), issue #24

    @property
    def register_settings(self):
        from bangongshi.domain.registers import RegisterSettings

        return self.registers or RegisterSettings()

    @property
    def myself(self):
        from bangongshi.domain.registers import Me

        return self.me or Me()

    def hours_on(self, day: date) -> HoursPeriod:
        for period in self.hours:
            if period.covers(day):
                return period
        return self.hours[0]


DEFAULT_HOURS = HoursPeriod("全年", (1, 1), (12, 31), time(8, 30), time(17, 30), time(12, 0), time(13, 30))
DEFAULTS = Settings(hours=(DEFAULT_HOURS,))

DEFAULT_TEXT = """\
# 办公室助手设置。去掉行首的 # 并修改数值即可生效；删掉某一项就用默认值。
# bgs config show 查看当前生效的设置，bgs config set KEY VALUE 修改一项，bgs config edit 用编辑器修改。

# 时区：所有时间按这个时区理解和显示（BANGONGSHI_NOW 也按它读）。
# timezone: Asia/Shanghai

# 作息时间：可以按日期分段（夏季/冬季作息），from/to 是 月-日，含当天，可以跨年。
# hours:
#   - name: 冬季作息
#     from: "10-01"
#     to: "04-30"
#     work: "08:30-17:30"
#     lunch: "12:00-13:30"
#   - name: 夏季作息
#     from: "05-01"
#     to: "09-30"
#     work: "08:00-18:00"
#     lunch: "12:00-14:30"
# 默认全年 08:30-17:30，午休 12:00-13:30。

# 28定律：重点难点工作占当天空闲时间的比例（其余给常规工作）。
# key_share: 0.8

# 重点工作至少成块安排多少分钟（bgs agenda --blocks）。
# min_block_minutes: 60

# bgs backup 在备份目录里保留最近几份。
# backup_keep: 10

# 每天第一次运行时自动备份一次（true/false）。
# daily_backup: false

# 截止在几个工作日之内（或已逾期）就算紧急。
# urgent_within_workdays: 2

# “即将到期”一栏看几个工作日。
# coming_within_workdays: 3

# 没有填预计用时的事项，按类别估计（分钟）：doc 办文、meeting 办会、affair 办事、none 未分类。
# default_estimates:
#   doc: 60
#   meeting: 90
#   affair: 30
#   none: 30

# 排序规则的权重（满分值，0 表示不用这条规则）。bgs why ID 显示每条规则的得分。
# rules:
#   quadrant: 40       # 四象限：重要且紧急 > 重要不紧急 > 紧急不重要 > 其他
#   constrained: 15    # 受制约的工作（领导交办、临时）在前
#   deadline: 30       # 截止临近（按工作日计，逾期更高）
#   age: 10            # 受制约的事项交办已久
#   key: 10            # 重点难点工作
#   locked: 5          # 加密事项及时处理
#   attention: 10      # 领导关注程度
#   tomorrow_list: 20  # 列入今天的次日事项
#   report: 10         # 办结后须向交办人反馈（--report）
#   supervised: 10     # 督办中（bgs assign 交给承办人）

# 哪些信号让事项视为重要（不会落入“不重要不紧急”，日程也不会因时间不够把它略去）。
# 改成 false 即不再视为重要（得分仍按上面的权重）。
# importance:
#   attention_high: true    # 领导关注度高
#   attention_normal: true  # 领导关注度中
#   assigned: true          # 领导交办（--from，临时交办）
#   report: true            # 须向交办人反馈（--report）
#   supervised: true        # 督办中

# 提醒（bgs remind，由系统定时运行；详见 docs/reminders.md）。
# remind:
#   before: 15            # 会议等约定提前几分钟提醒（单个事项可用 --remind 30m 或 --remind none）
#   morning: "08:30"      # 工作日早间发送今天的日程（默认上班时间）
#   evening: "17:00"      # 工作日下班前提醒运行 bgs plan tomorrow（默认下班前半小时）
#   channels:             # 名称: Apprise 地址；env:变量名 表示从环境变量读取（机器人地址是机密）
#     desktop: "desktop://"
#     wecom: "env:BGS_WECOM_URL"
#   route:                # 每类提醒发到哪些渠道（不写则发到全部渠道）
#     morning: [wecom]
#     appointment: [desktop]

# 同步（bgs sync；详见 docs/sync.md）。
# sync:
#   masked: false         # true：加密事项以「【密】事项」占位同步（只有时间，没有内容）；默认不同步

# 文件夹颜色（Rich 颜色名）。
# colors:
#   todo: "bold blue"
#   temp: "bold dark_orange"
#   done: "green"

# 我自己：来电来访的接听人、接待人默认是这个名字（bgs call、bgs visit）。
# me:
#   name: 李秘书
#   unit: 县政府办公室
#   phone: "0000-1234567"

# 收文、发文登记簿（bgs doc，详见 docs/registers.md）。
# registers:
#   incoming: "收〔{year}〕{n}号"   # 收文编号的样式：{year} 年份，{n} 序号（{n:03} 补足三位）
#   prefixes: [县政办发, 县政办函]  # 机关代字：发文字号各自按年编号
#   first:                         # 从纸质登记簿接续：某年从第几号编起
#     收文: {2026: 120}
#     县政办发: {2026: 37}
#   limit_workdays: {特急: 1, 加急: 3, 平急: 5, 无: 10}   # 未写办理时限时按紧急程度给的工作日数

# 值班表（bgs duty，详见 docs/leaders.md）。
# duty:
#   shifts: 24h        # 24h：24小时一班；day_night：白班、夜班
#   change: "08:30"    # 交接班时间
#   night: "17:30"     # 白班交夜班的时间（day_night）
#   remind: "16:00"    # 值班前一天几点提醒

# CalDAV 同步（bgs sync，详见 docs/sync.md）。auto: true 表示每条修改数据的命令之后自动同步一次
# （限时几秒；连不上服务器时命令照常完成，下次再同步）。
# sync:
#   auto: false
"""


class Located:
    """A YAML value and the line it was on."""

    __slots__ = ("value", "line")

    def __init__(self, value, line: int):
        self.value = value
        self.line = line


def from_tree(tree: dict, source: str) -> Settings:
    """Settings from a {key: Located} tree; every problem names the setting and its line in `source`
    (an empty source: a text bgs wrote itself, whose lines the user never saw — the setting only)."""
    def fail(node: Located, setting: str, why: str) -> BadInput:
        return BadInput(f"{source} 第 {node.line} 行，设置 {setting}：{why}" if source else f"设置 {setting}：{why}")

    known = {"timezone", "hours", "key_share", "min_block_minutes", "urgent_within_workdays", "coming_within_workdays",
             "backup_keep", "daily_backup",
             "default_estimates", "rules", "colors", "importance", "remind", "sync", "registers", "me", "duty"}
    for key, node in tree.items():
        if key not in known:
            raise fail(node, key, f"不认识这个设置，可用：{'、'.join(sorted(known))}")
    values: dict = {}
    if "timezone" in tree:
        values["timezone"] = _zone(tree["timezone"], fail)
    if "hours" in tree:
        values["hours"] = _hours(tree["hours"], fail)
    if "key_share" in tree:
        values["key_share"] = _number(tree["key_share"], "key_share", fail, 0.0, 1.0, float)
    for name, low, high in (("min_block_minutes", 15, 480), ("urgent_within_workdays", 0, 60),
                            ("coming_within_workdays", 0, 60), ("backup_keep", 1, 1000)):
        if name in tree:
            values[name] = _number(tree[name], name, fail, low, high, int)
    if "daily_backup" in tree:
        if not isinstance(tree["daily_backup"].value, bool):
            raise fail(tree["daily_backup"], "daily_backup", "应是 true 或 false")
        values["daily_backup"] = tree["daily_backup"].value
    if "default_estimates" in tree:
        estimates = dict(DEFAULTS.default_estimates)
        for kind, node in _mapping(tree["default_estimates"], "default_estimates", fail).items():
            if kind not in KINDS:
                raise fail(node, f"default_estimates.{kind}", f"类别只能是 {'、'.join(KINDS)}")
            estimates[kind] = _number(node, f"default_estimates.{kind}", fail, 1, 14400, int)
        values["default_estimates"] = estimates
    if "rules" in tree:
        weights = dict(DEFAULTS.weights)
        for rule, node in _mapping(tree["rules"], "rules", fail).items():
            if rule not in RULES:
                raise fail(node, f"rules.{rule}", f"没有这条规则，可用：{'、'.join(RULES)}")
            weights[rule] = _number(node, f"rules.{rule}", fail, 0.0, 1000.0, float)
        values["weights"] = weights
    if "importance" in tree:
        switched = set(DEFAULTS.importance)
        for signal, node in _mapping(tree["importance"], "importance", fail).items():
            if signal not in IMPORTANCE_SIGNALS:
                raise fail(node, f"importance.{signal}", f"没有这个信号，可用：{'、'.join(IMPORTANCE_SIGNALS)}")
            if not isinstance(node.value, bool):
                raise fail(node, f"importance.{signal}", "应是 true 或 false")
            (switched.add if node.value else switched.discard)(signal)
        values["importance"] = frozenset(switched)
    if "colors" in tree:
        colors = dict(DEFAULTS.colors)
        for folder, node in _mapping(tree["colors"], "colors", fail).items():
            if folder not in colors:
                raise fail(node, f"colors.{folder}", "只能设置 todo、temp、done")
            if not isinstance(node.value, str) or not node.value.strip():
                raise fail(node, f"colors.{folder}", "需要颜色名，如 \"bold blue\"")
            colors[folder] = node.value.strip()
        values["colors"] = colors
    if "remind" in tree:
        values["remind"] = _remind(tree["remind"], fail)
    if "sync" in tree:
        values["sync"] = _sync(tree["sync"], fail)
    if "registers" in tree or "me" in tree:  # the registers' module only when they are set
        from bangongshi.domain import registers

        if "registers" in tree:
            values["registers"] = registers.registers_from(tree["registers"], fail)
        if "me" in tree:
            values["me"] = registers.me_from(tree["me"], fail)
    if "duty" in tree:  # the roster's module only when it is set
        from bangongshi.domain.duty import duty_from

        values["duty"] = duty_from(tree["duty"], fail)
    return DEFAULTS._replace(**values)


def _zone(node: Located, fail) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    name = str(node.value).strip()
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise fail(node, "timezone", f"不认识时区「{name}」，例如 Asia/Shanghai、Asia/Urumqi") from None
    return name


def _mapping(node: Located, setting: str, fail) -> dict:
    if not isinstance(node.value, dict):
        raise fail(node, setting, "这里应该是「键: 值」的映射")
    return node.value


def _number(node: Located, setting: str, fail, low, high, kind):
    value = node.value
    if isinstance(value, bool) or not isinstance(value, int | float) or (kind is int and not float(value).is_integer()):
        raise fail(node, setting, f"需要{'整数' if kind is int else '数字'}，收到「{value}」")
    if not low <= value <= high:
        raise fail(node, setting, f"{value} 超出范围（{low} 到 {high}）" + ("，权重不能为负" if low == 0 and value < 0 else ""))
    return kind(value)


def _clock_range(node: Located, setting: str, fail) -> tuple[time, time]:
    text = str(node.value).replace("：", ":").replace("–", "-").replace("~", "-")
    try:
        start_text, end_text = (part.strip() for part in text.split("-"))
        start, end = time.fromisoformat(start_text.zfill(5)), time.fromisoformat(end_text.zfill(5))
    except ValueError:
        raise fail(node, setting, f"应写作 \"08:30-17:30\"，收到「{node.value}」") from None
    if end <= start:
        raise fail(node, setting, f"结束时间 {end_text} 不晚于开始时间 {start_text}")
    return start, end


def _month_day(node: Located, setting: str, fail) -> tuple[int, int]:
    try:
        month, day = (int(p) for p in str(node.value).split("-"))
        date(2024, month, day)
    except ValueError:
        raise fail(node, setting, f"应写作 \"05-01\"（月-日），收到「{node.value}」") from None
    return month, day


def _hours(node: Located, fail) -> tuple[HoursPeriod, ...]:
    if not isinstance(node.value, list) or not node.value:
        raise fail(node, "hours", "应是一个或多个作息时段的列表")
    periods = []
    for index, entry in enumerate(node.value):
        name = f"hours[{index}]"
        fields = _mapping(entry, name, fail)
        for key, child in fields.items():
            if key not in ("name", "from", "to", "work", "lunch"):
                raise fail(child, f"{name}.{key}", "只能有 name、from、to、work、lunch")
        if "work" not in fields:
            raise fail(entry, name, "缺少 work（如 \"08:30-17:30\"）")
        start, end = _clock_range(fields["work"], f"{name}.work", fail)
        lunch_start = lunch_end = None
        if "lunch" in fields and fields["lunch"].value not in (None, "", "无"):
            lunch_start, lunch_end = _clock_range(fields["lunch"], f"{name}.lunch", fail)
            if lunch_start < start or lunch_end > end:
                raise fail(fields["lunch"], f"{name}.lunch", "午休要在上班时间之内")
        first = _month_day(fields["from"], f"{name}.from", fail) if "from" in fields else (1, 1)
        last = _month_day(fields["to"], f"{name}.to", fail) if "to" in fields else (12, 31)
        label = str(fields["name"].value) if "name" in fields else f"作息{index + 1}"
        periods.append(HoursPeriod(label, first, last, start, end, lunch_start, lunch_end))
    return tuple(periods)


REMIND_KEYS = ("before", "morning", "evening", "channels", "route", "attempts", "late_after", "timeout")


def _remind(node: Located, fail) -> RemindSettings:
    from bangongshi.model.remind import KINDS

    fields_ = _mapping(node, "remind", fail)
    for key, child in fields_.items():
        if key not in REMIND_KEYS:
            raise fail(child, f"remind.{key}", f"不认识这个设置，可用：{'、'.join(REMIND_KEYS)}")
    values: dict = {}
    for name, low, high, kind in (("before", 0, 1440, int), ("attempts", 1, 20, int),
                                  ("late_after", 1, 1440, int), ("timeout", 1, 60, float)):
        if name in fields_:
            values[name] = _number(fields_[name], f"remind.{name}", fail, low, high, kind)
    for name in ("morning", "evening"):
        if name in fields_:
            values[name] = _clock(fields_[name], f"remind.{name}", fail)
    if "channels" in fields_:
        channels = {}
        for name, child in _mapping(fields_["channels"], "remind.channels", fail).items():
            url = str(child.value or "").strip() if isinstance(child.value, str) else ""
            if not (url.startswith("env:") and url[4:].strip()) and "://" not in url:
                raise fail(child, f"remind.channels.{name}",
                           f"应是推送地址（如 \"json://127.0.0.1:8080\"、\"desktop://\"）或 env:变量名，收到「{child.value}」")
            channels[str(name)] = url
        values["channels"] = channels
    channels = values.get("channels", RemindSettings().channels)
    if "route" in fields_:
        route = {}
        for kind, child in _mapping(fields_["route"], "remind.route", fail).items():
            if kind not in KINDS or kind == "test":
                raise fail(child, f"remind.route.{kind}", f"没有这类提醒，可用：{'、'.join(k for k in KINDS if k != 'test')}")
            names = child.value if isinstance(child.value, list) else [child]
            chosen = []
            for entry in names:
                name = str(entry.value if isinstance(entry, Located) else entry)
                if name not in channels:
                    raise fail(child, f"remind.route.{kind}",
                               f"没有名为「{name}」的渠道，已设置：{'、'.join(channels) or '（无）'}")
                chosen.append(name)
            route[kind] = tuple(chosen)
        values["route"] = route
    return RemindSettings(**values)


def _sync(node: Located, fail) -> SyncSettings:
    values: dict = {}
    for key, child in _mapping(node, "sync", fail).items():
        if key not in ("masked", "auto"):
            raise fail(child, f"sync.{key}", "不认识这个设置，可用：auto、masked")
        if not isinstance(child.value, bool):
            raise fail(child, f"sync.{key}", "应是 true 或 false")
        values[key] = child.value
    return SyncSettings(**values)


def _clock(node: Located, setting: str, fail) -> time:
    text = str(node.value).strip().replace("：", ":")
    try:
        hour, minute = (int(part) for part in text.split(":"))
        return time(hour, minute)
    except ValueError:
        raise fail(node, setting, f"应写作 \"08:30\"（时:分），收到「{node.value}」") from None
