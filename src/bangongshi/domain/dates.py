"""The one parser behind every date and time option: 明天下午三点, 下周一, 12月1日前, 国庆前…

Grammar: [截止] [year] day [shift] [time] [前]; or a time alone. The day, the shift and the time
are each one of the phrase families declared as data in domain/phrases.py (days, shifts) and
domain/phrase_times.py (times). The whole text must be
read: anything left over is refused, never guessed. Dates about the past (`past=True`) resolve a
day without a year to the most recent past; all others to the future. Every answer carries how
it was read (`reading`), and whether it rests on a convention (`approximate`: 年后, 下旬…).
"""

import datetime as dt
import re

from bangongshi.domain import phrase_times, phrases
from bangongshi.domain.calendar import Calendar
from bangongshi.domain.numerals import NUMERAL_CHARS, to_int
from bangongshi.errors import BadInput
from bangongshi.limits import FIRST_YEAR, LAST_YEAR
from bangongshi.model.record import Record

EXAMPLES = "明天下午三点、下周五前、2026-12-01"


class DateSpec(Record):
    """What a date phrase means: a day, maybe a time, and whether it is a deadline (…前)."""

    date: dt.date
    time: dt.time | None = None
    deadline: bool = False
    warnings: tuple[str, ...] = ()
    # Years whose official arrangement was unknown and estimated to reach this answer: to compute
    # the day, or to say whether it is a rest day when the answer says so (one rule everywhere).
    estimated_years: frozenset[int] = frozenset()
    # How the phrase was read, in words (empty for a date written out in full).
    reading: str = ""
    # The reading rests on a convention (年后, 下旬, 下午 alone…): --strict refuses it.
    approximate: bool = False
    # False when the time is a part of the day (上午, 明早), not a clock time.
    time_exact: bool = True

    @property
    def estimated(self) -> bool:
        return bool(self.estimated_years)


def parse_date(text: str, now: dt.datetime, calendar: Calendar, *, option: str = "日期",
               past: bool = False, rest_day_warning: bool = True, hours=None) -> DateSpec:
    """`rest_day_warning=False` for options that name a day to look at or to mark, not a deadline:
    they get neither the rest-day warning nor the warning that the moment has passed.
    `hours(day)` gives the work hours in force (下班前, 上班前); the defaults when not given."""
    before = set(calendar.estimated_years)
    reader = _Reader(text, now.date(), now.time(), calendar, past, option, hours)
    try:
        spec = reader.read()
    except OverflowError:  # 9999年12月31日后3天: beyond the last day Python can hold
        spec = None
    if spec is None or not FIRST_YEAR <= spec.date.year <= LAST_YEAR:
        raise reader.fail(f"超出支持的范围（{FIRST_YEAR} 至 {LAST_YEAR} 年）")
    used = set(calendar.estimated_years - before) | reader.estimated_years
    warnings = list(reader.warnings)
    if rest_day_warning:
        info = calendar.info(spec.date)
        if info.estimated:
            used.add(spec.date.year)
        if not info.workday:
            guess = "（估计）" if info.estimated else ""
            warnings.append(f"{spec.date.month}月{spec.date.day}日（{info.weekday_name}）是休息日（{info.reason}）{guess}")
        if not past and not reader.said_past and _before_now(spec, now):
            when = f"{spec.date.month}月{spec.date.day}日" + (f" {spec.time.strftime('%H:%M')}" if spec.time else "")
            warnings.append(f"{option}「{text}」是 {when}，已经过去")
    return DateSpec(spec.date, spec.time, spec.deadline, tuple(warnings), frozenset(used),
                    "；".join(reader.readings), reader.is_approximate, reader.time_exact)


def _before_now(spec: DateSpec, now: dt.datetime) -> bool:
    if spec.date != now.date():
        return spec.date < now.date()
    return spec.time is not None and spec.time < now.time().replace(second=0, microsecond=0)


