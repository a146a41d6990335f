"""Date phrases as offices write them, over seven reference moments of 2026 (the eves of 春节,
劳动节, 端午, 国庆 and 元旦, a plain Monday, the first Monday after 元旦).

Every expected value was written by hand from the official 2026 schedule (国务院办公厅关于2026年
部分节假日安排的通知, tests/fixtures/notices/notice_2026.txt) and, for 2027, from the statutory
days alone (2027 is cut from the package here, so it stays an estimate), with a printed calendar and
the lunar facts: 除夕 2026-02-16, 初一 02-17, 正月十五 03-03, 腊月二十三 02-10, 腊八 01-26;
除夕 2027-02-05, 初一 02-06, 初八 02-13, 正月十五 02-20, 腊月二十三 01-30; 端午 2026-06-19,
2027-06-09; 中秋 2026-09-25, 2027-09-15. None was produced by running the parser.

Rules the table follows (docs/calendar.md): the day of the phrase is not counted (3个工作日内 from
a Monday is the Thursday); …内 and …前 are deadlines; work hours 08:30–17:30, lunch 12:00–13:30.
"""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bangongshi.clock import office_zone
from bangongshi.domain import dates, phrase_times, phrases
from bangongshi.domain.calendar import Calendar, package_data
from bangongshi.errors import BadInput

CALENDAR = Calendar(package_data(last_year=2026))

