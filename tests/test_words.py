"""Words (issue #21): each wording found on the way, reproduced, then fixed. (Others are tested beside
their feature: 「已处理 #1（已处理）」 in test_echo.py and test_changes.py, 「【密】已接收」 and
「【密】事项 #7 #7」 in the history in test_locks.py, `config set`'s 「第 66 行」 in test_undo.py,
the once-a-week 2027 reminder in test_calendar_cli.py, 「✓ 备份：0 份」 in test_backup.py.)"""

import json

from conftest import Bgs

MONDAY = {"BANGONGSHI_NOW": "2026-11-30T10:00"}
PASS = {"BANGONGSHI_PASSPHRASE": "correct horse"}


def test_a_locked_item_on_the_tomorrow_list_is_named_once(bgs):
    bgs.ok("add", "人事调整方案", "--lock", env=PASS)
    bgs.add("起草通知")
    bgs.ok("plan", "tomorrow", "--auto", env={"BANGONGSHI_NOW": "2026-11-20T17:30"})
    shown = bgs.ok("plan", "show", "2026-11-23").stdout.splitlines()
    assert "1. 【密】事项 #1" in shown and "2. 起草通知 #2" in shown


def test_importing_a_missing_file_says_why_in_chinese(bgs, tmp_path):
    missing = bgs(("import"), str(tmp_path / "没有的文件.csv"))
    assert missing.code == 2
    assert missing.stderr == f"错误：无法读取「{tmp_path / '没有的文件.csv'}」：文件不存在\n"
    folder = bgs("import", str(tmp_path))
    assert folder.code == 2 and folder.stderr.endswith("：这是一个目录，不是文件\n")


def test_a_deadline_with_a_time_is_written_like_an_appointments_start(bgs):
    bgs.add("联系会场", "--due", "2026-12-01 08:30")
    bgs.add("全市会议", "--at", "2026-12-09 09:00")
    listed = bgs.ok("list").stdout
    assert "12-01（周二）08:30 " in listed and "12-09（周三）09:00 开始" in listed
    assert "（周二） 08:30" not in listed


def test_an_item_assigned_today_is_said_to_be_assigned_today(tmp_path):
    bgs = Bgs(tmp_path / "home", MONDAY["BANGONGSHI_NOW"])
    bgs.add("-t", "联系会场", "--from", "王主任", "--due", "明天")
    row = next(line for line in bgs.ok("agenda", env={"COLUMNS": "150"}).stdout.splitlines() if "联系会场" in line)
    assert "今天" in row and "0个工作日" not in row


def _busy_day(bgs) -> None:
    bgs.add("起草年终总结", "-k", "--estimate", "3h")
    bgs.add("落实批示", "--from", "王主任", "--report", "--attention", "高")
    bgs.ok("assign", "2", "--to", "张三")
    bgs.ok("done", "2", "--result", "已落实")
    bgs.ok("reported", "2")
    bgs.add("报送信息", "--estimate", "25m")
    bgs.ok("done", "3")
    bgs.ok("done", "1", "--spent", "10h25m")
    bgs.ok("template", "apply", "会议", "--at", "2026-12-02 09:00", "--title", "全市会议")


def test_a_report_writes_the_same_figure_one_way(tmp_path):
    bgs = Bgs(tmp_path / "home", MONDAY["BANGONGSHI_NOW"])
    _busy_day(bgs)
    report = bgs.ok("report", "day").stdout
    assert "重点 10.4 小时 / 可用 6.0 小时；常规 0.9 小时 / 可用 1.5 小时" in report
    assert "10小时25分" not in report and "10.4/6.0 小时" in report
    empty = Bgs(tmp_path / "empty", MONDAY["BANGONGSHI_NOW"])
    empty.add("起草通知")
    day = empty.ok("report", "day").stdout
    assert "重点 0.0 小时 / 可用 6.0 小时" in day and "0天" not in day


def test_zero_minutes_are_zero_minutes():
    from bangongshi.domain.durations import format_minutes

    assert (format_minutes(0), format_minutes(480), format_minutes(None)) == ("0分钟", "1天", "")


def test_the_report_says_what_督办_work_was_closed_in_the_period(tmp_path):
    bgs = Bgs(tmp_path / "home", MONDAY["BANGONGSHI_NOW"])
    _busy_day(bgs)
    report = bgs.ok("report", "day").stdout
    assert "办理中 0、已逾期 0、待反馈 0、待接收 0；本期已反馈 1、已移交 0" in report
    data = bgs.ok("report", "day", "--format", "json").json()
    assert data["follow"]["closed"] == {"reported": 1, "acknowledged": 0}
    later = bgs.ok("report", "day", "2026-12-01", env={"BANGONGSHI_NOW": "2026-12-01T18:00"}).stdout
    assert "本期已反馈 0" in later


def test_new_template_steps_are_listed_under_their_meeting(tmp_path):
    bgs = Bgs(tmp_path / "home", MONDAY["BANGONGSHI_NOW"])
    _busy_day(bgs)
    week = bgs.ok("report", "week").stdout.split("新记（10）\n")[1].split("\n\n")[0].splitlines()
    assert week == ["  #1 起草年终总结", "  #2 落实批示", "  #3 报送信息", "  #4 全市会议（及其 6 个步骤）"]
    # Scripts still get every item.
    assert len(bgs.ok("report", "week", "--format", "json").json()["captured"]) == 10


def test_template_steps_keep_their_order_when_time_is_short(tmp_path):
    bgs = Bgs(tmp_path / "home", MONDAY["BANGONGSHI_NOW"])
    applied = bgs.ok("template", "apply", "收文办理", "--due", "3个工作日后", "--title", "关于X的来文",
                     "--format", "json")
    steps = [(s["step"], s["due"]) for s in applied.json()["steps"]]
    template = json.loads(bgs.ok("template", "show", "收文办理", "--format", "json").stdout)
    assert [name for name, _ in steps] == [s["id"] for s in template["steps"]]  # the template's order
    dues = [due for _, due in steps]
    assert dues == sorted(dues) and dues[-1] == "2026-12-03"  # the deadline holds
    assert "步骤保持先后次序" in applied.stderr
    # With time enough, nothing moves.
    roomy = bgs.ok("template", "apply", "收文办理", "--due", "2026-12-18", "--title", "关于Y的来文")
    assert "时间紧" not in roomy.stderr


def test_a_report_names_a_locked_item_once(tmp_path):
    bgs = Bgs(tmp_path / "home", MONDAY["BANGONGSHI_NOW"])
    bgs.ok("add", "人事调整方案", "--lock", "--due", "今天", env=PASS)
    report = bgs.ok("report", "day").stdout
    assert "  【密】事项 #1（截止 2026-11-30）" in report and "#1 【密】事项 #1" not in report
