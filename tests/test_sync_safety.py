"""`bgs sync` keeps what matters safe (issue 18): a locked item's text never reaches the server, masked
or not; the 督办 log travels and no progress note is lost; conflicts are shown under the item; a
server that answers 507 or 412 and a machine without a keyring give a clear message and lose nothing.
Against a real Radicale (tests/conftest.py `radicale`); 507/412 come from a tiny proxy in front of it."""

import http.client
import sqlite3
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse

import pytest

from tests.conftest import Bgs

PASSPHRASE = {"BANGONGSHI_PASSPHRASE": "口令口令口令口令口令"}


def env(server):
    return {"BANGONGSHI_CALDAV_PASSWORD": server.password}


def home(tmp_path, name, now="2026-11-30T08:30", masked=None):
    bgs = Bgs(tmp_path / name, now=now)
    if masked is not None:
        bgs.home.mkdir(parents=True, exist_ok=True)
        (bgs.home / "config.yaml").write_text(f"sync:\n  masked: {'true' if masked else 'false'}\n", "utf-8")
    return bgs


def set_up(bgs: Bgs, server, url=None):
    return bgs.ok("sync", "setup", url or server.collection_url(), "--user", server.user, env=env(server))


def synced(bgs: Bgs, server, *args):
    result = bgs("sync", *args, env=env(server))
    assert result.code == 0, result.stderr
    return result


def stored(server) -> str:
    """Every byte Radicale keeps (collections, caches, history), as text."""
    return "".join(p.read_text("utf-8", "replace") for p in server.storage.rglob("*") if p.is_file())


@pytest.fixture
def office(radicale):
    import caldav

    client = caldav.DAVClient(url=radicale.url, username=radicale.user, password=radicale.password)
    return client.principal().make_calendar(name="office", cal_id="office",
                                            supported_calendar_component_set=["VTODO", "VEVENT"])


# ---- locked items ---------------------------------------------------------------------------------


@pytest.mark.parametrize("masked", [False, True])
def test_a_locked_items_text_never_reaches_the_server_masked_or_not(tmp_path, radicale, office, masked):
    pc = home(tmp_path, "pc", masked=masked)
    set_up(pc, radicale)
    early = pc.add("干部任免名单初稿", "--at", "2026-12-01 15:00", "--duration", "1h", "--note", "涉及三名处长")
    synced(pc, radicale)  # on the server in plain text, then locked: the text must leave it
    late = pc.add("人事调整方案绝密内容", "--due", "2026-12-03")
    pc.ok("lock", str(early), env=PASSPHRASE)
    pc.ok("lock", str(late), env=PASSPHRASE)
    out = synced(pc, radicale).stdout
    everything = stored(radicale)
    for text in ("干部任免", "三名处长", "人事调整方案"):
        assert text not in everything
    objects = {str(o.icalendar_component["UID"]): o.icalendar_component
               for o in office.search(todo=True, include_completed=True) + office.events()}
    if not masked:
        assert "加密事项 2 项不同步" in out and objects == {}
        return
    assert "加密事项 2 项以「【密】事项」占位同步" in out
    assert len(objects) == 2 and {str(c["SUMMARY"]) for c in objects.values()} == {"【密】事项"}
    event = objects[pc.item(early)["uuid"]]
    assert event.name == "VEVENT" and event.decoded("DTSTART").isoformat() == "2026-12-01T07:00:00+00:00"
    assert objects[pc.item(late)["uuid"]].decoded("DUE").isoformat() == "2026-12-03"
    assert "两边一致" in synced(pc, radicale).stdout  # the placeholder is not sent again and again


def test_a_placeholder_is_a_slot_on_another_machine_not_an_item(tmp_path, radicale, office):
    pc, laptop = home(tmp_path, "pc", masked=True), home(tmp_path, "laptop")
    set_up(pc, radicale)
    set_up(laptop, radicale)
    secret = pc.add("绝密会议", "--at", "2026-12-02 10:00")
    pc.ok("lock", str(secret), env=PASSPHRASE)
    synced(pc, radicale)
    synced(laptop, radicale)
    assert laptop.items("--all") == []
    synced(laptop, radicale)  # and the laptop does not take it off the server either
    assert [str(e.icalendar_component["SUMMARY"]) for e in office.events()] == ["【密】事项"]


def test_sync_masked_must_be_true_or_false(tmp_path):
    pc = home(tmp_path, "pc")
    pc.home.mkdir(parents=True)
    (pc.home / "config.yaml").write_text("sync:\n  masked: 也许\n", "utf-8")
    refused = pc("list")
    assert refused.code == 2 and "sync.masked" in refused.stderr and "true 或 false" in refused.stderr


# ---- the 督办 log ---------------------------------------------------------------------------------


