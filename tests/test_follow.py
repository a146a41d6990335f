"""督办 and feedback: follow every assigned item until a result is reported."""

import csv
import io

import pytest

from conftest import run_in_terminal

LEDGER_KEYS = ["id", "title", "source", "handler", "assigned_at", "delegated_at", "due", "attention",
               "attention_label", "report_required", "nudges", "last_nudge", "next_nudge", "last_progress",
               "last_progress_at", "status", "status_label", "reported_at", "handoff_to",
               # issue #25 (tests/test_shared.py): shared with a colleague, who changed it last, 延期 asked
               "shared_with", "changed_by", "changed_by_label", "changed_at", "shared_state", "shared_state_label",
               "extension_due"]


def received(bgs) -> int:
    return bgs.add("落实市长批示：校园安全检查", "--from", "王主任", "--attention", "高", "--report", "--due", "下周五")


def test_read_back_when_receiving(bgs):
    added = bgs.ok("add", "落实市长批示：校园安全检查", "--from", "王主任", "--attention", "高", "--report",
                   "--due", "下周五", "--confirm")
    sentence = "收到。王主任交办：落实市长批示：校园安全检查，11月27日（周五）前完成，完成后向王主任反馈。"
    assert added.stdout.splitlines() == ["1", sentence]
    assert bgs.ok("readback", "1").stdout.strip() == sentence
    item = bgs.item(1)
    assert (item["attention"], item["attention_label"], item["report_required"]) == ("high", "高", True)


def test_delegating_then_nudging_on_a_cadence(bgs):
    item = received(bgs)
    bgs.ok("assign", str(item), "--to", "教育科张三", "--every", "每2个工作日")
    saved = bgs.item(item)
    assert (saved["handler"], saved["follow_every"], saved["follow_policy"]) == ("教育科张三", "每2个工作日", "workdays")
    assert saved["delegated_at"] == "2026-11-20T10:00:00+08:00"
    ledger = bgs.ok("follow", "--format", "json").json()
    assert [list(r) for r in ledger] == [LEDGER_KEYS]
    assert (ledger[0]["status"], ledger[0]["nudges"], ledger[0]["next_nudge"]) == ("open", 0, "2026-11-24")
    # Tuesday: the nudge is due; the agenda says so; after nudging it, the next is two workdays on.
    tuesday = {"BANGONGSHI_NOW": "2026-11-24T09:00"}
    reminders = bgs.ok("agenda", "--format", "json", env=tuesday).json()["follow_ups"]
    assert [(r["kind"], r["id"], r["handler"]) for r in reminders] == [("nudge", item, "教育科张三")]
    bgs.ok("nudge", str(item), "--via", "电话", "--note", "已开始排查", env=tuesday)
    bgs.ok("progress", str(item), "已检查8所学校", env=tuesday)
    row = bgs.ok("follow", "--format", "json", env=tuesday).json()[0]
    assert (row["nudges"], row["last_nudge"], row["next_nudge"], row["last_progress"]) == (
        1, "2026-11-24T09:00:00+08:00", "2026-11-26", "已检查8所学校")
    assert bgs.ok("agenda", "--format", "json", env=tuesday).json()["follow_ups"] == []
    history = bgs.ok("show", str(item), env=tuesday).stdout
    assert "催办（电话） 教育科张三：已开始排查" in history and "进展 教育科张三：已检查8所学校" in history


def test_overdue_items_lead_the_ledger(bgs):
    assert "没有督办事项" in bgs.ok("follow").stderr
    bgs.ok("assign", str(received(bgs)), "--to", "赵六")
    assert bgs.ok("follow", "--overdue").stderr.strip() == "没有逾期的督办事项"
    bgs.ok("delete", "1", "--yes")
    late = bgs.add("报送安全台账", "--from", "李科长", "--due", "2026-11-18")
    bgs.ok("assign", str(late), "--to", "王五")
    fine = received(bgs)
    bgs.ok("assign", str(fine), "--to", "张三")
    rows = bgs.ok("follow", "--format", "json").json()
    assert [(r["id"], r["status"]) for r in rows] == [(late, "overdue"), (fine, "open")]
    assert [r["id"] for r in bgs.ok("follow", "--overdue", "--format", "json").json()] == [late]
    table = bgs.ok("follow").stdout
    assert "已逾期" in table and "王五" in table
    text = bgs.ok("follow", "--format", "md").stdout.splitlines()
    assert text[0] == "| 编号 | 事项 | 交办人 | 承办人 | 交办日期 | 时限 | 催办次数 | 最近进展 | 状态 |"
    assert text[2].startswith(f"| #{late} | 报送安全台账 | 李科长 | 王五 |")
    rows = list(csv.reader(io.StringIO(bgs.ok("follow", "--format", "csv").stdout)))
    assert rows[0] == LEDGER_KEYS and rows[1][0] == str(late)


def test_nothing_closes_without_a_result_and_the_report_is_owed(bgs):
    item = received(bgs)
    before = bgs.snapshot()
    refused = bgs("done", str(item))
    assert refused.code == 2 and "办结时请写明结果" in refused.stderr
    assert bgs.snapshot() == before
    bgs.ok("done", str(item), "--result", "已检查全部12所学校，整改3处")
    # High attention: the report is due the same day, and stays on the agenda until made.
    reminders = bgs.ok("agenda", "--format", "json").json()["follow_ups"]
    assert [(r["kind"], r["id"], r["text"]) for r in reminders] == [
        ("report", item, f"向王主任反馈办理结果（bgs reported {item}）")]
    assert bgs.ok("follow", "--format", "json").json()[0]["status"] == "done_unreported"
    bgs.ok("reported", str(item), "--via", "当面")
    assert bgs.ok("agenda", "--format", "json").json()["follow_ups"] == []
    assert bgs.ok("follow", "--format", "json").json()[0]["status"] == "reported"
    assert bgs("reported", str(item)).code == 2