# reference moment: [(phrase, day, time, deadline)]; a day "MM-DD" is in 2026.
TABLE = {
    # The eve of 春节: 2026-02-14 is a Saturday worked (调休); rest 02-15 – 02-23; 02-28 worked.
    "2026-02-14T10:00": [
        ("今天", "02-14", None, False), ("明天", "02-15", None, False),
        ("3个工作日内", "02-26", None, True), ("5个工作日内", "02-28", None, True),
        ("6个工作日内", "03-02", None, True), ("十天内", "02-24", None, True), ("一周内", "02-21", None, True),
        ("48小时内", "02-16", "10:00", True), ("节后", "02-24", None, False), ("节前", "02-14", None, True),
        ("年前", "02-14", None, True), ("年后", "02-24", None, False), ("春节前", "02-14", None, True),
        ("春节放假前", "02-14", None, True), ("春节后", "02-24", None, False),
        ("春节后第一个工作日", "02-24", None, False), ("春节", "02-15", None, False),
        ("大年初一", "02-17", None, False), ("除夕", "02-16", None, False), ("初八", "02-24", None, False),
        ("初七", "02-23", None, False), ("正月初十", "02-26", None, False), ("正月十五", "03-03", None, False),
        ("正月十五前", "03-03", None, True), ("元宵节前", "03-03", None, True), ("元宵", "03-03", None, False),
        ("腊月二十三", "2027-01-30", None, False), ("小年", "2027-01-30", None, False),
        ("腊月二十九", "02-16", None, False), ("春节后一周", "02-24", None, False),
        ("春节前3个工作日", "02-12", None, False), ("春节后2个工作日", "02-25", None, False),
        ("今天下班前", "02-14", "17:30", True), ("本月最后一个工作日", "02-28", None, False),
        ("下月第一个工作日", "03-02", None, False), ("本周最后一个工作日", "02-14", None, False),
        ("下周第一个工作日", "02-24", None, False), ("本周末", "02-15", None, False), ("月底", "02-28", None, False),
        ("下旬", "02-28", None, False), ("中旬", "02-20", None, False), ("上旬", "03-10", None, False),
        ("下个月底", "03-31", None, False), ("3月底", "03-31", None, False), ("2.24", "02-24", None, False),
        ("2-28", "02-28", None, False), ("2月24日（周二）前", "02-24", None, True),
        ("3月2日(周一)", "03-02", None, False), ("二〇二六年二月二十四日", "02-24", None, False),
        ("明早", "02-15", "08:30", False), ("下午三点", "02-14", "15:00", False), ("两点半", "02-14", "14:30", False),
        ("周一上班前", "02-16", "08:30", True), ("2月24日上班前", "02-24", "08:30", True),
        ("3天后", "02-17", None, False), ("下个工作日", "02-24", None, False), ("五一前", "04-30", None, True),
        ("清明前", "04-03", None, True),
    ],
    # The eve of 劳动节: rest 05-01 – 05-05, 05-09 (Saturday) worked.
    "2026-04-30T16:00": [
        ("今天", "04-30", None, False), ("3个工作日内", "05-08", None, True), ("三个工作日内", "05-08", None, True),
        ("4个工作日内", "05-09", None, True), ("5个工作日内", "05-11", None, True),
        ("两个工作日内", "05-07", None, True), ("十天内", "05-10", None, True), ("三天之内", "05-03", None, True),
        ("一周内", "05-07", None, True), ("两周内", "05-14", None, True), ("48小时内", "05-02", "16:00", True),
        ("半小时内", "04-30", "16:30", True), ("节前", "04-30", None, True), ("节后", "05-06", None, False),
        ("五一前", "04-30", None, True), ("五一后", "05-06", None, False),
        ("劳动节后第一个工作日", "05-06", None, False), ("劳动节前两天", "04-29", None, False),
        ("五一后3个工作日", "05-08", None, False), ("今天下班前", "04-30", "17:30", True),
        ("下班前", "04-30", "17:30", True), ("节后第一个工作日", "05-06", None, False),
        ("本月最后一个工作日", "04-30", None, False), ("下月第一个工作日", "05-06", None, False),
        ("下个月最后一个工作日", "05-29", None, False), ("本周最后一个工作日", "04-30", None, False),
        ("下周第一个工作日", "05-06", None, False), ("下周最后一个工作日", "05-09", None, False),
        ("本周末", "05-03", None, False), ("下周末", "05-10", None, False), ("月底", "04-30", None, False),
        ("5月底", "05-31", None, False), ("下个月底", "05-31", None, False), ("下旬", "04-30", None, False),
        ("上旬", "05-10", None, False), ("中旬", "05-20", None, False), ("下月中", "05-15", None, False),
        ("端午前", "06-18", None, True), ("端午前两天", "06-17", None, False), ("5.6", "05-06", None, False),
        ("5-8", "05-08", None, False), ("5月9日（周六）前", "05-09", None, True),
        ("5月9日(周五)", "05-09", None, False), ("二〇二六年五月六日", "05-06", None, False),
        ("下午三点", "05-01", "15:00", False), ("明天上午9点", "05-01", "09:00", False),
        ("下周一上班前", "05-04", "08:30", True), ("周五下班前", "05-01", "17:30", True),
        ("下周三", "05-06", None, False), ("3天后", "05-03", None, False), ("一个月后", "05-30", None, False),
        ("一个半月后", "06-14", None, False), ("半个月后", "05-15", None, False),
        ("下个工作日", "05-06", None, False), ("国庆前", "09-30", None, True), ("中秋前", "09-24", None, True),
    ],
    # The eve of 端午: rest 06-19 – 06-21.
    "2026-06-18T09:00": [
        ("今天", "06-18", None, False), ("3个工作日内", "06-24", None, True), ("5个工作日内", "06-26", None, True),
        ("十天内", "06-28", None, True), ("一周内", "06-25", None, True), ("72小时内", "06-21", "09:00", True),
        ("节前", "06-18", None, True), ("节后", "06-22", None, False), ("端午前", "06-18", None, True),
        ("端午节后", "06-22", None, False), ("端午后第一个工作日", "06-22", None, False),
        ("端午前两天", "06-17", None, False), ("端午后一周", "06-26", None, False),
        ("中秋前", "09-24", None, True), ("中秋后一周", "10-02", None, False), ("中秋后", "09-28", None, False),
        ("国庆前", "09-30", None, True), ("本周最后一个工作日", "06-18", None, False),
        ("下周第一个工作日", "06-22", None, False), ("本月最后一个工作日", "06-30", None, False),
        ("下月第一个工作日", "07-01", None, False), ("本周末", "06-21", None, False), ("下周末", "06-28", None, False),
        ("月底", "06-30", None, False), ("下旬", "06-30", None, False), ("中旬", "06-20", None, False),
        ("上旬", "07-10", None, False), ("下月中", "07-15", None, False), ("7月上旬", "07-10", None, False),
        ("6.30", "06-30", None, False), ("7-1", "07-01", None, False), ("6月22日（周一）前", "06-22", None, True),
        ("今天上午8点前", "06-18", "08:00", True), ("今天上午10点前", "06-18", "10:00", True),
        ("今天下班前", "06-18", "17:30", True), ("下午上班前", "06-18", "13:30", True),
        ("午休前", "06-18", "12:00", True), ("明天中午", "06-19", "12:00", False),
        ("下周一上班前", "06-22", "08:30", True), ("3天后", "06-21", None, False),
        ("3个工作日后", "06-24", None, False), ("一个月后", "07-18", None, False),
        ("下个工作日", "06-22", None, False), ("年底", "12-31", None, False), ("本季度末", "06-30", None, False),
        ("下季度初", "07-01", None, False), ("下季度第一个工作日", "07-01", None, False),
    ],
    # The eve of 国庆: rest 10-01 – 10-07, 10-10 (Saturday) worked; 中秋 09-25 – 09-27 is over.
    "2026-09-30T10:00": [
        ("今天", "09-30", None, False), ("明天", "10-01", None, False), ("3个工作日内", "10-10", None, True),
        ("5个工作日内", "10-13", None, True), ("1个工作日内", "10-08", None, True), ("十天内", "10-10", None, True),
        ("一周内", "10-07", None, True), ("24小时内", "10-01", "10:00", True), ("节后", "10-08", None, False),
        ("节前", "09-30", None, True), ("节后第一个工作日", "10-08", None, False), ("国庆前", "09-30", None, True),
        ("国庆后", "10-08", None, False), ("国庆后第一个工作日", "10-08", None, False),
        ("十一前", "09-30", None, True), ("十一后", "10-08", None, False),
        ("国庆节后3个工作日", "10-10", None, False), ("国庆前3个工作日", "09-28", None, False),
        ("中秋后一周", "2027-09-22", None, False), ("中秋前", "2027-09-14", None, True),
        ("今天下班前", "09-30", "17:30", True), ("下班前", "09-30", "17:30", True),
        ("本月最后一个工作日", "09-30", None, False), ("下月第一个工作日", "10-08", None, False),
        ("下个月最后一个工作日", "10-30", None, False), ("本周最后一个工作日", "09-30", None, False),
        ("下周第一个工作日", "10-08", None, False), ("下周最后一个工作日", "10-10", None, False),
        ("本周末", "10-04", None, False), ("下周末", "10-11", None, False), ("月底", "09-30", None, False),
        ("下个月底", "10-31", None, False), ("10月底", "10-31", None, False), ("上旬", "10-10", None, False),
        ("下旬", "09-30", None, False), ("下月上旬", "10-10", None, False), ("下月中旬", "10-20", None, False),
        ("本月内", "09-30", None, True), ("10.8", "10-08", None, False), ("10-9", "10-09", None, False),
        ("10月8日（周四）前", "10-08", None, True), ("10月10日(周六)", "10-10", None, False),
        ("二〇二六年十月八日", "10-08", None, False), ("明天上午", "10-01", "12:00", False),
        ("明早9点", "10-01", "09:00", False), ("下午三点", "09-30", "15:00", False),
        ("两点半", "09-30", "14:30", False), ("周四下班前", "10-01", "17:30", True),
        ("10月10日上班前", "10-10", "08:30", True), ("3天后", "10-03", None, False),
        ("下个工作日", "10-08", None, False), ("元旦前", "12-31", None, True), ("年前", "2027-02-04", None, True),
        ("除夕", "2027-02-05", None, False), ("腊月二十三", "2027-01-30", None, False),
    ],
    # A plain Monday; 元旦 2027 (01-01 – 01-03) and 春节 2027 (除夕 02-05 – 初三 02-08) are estimates.
    "2026-11-30T08:30": [
        ("今天", "11-30", None, False), ("明天", "12-01", None, False), ("后天", "12-02", None, False),
        ("大后天", "12-03", None, False), ("3个工作日内", "12-03", None, True), ("三个工作日内", "12-03", None, True),
        ("5个工作日之内", "12-07", None, True), ("十天内", "12-10", None, True), ("三天之内", "12-03", None, True),
        ("一周内", "12-07", None, True), ("48小时内", "12-02", "08:30", True), ("2小时内", "11-30", "10:30", True),
        ("本月最后一个工作日", "11-30", None, False), ("下月第一个工作日", "12-01", None, False),
        ("下个月最后一个工作日", "12-31", None, False), ("本周最后一个工作日", "12-04", None, False),
        ("下周第一个工作日", "12-07", None, False), ("节后", "2027-01-04", None, False),
        ("节前", "12-31", None, True), ("今天下班前", "11-30", "17:30", True), ("周五下班前", "12-04", "17:30", True),
        ("下周一上班前", "12-07", "08:30", True), ("明早", "12-01", "08:30", False),
        ("明天中午", "12-01", "12:00", False), ("11月底", "11-30", None, False), ("2月底", "2027-02-28", None, False),
        ("明年1月底", "2027-01-31", None, False), ("月底", "11-30", None, False), ("下个月底", "12-31", None, False),
        ("上旬", "12-10", None, False), ("中旬", "12-20", None, False), ("下旬", "11-30", None, False),
        ("下月中", "12-15", None, False), ("一个半月后", "2027-01-14", None, False), ("本周末", "12-06", None, False),
        ("下周末", "12-13", None, False), ("11.30", "11-30", None, False), ("12.1", "12-01", None, False),
        ("11-30", "11-30", None, False), ("2026.12.1", "12-01", None, False),
        ("11月30日（周一）前", "11-30", None, True), ("12月1日(周二)", "12-01", None, False),
        ("二〇二六年十二月三日", "12-03", None, False), ("二○二六年十二月三日", "12-03", None, False),
        ("除夕", "2027-02-05", None, False), ("初八", "2027-02-13", None, False),
        ("正月十五前", "2027-02-20", None, True), ("元宵节前", "2027-02-20", None, True),
        ("腊月二十三", "2027-01-30", None, False), ("年前", "2027-02-04", None, True),
        ("年后", "2027-02-09", None, False), ("春节放假前", "2027-02-04", None, True),
        ("端午前两天", "2027-06-07", None, False), ("中秋后一周", "2027-09-22", None, False),
        ("两点半", "11-30", "14:30", False), ("下午三点", "11-30", "15:00", False),
        ("明天下午三点", "12-01", "15:00", False), ("下周三下午3点", "12-09", "15:00", False),
        ("12月1日前", "12-01", None, True), ("25号", "12-25", None, False), ("3天后", "12-03", None, False),
        ("3个工作日后", "12-03", None, False), ("下个工作日", "12-01", None, False), ("元旦前", "12-31", None, True),
        ("国庆前", "2027-09-30", None, True), ("春节后第一个工作日", "2027-02-09", None, False),
        ("本周内", "12-04", None, True), ("本月内", "11-30", None, True), ("年内", "12-31", None, True),
        ("下周五", "12-11", None, False), ("周五", "12-04", None, False), ("明年3月1日", "2027-03-01", None, False),
    ],
    # The first Monday after 元旦 (01-01 – 01-03; 01-04, a Sunday, was worked).
    "2026-01-05T09:00": [
        ("今天", "01-05", None, False), ("3个工作日内", "01-08", None, True), ("5个工作日内", "01-12", None, True),
        ("十天内", "01-15", None, True), ("一个月内", "02-05", None, True), ("节前", "02-14", None, True),
        ("节后", "02-24", None, False), ("年前", "02-14", None, True), ("年后", "02-24", None, False),
        ("除夕", "02-16", None, False), ("小年", "02-10", None, False), ("腊月二十三", "02-10", None, False),
        ("腊八", "01-26", None, False), ("初八", "02-24", None, False), ("正月十五", "03-03", None, False),
        ("元宵节前", "03-03", None, True), ("春节前", "02-14", None, True), ("春节放假前", "02-14", None, True),
        ("元旦后", "2027-01-04", None, False), ("清明前", "04-03", None, True), ("五一前", "04-30", None, True),
        ("本周末", "01-11", None, False), ("本月最后一个工作日", "01-30", None, False),
        ("下月第一个工作日", "02-02", None, False), ("本周最后一个工作日", "01-09", None, False),
        ("月底", "01-31", None, False), ("2月底", "02-28", None, False), ("下旬", "01-31", None, False),
        ("上旬", "01-10", None, False), ("中旬", "01-20", None, False), ("下月中", "02-15", None, False),
        ("本季度末", "03-31", None, False), ("1.20", "01-20", None, False), ("1月20日（周二）前", "01-20", None, True),
        ("12.31", "12-31", None, False), ("二〇二六年一月二十日", "01-20", None, False), ("上周五", "01-02", None, False),
        ("本周一", "01-05", None, False), ("下周一", "01-12", None, False), ("今天下班前", "01-05", "17:30", True),
        ("明早9点", "01-06", "09:00", False), ("两点半", "01-05", "14:30", False),
        ("一个半月后", "02-20", None, False), ("两周后", "01-19", None, False), ("半年后", "07-05", None, False),
    ],
    # The eve of 元旦 2027, a year not loaded: 01-01 – 01-03 estimated rest, 01-04 the first workday.
    "2026-12-31T15:00": [
        ("今天", "12-31", None, False), ("3个工作日内", "2027-01-06", None, True), ("节后", "2027-01-04", None, False),
        ("节前", "12-31", None, True), ("元旦前", "12-31", None, True), ("元旦后", "2027-01-04", None, False),
        ("下周一", "2027-01-04", None, False), ("下月第一个工作日", "2027-01-04", None, False),
        ("明年1月底", "2027-01-31", None, False), ("1月底", "2027-01-31", None, False),
        ("下个月底", "2027-01-31", None, False), ("今天下班前", "12-31", "17:30", True),
        ("下班前", "12-31", "17:30", True), ("两点半", "2027-01-01", "14:30", False), ("年底", "12-31", None, False),
        ("明年年底", "2027-12-31", None, False), ("本季度末", "12-31", None, False),
        ("下季度第一个工作日", "2027-01-04", None, False), ("年前", "2027-02-04", None, True),
        ("除夕", "2027-02-05", None, False), ("小年", "2027-01-30", None, False), ("1.4", "2027-01-04", None, False),
        ("12.31", "12-31", None, False), ("24小时内", "2027-01-01", "15:00", True),
    ],
}
ROWS = [(now, *row) for now, rows in TABLE.items() for row in rows]


