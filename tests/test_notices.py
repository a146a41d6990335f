"""The State Council's notices 2019–2026 as published (tests/fixtures/notices), pasted as one
paragraph and as their body alone: each read, then checked day by day against chinesecalendar;
the two amendments (2019 劳动节, 2020 春节 extension) on top of a loaded year."""

import re
from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import pytest

from bangongshi.domain.calendar import Calendar
from bangongshi.errors import BadInput
from bangongshi.formats.notice import parse_notice
from bangongshi.services.calendar import _amend

NOTICES = Path(__file__).parent / "fixtures" / "notices"
YEARS = range(2019, 2027)
AMENDMENTS = {2019: "notice_2019_labour_day.txt", 2020: "notice_2020_spring_extension.txt"}
# The package's data cut before these years, so that only the loaded notice answers.
UNKNOWN = {"BANGONGSHI_LAST_OFFICIAL_YEAR": "2004"}


def published(name: str) -> str:
    return (NOTICES / name).read_text(encoding="utf-8")


def one_paragraph(text: str) -> str:
    """The whole notice pasted as one line, the signature on the line of the last item."""
    return " ".join(line.strip() for line in text.splitlines() if line.strip())


def body_alone(text: str) -> str:
    """From 「经…批准」 on, without title, document number, addressee or signature."""
    start = text.index("经")
    return re.sub(r"国务院办公厅\s*\d{4}年\d{1,2}月\d{1,2}日\s*$", "", text[start:].rstrip())


VARIANTS = {"as published": lambda t: t, "one paragraph": one_paragraph, "body alone": body_alone}


def days_of(year: int):
    day = date(year - 1, 12, 1)  # 元旦 may begin in December of the year before
    while day.year <= year:
        yield day
        day += timedelta(days=1)


def calendar_with(schedule) -> Calendar:
    return Calendar(None, {schedule.year: schedule})


def disagreements(calendar: Calendar, year: int) -> list[date]:
    days = [d for d in days_of(year) if d.year == year or d in calendar.loaded[year].rest
            or d in calendar.loaded[year].work]
    return [d for d in days if calendar.is_workday(d) != chinese_calendar.is_workday(d)]


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("year", YEARS)
def test_every_notice_agrees_with_chinesecalendar_day_by_day(year, variant):
    notice = parse_notice(VARIANTS[variant](published(f"notice_{year}.txt")))
    assert (notice.year, notice.amends) == (year, None)
    schedule = notice.schedule
    if year in AMENDMENTS:
        # The year as first announced differs on the days the amendment changed, and only there.
        before = disagreements(calendar_with(schedule), year)
        amendment = parse_notice(VARIANTS[variant](published(AMENDMENTS[year])))
        assert amendment.year == year and amendment.amends
        schedule = _amend(schedule, amendment)
        assert before == {2019: [date(2019, 4, 28), date(2019, 5, 2), date(2019, 5, 3), date(2019, 5, 5)],
                          2020: [date(2020, 1, 31), date(2020, 2, 1)]}[year]
    assert disagreements(calendar_with(schedule), year) == []


def test_dates_of_the_year_before_belong_to_the_notice():
    for year, first in ((2019, date(2018, 12, 30)), (2023, date(2022, 12, 31))):
        schedule = parse_notice(published(f"notice_{year}.txt")).schedule
        assert schedule.rest[first] == "元旦"
    assert parse_notice(published("notice_2019.txt")).schedule.work[date(2018, 12, 29)] == "元旦"


def test_the_2024_wish_about_chuxi_is_not_a_rest_day():
    notice = parse_notice(published("notice_2024.txt"))
    assert date(2024, 2, 9) not in notice.schedule.rest
    assert Calendar(None, {2024: notice.schedule}).is_workday(date(2024, 2, 9))
    assert any("除夕（2月9日）" in note and "不是放假安排" in note for note in notice.notes)


@pytest.mark.parametrize("title, year", [
    ("国务院办公厅关于2024年\n部分节假日安排的通知", 2024),
    ("国务院办公厅关于2020年 部分节假日安排的通知", 2020),
    ("国务院办公厅关于２０２２年部分节假日安排的通知".translate(str.maketrans("０１２", "012")), 2022),
])
def test_the_year_is_found_in_a_title_over_two_lines_or_with_a_space(title, year):
    body = published(f"notice_{year}.txt").split("\n", 2)[2]
    assert parse_notice(title + "\n" + body).year == year


def test_a_body_without_its_title_gives_its_year_and_a_bare_list_asks_for_it():
    assert parse_notice(body_alone(published("notice_2026.txt"))).year == 2026
    sections = published("notice_2026.txt")
    sections = sections[sections.index("一、"):sections.index("鼓励")]
    with pytest.raises(BadInput, match="--year"):
        parse_notice(sections)
    assert parse_notice(sections, 2026).year == 2026
    with pytest.raises(BadInput, match="通知写的是 2026 年，--year 却是 2027"):
        parse_notice(published("notice_2026.txt"), 2027)


