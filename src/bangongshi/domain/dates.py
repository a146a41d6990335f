"""The one parser behind every date and time option: 明天下午三点, 下周一, 12月1日前, 国庆前…

Grammar (shared/spec/dates.md): [截止] [year] date-part [time-part] [前]; or a time alone. The
whole text must be read: anything left over is refused, never guessed. Dates about the past
(`past=True`) resolve a day without a year to the most recent past; all others to the future.
"""

import datetime as dt
import re
from dataclasses import dataclass, field

from bangongshi.domain import festivals
from bangongshi.domain.calendar import Calendar
from bangongshi.domain.numerals import NUMERAL_CHARS, to_int
from bangongshi.errors import BadInput
from bangongshi.limits import FIRST_YEAR, LAST_YEAR
from bangongshi.domain.calendar import WEEKDAYS

EXAMPLES = "明天下午三点、下周五前、2026-12-01"
NUM = rf"(?:\d+|[{NUMERAL_CHARS}]+)"


@dataclass(frozen=True)
class DateSpec:
    """What a date phrase means: a day, maybe a time, and whether it is a deadline (…前)."""

    date: dt.date
    time: dt.time | None = None
    deadline: bool = False
    warnings: tuple[str, ...] = ()
    # Years whose official arrangement was unknown and estimated to reach this answer.
    estimated_years: frozenset[int] = field(default_factory=frozenset)

    @property
    def estimated(self) -> bool:
        return bool(self.estimated_years)


def parse_date(text: str, now: dt.datetime, calendar: Calendar, *, option: str = "日期",
               past: bool = False, rest_day_warning: bool = True) -> DateSpec:
    """`rest_day_warning=False` for options that name a day to look at or to mark, not a deadline."""
    before = set(calendar.estimated_years)
    reader = _Reader(text, now.date(), now.time(), calendar, past, option)
    try:
        spec = reader.read()
    except OverflowError:  # 9999年12月31日后3天: beyond the last day Python can hold
        spec = None
    if spec is None or not FIRST_YEAR <= spec.date.year <= LAST_YEAR:
        raise reader.fail(f"超出支持的范围（{FIRST_YEAR} 至 {LAST_YEAR} 年）")
    # Only what computing the date consulted counts; the rest-day check below says 估计 itself.
    used = frozenset(calendar.estimated_years - before) | reader.estimated_years
    info = calendar.info(spec.date)
    warnings = list(reader.warnings)
    if rest_day_warning and not info.workday:
        guess = "（估计）" if info.estimated else ""
        warnings.append(f"{spec.date.month}月{spec.date.day}日（{info.weekday_name}）是休息日（{info.reason}）{guess}")
    return DateSpec(spec.date, spec.time, spec.deadline, tuple(warnings), used)


def parse_datetime(text: str, now: dt.datetime, calendar: Calendar, *, option: str) -> tuple[dt.datetime, DateSpec]:
    """An option that needs a day and a time of day, such as the start of an appointment."""
    spec = parse_date(text, now, calendar, option=option)
    if spec.time is None:
        raise BadInput(f"{option}需要具体时间，例如：明天上午9点、2026-12-01 09:30")
    return dt.datetime.combine(spec.date, spec.time, tzinfo=now.tzinfo), spec


def parse_time_of_day(text: str, *, option: str) -> dt.time:
    """A clock time alone (09:00, 上午9点, 下午三点半), where something else gives the day."""
    # Only a time of day is read here, so the reader's "today" is never used: a fixed day, not the clock.
    reader = _Reader(text, dt.date(2000, 1, 3), dt.time(0), None, False, option)
    found = reader._time_part() if reader.text else None
    if found is None or reader.pos != len(reader.text):
        raise reader.fail("应是一天中的时间，如 09:00、上午9点、下午三点半（日期由周期决定）")
    return found