def moment(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=office_zone())


def test_the_table_is_large_enough():
    assert len(ROWS) >= 300 and len(TABLE) >= 6


@pytest.mark.parametrize("now, phrase, day, time, deadline", ROWS, ids=[f"{r[0][:10]}-{r[1]}" for r in ROWS])
def test_phrase(now, phrase, day, time, deadline):
    spec = dates.parse_date(phrase, moment(now), CALENDAR)
    expected = dt.date.fromisoformat(day if len(day) == 10 else f"2026-{day}")
    assert spec.date == expected
    assert (spec.time.strftime("%H:%M") if spec.time else None) == time
    assert spec.deadline is deadline


@pytest.mark.parametrize("family", [*phrases.DATE_FAMILIES, *phrases.SHIFTS, *phrase_times.TIME_FAMILIES],
                         ids=lambda f: f.name)
def test_every_family_example_is_read_and_a_convention_says_so(family):
    """Adding a family is one entry in domain/phrases.py: its examples are checked here."""
    for example in family.examples:
        spec = dates.parse_date(example, moment("2026-11-30T08:30"), CALENDAR)
        if family.approximate:
            assert spec.approximate and spec.reading, example


# --- never before now, unless the phrase names a past day and says so ------------------------------

FUTURE_PIECES = ["今天", "明天", "后天", "下周一", "周五", "下周末", "本周末", "月底", "下个月底", "下旬", "上旬",
                 "下月中", "节前", "节后", "年前", "年后", "除夕", "初八", "正月十五", "腊月二十三", "元旦前",
                 "国庆前", "春节后", "端午前", "中秋后一周", "3个工作日内", "十天内", "48小时内", "一周内", "2小时后",
                 "本月最后一个工作日", "下月第一个工作日", "11月底", "12.1", "3月1日", "25号"]
TIME_PIECES = ["", "下班前", "上班前", "下午三点", "两点半", "上午9点", "中午", "前"]


@settings(max_examples=300, deadline=None)
@given(st.datetimes(min_value=dt.datetime(2026, 1, 1), max_value=dt.datetime(2026, 12, 31, 23, 59)),
       st.sampled_from(FUTURE_PIECES), st.sampled_from(TIME_PIECES))
def test_a_deadline_is_never_before_now_unless_said(now, day_word, time_word):
    now = now.replace(tzinfo=office_zone(), second=0, microsecond=0)
    try:
        spec = dates.parse_date(day_word + time_word, now, CALENDAR)
    except BadInput:
        return
    when = dt.datetime.combine(spec.date, spec.time or dt.time(23, 59), tzinfo=now.tzinfo)
    assert when >= now or any("已经过去" in w for w in spec.warnings), (day_word + time_word, now, spec)
