"""Yearly rules on the lunar calendar and 清明 (issue #20): 每年春节前 is 正月初一 moved back to the
last workday before the 春节 rest days, as 每年国庆前 is 10月1日; the candidates come from the
festival table, the policy and the 调休 calendar do the rest.

Every expected date below was written by hand: the 2026 ones from the State Council's notice
(tests/fixtures/notices/notice_2026.txt), the 2027–2030 ones from the festival days (checked against
lunardate and `holidays` in the first test, never against our own table) and the estimate's rule (a
year not yet published rests on its statutory days and weekends only: 除夕–初三, 清明, 端午, 中秋, …).
"""

from datetime import date, timedelta

import pytest

from bangongshi.domain.calendar import Calendar, YearSchedule, package_data
from bangongshi.domain.rules import occurrences, parse_recurrence, raw_between, writes_as_rrule
from bangongshi.errors import BadInput

CALENDAR = Calendar(package_data(last_year=2026))
LAST_KNOWN = {"BANGONGSHI_LAST_OFFICIAL_YEAR": "2026"}

# The festivals' own days, 2026–2030, as almanacs print them.
SPRING = {2026: date(2026, 2, 17), 2027: date(2027, 2, 6), 2028: date(2028, 1, 26), 2029: date(2029, 2, 13),
          2030: date(2030, 2, 3)}
DRAGON_BOAT = {2026: date(2026, 6, 19), 2027: date(2027, 6, 9), 2028: date(2028, 5, 28), 2029: date(2029, 6, 16),
               2030: date(2030, 6, 5)}
MID_AUTUMN = {2026: date(2026, 9, 25), 2027: date(2027, 9, 15), 2028: date(2028, 10, 3), 2029: date(2029, 9, 22),
              2030: date(2030, 9, 12)}
QINGMING = {2026: date(2026, 4, 5), 2027: date(2027, 4, 5), 2028: date(2028, 4, 4), 2029: date(2029, 4, 4),
            2030: date(2030, 4, 5)}
LANTERN = {2026: date(2026, 3, 3), 2027: date(2027, 2, 20), 2028: date(2028, 2, 9), 2029: date(2029, 2, 27),
           2030: date(2030, 2, 17)}


def test_the_hand_written_festival_days_agree_with_lunardate_holidays_and_chinesecalendar():
    import chinese_calendar
    import holidays
    from lunardate import LunarDate

    for year in range(2026, 2031):
        assert LunarDate(year, 1, 1).to_solar_date() == SPRING[year]
        assert LunarDate(year, 5, 5).to_solar_date() == DRAGON_BOAT[year]
        assert LunarDate(year, 8, 15).to_solar_date() == MID_AUTUMN[year]
        assert LunarDate(year, 1, 15).to_solar_date() == LANTERN[year]
        assert chinese_calendar.get_solar_terms(QINGMING[year], QINGMING[year]) == [(QINGMING[year], "清明")]
        names = holidays.China(years=year)
        assert "Spring Festival" in names.get(SPRING[year])
        assert names.get(SPRING[year] - timedelta(days=1)) == "Chinese New Year's Eve"
        assert "Dragon Boat" in names.get(DRAGON_BOAT[year]) and "Mid-Autumn" in names.get(MID_AUTUMN[year])
        assert "Tomb-Sweeping" in names.get(QINGMING[year])


