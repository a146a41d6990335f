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
    # What the undo did now: the items went back (issue #21), the later one first.
    assert result.stderr.splitlines()[1:] == ["  移动 #2 二：已处理 → 待办", "  移动 #1 一：已处理 → 待办"]
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


# --- issue #21: undo does what the user expects --------------------------------------------------

def _config(bgs):
    from pathlib import Path

    return Path(bgs.ok("config", "path").stdout.strip())


def test_undo_after_config_set_puts_the_setting_back_not_an_older_edit(bgs):
    bgs.add("起草通知", "--due", "2026-11-25")
    bgs.ok("edit", "1", "--due", "2026-12-01")
    path = _config(bgs)
    original = path.read_text(encoding="utf-8")
    assert "（bgs undo 可以撤销）" in bgs.ok("config", "set", "key_share", "0.7").stderr
    undone = bgs.ok("undo")
    assert undone.stderr.splitlines() == ["已撤销：bgs config set key_share 0.7", "  设置 key_share：0.7 → （默认）"]
    assert path.read_text(encoding="utf-8") == original
    assert bgs.ok("config", "show", "--format", "json").json()["key_share"] == 0.8
    assert bgs.item(1)["due"] == "2026-12-01"  # the older edit stays
    redone = bgs.ok("redo")
    assert redone.stderr.splitlines()[1] == "  设置 key_share：（默认） → 0.7"
    assert bgs.ok("config", "show", "--format", "json").json()["key_share"] == 0.7
    bgs.ok("config", "set", "key_share", "0.6")
    assert bgs.ok("undo").stderr.splitlines()[1] == "  设置 key_share：0.6 → 0.7"
    bgs.ok("undo")
    assert bgs.ok("undo").stderr.splitlines()[0] == "已撤销：bgs edit 1 --due 2026-12-01"


def test_undo_never_overwrites_a_settings_file_changed_since(bgs):
    bgs.ok("config", "set", "rules.deadline", "40")
    path = _config(bgs)
    edited = path.read_text(encoding="utf-8") + "key_share: 0.5\n"
    path.write_text(edited, encoding="utf-8")
    refused = bgs("undo")
    assert refused.code == 2 and "设置文件" in refused.stderr and "又被修改过" in refused.stderr
    assert path.read_text(encoding="utf-8") == edited
    assert bgs.ok("log", "--format", "json").json()[0]["undone"] is False


def test_config_edit_is_undone_too(bgs, tmp_path):
    path = _config(bgs)
    original = path.read_text(encoding="utf-8")
    editor = tmp_path / "ed.sh"
    editor.write_text('#!/bin/sh\necho "rules: {deadline: 35}" > "$1"\n', encoding="utf-8")
    editor.chmod(0o755)
    bgs.ok("config", "edit", env={"EDITOR": str(editor)})
    undone = bgs.ok("undo")
    assert undone.stderr.splitlines()[1] == "  设置 rules.deadline：35 → （默认）"
    assert path.read_text(encoding="utf-8") == original


def test_a_refused_config_set_journals_nothing_and_names_no_line_of_a_file_never_edited(bgs):
    bgs.add("一")
    refused = bgs("config", "set", "key_share", "2")
    assert refused.code == 2
    assert refused.stderr == "错误：设置 key_share：2 超出范围（0.0 到 1.0）\n"
    colour = bgs("config", "set", "colors.temp", "notacolor")
    assert colour.code == 2 and "第" not in colour.stderr and "colors.temp" in colour.stderr
    assert len(bgs.ok("log", "--format", "json").json()) == 1


def test_undo_and_redo_say_what_they_changed_now(bgs):
    bgs.add("联系会场")
    bgs.ok("move", "1", "临时")
    bgs.ok("done", "1", "--result", "已联系")
    bgs.ok("reopen", "1")
    undone = bgs.ok("undo").stderr.splitlines()
    assert undone == ["已撤销：bgs reopen 1", "  移动 #1 联系会场：临时 → 已处理"]
    assert bgs.ok("redo").stderr.splitlines() == ["已重做：bgs reopen 1", "  移动 #1 联系会场：已处理 → 临时"]
    bgs.ok("edit", "1", "--due", "2026-12-03 15:00", "-i")
    assert bgs.ok("undo", "--format", "json").json()["changes"] == [
        "修改 #1 联系会场：重要 是 → 否；截止 2026-12-03 15:00 → （无）"]
    bgs.ok("undo")  # the reopen again
    assert bgs.ok("undo").stderr.splitlines()[1] == "  移动 #1 联系会场：已处理 → 临时"
    assert bgs.ok("undo").stderr.splitlines()[1] == "  移动 #1 联系会场：临时 → 待办"
    assert bgs.ok("undo").stderr.splitlines()[1] == "  删除 #1 联系会场"
