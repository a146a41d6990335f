"""Recurring phrases: RRULE plus a holiday policy, occurrences through the 调休 calendar."""

from datetime import date

import pytest

from bangongshi.domain.calendar import Calendar, package_data
from bangongshi.domain.rules import occurrences, parse_recurrence
from bangongshi.errors import BadInput

LAST_KNOWN = {"BANGONGSHI_LAST_OFFICIAL_YEAR": "2026"}
CALENDAR = Calendar(package_data(last_year=2026))


def dates_of(text, start, count, policy=None):
    rule = parse_recurrence(text, policy=policy)
    return [o.date.isoformat() for o in occurrences(rule, start, Calendar(package_data(2026)), count)]


@pytest.mark.parametrize("phrase, rrule, policy, expected, estimated", [
    ("每周一", "FREQ=WEEKLY;BYDAY=MO", "keep", ["2026-11-23", "2026-11-30", "2026-12-07"], []),
    ("每个工作日", "FREQ=DAILY", "skip", ["2026-11-20", "2026-11-23", "2026-11-24"], []),
    ("每月最后一个工作日", "FREQ=MONTHLY;BYMONTHDAY=-1", "previous", ["2026-11-30", "2026-12-31", "2027-01-29"],
     ["2027-01-29"]),
    ("每年3月1日", "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=1", "keep", ["2027-03-01", "2028-03-01", "2029-03-01"], []),
])
def test_the_spec_table_through_the_cli(bgs, phrase, rrule, policy, expected, estimated):
    data = bgs.ok("when", phrase, "--count", "3", "--format", "json", env=LAST_KNOWN).json()
    assert data["kind"] == "recurrence"
    assert (data["rrule"], data["policy"]) == (rrule, policy)
    assert data["occurrences"] == expected and data["date"] == expected[0]
    assert data["estimated_dates"] == estimated


@pytest.mark.parametrize("phrase, rrule, policy", [
    ("每天", "FREQ=DAILY", "keep"),
    ("每2个工作日", "FREQ=DAILY;INTERVAL=2", "workdays"),
    ("每周一三五", "FREQ=WEEKLY;BYDAY=MO,WE,FR", "keep"),
    ("每周一、三、五", "FREQ=WEEKLY;BYDAY=MO,WE,FR", "keep"),
    ("每星期五", "FREQ=WEEKLY;BYDAY=FR", "keep"),
    ("隔周五", "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR", "keep"),
    ("每两周", "FREQ=WEEKLY;INTERVAL=2", "keep"),
    ("每月15号", "FREQ=MONTHLY;BYMONTHDAY=15", "keep"),
    ("每月15日遇节假日顺延", "FREQ=MONTHLY;BYMONTHDAY=15", "next"),
    ("每月第一个工作日", "FREQ=MONTHLY;BYMONTHDAY=1", "next"),
    ("每月底", "FREQ=MONTHLY;BYMONTHDAY=-1", "keep"),
    ("每季度末", "FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1", "keep"),
    ("每季度最后一个工作日", "FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1", "previous"),
    ("每年年底", "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31", "keep"),
    ("FREQ=WEEKLY;BYDAY=TU", "FREQ=WEEKLY;BYDAY=TU", "keep"),
])
def test_recurring_phrases(phrase, rrule, policy):
    rule = parse_recurrence(phrase)
    assert (rule.rrule, rule.policy) == (rrule, policy)


def test_monday_meeting_moved_over_national_day_2026():
    assert dates_of("每周一", date(2026, 9, 28), 3, policy="next") == ["2026-09-28", "2026-10-08", "2026-10-12"]
    assert dates_of("每周一", date(2026, 9, 28), 3, policy="skip") == ["2026-09-28", "2026-10-12", "2026-10-19"]
    assert dates_of("每周一", date(2026, 9, 28), 2) == ["2026-09-28", "2026-10-05"]  # keep


def test_a_candidate_just_before_start_can_move_onto_it():
    assert dates_of("每周一顺延", date(2026, 10, 6), 1) == ["2026-10-08"]


def test_last_workday_of_the_month_2025_and_2026():
    found = dates_of("每月最后一个工作日", date(2025, 1, 1), 24)
    assert found[0] == "2025-01-27"  # Spring Festival
    assert found[13] == "2026-02-28"  # a 调休 Saturday, not Friday the 27th
    assert found[9] == "2025-10-31"
    assert len(found) == 24 and found == sorted(set(found))


def test_every_workday_includes_make_up_saturdays():
    assert dates_of("每个工作日", date(2026, 2, 13), 3) == ["2026-02-13", "2026-02-14", "2026-02-24"]


def test_every_second_workday_counts_workdays():
    assert dates_of("每2个工作日", date(2026, 9, 29), 3) == ["2026-09-29", "2026-10-08", "2026-10-10"]


def test_collisions_merge():
    """Saturday 10-03 and Sunday 10-04 both move back to 9-30: one occurrence. 10-10 is a 调休
    Saturday and stays; Sunday 10-11 moves back onto it and merges too."""
    assert dates_of("每周六日", date(2026, 9, 27), 3, policy="previous") == ["2026-09-30", "2026-10-10", "2026-10-16"]


@pytest.mark.parametrize("phrase", ["每周八", "每月32日", "每年2月30日", "每", "每隔", "每月的某天", "FREQ=SOMETIMES"])
def test_unreadable_rules_are_refused(bgs, phrase):
    with pytest.raises(BadInput):
        parse_recurrence(phrase)
    answer = bgs("when", phrase)
    assert answer.code == 2 and phrase in answer.stderr


def test_policy_option(bgs):
    data = bgs.ok("when", "每周一", "--policy", "next", "--format", "json",
                  env={"BANGONGSHI_NOW": "2026-10-01T09:00"}).json()
    assert data["occurrences"][0] == "2026-10-08"
    assert bgs("when", "每周一", "--policy", "sometimes").code == 2


@pytest.mark.parametrize("phrase, rrule, policy", [
    ("每年国庆前", "FREQ=YEARLY;BYMONTH=10;BYMONTHDAY=1", "previous"),
    ("每年五一前", "FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=1", "previous"),
    ("每年元旦前", "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=1", "previous"),
    ("每年国庆后", "FREQ=YEARLY;BYMONTH=10;BYMONTHDAY=1", "next"),
    ("每月最后一个周五", "FREQ=MONTHLY;BYDAY=-1FR", "keep"),
    ("每月第一个周一", "FREQ=MONTHLY;BYDAY=1MO", "keep"),
    ("每个月第一个星期一", "FREQ=MONTHLY;BYDAY=1MO", "keep"),
])
def test_festival_eves_and_nth_weekdays(phrase, rrule, policy):
    recurrence = parse_recurrence(phrase)
    assert (recurrence.rrule, recurrence.policy) == (rrule, policy)


def test_the_eve_of_national_day_is_the_last_workday_before_its_rest_days():
    found = occurrences(parse_recurrence("每年国庆前"), date(2023, 1, 1), CALENDAR, 4)
    # 2023: 中秋 and 国庆 together from 09-29; 2024–2026: from 10-01.
    assert [o.date for o in found] == [date(2023, 9, 28), date(2024, 9, 30), date(2025, 9, 30), date(2026, 9, 30)]
    firsts = occurrences(parse_recurrence("每月第一个周一"), date(2026, 9, 1), CALENDAR, 3)
    assert [o.date for o in firsts] == [date(2026, 9, 7), date(2026, 10, 5), date(2026, 11, 2)]