def test_the_follow_up_log_travels_and_both_sides_progress_notes_are_kept(tmp_path, radicale, office):
    pc, laptop = home(tmp_path, "pc"), home(tmp_path, "laptop", now="2026-11-30T09:00")
    set_up(pc, radicale)
    set_up(laptop, radicale)
    item = pc.add("督办：全市安全生产检查", "--due", "2026-12-04")
    pc.ok("assign", str(item), "--to", "安监科张三")
    pc.ok("nudge", str(item), "--via", "电话", "--note", "周三前报初稿")
    synced(pc, radicale)
    synced(laptop, radicale)
    [there] = laptop.items()
    shown = laptop.ok("show", str(there["id"])).stdout
    assert "周三前报初稿" in shown and "安监科张三" in shown
    # Both sides note progress before the next sync: nothing is lost, on either machine or the server.
    pc.ok("progress", str(item), "初稿已完成")
    laptop.ok("progress", str(there["id"]), "已送分管领导审阅")
    synced(pc, radicale)
    synced(laptop, radicale)
    synced(pc, radicale)
    for bgs, item_id in ((pc, item), (laptop, there["id"])):
        shown = bgs.ok("show", str(item_id)).stdout
        assert "初稿已完成" in shown and "已送分管领导审阅" in shown and "周三前报初稿" in shown
        assert shown.count("周三前报初稿") == 1  # an entry both had is not doubled
    [todo] = office.todos()
    logged = " ".join(map(str, todo.icalendar_component.get("X-BANGONGSHI-LOG")))
    assert "初稿已完成" in logged and "已送分管领导审阅" in logged
    assert "两边一致" in synced(laptop, radicale).stdout


# ---- conflicts under the item -----------------------------------------------------------------------


def test_show_lists_the_items_sync_conflicts_in_table_and_json(tmp_path, radicale, office):
    pc = home(tmp_path, "pc")
    set_up(pc, radicale)
    item_id = pc.add("准备会议材料", "--note", "第一稿")
    other = pc.add("无冲突的事项")
    synced(pc, radicale)
    todo = [t for t in office.todos() if str(t.icalendar_component["SUMMARY"]) == "准备会议材料"][0]
    todo.icalendar_component["DESCRIPTION"] = "手机上补充：带投影仪"
    todo.save()
    pc.ok("edit", str(item_id), "--note", "电脑上补充：打印20份")
    synced(pc, radicale)
    table = pc.ok("show", str(item_id)).stdout
    assert "同步冲突" in table and "带投影仪" in table.split("同步冲突")[1]
    shown = pc.item(item_id)
    [conflict] = shown["sync_conflicts"]
    assert conflict["field"] == "notes" and "打印20份" in conflict["local"] and "带投影仪" in conflict["remote"]
    assert conflict["kept"] in ("local", "remote") and conflict["at"].startswith("2026-11-30T08:30")
    assert pc.item(other)["sync_conflicts"] == []
    assert "同步冲突" not in pc.ok("show", str(other)).stdout
    # Locked afterwards: the values recorded in plain text are not shown without the passphrase.
    pc.ok("lock", str(item_id), env=PASSPHRASE)
    masked = pc.item(item_id)["sync_conflicts"][0]
    assert masked["local"] == masked["remote"] == "【密】"
    assert "带投影仪" not in pc.ok("show", str(item_id)).stdout
    # Nor are they kept in the clear in the store: locking masks the stored conflict too, so
    # `bgs sync conflicts` and the file itself show 【密】.
    assert "带投影仪" not in pc.ok("sync", "conflicts").stdout
    with sqlite3.connect(pc.db) as conn:
        assert conn.execute("SELECT local, remote FROM sync_conflicts").fetchall() == [("【密】", "【密】")]


# ---- the server says no: 507, 412 ---------------------------------------------------------------


