"""The office calendar: which days are workdays in China, and why.

Sources, in order of precedence: the unit's own local days, years the user loaded (from a YAML
file or the State Council's notice), the `chinesecalendar` package, then an estimate from the
statutory festivals for a year nobody has loaded. Pure: the data is passed in.
"""

from collections.abc import Callable
from datetime import date, timedelta

from bangongshi.domain import festivals
from bangongshi.domain.festivals import Festival
from bangongshi.model.record import Record

# The one spelling of the weekdays, Monday first (date.weekday()), for every layer.
WEEKDAYS = "一二三四五六日"
# No rest block in China is longer than a few weeks; a longer search means the data is wrong.
LONGEST_SEARCH = 366


class DayInfo(Record):
    date: date
    workday: bool
    reason: str  # 工作日, 周末, 调休上班, a festival's name, or a local day's name
    holiday: str | None = None  # the festival a rest day or 调休 workday belongs to
    estimated: bool = False
    source: str = "official"  # local | loaded | official | estimate

    @property
    def weekday_name(self) -> str:
        return f"周{WEEKDAYS[self.date.weekday()]}"


class YearSchedule(Record):
    """One year's official arrangement: rest days and 调休 workdays, by festival name."""

    year: int
    # No defaults: a named tuple's default would be one dict shared by every year (services fill them).
    rest: dict[date, str]
    work: dict[date, str]


class LocalDay(Record):
    date: date
    workday: bool
    name: str


# (is rest day, festival code or None) for a day of a year the package knows.
OfficialLookup = Callable[[date], tuple[bool, str | None]]


class OfficialData(Record):
    first_year: int
    last_year: int
    lookup: OfficialLookup


def package_data(last_year: int | None = None) -> OfficialData:
    """chinesecalendar's data; `last_year` cuts it short (tests of the estimate path use it)."""
    from chinese_calendar.constants import holidays, workdays

    years = {day.year for day in holidays}

    def lookup(day: date) -> tuple[bool, str | None]:
        # chinese_calendar.get_holiday_detail's own answer, from its tables: the function checks the
        # year against min() and max() of every holiday on each call (20 µs a day; the agenda counts
        # workdays over three years), and the calendar asks only about years the tables hold.
        if day in workdays:
            rest, name = False, workdays[day]
        elif day in holidays:
            rest, name = True, holidays[day]
        else:
            rest, name = day.weekday() > 4, None
        return rest, festivals.OFFICIAL_NAMES.get(name) if name else None

    top = max(years) if last_year is None else min(last_year, max(years))
    return OfficialData(min(years), top, lookup)


