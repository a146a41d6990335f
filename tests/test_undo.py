"""The journal: undo and redo revert whole commands, of every kind, again and again."""

import pytest


def test_undo_reverts_each_kind_of_change(bgs):
    item_id = bgs.add("起草通知", "--due", "2026-11-25", "--tag", "急")
    steps = [
        ("edit", str(item_id), "--due", "2026-12-01", "--untag", "急"),
        ("move", str(item_id), "临时"),
        ("done", str(item_id), "--result", "已印发"),
        ("reopen", str(item_id)),
        ("delete", str(item_id), "--yes"),
    ]
    states = [bgs.snapshot()]
    for step in steps:
        bgs.ok(*step)
        states.append(bgs.snapshot())
    items_of = lambda snap: dict(snap)["items"]  # noqa: E731
    for expected in reversed(states[:-1]):
        bgs.ok("undo")
        assert items_of(bgs.snapshot()) == items_of(expected)
    bgs.ok("undo")  # the add itself
    assert bgs.items("--all") == []


def test_redo_reapplies_in_the_order_undone(bgs):
    first = bgs.add("一")
    bgs.ok("done", str(first))
    after_done = bgs.item(first)
    bgs.ok("undo")
    bgs.ok("undo")
    assert bgs.items("--all") == []
    bgs.ok("redo")
    assert bgs.item(first)["folder"] == "todo"
    bgs.ok("redo")
    assert bgs.item(first) == after_done
    failed = bgs("redo")
    assert failed.code == 2 and "没有可以重做的操作" in failed.stderr


def test_a_new_command_clears_redo(bgs):
    bgs.add("一")
    bgs.ok("undo")
    bgs.add("二")
    assert bgs("redo").code == 2


def test_undo_reports_what_it_reverted(bgs):
    bgs.add("一")
    bgs.add("二")
    result = bgs.ok("done", "1", "2")
    result = bgs.ok("undo")
    assert "已撤销：bgs done 1 2" in result.stderr
    assert "移动 #1 一：待办 → 已处理" in result.stderr
    assert "移动 #2 二：待办 → 已处理" in result.stderr
    data = bgs.ok("redo", "--format", "json").json()
    assert data["run"]["command"] == "bgs done 1 2"
    assert data["run"]["changes"] == 2


def test_a_deleted_item_comes_back_with_its_id(bgs):
    item_id = bgs.add("重要文件", "--tag", "机要")
    before = bgs.item(item_id)
    bgs.ok("delete", str(item_id), "--yes")
    bgs.ok("undo")
    assert bgs.item(item_id) == before


def test_nothing_to_undo(bgs):
    result = bgs("undo")
    assert result.code == 2
    assert result.stderr.strip() == "错误：没有可以撤销的操作"


def test_undo_refuses_to_overwrite_a_later_change(bgs):
    """A change made after the command (by the tool, or another shell) must not be lost."""
    import sqlite3

    item_id = bgs.add("一")
    bgs.ok("edit", str(item_id), "--due", "2026-12-01")
    with sqlite3.connect(bgs.db) as conn:  # as another writer would, outside the journal
        conn.execute("UPDATE items SET title = '被别处修改' WHERE id = ?", (item_id,))
    before = bgs.snapshot()
    result = bgs("undo")
    assert result.code == 2
    assert "又被修改过" in result.stderr
    assert bgs.snapshot() == before


def test_log_lists_command_runs_newest_first(bgs):
    bgs.add("一")
    bgs.ok("done", "1")
    bgs.ok("undo")
    bgs.ok("list")  # reads change nothing and are not logged
    runs = bgs.ok("log", "--format", "json").json()
    assert [(r["command"], r["action"], r["undone"]) for r in runs] == [
        ("bgs undo", "undo", False),
        ("bgs done 1", "command", True),
        ("bgs add 一 --format json", "command", False),
    ]
    assert runs[0]["target_run"] == runs[1]["id"]
    assert runs[0]["actor"] == "user" and runs[0]["actor_label"] == "用户"
    table = bgs.ok("log").stdout
    assert "撤销了 #2" in table and "已撤销" in table


@pytest.mark.parametrize("count", [3])
def test_undo_again_and_again(bgs, count):
    for n in range(count):
        bgs.add(f"事项{n}")
    for remaining in range(count - 1, -1, -1):
        bgs.ok("undo")
        assert len(bgs.items()) == remaining
