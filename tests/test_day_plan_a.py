"""Issue #16, items 1, 2, 3 and 10: a leader's signals rank as important and are never hidden; nothing
vanishes from the morning view; an appointment's estimate is its duration; week, month and agenda
count a day's planned minutes one way, and past days show what was done on them."""

import pytest

MONDAY = {"BANGONGSHI_NOW": "2026-11-30T08:30"}
TUESDAY = {"BANGONGSHI_NOW": "2026-12-01T08:30"}


@pytest.fixture
def week(bgs):
    """A realistic Monday, 2026-11-30: more key and routine work than the day has hours for."""
    bgs.env.update(MONDAY)
    for args in (
        ("准备安全生产会议材料、排座次", "--due", "今天", "--kind", "办会", "--key", "--estimate", "半天"),
        ("县长办公会会议纪要", "--due", "2026-12-02", "--kind", "办文", "--important", "--estimate", "2h"),
        ("起草年终工作总结", "--due", "2026-12-31", "--important", "--key", "--estimate", "1天"),
        ("市政府关于冬季安全生产的通知：提出拟办意见", "--due", "2026-12-01", "--from", "王主任", "--estimate", "30m"),
        ("核稿：关于做好元旦春节期间有关工作的通知", "--due", "2026-12-09", "--estimate", "1h"),
        ("整理上周会议记录", "--kind", "办文", "--estimate", "1h"),
        ("订下月报刊", "--kind", "办事"),
        ("更新通讯录", "--kind", "办事"),
        ("编制明年重点工作计划", "--due", "2026-12-18", "--key", "--important", "--estimate", "1天"),
        ("调研报告修改", "--due", "2026-12-11", "--key", "--estimate", "4h"),
        ("接待市检查组", "--at", "2026-11-30 14:00", "--duration", "1h"),
    ):
        bgs.add(*args)
    return bgs


def agenda(bgs, *args):
    return bgs.ok("agenda", *args, "--format", "json").json()


def section(data, code):
    return next(s for s in data["sections"] if s["code"] == code)


def shown(data):
    return {i["id"]: i for s in data["sections"] for i in s["items"]}


# --- 1. a leader's signals ---------------------------------------------------------------------

def test_the_readme_leader_instruction_is_important_and_on_mondays_agenda(week):
    result = week.ok("add", "落实市长批示：校园安全检查", "--from", "王主任", "--attention", "高", "--report",
                     "--due", "下周五", "--confirm")
    assert "收到。王主任交办" in result.stdout  # --confirm exists: the read-back sentence
    item_id = week.items("--search", "校园安全检查")[0]["id"]
    data = agenda(week)
    assert item_id in shown(data), "a leader's instruction must be on the day's agenda"
    assert shown(data)[item_id]["quadrant_label"] == "重要不紧急"
    why = week.ok("why", str(item_id)).stdout
    assert "重要不紧急（领导关注度高、领导交办（--from）、须向交办人反馈（--report），视为重要）" in why
    assert "须向交办人反馈" in why and "10 分 = 10 × 1.00（办结后须向交办人反馈）" in why


@pytest.mark.parametrize("args, points", [
    (("--attention", "高"), {"attention": 10}),
    (("--attention", "中"), {"attention": 5}),  # less strongly
    (("--from", "王主任"), {"constrained": 15}),
    (("--report",), {"report": 10}),
])
def test_each_leader_signal_lifts_an_item_out_of_the_last_quadrant(bgs, args, points):
    plain = bgs.add("无关紧要的事")
    signalled = bgs.add("有信号的事", *args)
    why = {i: bgs.ok("why", str(i), "--format", "json").json() for i in (plain, signalled)}
    assert why[plain]["quadrant_label"] == "不重要不紧急"
    assert why[signalled]["quadrant_label"] == "重要不紧急"
    rules = {r["rule"]: r["points"] for r in why[signalled]["rules"]}
    assert {rule: rules[rule] for rule in points} == points


def test_an_item_under_supervision_is_important(bgs):
    item_id = bgs.add("督办：农村道路建设进度")
    bgs.ok("assign", str(item_id), "--to", "交通局李四", "--every", "每周一")
    why = bgs.ok("why", str(item_id), "--format", "json").json()
    assert why["quadrant_label"] == "重要不紧急"
    assert {r["rule"]: r["points"] for r in why["rules"]}["supervised"] == 10
    assert "督办中（bgs assign）" in bgs.ok("why", str(item_id)).stdout


def test_the_signals_are_settings(bgs):
    item_id = bgs.add("王主任交代的小事", "--from", "王主任")
    bgs.ok("config", "set", "importance.assigned", "false")
    assert bgs.ok("why", str(item_id), "--format", "json").json()["quadrant_label"] == "不重要不紧急"
    shown_settings = bgs.ok("config", "show", "--format", "json").json()
    assert shown_settings["importance"] == {"attention_high": True, "attention_normal": True, "assigned": False,
                                            "report": True, "supervised": True}
    before = bgs.snapshot()
    refused = bgs("config", "set", "importance.boss", "true")
    assert refused.code == 2 and "importance.boss" in refused.stderr and "attention_high" in refused.stderr
    refused = bgs("config", "set", "importance.report", "maybe")
    assert refused.code == 2 and "应是 true 或 false" in refused.stderr
    assert bgs.snapshot() == before


