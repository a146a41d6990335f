"""`bgs plan tomorrow`: the 次日 list for the next workday, and the morning agenda that opens with it."""


import pytest

from conftest import run_in_terminal

EVENING = {"BANGONGSHI_NOW": "2026-11-20T17:30"}  # a Friday


def plan_json(bgs, *args, env=EVENING):
    return bgs.ok("plan", "tomorrow", *args, "--format", "json", env=env).json()


@pytest.mark.parametrize("evening, target", [
    ("2026-11-20T17:30", "2026-11-23"),  # Friday → Monday
    ("2026-09-30T17:30", "2026-10-08"),  # before 国庆 → the first workday after it
    ("2026-02-13T17:30", "2026-02-14"),  # → a 调休 Saturday
    ("2026-11-21T10:00", "2026-11-23"),  # run on a rest day: the next workday
])
def test_the_list_is_for_the_next_workday(bgs, evening, target):
    bgs.add("起草通知", "--due", target)
    data = plan_json(bgs, "--auto", env={"BANGONGSHI_NOW": evening})
    assert data["date"] == target
    assert [i["title"] for i in data["items"]] == ["起草通知"]


def test_plan_json_contract_and_show(bgs):
    bgs.add("逾期的材料", "--due", "2026-11-17", "--from", "李局长")
    bgs.add("起草年终总结", "-i", "-k", "--estimate", "2h")
    data = plan_json(bgs, "--auto")
    assert list(data) == ["date", "weekday", "made_at", "items"]
    assert (data["date"], data["weekday"], data["made_at"]) == ("2026-11-23", 1, "2026-11-20T17:30:00+08:00")
    assert [(i["position"], i["title"]) for i in data["items"]] == [(1, "逾期的材料"), (2, "起草年终总结")]
    shown = bgs.ok("plan", "show", "2026-11-23", "--format", "json").json()
    assert shown == data
    text = bgs.ok("plan", "show", "下周一", env=EVENING).stdout
    assert text.splitlines() == ["次日事项：2026年11月23日（周一）", "1. 逾期的材料 #1", "2. 起草年终总结 #2"]


def test_without_a_terminal_or_a_flag_it_refuses(bgs):
    bgs.add("一")
    before = bgs.snapshot()
    result = bgs("plan", "tomorrow", env=EVENING)
    assert result.code == 2
    assert result.stderr.strip().splitlines() == [
        "错误：没有终端可以逐项确认：请加 --auto（接受建议）、--carry-all（带上今日未完成的）或 --yes（全部用默认）"]
    assert bgs("plan", env=EVENING).code == 2
    assert bgs.snapshot() == before


def test_open_items_of_todays_list_are_carried_and_the_rate_shown(bgs):
    first, second = bgs.add("甲", "--estimate", "30m"), bgs.add("乙", "--estimate", "30m")
    plan_json(bgs, "--auto", env={"BANGONGSHI_NOW": "2026-11-19T17:30"})  # Thursday's list, for Friday
    bgs.ok("done", str(first), env=EVENING)
    result = bgs.ok("plan", "tomorrow", "--carry-all", "--format", "json", env=EVENING)
    assert "今日事项 2 项，未完成 1 项，完成 50%" in result.stderr
    assert "✓ #1 甲" in result.stderr
    assert [i["id"] for i in result.json()["items"]][0] == second


def test_running_twice_edits_the_same_list_and_undo_brings_back_the_first(bgs):
    bgs.add("一", "--due", "2026-11-23")
    first = plan_json(bgs, "--auto")
    bgs.add("二", "--due", "2026-11-23")
    second = plan_json(bgs, "--auto", env={"BANGONGSHI_NOW": "2026-11-20T18:00"})
    assert [i["title"] for i in second["items"]] == ["一", "二"]
    bgs.ok("undo")
    assert bgs.ok("plan", "show", "2026-11-23", "--format", "json").json() == first


def test_running_again_on_an_unchanged_store_proposes_the_same_list(bgs):
    # More items due than the must-do section shows (MUST_ROWS) and more routine work than the budget
    # admits: each run used to skip what the saved list held and take the next ones in.
    for n in range(70):
        bgs.add(f"逾期材料{n}", "--due", "2026-11-18")
    for n in range(40):
        bgs.add(f"常规事务{n}", "--estimate", "1h")
    first = plan_json(bgs, "--auto")
    again = plan_json(bgs, "--auto", env={"BANGONGSHI_NOW": "2026-11-20T18:00"})
    third = plan_json(bgs, "--auto", env={"BANGONGSHI_NOW": "2026-11-20T18:30"})
    assert [i["id"] for i in again["items"]] == [i["id"] for i in first["items"]]
    assert [i["id"] for i in third["items"]] == [i["id"] for i in first["items"]]
    assert len(first["items"]) < 110