def test_a_total_that_disagrees_with_the_days_is_refused_with_its_line():
    text = published("notice_2026.txt").replace("共9天", "共8天")
    with pytest.raises(BadInput) as refused:
        parse_notice(text)
    assert "写的是共8天" in refused.value.message and "共 9 天" in refused.value.message
    assert "二、春节" in refused.value.message and "第" in refused.value.message


def test_a_weekday_note_that_disagrees_with_the_date_is_refused():
    text = published("notice_2026.txt").replace("5月9日（周六）", "5月9日（周日）")
    with pytest.raises(BadInput, match="5月9日是周六，通知写的是周日"):
        parse_notice(text)


def test_the_extension_changes_only_the_days_it_names():
    base = parse_notice(published("notice_2020.txt")).schedule
    extended = _amend(base, parse_notice(published("notice_2020_spring_extension.txt")))
    added = {d for d in extended.rest if d not in base.rest}
    assert added == {date(2020, 1, 31), date(2020, 2, 1), date(2020, 2, 2)}
    assert set(base.work) - set(extended.work) == {date(2020, 2, 1)}
    assert {d: n for d, n in base.rest.items()} == {d: n for d, n in extended.rest.items() if d not in added}


def test_the_labour_day_adjustment_replaces_that_festival_only():
    base = parse_notice(published("notice_2019.txt")).schedule
    adjusted = _amend(base, parse_notice(published("notice_2019_labour_day.txt")))
    assert sorted(d for d, n in adjusted.rest.items() if n == "劳动节") == [date(2019, 5, d) for d in (1, 2, 3, 4)]
    assert sorted(d for d, n in adjusted.work.items() if n == "劳动节") == [date(2019, 4, 28), date(2019, 5, 5)]
    others = lambda s: ({d: n for d, n in s.rest.items() if n != "劳动节"}, {d: n for d, n in s.work.items() if n != "劳动节"})
    assert others(adjusted) == others(base)


# --- through the command ---------------------------------------------------------------------

def workday(bgs, day: str) -> bool:
    days = bgs.ok("cal", day[:7], "--format", "json", env=UNKNOWN).json()
    return next(d for d in days if d["date"] == day)["workday"]


def test_dry_run_shows_exactly_what_the_import_does(bgs):
    bgs.add("已有")
    before = bgs.snapshot()
    path = str(NOTICES / "notice_2023.txt")
    trial = bgs.ok("cal", "import-notice", path, "--dry-run", env=UNKNOWN)
    assert bgs.snapshot() == before
    real = bgs.ok("cal", "import-notice", path, env=UNKNOWN)
    assert trial.stderr.splitlines()[:-1] == real.stderr.splitlines()[:-1]
    assert "元旦：放假 2022-12-31 至 2023-01-02（3天）" in real.stderr
    assert workday(bgs, "2022-12-31") is False and workday(bgs, "2023-01-28") is True


def test_an_amendment_loads_on_top_of_a_loaded_year_and_undo_takes_it_back(bgs):
    bgs.ok("cal", "import-notice", str(NOTICES / "notice_2019.txt"), env=UNKNOWN)
    assert workday(bgs, "2019-05-02") is True
    # 元旦 2019 began in 2018: a Monday at rest and a Saturday worked, though 2018 itself is not loaded.
    assert workday(bgs, "2018-12-31") is False and workday(bgs, "2018-12-29") is True
    shown = bgs.ok("cal", "import-notice", str(NOTICES / "notice_2019_labour_day.txt"), env=UNKNOWN)
    assert "在已载入的 2019 年安排之上" in shown.stderr
    assert "4月28日（周日）改为上班" in shown.stderr and "5月2日（周四）改为休息" in shown.stderr
    assert workday(bgs, "2019-05-02") is False and workday(bgs, "2019-04-28") is True
    assert workday(bgs, "2019-10-12") is True and workday(bgs, "2018-12-31") is False  # the rest untouched
    bgs.ok("undo")
    assert workday(bgs, "2019-05-02") is True


def test_an_amendment_of_a_year_nobody_loaded_is_refused(bgs):
    result = bgs("cal", "import-notice", str(NOTICES / "notice_2020_spring_extension.txt"), env=UNKNOWN)
    assert result.code == 2 and "请先载入当年的通知" in result.stderr


def test_a_notice_pasted_as_one_paragraph_through_standard_input(bgs):
    text = one_paragraph(published("notice_2025.txt"))
    assert "10月11日（周六）上班。 节假日期间" in text and text.endswith("国务院办公厅 2024年11月12日")
    bgs.ok("cal", "import-notice", "-", input=text, env=UNKNOWN)
    assert workday(bgs, "2025-10-11") is True and workday(bgs, "2025-01-28") is False


def test_a_wrong_total_exits_2_with_the_line_and_stores_nothing(bgs):
    bgs.add("已有")
    before = bgs.snapshot()
    result = bgs("cal", "import-notice", "-", input=published("notice_2024.txt").replace("共8天", "共7天"))
    assert result.code == 2 and "第" in result.stderr and "二、春节：2月10日至17日" in result.stderr
    assert bgs.snapshot() == before