def test_leader_items_are_never_left_out_for_want_of_time(week):
    ids = [week.add(f"王主任交办事项{n}", "--from", "王主任", "--estimate", "2h") for n in range(1, 6)]
    data = agenda(week)
    assert set(ids) <= set(shown(data))
    assert data["budget"]["fits"] is False  # shown, and the overload said out loud


# --- 2. nothing vanishes -----------------------------------------------------------------------

def test_every_item_due_today_or_overdue_is_shown(bgs):
    ids = [bgs.add(f"逾期材料{n}", "--due", "2026-11-1" + str(n % 10)) for n in range(20)]
    data = agenda(bgs)
    must = section(data, "must")
    assert {i["id"] for i in must["items"]} == set(ids) and must["hidden"] == 0


@pytest.fixture
def routine_full(bgs):
    """Routine time used up by a routine item due today: the routine section shows no rows, one hidden."""
    bgs.add("今天要交的汇总表", "--due", "今天", "--estimate", "3h")
    hidden = bgs.add("整理档案", "--estimate", "1h")
    return bgs, hidden


def test_a_section_with_no_rows_still_says_what_it_left_out(routine_full):
    bgs, hidden = routine_full
    data = agenda(bgs)
    routine = section(data, "routine")
    assert (routine["items"], routine["hidden"], routine["more"]) == ([], 1, "bgs agenda --all")
    line = "另有 1 项未列出，bgs agenda --all 查看全部"
    table = bgs.ok("agenda").stdout
    assert "常规事务" in table and line in table
    for fmt in ("md", "text"):
        text = bgs.ok("agenda", "--format", fmt).stdout
        assert "常规事务" in text and line in text
    assert hidden in shown(agenda(bgs, "--all"))
    assert "整理档案" in bgs.ok("agenda", "--all").stdout


def test_another_days_agenda_names_its_day_in_the_command(routine_full):
    bgs, _ = routine_full
    bgs.add("明天要交的汇总表", "--due", "2026-11-23", "--estimate", "3h")
    data = agenda(bgs, "2026-11-23")
    assert section(data, "routine")["more"] == "bgs agenda 2026-11-23 --all"


def test_all_does_not_mix_with_matrix_or_blocks(bgs):
    result = bgs("agenda", "--all", "--matrix")
    assert result.code == 2 and "--all 不能和 --matrix、--blocks 同用" in result.stderr


# --- 3. an appointment's estimate is its duration ------------------------------------------------

def test_an_appointment_is_estimated_at_its_duration(bgs):
    bgs.env.update(MONDAY)
    meeting = bgs.add("全县安全生产工作会议", "--at", "2026-12-01 15:00", "--duration", "1h", "--kind", "办会")
    entry = shown(agenda(bgs))[meeting]
    assert entry["estimate_effective"] == 60
    assert "1小时" in bgs.ok("agenda", "--format", "text").stdout.split("全县安全生产工作会议")[1].splitlines()[0]


def test_a_recurring_meeting_without_duration_counts_the_hour_the_timeline_shows(bgs):
    bgs.env.update({"BANGONGSHI_NOW": "2026-11-27T10:00"})  # the Friday before
    bgs.ok("recur", "add", "周一例会", "--rule", "每周一", "--at", "09:00", "--lead", "1")
    data = agenda(bgs)
    [meeting] = [i for i in section(data, "coming")["items"] if i["title"] == "周一例会"]
    assert meeting["estimate_effective"] == 60
    monday = agenda(bgs, "2026-11-30")
    assert [(t["start"][11:16], t["end"][11:16]) for t in monday["timeline"]] == [("09:00", "10:00")]
    week = bgs.ok("week", "2026-11-30", "--format", "json").json()
    assert week[0]["load_minutes"] == 60


# --- 10. one count of a day's planned minutes; past days keep what was done ----------------------

def test_the_week_shows_today_with_the_agendas_planned_minutes(week):
    data = agenda(week)
    booked = sum(1 for _ in data["timeline"]) and 60  # 接待市检查组 14:00-15:00
    planned = data["budget"]["key_planned_minutes"] + data["budget"]["routine_planned_minutes"]
    assert planned >= 8 * 60  # the day's key work is booked…
    days = week.ok("week", "--format", "json").json()
    today = next(d for d in days if d["today"])
    assert today["load_minutes"] == booked + planned  # …and the week shows it, not 0.0/7.5h
    month = week.ok("month", "--format", "json").json()
    assert next(d for d in month if d["today"])["load_minutes"] == today["load_minutes"]
    assert f"{(booked + planned) / 60:.1f}/7.5h" in week.ok("week").stdout


def test_past_days_show_what_was_done_on_them(week):
    minutes_id = week.items("--search", "会议纪要")[0]["id"]  # due Wednesday, 2 h
    week.ok("done", str(minutes_id))
    days = week.ok("week", "--format", "json", env=TUESDAY).json()
    monday = days[0]
    assert [i["id"] for i in monday["done"]] == [minutes_id]
    assert monday["load_minutes"] == 120 + 60  # the minutes done, and the 1 h reception
    assert days[2]["due"] == []  # no longer due on Wednesday: it was done on Monday
    assert "✓#%d 县长办公会会议纪要" % minutes_id in week.ok("week", env={**TUESDAY, "COLUMNS": "200"}).stdout
