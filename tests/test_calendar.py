"""The office calendar: official data, the estimate for unknown years, and workday arithmetic."""

from datetime import date, timedelta

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bangongshi.domain import festivals
from bangongshi.domain.calendar import Calendar, LocalDay, YearSchedule, package_data

CALENDAR = Calendar(package_data())


def days_of(year: int):
    day = date(year, 1, 1)
    while day.year == year:
        yield day
        day += timedelta(days=1)


@pytest.mark.parametrize("year", range(2006, 2027))
def test_every_workday_agrees_with_the_holidays_package(year):
    reference = holidays.China(years=year)
    wrong = [d for d in days_of(year) if CALENDAR.is_workday(d) != reference.is_working_day(d)]
    assert wrong == []
    assert not any(CALENDAR.info(d).estimated for d in days_of(year))


def test_the_package_lookup_is_get_holiday_detail_without_its_per_call_cost(monkeypatch):
    """package_data reads chinesecalendar's tables: its get_holiday_detail checks the year against every
    holiday on each call, 20 µs a day over the three years the agenda counts (issue #19). The answer
    is the same for every day of every year the package knows."""
    import chinese_calendar
    from chinese_calendar.constants import holidays as table

    expected = {}
    for year in range(min(table).year, max(table).year + 1):
        for day in days_of(year):
            rest, name = chinese_calendar.get_holiday_detail(day)
            expected[day] = rest, festivals.OFFICIAL_NAMES.get(name) if name else None

    def refused(day):
        raise AssertionError("the calendar called get_holiday_detail")

    monkeypatch.setattr(chinese_calendar, "get_holiday_detail", refused)
    lookup = package_data().lookup
    assert {day: lookup(day) for day in expected} == expected


@pytest.mark.parametrize("day, workday, reason, holiday", [
    (date(2026, 1, 1), False, "元旦", "元旦"),
    (date(2026, 1, 4), True, "调休上班", "元旦"),
    (date(2026, 2, 14), True, "调休上班", "春节"),
    (date(2026, 2, 23), False, "春节", "春节"),
    (date(2026, 10, 7), False, "国庆节", "国庆节"),
    (date(2026, 10, 10), True, "调休上班", "国庆节"),
    (date(2026, 11, 21), False, "周末", None),
    (date(2026, 11, 20), True, "工作日", None),
])
def test_why_a_day_is_what_it_is(day, workday, reason, holiday):
    info = CALENDAR.info(day)
    assert (info.workday, info.reason, info.holiday, info.estimated) == (workday, reason, holiday, False)


def test_next_and_previous_workday_around_the_2026_holidays():
    assert CALENDAR.next_workday(date(2026, 9, 30)) == date(2026, 10, 8)
    assert CALENDAR.next_workday(date(2026, 2, 13)) == date(2026, 2, 14)  # a 调休 Saturday
    assert CALENDAR.next_workday(date(2026, 11, 20)) == date(2026, 11, 23)
    assert CALENDAR.previous_workday(date(2026, 10, 8)) == date(2026, 9, 30)
    assert CALENDAR.add_workdays(date(2026, 9, 29), 3) == date(2026, 10, 9)
    assert CALENDAR.add_workdays(date(2026, 10, 9), -2) == date(2026, 9, 30)
    assert CALENDAR.rest_block(date(2026, 10, 3)) == (date(2026, 10, 1), date(2026, 10, 7))
    assert CALENDAR.rest_block(date(2026, 10, 10)) is None
    assert CALENDAR.festival_block(festivals.BY_NAME["春节"], 2026) == (date(2026, 2, 15), date(2026, 2, 23))


def test_lunar_table_agrees_with_the_lunisolar_calendar_every_year():
    from holidays.calendars.chinese import _ChineseLunisolar

    lunar = _ChineseLunisolar()
    for year, (sm, sd, dm, dd, mm, md, *_) in festivals.LUNAR_DATES.items():
        assert date(year, sm, sd) == lunar.lunar_new_year_date(year)[0], year
        assert date(year, dm, dd) == lunar.dragon_boat_date(year)[0], year
        assert date(year, mm, md) == lunar.mid_autumn_date(year)[0], year


