"""Locked items (issue #9): masked everywhere, readable with the passphrase, and no plaintext left in
the store, its WAL, its journal, backups, exports or reports."""

import json
import sqlite3
import zipfile

import pytest

from conftest import Bgs, run_in_terminal

PASS = {"BANGONGSHI_PASSPHRASE": "correct horse"}
SECRETS = ("人事调整方案", "张三提拔", "组织部", "三楼小会议室", "只给书记看", "李科长", "电话里说下周定", "已报书记")


def busy_item(bgs) -> int:
    """An item with text in every sealed field and a history of plain-text commands."""
    item = bgs.add("人事调整方案 张三提拔", "--from", "组织部", "--where", "三楼小会议室", "--note", "只给书记看",
                   "--due", "下周三")
    bgs.ok("assign", str(item), "--to", "李科长")
    bgs.ok("progress", str(item), "电话里说下周定")
    bgs.ok("edit", str(item), "--key")
    return item


def leaks(data: bytes) -> list[str]:
    return [s for s in SECRETS if s.encode() in data]


def store_files(bgs) -> bytes:
    return b"".join(p.read_bytes() for p in bgs.home.rglob("*") if p.is_file() and p.suffix != ".yaml")


def test_a_locked_item_leaves_no_plaintext_in_the_store_backups_exports_or_reports(bgs, tmp_path):
    item = busy_item(bgs)
    other = bgs.add("普通事项")
    assert leaks(bgs.db.read_bytes())  # the check can fail: the text is there before the lock
    locked = bgs.ok("lock", str(item), env=PASS)
    assert f"已加密 #{item}：列表和报表中显示为「【密】事项 #{item}」" in locked.stdout + locked.stderr
    bgs.ok("done", str(item), "--result", "已报书记", env=PASS)
    bgs.ok("backup", env=PASS)
    outputs = [bgs.ok(*args).stdout for args in (
        ("list", "--all"), ("list", "--all", "--format", "json"), ("show", str(item)), ("log",),
        ("export",), ("export", "--format", "csv"), ("export", "--format", "md"), ("export", "--format", "ics"),
        ("report", "week"), ("report", "week", "--format", "json"), ("report", "chronicle"), ("agenda",),
        ("follow",), ("readback", str(item)))]
    bgs.ok("export", "--format", "xlsx", "-o", str(tmp_path / "all.xlsx"))
    assert leaks(store_files(bgs)) == []
    assert leaks("".join(outputs).encode()) == []
    with zipfile.ZipFile(tmp_path / "all.xlsx") as sheet:  # compressed: read what is inside
        assert leaks(b"".join(sheet.read(name) for name in sheet.namelist())) == []
    assert not (bgs.home / "bangongshi.db-wal").exists() or (bgs.home / "bangongshi.db-wal").stat().st_size == 0
    shown = sorted(bgs.items("--all"), key=lambda i: i["id"])
    assert [(i["id"], i["title"], i["source"], i["locked"]) for i in shown] == [
        (item, f"【密】事项 #{item}", "【密】", True), (other, "普通事项", "", False)]
    assert [i["id"] for i in json.loads(bgs.ok("export").stdout)] == [other]


def test_the_passphrase_shows_the_text_and_history(bgs):
    item = busy_item(bgs)
    bgs.ok("lock", str(item), env=PASS)
    revealed = bgs.ok("show", str(item), "--unlock", "--format", "json", env=PASS).json()
    assert (revealed["title"], revealed["source"], revealed["location"], revealed["notes"], revealed["handler"]) == (
        "人事调整方案 张三提拔", "组织部", "三楼小会议室", "只给书记看", "李科长")
    detail = bgs.ok("show", str(item), "--unlock", env=PASS).stdout
    assert f"新建 #{item} 人事调整方案 张三提拔" in detail and "进展 李科长：电话里说下周定" in detail
    assert f"加密 #{item} 人事调整方案 张三提拔" in detail
    masked = bgs.ok("show", str(item)).stdout
    assert leaks(masked.encode()) == [] and f"新建 【密】事项 #{item}\n" in masked  # named once (issue #21)
    listed = bgs.ok("list", "--unlock", "--format", "json", env=PASS).json()
    assert [i["title"] for i in listed] == ["人事调整方案 张三提拔"]
    exported = json.loads(bgs.ok("export", "--include-locked", env=PASS).stdout)
    assert [(i["title"], i["locked"]) for i in exported] == [("人事调整方案 张三提拔", True)]
    assert "人事调整方案" in bgs.ok("report", "week", "--include-locked", env=PASS).stdout


