"""Reports: the work log, week and month reports, and the chronicle, with the values a user reads."""

import csv
import io

import pytest


@pytest.fixture
def week(bgs):
    """Friday 2026-11-20 in an office: two items handled, one owed a report, one carried over."""
    bgs.add("起草通知", "--kind", "办文", "-k", "--estimate", "2h")
    bgs.add("全市会议", "--kind", "办会", "--major")
    bgs.add("联系会场", "--from", "王主任", "--report")
    bgs.add("报送统计表", "--due", "2026-11-19")
    bgs.ok("done", "1", "--spent", "3h")
    bgs.ok("done", "2")
    bgs.ok("done", "3", "--result", "已联系，三楼会议室")
    bgs.ok("slip", "通知漏发了教育局", "--item", "1")
    bgs.ok("event", "市委书记来我县调研", "--date", "2026-11-18")
    return bgs


def test_the_work_log_of_a_day(week):
    data = week.ok("report", "day", "--format", "json").json()
    assert (data["kind"], data["title"], data["first"], data["workdays"], data["done_count"]) == (
        "day", "工作日志 2026年11月20日（周五）", "2026-11-20", 1, 3)
    assert [(g["kind_label"], [i["title"] for i in g["items"]]) for g in data["done"]] == [
        ("办文", ["起草通知"]), ("办会", ["全市会议"]), ("办事", []), ("其他", ["联系会场"])]
    assert [i["title"] for i in data["carried"]] == ["报送统计表"]
    assert len(data["captured"]) == 4
    assert data["follow"]["counts"] == {"done_unreported": 1}
    assert data["slips"][0]["text"] == "通知漏发了教育局" and data["slips"][0]["item_id"] == 1
    # Key: 3 h spent (not the 2 h estimate); routine: two items at the default 30 minutes each... or their kind's.
    assert data["minutes"]["key_spent"] == 180 and data["minutes"]["key_target"] == 360
    assert data["minutes"]["routine_target"] == 90
    assert data["per_day"] == [{"date": "2026-11-20", "done": 3}]


def test_a_week_counts_its_workdays_and_the_tomorrow_lists(week):
    week.ok("plan", "tomorrow", "--auto", env={"BANGONGSHI_NOW": "2026-11-19T17:30"})
    data = week.ok("report", "week", "--format", "json").json()
    assert (data["first"], data["last"], data["workdays"]) == ("2026-11-16", "2026-11-22", 5)
    assert data["minutes"]["key_target"] == 5 * 360
    assert data["plan"]["planned"] >= 1
    text = week.ok("report", "week", "--format", "text").stdout
    assert text.startswith("周报 2026年11月16日—11月22日\n工作日 5 天，办结 3 项\n【已办结】")
    assert "  #3 联系会场——已联系，三楼会议室" in text and "  11-20 通知漏发了教育局（#1）" in text


def test_markdown_html_csv_and_xlsx(week, tmp_path):
    md = week.ok("report", "day", "--format", "md").stdout
    assert md.startswith("# 工作日志 2026年11月20日（周五）") and "\n## 已办结" in md and "- #1 起草通知" in md
    week.ok("report", "week", "--format", "html", "-o", str(tmp_path / "r.html"))
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and "<h1>周报 2026年11月16日—11月22日</h1>" in page
    rows = list(csv.reader(io.StringIO(week.ok("report", "day", "--format", "csv").stdout)))
    assert rows[0][:4] == ["section", "section_label", "id", "title"]
    assert [r[0] for r in rows[1:]].count("done") == 3 and rows[-1][:4] == ["slip", "差错", "1", "通知漏发了教育局"]
    from openpyxl import load_workbook

    week.ok("report", "month", "--format", "xlsx", "--labels", "code", "-o", str(tmp_path / "r.xlsx"))
    sheet = load_workbook(tmp_path / "r.xlsx").active
    assert sheet["A1"].value == "section" and sheet.max_row == len(rows)
    week.ok("report", "month", "--format", "xlsx", "-o", str(tmp_path / "people.xlsx"))  # issue #22: the default
    people = load_workbook(tmp_path / "people.xlsx").active
    assert people["A1"].value == "月报（2026年11月）" and people["A2"].value == "栏目" and people.max_row == len(rows) + 1


