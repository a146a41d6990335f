"""Recurring items: rules recorded once, occurrences made ahead of time, each exactly once."""

import json
import shutil
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from bangongshi.domain.calendar import Calendar, package_data
from bangongshi.domain.occurrences import Schedule, to_make
from bangongshi.domain.rules import occurrences_between, parse_recurrence

CALENDAR = Calendar(package_data(2026))


def between(text, anchor, first, last, policy=None):
    rule = parse_recurrence(text, policy=policy)
    return [o.date.isoformat() for o in occurrences_between(rule, anchor, first, last, CALENDAR)]


def test_monday_meeting_moves_past_national_day_2026():
    assert between("每周一", date(2026, 9, 1), date(2026, 9, 28), date(2026, 10, 19), policy="next") == [
        "2026-09-28", "2026-10-08", "2026-10-12", "2026-10-19"]


def test_last_workday_of_each_month_over_2025_and_2026():
    found = between("每月最后一个工作日", date(2025, 1, 1), date(2025, 1, 1), date(2026, 12, 31))
    assert len(found) == 24
    assert found[0] == "2025-01-27"  # 春节 2025 from 01-28
    assert "2026-02-28" in found     # a 调休 Saturday is the month's last workday
    assert found[-1] == "2026-12-31"


def test_every_other_week_counts_from_the_rule_start_not_from_today():
    anchor = date(2026, 11, 2)  # a Monday
    assert between("隔周一", anchor, date(2026, 11, 10), date(2026, 12, 1)) == ["2026-11-16", "2026-11-30"]
    assert between("隔周一", anchor, date(2026, 11, 17), date(2026, 12, 1)) == ["2026-11-30"]


def schedule(text, anchor, lead=0, catch_up="all", ends=None):
    return Schedule(parse_recurrence(text), anchor, lead, catch_up, ends)


def test_the_lead_counts_workdays_and_the_next_appearance_is_known():
    # Friday: one workday ahead is Monday.
    plan = to_make(schedule("每周一", date(2026, 11, 1), lead=1), date(2026, 11, 19), date(2026, 11, 20), CALENDAR)
    assert [o.date for o in plan.occurrences] == [date(2026, 11, 23)]
    assert plan.made_through == date(2026, 11, 23)
    assert plan.next_appear == date(2026, 11, 27)  # the Friday before 11-30


def test_catching_up_all_or_only_the_latest():
    weekly = to_make(schedule("每周一", date(2026, 11, 1)), date(2026, 11, 1), date(2026, 11, 20), CALENDAR)
    assert [o.date.isoformat() for o in weekly.occurrences] == ["2026-11-02", "2026-11-09", "2026-11-16"]
    daily = to_make(schedule("每个工作日", date(2026, 11, 1), catch_up="latest"), date(2026, 11, 1),
                    date(2026, 11, 20), CALENDAR)
    assert [o.date.isoformat() for o in daily.occurrences] == ["2026-11-19", "2026-11-20"]


def test_an_ended_rule_makes_nothing_after_its_end():
    plan = to_make(schedule("每周一", date(2026, 11, 1), ends=date(2026, 11, 10)), date(2026, 11, 1),
                   date(2026, 11, 30), CALENDAR)
    assert [o.date.isoformat() for o in plan.occurrences] == ["2026-11-02", "2026-11-09"]
    assert plan.next_appear is None


def occurrences_in(bgs, now=None):
    """(rule, date) of every occurrence in the store, as `bgs list` shows them at `now`."""
    env = {"BANGONGSHI_NOW": now} if now else None
    return [(i["recurrence_id"], i["occurrence"]) for i in bgs.ok("list", "--all", "--format", "json", env=env).json()
            if i["recurrence_id"]]


