"""Procedure templates: one command lays out a meeting, a document's handling, a reception."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from bangongshi.domain import template as domain
from bangongshi.domain.calendar import Calendar, package_data
from bangongshi.domain.settings import Located
from conftest import run_in_terminal

CALENDAR = Calendar(package_data(2026))


def steps_by_name(applied):
    return {s["step"]: (s["due"], s["title"]) for s in applied["steps"]}


def test_a_meeting_and_its_steps(bgs):
    applied = bgs.ok("template", "apply", "会议", "--at", "下周三上午9点", "--title", "全市办公室工作会议",
                     "--where", "三楼会议室", "--format", "json").json()
    anchor = applied["anchor"]
    assert (anchor["title"], anchor["at"], anchor["kind"], anchor["duration_minutes"], anchor["location"]) == (
        "全市办公室工作会议", "2026-11-25T09:00:00+08:00", "meeting", 120, "三楼会议室")
    assert {k: v[0] for k, v in steps_by_name(applied).items()} == {
        "plan": "2026-11-20", "notice": "2026-11-20", "materials": "2026-11-24", "service": "2026-11-25",
        "minutes": "2026-11-26", "follow_up": "2026-11-30"}
    assert steps_by_name(applied)["notice"][1] == "印发会议通知，收集参会回执：全市办公室工作会议"
    assert {s["parent_id"] for s in applied["steps"]} == {anchor["id"]}
    shown = bgs.ok("show", str(anchor["id"])).stdout
    assert "步骤" in shown and "2026-11-24 准备会议材料，排定座次，落实会场与设备：全市办公室工作会议" in shown
    assert f"#{anchor['id']} 全市办公室工作会议" in bgs.ok("show", str(applied["steps"][0]["id"])).stdout


def test_step_dates_follow_the_tiaoxiu_calendar(bgs):
    # The Friday after 国庆 2026: the day before it is Thursday 10-08; the day after, the 调休 Saturday 10-10.
    applied = bgs.ok("template", "apply", "会议", "--at", "2026-10-09 09:00", "--title", "节后工作会",
                     "--format", "json", env={"BANGONGSHI_NOW": "2026-09-21T09:00"}).json()
    dates = {k: v[0] for k, v in steps_by_name(applied).items()}
    assert (dates["notice"], dates["materials"], dates["minutes"]) == ("2026-09-29", "2026-10-08", "2026-10-10")


def test_a_document_counts_back_from_its_deadline(bgs):
    applied = bgs.ok("template", "apply", "收文办理", "--due", "下周五", "--title", "关于做好冬季安全生产工作的通知",
                     "--format", "json").json()
    assert {k: v[0] for k, v in steps_by_name(applied).items()} == {
        "register": "2026-11-20", "propose": "2026-11-20", "approve": "2026-11-23", "handle": "2026-11-24",
        "chase": "2026-11-25", "close": "2026-11-27"}
    assert applied["anchor"]["due"] == "2026-11-27"
    assert [s["id"] for s in applied["steps"]] == sorted(s["id"] for s in applied["steps"])


def test_every_shipped_template_reads_and_applies(bgs):
    names = [t["name"] for t in bgs.ok("template", "list", "--format", "json").json()]
    assert names == ["会议", "发文办理", "接待", "收文办理"]
    for name in names:
        anchor = "--at" if bgs.ok("template", "show", name, "--format", "json").json()["anchor"] == "at" else "--due"
        applied = bgs.ok("template", "apply", name, anchor, "2026-12-15 10:00" if anchor == "--at" else "2026-12-15",
                         "--title", f"测试{name}", "--format", "json").json()
        assert len(applied["steps"]) >= 5
        assert all(s["due"] >= "2026-11-20" for s in applied["steps"])


def test_moving_the_anchor_moves_its_open_steps_when_asked(bgs):
    applied = bgs.ok("template", "apply", "会议", "--at", "下周三上午9点", "--title", "全市会议", "--format", "json").json()
    anchor, steps = applied["anchor"]["id"], {s["step"]: s["id"] for s in applied["steps"]}
    bgs.ok("done", str(steps["notice"]))
    kept = bgs.ok("edit", str(anchor), "--at", "下周四上午9点")
    assert "的步骤留在原日期；要随之移动请加 --move-steps" in kept.stderr
    assert bgs.item(steps["materials"])["due"] == "2026-11-24"
    bgs.ok("edit", str(anchor), "--at", "下周五上午9点", "--move-steps")
    due = {name: bgs.item(item_id)["due"] for name, item_id in steps.items()}
    assert due == {"plan": "2026-11-20", "notice": "2026-11-20", "materials": "2026-11-26",
                   "service": "2026-11-27", "minutes": "2026-11-30", "follow_up": "2026-12-02"}
    bgs.ok("edit", str(anchor), "--at", "下周三上午9点", "--keep-steps")
    assert bgs.item(steps["service"])["due"] == "2026-11-27"


def test_in_a_terminal_moving_the_anchor_asks(bgs):
    applied = bgs.ok("template", "apply", "接待", "--at", "下周三上午10点", "--title", "调研组来访", "--format", "json").json()
    code, screen = run_in_terminal(["edit", str(applied["anchor"]["id"]), "--at", "下周四上午10点"], ["y\n"],
                                   bgs.process_env())
    assert code == 0, screen
    assert "步骤的日期随之移动吗" in screen
    host = next(s for s in applied["steps"] if s["step"] == "host")
    assert bgs.item(host["id"])["due"] == "2026-11-26"


def test_undo_takes_back_the_whole_procedure(bgs):
    bgs.ok("template", "apply", "发文办理", "--due", "月底前", "--title", "年终工作通知")
    assert len(bgs.items()) == 8
    bgs.ok("undo")
    assert bgs.items() == []


def write_template(bgs, name, text):
    folder = bgs.home / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.yaml").write_text(text, encoding="utf-8")


def test_a_users_own_template(bgs):
    write_template(bgs, "值班", "name: 值班\ndescription: 节假日值班\nanchor:\n  date: due\nsteps:\n"
                               "  - id: roster\n    title: 排值班表\n    offset: -5\n"
                               "  - id: report\n    title: 报送值班表\n    from: roster\n    offset: 1\n")
    listed = {t["name"]: t["origin"] for t in bgs.ok("template", "list", "--format", "json").json()}
    assert listed["值班"] == "user"
    applied = bgs.ok("template", "apply", "值班", "--due", "2026-12-31", "--title", "元旦值班", "--format", "json").json()
    assert [(s["step"], s["due"]) for s in applied["steps"]] == [("roster", "2026-12-24"), ("report", "2026-12-25")]


def test_bad_templates_are_refused_with_their_line_and_change_nothing(bgs):
    bgs.add("已有的事项")
    write_template(bgs, "循环", "name: 循环\nsteps:\n  - id: a\n    title: 甲\n    from: b\n"
                               "  - id: b\n    title: 乙\n    from: a\n")
    write_template(bgs, "断链", "name: 断链\nsteps:\n  - id: a\n    title: 甲\n    from: nowhere\n")
    write_template(bgs, "坏偏移", "name: 坏偏移\nsteps:\n  - id: a\n    title: 甲\n    offset: 三天\n")
    before = bgs.snapshot()
    for name, message in [
        ("循环", "第 3 行：步骤之间循环引用：a → b → a"),
        ("断链", "第 3 行：步骤「a」的 from 指向不存在的步骤「nowhere」"),
        ("坏偏移", "第 5 行：offset 是相隔的工作日数"),
        ("没有这个", "没有名为「没有这个」的模板，可用：会议"),
    ]:
        result = bgs("template", "apply", name, "--at", "明天上午9点", "--title", "x")
        assert result.code == 2 and message in result.stderr, (name, result.stderr)
    assert "需要 --title" in bgs("template", "apply", "会议", "--at", "明天上午9点").stderr
    assert "请给出 --due" in bgs("template", "apply", "收文办理", "--title", "x").stderr
    assert bgs.snapshot() == before
    listed = bgs.ok("template", "list").stdout
    assert "循环（自定义，无法读取）" in listed and "会议（自带，6 步）" in listed


chains = st.lists(st.tuples(st.integers(-10, 10), st.booleans()), min_size=1, max_size=8)


@given(chains, st.dates(date(2026, 1, 5), date(2026, 12, 1)))
def test_a_step_after_another_lands_on_a_workday_after_it(chain, anchor):
    """Each step counts from the previous one (or the anchor): positive offsets land later, on workdays."""
    steps = tuple(
        domain.Step(f"s{n}", f"步骤{n}", offset, f"s{n - 1}" if chained and n else "", domain.Fields(), n + 1)
        for n, (offset, chained) in enumerate(chain))
    template = domain.Template("t", "", "due", domain.Fields(), steps, "test")
    dates = domain.step_dates(template, anchor, anchor, CALENDAR)
    for step in steps:
        base = anchor if step.start_from == "" else dates[step.start_from]
        if step.offset:
            assert CALENDAR.is_workday(dates[step.id])
            assert (dates[step.id] > base) == (step.offset > 0)
            assert CALENDAR.workdays_between(min(base, dates[step.id]), max(base, dates[step.id])) in (
                abs(step.offset), abs(step.offset) - 1, abs(step.offset) + 1)


def test_a_template_tree_needs_steps():
    import pytest

    from bangongshi.errors import BadInput

    with pytest.raises(BadInput, match="steps 应是至少一个步骤的列表"):
        domain.from_tree(Located({"name": Located("空", 1)}, 1), "模板", "空")


def test_steps_that_are_already_late_fall_on_the_start_day(bgs):
    applied = bgs.ok("template", "apply", "接待", "--at", "下周二上午10点", "--title", "调研组来访", "--format", "json")
    steps = {s["step"]: s["due"] for s in applied.json()["steps"]}
    assert steps["intent"] == "2026-11-20" and steps["approve"] == "2026-11-20" and steps["arrange"] == "2026-11-23"
    assert "了解来访意图、人员和行程，拟定接待方案 按模板应在 2026-11-20 之前办，已排到这一天" in applied.stderr