def test_the_table_has_bar_charts(week):
    screen = week.ok("report", "week").stdout
    assert "每天办结" in screen and "11-20 周五 ████████████████████ 3" in screen
    assert "  重点 ██                   3.0/30.0 小时" in screen.splitlines()
    assert "  常规 █████                2.0/7.5 小时" in screen.splitlines()


def test_the_chronicle_lists_major_items_and_events_by_date(week):
    data = week.ok("report", "chronicle", "--format", "json").json()
    assert data["entries"] == [
        {"date": "2026-11-18", "title": "市委书记来我县调研", "item_id": None, "kind": "event"},
        {"date": "2026-11-20", "title": "全市会议", "item_id": 2, "kind": "item"}]
    assert week.ok("report", "chronicle").stdout.splitlines() == [
        "2026年大事记", "11月18日  市委书记来我县调研", "11月20日  全市会议（#2）"]
    assert week.ok("report", "chronicle", "--year", "2025", "--format", "json").json()["entries"] == []


@pytest.mark.parametrize("args, message", [
    (["event", " "], "大事不能为空"),
    (["slip", "漏发", "--item", "99"], "没有编号为 #99 的事项"),
    (["report", "month", "2026-13"], "月份「2026-13」应写作 YYYY-MM"),
    (["report", "day", "--format", "xlsx"], "需要 -o 文件名"),
    (["report", "day", "--format", "pdf"], "不支持的输出格式「pdf」"),
    (["done", "1", "--spent", "很久"], "实际用时 --spent"),
])
def test_bad_report_input(bgs, args, message):
    bgs.add("起草通知")
    before = bgs.snapshot()
    result = bgs(*args)
    assert result.code in (2, 3) and message in result.stderr, result.stderr
    assert bgs.snapshot() == before


def test_a_done_meeting_counts_its_duration_as_the_agenda_did(bgs):
    meeting = bgs.add("全市办公室工作会议", "--at", "2026-11-20 09:00", "--duration", "2h")
    bgs.ok("done", str(meeting))
    data = bgs.ok("report", "day", "--format", "json").json()
    assert data["minutes"]["routine_spent"] == 120  # its duration, not the 30-minute default of an item


@pytest.mark.parametrize("kind", ["day", "week", "month"])
def test_an_output_file_without_a_format_is_bad_input_not_a_table_on_the_screen(week, tmp_path, kind):
    """`-o 月报.md` alone printed the table (its lists cut short) and wrote no file, exit 0."""
    target = tmp_path / "月报.md"
    result = week("report", kind, "-o", str(target))
    assert result.code == 2 and "-o 要与 --format 一起用" in result.stderr and not result.stdout
    assert not target.exists()
    week.ok("report", kind, "--format", "md", "-o", str(target))
    assert target.read_text(encoding="utf-8").startswith("# ")


def test_a_reports_handled_and_followed_items_are_read_from_their_indexes_alone(tmp_path):
    """A month's report counts some 10,000 handled and 30,000 followed items: the columns it reads of them
    are in the indexes items_done_at and items_followed (schema_v23.sql), so SQLite never looks each one
    up in the table (two thirds of the report when it did)."""
    from datetime import date, datetime, timedelta, timezone

    from bangongshi.storage import open_store

    tz = timezone(timedelta(hours=8))
    store = open_store(tmp_path / "bangongshi.db", datetime(2026, 11, 30, 8, 30, tzinfo=tz))
    statements: list[str] = []
    try:
        store.conn.set_trace_callback(statements.append)
        start, end = datetime(2026, 11, 1, tzinfo=tz), datetime(2026, 12, 1, tzinfo=tz)
        store.briefs.done_facts(start, end)
        store.briefs.ledger_summary(date(2026, 11, 30), ("overdue", "done_unreported", "handed_off"), start, end)
        store.conn.set_trace_callback(None)
        plans = [" ".join(row[-1] for row in store.conn.execute("EXPLAIN QUERY PLAN " + sql))
                 for sql in statements if sql.lstrip().startswith("SELECT")]
    finally:
        store.close()
    assert len(plans) == 2
    assert "USING COVERING INDEX items_done_at (done_at>? AND done_at<?)" in plans[0]
    assert "TEMP B-TREE" not in plans[0]  # in the order of the day handled, then the number
    assert "USING COVERING INDEX items_followed" in plans[1]