def test_a_lower_attention_report_can_wait_a_workday(bgs):
    item = bgs.add("统计报表", "--from", "李科长", "--report", "--attention", "低")
    bgs.ok("done", str(item), "--result", "已报")
    assert bgs.ok("agenda", "--format", "json").json()["follow_ups"] == []
    later = bgs.ok("agenda", "--format", "json", env={"BANGONGSHI_NOW": "2026-11-24T09:00"}).json()
    assert [r["kind"] for r in later["follow_ups"]] == ["report"]


def test_a_handoff_is_done_only_when_acknowledged(bgs):
    item = bgs.add("筹备年终表彰会")
    bgs.ok("handoff", str(item), "--to", "李四", "--note", "材料在共享盘")
    assert [(r["kind"], r["handoff_to"]) for r in bgs.ok("agenda", "--format", "json").json()["follow_ups"]] == [
        ("handoff", "李四")]
    assert [i["id"] for i in bgs.items()] == [item]  # still mine until acknowledged
    assert bgs("handoff", str(item), "--to", "王五").code == 2
    bgs.ok("ack", str(item), env={"BANGONGSHI_NOW": "2026-11-23T09:00"})
    assert bgs.items() == []
    done = bgs.item(item)
    assert (done["folder"], done["result"], done["acknowledged_at"]) == (
        "done", "已移交李四，11月23日确认接收", "2026-11-23T09:00:00+08:00")
    log = bgs.ok("show", str(item)).stdout
    assert "移交 李四：材料在共享盘" in log and "接收 李四" in log


@pytest.mark.parametrize("args, code, message", [
    (["nudge", "1", "--via", "电话"], 2, "不是督办事项：先用 bgs assign 1 --to 承办人 交办"),
    (["ack", "1"], 2, "#1 没有等待确认的移交"),
    (["nudge", "9", "--via", "电话"], 3, "没有编号为 #9 的事项"),
    (["assign", "1", "--to", "  "], 2, "--to 需要一个名字"),
    (["assign", "1", "--to", "张三", "--every", "偶尔"], 2, "无法识别周期「偶尔」"),
    (["progress", "1", " "], 2, "进展不能为空"),
    (["reported", "1"], 2, "#1 还没有办结"),
    (["add", "x", "--attention", "非常高"], 2, "未知的关注程度「非常高」"),
])
def test_bad_follow_up_input_changes_nothing(bgs, args, code, message):
    bgs.add("起草通知")
    before = bgs.snapshot()
    result = bgs(*args)
    assert result.code == code, result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr
    assert bgs.snapshot() == before


def test_an_unknown_channel_is_refused(bgs):
    item = bgs.add("起草通知")
    bgs.ok("assign", str(item), "--to", "张三")
    before = bgs.snapshot()
    result = bgs("nudge", str(item), "--via", "飞鸽传书")
    assert result.code == 2 and "未知的催办方式「飞鸽传书」，可用：电话（phone）、短信（sms）" in result.stderr
    assert bgs.snapshot() == before


def test_undo_takes_back_a_nudge(bgs):
    item = bgs.add("起草通知")
    bgs.ok("assign", str(item), "--to", "张三")
    bgs.ok("nudge", str(item), "--via", "短信")
    assert bgs.ok("follow", "--format", "json").json()[0]["nudges"] == 1
    assert "催办 #1" in bgs.ok("undo").stderr
    assert bgs.ok("follow", "--format", "json").json()[0]["nudges"] == 0


def test_the_evening_plan_proposes_the_nudges_of_the_next_workday(bgs):
    item = received(bgs)
    bgs.ok("assign", str(item), "--to", "教育科张三", "--every", "每周一")
    bgs.add("已办的事")
    plan = bgs.ok("plan", "tomorrow", "--auto", "--format", "json", env={"BANGONGSHI_NOW": "2026-11-20T17:30"})
    assert item in [i["id"] for i in plan.json()["items"]]
    assert "【该催办】#1 落实市长批示：校园安全检查：按约定向教育科张三催办" in plan.stderr


def test_the_review_can_hand_an_item_off(bgs):
    late = bgs.add("整理档案", "--due", "2026-11-19")
    code, screen = run_in_terminal(["plan", "tomorrow"], ["h", "李四\n", "\r"],
                                   bgs.process_env({"BANGONGSHI_NOW": "2026-11-20T17:30"}))
    assert code == 0, screen
    assert "[h]移交他人" in screen
    item = bgs.item(late)
    assert (item["handoff_to"], item["folder"]) == ("李四", "todo")
    assert late not in [i["id"] for i in bgs.ok("plan", "show", "下周一", "--format", "json").json()["items"]]


@pytest.mark.parametrize("width", ["40", "60", "80"])
def test_the_ledger_fits_a_narrow_terminal(bgs, width):
    """With nothing shared the ledger has no 「最近改动」 column; on a narrow terminal the table gave way
    column by column and then tried to drop that absent one too (exit 1, found in review)."""
    item = received(bgs)
    bgs.ok("assign", str(item), "--to", "教育科张三", "--every", "每2个工作日")
    from rich.cells import cell_len

    shown = bgs.ok("follow", env={"COLUMNS": width}).stdout
    assert "#1" in shown and "最近改动" not in shown
    assert max(cell_len(line) for line in shown.splitlines()) <= int(width)
    if width == "80":
        assert "教育科张三" in shown
