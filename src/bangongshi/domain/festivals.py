"""The statutory festivals (法定节假日) and where each one falls in a given year.

Lunar festivals come from a shipped table (generated from the `holidays` package's lunisolar
calendar, re-checked for every year by tests/test_calendar.py); 清明 is a solar term, computed
by `chinesecalendar`. The table also holds how long 腊月 (before each 春节) and 正月 are, which
is all the lunar calendar that office words need (除夕, 腊月二十三, 初八, 正月十五): no lunar
library, so no import cost on the `bgs add` path (lunardate, the cross-check in the tests, costs
~13 ms to import). Both are exact: only the official 调休 arrangement of a year is unknown
until the State Council's notice, which is why an estimated year marks just these days as rest.
"""

from datetime import date, timedelta

from bangongshi.model.record import Record


class Festival(Record):
    code: str
    label: str
    aliases: tuple[str, ...]
    # How many statutory rest days (全体公民放假的节日, as amended in 2024).
    days: int


FESTIVALS = (
    Festival("new_year", "元旦", ("元旦节", "新年"), 1),
    Festival("spring", "春节", ("过年", "春节假期", "大年初一"), 4),
    Festival("qingming", "清明节", ("清明",), 1),
    Festival("labour", "劳动节", ("五一", "五一劳动节", "劳动节假期"), 2),
    Festival("dragon_boat", "端午节", ("端午",), 1),
    Festival("mid_autumn", "中秋节", ("中秋",), 1),
    Festival("national", "国庆节", ("国庆", "十一", "国庆假期"), 3),
)
BY_CODE = {f.code: f for f in FESTIVALS}
BY_NAME = {name: f for f in FESTIVALS for name in (f.label, *f.aliases)}

# chinesecalendar's English names, to our codes.
OFFICIAL_NAMES = {
    "New Year's Day": "new_year", "Spring Festival": "spring", "Tomb-sweeping Day": "qingming",
    "Labour Day": "labour", "Dragon Boat Festival": "dragon_boat", "Mid-autumn Festival": "mid_autumn",
    "National Day": "national", "Anti-Fascist 70th Day": None,
}