def test_a_wrong_or_missing_passphrase_is_exit_4_and_changes_nothing(bgs):
    item = busy_item(bgs)
    bgs.ok("lock", str(item), env=PASS)
    before = bgs.snapshot()
    for args, env in [
        (("show", str(item), "--unlock"), {"BANGONGSHI_PASSPHRASE": "wrong horse"}),
        (("edit", str(item), "--title", "新标题"), {"BANGONGSHI_PASSPHRASE": "wrong horse"}),
        (("edit", str(item), "--title", "新标题"), {}),
        (("done", str(item), "--result", "好了"), {}),
        (("unlock", str(item)), {}),
        (("undo",), {}),
        (("export", "--include-locked"), {}),
    ]:
        result = bgs(*args, env=env)
        assert result.code == 4, (args, result.stderr)
        assert ("口令不对" if env else "需要口令") in result.stderr
        assert bgs.snapshot() == before, args
    # What touches no sealed field needs no passphrase: the item can still be moved and rescheduled.
    bgs.ok("move", str(item), "临时")
    bgs.ok("edit", str(item), "--due", "下周五")
    assert (bgs.item(item)["folder"], bgs.item(item)["due"]) == ("temp", "2026-11-27")


def test_the_first_lock_needs_a_long_enough_passphrase(bgs):
    item = bgs.add("人事调整方案")
    before = bgs.snapshot()
    short = bgs("lock", str(item), env={"BANGONGSHI_PASSPHRASE": "short"})
    assert short.code == 2 and "口令太短：至少 8 个字符" in short.stderr
    assert bgs.snapshot() == before


def test_undo_and_redo_of_lock_and_unlock(bgs):
    item = busy_item(bgs)
    bgs.ok("lock", str(item), env=PASS)
    assert bgs("undo").code == 4
    bgs.ok("undo", env=PASS)
    assert bgs.item(item)["title"] == "人事调整方案 张三提拔" and not bgs.item(item)["locked"]
    bgs.ok("redo", env=PASS)
    assert bgs.item(item)["title"] == f"【密】事项 #{item}"
    assert leaks(store_files(bgs)) == []
    bgs.ok("unlock", str(item), env=PASS)
    assert bgs.item(item)["title"] == "人事调整方案 张三提拔"
    assert "进展 李科长：电话里说下周定" in bgs.ok("show", str(item)).stdout
    bgs.ok("undo", env=PASS)  # undoing the unlock locks it again, and scrubs the unlock's snapshot
    assert bgs.item(item)["title"] == f"【密】事项 #{item}"
    assert leaks(store_files(bgs)) == []
    for _ in range(5):  # lock, edit, progress, assign, add: back to nothing, through sealed snapshots
        bgs.ok("undo", env=PASS)
    assert bgs.items("--all") == []


def test_add_lock_never_writes_the_text_in_the_clear(bgs):
    bgs.ok("add", "人事调整方案", "--from", "组织部", "--lock", env=PASS)
    assert leaks(store_files(bgs)) == []
    log = bgs.ok("log").stdout
    assert "bgs add 【密】 --from 【密】 --lock" in log
    assert bgs.ok("show", "1", "--unlock", "--format", "json", env=PASS).json()["title"] == "人事调整方案"


def test_change_passphrase_reencrypts_everything(bgs):
    item = busy_item(bgs)
    bgs.ok("lock", str(item), env=PASS)
    new = {"BANGONGSHI_PASSPHRASE": "correct horse", "BANGONGSHI_NEW_PASSPHRASE": "battery staple"}
    changed = bgs.ok("lock", "--change-passphrase", env=new)
    assert "口令已更换：1 个加密事项及其历史已用新口令重新加密" in changed.stdout + changed.stderr
    assert bgs("show", str(item), "--unlock", env=PASS).code == 4
    assert bgs.ok("show", str(item), "--unlock", "--format", "json",
                  env={"BANGONGSHI_PASSPHRASE": "battery staple"}).json()["notes"] == "只给书记看"
    bgs.ok("undo", env={"BANGONGSHI_PASSPHRASE": "battery staple"})  # the journal was re-encrypted too
    assert bgs.item(item)["notes"] == "只给书记看"
    wrong = bgs("lock", "--change-passphrase", env={**new, "BANGONGSHI_PASSPHRASE": "wrong horse"})
    assert wrong.code == 4


