"""Parsers of what people type: durations, Chinese numerals, ids, ISO dates."""

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bangongshi.cli.options import parse_ids
from bangongshi.clock import office_zone
from bangongshi.domain import dates
from bangongshi.domain.calendar import Calendar, package_data
from bangongshi.domain.durations import format_minutes, parse_minutes
from bangongshi.domain.numerals import to_int
from bangongshi.errors import BadInput

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=office_zone())
CALENDAR = Calendar(package_data())


@pytest.mark.parametrize("text, minutes", [
    ("30", 30), ("30m", 30), ("30min", 30), ("30分钟", 30), ("2h", 120), ("2H", 120), ("1.5h", 90),
    ("1h30m", 90), ("1h30", 90), ("1小时30分", 90), ("2小时", 120), ("两小时", 120), ("三个小时", 180),
    ("半小时", 30), ("半天", 240), ("1天", 480), ("一天", 480), ("0.5天", 240), ("1.5 h", 90),
    ("十五分钟", 15), ("2个工作日", 960),
])
def test_durations(text, minutes):
    assert parse_minutes(text, "预计用时") == minutes


@pytest.mark.parametrize("text", ["abc", "", "h", "2x", "1h abc", "-5", "0", "30天零1分", "31天", "1h2h3"])
def test_bad_durations(text):
    with pytest.raises(BadInput):
        parse_minutes(text, "预计用时")


@given(st.integers(min_value=1, max_value=30 * 480))
def test_formatted_minutes_read_back(minutes):
    assert parse_minutes(format_minutes(minutes), "时长") == minutes


@given(st.text(max_size=30))
def test_duration_parser_only_ever_raises_bad_input(text):
    try:
        assert parse_minutes(text, "时长") > 0
    except BadInput:
        pass


@pytest.mark.parametrize("text, value", [
    ("三", 3), ("十", 10), ("十五", 15), ("二十", 20), ("二十三", 23), ("廿三", 23), ("卅一", 31),
    ("两", 2), ("〇", 0), ("一百零五", 105), ("二〇二六", 2026), ("12", 12),
])
def test_chinese_numerals(text, value):
    assert to_int(text) == value


@pytest.mark.parametrize("text", ["", "十十", "三十五六", "abc", "廿十"])
def test_not_numerals(text):
    assert to_int(text) is None


@given(st.integers(min_value=0, max_value=99))
def test_numerals_round_trip(n):
    digits = "〇一二三四五六七八九"
    tens, ones = divmod(n, 10)
    spoken = (digits[tens] if tens > 1 else "") + ("十" if tens else "") + (digits[ones] if ones or not tens else "")
    assert to_int(spoken) == n


@pytest.mark.parametrize("values, ids", [
    (["12"], [12]), (["#12"], [12]), (["12,13"], [12, 13]), (["12，13、14"], [12, 13, 14]), (["1", "2"], [1, 2]),
])
def test_ids(values, ids):
    assert parse_ids(values) == ids


@pytest.mark.parametrize("values", [["abc"], ["0"], ["-1"], [","], ["1.5"]])
def test_bad_ids(values):
    with pytest.raises(BadInput):
        parse_ids(values)


@given(st.lists(st.integers(min_value=1, max_value=10**9 - 1), min_size=1, max_size=5))
def test_ids_round_trip(numbers):
    assert parse_ids([",".join(str(n) for n in numbers)]) == numbers


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31)), st.booleans())
def test_iso_dates_round_trip(day, with_time):
    text = day.isoformat() + (" 09:05" if with_time else "")
    spec = dates.parse_date(text, NOW, CALENDAR)
    assert spec.date == day
    assert (spec.time is not None) == with_time


@given(st.text(max_size=40))
def test_date_parser_only_ever_raises_bad_input(text):
    try:
        dates.parse_date(text, NOW, CALENDAR)
    except BadInput:
        pass


def test_item_uuids_are_version_4_as_the_standard_library_reads_them():
    import uuid

    from bangongshi.model.ids import new_uuid as _uuid4

    for _ in range(500):
        text = _uuid4()
        parsed = uuid.UUID(text)
        assert str(parsed) == text and parsed.version == 4 and parsed.variant == uuid.RFC_4122
