"""Date phrases the way people say them (shared/spec/dates.md), through `bgs when`.

Reference: now = 2026-11-20 10:00, a Friday; 2027 is not loaded (the test cuts the package's
data at 2026 through BANGONGSHI_LAST_OFFICIAL_YEAR, so this holds the day the package learns 2027).
"""

from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bangongshi.clock import office_zone
from bangongshi.domain import dates
from bangongshi.domain.calendar import Calendar, package_data
from bangongshi.errors import BadInput

LAST_KNOWN = {"BANGONGSHI_LAST_OFFICIAL_YEAR": "2026"}

TABLE = [
    # phrase, date, time, deadline, rest_day, estimated
    ("今天", "2026-11-20", None, False, False, False),
    ("明天", "2026-11-21", None, False, True, False),
    ("后天", "2026-11-22", None, False, True, False),
    ("大后天", "2026-11-23", None, False, False, False),
    ("昨天", "2026-11-19", None, False, False, False),
    ("下周一", "2026-11-23", None, False, False, False),
    ("本周五", "2026-11-20", None, False, False, False),
    ("这周五", "2026-11-20", None, False, False, False),
    ("周五", "2026-11-20", None, False, False, False),
    ("周五前", "2026-11-20", None, True, False, False),
    ("下周三下午3点", "2026-11-25", "15:00", False, False, False),
    ("明早9点", "2026-11-21", "09:00", False, True, False),
    ("明天下午三点半", "2026-11-21", "15:30", False, True, False),
    ("月底", "2026-11-30", None, False, False, False),
    ("下月3号", "2026-12-03", None, False, False, False),
    ("下个月底", "2026-12-31", None, False, False, False),
    ("3天后", "2026-11-23", None, False, False, False),
    ("三天后", "2026-11-23", None, False, False, False),
    ("两周后", "2026-12-04", None, False, False, False),
    ("11月25日", "2026-11-25", None, False, False, False),
    ("12月1日前", "2026-12-01", None, True, False, False),
    ("25号", "2026-11-25", None, False, False, False),
    ("2026-12-01", "2026-12-01", None, False, False, False),
    ("12/1", "2026-12-01", None, False, False, False),
    ("下个工作日", "2026-11-23", None, False, False, False),
    ("年底", "2026-12-31", None, False, False, False),
    ("本季度末", "2026-12-31", None, False, False, False),
    ("3点", "2026-11-20", "15:00", False, False, False),
    ("元旦前", "2026-12-31", None, True, False, True),
    # More of the grammar.
    ("星期三", "2026-11-25", None, False, False, False),
    ("礼拜一", "2026-11-23", None, False, False, False),
    ("下个星期一上午10点", "2026-11-23", "10:00", False, False, False),
    ("下下周一", "2026-11-30", None, False, False, False),
    ("上周五", "2026-11-13", None, False, False, False),
    ("截止12月1日", "2026-12-01", None, True, False, False),
    ("12月1日之前", "2026-12-01", None, True, False, False),
    ("二十五号", "2026-11-25", None, False, False, False),
    ("3月1日", "2027-03-01", None, False, False, True),  # the day's status: 2027 estimated
    ("明年3月1日", "2027-03-01", None, False, False, True),  # the day's status: 2027 estimated
    ("2026年12月1日下午3点", "2026-12-01", "15:00", False, False, False),
    ("3个工作日后", "2026-11-25", None, False, False, False),
    ("一个月后", "2026-12-20", None, False, True, False),
    ("月初", "2026-11-01", None, False, True, False),
    ("下月初", "2026-12-01", None, False, False, False),
    ("今晚8点", "2026-11-20", "20:00", False, False, False),
    ("中午12点", "2026-11-20", "12:00", False, False, False),
    ("晚上7点一刻", "2026-11-20", "19:15", False, False, False),
    ("下午三点三刻", "2026-11-20", "15:45", False, False, False),
    ("15:30", "2026-11-20", "15:30", False, False, False),
    ("１２月１日", "2026-12-01", None, False, False, False),
    ("明年年底", "2027-12-31", None, False, False, True),  # the day's status: 2027 estimated
    ("十一前", "2027-09-30", None, True, False, True),
    ("五一前", "2027-04-30", None, True, False, True),
    ("国庆后第一个工作日", "2027-10-04", None, False, False, True),
]


