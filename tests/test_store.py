"""The store: where it lives, who may read it, two shells at once, and upgrades that keep every item."""

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from bangongshi.clock import office_zone
from bangongshi.errors import StorageError
from bangongshi.storage import migrations, open_store

FIXTURES = Path(__file__).parent / "fixtures"
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=office_zone())


def test_store_is_created_private_in_bangongshi_home(bgs):
    bgs.add("一")
    assert stat.S_IMODE(os.stat(bgs.db).st_mode) == 0o600


def test_db_option_overrides_the_home(bgs, tmp_path):
    elsewhere = tmp_path / "elsewhere.db"
    bgs.ok("--db", str(elsewhere), "add", "一")
    assert elsewhere.exists() and not bgs.db.exists()
    assert [i["title"] for i in bgs.ok("--db", str(elsewhere), "list", "--format", "json").json()] == ["一"]


def test_default_location_is_the_platform_user_data_dir(tmp_path):
    env = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data"),
           "BANGONGSHI_NOW": "2026-11-20T10:00"}
    env.pop("BANGONGSHI_HOME", None)
    subprocess.run([sys.executable, "-m", "bangongshi", "add", "一"], env=env, check=True, capture_output=True)
    assert (tmp_path / "data" / "bangongshi" / "bangongshi.db").exists()


def test_connection_settings(tmp_path):
    store = open_store(tmp_path / "s.db", NOW)
    conn = store.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.CURRENT_VERSION
    store.close()


def test_a_failed_write_leaves_nothing_behind(tmp_path):
    store = open_store(tmp_path / "s.db", NOW)
    with pytest.raises(RuntimeError):
        with store.write("bgs test", NOW) as tx:
            tx.insert("item", {"uuid": "u", "title": "一", "folder": "todo", "created": "x", "updated": "x"})
            raise RuntimeError("crash in the middle")
    assert store.conn.execute("SELECT count(*) FROM items").fetchone()[0] == 0
    assert store.conn.execute("SELECT count(*) FROM runs").fetchone()[0] == 0
    store.close()


WRITER = """
import os, sys
from bangongshi.cli import run
for n in range(int(sys.argv[2])):
    assert run(["add", f"{sys.argv[1]}-{n}", "--format", "json"]) == 0
"""


def test_two_shells_writing_at_once_both_succeed(bgs):
    env = bgs.process_env()
    count = 40
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, name, str(count)], env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for name in ("甲", "乙")
    ]
    for writer in writers:
        _, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err.decode()
    items = bgs.items()
    assert len(items) == 2 * count
    assert len({i["id"] for i in items}) == 2 * count
    assert {i["title"] for i in items} == {f"{w}-{n}" for w in ("甲", "乙") for n in range(count)}


def test_there_is_a_saved_store_for_every_schema_version():
    for version in range(1, migrations.CURRENT_VERSION + 1):
        assert (FIXTURES / f"schema_v{version}.db").exists(), (
            f"save one with scripts/make_schema_fixture.py before adding migration {version + 1}"
        )


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("schema_v*.db")), ids=lambda p: p.stem)
def test_every_saved_version_opens_and_keeps_every_item(bgs, fixture):
    bgs.home.mkdir(parents=True)
    shutil.copy(fixture, bgs.db)
    with sqlite3.connect(fixture) as conn:
        titles = sorted(r[0] for r in conn.execute("SELECT title FROM items"))
    items = bgs.items("--all")
    assert sorted(i["title"] for i in items) == titles
    assert {"起草年终总结", "联系会场", "全市办公室工作会议"} <= set(titles)
    handled = next(i for i in items if i["title"] == "联系会场")
    assert handled["folder"] == "done" and handled["result"] == "已联系，三楼会议室"
    if int(fixture.stem.removeprefix("schema_v")) >= 2:
        local = bgs.ok("cal", "local", "list", "--format", "json").json()
        assert local == [{"date": "2026-12-31", "workday": False, "name": "单位年休"}]
        assert bgs.ok("when", "2026-10-10", "--format", "json").json()["rest_day"] is False
    if int(fixture.stem.removeprefix("schema_v")) >= 4:
        saved = bgs.ok("plan", "show", "2026-11-23", "--format", "json").json()
        assert saved["made_at"] == "2026-11-20T10:00:00+08:00" and saved["items"]
    if int(fixture.stem.removeprefix("schema_v")) >= 9:
        secret = bgs.ok("show", "17", "--unlock", "--format", "json",
                        env={"BANGONGSHI_PASSPHRASE": "fixture passphrase"}).json()
        assert (secret["title"], secret["notes"], handled["title"]) == ("干部考察安排", "名单见附件", "联系会场")
        assert "【密】事项 #17" in titles
    assert bgs.ok("undo").code == 0  # the saved journal still works after the upgrade
    with sqlite3.connect(bgs.db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.CURRENT_VERSION


def test_an_upgrade_backs_up_first_and_keeps_every_row(tmp_path, monkeypatch):
    path = tmp_path / "bangongshi.db"
    shutil.copy(FIXTURES / "schema_v1.db", path)

    def add_priority_column(conn):
        conn.execute("ALTER TABLE items ADD COLUMN sample_priority INTEGER NOT NULL DEFAULT 0")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, add_priority_column])
    monkeypatch.setattr(migrations, "CURRENT_VERSION", len(migrations.MIGRATIONS))
    before = sqlite3.connect(path).execute("SELECT id, title, folder FROM items ORDER BY id").fetchall()
    store = open_store(path, NOW)
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == len(migrations.MIGRATIONS)
    assert store.conn.execute("SELECT id, title, folder FROM items ORDER BY id").fetchall() == before
    store.close()
    backups = list((tmp_path / "backups").glob("bangongshi-v1-20261120T100000.db"))
    assert len(backups) == 1
    assert stat.S_IMODE(os.stat(backups[0]).st_mode) == 0o600
    saved = sqlite3.connect(backups[0])
    assert saved.execute("PRAGMA user_version").fetchone()[0] == 1
    assert saved.execute("SELECT id, title, folder FROM items ORDER BY id").fetchall() == before


