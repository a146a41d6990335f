"""Capturing items into the folders and finding them again."""


def test_add_prints_the_id_and_captures_into_todo(bgs):
    result = bgs.ok("add", "起草年终总结", "--due", "2026-12-20", "--important", "--key")
    assert result.stdout == "1\n"
    assert "已记入 待办：#1 起草年终总结" in result.stderr
    item = bgs.item(1)
    assert (item["folder"], item["folder_label"]) == ("todo", "待办")
    assert item["due"] == "2026-12-20" and item["due_time"] is None
    assert item["important"] is True and item["key"] is True and item["urgent"] is False
    assert item["created"] == "2026-11-20T10:00:00+08:00"


def test_temp_with_from_is_constrained_and_records_when_assigned(bgs):
    item = bgs.ok("add", "-t", "联系会场", "--from", "王主任", "--format", "json").json()
    assert item["folder"] == "temp" and item["folder_label"] == "临时"
    assert item["source"] == "王主任"
    assert item["constrained"] is True
    assert item["assigned_at"] == "2026-11-20T10:00:00+08:00"


def test_temp_without_from_is_still_constrained(bgs):
    item = bgs.ok("add", "-t", "临时通知", "--format", "json").json()
    assert item["constrained"] is True and item["source"] == ""


def test_every_field_option_is_stored(bgs):
    item = bgs.ok(
        "add", "全市办公室工作会议", "--due", "2026-12-01 15:00", "--at", "2026-12-01T09:30",
        "--duration", "1.5h", "--where", "三楼会议室", "-i", "-u", "--routine", "--kind", "办会",
        "--tag", "会议", "--tag", "#年度", "--estimate", "2h", "--note", "带上签到表", "--major",
        "--format", "json",
    ).json()
    assert item["due"] == "2026-12-01" and item["due_time"] == "15:00"
    assert item["at"] == "2026-12-01T09:30:00+08:00"
    assert item["duration_minutes"] == 90
    assert item["location"] == "三楼会议室"
    assert item["kind"] == "meeting" and item["kind_label"] == "办会"
    assert item["tags"] == ["会议", "年度"]
    assert item["estimate_minutes"] == 120
    assert item["notes"] == "带上签到表"
    assert item["major"] is True and item["key"] is False


def test_title_words_are_joined_and_whitespace_folded(bgs):
    assert bgs.item(bgs.add("整理", "  文件 "))["title"] == "整理 文件"


def test_ids_are_never_reused_after_delete(bgs):
    first = bgs.add("一")
    bgs.ok("delete", str(first), "--yes")
    assert bgs.add("二") == first + 1


def test_list_defaults_to_open_folders_temp_first_then_by_deadline(bgs):
    bgs.add("晚的", "--due", "2026-12-30")
    bgs.add("早的", "--due", "2026-11-25")
    bgs.add("没有期限")
    bgs.ok("add", "-t", "临时的")
    handled = bgs.add("办完的")
    bgs.ok("done", str(handled))
    assert [i["title"] for i in bgs.items()] == ["临时的", "早的", "晚的", "没有期限"]
    assert [i["title"] for i in bgs.items("已处理")] == ["办完的"]
    assert [i["title"] for i in bgs.items("done")] == ["办完的"]
    assert len(bgs.items("--all")) == 5


def test_list_filters(bgs):
    bgs.add("起草年终总结", "--tag", "总结", "--kind", "办文", "--due", "2026-11-18")
    bgs.add("会议纪要", "--from", "王主任", "--kind", "办会", "--due", "2026-11-27", "--note", "年终总结会")
    bgs.add("订车", "--from", "李科长", "--kind", "办事", "--tag", "总结", "--tag", "车辆")
    titles = lambda *a: [i["title"] for i in bgs.items(*a)]  # noqa: E731
    assert titles("--search", "总结") == ["起草年终总结", "会议纪要"]  # notes are searched too
    assert titles("--from", "王主任") == ["会议纪要"]
    assert titles("--kind", "办事") == ["订车"]
    assert titles("--kind", "meeting") == ["会议纪要"]
    assert titles("--tag", "总结") == ["起草年终总结", "订车"]
    assert titles("--tag", "总结", "--tag", "车辆") == ["订车"]
    assert titles("--overdue") == ["起草年终总结"]
    assert titles("--due-before", "2026-11-27") == ["起草年终总结", "会议纪要"]
    assert titles("--due-after", "2026-11-20") == ["会议纪要"]
    assert titles("--limit", "1") == ["起草年终总结"]


