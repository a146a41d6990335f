"""`bgs sync` against a real Radicale (tests/conftest.py `radicale`): two homes, a third client that
edits with the caldav library as a phone would, failures of the server, locked items kept home."""

import pytest

from tests.conftest import Bgs


def env(server, password=None):
    return {"BANGONGSHI_CALDAV_PASSWORD": password or server.password}


def set_up(bgs: Bgs, server, password=None):
    return bgs("sync", "setup", server.collection_url(), "--user", server.user, env=env(server, password))


def synced(bgs: Bgs, server, *args):
    result = bgs("sync", *args, env=env(server))
    assert result.code == 0, result.stderr
    return result


@pytest.fixture
def office(radicale):
    """The collection made by a phone-like client, as a user would have it before setting up bgs."""
    import caldav

    client = caldav.DAVClient(url=radicale.url, username=radicale.user, password=radicale.password)
    calendar = client.principal().make_calendar(name="office", cal_id="office",
                                                supported_calendar_component_set=["VTODO", "VEVENT"])
    return calendar


def home(tmp_path, name):
    return Bgs(tmp_path / name, now="2026-11-30T08:30")


def test_two_homes_share_items_edits_results_and_deletions(tmp_path, radicale, office):
    pc, laptop = home(tmp_path, "pc"), home(tmp_path, "laptop")
    assert set_up(pc, radicale).code == 0
    assert set_up(laptop, radicale).code == 0
    pc.add("起草年终总结", "--due", "2026-12-04")
    pc.add("全市办公室工作会议", "--at", "2026-12-01 09:30", "--duration", "2h", "--where", "三楼会议室")
    assert "上传新增 2 项" in synced(pc, radicale).stdout
    assert "从服务器新增 2 项" in synced(laptop, radicale).stdout
    titles = {i["title"]: i for i in laptop.items()}
    assert titles["起草年终总结"]["due"] == "2026-12-04"
    meeting = titles["全市办公室工作会议"]
    assert meeting["location"] == "三楼会议室" and meeting["at"].startswith("2026-12-01T09:30")
    # Done with a result on the laptop: the PC gets the result.
    laptop.ok("done", str(titles["起草年终总结"]["id"]), "--result", "已报办公厅")
    synced(laptop, radicale)
    synced(pc, radicale)
    done = [i for i in pc.items("--all") if i["title"] == "起草年终总结"][0]
    assert done["folder"] == "done" and done["result"] == "已报办公厅"
    # A deletion on the PC reaches the laptop, and the laptop can undo what sync did.
    pc.ok("delete", str(done["id"]), "--yes")
    assert "在服务器删除 1 项" in synced(pc, radicale).stdout
    assert len(office.todos(include_completed=True)) == 0
    assert "按服务器删除 1 项" in synced(laptop, radicale).stdout
    assert "起草年终总结" not in [i["title"] for i in laptop.items("--all")]
    laptop.ok("undo")
    assert "起草年终总结" in [i["title"] for i in laptop.items("--all")]
    # Nothing changed since: a second sync has nothing to say.
    assert "两边一致" in synced(pc, radicale).stdout


def test_a_phone_edits_title_due_and_completion(tmp_path, radicale, office):
    from datetime import date

    pc = home(tmp_path, "pc")
    set_up(pc, radicale)
    item_id = pc.add("报送月度信息", "--due", "2026-12-02")
    synced(pc, radicale)
    [todo] = office.todos()
    component = todo.icalendar_component
    component["SUMMARY"] = "报送十一月信息"
    del component["DUE"]
    component.add("DUE", date(2026, 12, 3))
    component.add("X-PHONE-COLOR", "red")  # another client's property: kept
    todo.save()
    synced(pc, radicale)
    item = pc.item(item_id)
    assert item["title"] == "报送十一月信息" and item["due"] == "2026-12-03"
    log = pc.ok("log").stdout
    assert "bgs sync" in log
    # Completed on the phone: moves to 已处理.
    [todo] = office.todos()
    todo.complete()
    synced(pc, radicale)
    assert pc.item(item_id)["folder"] == "done"
    # The local edit after that goes back with the phone's own property untouched.
    pc.ok("edit", str(item_id), "--note", "附件已发")
    synced(pc, radicale)
    [todo] = office.todos(include_completed=True)
    assert "附件已发" in todo.data and "X-PHONE-COLOR:red" in todo.data