def test_a_rule_appears_ahead_and_then_each_occurrence_once(bgs):
    made = bgs.ok("recur", "add", "周一例会", "--rule", "每周一", "--at", "09:00", "--lead", "1",
                  "--duration", "1h", "--where", "三楼会议室", "--format", "json").json()
    assert made["id"] == 1 and made["rule"] == "每周一" and made["lead_workdays"] == 1
    assert [(i["title"], i["at"], i["location"], i["duration_minutes"]) for i in made["made"]] == [
        ("周一例会", "2026-11-23T09:00:00+08:00", "三楼会议室", 60)]
    assert occurrences_in(bgs) == [(1, "2026-11-23")]
    # Thursday 11-26: the 11-30 meeting is not in its window yet; Friday it is; again: nothing new.
    assert occurrences_in(bgs, "2026-11-26T09:00") == [(1, "2026-11-23")]
    assert occurrences_in(bgs, "2026-11-27T09:00") == [(1, "2026-11-23"), (1, "2026-11-30")]
    assert occurrences_in(bgs, "2026-11-27T18:00") == [(1, "2026-11-23"), (1, "2026-11-30")]
    runs = bgs.ok("log", "--format", "json", env={"BANGONGSHI_NOW": "2026-11-27T18:00"}).json()
    assert [(r["command"], r["actor"]) for r in runs] == [
        ("生成周期事项", "tool"), ("bgs recur add 周一例会 --rule 每周一 --at 09:00 --lead 1 --duration 1h "
                                 "--where 三楼会议室 --format json", "user")]


def test_after_two_weeks_away_missed_occurrences_follow_the_catch_up_rule(bgs):
    bgs.ok("recur", "add", "周报", "--rule", "每周五", "--due", "17:00")
    bgs.ok("recur", "add", "每日巡查", "--rule", "每个工作日")
    items = bgs.ok("list", "--format", "json", env={"BANGONGSHI_NOW": "2026-12-07T08:30"}).json()
    weekly = sorted(i["due"] for i in items if i["title"] == "周报")
    daily = sorted(i["due"] for i in items if i["title"] == "每日巡查")
    assert weekly == ["2026-11-20", "2026-11-27", "2026-12-04"]  # all: each missed once, overdue
    assert daily == ["2026-11-20", "2026-12-04", "2026-12-07"]   # latest: the last missed, and today
    assert {i["due_time"] for i in items if i["title"] == "周报"} == {"17:00"}


def test_undo_takes_back_a_rule_with_what_it_made_but_skips_the_tool(bgs):
    bgs.ok("recur", "add", "周一例会", "--rule", "每周一", "--lead", "1")
    bgs.add("起草通知")
    later = {"BANGONGSHI_NOW": "2026-11-27T09:00"}
    assert len(occurrences_in(bgs, "2026-11-27T09:00")) == 2
    assert "bgs add 起草通知" in bgs.ok("undo", env=later).stderr
    undone = bgs.ok("undo", env=later)
    assert "bgs recur add" in undone.stderr
    left = bgs.ok("list", "--all", "--format", "json", env=later).json()
    # The occurrence the tool made on 11-27 stays, unlinked from the undone rule; the first went.
    assert [(i["title"], i["occurrence"]) for i in left] == [("周一例会", "2026-11-30")]
    assert bgs.ok("recur", "list", "--format", "json", env=later).json() == []


def test_editing_a_rule_changes_what_nobody_edited_by_hand(bgs):
    bgs.ok("recur", "add", "周报", "--rule", "每周五", "--lead", "5")
    first, second = [i["id"] for i in bgs.items()]
    bgs.ok("edit", str(second), "--note", "本周加报安全生产")
    bgs.ok("recur", "edit", "R1", "--title", "工作周报", "-i")
    items = {i["id"]: i for i in bgs.items("--format", "json")}
    assert (items[first]["title"], items[first]["important"], items[first]["hand_edited"]) == ("工作周报", True, False)
    assert (items[second]["title"], items[second]["notes"], items[second]["hand_edited"]) == (
        "周报", "本周加报安全生产", True)
    # A new schedule: the untouched future occurrence goes, the new day's comes; the edited one stays.
    bgs.ok("recur", "edit", "1", "--rule", "每周四")
    after = sorted((i["occurrence"], i["title"]) for i in bgs.items("--format", "json"))
    assert after == [("2026-11-20", "工作周报"), ("2026-11-26", "工作周报"), ("2026-11-27", "周报")]