@pytest.mark.parametrize("phrase, day, time, deadline, rest_day, estimated", TABLE, ids=[t[0] for t in TABLE])
def test_phrase_table(bgs, phrase, day, time, deadline, rest_day, estimated):
    answer = bgs.ok("when", phrase, "--format", "json", env=LAST_KNOWN)
    data = answer.json()
    assert (data["date"], data["time"], data["deadline"]) == (day, time, deadline)
    assert data["rest_day"] is rest_day
    assert data["estimated"] is estimated
    assert data["kind"] == ("datetime" if time else "date")
    assert data["input"] == phrase
    if estimated:
        assert "2027年的放假安排尚未载入" in answer.stderr and "bgs cal import-notice" in answer.stderr


def test_a_rest_day_is_shown_with_a_warning_never_moved(bgs):
    answer = bgs.ok("when", "明天", env=LAST_KNOWN)
    assert "2026-11-21（周六）" in answer.stdout
    assert "11月21日（周六）是休息日（周末）" in answer.stderr


def test_a_bare_early_hour_is_the_afternoon_with_a_note(bgs):
    answer = bgs.ok("when", "3点", env=LAST_KNOWN)
    assert "15:00" in answer.stdout
    assert "「3点」按下午 15:00 理解" in answer.stderr


def test_this_week_already_past_warns(bgs):
    answer = bgs.ok("when", "本周一", "--format", "json", env=LAST_KNOWN)
    assert answer.json()["date"] == "2026-11-16"
    assert "本周一（11月16日）已经过去" in answer.stderr


def test_strict_refuses_an_estimate(bgs):
    bgs.add("已有的事项")
    before = bgs.snapshot()
    answer = bgs("when", "国庆后第一个工作日", "--strict", env=LAST_KNOWN)
    assert answer.code == 2
    assert "2027年放假安排" in answer.stderr and "--strict" in answer.stderr
    assert bgs("--strict", "add", "x", "--due", "元旦前", env=LAST_KNOWN).code == 2
    assert bgs.snapshot() == before


def test_a_holiday_phrase_on_a_known_year_is_not_estimated(bgs):
    data = bgs.ok("when", "国庆后第一个工作日", "--format", "json", env={"BANGONGSHI_NOW": "2026-09-01T09:00"}).json()
    assert (data["date"], data["estimated"]) == ("2026-10-08", False)
    data = bgs.ok("when", "春节前", "--format", "json", env={"BANGONGSHI_NOW": "2026-01-10T09:00"}).json()
    assert (data["date"], data["deadline"]) == ("2026-02-14", True)  # the 调休 Saturday


@pytest.mark.parametrize("phrase, past_date", [
    ("11月25日", "2025-11-25"), ("3月1日", "2026-03-01"), ("周三", "2026-11-18"), ("25号", "2026-10-25"),
    ("周五", "2026-11-20"),
])
def test_past_options_resolve_to_the_most_recent_past(bgs, phrase, past_date):
    assert bgs.ok("when", phrase, "--past", "--format", "json", env=LAST_KNOWN).json()["date"] == past_date


@pytest.mark.parametrize("phrase, words", [
    ("2月30日", "不是真实存在的日期"), ("25点", "钟点「25」不存在"), ("周八", "无法识别"), ("13月", "无法识别"),
    ("下午25点", "不存在"), ("11月31日", "不是真实存在的日期"), ("明天后天", "无法识别"), ("不是日期zz", "无法识别"),
    ("十一", "无法识别"), ("3点61分", "分钟「61」不存在"),
])
def test_impossible_or_unreadable_phrases_are_refused(bgs, phrase, words):
    answer = bgs("when", phrase)
    assert answer.code == 2
    assert f"「{phrase}」" in answer.stderr and words in answer.stderr
    if words == "无法识别":
        assert "明天下午三点、下周五前、2026-12-01" in answer.stderr


def test_add_takes_phrases_and_says_when_a_deadline_is_a_rest_day(bgs):
    item = bgs.ok("add", "起草通知", "--due", "下周三下午3点", "--at", "明天上午9点", "--format", "json").json()
    assert (item["due"], item["due_time"], item["at"]) == ("2026-11-25", "15:00", "2026-11-21T09:00:00+08:00")
    listed = bgs.ok("list", "--due-before", "下周五", "--format", "json").json()
    assert [i["title"] for i in listed] == ["起草通知"]
    rest = bgs.ok("add", "值班", "--due", "明天")
    assert "注意：11月21日（周六）是休息日（周末）" in rest.stderr


