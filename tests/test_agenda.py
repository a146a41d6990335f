"""The morning screen: `bgs` / `bgs agenda`, its JSON contract, blocks, matrix, why and config."""

import sys
from pathlib import Path

import pytest

AGENDA_KEYS = ["date", "weekday", "workday", "reason", "holiday", "estimated", "today", "hours", "free_minutes",
               "budget", "plan", "timeline", "follow_ups", "follow_ups_hidden", "follow_ups_more", "sections"]
ENTRY_EXTRA = ["score", "quadrant", "quadrant_label", "urgent_effective", "due_in_workdays", "age_workdays",
               "estimate_effective", "rules"]


@pytest.fixture
def office(bgs):
    bgs.add("起草年终总结", "--due", "2026-12-18", "-i", "-k", "--estimate", "3h")
    bgs.ok("add", "-t", "联系会场", "--from", "王主任", "--estimate", "30m")
    bgs.add("报送月度信息", "--due", "2026-11-24", "--kind", "办文")
    bgs.add("全市办公室工作会议", "--at", "2026-11-20 14:00", "--duration", "2h", "--where", "三楼会议室")
    bgs.add("接待省厅调研组", "--at", "2026-11-20 15:00", "--duration", "1h")
    bgs.add("逾期的材料", "--due", "2026-11-17", "--from", "李局长", "--estimate", "1h")
    bgs.add("研究方案", "-k", "--estimate", "2h")
    bgs.add("整理档案", "--estimate", "1h")
    bgs.add("下周一例会", "--at", "2026-11-23 09:00")
    return bgs


def agenda(bgs, *args, env=None):
    return bgs.ok("agenda", *args, "--format", "json", env=env).json()


def section(data, code):
    return next(s for s in data["sections"] if s["code"] == code)


def titles(data, code):
    return [i["title"] for i in section(data, code)["items"]]


def test_agenda_json_contract(office):
    data = agenda(office)
    assert list(data) == AGENDA_KEYS
    assert (data["date"], data["weekday"], data["workday"], data["today"]) == ("2026-11-20", 5, True, True)
    assert data["hours"] == {"name": "全年", "start": "08:30", "end": "17:30", "lunch_start": "12:00", "lunch_end": "13:30"}
    entry = section(data, "must")["items"][0]
    assert list(entry)[-len(ENTRY_EXTRA):] == ENTRY_EXTRA
    assert entry["quadrant_label"] in ("重要且紧急", "重要不紧急", "紧急不重要", "不重要不紧急")
    assert abs(entry["score"] - sum(r["points"] for r in entry["rules"])) < 0.05
    assert [r["rule"] for r in entry["rules"]] == ["quadrant", "constrained", "deadline", "age", "key", "locked",
                                                    "attention", "tomorrow_list", "report", "supervised"]


def test_sections_each_item_once(office):
    data = agenda(office)
    assert titles(data, "must") == ["逾期的材料"]
    assert titles(data, "key") == ["起草年终总结"]
    assert section(data, "key")["hidden"] == 1  # 研究方案 does not fit the key hours left
    # 联系会场 is 王主任's 交办: always shown; 报送月度信息 no longer fits the routine hours (issue #16).
    assert titles(data, "routine")[0] == "联系会场"
    assert titles(data, "coming") == ["下周一例会", "报送月度信息"]
    shown = [i["id"] for s in data["sections"] for i in s["items"]]
    assert len(shown) == len(set(shown))
    must = section(data, "must")["items"][0]
    assert (must["due_in_workdays"], must["urgent_effective"], must["age_workdays"]) == (-3, True, 0)