def test_a_failed_upgrade_changes_nothing(tmp_path, monkeypatch):
    path = tmp_path / "bangongshi.db"
    shutil.copy(FIXTURES / "schema_v1.db", path)

    def broken(conn):
        conn.execute("ALTER TABLE items ADD COLUMN half_done INTEGER")
        conn.execute("THIS IS NOT SQL")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, broken])
    monkeypatch.setattr(migrations, "CURRENT_VERSION", len(migrations.MIGRATIONS))
    target = len(migrations.MIGRATIONS)
    with pytest.raises(StorageError, match=f"升级数据文件失败（数据版本 1 → {target}）.*数据未改动"):
        open_store(path, NOW)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    columns = [r[1] for r in conn.execute("PRAGMA table_info(items)")]
    assert "half_done" not in columns


def test_minutes_an_older_import_stored_as_text_are_repaired_into_the_notes(bgs):
    """Schema v22: before it, `bgs import` took spent_minutes and remind for text, so a file's "abc"
    or true stayed text (and a report then stopped, exit 1) and "1.5" a fraction. Opening such a
    store keeps every value where the user can read it: numbers rounded, other text in the notes."""
    bgs.home.mkdir(parents=True, exist_ok=True)
    shutil.copy(FIXTURES / "schema_v21.db", bgs.db)
    with sqlite3.connect(bgs.db) as conn:
        conn.execute("UPDATE items SET spent_minutes = 'abc', notes = '' WHERE id = 2")  # handled
        conn.execute("UPDATE items SET spent_minutes = 'True', notes = '原有备注' WHERE id = 20")
        conn.execute("UPDATE items SET spent_minutes = 1.5, remind = 'x' WHERE id = 22")
        conn.execute("UPDATE items SET remind = 29.6 WHERE id = 3")
        conn.execute("UPDATE items SET spent_minutes = 'abc' WHERE id = 17")  # locked: its notes are sealed
        count = conn.execute("SELECT count(*) FROM items").fetchone()[0]
    items = {i["id"]: i for i in bgs.ok("list", "--all", "--format", "json").json()}
    assert len(items) == count
    assert (items[2]["spent_minutes"], items[2]["notes"]) == (None, "（导入时的实际用时「abc」不是分钟数，移到这里）")
    assert items[20]["notes"] == "原有备注\n（导入时的实际用时「True」不是分钟数，移到这里）"
    assert items[22]["spent_minutes"] == 2 and "（导入时的提醒提前量「x」不是分钟数，移到这里）" in items[22]["notes"]
    with sqlite3.connect(bgs.db) as conn:
        assert conn.execute("SELECT remind, typeof(remind) FROM items WHERE id = 3").fetchone() == (30, "integer")
        assert conn.execute("SELECT count(*) FROM items WHERE typeof(spent_minutes) NOT IN ('integer', 'null') "
                            "OR typeof(remind) NOT IN ('integer', 'null')").fetchone()[0] == 0
    for kind in ("day", "week", "month"):
        bgs.ok("report", kind, "2026-11-20" if kind != "month" else "2026-11")
    # The store's own export imports back (a text in the minutes was refused), changing nothing.
    bgs.ok("export", "--format", "json", "-o", str(bgs.home / "again.json"))
    again = bgs.ok("import", str(bgs.home / "again.json")).stderr
    assert f"已导入 0 个新事项，已更新 0 个，{count - 2} 个没有变化" in again, again