@pytest.mark.parametrize("phrase, rrule, policy", [
    ("每年春节前", "RSCALE=CHINESE;FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=1", "previous"),
    ("每年过年前", "RSCALE=CHINESE;FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=1", "previous"),
    ("每年春节放假前", "RSCALE=CHINESE;FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=1", "previous"),
    ("每年春节后", "RSCALE=CHINESE;FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=1", "next"),
    ("每年春节后第一个工作日", "RSCALE=CHINESE;FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=1", "next"),
    ("每年端午前", "RSCALE=CHINESE;FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=5", "previous"),
    ("每年端午节后", "RSCALE=CHINESE;FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=5", "next"),
    ("每年中秋前", "RSCALE=CHINESE;FREQ=YEARLY;BYMONTH=8;BYMONTHDAY=15", "previous"),
    ("每年清明前", "FREQ=YEARLY;X-SOLAR-TERM=QINGMING", "previous"),
    ("每年清明节后", "FREQ=YEARLY;X-SOLAR-TERM=QINGMING", "next"),
    ("每年除夕", "RSCALE=CHINESE;FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=-1", "keep"),
    ("每年除夕提前", "RSCALE=CHINESE;FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=-1", "previous"),
    ("每年元宵节", "RSCALE=CHINESE;FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=15", "keep"),
    ("每年正月十五", "RSCALE=CHINESE;FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=15", "keep"),
    ("每年小年", "RSCALE=CHINESE;FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=23", "keep"),
    ("每年腊月二十三", "RSCALE=CHINESE;FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=23", "keep"),
    ("每年腊月廿三顺延", "RSCALE=CHINESE;FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=23", "next"),
    ("每年初八", "RSCALE=CHINESE;FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=8", "keep"),
    ("每年正月初八", "RSCALE=CHINESE;FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=8", "keep"),
    ("每年腊八", "RSCALE=CHINESE;FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=8", "keep"),
    # as stored, and as `recur edit --policy` reads a stored rule again
    ("RSCALE=CHINESE;FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=1", "RSCALE=CHINESE;FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=1", "keep"),
    ("rrule:rscale=chinese;freq=yearly;bymonthday=-1;bymonth=12",
     "RSCALE=CHINESE;FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=-1", "keep"),
    ("FREQ=YEARLY;X-SOLAR-TERM=QINGMING", "FREQ=YEARLY;X-SOLAR-TERM=QINGMING", "keep"),
    # the festivals on a fixed day are still plain RRULEs
    ("每年国庆前", "FREQ=YEARLY;BYMONTH=10;BYMONTHDAY=1", "previous"),
])
def test_lunar_and_solar_term_phrases(phrase, rrule, policy):
    recurrence = parse_recurrence(phrase)
    assert (recurrence.rrule, recurrence.policy) == (rrule, policy)
    assert writes_as_rrule(recurrence.rrule) == rrule.startswith("FREQ=YEARLY;BYMONTH=")


def dates(phrase, start=date(2026, 1, 1), count=5, calendar=CALENDAR):
    return [(o.date, o.estimated) for o in occurrences(parse_recurrence(phrase), start, calendar, count)]


def test_the_last_workday_before_spring_festival_2026_to_2030():
    assert dates("每年春节前") == [
        (date(2026, 2, 14), False),  # notice: rest 02-15 to 02-23, Saturday 02-14 worked
        (date(2027, 2, 4), True),    # 除夕 02-05 is a Friday
        (date(2028, 1, 24), True),   # 除夕 01-25 is a Tuesday
        (date(2029, 2, 9), True),    # 除夕 02-12 is a Monday, after a weekend
        (date(2030, 2, 1), True),    # 除夕 02-02 is a Saturday
    ]


def test_the_first_workday_after_spring_festival_2026_to_2030():
    assert dates("每年春节后") == [
        (date(2026, 2, 24), False),  # rest through Monday 02-23
        (date(2027, 2, 9), True),    # 除夕–初三 02-05 to Monday 02-08
        (date(2028, 1, 31), True),   # 01-25 to Friday 01-28, then a weekend
        (date(2029, 2, 16), True),   # 02-12 to Thursday 02-15
        (date(2030, 2, 6), True),    # Saturday 02-02 to Tuesday 02-05
    ]


def test_before_dragon_boat_mid_autumn_and_qingming_2026_to_2030():
    assert dates("每年端午前") == [
        (date(2026, 6, 18), False),  # notice: rest 06-19 to 06-21
        (date(2027, 6, 8), True), (date(2028, 5, 26), True),  # 2028: Sunday 05-28, Friday before the weekend
        (date(2029, 6, 15), True), (date(2030, 6, 4), True),
    ]
    assert dates("每年中秋前") == [
        (date(2026, 9, 24), False),  # notice: rest 09-25 to 09-27
        (date(2027, 9, 14), True),
        (date(2028, 9, 29), True),   # 中秋 10-03 falls in 国庆 (from Sunday 10-01), so the Friday before
        (date(2029, 9, 21), True), (date(2030, 9, 11), True),
    ]
    assert dates("每年清明前") == [
        (date(2026, 4, 3), False),   # notice: rest 04-04 to 04-06
        (date(2027, 4, 2), True),    # 清明 Monday 04-05, after a weekend
        (date(2028, 4, 3), True), (date(2029, 4, 3), True), (date(2030, 4, 4), True),
    ]