# year: (春节 正月初一 month, day, 端午 month, day, 中秋 month, day, days in the 腊月 before 春节, days in 正月)
LUNAR_DATES = {
    2004: (1, 22, 6, 22, 9, 28, 30, 29),
    2005: (2, 9, 6, 11, 9, 18, 30, 29),
    2006: (1, 29, 5, 31, 10, 6, 29, 30),
    2007: (2, 18, 6, 19, 9, 25, 30, 29),
    2008: (2, 7, 6, 8, 9, 14, 30, 30),
    2009: (1, 26, 5, 28, 10, 3, 30, 30),
    2010: (2, 14, 6, 16, 9, 22, 30, 30),
    2011: (2, 3, 6, 6, 9, 12, 30, 30),
    2012: (1, 23, 6, 23, 9, 30, 29, 30),
    2013: (2, 10, 6, 12, 9, 19, 29, 30),
    2014: (1, 31, 6, 2, 9, 8, 30, 29),
    2015: (2, 19, 6, 20, 9, 27, 30, 29),
    2016: (2, 8, 6, 9, 9, 15, 29, 30),
    2017: (1, 28, 5, 30, 10, 4, 30, 29),
    2018: (2, 16, 6, 18, 9, 24, 30, 29),
    2019: (2, 5, 6, 7, 9, 13, 30, 30),
    2020: (1, 25, 6, 25, 10, 1, 30, 29),
    2021: (2, 12, 6, 14, 9, 21, 30, 29),
    2022: (2, 1, 6, 3, 9, 10, 29, 30),
    2023: (1, 22, 6, 22, 9, 29, 30, 29),
    2024: (2, 10, 6, 10, 9, 17, 30, 29),
    2025: (1, 29, 5, 31, 10, 6, 29, 30),
    2026: (2, 17, 6, 19, 9, 25, 29, 30),
    2027: (2, 6, 6, 9, 9, 15, 29, 30),
    2028: (1, 26, 5, 28, 10, 3, 29, 30),
    2029: (2, 13, 6, 16, 9, 22, 29, 30),
    2030: (2, 3, 6, 5, 9, 12, 30, 29),
    2031: (1, 23, 6, 24, 10, 1, 29, 29),
    2032: (2, 11, 6, 12, 9, 19, 29, 30),
    2033: (1, 31, 6, 1, 9, 8, 30, 29),
    2034: (2, 19, 6, 20, 9, 27, 30, 29),
    2035: (2, 8, 6, 10, 9, 16, 30, 30),
    2036: (1, 28, 5, 30, 10, 4, 30, 30),
    2037: (2, 15, 6, 18, 9, 24, 30, 30),
    2038: (2, 4, 6, 7, 9, 13, 30, 30),
    2039: (1, 24, 5, 27, 10, 2, 29, 30),
    2040: (2, 12, 6, 14, 9, 20, 29, 30),
    2041: (2, 1, 6, 3, 9, 10, 29, 29),
    2042: (1, 22, 6, 22, 9, 28, 30, 29),
    2043: (2, 10, 6, 11, 9, 17, 30, 29),
    2044: (1, 30, 5, 31, 10, 5, 30, 30),
    2045: (2, 17, 6, 19, 9, 25, 30, 30),
    2046: (2, 6, 6, 8, 9, 15, 30, 30),
    2047: (1, 26, 5, 29, 10, 4, 30, 30),
    2048: (2, 14, 6, 15, 9, 22, 30, 29),
    2049: (2, 2, 6, 4, 9, 11, 29, 30),
    2050: (1, 23, 6, 23, 9, 30, 29, 29),
    2051: (2, 11, 6, 13, 9, 19, 29, 30),
    2052: (2, 1, 6, 1, 9, 7, 30, 29),
    2053: (2, 19, 6, 20, 9, 26, 30, 29),
    2054: (2, 8, 6, 10, 9, 16, 30, 29),
    2055: (1, 28, 5, 30, 10, 5, 30, 29),
    2056: (2, 15, 6, 17, 9, 24, 29, 30),
    2057: (2, 4, 6, 6, 9, 13, 30, 29),
    2058: (1, 24, 6, 25, 10, 2, 29, 30),
    2059: (2, 12, 6, 14, 9, 21, 29, 30),
    2060: (2, 2, 6, 3, 9, 9, 29, 30),
    2061: (1, 21, 6, 22, 9, 28, 29, 30),
    2062: (2, 9, 6, 11, 9, 17, 29, 30),
    2063: (1, 29, 6, 1, 10, 6, 29, 30),
    2064: (2, 17, 6, 19, 9, 25, 30, 30),
    2065: (2, 5, 6, 8, 9, 15, 29, 30),
    2066: (1, 26, 5, 28, 10, 3, 30, 29),
    2067: (2, 14, 6, 16, 9, 23, 30, 29),
    2068: (2, 3, 6, 4, 9, 11, 29, 30),
    2069: (1, 23, 6, 23, 9, 29, 30, 29),
    2070: (2, 11, 6, 13, 9, 19, 30, 29),
    2071: (1, 31, 6, 2, 9, 8, 30, 30),
    2072: (2, 19, 6, 20, 9, 26, 30, 30),
    2073: (2, 7, 6, 10, 9, 16, 30, 30),
    2074: (1, 27, 5, 30, 10, 5, 29, 30),
    2075: (2, 15, 6, 17, 9, 24, 29, 30),
    2076: (2, 5, 6, 6, 9, 12, 30, 29),
    2077: (1, 24, 6, 24, 10, 1, 29, 30),
    2078: (2, 12, 6, 14, 9, 20, 29, 30),
    2079: (2, 2, 6, 4, 9, 10, 30, 29),
    2080: (1, 22, 6, 22, 9, 28, 30, 30),
    2081: (2, 9, 6, 11, 9, 17, 30, 29),
    2082: (1, 29, 6, 1, 10, 6, 30, 29),
    2083: (2, 17, 6, 19, 9, 26, 30, 29),
    2084: (2, 6, 6, 7, 9, 14, 29, 30),
    2085: (1, 26, 5, 27, 10, 3, 30, 29),
    2086: (2, 14, 6, 15, 9, 22, 30, 29),
    2087: (2, 3, 6, 5, 9, 11, 29, 30),
    2088: (1, 24, 6, 23, 9, 29, 30, 29),
    2089: (2, 10, 6, 13, 9, 18, 29, 30),
    2090: (1, 30, 6, 2, 9, 8, 29, 30),
    2091: (2, 18, 6, 21, 9, 27, 29, 30),
    2092: (2, 7, 6, 9, 9, 16, 29, 30),
    2093: (1, 27, 5, 29, 10, 5, 29, 29),
    2094: (2, 15, 6, 17, 9, 24, 29, 29),
    2095: (2, 5, 6, 6, 9, 13, 30, 29),
    2096: (1, 25, 6, 24, 9, 30, 29, 30),
    2097: (2, 12, 6, 14, 9, 20, 30, 30),
    2098: (2, 1, 6, 4, 9, 9, 30, 30),
    2099: (1, 21, 6, 23, 9, 29, 30, 30),
    2100: (2, 9, 6, 12, 9, 18, 30, 30),
}
FIRST_YEAR, LAST_YEAR = min(LUNAR_DATES), max(LUNAR_DATES)