class Proxy:
    """Forwards every request to Radicale, except that it answers `status` to the PUTs numbered in
    `refuse` (1 = the first PUT seen), as a full disk (507) or a changed object (412) would."""

    def __init__(self, target: str):
        self.target = urlparse(target)
        self.refuse: dict[int, int] = {}
        self.puts = 0
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _forward(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.command == "PUT":
                    proxy.puts += 1
                    status = proxy.refuse.get(proxy.puts)
                    if status:
                        self.send_response(status)
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                        return
                conn = http.client.HTTPConnection(proxy.target.hostname, proxy.target.port, timeout=10)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
                conn.request(self.command, self.path, body, headers)
                answer = conn.getresponse()
                data = answer.read()
                self.send_response(answer.status)
                for key, value in answer.getheaders():
                    if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                conn.close()

            do_GET = do_PUT = do_DELETE = do_PROPFIND = do_REPORT = do_OPTIONS = do_MKCALENDAR = _forward
            do_PROPPATCH = do_MKCOL = do_HEAD = _forward

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def proxy(radicale, office):
    running = Proxy(radicale.url)
    yield running
    running.close()


def test_a_full_server_507_stops_the_push_keeps_what_went_and_the_next_sync_finishes(tmp_path, radicale, office,
                                                                                    proxy):
    pc = home(tmp_path, "pc")
    set_up(pc, radicale, url=f"{proxy.url}{radicale.user}/office/")
    for title in ("起草通知", "报送信息", "安排用车"):
        pc.add(title)
    before = [(i["id"], i["title"], i["folder"]) for i in pc.items("--all")]
    proxy.refuse = {proxy.puts + 2: 507}
    full = pc("sync", env=env(radicale))
    assert full.code == 5 and "空间不足" in full.stderr and "下次 bgs sync 继续" in full.stderr, full.stderr
    assert len(office.todos()) == 1
    assert [(i["id"], i["title"], i["folder"]) for i in pc.items("--all")] == before  # nothing lost here
    assert "待上传：新增 2" in pc.ok("sync", "status").stdout  # the one that went is remembered
    out = synced(pc, radicale).stdout
    assert "上传新增 2 项" in out
    assert sorted(str(t.icalendar_component["SUMMARY"]) for t in office.todos()) == ["安排用车", "报送信息", "起草通知"]


def test_a_412_leaves_the_servers_copy_alone_and_the_next_sync_merges(tmp_path, radicale, office, proxy):
    pc = home(tmp_path, "pc")
    set_up(pc, radicale, url=f"{proxy.url}{radicale.user}/office/")
    item_id = pc.add("起草年终总结", "--note", "第一稿")
    synced(pc, radicale)
    pc.ok("edit", str(item_id), "--title", "起草年度工作总结")
    proxy.refuse = {proxy.puts + 1: 412}
    out = synced(pc, radicale).stdout
    assert "服务器上刚被改动、下次同步时合并 1 项" in out and "上传修改" not in out
    assert [str(t.icalendar_component["SUMMARY"]) for t in office.todos()] == ["起草年终总结"]
    assert pc.item(item_id)["title"] == "起草年度工作总结"
    assert "上传修改 1 项" in synced(pc, radicale).stdout
    assert [str(t.icalendar_component["SUMMARY"]) for t in office.todos()] == ["起草年度工作总结"]


# ---- no keyring, no variable ----------------------------------------------------------------------


def test_no_keyring_backend_and_no_variable_is_refused_naming_both_ways(tmp_path, radicale, office):
    pc = home(tmp_path, "pc")
    set_up(pc, radicale)  # with the variable
    pc.add("起草通知")
    before = pc.snapshot()
    no_keyring = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring", "BANGONGSHI_CALDAV_PASSWORD": None}
    process_env = pc.process_env()
    process_env.pop("BANGONGSHI_CALDAV_PASSWORD", None)
    process_env["PYTHON_KEYRING_BACKEND"] = no_keyring["PYTHON_KEYRING_BACKEND"]
    for args in (["sync"], ["sync", "setup", radicale.collection_url(), "--user", radicale.user]):
        done = subprocess.run([sys.executable, "-m", "bangongshi", *args], env=process_env, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 2, done.stderr
        assert "BANGONGSHI_CALDAV_PASSWORD" in done.stderr and "钥匙串" in done.stderr
        assert "Traceback" not in done.stderr
    assert pc.snapshot() == before
    assert office.todos() == []


def test_without_the_sync_extra_sync_says_how_to_install_it(tmp_path):
    """caldav and keyring are the `sync` extra (their dependency taxes every Python start): without
    them `bgs sync` is bad input naming the install command, and nothing else changes."""
    import os
    import subprocess
    import sys

    home = tmp_path / "home"
    env = {**os.environ, "BANGONGSHI_HOME": str(home), "BANGONGSHI_NOW": "2026-11-30T08:30",
           "BANGONGSHI_CALDAV_PASSWORD": "x"}
    blocked = ("import sys; sys.modules['caldav'] = None; from bangongshi.cli import run; "
               "sys.exit(run(sys.argv[1:]))")
    for args in (["sync", "setup", "http://127.0.0.1:9/u/c/", "--user", "u"], ["sync"]):
        done = subprocess.run([sys.executable, "-c", blocked, *args], env=env, capture_output=True, text=True)
        assert done.returncode == 2, done.stderr
        assert "pip install 'bangongshi[sync]'" in done.stderr and "Traceback" not in done.stderr
    assert subprocess.run([sys.executable, "-m", "bangongshi", "add", "照常记事"], env=env).returncode == 0