def test_lunar_days_are_kept_where_they_fall_unless_told():
    eves = [SPRING[y] - timedelta(days=1) for y in range(2026, 2031)]
    assert [d for d, _ in dates("每年除夕")] == eves
    assert [d for d, _ in dates("每年元宵节")] == [LANTERN[y] for y in range(2026, 2031)]
    # 2027's 元宵 is a Saturday: 顺延 to Monday 02-22
    assert dates("每年元宵节顺延", start=date(2027, 1, 1), count=1) == [(date(2027, 2, 22), True)]


def test_the_eve_follows_the_loaded_calendar_not_a_fixed_offset():
    # A made-up 2027 arrangement (not the real one, which is not yet published): rest from Wednesday
    # 02-03, Sunday 01-31 worked. The eve is then Tuesday 02-02, and no longer an estimate.
    rest = {date(2027, 2, 3) + timedelta(days=n): "春节" for n in range(9)}
    loaded = Calendar(package_data(last_year=2026), loaded={2027: YearSchedule(2027, rest, {date(2027, 1, 31): "春节"})})
    assert dates("每年春节前", start=date(2027, 1, 1), count=1, calendar=loaded) == [(date(2027, 2, 2), False)]
    assert dates("每年春节后", start=date(2027, 1, 1), count=1, calendar=loaded) == [(date(2027, 2, 12), False)]


FESTIVAL_DAY = {"春节": lambda y: _lunar(y, 1, 1), "端午": lambda y: _lunar(y, 5, 5), "中秋": lambda y: _lunar(y, 8, 15),
                "清明": lambda y: _qingming(y)}


def _lunar(year, month, day):
    from lunardate import LunarDate

    return LunarDate(year, month, day).to_solar_date()


def _qingming(year):
    import chinese_calendar

    return chinese_calendar.get_solar_terms(date(year, 4, 1), date(year, 4, 10))[0][0]


@pytest.mark.parametrize("name", list(FESTIVAL_DAY))
def test_every_year_of_the_table_before_is_a_workday_and_rest_follows_until_the_festival(name):
    """2008–2099 (清明, 端午 and 中秋 are rest days since 2008), official and estimated years alike:
    the occurrence of 每年X前 is a workday and every day from it to the festival's own day
    (lunardate's; chinesecalendar's 清明) is a rest day; 每年X后 the same after it."""
    calendar = Calendar(package_data())
    before = occurrences(parse_recurrence(f"每年{name}前"), date(2008, 1, 1), calendar, 92)
    after = occurrences(parse_recurrence(f"每年{name}后"), date(2008, 1, 1), calendar, 92)
    assert len(before) == len(after) == 92
    for year, eve, next_day in zip(range(2008, 2100), before, after):
        festival = FESTIVAL_DAY[name](year)
        assert eve.date < festival < next_day.date, (name, year)
        assert calendar.is_workday(eve.date) and calendar.is_workday(next_day.date)
        between = [eve.date + timedelta(days=n) for n in range(1, (next_day.date - eve.date).days)]
        assert between and not any(calendar.is_workday(d) for d in between), (name, year)


@pytest.mark.parametrize("phrase, message", [
    ("每年腊月三十", "腊月有的年份只有 29 天"),
    ("每年正月三十", "正月有的年份只有 29 天"),
    ("每年初十一", "农历日子不存在"),
    ("RSCALE=CHINESE;FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=3", "农历只认得正月、腊月"),
    ("RSCALE=CHINESE;FREQ=YEARLY;BYMONTH=5L;BYMONTHDAY=5", "闰月不支持"),
    ("RSCALE=CHINESE;FREQ=MONTHLY;BYMONTHDAY=1", "RSCALE=CHINESE;FREQ=YEARLY"),
    ("RSCALE=HEBREW;FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=1", "RSCALE=CHINESE;FREQ=YEARLY"),
    ("FREQ=YEARLY;X-SOLAR-TERM=DONGZHI", "FREQ=YEARLY;X-SOLAR-TERM=QINGMING"),
])
def test_what_the_table_cannot_say_is_refused_with_why(bgs, phrase, message):
    with pytest.raises(BadInput, match=message):
        parse_recurrence(phrase)
    answer = bgs("when", phrase)
    assert answer.code == 2 and message in answer.stderr