def test_free_hours_budget_and_timeline(office):
    data = agenda(office)
    # 8:30-17:30 less lunch is 7.5 h; the meeting and the reception take 14:00-16:00.
    assert data["free_minutes"] == 330
    assert data["budget"]["key_target_minutes"] == 264 and data["budget"]["routine_target_minutes"] == 66
    assert data["budget"]["key_planned_minutes"] == 180
    assert [(t["title"], t["start"][11:16], t["end"][11:16], t["overlaps"]) for t in data["timeline"]] == [
        ("全市办公室工作会议", "14:00", "16:00", True), ("接待省厅调研组", "15:00", "16:00", True)]
    table = office.ok("agenda").stdout
    assert "空闲 5.5 小时" in table and "⚠冲突" in table and "重点 [" in table


def test_a_budget_that_does_not_fit_warns(bgs):
    bgs.add("大材料", "--due", "2026-11-20", "-k", "--estimate", "7h")
    data = agenda(bgs)
    assert data["budget"]["fits"] is False
    assert "重点工作预计 7.0 小时，超出重点时间 6.0 小时" in data["budget"]["warnings"][0]
    assert "注意：重点工作预计" in bgs.ok("agenda").stdout


def test_agenda_for_another_day_and_a_rest_day(office):
    data = agenda(office, "下周一")
    assert data["date"] == "2026-11-23" and data["today"] is False
    assert [t["title"] for t in data["timeline"]] == ["下周一例会"]
    holiday = office.ok("agenda", "2026-10-01").stdout
    assert holiday.startswith("2026年10月1日 周四 · 休息日（国庆节）")
    assert agenda(office, "2026-10-01")["free_minutes"] == 0


def test_coming_counts_workdays_over_the_weekend(bgs):
    bgs.add("今天的事", "--due", "2026-11-20", "--estimate", "7h")  # today is full: nothing else is planned
    bgs.add("周三要交", "--due", "2026-11-25")
    bgs.add("下周五要交", "--due", "2026-11-27")
    assert titles(agenda(bgs), "coming") == ["周三要交"]


def test_text_and_markdown_for_pasting(office):
    text = office.ok("agenda", "--format", "text").stdout
    assert text.splitlines()[0] == "2026年11月20日 周五 · 工作日"
    assert "【今日必办】" in text and "1. 逾期的材料（逾期3个工作日，李局长交办，1小时）#6" in text
    assert "---" not in text and "|" not in text and "[" not in text
    assert "重点 3.0/4.4 小时（已排/可用）" in text
    md = office.ok("agenda", "--format", "md").stdout
    assert md.startswith("# 2026年11月20日") and "## 今日必办" in md


def test_blocks_put_key_work_in_long_morning_blocks(office):
    data = office.ok("agenda", "--blocks", "--format", "json").json()
    blocks = [(b["start"][11:16], b["end"][11:16], b["kind"], b["title"]) for b in data["blocks"]]
    # The overdue item (今日必办) comes first (issue #16); then the key work, from the morning on.
    assert blocks[:2] == [("08:30", "09:30", "routine", "逾期的材料"), ("09:30", "12:00", "key", "起草年终总结")]
    assert ("14:00", "16:00", "appointment", "全市办公室工作会议") in blocks
    routine = [b for b in data["blocks"] if b["kind"] == "routine"]
    assert routine and all(not ("14:00" <= b["start"][11:16] < "16:00") for b in routine)
    assert "【重点】#1 起草年终总结" in office.ok("agenda", "--blocks").stdout


def test_matrix(office):
    data = office.ok("agenda", "--matrix", "--format", "json").json()
    counts = {q["label"]: q["count"] for q in data["quadrants"]}
    # 逾期的材料 and 联系会场 are leaders' 交办, so important (issue #16).
    assert counts == {"重要且紧急": 1, "重要不紧急": 2, "紧急不重要": 1, "不重要不紧急": 5}
    grid = office.ok("agenda", "--matrix").stdout
    assert "重要不紧急（2）" in grid and "#1 起草年终总结" in grid


