"""The statutory festivals (法定节假日) and where each one falls in a given year.

Lunar festivals come from a shipped table (generated from the `holidays` package's lunisolar
calendar, re-checked for every year by tests/test_calendar.py); 清明 is a solar term, computed
by `chinesecalendar`. Both are exact: only the official 调休 arrangement of a year is unknown
until the State Council's notice, which is why an estimated year marks just these days as rest.
"""

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Festival:
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

# year: (春节 正月初一 month, day, 端午 month, day, 中秋 month, day)
LUNAR_DATES = {
    2004: (1, 22, 6, 22, 9, 28),
    2005: (2, 9, 6, 11, 9, 18),
    2006: (1, 29, 5, 31, 10, 6),
    2007: (2, 18, 6, 19, 9, 25),
    2008: (2, 7, 6, 8, 9, 14),
    2009: (1, 26, 5, 28, 10, 3),
    2010: (2, 14, 6, 16, 9, 22),
    2011: (2, 3, 6, 6, 9, 12),
    2012: (1, 23, 6, 23, 9, 30),
    2013: (2, 10, 6, 12, 9, 19),
    2014: (1, 31, 6, 2, 9, 8),
    2015: (2, 19, 6, 20, 9, 27),
    2016: (2, 8, 6, 9, 9, 15),
    2017: (1, 28, 5, 30, 10, 4),
    2018: (2, 16, 6, 18, 9, 24),
    2019: (2, 5, 6, 7, 9, 13),
    2020: (1, 25, 6, 25, 10, 1),
    2021: (2, 12, 6, 14, 9, 21),
    2022: (2, 1, 6, 3, 9, 10),
    2023: (1, 22, 6, 22, 9, 29),
    2024: (2, 10, 6, 10, 9, 17),
    2025: (1, 29, 5, 31, 10, 6),
    2026: (2, 17, 6, 19, 9, 25),
    2027: (2, 6, 6, 9, 9, 15),
    2028: (1, 26, 5, 28, 10, 3),
    2029: (2, 13, 6, 16, 9, 22),
    2030: (2, 3, 6, 5, 9, 12),
    2031: (1, 23, 6, 24, 10, 1),
    2032: (2, 11, 6, 12, 9, 19),
    2033: (1, 31, 6, 1, 9, 8),
    2034: (2, 19, 6, 20, 9, 27),
    2035: (2, 8, 6, 10, 9, 16),
    2036: (1, 28, 5, 30, 10, 4),
    2037: (2, 15, 6, 18, 9, 24),
    2038: (2, 4, 6, 7, 9, 13),
    2039: (1, 24, 5, 27, 10, 2),
    2040: (2, 12, 6, 14, 9, 20),
    2041: (2, 1, 6, 3, 9, 10),
    2042: (1, 22, 6, 22, 9, 28),
    2043: (2, 10, 6, 11, 9, 17),
    2044: (1, 30, 5, 31, 10, 5),
    2045: (2, 17, 6, 19, 9, 25),
    2046: (2, 6, 6, 8, 9, 15),
    2047: (1, 26, 5, 29, 10, 4),
    2048: (2, 14, 6, 15, 9, 22),
    2049: (2, 2, 6, 4, 9, 11),
    2050: (1, 23, 6, 23, 9, 30),
    2051: (2, 11, 6, 13, 9, 19),
    2052: (2, 1, 6, 1, 9, 7),
    2053: (2, 19, 6, 20, 9, 26),
    2054: (2, 8, 6, 10, 9, 16),
    2055: (1, 28, 5, 30, 10, 5),
    2056: (2, 15, 6, 17, 9, 24),
    2057: (2, 4, 6, 6, 9, 13),
    2058: (1, 24, 6, 25, 10, 2),
    2059: (2, 12, 6, 14, 9, 21),
    2060: (2, 2, 6, 3, 9, 9),
    2061: (1, 21, 6, 22, 9, 28),
    2062: (2, 9, 6, 11, 9, 17),
    2063: (1, 29, 6, 1, 10, 6),
    2064: (2, 17, 6, 19, 9, 25),
    2065: (2, 5, 6, 8, 9, 15),
    2066: (1, 26, 5, 28, 10, 3),
    2067: (2, 14, 6, 16, 9, 23),
    2068: (2, 3, 6, 4, 9, 11),
    2069: (1, 23, 6, 23, 9, 29),
    2070: (2, 11, 6, 13, 9, 19),
    2071: (1, 31, 6, 2, 9, 8),
    2072: (2, 19, 6, 20, 9, 26),
    2073: (2, 7, 6, 10, 9, 16),
    2074: (1, 27, 5, 30, 10, 5),
    2075: (2, 15, 6, 17, 9, 24),
    2076: (2, 5, 6, 6, 9, 12),
    2077: (1, 24, 6, 24, 10, 1),
    2078: (2, 12, 6, 14, 9, 20),
    2079: (2, 2, 6, 4, 9, 10),
    2080: (1, 22, 6, 22, 9, 28),
    2081: (2, 9, 6, 11, 9, 17),
    2082: (1, 29, 6, 1, 10, 6),
    2083: (2, 17, 6, 19, 9, 26),
    2084: (2, 6, 6, 7, 9, 14),
    2085: (1, 26, 5, 27, 10, 3),
    2086: (2, 14, 6, 15, 9, 22),
    2087: (2, 3, 6, 5, 9, 11),
    2088: (1, 24, 6, 23, 9, 29),
    2089: (2, 10, 6, 13, 9, 18),
    2090: (1, 30, 6, 2, 9, 8),
    2091: (2, 18, 6, 21, 9, 27),
    2092: (2, 7, 6, 9, 9, 16),
    2093: (1, 27, 5, 29, 10, 5),
    2094: (2, 15, 6, 17, 9, 24),
    2095: (2, 5, 6, 6, 9, 13),
    2096: (1, 25, 6, 24, 9, 30),
    2097: (2, 12, 6, 14, 9, 20),
    2098: (2, 1, 6, 4, 9, 9),
    2099: (1, 21, 6, 23, 9, 29),
    2100: (2, 9, 6, 12, 9, 18),}
FIRST_YEAR, LAST_YEAR = min(LUNAR_DATES), max(LUNAR_DATES)


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