def test_template_steps_are_locked_with_their_item(bgs):
    bgs.ok("template", "apply", "会议", "--title", "干部任免会", "--at", "2026-12-03 09:30")
    result = bgs.ok("lock", "1", env=PASS)
    titles = [i["title"] for i in sorted(bgs.items("--all"), key=lambda i: i["id"])]
    assert titles == [f"【密】事项 #{n}" for n in range(1, 8)]
    assert "步骤 #2 一并加密" in result.stdout + result.stderr
    assert b"\xe5\xb9\xb2\xe9\x83\xa8" not in store_files(bgs)  # 干部


def test_a_locked_item_ranks_as_important_on_the_agenda(bgs):
    item = bgs.add("人事调整方案", "--due", "下周五")
    bgs.ok("lock", str(item), env=PASS)
    agenda = bgs.ok("agenda", "--format", "json").json()
    rows = [r for section in agenda["sections"] for r in section["items"] if r["id"] == item]
    assert rows and rows[0]["quadrant"] == 2 and rows[0]["title"] == f"【密】事项 #{item}"


def test_doctor_names_backups_made_before_the_lock(bgs):
    item = busy_item(bgs)
    early = bgs.ok("backup").stdout.strip()
    bgs.ok("lock", str(item), env=PASS)
    late = bgs.ok("backup", env={"BANGONGSHI_NOW": "2026-11-20T10:05"}).stdout.strip()
    result = bgs("doctor", "--format", "json", env={"BANGONGSHI_NOW": "2026-10-20T10:00"})
    problems = [f["problem"] for f in result.json()["findings"] if f["area"] == "locks"]
    assert problems == [f"备份「{early}」早于加密，仍有 1 个加密事项的明文"] and late != early
    assert result.code == 2


def test_an_item_marked_locked_by_an_old_version_is_sealed_by_lock(bgs):
    item = bgs.add("人事调整方案")
    with sqlite3.connect(bgs.db) as conn:
        conn.execute("UPDATE items SET locked = 1 WHERE id = ?", (item,))
    findings = bgs("doctor", "--format", "json").json()["findings"]
    assert {"area": "locks", "problem": "1 个事项标为加密，内容却仍是明文（旧版本留下的）",
            "fix": f"bgs lock {item}"} in findings
    bgs.ok("lock", str(item), env=PASS)
    assert leaks(store_files(bgs)) == [] and bgs.item(item)["title"] == f"【密】事项 #{item}"


@pytest.mark.parametrize("answers, code", [(["correct horse\r", "correct horse\r"], 0),
                                           (["correct horse\r", "other horse\r"] * 3, 2)])
def test_the_first_lock_asks_twice_at_a_terminal(bgs, answers, code):
    item = bgs.add("人事调整方案")
    before = bgs.snapshot()
    env = bgs.process_env({"BANGONGSHI_PASSPHRASE": None})
    env.pop("BANGONGSHI_PASSPHRASE", None)
    returned, screen = run_in_terminal(["lock", str(item)], answers, env)
    assert returned == code, screen
    assert "设置口令：" in screen and "再输入一次：" in screen and "correct horse" not in screen
    if code:
        assert "两次输入的口令不一致" in screen and bgs.snapshot() == before
    else:
        assert bgs.item(item)["title"] == f"【密】事项 #{item}"
        again, screen = run_in_terminal(["show", str(item), "--unlock"], ["correct horse\r"], env)
        assert again == 0 and "口令：" in screen and "人事调整方案" in screen


def _without_passphrase(bgs) -> dict:
    env = bgs.process_env()
    env.pop("BANGONGSHI_PASSPHRASE", None)
    return env


