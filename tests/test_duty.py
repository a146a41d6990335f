"""The duty roster (issue #24): exactly the rest days of a period on the 调休 calendar, a fair rotation
that continues from the previous roster, exceptions, swaps, estimated holidays, the handover log, the
reminder the day before, and the printable roster."""

import json
import shutil
import subprocess
from collections import Counter
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bangongshi.domain import duty as rules
from bangongshi.errors import BadInput

PEOPLE = "张三,李四,王五,赵六"


@pytest.fixture
def office(bgs):
    bgs.env["BANGONGSHI_NOW"] = "2026-09-10T10:00"
    bgs.ok("people", "add", "孙主任", "--role", "领导", "--order", "1", "--phone", "13800000001")
    bgs.ok("people", "add", "张三", "--phone", "13700000001")
    return bgs


def _plan(bgs, *args, env=None):
    return bgs.ok("duty", "plan", *args, "--format", "json", env=env).json()


def test_national_day_2026_is_seven_days_with_fair_counts(office):
    plan = _plan(office, "2026国庆", "--people", PEOPLE, "--leaders", "孙主任,周主任")
    days = [s["date"] for s in plan["shifts"]]
    assert days == [f"2026-10-0{n}" for n in range(1, 8)]
    assert {s["holiday"] for s in plan["shifts"]} == {"国庆节"}
    assert plan["counts"] == {"张三": 2, "李四": 2, "王五": 2, "赵六": 1}
    assert [s["person"] for s in plan["shifts"]] == ["张三", "李四", "王五", "赵六", "张三", "李四", "王五"]
    assert [s["leader"] for s in plan["shifts"]] == ["孙主任", "周主任"] * 3 + ["孙主任"]
    assert plan["shifts"][0]["phone"] == "13700000001" and plan["shifts"][0]["leader_phone"] == "13800000001"
    assert plan["rosters"][0]["label"] == "2026年国庆节" and plan["rosters"][0]["estimated"] is False


def test_a_month_of_weekends_skips_the_tiaoxiu_saturday_and_continues_the_rotation(office):
    first = _plan(office, "国庆", "--people", PEOPLE)
    assert first["shifts"][-1]["person"] == "王五"
    month = office.ok("duty", "plan", "周末 10月", "--people", PEOPLE, "--format", "json")
    plan = month.json()
    days = [s["date"] for s in plan["shifts"]]
    # 10月10日 (a Saturday) is a 调休 workday: never a duty day; 国庆 was planned already and is kept.
    assert days == ["2026-10-11", "2026-10-17", "2026-10-18", "2026-10-24", "2026-10-25", "2026-10-31"]
    assert "2026-10-10" not in days and "已在别的值班表里" in month.stderr
    assert plan["continued_from"] == "王五"
    assert [s["person"] for s in plan["shifts"]][:2] == ["赵六", "张三"]
    together = Counter(s["person"] for s in office.ok("duty", "show", "周末 10月", "--format", "json").json()["shifts"])
    assert max(together.values()) - min(together.values()) <= 1 and sum(together.values()) == 13


def test_september_2026s_tiaoxiu_sunday_is_never_a_duty_day(office):
    plan = _plan(office, "2026-09-19..2026-09-27", "--people", "张三,李四")
    assert [s["date"] for s in plan["shifts"]] == ["2026-09-19", "2026-09-25", "2026-09-26", "2026-09-27"]


def test_spring_festival_2027_is_estimated_flagged_and_refused_under_strict(office):
    before = office.snapshot()
    refused = office("duty", "plan", "2027春节", "--people", PEOPLE, "--strict")
    assert refused.code == 2 and "2027年放假安排" in refused.stderr
    assert office("--strict", "duty", "plan", "2027春节", "--people", PEOPLE).code == 2
    assert office.snapshot() == before
    planned = office.ok("duty", "plan", "2027春节", "--people", PEOPLE, "--leaders", "孙主任")
    assert "已按法定节日估计" in planned.stderr and "放假安排为估计" in planned.stderr
    shown = office.ok("duty", "show", "2027春节", "--format", "json").json()
    assert shown["rosters"][0]["estimated"] is True and shown["rosters"][0]["label"] == "2027年春节"
    assert shown["shifts"][0]["date"] <= "2027-02-06" <= shown["shifts"][-1]["date"]  # 正月初一 2027-02-06
    assert "按法定节日估计" in office.ok("duty", "show", "2027春节", "--format", "md").stdout