def test_why_lists_every_rule(office):
    data = office.ok("why", "6", "--format", "json").json()
    assert data["place"] == 1 and data["of"] == 9
    assert abs(data["score"] - sum(r["points"] for r in data["rules"])) < 0.05
    deadline = next(r for r in data["rules"] if r["rule"] == "deadline")
    assert deadline["why"] == "逾期3个工作日" and deadline["points"] == 39
    text = office.ok("why", "6").stdout
    assert "截止临近" in text and "受制约在前" in text
    assert office("why", "99").code == 3
    office.ok("done", "6")
    assert "已在 已处理" in office("why", "6").stderr


def test_config_file_is_created_with_commented_defaults_and_changes_the_rank(office):
    path = Path(office.ok("config", "path").stdout.strip())
    text = path.read_text(encoding="utf-8")
    assert "# rules:" in text and "#   deadline: 30" in text and "# key_share: 0.8" in text
    before = office.ok("why", "6", "--format", "json").json()["score"]
    office.ok("config", "set", "rules.deadline", "0")
    after = office.ok("why", "6", "--format", "json").json()["score"]
    assert after == before - 39
    shown = office.ok("config", "show", "--format", "json").json()
    assert shown["rules"]["deadline"] == 0 and shown["key_share"] == 0.8


def test_summer_and_winter_hours(bgs):
    path = Path(bgs.ok("config", "path").stdout.strip())
    path.write_text(
        "hours:\n"
        "  - {name: 冬季作息, from: \"10-01\", to: \"04-30\", work: \"08:30-17:30\", lunch: \"12:00-13:30\"}\n"
        "  - {name: 夏季作息, from: \"05-01\", to: \"09-30\", work: \"08:00-18:00\", lunch: \"12:00-14:30\"}\n",
        encoding="utf-8")
    assert agenda(bgs)["hours"]["name"] == "冬季作息"
    summer = agenda(bgs, "2026-06-01")
    assert summer["hours"]["name"] == "夏季作息" and summer["free_minutes"] == 450


@pytest.mark.parametrize("text, words", [
    ("rules:\n  speed: 3\n", "第 2 行，设置 rules.speed：没有这条规则"),
    ("rules:\n  deadline: -5\n", "第 2 行，设置 rules.deadline：-5 超出范围"),
    ("hours:\n  - work: \"17:30-08:30\"\n", "第 2 行，设置 hours[0].work：结束时间 08:30 不晚于开始时间 17:30"),
    ("key_share: [1\n", "不是有效的 YAML"),
    ("colour: red\n", "第 1 行，设置 colour：不认识这个设置"),
])
def test_a_bad_config_is_refused_never_replaced_by_defaults(bgs, text, words):
    path = Path(bgs.ok("config", "path").stdout.strip())
    path.write_text(text, encoding="utf-8")
    before = bgs.snapshot()
    # Every command that works on the store reads the settings (the time zone is one of them).
    for args in (("agenda",), ("add", "x"), ("list",)):
        result = bgs(*args)
        assert result.code == 2 and words in result.stderr, result.stderr
    assert bgs("config", "set", "rules.deadline", "-1").code == 2
    assert path.read_text(encoding="utf-8") == text
    assert bgs.snapshot() == before


def test_config_edit_validates_before_saving(bgs, tmp_path):
    path = Path(bgs.ok("config", "path").stdout.strip())
    original = path.read_text(encoding="utf-8")
    editor = tmp_path / "ed.sh"
    editor.write_text('#!/bin/sh\necho "rules: {deadline: -1}" > "$1"\n', encoding="utf-8")
    editor.chmod(0o755)
    result = bgs("config", "edit", env={"EDITOR": str(editor)})
    assert result.code == 2 and "rules.deadline" in result.stderr
    assert path.read_text(encoding="utf-8") == original
    editor.write_text('#!/bin/sh\necho "key_share: 0.7" > "$1"\n', encoding="utf-8")
    bgs.ok("config", "edit", env={"EDITOR": str(editor)})
    assert bgs.ok("config", "show", "--format", "json").json()["key_share"] == 0.7