def parse_datetime(text: str, now: dt.datetime, calendar: Calendar, *, option: str,
                   hours=None) -> tuple[dt.datetime, DateSpec]:
    """An option that needs a day and a time of day, such as the start of an appointment."""
    spec = parse_date(text, now, calendar, option=option, hours=hours)
    if spec.time is None or not spec.time_exact:
        raise BadInput(f"{option}需要具体时间，例如：明天上午9点、2026-12-01 09:30")
    return dt.datetime.combine(spec.date, spec.time, tzinfo=now.tzinfo), spec


def parse_time_of_day(text: str, *, option: str) -> dt.time:
    """A clock time alone (09:00, 上午9点, 下午三点半), where something else gives the day."""
    # Only a time of day is read here, so the reader's "today" is never used: a fixed day, not the clock.
    reader = _Reader(text, dt.date(2000, 1, 3), dt.time(0), None, False, option)
    found = reader._time_part() if reader.text else None
    if found is None or reader.pos != len(reader.text) or not reader.time_exact:
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


_FULL_WIDTH = str.maketrans("０１２３４５６７８９：／－．　（）○◯Ｏ", "0123456789:/-. ()〇〇〇")
# Each rewrite with the words one of which any match contains: a rewrite is compiled and run only
# when its word is in the text (most phrases need none; each pattern costs a capture its compilation).
_REWRITES = [
    (("星期", "礼拜", "周天"), r"星期天|星期日|礼拜天|礼拜日|周天", "周日"),
    (("星期", "礼拜"), r"星期|礼拜", "周"),
    (("个周",), r"(上|下|这|本)个周", r"\1周"),
    (("个月",), r"(上|下|这|本)个月", r"\1月"),
    (("号",), r"(\d|[" + NUMERAL_CHARS + r"])号", r"\1日"),
    (("这月",), r"这月", "本月"),
    (("这周",), r"这周", "本周"),
    (("下一个",), r"下一个", "下个"),
    (("之前", "以前", "为止"), r"之前|以前|为止", "前"),
    (("之后", "以后"), r"之后|以后", "后"),
    (("之内", "以内"), r"之内|以内", "内"),
]
# Compiled when a phrase can match them (re keeps them): a date written out begins with a digit, a
# year word holds 年; 下周三 needs neither.
_ISO = r"(?P<y>\d{4})[-/.年](?P<m>\d{1,2})[-/.月](?P<d>\d{1,2})日?(?:[T ]?(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?)?"
# The year of a 公文 date is written digit by digit: 二〇二六年.
_YEAR_WORD = r"今年|明年|后年|去年|(?P<num>\d{4}|[〇零一二三四五六七八九]{4})年"
_DEADLINE_WORDS = ("截止到", "截止至", "截至", "截止", "最迟", "不晚于")