NOW = datetime(2026, 11, 20, 10, 0, tzinfo=office_zone())
CALENDAR = Calendar(package_data())
PIECES = ["今天", "明天", "下", "周", "三", "月", "底", "前", "后", "号", "日", "点", "半", "上午", "下午", "十", "2",
          "12", "/", ":", "-", "年", "工作日", "个", "国庆", "春节", "天", "初", "季度", "截止", " ", "x", "〇"]


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=20), st.lists(st.sampled_from(PIECES), max_size=6).map("".join)))
def test_the_parser_never_raises_anything_but_bad_input(text):
    try:
        spec = dates.parse_date(text, NOW, CALENDAR)
    except BadInput as error:
        assert error.message
    else:
        assert spec.date.year >= 1900


def test_a_day_to_look_at_gets_no_rest_day_warning_but_keeps_the_estimate_notice(bgs):
    agenda = bgs.ok("agenda", "明天", env=LAST_KNOWN)
    assert "是休息日" not in agenda.stderr and "休息日（周末）" in agenda.stdout
    marked = bgs.ok("cal", "local", "add", "2027-01-09", "--work", "--name", "值班", env=LAST_KNOWN)
    assert "是休息日" not in marked.stderr
    assert "2027年的放假安排尚未载入" in bgs.ok("week", "2027-01-09", env=LAST_KNOWN).stderr


def test_a_half_hour_hint_says_the_half_hour(bgs):
    answer = bgs.ok("when", "两点半", "--format", "json", env=LAST_KNOWN)
    assert answer.json()["time"] == "14:30"
    assert "「两点半」按下午 14:30 理解；上午请写「上午2点半」" in answer.stderr


def test_a_deadline_already_past_is_said(bgs):
    answer = bgs.ok("when", "今天上午9点前", env={**LAST_KNOWN, "BANGONGSHI_NOW": "2026-11-20T10:00"})
    assert "日期「今天上午9点前」是 11月20日 09:00，已经过去" in answer.stderr
    assert "已经过去" not in bgs.ok("when", "今天下午5点前", env=LAST_KNOWN).stderr


def test_when_says_how_a_phrase_was_read_and_strict_refuses_a_convention(bgs):
    answer = bgs.ok("when", "3个工作日内", env=LAST_KNOWN)
    assert "截止   2026-11-25（周三）" in answer.stdout
    assert "依据   今天（11月20日）之后的第3个工作日，按调休日历，当天不计入" in answer.stdout
    data = bgs.ok("when", "下旬", "--format", "json", env=LAST_KNOWN).json()
    assert (data["date"], data["approximate"]) == ("2026-11-30", True) and "下旬" in data["reading"]
    refused = bgs("when", "下旬", "--strict", env=LAST_KNOWN)
    assert refused.code == 2 and "--strict 下不作估计" in refused.stderr and "2026-11-30" in refused.stderr
    assert bgs("when", "3个工作日内", "--strict", env=LAST_KNOWN).code == 0


def test_one_rule_for_an_estimated_year_table_json_and_strict(bgs):
    for phrase in ("2027-02-08", "2027年3月1日"):
        table = bgs.ok("when", phrase, env=LAST_KNOWN)
        assert " 估计" in table.stdout
        assert bgs.ok("when", phrase, "--format", "json", env=LAST_KNOWN).json()["estimated"] is True
        assert bgs("when", phrase, "--strict", env=LAST_KNOWN).code == 2
    assert bgs.ok("when", "2026-12-01", "--format", "json", env=LAST_KNOWN).json()["estimated"] is False


def test_add_echoes_how_the_due_was_read_and_points_at_a_time_left_in_the_title(bgs):
    added = bgs.ok("add", "报送材料", "--due", "3个工作日内")
    assert "截止日期「3个工作日内」理解为 2026-11-25（周三，截止）：今天（11月20日）之后的第3个工作日" in added.stderr
    split = bgs.ok("add", "开会", "--due", "明天", "下午三点")
    assert "标题最后的「下午三点」像是时间或日期" in split.stderr
    assert '--due "明天 下午三点"' in split.stderr
    assert "像是时间" not in bgs.ok("add", "学习 文件", "--due", "明天").stderr
    edited = bgs.ok("edit", "1", "--due", "周五下班前")
    assert "截止日期「周五下班前」理解为 2026-11-20（周五，截止） 17:30" in edited.stderr


