"""The flow of `bgs sync` (docs/sync.md): `sync.auto` after each writing command, with the server up
and down, and the progress bar on a terminal however few objects there are. Real Radicale
(tests/conftest.py `radicale`), real stores."""

import sqlite3

import pytest

from tests.conftest import Bgs, run_in_terminal

DEAD = "http://127.0.0.1:9/mishu/office/"  # the discard port: nothing listens, the connection is refused


@pytest.fixture
def office(radicale):
    import caldav

    client = caldav.DAVClient(url=radicale.url, username=radicale.user, password=radicale.password)
    return client.principal().make_calendar(name="office", cal_id="office",
                                            supported_calendar_component_set=["VTODO", "VEVENT"])


def home(tmp_path, server, name="pc", auto=True) -> Bgs:
    bgs = Bgs(tmp_path / name, now="2026-11-30T08:30")
    bgs.env["BANGONGSHI_CALDAV_PASSWORD"] = server.password
    bgs.ok("sync", "setup", server.collection_url(), "--user", server.user)
    if auto:
        bgs.ok("config", "set", "sync.auto", "true")
    return bgs


def summaries(office) -> list[str]:
    return sorted(str(t.icalendar_component["SUMMARY"]) for t in office.todos(include_completed=True))


def point_at(bgs: Bgs, url: str) -> None:
    # The server "goes down": the collection this store syncs with no longer answers.
    with sqlite3.connect(bgs.db) as conn:
        conn.execute("UPDATE sync_meta SET value = ? WHERE key = 'collection'", (url,))


def test_auto_sync_sends_each_writing_command_and_brings_back_other_changes(tmp_path, radicale, office):
    pc = home(tmp_path, radicale)
    added = pc.ok("add", "起草年终总结", "--due", "2026-12-04", "--format", "json")
    assert added.json()["title"] == "起草年终总结"  # stdout is the command's own data only
    assert summaries(office) == ["起草年终总结"]
    assert "自动同步" not in added.stderr  # sending the command's own change goes unsaid
    pc.ok("done", str(added.json()["id"]))
    assert office.todos(include_completed=True)[0].icalendar_component["STATUS"] == "COMPLETED"
    # A phone adds a task: the next writing command here brings it, and says so.
    office.save_todo(summary="手机上记的：订会议室", uid="phone-1")
    said = pc.ok("add", "通知各处室报材料")
    assert "自动同步：已从服务器新增 1 项：「手机上记的：订会议室」" in said.stderr, said.stderr
    assert {i["title"] for i in pc.items()} == {"通知各处室报材料", "手机上记的：订会议室"}
    assert summaries(office) == ["手机上记的：订会议室", "起草年终总结", "通知各处室报材料"]
    # A command that only reads does not sync.
    office.save_todo(summary="手机上又记一条", uid="phone-2")
    listed = pc.ok("list")
    assert "自动同步" not in listed.stderr and "手机上又记一条" not in listed.stdout


def test_auto_sync_is_off_by_default(tmp_path, radicale, office):
    pc = home(tmp_path, radicale, auto=False)
    pc.ok("add", "起草通知")
    assert summaries(office) == []
    assert "待上传：新增 1" in pc.ok("sync", "status").stdout


def test_server_down_the_command_succeeds_and_the_next_sync_sends_it(tmp_path, radicale, office):
    pc = home(tmp_path, radicale)
    point_at(pc, DEAD)
    added = pc("add", "起草通知", "--format", "json")
    assert added.code == 0, added.stderr
    assert added.json()["title"] == "起草通知"
    assert "自动同步没有完成" in added.stderr and "连不上 CalDAV 服务器" in added.stderr, added.stderr
    assert "本机的修改已保存" in added.stderr and "本地数据未改动" not in added.stderr
    assert "Traceback" not in added.stderr
    assert [i["title"] for i in pc.items()] == ["起草通知"]
    # Back online: the next writing command sends both, the one missed and its own.
    point_at(pc, radicale.collection_url())
    pc.ok("add", "核对会议名单")
    assert summaries(office) == ["核对会议名单", "起草通知"]


def test_wrong_password_with_auto_sync_the_command_still_succeeds(tmp_path, radicale, office):
    pc = home(tmp_path, radicale)
    added = pc("add", "起草通知", env={"BANGONGSHI_CALDAV_PASSWORD": "不对"})
    assert added.code == 0 and "自动同步没有完成" in added.stderr and "密码" in added.stderr, added.stderr
    assert summaries(office) == []
    assert "上传新增 1 项" in pc.ok("sync").stdout


def test_sync_auto_setting_is_checked(tmp_path):
    bgs = Bgs(tmp_path / "home")
    refused = bgs("config", "set", "sync.auto", "是的")
    assert refused.code == 2 and "sync.auto" in refused.stderr and "true 或 false" in refused.stderr
    refused = bgs("config", "set", "sync.often", "true")
    assert refused.code == 2 and "sync.often" in refused.stderr
    assert bgs.ok("config", "show", "--format", "json").json()["sync"] == {"auto": False, "masked": False}
    bgs.ok("config", "set", "sync.auto", "true")
    assert bgs.ok("config", "show", "--format", "json").json()["sync"] == {"auto": True, "masked": False}


def test_a_progress_bar_on_a_terminal_even_for_one_item(tmp_path, radicale, office):
    pc = home(tmp_path, radicale, auto=False)
    pc.ok("add", "起草通知")
    quiet = pc.ok("sync")
    assert "同步到服务器" not in quiet.stderr  # not a terminal: no escape codes in a log
    pc.ok("add", "核对会议名单")
    code, screen = run_in_terminal(["sync"], [], pc.process_env())
    assert code == 0, screen
    assert "同步到服务器" in screen and "/2" in screen, screen
    assert "上传新增 1 项" in screen


def test_an_edit_made_later_elsewhere_is_merged_not_a_crash(tmp_path, radicale, office):
    # Found by scripts/bench.py: with real clocks the other side's `updated` differs from ours, and
    # the merge carried it next to the sync's own `updated` (TypeError, exit 1).
    pc, laptop = home(tmp_path, radicale, "pc", auto=False), home(tmp_path, radicale, "laptop", auto=False)
    item = pc.add("起草通知")
    pc.ok("sync")
    laptop.ok("sync")
    pc.ok("edit", str(item), "--title", "起草会议通知", env={"BANGONGSHI_NOW": "2026-11-30T09:15"})
    pc.ok("sync")
    pulled = laptop("sync", env={"BANGONGSHI_NOW": "2026-11-30T10:00"})
    assert pulled.code == 0, pulled.stderr
    assert "从服务器更新 1 项" in pulled.stdout
    assert [i["title"] for i in laptop.items()] == ["起草会议通知"]