def parse_year_month(text: str | None, today: dt.date) -> tuple[int, int]:
    """A month as typed: 2026-12 or 2026年12月; the current month when not given."""
    if text is None:
        return today.year, today.month
    parts = text.strip().replace("年", "-").replace("月", "").split("-")
    try:
        year, month_number = int(parts[0]), int(parts[1])
        if len(parts) != 2 or not 1 <= month_number <= 12 or not FIRST_YEAR <= year <= LAST_YEAR:
            raise ValueError
    except (ValueError, IndexError):
        raise BadInput(f"月份「{text}」应写作 YYYY-MM，例如 2026-12") from None
    return year, month_number


_FULL_WIDTH = str.maketrans("０１２３４５６７８９：／－．　", "0123456789:/-. ")
_REWRITES = [
    (re.compile(r"星期天|星期日|礼拜天|礼拜日|周天"), "周日"),
    (re.compile(r"星期|礼拜"), "周"),
    (re.compile(r"(上|下|这|本)个周"), r"\1周"),
    (re.compile(r"(上|下|这|本)个月"), r"\1月"),
    (re.compile(r"(\d|[" + NUMERAL_CHARS + r"])号"), r"\1日"),
    (re.compile(r"这月"), "本月"),
    (re.compile(r"这周"), "本周"),
    (re.compile(r"下一个"), "下个"),
    (re.compile(r"之前|以前|为止"), "前"),
    (re.compile(r"之后|以后"), "后"),
]
_ISO = re.compile(r"(?P<y>\d{4})[-/.年](?P<m>\d{1,2})[-/.月](?P<d>\d{1,2})日?(?:[T ]?(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?)?")
_YEAR_WORD = re.compile(r"今年|明年|后年|去年|(?P<num>\d{4})年")
_MONTH_DAY = re.compile(rf"(?P<m>{NUM})月(?P<d>{NUM})日?")
_SLASH = re.compile(r"(?P<m>\d{1,2})/(?P<d>\d{1,2})")
_DAY_OF_MONTH = re.compile(rf"(?P<which>本月|下月|上月)?(?P<d>{NUM})日")
_RELATIVE_DAY = re.compile(r"大后天|大前天|今天|今日|今早|今晚|明天|明日|明早|明晚|后天|昨天|昨日|前天")
_WEEK = re.compile(rf"(?P<which>本|下下|下|上)?周(?P<w>[{WEEKDAYS}1-7])")
_OFFSET = re.compile(rf"(?P<n>{NUM}|半)(?P<unit>天|日|个?周|个?月|年|个工作日)后")
_NEXT_WORKDAY = re.compile(r"下个工作日|次个?工作日")
_MONTH_EDGE = re.compile(r"(?P<which>本|下|上)?月(?P<edge>底|末|初)")
_YEAR_EDGE = re.compile(r"(?P<which>今|明|去)?年(?P<edge>底|末|初)")
_QUARTER_EDGE = re.compile(r"(?P<which>本|下|上)?季度?(?P<edge>底|末|初)")
_FESTIVAL_NAMES = "|".join(sorted((re.escape(n) for n in festivals.BY_NAME), key=len, reverse=True))
_FESTIVAL = re.compile(rf"(?P<name>{_FESTIVAL_NAMES})(?:节)?(?P<edge>前|后第一个工作日|后第一天|后|节后|当天)?")
_PERIOD = r"(?P<period>上午|早上|早晨|早|中午|下午|午后|晚上|傍晚|晚|夜里|夜间|凌晨)"
_CLOCK = re.compile(rf"{_PERIOD}?(?:(?P<h>{NUM})(?:点|时)(?P<min>半|一刻|三刻|{NUM}分?)?整?|(?P<hh>\d{{1,2}}):(?P<mm>\d{{2}}))")
_PERIOD_ALONE = re.compile(_PERIOD)


