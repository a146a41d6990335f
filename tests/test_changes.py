"""Finishing, moving, editing, reopening and deleting items."""


def test_done_moves_several_items_with_time_and_result(bgs):
    a, b = bgs.add("联系会场"), bgs.add("订车")
    result = bgs.ok("done", str(a), str(b), "--result", "已联系,三楼会议室")
    assert "已办结 #1 联系会场：待办 → 已处理\n  处理结果：（无） → 已联系,三楼会议室" in result.stderr
    for item_id in (a, b):
        item = bgs.item(item_id)
        assert item["folder"] == "done"
        assert item["done_at"] == "2026-11-20T10:00:00+08:00"
        assert item["result"] == "已联系,三楼会议室"


def test_move_to_done_is_the_same_as_done(bgs):
    item_id = bgs.add("报送信息")
    moved = bgs.ok("move", str(item_id), "已处理", "--result", "已报送", "--format", "json").json()
    assert moved[0]["folder"] == "done" and moved[0]["result"] == "已报送"
    assert moved[0]["done_at"] == "2026-11-20T10:00:00+08:00"


def test_move_between_open_folders(bgs):
    a, b = bgs.add("一"), bgs.add("二")
    bgs.ok("move", str(a), str(b), "临时")
    assert [bgs.item(i)["folder"] for i in (a, b)] == ["temp", "temp"]
    assert bgs.item(a)["constrained"] is True
    bgs.ok("move", str(a), "todo")
    assert bgs.item(a)["folder"] == "todo"


def test_moving_a_done_item_out_clears_done_at_and_result(bgs):
    item_id = bgs.add("一")
    bgs.ok("done", str(item_id), "-r", "好了")
    bgs.ok("move", str(item_id), "待办")
    item = bgs.item(item_id)
    assert (item["folder"], item["done_at"], item["result"]) == ("todo", None, "")


def test_reopen_returns_to_the_folder_it_came_from(bgs):
    temp_id = bgs.ok("add", "-t", "临时交办").stdout.strip()
    todo_id = str(bgs.add("计划内"))
    bgs.ok("done", temp_id, todo_id)
    bgs.ok("reopen", temp_id, todo_id)
    assert bgs.item(int(temp_id))["folder"] == "temp"
    assert bgs.item(int(todo_id))["folder"] == "todo"
    assert bgs.item(int(temp_id))["done_at"] is None


def test_edit_sets_clears_and_tags(bgs):
    item_id = bgs.add("起草", "--from", "王主任", "--due", "2026-11-25", "--tag", "旧", "--tag", "留")
    bgs.ok("edit", str(item_id), "--due", "2026-12-01", "--title", "起草通知", "--tag", "新", "--untag", "旧",
           "-u", "--estimate", "90")
    item = bgs.item(item_id)
    assert item["title"] == "起草通知" and item["due"] == "2026-12-01"
    assert item["tags"] == ["留", "新"]
    assert item["urgent"] is True and item["estimate_minutes"] == 90
    bgs.ok("edit", str(item_id), "--clear", "due", "--clear", "from", "--not-urgent")
    item = bgs.item(item_id)
    assert item["due"] is None and item["source"] == ""
    assert item["constrained"] is False and item["assigned_at"] is None
    assert item["urgent"] is False
    assert item["updated"] == "2026-11-20T10:00:00+08:00"


def test_edit_from_records_assignment_time_once(bgs):
    item_id = bgs.add("起草")
    bgs.ok("edit", str(item_id), "--from", "王主任", env={"BANGONGSHI_NOW": "2026-11-20T11:00"})
    bgs.ok("edit", str(item_id), "--from", "李主任", env={"BANGONGSHI_NOW": "2026-11-21T09:00"})
    item = bgs.item(item_id)
    assert item["source"] == "李主任"
    assert item["assigned_at"] == "2026-11-20T11:00:00+08:00"


def test_edit_notes_in_the_editor(bgs, tmp_path):
    editor = tmp_path / "editor.sh"
    editor.write_text('#!/bin/sh\nprintf "第一行\\n第二行\\n" > "$1"\n', encoding="utf-8")
    editor.chmod(0o755)
    item_id = bgs.add("起草", "--note", "旧备注")
    bgs.ok("edit", str(item_id), "--editor", env={"EDITOR": str(editor)})
    assert bgs.item(item_id)["notes"] == "第一行\n第二行"


def test_editor_closed_without_change_changes_nothing(bgs, tmp_path):
    editor = tmp_path / "editor.sh"
    editor.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    editor.chmod(0o755)
    item_id = bgs.add("起草", "--note", "旧备注")
    before = bgs.snapshot()
    result = bgs.ok("edit", str(item_id), "--editor", env={"EDITOR": str(editor)})
    assert "备注未改动" in result.stderr
    assert bgs.snapshot() == before


def test_delete_with_yes_and_with_a_confirmation(bgs):
    a, b = bgs.add("一"), bgs.add("二")
    bgs.ok("delete", str(a), "--yes")
    assert [i["id"] for i in bgs.items()] == [b]


def test_done_twice_keeps_the_first_time(bgs):
    item_id = bgs.add("一")
    bgs.ok("done", str(item_id))
    again = bgs.ok("done", str(item_id), env={"BANGONGSHI_NOW": "2026-11-21T09:00"})
    assert "已在 已处理" in again.stderr
    assert bgs.item(item_id)["done_at"] == "2026-11-20T10:00:00+08:00"


def test_ids_may_be_written_with_hash_and_commas(bgs):
    for title in ("一", "二", "三"):
        bgs.add(title)
    bgs.ok("done", "#1,2，3")
    assert bgs.items() == []