def test_a_first_passphrase_too_short_or_mistyped_is_asked_again_and_the_add_is_kept(bgs):
    """Issue #21: a too-short passphrase at the first lock cancelled the whole `add` (the item was lost)."""
    answers = ["short\r", "correct horse\r", "correct hose\r", "correct horse\r", "correct horse\r"]
    code, screen = run_in_terminal(["add", "人事调整方案", "--lock"], answers, _without_passphrase(bgs))
    assert code == 0, screen
    assert "口令太短：至少 8 个字符，请重新输入（还可以试 2 次）" in screen
    assert "两次输入的口令不一致，请重新输入（还可以试 1 次）" in screen
    assert "已记入 待办：【密】事项 #1" in screen
    assert bgs.ok("show", "1", "--unlock", "--format", "json", env=PASS).json()["title"] == "人事调整方案"
    # Three times too short (another store, still without a passphrase): given up, nothing written.
    other = Bgs(bgs.home.parent / "other")
    other.add("先有一条")
    code, screen = run_in_terminal(["add", "另一件", "--lock"], ["short\r"] * 3, _without_passphrase(other))
    assert code == 2 and "口令太短：至少 8 个字符，未做任何修改" in screen, screen
    assert [i["id"] for i in other.items("--all")] == [1]


@pytest.mark.parametrize("command", [["edit", "1", "--note", "只给书记看"], ["show", "1", "--unlock"],
                                     ["list", "--unlock"]])
def test_a_wrong_passphrase_gets_three_tries_everywhere(bgs, command):
    bgs.ok("add", "人事调整方案", "--lock", env=PASS)
    env = _without_passphrase(bgs)
    code, screen = run_in_terminal(command, ["wrong one\r", "wrong two\r", "correct horse\r"], env)
    assert code == 0, screen
    assert screen.count("口令不对，请重新输入") == 2 and "还可以试 1 次" in screen
    before = bgs.snapshot()
    code, screen = run_in_terminal(command, ["wrong one\r"] * 3, env)
    assert code == 4 and "错误：口令不对；未做任何修改" in screen
    assert bgs.snapshot() == before


def test_acknowledging_a_locked_handoff_needs_no_passphrase(bgs):
    bgs.ok("add", "人事调整方案", "--from", "组织部", "--lock", env=PASS)
    bgs.ok("handoff", "1", "--to", "李科长", env=PASS)
    acked = bgs.ok("ack", "1")  # no passphrase in the environment, no terminal
    assert acked.stderr == "对方已接收 【密】事项 #1，移到 已处理\n"
    item = bgs.item(1)
    assert item["folder"] == "done" and item["acknowledged_at"] and item["handoff_to"] == "【密】"
    assert leaks(store_files(bgs)) == []
    revealed = bgs.ok("show", "1", "--unlock", env=PASS).stdout
    assert "移交  李科长" in revealed or "李科长" in revealed


def test_the_wal_keeps_no_old_pages_while_another_window_has_the_store_open(bgs):
    bgs.ok("list")
    other_window = sqlite3.connect(bgs.db)  # keeps the WAL file alive across commands
    other_window.execute("SELECT count(*) FROM items").fetchall()
    try:
        item = busy_item(bgs)
        wal = bgs.home / "bangongshi.db-wal"
        assert leaks(wal.read_bytes())  # the check can fail: the text is in the WAL before the lock
        bgs.ok("lock", str(item), env=PASS)
        assert wal.stat().st_size == 0
        assert leaks(bgs.db.read_bytes()) == []
    finally:
        other_window.close()


def test_an_import_may_lock_an_item_but_never_unlocks_one(bgs, tmp_path):
    item = busy_item(bgs)
    bgs.ok("export", "-o", str(tmp_path / "before.json"))
    bgs.ok("lock", str(item), env=PASS)
    again = bgs.ok("import", str(tmp_path / "before.json"), env=PASS)
    assert "已导入 0 个新事项，已更新 0 个，1 个没有变化" in again.stderr
    assert bgs.item(item)["locked"] and leaks(store_files(bgs)) == []
    bgs.ok("export", "--include-locked", "-o", str(tmp_path / "secret.json"), env=PASS)
    elsewhere = type(bgs)(tmp_path / "elsewhere")
    assert elsewhere("import", str(tmp_path / "secret.json")).code == 4 and elsewhere.items("--all") == []
    elsewhere.ok("import", str(tmp_path / "secret.json"), env={"BANGONGSHI_PASSPHRASE": "another horse"})
    assert leaks(store_files(elsewhere)) == []
    opened = elsewhere.ok("show", str(item), "--unlock", "--format", "json",
                          env={"BANGONGSHI_PASSPHRASE": "another horse"}).json()
    assert (opened["title"], opened["locked"]) == ("人事调整方案 张三提拔", True)