def test_show_lists_the_next_dates_after_the_policy(bgs):
    bgs.ok("recur", "add", "周一例会", "--rule", "每周一", "--policy", "next", "--start", "2026-09-01")
    shown = bgs.ok("recur", "show", "R1", "--count", "3", "--format", "json",
                   env={"BANGONGSHI_NOW": "2026-09-30T10:00"}).json()
    assert [o["date"] for o in shown["occurrences"]] == ["2026-10-08", "2026-10-12", "2026-10-19"]
    text = bgs.ok("recur", "show", "1", "--count", "2", env={"BANGONGSHI_NOW": "2026-09-30T10:00"}).stdout
    assert "2026-10-08（周四）" in text and "遇休息日顺延到下一个工作日" in text


def test_pause_resume_end_and_delete(bgs):
    bgs.ok("recur", "add", "每日巡查", "--rule", "每个工作日")
    bgs.ok("recur", "pause", "R1")
    assert occurrences_in(bgs, "2026-11-25T09:00") == [(1, "2026-11-20")]
    assert bgs.ok("recur", "list", "--format", "json", env={"BANGONGSHI_NOW": "2026-11-25T09:00"}).json()[0]["next"] is None
    bgs.ok("recur", "resume", "R1", env={"BANGONGSHI_NOW": "2026-11-25T09:00"})
    assert occurrences_in(bgs, "2026-11-25T09:00") == [(1, "2026-11-20"), (1, "2026-11-25")]
    bgs.ok("recur", "end", "R1", "--after", "2026-11-26", env={"BANGONGSHI_NOW": "2026-11-25T09:00"})
    assert occurrences_in(bgs, "2026-11-30T09:00") == [(1, "2026-11-20"), (1, "2026-11-25"), (1, "2026-11-26")]
    deleted = bgs.ok("recur", "delete", "R1", "--yes", env={"BANGONGSHI_NOW": "2026-11-30T09:00"})
    assert "已删除周期事项 R1" in deleted.stderr
    assert bgs("recur", "show", "R1").code == 3
    bgs.ok("undo", env={"BANGONGSHI_NOW": "2026-11-30T09:00"})
    assert bgs.ok("recur", "show", "R1", "--format", "json").json()["title"] == "每日巡查"


@pytest.mark.parametrize("args, message", [
    (["--rule", "每逢初一"], "无法识别周期「每逢初一」"),
    (["--rule", "每周一", "--lead", "-1"], "--lead 是提前的工作日数"),
    (["--rule", "每周一", "--policy", "sometimes"], "--policy 应是"),
    (["--rule", "每周一", "--at", "明天9点"], "开始时间 --at「明天9点」应是一天中的时间"),
    (["--rule", "每周一", "--catch-up", "some"], "--catch-up 应是"),
    (["--rule", "每周一", "--until", "2026-01-01"], "结束日期 2026-01-01 早于开始日期"),
    (["--rule", "FREQ=SOMETIMES"], "RRULE「FREQ=SOMETIMES」无效"),
    ([], "需要 --rule"),
])
def test_bad_rules_change_nothing(bgs, args, message):
    bgs.add("已有的事项")
    before = bgs.snapshot()
    result = bgs("recur", "add", "周一例会", *args)
    assert result.code == 2, result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr
    assert bgs.snapshot() == before


def test_unknown_rule_ids(bgs):
    assert bgs("recur", "show", "R9").code == 3
    assert bgs("recur", "pause", "x1").code == 2
    bgs.ok("recur", "add", "周报", "--rule", "每周五")
    assert "没有暂停" in bgs("recur", "resume", "1").stderr


def test_the_agenda_and_the_plan_show_occurrences(bgs):
    bgs.ok("recur", "add", "报送月度信息", "--rule", "每月最后一个工作日", "--lead", "3", "-i")
    agenda = bgs.ok("agenda", "--format", "json", env={"BANGONGSHI_NOW": "2026-11-27T09:00"}).json()
    coming = [e["title"] for s in agenda["sections"] for e in s["items"]]
    assert "报送月度信息" in coming
    plan = bgs.ok("plan", "tomorrow", "--auto", "--format", "json", env={"BANGONGSHI_NOW": "2026-11-27T17:00"}).json()
    assert "报送月度信息" in [i["title"] for i in plan["items"]]