def test_the_morning_agenda_opens_with_the_list(bgs):
    a = bgs.add("起草通知", "--estimate", "1h")
    b = bgs.add("联系会场", "--estimate", "30m")
    plan_json(bgs, "--auto")
    monday = {"BANGONGSHI_NOW": "2026-11-23T08:30"}
    bgs.ok("done", str(b), env=monday)
    data = bgs.ok("agenda", "--format", "json", env=monday).json()
    assert data["plan"]["made_at"] == "2026-11-20T17:30:00+08:00"
    assert [(i["position"], i["title"], i["done"]) for i in data["plan"]["items"]] == [
        (1, "起草通知", False), (2, "联系会场", True)]
    shown_elsewhere = [i["id"] for s in data["sections"] for i in s["items"]]
    assert a not in shown_elsewhere
    table = bgs.ok(env=monday).stdout
    assert "今日事项（11月20日制定）" in table and "✓ 2. #2 联系会场" in table
    why = bgs.ok("why", str(a), "--format", "json", env=monday).json()
    assert next(r for r in why["rules"] if r["rule"] == "tomorrow_list")["points"] == 20
    rule = next(r for r in data["plan"]["items"] if r["id"] == a)
    assert rule["score"] is not None


def test_plan_edit_and_bad_input(bgs):
    a, b = bgs.add("一"), bgs.add("二")
    bgs.ok("plan", "edit", "2026-11-23", "--add", str(a), "--add", str(b), env=EVENING)
    edited = bgs.ok("plan", "edit", "2026-11-23", "--remove", str(a), "--format", "json", env=EVENING).json()
    assert [i["id"] for i in edited["items"]] == [b]
    before = bgs.snapshot()
    assert bgs("plan", "edit", "2026-11-23", "--add", "99", env=EVENING).code == 3
    assert bgs("plan", "edit", "2026-11-10", "--add", str(a), env=EVENING).code == 2
    assert bgs("plan", "edit", "2026-11-23", "--remove", str(a), env=EVENING).code == 2
    assert bgs("plan", "show", "2026-11-30", env=EVENING).code == 2
    assert bgs("plan", "edit", "某天", "--add", "1", env=EVENING).code == 2
    assert bgs.snapshot() == before


def test_the_review_in_a_terminal_decides_item_by_item_then_saves(bgs):
    carried = bgs.add("起草通知", "--estimate", "30m")
    dropped = bgs.add("可以不做的事", "--estimate", "30m")
    plan_json(bgs, "--auto", env={"BANGONGSHI_NOW": "2026-11-19T17:30"})
    late = bgs.add("逾期的材料", "--due", "2026-11-17")
    env = bgs.process_env(EVENING)
    keys = ["c", "x", "r", "下周三\r", "a 新的临时任务\r", "m 3 1\r", "\r"]
    code, screen = run_in_terminal(["plan"], keys, env)
    assert code == 0, screen
    assert "[c]带到次日" in screen and f"#{late} 逾期的材料（逾期11-17）：" in screen
    saved = bgs.ok("plan", "show", "2026-11-23", "--format", "json").json()
    titles = [i["title"] for i in saved["items"]]
    assert titles[0] == "新的临时任务" and "起草通知" in titles
    assert "可以不做的事" not in titles
    assert bgs.item(late)["due"] == "2026-11-25"
    assert bgs.item(dropped)["folder"] == "todo"  # dropped from the list, not from the work
    assert bgs.item(carried)["id"] in [i["id"] for i in saved["items"]]


def test_ctrl_c_during_the_review_saves_nothing(bgs):
    bgs.add("起草通知")
    plan_json(bgs, "--auto", env={"BANGONGSHI_NOW": "2026-11-19T17:30"})
    before = bgs.snapshot()
    env = bgs.process_env(EVENING)
    code, screen = run_in_terminal(["plan"], ["\x03"], env)
    assert code == 130 and "什么都没有保存" in screen
    assert bgs.snapshot() == before


def test_quitting_the_draft_saves_nothing(bgs):
    bgs.add("起草通知", "--due", "2026-11-23")
    before = bgs.snapshot()
    env = bgs.process_env(EVENING)
    code, screen = run_in_terminal(["plan", "tomorrow"], ["q\r"], env)
    assert code == 0 and "未保存" in screen
    assert bgs.snapshot() == before


def test_the_proposal_keeps_the_list_already_saved_and_is_ranked(bgs):
    low = bgs.add("随手记的事")
    plan_json(bgs, "--auto")
    urgent = bgs.add("明早要交", "--due", "2026-11-23", "--from", "王主任")
    data = plan_json(bgs, "--auto", env={"BANGONGSHI_NOW": "2026-11-20T18:00"})
    assert [i["id"] for i in data["items"]] == [urgent, low]


def test_a_bad_id_in_the_draft_is_explained_and_the_review_goes_on(bgs):
    bgs.add("起草通知", "--due", "2026-11-23")
    env = bgs.process_env(EVENING)
    code, screen = run_in_terminal(["plan", "tomorrow"], ["a 99\r", "\r"], env)
    assert code == 0 and "没有编号为 #99 的事项" in screen
    assert bgs.ok("plan", "show", "2026-11-23").stdout.splitlines()[1] == "1. 起草通知 #1"