def test_deleting_and_undeleting_a_locked_item_needs_no_passphrase(bgs):
    bgs.ok("add", "人事调整方案", "--from", "组织部", "--lock", env=PASS)
    bgs.ok("delete", "1", "--yes")
    bgs.ok("undo")
    assert bgs.item(1)["title"] == "【密】事项 #1"
    assert bgs.ok("show", "1", "--unlock", "--format", "json", env=PASS).json()["source"] == "组织部"


def test_changing_the_passphrase_at_a_terminal_asks_the_old_one_then_the_new_one_twice(bgs):
    bgs.ok("add", "人事调整方案", "--lock", env=PASS)
    env = bgs.process_env()
    code, screen = run_in_terminal(["lock", "--change-passphrase"],
                                   ["correct horse\r", "battery staple\r", "battery staple\r"], env)
    assert code == 0, screen
    assert screen.index("口令：") < screen.index("新口令：") < screen.index("再输入一次新口令：")
    assert "口令已更换" in screen
    assert bgs.ok("show", "1", "--unlock", "--format", "json",
                  env={"BANGONGSHI_PASSPHRASE": "battery staple"}).json()["title"] == "人事调整方案"


def test_a_reader_holding_the_wal_is_named_after_a_lock(bgs):
    item = busy_item(bgs)
    reader = sqlite3.connect(bgs.db, isolation_level=None)
    try:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM items").fetchall()  # holds a snapshot: the WAL cannot be reset
        locked = bgs.ok("lock", str(item), env=PASS)
        assert "另一个窗口正打开着数据文件，旧内容可能还留在 WAL 文件中" in locked.stderr
    finally:
        reader.close()
    bgs.ok("list")  # the next command to close the store checkpoints what was left
    assert leaks(store_files(bgs)) == []


def test_a_locked_occurrence_is_left_alone_by_edits_of_its_rule(bgs):
    bgs.ok("recur", "add", "干部谈话", "--rule", "每周一", "--lead", "5")
    occurrence = bgs.items()[0]
    bgs.ok("lock", str(occurrence["id"]), env=PASS)
    bgs.ok("recur", "edit", "R1", "--title", "例行谈话")  # no passphrase needed
    locked = bgs.item(occurrence["id"])
    assert (locked["title"], locked["hand_edited"], locked["locked"]) == (f"【密】事项 #{occurrence['id']}", True, True)
    assert bgs.ok("show", str(occurrence["id"]), "--unlock", "--format", "json", env=PASS).json()["title"] == "干部谈话"


def test_the_evening_review_asks_for_the_passphrase_when_a_locked_item_is_handed_off(bgs):
    late = bgs.add("人事档案移交", "--due", "2026-11-19")
    bgs.ok("lock", str(late), env=PASS)
    env = bgs.process_env({"BANGONGSHI_NOW": "2026-11-20T17:30"})
    keys = ["h", "李四\n", "wrong horse\r", "correct horse\r", "\r"]
    code, screen = run_in_terminal(["plan", "tomorrow"], keys, env)
    assert code == 0, screen
    assert screen.count(f"#{late} 已加密，口令：") == 2 and "口令不对" in screen
    assert screen.count("逐项决定") == 1  # the review ran once
    opened = bgs.ok("show", str(late), "--unlock", "--format", "json", env=PASS).json()
    assert (opened["handoff_to"], opened["title"]) == ("李四", "人事档案移交")
    assert bgs.item(late)["handoff_to"] == "【密】"
    assert "李四".encode() not in store_files(bgs) and "人事档案".encode() not in store_files(bgs)