class Calendar:
    def __init__(self, official: OfficialData | None = None, loaded: dict[int, YearSchedule] | None = None,
                 local: dict[date, LocalDay] | None = None):
        self.official = official
        self.loaded = loaded or {}
        self.local = local or {}
        self._cache: dict[date, DayInfo] = {}
        self._statutory: dict[int, dict[date, Festival]] = {}
        # Years whose estimate some answer has rested on; callers read it to mark answers 估计.
        self.estimated_years: set[int] = set()
        # How many answers rested on an estimate so far; a caller compares it before and after.
        self.estimated_lookups = 0

    # --- one day -------------------------------------------------------------------------

    def info(self, day: date) -> DayInfo:
        found = self._cache.get(day)
        if found is None:
            found = self._cache[day] = self._lookup(day)
        if found.estimated:
            self.estimated_years.add(day.year)
            self.estimated_lookups += 1
        return found

    def knows(self, year: int) -> bool:
        """Whether `year`'s official arrangement is known (loaded or in the package)."""
        return year in self.loaded or (
            self.official is not None and self.official.first_year <= year <= self.official.last_year
        )

    def _lookup(self, day: date) -> DayInfo:
        if day in self.local:
            local = self.local[day]
            return DayInfo(day, local.workday, local.name or ("工作日" if local.workday else "休息日"),
                           source="local")
        weekend = day.weekday() >= 5
        following = self.loaded.get(day.year + 1)
        if following is not None and day.month == 12 and (day in following.rest or day in following.work):
            # 元旦 of the next year may begin in late December: that notice says what these days are.
            if day in following.rest:
                return DayInfo(day, False, following.rest[day], following.rest[day], source="loaded")
            return DayInfo(day, True, "调休上班", following.work[day], source="loaded")
        if day.year in self.loaded:
            schedule = self.loaded[day.year]
            if day in schedule.rest:
                return DayInfo(day, False, schedule.rest[day], schedule.rest[day], source="loaded")
            if day in schedule.work:
                return DayInfo(day, True, "调休上班", schedule.work[day], source="loaded")
            return DayInfo(day, not weekend, "周末" if weekend else "工作日", source="loaded")
        if self.knows(day.year):
            rest, code = self.official.lookup(day)
            label = festivals.BY_CODE[code].label if code else None
            if rest:
                return DayInfo(day, False, label or "周末", label)
            if weekend:
                return DayInfo(day, True, "调休上班", label)
            return DayInfo(day, True, "工作日")
        festival = self._statutory_days(day.year).get(day)
        if festival:
            return DayInfo(day, False, festival.label, festival.label, estimated=True, source="estimate")
        return DayInfo(day, not weekend, "周末" if weekend else "工作日", estimated=True, source="estimate")

    def _statutory_days(self, year: int) -> dict[date, Festival]:
        if year not in self._statutory:
            if festivals.FIRST_YEAR <= year <= festivals.LAST_YEAR:
                self._statutory[year] = festivals.statutory_days(year)
            else:
                self._statutory[year] = {}
        return self._statutory[year]

    def is_workday(self, day: date) -> bool:
        return self.info(day).workday

    # --- workday arithmetic ---------------------------------------------------------------

    def next_workday(self, day: date) -> date:
        """The first workday strictly after `day`."""
        return self._walk(day, 1)

    def previous_workday(self, day: date) -> date:
        """The last workday strictly before `day`."""
        return self._walk(day, -1)

    def workday_on_or_after(self, day: date) -> date:
        return day if self.is_workday(day) else self.next_workday(day)

    def workday_on_or_before(self, day: date) -> date:
        return day if self.is_workday(day) else self.previous_workday(day)

    def add_workdays_unnoted(self, day: date, count: int) -> date:
        """add_workdays for a bound of the caller's own that no answer it gives rests on (the agenda's
        Reach): a year it walks into is not noted as estimated (estimated_years) for that."""
        years, lookups = set(self.estimated_years), self.estimated_lookups
        try:
            return self.add_workdays(day, count)
        finally:
            self.estimated_years.intersection_update(years)
            self.estimated_lookups = lookups

    def add_workdays(self, day: date, count: int) -> date:
        """The `count`-th workday after `day` (before it when negative); `day` itself when 0."""
        step = 1 if count > 0 else -1
        for _ in range(abs(count)):
            day = self._walk(day, step)
        return day

    def workdays_between(self, start: date, end: date) -> int:
        """Workdays after `start` up to and including `end` (negative when `end` is earlier)."""
        if end == start:
            return 0
        sign = 1 if end > start else -1
        low, high = (start, end) if sign > 0 else (end, start)
        count = sum(1 for n in range(1, (high - low).days + 1) if self.is_workday(low + timedelta(days=n)))
        return sign * count

    def _walk(self, day: date, step: int) -> date:
        for _ in range(LONGEST_SEARCH):
            day += timedelta(days=step)
            if self.is_workday(day):
                return day
        raise ValueError(f"no workday within {LONGEST_SEARCH} days of {day}")

    # --- rest blocks and festivals --------------------------------------------------------

    def rest_block(self, day: date) -> tuple[date, date] | None:
        """The run of consecutive rest days that contains `day`, or None on a workday."""
        if self.is_workday(day):
            return None
        start = end = day
        while not self.is_workday(start - timedelta(days=1)):
            start -= timedelta(days=1)
        while not self.is_workday(end + timedelta(days=1)):
            end += timedelta(days=1)
        return start, end

    def festival_block(self, festival: Festival, year: int) -> tuple[date, date]:
        """The rest block of `festival` in `year` (its own day may be a 调休 workday only if the
        data says so; then the block is that day alone)."""
        anchor = festivals.anchor(festival, year)
        return self.rest_block(anchor) or (anchor, anchor)

    def next_festival_block(self, festival: Festival, today: date, past: bool = False) -> tuple[date, date]:
        """The festival's block not yet over (or, with `past`, the most recent one begun)."""
        for year in (today.year - 1, today.year, today.year + 1) if not past else (today.year + 1, today.year,
                                                                                  today.year - 1):
            start, end = self.festival_block(festival, year)
            if (not past and end >= today) or (past and start <= today):
                return start, end
        raise ValueError(f"no {festival.code} near {today}")

    def next_holiday_block(self, today: date, past: bool = False) -> tuple[date, date, str]:
        """The nearest festival's rest days not yet over (with `past`: the latest begun), and its
        name: what 节前 and 节后 refer to. A plain weekend is not a holiday."""
        step = -1 if past else 1
        day = today
        for _ in range(LONGEST_SEARCH + 31):
            info = self.info(day)
            if not info.workday and info.holiday:
                start, end = self.rest_block(day)
                return start, end, info.holiday
            day += timedelta(days=step)
        raise ValueError(f"no holiday near {today}")