# Lunar days offices name, as (lunar month, day): month 12 is the 腊月 before that year's 春节,
# month 1 is 正月; day -1 is the last day of the month (除夕 is 腊月廿九 in a short 腊月).
LUNAR_DAYS = {
    "除夕": (12, -1), "大年三十": (12, -1), "年三十": (12, -1), "大年夜": (12, -1),
    "小年": (12, 23), "腊八": (12, 8), "腊八节": (12, 8),
    "元宵节": (1, 15), "元宵": (1, 15), "正月十五": (1, 15),
}
LUNAR_MONTHS = {"腊月": 12, "正月": 1}


def qingming(year: int) -> date:
    import chinese_calendar

    terms = chinese_calendar.get_solar_terms(date(year, 4, 1), date(year, 4, 10))
    return next(day for day, name in terms if name == "清明")


def anchor(festival: Festival, year: int) -> date:
    """The festival's own day (for 春节: 正月初一) in `year`."""
    if festival.code == "new_year":
        return date(year, 1, 1)
    if festival.code == "labour":
        return date(year, 5, 1)
    if festival.code == "national":
        return date(year, 10, 1)
    if festival.code == "qingming":
        return qingming(year)
    if year not in LUNAR_DATES:
        raise ValueError(f"no lunar dates for {year}")
    months_days = LUNAR_DATES[year]
    index = {"spring": 0, "dragon_boat": 2, "mid_autumn": 4}[festival.code]
    return date(year, months_days[index], months_days[index + 1])


def lunar_day(year: int, month: int, day: int) -> date:
    """A day of 腊月 (month 12, the one ending just before `year`'s 春节) or of 正月 (month 1) of
    `year`'s 春节; `day` -1 is the month's last day. ValueError when that month has no such day."""
    if year not in LUNAR_DATES:
        raise ValueError(f"no lunar dates for {year}")
    new_year = anchor(BY_CODE["spring"], year)
    last_month_days, first_month_days = LUNAR_DATES[year][6:8]
    length = last_month_days if month == 12 else first_month_days
    if day == -1:
        day = length
    if month not in (1, 12) or not 1 <= day <= length:
        raise ValueError(f"lunar month {month} of {year} has no day {day}")
    if month == 1:
        return new_year + timedelta(days=day - 1)
    return new_year - timedelta(days=length - day + 1)


def chinese_day(month: int, day: int, spring_year: int) -> date:
    """A day named as RFC 7529's RSCALE=CHINESE does (lunar month, day of month; -1 the month's
    last), in the lunar year around `spring_year`'s 春节: month 12 is the 腊月 just before it. The
    table gives exactly: any day of 正月 and 腊月, 端午 (5, 5) and 中秋 (8, 15); ValueError for
    any other day, or a 30th in a year whose month has 29 days."""
    if (month, day) == (5, 5):
        return anchor(BY_CODE["dragon_boat"], spring_year)
    if (month, day) == (8, 15):
        return anchor(BY_CODE["mid_autumn"], spring_year)
    return lunar_day(spring_year, month, day)


def statutory_days(year: int) -> dict[date, Festival]:
    """The statutory rest days of `year`: 元旦, 春节 除夕–初三, 清明, 劳动节 ×2, 端午, 中秋, 国庆 ×3."""
    days: dict[date, Festival] = {}
    for festival in FESTIVALS:
        first = anchor(festival, year)
        if festival.code == "spring":
            first -= timedelta(days=1)  # 除夕
        for offset in range(festival.days):
            days[first + timedelta(days=offset)] = festival
    return days