def test_lunar_month_lengths_agree_with_lunardate_every_year():
    """腊月 (before each 春节) and 正月 lengths, which 除夕, 腊月二十三 and 正月 days rest on, checked
    against a second lunar calendar (the `holidays` package has no month lengths)."""
    from lunardate import LunarDate

    for year in festivals.LUNAR_DATES:
        if year > 2099:  # lunardate's last lunar year
            continue
        eve = festivals.lunar_day(year, 12, -1)
        last = LunarDate.from_solar_date(eve.year, eve.month, eve.day)
        assert (last.year, last.month, last.is_leap_month) == (year - 1, 12, False), year
        assert festivals.LUNAR_DATES[year][6] == last.day, year
        first_month_end = festivals.lunar_day(year, 1, -1)
        ending = LunarDate.from_solar_date(first_month_end.year, first_month_end.month, first_month_end.day)
        assert (ending.month, ending.day) == (1, festivals.LUNAR_DATES[year][7]), year
        following = first_month_end + timedelta(days=1)
        assert LunarDate.from_solar_date(following.year, following.month, following.day).day == 1, year
        assert festivals.lunar_day(year, 12, 23) == LunarDate(year - 1, 12, 23).to_solar_date(), year
        assert festivals.lunar_day(year, 1, 15) == LunarDate(year, 1, 15).to_solar_date(), year


@pytest.mark.parametrize("year", range(2004, 2101))
def test_lunar_words_agree_with_the_holidays_package(year):
    """除夕 is the day before 春节 and 初八 a week after it, every year of the table."""
    from holidays.calendars.chinese import _ChineseLunisolar

    new_year = _ChineseLunisolar().lunar_new_year_date(year)[0]
    assert festivals.lunar_day(year, 12, -1) == new_year - timedelta(days=1)
    assert festivals.lunar_day(year, 1, 8) == new_year + timedelta(days=7)
    assert festivals.lunar_day(year, 1, 15) == new_year + timedelta(days=14)
    with pytest.raises(ValueError):
        festivals.lunar_day(year, 12, festivals.LUNAR_DATES[year][6] + 1)


@pytest.mark.parametrize("year", [2025, 2026])
def test_statutory_days_are_rest_days_in_the_official_data(year):
    """Under the 2024 rules (除夕 and 5月2日 added), every statutory day is a rest day."""
    for day, festival in festivals.statutory_days(year).items():
        info = CALENDAR.info(day)
        assert not info.workday, (day, festival.label)


def test_an_unknown_year_is_estimated_from_the_statutory_days():
    """The test decides which year is the last known one; nothing rests on the package's age."""
    calendar = Calendar(package_data(last_year=2025))
    assert not calendar.knows(2026) and calendar.knows(2025)
    national = calendar.info(date(2026, 10, 2))
    assert (national.workday, national.holiday, national.estimated, national.source) == (False, "国庆节", True, "estimate")
    assert calendar.info(date(2026, 2, 16)).holiday == "春节"  # 除夕 2026
    assert calendar.info(date(2026, 6, 19)).holiday == "端午节"
    assert calendar.info(date(2026, 4, 5)).holiday == "清明节"
    # The estimate knows no 调休: 2026-10-10 is a Saturday, so a rest day.
    assert calendar.info(date(2026, 10, 10)).workday is False
    assert calendar.estimated_years == {2026}
    assert calendar.info(date(2025, 10, 2)).estimated is False


def test_precedence_local_then_loaded_then_package():
    loaded = YearSchedule(2026, rest={date(2026, 11, 23): "示例假日"}, work={date(2026, 11, 22): "示例调休"})
    local = {date(2026, 11, 23): LocalDay(date(2026, 11, 23), True, "值班")}
    calendar = Calendar(package_data(), {2026: loaded}, local)
    assert calendar.info(date(2026, 11, 23)).reason == "值班"
    assert calendar.info(date(2026, 11, 23)).workday is True
    assert calendar.info(date(2026, 11, 22)).reason == "调休上班"
    # A loaded year replaces the package's whole year: 国庆 2026 is not in this schedule.
    assert calendar.info(date(2026, 10, 5)).workday is True


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(2006, 1, 1), max_value=date(2030, 12, 1)))
def test_next_workday_is_a_workday_and_nothing_between_is(day):
    following = CALENDAR.next_workday(day)
    assert following > day and CALENDAR.is_workday(following)
    assert not any(CALENDAR.is_workday(day + timedelta(days=n)) for n in range(1, (following - day).days))
    earlier = CALENDAR.previous_workday(day)
    assert earlier < day and CALENDAR.is_workday(earlier)
    assert not any(CALENDAR.is_workday(day - timedelta(days=n)) for n in range(1, (day - earlier).days))


@settings(max_examples=100, deadline=None)
@given(st.dates(min_value=date(2006, 1, 1), max_value=date(2030, 1, 1)), st.integers(0, 40), st.integers(0, 40))
def test_n_workdays_after_is_monotonic_and_counts_back(day, a, b):
    low, high = sorted((a, b))
    assert CALENDAR.add_workdays(day, low) <= CALENDAR.add_workdays(day, high)
    assert CALENDAR.workdays_between(day, CALENDAR.add_workdays(day, high)) == high