def test_a_calendar_program_reads_only_dtstart_of_a_rule_without_rrule():
    spring_eve = parse_recurrence("每年春节前")
    assert raw_between(spring_eve, date(2027, 2, 4), date(2028, 12, 31)) == {date(2027, 2, 4)}
    national = parse_recurrence("每年国庆前")
    assert raw_between(national, date(2026, 9, 30), date(2027, 12, 31)) == {date(2026, 10, 1), date(2027, 10, 1)}


def test_bgs_when_shows_the_rule_and_its_dates(bgs):
    data = bgs.ok("when", "每年春节前", "--count", "3", "--format", "json", env=LAST_KNOWN).json()
    assert (data["kind"], data["rrule"], data["policy"]) == (
        "recurrence", "RSCALE=CHINESE;FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=1", "previous")
    assert data["occurrences"] == ["2027-02-04", "2028-01-24", "2029-02-09"]  # now is 2026-11-20
    assert data["estimated_dates"] == data["occurrences"]


def items(bgs, env):
    return bgs.ok("list", "--all", "--format", "json", env=env).json()


NEW_YEAR_SHOPPING = ("recur", "add", "年货采购", "--rule", "每年春节前", "--lead", "5")


def test_recur_add_list_and_the_agenda(bgs):
    at = {"BANGONGSHI_NOW": "2027-01-27T09:00", **LAST_KNOWN}
    bgs.ok(*NEW_YEAR_SHOPPING, env=at)
    [rule] = bgs.ok("recur", "list", "--format", "json", env=at).json()
    assert (rule["rule"], rule["rrule"], rule["policy"], rule["next"]) == (
        "每年春节前", "RSCALE=CHINESE;FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=1", "previous", "2027-02-04")
    assert "年货采购" in bgs.ok("recur", "list", env=at).stdout
    # Five workdays ahead of Thursday 02-04 is Thursday 01-28: not yet on the 27th.
    assert not [i for i in items(bgs, at) if i["title"] == "年货采购"]
    next_day = {**at, "BANGONGSHI_NOW": "2027-01-28T09:00"}
    agenda = bgs.ok("agenda", "--format", "json", env=next_day).json()
    shown = [e for s in agenda["sections"] for e in s["items"] if e["title"] == "年货采购"]
    assert len(shown) == 1
    [item] = [i for i in items(bgs, next_day) if i["title"] == "年货采购"]
    assert (item["due"], item["occurrence"], item["recurrence_id"]) == ("2027-02-04", "2027-02-04", rule["id"])
    show = bgs.ok("recur", "show", str(rule["id"]), env=next_day).stdout
    assert "2028-01-24（周一）（估计）" in show


def test_recur_edit_policy_reads_the_stored_rule_again(bgs):
    at = {"BANGONGSHI_NOW": "2027-01-04T09:00", **LAST_KNOWN}
    bgs.ok(*NEW_YEAR_SHOPPING, env=at)
    bgs.ok("recur", "edit", "1", "--policy", "next", env=at)
    [edited] = bgs.ok("recur", "list", "--format", "json", env=at).json()
    assert (edited["rule"], edited["rrule"], edited["policy"], edited["next"]) == (
        "每年春节前", "RSCALE=CHINESE;FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=1", "next", "2027-02-09")


def test_ics_export_writes_no_rrule_for_it_and_import_leaves_it_out(bgs, tmp_path):
    at = {"BANGONGSHI_NOW": "2027-01-28T09:00", **LAST_KNOWN}
    bgs.ok(*NEW_YEAR_SHOPPING, env=at)
    bgs.ok("recur", "add", "周一例会", "--rule", "每周一", env=at)
    text = bgs.ok("export", "--format", "ics", env=at).stdout
    import icalendar

    rules = {str(c["summary"]): c for c in icalendar.Calendar.from_ical(text).walk("VTODO")
             if "周期事项" in [str(each) for each in c.get("categories").cats]}
    shopping = rules["年货采购"]
    assert shopping.get("rrule") is None and "RSCALE" not in text
    # 02-04 is made (an item of its own): left out of the rule; 2028's is within the year ahead
    assert [d.dt.date() for d in shopping["exdate"].dts] == [date(2027, 2, 4)]
    assert [d.dt.date() for d in shopping["rdate"].dts] == [date(2028, 1, 24)]
    assert rules["周一例会"].get("rrule") is not None
    path = tmp_path / "all.ics"
    path.write_text(text, encoding="utf-8")
    before = len(items(bgs, at))
    bgs.ok("import", str(path), env=at)
    assert len(items(bgs, at)) == before  # the rules' components are not items
