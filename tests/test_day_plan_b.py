"""Issue #16, items 4 and 5: `bgs agenda --blocks` places the day in the order a secretary decides it —
appointments, last night's 次日 list in its order, what is due today or overdue, then far key work,
routine in the gaps — and names what does not fit, with the reason and what to do.

A simulated week: items written on Monday 2026-11-30, the list made on Tuesday evening, the day on Wednesday."""

import pytest

MONDAY = {"BANGONGSHI_NOW": "2026-11-30T08:30"}
TUESDAY_EVENING = {"BANGONGSHI_NOW": "2026-12-01T17:30"}
WEDNESDAY = {"BANGONGSHI_NOW": "2026-12-02T08:30"}


def add(bgs, *args) -> int:
    return bgs.ok("add", *args, "--format", "json", env=MONDAY).json()["id"]


def blocks_json(bgs, env=WEDNESDAY) -> dict:
    return bgs.ok("agenda", "--blocks", "--format", "json", env=env).json()


def hm(stamp: str) -> str:
    return stamp[11:16]


def assert_no_work_overlaps(data):
    """Work blocks never share time with each other or with an appointment, and stay in work hours."""
    spans = sorted((b["start"], b["end"], b["kind"]) for b in data["blocks"])
    work = [s for s in spans if s[2] != "appointment"]
    for start, end, _ in work:
        assert "08:30" <= hm(start) < hm(end) <= "17:30" and not (hm(start) < "13:30" and hm(end) > "12:00")
        assert not any(o_start < end and start < o_end for o_start, o_end, _ in spans if (o_start, o_end) != (start, end))


@pytest.fixture
def week(bgs):
    """Monday: the office's open work. The 周三例会 runs 09:00-10:00 on Wednesday."""
    ids = {
        "例会": add(bgs, "周三例会", "--at", "2026-12-02 09:00", "--duration", "1h"),
        "总结": add(bgs, "起草年终总结", "--due", "2026-12-18", "-i", "-k", "--estimate", "5h"),
        "纪要": add(bgs, "整理周一例会纪要", "--estimate", "1h"),
        "通知": add(bgs, "核稿：元旦春节通知", "--estimate", "1h"),
        "会场": add(bgs, "联系会场", "--estimate", "30m", "--from", "王主任"),
        "档案": add(bgs, "整理档案", "--estimate", "1h"),
        "来函": add(bgs, "回复省厅来函", "--estimate", "30m"),
        "方案": add(bgs, "研究调研方案", "-k", "--estimate", "2h"),
    }
    return bgs, ids


def test_the_evening_list_gets_its_blocks_first_in_its_own_order(week):
    bgs, ids = week
    listed = [ids[k] for k in ("纪要", "通知", "会场", "档案", "来函", "方案")]
    # Tuesday evening the secretary writes Wednesday's list: six items, in her order, and the meeting.
    bgs.ok("plan", "edit", "2026-12-02", *[a for i in listed + [ids["例会"]] for a in ("--add", str(i))],
           env=TUESDAY_EVENING)
    data = blocks_json(bgs)
    placed = {}
    for b in data["blocks"]:
        placed.setdefault(b["id"], b)
    # Before the fix the list was ignored and one block (研究调研方案) was planned. Now each item, in the
    # list's order, takes the earliest time that holds it: 联系会场 (3rd) fits the half hour before the meeting.
    assert set(listed) <= set(placed) and not set(listed) & set(data["unscheduled"])
    assert [(placed[i]["section"], placed[i]["position"]) for i in listed] == [("plan", n) for n in range(1, 7)]
    assert [(hm(placed[i]["start"]), hm(placed[i]["end"])) for i in listed] == [
        ("10:00", "11:00"), ("11:00", "12:00"), ("08:30", "09:00"), ("13:30", "14:30"), ("14:30", "15:00"),
        ("15:00", "17:00")]
    # The meeting on the list is on the timeline once, for its duration; it is not worked on a second time.
    meeting = [b for b in data["blocks"] if b["id"] == ids["例会"]]
    assert [(hm(b["start"]), hm(b["end"]), b["kind"]) for b in meeting] == [("09:00", "10:00", "appointment")]
    assert_no_work_overlaps(data)
    table = bgs.ok("agenda", "--blocks", env=WEDNESDAY).stdout
    assert f"10:00-11:00 【常规】#{ids['纪要']} 整理周一例会纪要（次日事项第1项）" in table
    assert f"15:00-17:00 【重点】#{ids['方案']} 研究调研方案（次日事项第6项）" in table