class _Reader:
    def __init__(self, text: str, today: dt.date, clock: dt.time, calendar: Calendar, past: bool, option: str):
        self.original = text
        self.today = today
        self.clock = clock
        self.calendar = calendar
        self.past = past
        self.option = option
        self.warnings: list[str] = []
        self.estimated_years: set[int] = set()
        self.deadline = False
        self.period_hint: str | None = None
        normalised = text.translate(_FULL_WIDTH).strip().lower()
        iso = _ISO.fullmatch(normalised.replace("t", "T"))
        self.iso = iso
        for pattern, replacement in _REWRITES:
            normalised = pattern.sub(replacement, normalised)
        self.text = re.sub(r"\s+", "", normalised)
        self.pos = 0

    # --- reading ---------------------------------------------------------------------------

    def fail(self, why: str = "") -> BadInput:
        if why:
            return BadInput(f"{self.option}「{self.original}」{why}")
        return BadInput(f"无法识别{self.option}「{self.original}」，可以写：{EXAMPLES}")

    def take(self, pattern: re.Pattern) -> re.Match | None:
        match = pattern.match(self.text, self.pos)
        if match:
            self.pos = match.end()
        return match

    def take_word(self, *words: str) -> str | None:
        for word in words:
            if self.text.startswith(word, self.pos):
                self.pos += len(word)
                return word
        return None

    def read(self) -> DateSpec:
        if self.iso:
            return self._iso(self.iso)
        if not self.text:
            raise self.fail()
        if self.take_word("截止到", "截止至", "截至", "截止", "最迟", "不晚于"):
            self.deadline = True
        day = self._date_part()
        time = self._time_part()
        if day is None and time is None:
            raise self.fail()
        if self.take_word("前"):
            self.deadline = True
        if self.pos != len(self.text):
            raise self.fail()
        if day is None:
            day = self._day_for_time(time)
        return DateSpec(day, time, self.deadline)

    def _iso(self, match: re.Match) -> DateSpec:
        try:
            day = dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
        except ValueError:
            raise self.fail("不是真实存在的日期") from None
        time = None
        if match["H"] is not None:
            try:
                time = dt.time(int(match["H"]), int(match["M"]), int(match["S"] or 0))
            except ValueError:
                raise self.fail("中的时间不存在") from None
        return DateSpec(day, time)

    # --- the date part ----------------------------------------------------------------------

    def _date_part(self) -> dt.date | None:
        year_word = self.take(_YEAR_WORD)
        year = self._year(year_word) if year_word else None
        for pattern, handler in (
            (_MONTH_DAY, self._month_day), (_SLASH, self._month_day), (_RELATIVE_DAY, self._relative_day),
            (_WEEK, self._week), (_OFFSET, self._offset), (_NEXT_WORKDAY, self._next_workday),
            (_QUARTER_EDGE, self._quarter_edge), (_MONTH_EDGE, self._month_edge),
            (_YEAR_EDGE, self._year_edge), (_FESTIVAL, self._festival), (_DAY_OF_MONTH, self._day_of_month),
        ):
            start = self.pos
            match = self.take(pattern)
            if match:
                if pattern is _YEAR_EDGE and year is not None and match["which"]:
                    raise self.fail()
                if pattern is _DAY_OF_MONTH and self.text.startswith(("点", "时"), self.pos):
                    self.pos = start  # "3日" never, but guard "3点" read as a day
                    continue
                return handler(match, year)
        if year_word:
            # 明年底 / 明年年底 / 2027年初: the year word has already taken the 年.
            if self.take_word("年底", "年末", "底", "末"):
                return dt.date(year, 12, 31)
            if self.take_word("年初", "初"):
                return dt.date(year, 1, 1)
            raise self.fail()
        return None

    def _year(self, match: re.Match) -> int:
        if match["num"]:
            return int(match["num"])
        return self.today.year + {"今年": 0, "明年": 1, "后年": 2, "去年": -1}[match.group(0)]

    def _number(self, text: str, what: str, low: int, high: int) -> int:
        value = to_int(text)
        if value is None or not low <= value <= high:
            raise self.fail(f"中的{what}「{text}」不存在")
        return value

    def _make(self, year: int, month: int, day: int) -> dt.date:
        try:
            return dt.date(year, month, day)
        except ValueError:
            raise self.fail(f"不是真实存在的日期（{month}月{day}日）") from None

    def _month_day(self, match: re.Match, year: int | None) -> dt.date:
        month = self._number(match["m"], "月份", 1, 12)
        day = self._number(match["d"], "日期", 1, 31)
        if year is not None:
            return self._make(year, month, day)
        candidate = self._make(self.today.year if not (month == 2 and day == 29) else self._leap_year(), month, day)
        if not self.past and candidate < self.today:
            return self._make(self._next_year_with(month, day), month, day)
        if self.past and candidate > self.today:
            return self._make(candidate.year - 1, month, day)
        return candidate

    def _leap_year(self) -> int:
        year = self.today.year
        while not _is_leap(year):
            year += -1 if self.past else 1
        return year

    def _next_year_with(self, month: int, day: int) -> int:
        year = self.today.year + 1
        while month == 2 and day == 29 and not _is_leap(year):
            year += 1
        return year

    def _day_of_month(self, match: re.Match, year: int | None) -> dt.date:
        day = self._number(match["d"], "日期", 1, 31)
        which = match["which"]
        first = self.today.replace(day=1)
        if which == "下月":
            return self._make(*_month_shift(first, 1), day)
        if which == "上月":
            return self._make(*_month_shift(first, -1), day)
        if which == "本月" or year is not None:
            return self._make(first.year, first.month, day)
        # A bare 25号: this month if still ahead (behind, with past), else the next month that has it.
        step = -1 if self.past else 1
        for months in range(0, 13 * step, step):
            year_, month_ = _month_shift(first, months)
            try:
                candidate = dt.date(year_, month_, day)
            except ValueError:
                continue
            if (not self.past and candidate >= self.today) or (self.past and candidate <= self.today):
                return candidate
        raise self.fail()

    def _relative_day(self, match: re.Match, year: int | None) -> dt.date:
        word = match.group(0)
        if year is not None:
            raise self.fail()
        offsets = {"今天": 0, "今日": 0, "今早": 0, "今晚": 0, "明天": 1, "明日": 1, "明早": 1, "明晚": 1,
                   "后天": 2, "大后天": 3, "昨天": -1, "昨日": -1, "前天": -2, "大前天": -3}
        if word.endswith("早"):
            self.period_hint = "早"
        elif word.endswith("晚"):
            self.period_hint = "晚"
        return self.today + dt.timedelta(days=offsets[word])

    def _week(self, match: re.Match, year: int | None) -> dt.date:
        weekday = (WEEKDAYS.index(match["w"]) if match["w"] in WEEKDAYS else int(match["w"]) - 1)
        monday = self.today - dt.timedelta(days=self.today.weekday())
        which = match["which"]
        if which is None:
            ahead = (weekday - self.today.weekday()) % 7
            if self.past:
                return self.today - dt.timedelta(days=(self.today.weekday() - weekday) % 7)
            return self.today + dt.timedelta(days=ahead)
        weeks = {"本": 0, "下": 1, "下下": 2, "上": -1}[which]
        day = monday + dt.timedelta(weeks=weeks, days=weekday)
        if which == "本" and day < self.today and not self.past:
            self.warnings.append(f"本周{WEEKDAYS[weekday]}（{day.month}月{day.day}日）已经过去")
        return day

    def _offset(self, match: re.Match, year: int | None) -> dt.date:
        unit = match["unit"].lstrip("个")
        if match["n"] == "半":
            days = {"天": None, "日": None, "周": None, "月": 15, "年": 182, "工作日": None}[unit]
            if days is None:
                raise self.fail()
            return self.today + dt.timedelta(days=days)
        count = to_int(match["n"])
        if count is None or count > 3660:
            raise self.fail()
        if unit in ("天", "日"):
            return self.today + dt.timedelta(days=count)
        if unit == "周":
            return self.today + dt.timedelta(weeks=count)
        if unit == "工作日":
            return self.calendar.add_workdays(self.today, count)
        months = count * (12 if unit == "年" else 1)
        year_, month_ = _month_shift(self.today.replace(day=1), months)
        return dt.date(year_, month_, min(self.today.day, _month_length(year_, month_)))

    def _next_workday(self, match: re.Match, year: int | None) -> dt.date:
        return self.calendar.next_workday(self.today)

    def _month_edge(self, match: re.Match, year: int | None) -> dt.date:
        shift = {None: 0, "本": 0, "下": 1, "上": -1}[match["which"]]
        year_, month_ = _month_shift(self.today.replace(day=1), shift)
        if year is not None:
            year_ = year
        return dt.date(year_, month_, 1 if match["edge"] == "初" else _month_length(year_, month_))

    def _year_edge(self, match: re.Match, year: int | None) -> dt.date:
        year = year if year is not None else self.today.year + {None: 0, "今": 0, "明": 1, "去": -1}[match["which"]]
        return dt.date(year, 1, 1) if match["edge"] == "初" else dt.date(year, 12, 31)

    def _quarter_edge(self, match: re.Match, year: int | None) -> dt.date:
        quarter = (self.today.month - 1) // 3 + {None: 0, "本": 0, "下": 1, "上": -1}[match["which"]]
        year_ = self.today.year + quarter // 4
        quarter %= 4
        first_month = quarter * 3 + 1
        if match["edge"] == "初":
            return dt.date(year_, first_month, 1)
        return dt.date(year_, first_month + 2, _month_length(year_, first_month + 2))

    def _festival(self, match: re.Match, year: int | None) -> dt.date:
        festival = festivals.BY_NAME[match["name"]]
        edge = match["edge"]
        if match["name"] == "十一" and edge is None:
            raise self.fail()  # 十一 alone is more likely the 11th than 国庆
        if year is not None:
            start, end = self.calendar.festival_block(festival, year)
        else:
            start, end = self.calendar.next_festival_block(festival, self.today, self.past)
        if edge == "前":
            self.deadline = True
            return self.calendar.previous_workday(start)
        if edge in ("后", "节后", "后第一个工作日", "后第一天"):
            return self.calendar.next_workday(end)
        return festivals.anchor(festival, start.year) if festival.code != "spring" else start

    # --- the time part ----------------------------------------------------------------------

    def _time_part(self) -> dt.time | None:
        match = self.take(_CLOCK)
        if match is None:
            alone = self.take(_PERIOD_ALONE)
            if alone:
                self.period_hint = alone["period"]
            return None
        if match["hh"] is not None:
            hour, minute = int(match["hh"]), int(match["mm"])
            if hour > 23 or minute > 59:
                raise self.fail("中的时间不存在")
            return dt.time(hour, minute)
        hour = self._number(match["h"], "钟点", 0, 24)
        minute = 0
        if match["min"]:
            minute = {"半": 30, "一刻": 15, "三刻": 45}.get(match["min"])
            if minute is None:
                minute = self._number(match["min"].rstrip("分"), "分钟", 0, 59)
        period = match["period"] or self.period_hint
        hour = self._hour_in_period(hour, period, match.group(0))
        if hour > 23:
            raise self.fail("中的时间不存在")
        return dt.time(hour, minute)

    def _hour_in_period(self, hour: int, period: str | None, said: str) -> int:
        if period in ("下午", "午后", "晚上", "傍晚", "晚", "夜里", "夜间"):
            if hour > 12 and hour < 24:
                return hour
            if hour == 12 and period in ("下午", "午后"):
                return 12
            return hour + 12 if hour < 12 else 24
        if period == "中午":
            return hour if hour >= 11 else hour + 12
        if period in ("上午", "早上", "早晨", "早", "凌晨"):
            if hour > 12:
                raise self.fail("中的时间不存在")
            return hour
        if 1 <= hour <= 6:
            self.warnings.append(f"「{said}」按下午 {hour + 12}:00 理解；上午请写「上午{hour}点」")
            return hour + 12
        return hour

    def _day_for_time(self, time: dt.time) -> dt.date:
        """A time alone: today; if it has passed, tomorrow (or today, for the past)."""
        if not self.past and time < self.clock:
            self.warnings.append(f"今天 {time.strftime('%H:%M')} 已过，按明天理解")
            return self.today + dt.timedelta(days=1)
        return self.today


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _month_shift(first: dt.date, months: int) -> tuple[int, int]:
    index = first.year * 12 + first.month - 1 + months
    return index // 12, index % 12 + 1


def _month_length(year: int, month: int) -> int:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).day