def test_except_days_are_respected_and_day_night_shifts_come_from_config(office):
    (office.home / "config.yaml").write_text("duty:\n  shifts: day_night\n  night: \"18:00\"\n", encoding="utf-8")
    plan = _plan(office, "国庆", "--people", "张三,李四,王五", "--except", "李四:10月2日..10月4日",
                 "--except", "张三:2026-10-07")
    shifts = plan["shifts"]
    assert len(shifts) == 14 and [s["shift"] for s in shifts[:2]] == ["day", "night"]
    assert shifts[0]["hours"] == "08:30—18:00" and shifts[1]["hours"] == "18:00—次日08:30"
    assert not [s for s in shifts if s["person"] == "李四" and "2026-10-02" <= s["date"] <= "2026-10-04"]
    assert not [s for s in shifts if s["person"] == "张三" and s["date"] == "2026-10-07"]
    assert all(a["person"] != b["person"] for a, b in zip(shifts, shifts[1:]))  # never two shifts in a row
    counts = Counter(s["person"] for s in shifts)
    assert max(counts.values()) - min(counts.values()) <= 2
    bad = office("duty", "plan", "元旦", "--people", "张三", "--except", "李四")
    assert bad.code == 2 and "名字:日期" in bad.stderr


def test_planning_days_already_planned_needs_replace_and_undo_restores(office):
    _plan(office, "国庆", "--people", PEOPLE)
    again = office("duty", "plan", "国庆", "--people", "张三,李四")
    assert again.code == 2 and "--replace" in again.stderr
    replaced = _plan(office, "国庆", "--people", "张三,李四", "--replace")
    assert {s["person"] for s in replaced["shifts"]} == {"张三", "李四"}
    office.ok("undo")
    assert len({s["person"] for s in office.ok("duty", "show", "--format", "json").json()["shifts"]}) == 4
    assert office("duty", "plan", "2026-10-08..2026-10-09", "--people", "张三").code == 2  # workdays only


def test_swap_exchanges_two_days_notes_it_and_is_undone(office):
    _plan(office, "国庆", "--people", PEOPLE, "--leaders", "孙主任,周主任")
    said = office.ok("duty", "swap", "10月2日", "10月4日")
    assert "与10月4日调换（原李四）" in said.stderr
    shown = {s["date"]: s for s in office.ok("duty", "show", "--format", "json").json()["shifts"]}
    assert (shown["2026-10-02"]["person"], shown["2026-10-04"]["person"]) == ("赵六", "李四")
    assert shown["2026-10-02"]["note"] == "与10月4日调换（原李四）"
    office.ok("duty", "swap", "10月1日", "10月2日", "--leader")
    shown = {s["date"]: s for s in office.ok("duty", "show", "--format", "json").json()["shifts"]}
    assert (shown["2026-10-01"]["leader"], shown["2026-10-02"]["leader"]) == ("周主任", "孙主任")
    office.ok("undo")
    office.ok("undo")
    shown = {s["date"]: s for s in office.ok("duty", "show", "--format", "json").json()["shifts"]}
    assert shown["2026-10-02"]["person"] == "李四" and shown["2026-10-02"]["note"] == ""
    assert office("duty", "swap", "10月2日", "10月9日").code == 3