def test_the_parsed_config_is_cached_and_yaml_stays_unimported(bgs):
    import json
    import subprocess

    bgs.add("一")
    env = bgs.process_env()
    probe = ("import sys, json\nfrom bangongshi.cli import run\nrun(['agenda', '--format', 'json'])\n"
             "sys.stdout.flush()\nprint('\\nMODULES ' + json.dumps(sorted(sys.modules)))")
    subprocess.run([sys.executable, "-c", probe], env=env, check=True, capture_output=True)  # writes the cache
    done = subprocess.run([sys.executable, "-c", probe], env=env, check=True, capture_output=True, text=True)
    modules = json.loads(done.stdout.rsplit("MODULES ", 1)[1])
    assert not [m for m in modules if m.split(".")[0] in ("yaml", "sqlite_utils", "rich", "dateutil")]


def test_week_view_counts_load_against_capacity(office):
    days = office.ok("week", "--format", "json").json()
    assert [d["date"] for d in days] == [f"2026-11-{n}" for n in range(16, 23)]
    friday = days[4]
    assert friday["today"] and friday["capacity_minutes"] == 450
    assert [a["title"] for a in friday["appointments"]] == ["全市办公室工作会议", "接待省厅调研组"]
    # Today is counted as the agenda plans it: the appointments (180) and the planned work (issue #16).
    budget = agenda(office)["budget"]
    assert friday["load_minutes"] == 180 + budget["key_planned_minutes"] + budget["routine_planned_minutes"] == 450
    tuesday = days[1]
    # A past day holds what was done on it; the overdue item is in today's plan, not counted twice.
    assert [d["title"] for d in tuesday["due"]] == ["逾期的材料"] and tuesday["load_minutes"] == 0
    assert days[5]["workday"] is False and days[5]["capacity_minutes"] == 0
    table = office.ok("week").stdout
    assert "▶11-20" in table and "休息（周末）" in table


def test_week_around_national_day_marks_make_up_days(bgs):
    days = {d["date"]: d for d in bgs.ok("week", "2026-10-08", "--format", "json").json()}
    assert days["2026-10-05"]["reason"] == "国庆节" and days["2026-10-05"]["capacity_minutes"] == 0
    assert days["2026-10-10"]["workday"] is True and days["2026-10-10"]["reason"] == "调休上班"
    assert "调休上班" in bgs.ok("week", "2026-10-08").stdout


def test_month_view_and_overload(bgs):
    bgs.add("大材料", "--due", "2026-12-03", "--estimate", "1天")
    days = bgs.ok("month", "2026-12", "--format", "json").json()
    assert len(days) == 31
    heavy = days[2]
    assert heavy["date"] == "2026-12-03" and heavy["load_minutes"] == 480 and heavy["over"] is True
    assert "超" in bgs.ok("month", "2026-12").stdout
    assert bgs("month", "2026-13").code == 2


def test_timezone_setting_reads_the_clock_in_that_zone(bgs):
    path = Path(bgs.ok("config", "path").stdout.strip())
    path.write_text("timezone: Asia/Tokyo\n", encoding="utf-8")
    item = bgs.ok("add", "一", "--format", "json", env={"BANGONGSHI_NOW": "2026-11-20T10:00:00+08:00"}).json()
    assert item["created"] == "2026-11-20T11:00:00+09:00"
    path.write_text("timezone: Mars/Olympus\n", encoding="utf-8")
    result = bgs("add", "二")
    assert result.code == 2 and "不认识时区「Mars/Olympus」" in result.stderr


def test_folder_colours_come_from_the_config(bgs):
    path = Path(bgs.ok("config", "path").stdout.strip())
    path.write_text("colors:\n  todo: magenta\n", encoding="utf-8")
    bgs.add("一")
    shown = bgs.ok("list", env={"NO_COLOR": None, "FORCE_COLOR": "1", "TERM": "xterm-256color"}).stdout
    assert "\x1b[35m待办" in shown


