"""Say what was understood (issue #21): `add` echoes the deadline or start it read, the folder, the
quadrant and every warning; a new item with an open item's title is warned of (`--dup-ok` for
scripts); `edit`, `move`, `done`, `reopen` show each changed field as old → new. JSON carries the same."""

import sqlite3

from conftest import Bgs

MONDAY = "2026-11-30T10:00"


def test_add_echoes_the_deadline_the_folder_and_the_quadrant(tmp_path):
    bgs = Bgs(tmp_path / "home", MONDAY)
    added = bgs.ok("add", "给王主任订机票", "--due", "12月3日下午3点", "-i")
    assert added.stdout == "1\n"
    assert added.stderr.splitlines() == ["已记入 待办：#1 给王主任订机票", "  截止 12月3日（周四）15:00；重要不紧急"]
    # Due tomorrow is urgent (within urgent_within_workdays); from someone, 临时, important.
    soon = bgs.ok("add", "-t", "送文件", "--from", "王主任", "--due", "明天").stderr.splitlines()
    assert soon == ["已记入 临时：#2 送文件", "  截止 12月1日（周二）；王主任交办；重要且紧急"]


def test_add_echoes_an_appointment_and_next_years_date(tmp_path):
    bgs = Bgs(tmp_path / "home", MONDAY)
    lines = bgs.ok("add", "全市会议", "--at", "2026-12-01 09:30", "--duration", "2h").stderr.splitlines()
    assert lines[1] == "  开始 12月1日（周二）09:30，2小时；不重要不紧急"
    lines = bgs.ok("add", "年度总结", "--due", "2027-01-05", "-u").stderr.splitlines()
    assert lines[1] == "  截止 2027年1月5日（周二）；紧急不重要"


def test_add_puts_warnings_after_what_it_understood_and_in_json(tmp_path):
    bgs = Bgs(tmp_path / "home", MONDAY)
    lines = bgs.ok("add", "周六加班", "--due", "2026-12-05").stderr.splitlines()
    assert lines[:2] == ["已记入 待办：#1 周六加班", "  截止 12月5日（周六）；不重要不紧急"]
    assert lines[2].startswith("注意：12月5日（周六）是休息日")
    item = bgs.ok("add", "周日值班", "--due", "2026-12-06", "-i", "-u", "--format", "json").json()
    assert (item["quadrant"], item["quadrant_label"]) == (1, "重要且紧急")
    assert item["duplicates"] == [] and item["warnings"][0].startswith("12月6日（周日）是休息日")


def test_a_title_already_open_is_warned_of_and_dup_ok_skips_the_check(tmp_path):
    bgs = Bgs(tmp_path / "home", MONDAY)
    bgs.add("给王主任订机票")
    bgs.add("-t", "给王主任订机票", "--dup-ok")
    bgs.add("报送月度信息")
    bgs.ok("done", "3")
    again = bgs.ok("add", "给王主任订机票")
    assert "注意：已有 #1 给王主任订机票（待办）、#2（临时）；若是同一件事，bgs undo 撤销这次记入" in again.stderr
    quiet = bgs.ok("add", "给王主任订机票", "--dup-ok")
    assert "已有" not in quiet.stderr
    assert "已有" not in bgs.ok("add", "报送月度信息").stderr  # a handled item is no duplicate
    shown = bgs.ok("add", "  给王主任订机票 ", "--format", "json").json()  # the title as it is stored
    assert shown["duplicates"] == [{"id": 1, "folder": "todo", "folder_label": "待办"},
                                   {"id": 2, "folder": "temp", "folder_label": "临时"},
                                   {"id": 4, "folder": "todo", "folder_label": "待办"}]
    assert shown["warnings"] == ["已有 #1 给王主任订机票（待办）、#2（临时）、#4（待办）；若是同一件事，bgs undo 撤销这次记入"]
    assert "已有" in bgs.ok("add", "给王主任订机票", "-f", "json").stderr  # scripts see it on stderr too