def test_the_handover_log_goes_to_the_next_on_duty_and_into_report_day(office):
    _plan(office, "国庆", "--people", PEOPLE)
    night = {"BANGONGSHI_NOW": "2026-10-01T22:10"}
    logged = office.ok("duty", "log", "县应急局来电：明早有寒潮预警，已转告带班领导", env=night)
    assert "10月1日 值班的交接记录（值班：张三）" in logged.stderr
    early = {"BANGONGSHI_NOW": "2026-10-02T07:30"}  # before the 08:30 handover: still 10月1日's duty
    assert office.ok("duty", "log", "凌晨无事", "--format", "json", env=early).json()["day"] == "2026-10-01"
    next_on = office.ok("duty", "log", env={"BANGONGSHI_NOW": "2026-10-02T09:00"}).stdout
    assert "寒潮预警" in next_on and "凌晨无事" in next_on
    report = office.ok("report", "day", "2026-10-01", env=night).stdout
    assert "值班交接记录（2）" in report and "张三：县应急局来电" in report
    assert len(office.ok("report", "day", "2026-10-01", "--format", "json", env=night).json()["duty_logs"]) == 2
    assert [e["text"] for e in office.ok("duty", "show", "--format", "json").json()["logs"]][0].startswith("县应急局")
    assert office("duty", "log", " ").code == 2


def test_the_day_before_a_duty_reminds_the_secretary_and_the_person_on_duty(office):
    (office.home / "config.yaml").write_text(
        'remind:\n  channels:\n    desktop: "desktop://"\n    zhangsan: "json://127.0.0.1:9/hook"\n', encoding="utf-8")
    office.ok("people", "edit", "张三", "--channel", "zhangsan")
    assert office("people", "edit", "张三", "--channel", "nowhere").code == 2
    _plan(office, "国庆", "--people", "张三,李四", "--leaders", "孙主任")
    before = office.ok("remind", "--dry-run", env={"BANGONGSHI_NOW": "2026-09-30T15:00"}).stdout
    assert "明天值班" not in before  # duty.remind is 16:00
    due = office.ok("remind", "--dry-run", env={"BANGONGSHI_NOW": "2026-09-30T16:05"}).stdout
    [line] = [line for line in due.splitlines() if "明天值班" in line]
    assert "张三，10月1日（周四）全天 08:30—次日08:30，带班领导 孙主任" in line
    assert line.endswith("→ desktop、zhangsan")
    # 10月2日's (李四, no channel) goes to the secretary only, on a holiday too.
    holiday = office.ok("remind", "--dry-run", env={"BANGONGSHI_NOW": "2026-10-01T16:05"}).stdout
    assert [line.rsplit("→ ", 1)[1] for line in holiday.splitlines() if "明天值班：李四" in line] == ["desktop"]
    # A person's own channel gets only what is addressed to them, not the secretary's agenda.
    morning = office.ok("remind", "--dry-run", env={"BANGONGSHI_NOW": "2026-10-09T09:00"}).stdout
    assert "早间日程" in morning and "zhangsan" not in morning


def test_the_printable_roster_reads_back(office, tmp_path):
    from docx import Document
    from openpyxl import load_workbook

    (office.home / "config.yaml").write_text("me:\n  unit: 县政府办公室\n", encoding="utf-8")
    _plan(office, "国庆", "--people", PEOPLE, "--leaders", "孙主任")
    xlsx, docx = tmp_path / "值班表.xlsx", tmp_path / "值班表.docx"
    office.ok("duty", "show", "--format", "xlsx", "-o", str(xlsx))
    office.ok("duty", "show", "--format", "docx", "-o", str(docx))
    sheet = load_workbook(xlsx).active
    assert sheet["A1"].value == "县政府办公室2026年国庆节值班表"
    assert [c.value for c in sheet[3]][:5] == ["日期", "星期", "带班领导", "值班人员", "联系电话"]
    assert [sheet.cell(4, n).value for n in range(1, 6)] == ["10月1日（国庆节）", "周四", "孙主任\n13800000001", "张三",
                                                              "13700000001"]
    assert sheet.print_title_rows == "$3:$3" and sheet.page_setup.orientation == "landscape"
    table = Document(docx).tables[0]
    assert [c.text for c in table.rows[0].cells][:5] == ["日期", "星期", "带班领导", "值班人员", "联系电话"]
    assert len(table.rows) == 8 and table.cell(1, 3).text == "张三"
    md = office.ok("duty", "show", "--format", "md").stdout
    assert "| 10月1日（国庆节） | 周四 | 孙主任<br>13800000001 | 张三 | 13700000001 |  |" in md
    csv = office.ok("duty", "show", "--format", "csv").stdout.splitlines()
    assert csv[0] == "date,weekday,shift,shift_label,hours,person,phone,leader,leader_phone,holiday,note,roster"
    assert office("duty", "show", "--format", "xlsx").code == 2
    if shutil.which("soffice"):
        done = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
                               "pdf", "--outdir", str(tmp_path), str(docx)], capture_output=True, timeout=180)
        assert done.returncode == 0 and (tmp_path / "值班表.pdf").read_bytes().startswith(b"%PDF")