def test_a_colour_rich_does_not_know_is_refused_with_its_line(bgs):
    path = Path(bgs.ok("config", "path").stdout.strip())
    path.write_text("key_share: 0.8\ncolors:\n  todo: 蓝色\n", encoding="utf-8")
    result = bgs("list")
    assert result.code == 2 and "第 3 行，colors.todo：「蓝色」不是颜色" in result.stderr
    path.write_text("", encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    refused = bgs("config", "set", "colors.temp", "橙色")
    assert refused.code == 2 and "colors.temp：「橙色」不是颜色" in refused.stderr
    assert path.read_text(encoding="utf-8") == before


def test_an_unreadable_agenda_date_is_bad_input(bgs):
    result = bgs("agenda", "某天")
    assert result.code == 2 and "无法识别日期「某天」" in result.stderr


def test_free_time_is_the_work_periods_minus_each_appointment_in_turn():
    """A day of hundreds of appointments is cut by bisection; whatever the appointments (overlapping,
    empty, backwards, outside the hours), the free pieces are what cutting each piece by each
    appointment in turn gives."""
    from datetime import datetime, timedelta

    from hypothesis import given, settings as hypothesis_settings
    from hypothesis import strategies as st

    from bangongshi.services.agenda import _free_periods_one_by_one, free_periods

    base = datetime(2026, 11, 30, 7)
    at = st.integers(0, 12 * 4).map(lambda quarter: base + timedelta(minutes=15 * quarter))
    periods = [(datetime(2026, 11, 30, 9), datetime(2026, 11, 30, 12)),
               (datetime(2026, 11, 30, 14), datetime(2026, 11, 30, 18))]

    @hypothesis_settings(max_examples=300, deadline=None)
    @given(st.lists(st.tuples(at, at), max_size=40), st.booleans())
    def check(busy, forward):
        if forward:
            busy = [(min(pair), max(pair)) for pair in busy]
        assert free_periods(periods, busy) == _free_periods_one_by_one(periods, sorted(busy))

    check()


def test_the_agenda_is_estimated_only_when_what_it_shows_rests_on_an_unloaded_year(bgs):
    """On 2026-12-28 the agenda looks four workdays ahead (即将到期 and urgency) into 2027, whose
    arrangement is not loaded: only where it reads depends on those days, so with every deadline in 2026
    the day is not marked 估计 and --strict does not refuse it; a deadline in 2027 is ranked by an estimate."""
    known_2026 = {"BANGONGSHI_NOW": "2026-12-28T08:30", "BANGONGSHI_LAST_OFFICIAL_YEAR": "2026"}
    bgs.ok("add", "年终总结", "--due", "2026-12-30", "-i", env=known_2026)
    bgs.ok("add", "归档", "--due", "2026-12-10", env=known_2026)
    assert agenda(bgs, env=known_2026)["estimated"] is False
    assert "估计" not in bgs.ok("--strict", env=known_2026).stdout.splitlines()[0]
    bgs.ok("add", "明年的计划", "--due", "2027-01-08", env=known_2026)
    assert agenda(bgs, env=known_2026)["estimated"] is True
    refused = bgs("--strict", env=known_2026)
    assert refused.code == 2 and "--strict 下不作估计" in refused.stderr


def test_an_empty_deadline_written_past_bgs_reads_as_none_in_the_morning_view(bgs):
    """A deadline stored as '' (another program's; bgs writes NULL) is no deadline, as every view reads it."""
    import sqlite3

    for title in ("归档", "起草通知", "报送材料"):
        bgs.add(title, "--due", "2026-11-20")
    with sqlite3.connect(bgs.db) as conn:
        conn.execute("UPDATE items SET due = '' WHERE id = 2")
    data = agenda(bgs)
    assert [i["id"] for i in section(data, "must")["items"]] == [1, 3]
    assert [(i["id"], i["due"]) for i in section(data, "routine")["items"]] == [(2, None)]