CONCURRENT = """
import sys
from bangongshi.cli import run
sys.exit(run(["list", "--all", "--format", "json"]))
"""


def test_two_shells_at_once_make_each_occurrence_once(bgs):
    for n in range(6):
        bgs.ok("recur", "add", f"规则{n}", "--rule", "每个工作日", "--catch-up", "all")
    env = bgs.process_env({"BANGONGSHI_NOW": "2026-12-31T09:00"})
    processes = [subprocess.Popen([sys.executable, "-c", CONCURRENT], env=env, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE) for _ in range(3)]
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err.decode()
    with sqlite3.connect(bgs.db) as conn:
        rows = conn.execute("SELECT recurrence_id, occurrence, count(*) FROM items GROUP BY 1, 2").fetchall()
    assert all(count == 1 for _, _, count in rows)
    workdays = len(json.loads(bgs.ok("when", "每个工作日", "--count", "40", "--format", "json").stdout)["occurrences"])
    per_rule = {rule: sum(1 for r, _, _ in rows if r == rule) for rule in range(1, 7)}
    # From 11-20 to 12-31 inclusive: 30 workdays, each made once for each of the six rules.
    assert workdays == 40 and set(per_rule.values()) == {30}


@pytest.mark.skipif(shutil.which("setpriv") is None, reason="needs setpriv to run as another user")
def test_a_store_that_cannot_be_written_still_answers_reads(bgs):
    import os
    import tempfile

    if os.geteuid() != 0:
        pytest.skip("needs root to run as another user")
    bgs.ok("recur", "add", "每日巡查", "--rule", "每个工作日")
    shared = Path(tempfile.mkdtemp(prefix="bgs-readonly-"))
    try:
        os.chmod(shared, 0o755)
        for path in bgs.home.iterdir():
            shutil.copy(path, shared / path.name)
            os.chmod(shared / path.name, 0o644)
        env = bgs.process_env({"BANGONGSHI_NOW": "2026-11-24T08:00", "BANGONGSHI_HOME": str(shared)})
        as_nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable, "-m", "bangongshi"]
        if subprocess.run([*as_nobody[:-2], "-c", "import bangongshi"], env=env, capture_output=True).returncode:
            pytest.skip("another user cannot run this Python here (its folders are private)")
        listed = subprocess.run([*as_nobody, "agenda", "--format", "json"], env=env, capture_output=True, text=True)
        assert listed.returncode == 0, listed.stderr
        assert "到期的周期事项这次没有生成" in listed.stderr
        assert "每日巡查" in listed.stdout
        refused = subprocess.run([*as_nobody, "add", "x"], env=env, capture_output=True, text=True)
        assert refused.returncode == 5 and "数据文件只读" in refused.stderr
    finally:
        shutil.rmtree(shared)


def test_the_log_names_rules_by_their_own_numbers(bgs):
    bgs.ok("recur", "add", "周一例会", "--rule", "每周一")
    bgs.ok("recur", "edit", "R1", "--title", "例会")
    undone = bgs.ok("undo")
    assert "修改周期事项 R1 周一例会（每周一）" in undone.stderr  # what the undo made it again (issue #21)
    assert bgs.ok("recur", "show", "R1", "--format", "json").json()["title"] == "周一例会"


def test_planning_for_monday_on_friday_evening_brings_mondays_occurrences(bgs):
    bgs.ok("recur", "add", "报送周报", "--rule", "每周一", "--due", "10:00",
           env={"BANGONGSHI_NOW": "2026-11-18T09:00"})
    assert occurrences_in(bgs, "2026-11-20T17:30") == []  # lead 0: Monday's appears on Monday
    plan = bgs.ok("plan", "tomorrow", "--auto", "--format", "json", env={"BANGONGSHI_NOW": "2026-11-20T17:30"}).json()
    assert plan["date"] == "2026-11-23"
    assert [(i["title"], i["occurrence"], i["due_time"]) for i in plan["items"]] == [("报送周报", "2026-11-23", "10:00")]
    assert occurrences_in(bgs, "2026-11-23T08:00") == [(1, "2026-11-23")]