def test_what_is_due_today_comes_before_key_work_with_a_far_deadline(week):
    bgs, ids = week
    # Tuesday: three more arrive, due Wednesday, overdue, and Thursday from the 主任 (urgent, someone else's).
    tuesday = {"BANGONGSHI_NOW": "2026-12-01T09:00"}
    due_now = [bgs.ok("add", *args, "--format", "json", env=tuesday).json()["id"] for args in (
        ("报送月度信息", "--due", "2026-12-02", "--kind", "办文", "--estimate", "1h"),
        ("上报安全检查表", "--due", "2026-12-01", "--estimate", "1h"),
        ("审核会议纪要", "--due", "2026-12-03", "--from", "王主任", "--estimate", "1h"))]
    agenda = bgs.ok("agenda", "--format", "json", env=WEDNESDAY).json()
    must = next(s for s in agenda["sections"] if s["code"] == "must")
    assert sorted(i["id"] for i in must["items"]) == sorted(due_now)  # the screen lists them under 今日必办
    assert ids["总结"] in [i["id"] for s in agenda["sections"] if s["code"] == "key" for i in s["items"]]

    data = blocks_json(bgs)
    # Before the fix 起草年终总结 (due 12-18) took 10:00-12:00 and 13:30-16:30 and these did not fit.
    assert not set(due_now) & set(data["unscheduled"])
    first = {}
    for b in data["blocks"]:
        first.setdefault(b["id"], b)
    assert all(first[i]["section"] == "must" for i in due_now)
    assert max(first[i]["end"] for i in due_now) <= first[ids["总结"]]["start"]
    assert [(hm(b["start"]), hm(b["end"])) for b in data["blocks"] if b["id"] == ids["总结"]] == [("14:30", "17:30")]
    assert_no_work_overlaps(data)


def test_what_does_not_fit_is_named_with_the_reason_and_what_to_do(week):
    bgs, ids = week
    tuesday = {"BANGONGSHI_NOW": "2026-12-01T09:00"}
    for args in (("报送月度信息", "--due", "2026-12-02", "--estimate", "1h"),
                 ("上报安全检查表", "--due", "2026-12-01", "--estimate", "1h"),
                 ("审核会议纪要", "--due", "2026-12-03", "--from", "王主任", "--estimate", "1h")):
        bgs.ok("add", *args, env=tuesday)
    summary = ids["总结"]
    data = blocks_json(bgs)
    assert data["unscheduled"] == [summary]  # the contract's list of ids is kept
    [left] = data["unscheduled_items"]
    assert left == {"id": summary, "title": "起草年终总结", "section": "key", "section_label": "重点攻坚",
                    "position": None, "estimate_minutes": 300, "placed_minutes": 180, "reason": "partial",
                    "why": "只排下 3小时，还差 2小时：剩下的空闲只有零碎的 30分钟（最长一段 30分钟），放不下 1小时 的整段",
                    "actions": ["bgs plan tomorrow", f"bgs handoff {summary} --to …"]}
    lines = bgs.ok("agenda", "--blocks", env=WEDNESDAY).stdout.splitlines()
    at = lines.index("排不下（1 项）：")
    assert lines[at + 1:at + 3] == [
        f"  #{summary} 起草年终总结（重点攻坚，预计5小时）：只排下 3小时，还差 2小时：剩下的空闲只有零碎的 30分钟"
        "（最长一段 30分钟），放不下 1小时 的整段",
        f"    带到明天：bgs plan tomorrow；交给别人：bgs handoff {summary} --to …"]
    assert bgs.ok("agenda", "--blocks", "--format", "text", env=WEDNESDAY).stdout.splitlines()[at:at + 3] == lines[at:at + 3]


def test_a_full_day_says_so_and_a_rest_day_places_nothing(week):
    bgs, ids = week
    bgs.ok("add", "全天培训", "--at", "2026-12-02 08:30", "--duration", "9h", env=MONDAY)
    bgs.ok("plan", "edit", "2026-12-02", "--add", str(ids["纪要"]), env=TUESDAY_EVENING)
    data = blocks_json(bgs)
    listed = next(o for o in data["unscheduled_items"] if o["id"] == ids["纪要"])
    assert (listed["reason"], listed["why"], listed["section_label"]) == ("full", "今天的空闲时间已经排满", "次日事项第1项")
    saturday = blocks_json(bgs, env={"BANGONGSHI_NOW": "2026-12-05T09:00"})
    assert saturday["blocks"] == [] and {o["reason"] for o in saturday["unscheduled_items"]} <= {"rest_day"}


def test_why_says_whether_an_item_got_a_block_and_why_not(week):
    bgs, ids = week
    bgs.ok("plan", "edit", "2026-12-02", "--add", str(ids["纪要"]), env=TUESDAY_EVENING)
    text = bgs.ok("why", str(ids["纪要"]), env=WEDNESDAY).stdout
    assert f"  时间块 10:00-11:00 【常规】#{ids['纪要']} 整理周一例会纪要（次日事项第1项）" in text.splitlines()
    data = bgs.ok("why", str(ids["档案"]), "--format", "json", env=WEDNESDAY).json()
    assert data["blocks"]["blocks"] == [] and data["blocks"]["unscheduled"] is None
    assert data["blocks"]["why"].startswith("不在次日事项和今日必办里")
    meeting = bgs.ok("why", str(ids["例会"]), "--format", "json", env=WEDNESDAY).json()["blocks"]["blocks"]
    assert [(hm(b["start"]), b["section"]) for b in meeting] == [("09:00", "appointment")]