def test_the_duplicate_check_is_one_lookup_in_the_open_titles_index(bgs, monkeypatch):
    for n in range(3):
        bgs.add(f"事项{n}")
    statements = []
    connect = sqlite3.connect

    def traced(*args, **kwargs):
        conn = connect(*args, **kwargs)
        conn.set_trace_callback(statements.append)
        return conn

    monkeypatch.setattr(sqlite3, "connect", traced)
    bgs.ok("add", "事项1")
    monkeypatch.setattr(sqlite3, "connect", connect)
    lookups = [s for s in statements if "title = " in s]
    assert len(lookups) == 1
    with connect(bgs.db) as conn:
        plan = [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + lookups[0])]
    assert plan == ["SEARCH items USING INDEX items_open_title (title=?)"]


def test_edit_shows_each_changed_field_old_and_new(tmp_path):
    bgs = Bgs(tmp_path / "home", MONDAY)
    bgs.add("起草通知", "--due", "2026-12-01", "--tag", "会议")
    edited = bgs.ok("edit", "1", "--due", "2026-12-03 15:00", "-i", "--from", "王主任", "--title", "起草会议通知",
                    "--estimate", "2h").stderr.splitlines()
    assert edited == [
        "已修改 #1 起草通知",
        "  标题：起草通知 → 起草会议通知",
        "  重要：否 → 是",
        "  截止：12月1日（周二） → 12月3日（周四）15:00",
        "  交办人：（无） → 王主任",
        "  预计用时：（无） → 2小时",
    ]
    cleared = bgs.ok("edit", "1", "--clear", "due", "--untag", "会议").stderr.splitlines()
    assert cleared[1:] == ["  截止：12月3日（周四）15:00 → （无）", "  标签：会议 → （无）"]
    same = bgs.ok("edit", "1", "-i").stderr.splitlines()
    assert same == ["#1 起草会议通知：未改动"]


def test_move_done_and_reopen_say_where_the_item_went(tmp_path):
    bgs = Bgs(tmp_path / "home", MONDAY)
    bgs.add("联系会场")
    assert bgs.ok("move", "1", "临时").stderr.splitlines() == ["已移动 #1 联系会场：待办 → 临时"]
    assert bgs.ok("done", "1", "--result", "已联系", "--spent", "30m").stderr.splitlines() == [
        "已办结 #1 联系会场：临时 → 已处理", "  处理结果：（无） → 已联系", "  实际用时：（无） → 30分钟"]
    assert bgs.ok("done", "1").stderr.splitlines() == ["注意：#1 已在 已处理", "#1 联系会场：未改动"]
    assert bgs.ok("reopen", "1").stderr.splitlines() == ["已重新打开 #1 联系会场：已处理 → 临时",
                                                         "  处理结果：已联系 → （无）"]


def test_changed_items_in_json_carry_their_changes(tmp_path):
    bgs = Bgs(tmp_path / "home", MONDAY)
    bgs.add("联系会场", "--due", "2026-12-01")
    [edited] = bgs.ok("edit", "1", "--due", "2026-12-03 15:00", "--format", "json").json()
    assert edited["due"] == "2026-12-03"
    assert edited["changes"] == [{"field": "due", "before": "2026-12-01", "after": "2026-12-03"},
                                 {"field": "due_time", "before": None, "after": "15:00"}]
    [done] = bgs.ok("done", "1", "--format", "json").json()
    assert done["changes"] == [{"field": "folder", "before": "todo", "after": "done"},
                               {"field": "done_at", "before": None, "after": "2026-11-30T10:00:00+08:00"}]
    [again] = bgs.ok("done", "1", "--format", "json").json()
    assert again["changes"] == []


def test_a_locked_item_is_named_once(tmp_path):
    bgs = Bgs(tmp_path / "home", MONDAY)
    env = {"BANGONGSHI_PASSPHRASE": "long enough passphrase"}
    bgs.ok("add", "人事调整方案", "--lock", env=env)
    lines = bgs.ok("move", "1", "临时", env=env).stderr.splitlines()
    assert lines == ["已移动 【密】事项 #1：待办 → 临时"]
    assert "已删除 【密】事项 #1（临时）" in bgs.ok("delete", "1", "--yes").stderr