class _Reader:
    def __init__(self, text: str, today: dt.date, clock: dt.time, calendar: Calendar, past: bool, option: str,
                 hours=None):
        self.original = text
        self.today = today
        self.clock = clock
        self.calendar = calendar
        self.past = past
        self.option = option
        self.hours = hours
        self.warnings: list[str] = []
        self.readings: list[str] = []
        self.estimated_years: set[int] = set()
        self.deadline = False
        self.is_approximate = False
        self.period_hint: str | None = None
        self.time: dt.time | None = None  # set by a family that gives the time too (48小时内)
        self.time_exact = True
        self.block: tuple[dt.date, dt.date] | None = None  # a holiday's rest days, for 国庆前3个工作日
        self.anchor: dt.date | None = None  # a festival's own day, for 端午前两天
        self.day: dt.date | None = None
        self.said_past = False
        normalised = text.translate(_FULL_WIDTH).strip().lower()
        self.iso = re.fullmatch(_ISO, normalised.replace("t", "T")) if normalised[:1].isdigit() else None
        for words, pattern, replacement in _REWRITES:
            if any(word in normalised for word in words):
                normalised = re.sub(pattern, replacement, normalised)
        self.text = re.sub(r"\s+", "", normalised)
        self.pos = 0

    # --- what the families call ---------------------------------------------------------------

    def fail(self, why: str = "") -> BadInput:
        if why:
            return BadInput(f"{self.option}「{self.original}」{why}")
        return BadInput(f"无法识别{self.option}「{self.original}」，可以写：{EXAMPLES}")

    def say(self, reading: str) -> None:
        self.readings.append(reading)

    def warn(self, warning: str) -> None:
        self.warnings.append(warning)

    def approximate(self) -> None:
        self.is_approximate = True

    def number(self, text: str, what: str, low: int, high: int) -> int:
        value = to_int(text)
        if value is None or not low <= value <= high:
            raise self.fail(f"中的{what}「{text}」不存在")
        return value

    def make(self, year: int, month: int, day: int) -> dt.date:
        try:
            return dt.date(year, month, day)
        except ValueError:
            raise self.fail(f"不是真实存在的日期（{month}月{day}日）") from None

    def work_hours(self, day: dt.date):
        """The work hours in force on `day` (start, end, lunch_start, lunch_end)."""
        if self.hours is not None:
            return self.hours(day)
        from bangongshi.domain.settings import DEFAULT_HOURS

        return DEFAULT_HOURS

    def day_for_hours(self) -> dt.date:
        return self.day or self.today

    # --- reading ----------------------------------------------------------------------------

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
        if self.take_word(*_DEADLINE_WORDS):
            self.deadline = True
        self.day = self._date_part()
        if self.day is not None:
            self.day = self._shift(self.day)
        time = self._time_part()
        if self.day is None and time is None:
            raise self.fail()
        if self.take_word("前"):
            self.deadline = True
        if self.pos != len(self.text):
            raise self.fail()
        time = time or self.time
        if time is None and self.period_hint is not None:
            time = self._hint_alone()
        if self.day is None:
            self.day = self._day_for_time(time)
        return DateSpec(self.day, time, self.deadline)

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

    def _try(self, families, *args):
        if self.pos == len(self.text):
            return None  # no family matches nothing (tests/test_dates.py): none is compiled to say so
        rest = self.text[self.pos:]
        for family in families:
            if not family.may_match(rest):
                continue
            start = self.pos
            match = family.compiled.match(self.text, self.pos)
            if not match:
                continue
            self.pos = match.end()
            if family.name == "某日" and self.text.startswith(("点", "时"), self.pos):
                self.pos = start  # "3日" never, but guard "3点" read as a day
                continue
            found = family.read(self, match, *args)
            if family.approximate:
                self.approximate()
            return found
        return None

    def _date_part(self) -> dt.date | None:
        year_word = re.compile(_YEAR_WORD).match(self.text, self.pos) if "年" in self.text[self.pos:] else None
        year = None
        if year_word:
            self.pos = year_word.end()
            year = self._year(year_word)
        found = self._try(phrases.DATE_FAMILIES, year)
        if found is not None or not year_word:
            return found
        # 明年底 / 明年年底 / 2027年初: the year word has already taken the 年.
        if self.take_word("年底", "年末", "底", "末"):
            return dt.date(year, 12, 31)
        if self.take_word("年初", "初"):
            return dt.date(year, 1, 1)
        raise self.fail()

    def _year(self, match: re.Match) -> int:
        if match["num"]:
            return to_int(match["num"])
        return self.today.year + {"今年": 0, "明年": 1, "后年": 2, "去年": -1}[match.group(0)]

    def _shift(self, day: dt.date) -> dt.date:
        moved = self._try(phrases.SHIFTS, day)
        return day if moved is None else moved

    def _time_part(self) -> dt.time | None:
        return self._try(phrase_times.TIME_FAMILIES)

    def _hint_alone(self) -> dt.time | None:
        """明早 / 今晚 with no clock time: the start of work, said; the evening has no time, said loudly."""
        if self.period_hint == "早":
            start = self.work_hours(self.day_for_hours()).start
            self.say(f"早上按上班时间 {start.strftime('%H:%M')} 理解")
            self.approximate()
            self.time_exact = False
            return start
        self.warn("「晚上」没有具体钟点，只记了日期；要记时间请写「今晚8点」这样的钟点")
        return None

    def _day_for_time(self, time: dt.time | None) -> dt.date:
        """A time alone: today; if it has passed, tomorrow (or today, for the past)."""
        if time is not None and not self.past and time < self.clock:
            self.warn(f"今天 {time.strftime('%H:%M')} 已过，按明天理解")
            return self.today + dt.timedelta(days=1)
        return self.today