def test_rosters_are_exported_and_backed_up(office, tmp_path):
    _plan(office, "国庆", "--people", PEOPLE)
    office.ok("duty", "log", "交接", env={"BANGONGSHI_NOW": "2026-10-01T20:00"})
    exported = office.ok("export", "--registers").json()
    assert len(exported["duty_shifts"]) == 7 and exported["duty_rosters"][0]["label"] == "2026年国庆节"
    assert exported["duty_logs"][0]["text"] == "交接"
    office.ok("backup")


def test_the_period_words(office):
    today = date(2026, 11, 30)
    assert rules.month_period("周末 12月", today)[1:] == (date(2026, 12, 1), date(2026, 12, 31))
    assert rules.month_period("2027年1月周末", today)[0] == "2027年1月休息日"
    assert rules.month_period("周末 1月", today)[1] == date(2027, 1, 1)
    assert rules.month_period("国庆", today) is None
    plan = _plan(office, "元旦", "--people", "张三,李四")
    assert plan["rosters"][0]["label"] == "2027年元旦"  # the next one not yet over (today is 2026-09-10: 2027's)
    assert office("duty", "plan", "周末 13月", "--people", "张三").code == 2
    assert office("duty", "plan", "2026-10-01..2027-10-01", "--people", "张三").code == 2


@given(st.integers(1, 6), st.integers(1, 40), st.integers(0, 6))
def test_rotation_is_fair_within_one_and_continues(size, slots, last_index):
    people = [f"人{n}" for n in range(size)]
    days = [date(2027, 1, 1) + timedelta(days=n) for n in range(slots)]
    last = people[last_index] if last_index < size else None
    chosen = rules.rotate(days, people, last)
    counts = Counter(chosen)
    assert max(counts.values()) - min(counts.get(p, 0) for p in people) <= 1
    start = (people.index(last) + 1) % size if last in people else 0
    assert chosen[0] == people[start]
    # A second roster continues from the first one's last person: together they stay fair.
    more = rules.rotate(days, people, rules.last_of(list(reversed(chosen)), people))
    both = Counter(chosen + more)
    assert max(both.values()) - min(both.get(p, 0) for p in people) <= 1


@given(st.lists(st.sets(st.integers(0, 9), max_size=4), min_size=4, max_size=4))
def test_rotation_never_puts_someone_on_a_day_they_cannot_do(blocked):
    people = ["甲", "乙", "丙", "丁"]
    days = [date(2027, 2, 1) + timedelta(days=n) for n in range(10)]
    unavailable = {p: {days[n] for n in blocked[i]} for i, p in enumerate(people)}
    if any(all(day in unavailable[p] for p in people) for day in days):
        with pytest.raises(BadInput, match="没有可以值班的人"):
            rules.rotate(days, people, None, unavailable)
        return
    chosen = rules.rotate(days, people, None, unavailable)
    assert all(day not in unavailable[person] for day, person in zip(days, chosen))


def test_duty_settings_are_checked(bgs):
    (bgs.home).mkdir(parents=True, exist_ok=True)
    (bgs.home / "config.yaml").write_text("duty:\n  shifts: 三班倒\n", encoding="utf-8")
    refused = bgs("duty", "plan", "国庆", "--people", "张三")
    assert refused.code == 2 and "duty.shifts" in refused.stderr
    assert json.loads("[]") == []
