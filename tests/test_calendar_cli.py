"""`bgs cal`: loading the State Council's notice, YAML files, local days, the month view."""

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
LAST_KNOWN_2025 = {"BANGONGSHI_LAST_OFFICIAL_YEAR": "2025"}


def workdays(bgs, month, env=None):
    days = bgs.ok("cal", month, "--format", "json", env=env).json()
    return {d["date"]: d for d in days}


def test_a_loaded_notice_replaces_the_estimate(bgs):
    before = workdays(bgs, "2026-10", LAST_KNOWN_2025)
    assert before["2026-10-10"]["workday"] is False and before["2026-10-10"]["estimated"] is True
    result = bgs.ok("cal", "import-notice", str(FIXTURES / "notices" / "notice_2026.txt"), env=LAST_KNOWN_2025)
    assert "2026 年：放假 33 天，调休上班 6 天" in result.stderr
    after = workdays(bgs, "2026-10", LAST_KNOWN_2025)
    assert after["2026-10-10"] == {
        "date": "2026-10-10", "weekday": 6, "workday": True, "rest_day": False, "reason": "调休上班",
        "holiday": "国庆节", "adjusted": True, "estimated": False, "source": "loaded", "today": False,
    }
    assert after["2026-10-08"]["workday"] is True
    assert bgs.ok("cal", "years", "--format", "json", env=LAST_KNOWN_2025).json()[-1]["source"] == "notice"
    bgs.ok("undo")
    assert workdays(bgs, "2026-10", LAST_KNOWN_2025)["2026-10-10"]["estimated"] is True


@pytest.mark.parametrize("year", [2025, 2026])
def test_both_published_notices_agree_with_chinesecalendar_on_every_day(bgs, year):
    import datetime

    import chinese_calendar

    bgs.ok("cal", "import-notice", str(FIXTURES / "notices" / f"notice_{year}.txt"), env={"BANGONGSHI_LAST_OFFICIAL_YEAR": "2004"})
    for month in range(1, 13):
        for day, info in workdays(bgs, f"{year}-{month:02d}", {"BANGONGSHI_LAST_OFFICIAL_YEAR": "2004"}).items():
            assert info["source"] == "loaded"
            assert info["workday"] == chinese_calendar.is_workday(datetime.date.fromisoformat(day)), day


def test_notice_from_standard_input_with_half_width_punctuation(bgs):
    text = (FIXTURES / "notices" / "notice_2026.txt").read_text(encoding="utf-8")
    text = text.replace("：", ":").replace("（", "(").replace("）", ")").replace("，", ",")
    bgs.ok("cal", "import-notice", "-", input=text, env=LAST_KNOWN_2025)
    assert workdays(bgs, "2026-02", LAST_KNOWN_2025)["2026-02-14"]["workday"] is True


@pytest.mark.parametrize("text, words", [
    ("这不是通知", "找不到年份"),
    ("2027年部分节假日安排\n一、元旦：放假。", "第 2 行"),
    ("2027年部分节假日安排\n一、元旦：1月1日至3日放假，1月4日上班。", "同时说了放假和上班"),
    ("2027年部分节假日安排\n一、元旦：1月3日至1日放假。", "颠倒"),
    ("2027年部分节假日安排\n一、元旦：2月30日放假。", "不是真实存在的日期"),
    ("关于2027年部分节假日安排的通知", "没有找到放假安排"),
])
def test_a_bad_notice_is_refused_and_nothing_is_stored(bgs, text, words):
    bgs.add("已有")
    before = bgs.snapshot()
    result = bgs("cal", "import-notice", "-", input=text)
    assert result.code == 2 and words in result.stderr
    assert bgs.snapshot() == before


def test_yaml_round_trip_and_the_shipped_example(bgs, tmp_path):
    example = Path(__file__).parents[1] / "examples" / "calendar.yaml"
    bgs.ok("cal", "load", str(example), env=LAST_KNOWN_2025)
    local = bgs.ok("cal", "local", "list", "--format", "json").json()
    assert {"date": "2026-12-31", "workday": False, "name": "单位年休"} in local
    exported = bgs.ok("cal", "export", env=LAST_KNOWN_2025).stdout
    copy = tmp_path / "copy.yaml"
    copy.write_text(exported, encoding="utf-8")
    other = type(bgs)(tmp_path / "other")
    other.ok("cal", "load", str(copy), env=LAST_KNOWN_2025)
    for month in ("2026-01", "2026-02", "2026-10", "2026-12"):
        assert workdays(other, month, LAST_KNOWN_2025) == workdays(bgs, month, LAST_KNOWN_2025)


def test_exporting_a_package_year_gives_a_file_that_loads_back_the_same(bgs, tmp_path):
    exported = tmp_path / "2026.yaml"
    bgs.ok("cal", "export", "2026", "-o", str(exported))
    other = type(bgs)(tmp_path / "other")
    other.ok("cal", "load", str(exported), env=LAST_KNOWN_2025)
    for month in range(1, 13):
        ours = workdays(other, f"2026-{month:02d}", LAST_KNOWN_2025)
        package = workdays(bgs, f"2026-{month:02d}")
        assert {d: i["workday"] for d, i in ours.items()} == {d: i["workday"] for d, i in package.items()}