def test_search_is_literal_and_ignores_ascii_case(bgs):
    bgs.add("100% 完成率统计")
    bgs.add("OA 系统账号")
    assert [i["title"] for i in bgs.items("--search", "%")] == ["100% 完成率统计"]
    assert [i["title"] for i in bgs.items("--search", "oa")] == ["OA 系统账号"]


def test_table_lists_folder_labels_and_fits_the_terminal(bgs):
    bgs.add("起草年终总结", "--due", "2026-12-20", "-i", "-k", "--estimate", "半天")
    bgs.ok("add", "-t", "联系会场", "--from", "王主任")
    result = bgs.ok("list", env={"COLUMNS": "80"})
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["编号", "文件夹", "标题", "截止", "标记", "交办人", "预计"]
    assert "临时" in lines[2] and "联系会场" in lines[2] and "王主任" in lines[2]
    # The 截止 column shortens so that the title (with its 「重点」 mark) keeps its room (issue #16).
    assert "12-20周日" in lines[3] and "重要·重点" in lines[3] and "4小时" in lines[3]
    from rich.cells import cell_len

    assert max(cell_len(line) for line in lines) <= 80
    assert "\x1b[" not in result.stdout  # no colour codes when not a terminal


def test_long_titles_are_cut_by_display_width_with_an_ellipsis(bgs):
    bgs.add("关于召开全市办公室系统年度工作会议暨表彰大会的通知的起草与印发以及会务准备工作安排")
    lines = bgs.ok("list", env={"COLUMNS": "60"}).stdout.splitlines()
    from rich.cells import cell_len

    assert "…" in lines[2]
    assert all(cell_len(line) <= 60 for line in lines)


def test_show_prints_fields_and_history(bgs):
    item_id = bgs.add("起草通知", "--from", "王主任", "--due", "2026-11-27")
    bgs.ok("done", str(item_id), "--result", "已印发")
    out = bgs.ok("show", str(item_id)).stdout
    assert "起草通知" in out and "王主任" in out and "已印发" in out
    assert "2026-11-27（周五）" in out
    assert "新建 #1 起草通知" in out
    assert "移动 #1 起草通知：待办 → 已处理" in out


def test_show_several_ids_in_json_gives_a_list(bgs):
    bgs.add("一")
    bgs.add("二")
    assert [i["title"] for i in bgs.ok("show", "1,2", "--format", "json").json()] == ["一", "二"]


def test_main_view_lists_open_items_and_guides_a_new_user(bgs):
    empty = bgs.ok()
    assert empty.stdout == ""
    assert "还没有事项" in empty.stderr and "bgs add" in empty.stderr
    bgs.add("起草年终总结")
    assert "起草年终总结" in bgs.ok().stdout


def test_main_view_is_the_agenda_and_stays_one_screen(bgs):
    for n in range(45):
        bgs.add(f"事项{n:02d}", "--key", "--estimate", "10m")
    result = bgs.ok()
    assert result.stdout.startswith("2026年11月20日 周五 · 工作日")
    assert "重点攻坚" in result.stdout
    assert "事项14" in result.stdout and "事项15" not in result.stdout
    assert "另有 30 项" in result.stdout


def test_every_item_due_today_is_on_the_main_view(bgs):
    # Issue #16: nothing due today or overdue vanishes from the morning view, however many there are.
    for n in range(45):
        bgs.add(f"事项{n:02d}", "--due", "2026-11-20", "--estimate", "10m")
    result = bgs.ok()
    assert "今日必办" in result.stdout and "事项44" in result.stdout and "另有" not in result.stdout