def test_a_part_of_the_day_keeps_a_time_or_says_it_dropped_it(bgs):
    noon = bgs.ok("when", "明天中午", "--format", "json", env=LAST_KNOWN)
    assert noon.json()["time"] == "12:00"
    evening = bgs.ok("when", "明天晚上", "--format", "json", env=LAST_KNOWN)
    assert evening.json()["time"] is None and "「晚上」没有具体钟点，只记了日期" in evening.stderr
    assert bgs("add", "开会", "--at", "明天上午").code == 2  # an appointment needs a clock time


def test_the_weekday_written_after_a_date_is_checked(bgs):
    wrong = bgs.ok("when", "11月30日（周二）前", env=LAST_KNOWN)
    assert "11月30日是周一，不是写的周二，请核对日期" in wrong.stderr
    assert "请核对" not in bgs.ok("when", "11月30日（周一）前", env=LAST_KNOWN).stderr


def test_no_phrase_family_reads_nothing():
    """The reader tries no family once the whole text is read: that is exact only while no family
    matches the empty text (a `bgs add --due 12月5日` then compiles neither a shift nor a time)."""
    from bangongshi.domain import phrase_times, phrases

    for family in (*phrases.DATE_FAMILIES, *phrases.SHIFTS, *phrase_times.TIME_FAMILIES):
        assert family.compiled.match("") is None, family.name


def test_a_plain_date_compiles_only_what_it_reads():
    """Each pattern costs a capture its compilation (issue #19): 12月5日 needs no rewrite (星期, 号,
    之前…) and no time family; 下个星期五之前 needs its rewrites, and reads as before."""
    import subprocess
    import sys

    probe = """
import re, sys
from datetime import datetime
from bangongshi.domain import dates, phrase_times
from bangongshi.domain.calendar import Calendar, package_data
calendar = Calendar(package_data())
spec = dates.parse_date(sys.argv[1], datetime(2026, 11, 20, 10), calendar)
patterns = [getattr(entry[-2], "pattern", entry[-2]) for entry in dates._REWRITES]
rewrites = [pattern for pattern in patterns if any(pattern in key for key in re._cache)]
from bangongshi.domain import phrases
times = [f.name for f in phrase_times.TIME_FAMILIES if f.pattern in phrases._COMPILED]
print(spec.date.isoformat(), spec.deadline, len(rewrites), len(times))
"""
    def run(text):
        done = subprocess.run([sys.executable, "-c", probe, text], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout.split()

    assert run("12月5日") == ["2026-12-05", "False", "0", "0"]
    day, deadline, rewrites, _ = run("下个星期五之前")
    assert (day, deadline) == ("2026-11-27", "True") and int(rewrites) >= 3


def test_a_family_is_skipped_only_where_it_could_not_match():
    """Family.needs/digit let a phrase skip a family without compiling it (issue #19): a family may be
    skipped only where its pattern cannot match, which is checked here on every example and on
    phrases made of the characters the families use."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from bangongshi.domain import phrase_times, phrases

    families = [f for f in (*phrases.DATE_FAMILIES, *phrases.SHIFTS, *phrase_times.TIME_FAMILIES) if f.needs or f.digit]
    assert len(families) == 8
    for family in families:
        for example in family.examples:
            assert family.may_match(example), (family.name, example)
    alphabet = sorted(set("".join(e for f in families for e in f.examples)) | set("0123456789年月日周末工作天早晚下本上的第一个最后"))

    @settings(max_examples=2000)
    @given(st.sampled_from(families), st.text(alphabet=alphabet, max_size=12),
           st.sampled_from([e for f in families for e in f.examples]), st.text(alphabet=alphabet, max_size=4))
    def check(family, text, example, tail):
        for phrase in (text, example + tail, tail + example):
            if family.compiled.match(phrase):
                assert family.may_match(phrase), (family.name, phrase)

    check()