@pytest.mark.parametrize("text, words", [
    ("years: [1, 2", "第 1 行不是有效的 YAML"),
    ("years:\n  2027:\n    元旦: {rest: 2027-13-01}\n", "第 3 行：「2027-13-01」不是 YYYY-MM-DD"),
    ("years:\n  2027:\n    元旦: {rest: 2026-01-01}\n", "第 3 行：2026-01-01 不在 2027 年内"),
    ("years:\n  2027:\n    元旦: {holiday: 2027-01-01}\n", "第 3 行：「元旦」下只能有 rest"),
    ("months: {}\n", "不认识的键「months」"),
    ("local:\n  2027-01-09: {duty: 值班}\n", "第 2 行：本单位的特殊日"),
    ("", "空文件"),
])
def test_a_malformed_calendar_file_names_the_line(bgs, tmp_path, text, words):
    bgs.add("已有")
    before = bgs.snapshot()
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    result = bgs("cal", "load", str(bad))
    assert result.code == 2 and words in result.stderr, result.stderr
    assert bgs.snapshot() == before


def test_local_days_come_first_and_undo_covers_them(bgs):
    bgs.ok("cal", "local", "add", "2026-11-23", "--name", "单位年休")
    bgs.ok("cal", "local", "add", "下周六", "--work", "--name", "值班")
    assert bgs.ok("when", "下个工作日", "--format", "json").json()["date"] == "2026-11-24"
    days = workdays(bgs, "2026-11")
    assert (days["2026-11-28"]["workday"], days["2026-11-28"]["reason"], days["2026-11-28"]["source"]) == (
        True, "值班", "local")
    bgs.ok("cal", "local", "remove", "2026-11-23")
    assert bgs.ok("when", "下个工作日", "--format", "json").json()["date"] == "2026-11-23"
    bgs.ok("undo")
    assert bgs.ok("when", "下个工作日", "--format", "json").json()["date"] == "2026-11-24"
    assert bgs("cal", "local", "remove", "2026-11-25").code == 2


def test_month_view_marks_rest_days_make_up_days_and_today(bgs):
    out = bgs.ok("cal", "2026-10").stdout
    assert "2026年10月" in out and "1休" in out and "10班" in out
    assert "10月1日–7日 国庆节 放假" in out and "10月10日（周六）调休上班（国庆节）" in out
    today = bgs.ok("cal").stdout
    assert "[20]" in today
    assert bgs("cal", "2026-13").code == 2


def test_december_reminds_once_a_week_when_next_year_is_not_loaded(bgs):
    """Issue #21: once a day (on every first run of every day of December) was too often; once a week,
    and `bgs doctor` reports it whenever it runs."""
    december = {"BANGONGSHI_NOW": "2026-12-01T09:00", **{"BANGONGSHI_LAST_OFFICIAL_YEAR": "2026"}}
    first = bgs.ok("list", env=december)
    assert "提醒：2027年的放假安排还没有载入" in first.stderr
    assert "提醒" not in bgs.ok("list", env=december).stderr
    for day in ("02", "07"):
        later = {**december, "BANGONGSHI_NOW": f"2026-12-{day}T09:00"}
        assert "提醒" not in bgs.ok("list", env=later).stderr
        doctor = bgs("doctor", "--format", "json", env=later).json()
        assert "2027年的放假安排还没有载入，明年的工作日只是估计" in [f["problem"] for f in doctor["findings"]]
    a_week_on = {**december, "BANGONGSHI_NOW": "2026-12-08T09:00"}
    assert "提醒：2027年的放假安排还没有载入" in bgs.ok("list", env=a_week_on).stderr
    november = {**december, "BANGONGSHI_NOW": "2026-11-30T09:00"}
    assert "提醒" not in bgs.ok("list", env=november).stderr


def test_month_format_before_or_after_the_month_and_csv(bgs):
    before = bgs.ok("cal", "--format", "json", "2026-10").json()
    assert before == bgs.ok("cal", "2026-10", "--format", "json").json()
    assert before[0]["date"] == "2026-10-01" and len(before) == 31
    assert bgs.ok("cal", "-f", "json", "2026-10").json() == before
    csv = bgs.ok("cal", "2026-10", "--format", "csv").stdout.splitlines()
    assert csv[0] == "date,weekday,workday,rest_day,reason,holiday,adjusted,estimated,source,today"
    assert csv[10] == "2026-10-10,6,1,0,调休上班,国庆节,1,0,official,0" and len(csv) == 32
    assert bgs.ok("cal", "--format", "csv", "2026-10").stdout.splitlines() == csv
    assert bgs("cal", "--format", "xml", "2026-10").code == 2


def test_a_format_before_a_subcommand_is_the_subcommands(bgs):
    after = bgs.ok("cal", "years", "--format", "json").json()
    assert after and after[0]["year"] == 2004
    for before in (("--format", "json"), ("-f", "json"), ("--format=json",)):
        assert bgs.ok("cal", *before, "years").json() == after
    assert bgs.ok("cal", "--format", "json", "local", "list").json() == []
    # a format the sub-command does not offer is refused, never dropped for the table
    refused = bgs("cal", "--format", "csv", "years")
    assert refused.code == 2 and "csv" in refused.stderr and not refused.stdout
    assert bgs("cal", "--format", "json", "export").code == 2