def test_both_sides_change_a_field_the_conflict_is_listed_nothing_lost(tmp_path, radicale, office):
    pc = home(tmp_path, "pc")
    set_up(pc, radicale)
    item_id = pc.add("准备会议材料", "--note", "第一稿")
    synced(pc, radicale)
    [todo] = office.todos()
    todo.icalendar_component["DESCRIPTION"] = "手机上补充：带投影仪"
    todo.save()
    pc.ok("edit", str(item_id), "--note", "电脑上补充：打印20份")
    out = synced(pc, radicale).stdout
    assert "冲突" in out
    notes = pc.item(item_id)["notes"]
    assert "带投影仪" in notes and "打印20份" in notes
    listed = pc.ok("sync", "conflicts").stdout
    assert "准备会议材料" in listed and "带投影仪" in listed and "打印20份" in listed


def test_a_locked_items_text_never_reaches_the_server(tmp_path, radicale, office):
    pc = home(tmp_path, "pc")
    set_up(pc, radicale)
    secret = pc.add("人事调整方案绝密内容")
    pc.add("普通事项")
    pc.ok("lock", str(secret), env={"BANGONGSHI_PASSPHRASE": "口令口令口令口令口令"})
    out = synced(pc, radicale).stdout
    assert "加密事项 1 项不同步" in out
    stored = "".join(p.read_text("utf-8", "replace") for p in radicale.storage.rglob("*") if p.is_file())
    assert "普通事项" in stored
    assert "人事调整方案" not in stored


def test_refusals_name_the_cause_and_change_nothing(tmp_path, radicale, office):
    pc = home(tmp_path, "pc")
    # No password at all (not a terminal, no variable): exit 2 naming both ways.
    refused = pc("sync", "setup", radicale.collection_url(), "--user", radicale.user,
                 env={"BANGONGSHI_CALDAV_PASSWORD": None})
    assert refused.code == 2 and "BANGONGSHI_CALDAV_PASSWORD" in refused.stderr and "钥匙串" in refused.stderr
    # Wrong password: exit 4.
    wrong = set_up(pc, radicale, password="不对")
    assert wrong.code == 4 and "密码" in wrong.stderr
    assert set_up(pc, radicale).code == 0
    pc.add("起草通知")
    wrong = pc("sync", env=env(radicale, "不对"))
    assert wrong.code == 4, wrong.stderr
    # Server down: exit 5, nothing lost, the next sync finishes the job.
    before = pc.snapshot()
    pc.ok("sync", "status")
    import sqlite3

    with sqlite3.connect(pc.db) as conn:
        conn.execute("UPDATE sync_meta SET value = 'http://127.0.0.1:9/mishu/office/' WHERE key = 'collection'")
    down = pc("sync", env=env(radicale))
    assert down.code == 5 and "连不上" in down.stderr, down.stderr
    with sqlite3.connect(pc.db) as conn:
        conn.execute("UPDATE sync_meta SET value = ? WHERE key = 'collection'", (radicale.collection_url(),))
    assert pc.snapshot() == before
    assert "上传新增 1 项" in synced(pc, radicale).stdout
    assert [t.icalendar_component["SUMMARY"] for t in office.todos()] == ["起草通知"]


def test_a_malformed_object_is_named_exit_2_and_the_rest_syncs(tmp_path, radicale, office):
    pc = home(tmp_path, "pc")
    set_up(pc, radicale)
    office.save_todo(summary="手机上加的事项", uid="phone-1")
    bad = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\nBEGIN:VTODO\r\nUID:bad-1\r\n"
           "SUMMARY:坏的\r\nPRIORITY:urgent\r\nEND:VTODO\r\nEND:VCALENDAR\r\n")
    office.client.put(office.url.join("bad-1.ics"), bad, {"Content-Type": "text/calendar"})
    result = pc("sync", env=env(radicale))
    assert result.code == 2 and "bad-1" in result.stderr, result.stderr
    assert "手机上加的事项" in [i["title"] for i in pc.items()]


def test_dry_run_says_what_would_change_and_changes_nothing(tmp_path, radicale, office):
    pc = home(tmp_path, "pc")
    set_up(pc, radicale)
    pc.add("起草总结")
    office.save_todo(summary="手机上加的事项", uid="phone-2")
    before = pc.snapshot()
    out = synced(pc, radicale, "--dry-run").stdout
    assert "将从服务器新增 1 项" in out and "将上传新增 1 项" in out
    assert pc.snapshot() == before
    assert len(office.todos()) == 1
    status = pc.ok("sync", "status").stdout
    assert "待上传：新增 1" in status
