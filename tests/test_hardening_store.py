"""Issue #14, the store's own files: backups that never delete themselves or leave half-written or
companion files, a read-only store that still shows what its WAL holds, paths with URI characters,
restore as the way out of a damaged store, and a full disk or a lock named as such."""

import json
import os
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings as hypothesis_settings
from hypothesis import strategies as st

from conftest import Bgs

PASS = {"BANGONGSHI_PASSPHRASE": "correct horse"}
# Each of these ends a path early in an unquoted file: URI; the Chinese and the space must survive too.
URI_CHARS = "周报 #1?%20&=.db"


def backup_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def companions(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(("-wal", "-shm", "-journal"))]


def run_with_file_limit(bgs: Bgs, args: list[str], max_bytes: int) -> subprocess.CompletedProcess:
    """`bgs` in a process that may not write any file beyond `max_bytes`: a full disk, as SQLite sees it."""
    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, max_bytes))

    return subprocess.run([sys.executable, "-m", "bangongshi", *args], capture_output=True, text=True, timeout=120,
                          env=bgs.process_env({"PYTHONDONTWRITEBYTECODE": "1"}), preexec_fn=limit)


def fill(bgs: Bgs, count: int = 12) -> None:
    """A store of many pages, so that damage in its middle spares the pages opening it reads."""
    for n in range(count):
        bgs.ok("add", f"事项{n}", "--note", "说明文字" * 400)


def damage_a_middle_page(db: Path) -> None:
    """Overwrite a page in the middle of the items' own pages (their long notes): a page opening the store
    never reads. The file's middle page was that until the schema grew past a page of its own (issue #25):
    the schema's pages then sit in the middle too, and damage there is found on opening instead."""
    with sqlite3.connect(db) as conn:
        pages, size = conn.execute("PRAGMA page_count").fetchone()[0], conn.execute("PRAGMA page_size").fetchone()[0]
        try:
            items = [row[0] for row in conn.execute("SELECT pageno FROM dbstat WHERE name = 'items' ORDER BY pageno")]
        except sqlite3.OperationalError:  # an SQLite built without the dbstat table
            items = []
    conn.close()
    page = items[len(items) // 2] if items else pages // 2
    with open(db, "r+b") as file:
        file.seek((page - 1) * size)
        file.write(b"\xaa" * size)


# --- 2: retention -----------------------------------------------------------------------------------

def test_backup_keep_1_beside_pre_migration_copies_keeps_the_backup_it_just_made(bgs):
    bgs.add("起草通知")
    folder = bgs.home / "backups"
    folder.mkdir()
    shutil.copy(bgs.db, folder / "bangongshi-v6-20261101T090000.db")  # as a migration from v6 names it
    (bgs.home / "config.yaml").write_text("backup_keep: 1\n", encoding="utf-8")
    made = bgs.ok("backup")
    path = Path(made.stdout.strip())
    assert path.is_file() and f"已备份到 {path}" in made.stderr and "删除了" not in made.stderr
    later = Path(bgs.ok("backup", env={"BANGONGSHI_NOW": "2026-11-20T11:00"}).stdout.strip())
    # The pre-migration copy neither counts nor goes; the older of our own two does.
    assert backup_files(folder) == [later.name, "bangongshi-v6-20261101T090000.db"]


def test_a_clock_set_back_does_not_make_backup_delete_what_it_just_made(bgs):
    bgs.add("起草通知")
    (bgs.home / "config.yaml").write_text("backup_keep: 1\n", encoding="utf-8")
    future = Path(bgs.ok("backup", env={"BANGONGSHI_NOW": "2026-12-01T10:00"}).stdout.strip())
    made = Path(bgs.ok("backup").stdout.strip())
    assert made.is_file() and not future.exists()


# --- 15: a failed backup, a damaged store, companion files ----------------------------------------

def test_a_backup_on_a_full_disk_leaves_no_file_and_no_slot_taken(bgs):
    bgs.add("长文", "--note", "很长的说明" * 20000)
    (bgs.home / "config.yaml").write_text("backup_keep: 1\n", encoding="utf-8")
    good = Path(bgs.ok("backup", env={"BANGONGSHI_NOW": "2026-11-19T10:00"}).stdout.strip())
    assert bgs.db.stat().st_size > 200_000
    failed = run_with_file_limit(bgs, ["backup"], 100_000)
    assert failed.returncode == 5, failed.stderr
    assert "备份没有做成" in failed.stderr and "磁盘" in failed.stderr and "Traceback" not in failed.stderr
    # No partial file (not even a hidden one), and the good backup was not pruned for it.
    assert backup_files(bgs.home / "backups") == [good.name]
    doctor = bgs.ok("doctor", "--format", "json", env={"BANGONGSHI_NOW": "2026-06-10T10:00"}).json()
    assert f"备份：1 份，最近 {good.name}" in doctor["checked"]


def test_doctor_names_an_empty_backup_an_older_version_left(bgs):
    bgs.add("起草通知")
    folder = bgs.home / "backups"
    folder.mkdir()
    empty = folder / "bangongshi-20261119T100000.db"
    empty.touch(mode=0o600)
    found = bgs("doctor", "--format", "json", env={"BANGONGSHI_NOW": "2026-06-10T10:00"})
    assert found.code == 5
    assert found.json()["findings"] == [{"area": "storage", "fix": f"rm '{empty}'",
                                         "problem": f"备份「{empty}」是空文件（以前备份失败留下的），不能用来恢复"}]
    assert [w["problem"] for w in found.json()["warnings"]] == ["备份：还没有任何备份，数据文件一旦损坏就无法恢复"]


def test_a_damaged_store_is_not_backed_up_over_a_good_backup(bgs):
    fill(bgs)
    (bgs.home / "config.yaml").write_text("backup_keep: 1\n", encoding="utf-8")
    good = Path(bgs.ok("backup", env={"BANGONGSHI_NOW": "2026-11-19T10:00"}).stdout.strip())
    damage_a_middle_page(bgs.db)
    refused = bgs("backup")
    assert refused.code == 5 and "数据文件已损坏" in refused.stderr and "bgs restore" in refused.stderr
    assert backup_files(bgs.home / "backups") == [good.name]


def test_checking_and_reading_backups_leaves_no_wal_or_shm_beside_them(bgs, tmp_path):
    bgs.ok("add", "干部人选", "--lock", env=PASS)
    folder = bgs.home / "backups"
    made = Path(bgs.ok("backup").stdout.strip())
    # What older versions made: a copy of the store file in WAL mode.
    old = folder / "bangongshi-20261101T090000.db"
    shutil.copy(bgs.db, old)
    for backup in (made, old):
        assert bgs.ok("restore", str(backup), "--dry-run").code == 0
    bgs("doctor")  # reads every backup for plaintext of locked items
    bgs.ok("restore", str(made), "--yes")
    assert companions(folder) == []


# --- 5: a read-only store whose WAL holds data ------------------------------------------------------

def as_nobody(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable,
                           "-m", "bangongshi", *args], env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(shutil.which("setpriv") is None, reason="needs setpriv to run as another user")
def test_a_read_only_store_shows_and_backs_up_what_its_wal_holds(bgs):
    if os.geteuid() != 0:
        pytest.skip("needs root to run as another user")
    for n in range(5):
        bgs.add(f"早{n}")
    shared = Path(tempfile.mkdtemp(prefix="bgs-readonly-"))
    try:
        # A connection still open elsewhere (or a writer killed) keeps committed rows in the WAL only.
        holder = sqlite3.connect(bgs.db, isolation_level=None)
        holder.execute("PRAGMA wal_autocheckpoint = 0")
        holder.execute("SELECT count(*) FROM items").fetchone()
        for n in range(3):
            bgs.add(f"晚{n}")
        store = shared / URI_CHARS
        store.mkdir()
        for name in ("bangongshi.db", "bangongshi.db-wal", "bangongshi.db-shm"):
            shutil.copy(bgs.home / name, store / name)
            os.chmod(store / name, 0o644)
        holder.close()
        assert (store / "bangongshi.db-wal").stat().st_size > 0
        outbox = shared / "备份 #2"
        outbox.mkdir()
        os.chown(outbox, 65534, 65534)
        for folder in (shared, store):
            os.chmod(folder, 0o755)
        env = bgs.process_env({"BANGONGSHI_HOME": str(store)})
        if subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable, "-c",
                           "import bangongshi"], env=env, capture_output=True).returncode:
            pytest.skip("another user cannot run this Python here (its folders are private)")
        listed = as_nobody(env, "list", "--format", "json")
        assert listed.returncode == 0, listed.stderr
        assert sorted(i["title"] for i in json.loads(listed.stdout)) == sorted(
            [f"早{n}" for n in range(5)] + [f"晚{n}" for n in range(3)])
        backed = as_nobody(env, "backup", str(outbox))
        assert backed.returncode == 0, backed.stderr
        with sqlite3.connect(backed.stdout.strip()) as copy:
            assert copy.execute("SELECT count(*) FROM items").fetchone()[0] == 8
        copy.close()
        # A WAL this user may not read: said, exit 5, not a store that silently lost three items.
        os.chmod(store / "bangongshi.db-wal", 0o600)
        unreadable = as_nobody(env, "list")
        assert unreadable.returncode == 5 and "bangongshi.db-wal" in unreadable.stderr, unreadable.stderr
        assert "读不了" in unreadable.stderr and "早0" not in unreadable.stdout
    finally:
        shutil.rmtree(shared)


# --- 16: every path option with URI characters ------------------------------------------------------

def test_paths_with_hash_question_percent_spaces_and_chinese_work_everywhere(tmp_path):
    root = tmp_path / URI_CHARS
    root.mkdir()
    bgs = Bgs(root / "数据 #?%")  # BANGONGSHI_HOME
    bgs.add("干部人选")
    backups = root / "备份 #1?%"  # a backup DIR
    made = Path(bgs.ok("backup", str(backups)).stdout.strip())
    week = backups / "week#1?x=%20 周.db"  # a restore FILE
    made.rename(week)
    bgs.add("备份后的事")
    assert "1 个事项" in bgs.ok("restore", str(week), "--dry-run").stderr
    bgs.ok("restore", str(week), "--yes")
    assert [i["title"] for i in bgs.items()] == ["干部人选"]
    # Nothing made where a cut-off URI would point ("备份 ", "week"), nothing left beside the copies.
    assert backup_files(backups) == [week.name]
    assert backup_files(root) == ["备份 #1?%", "数据 #?%"]
    assert companions(bgs.home / "backups") == []
    # doctor opens each copy in the data dir's backups/: the one kept before the restore holds the
    # text of the item that is locked now.
    bgs.ok("lock", "1", env=PASS)
    doctor = bgs("doctor", "--format", "json")
    assert any("仍有 1 个加密事项的明文" in f["problem"] for f in doctor.json()["findings"]), doctor.stdout
    db = root / "库 #1?%.db"  # --db
    bgs.ok("--db", str(db), "add", "走 --db")
    assert [i["title"] for i in bgs.ok("--db", str(db), "list", "--format", "json").json()] == ["走 --db"]
    assert sorted(p.name for p in root.iterdir() if p.name.startswith("库")) == ["库 #1?%.db"]


# --- 17: restore is the way out of a damaged store --------------------------------------------------

def truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


def random_bytes(data: bytes) -> bytes:
    return random.Random(14).randbytes(len(data))


def header_only(data: bytes) -> bytes:
    return data[:100] + b"\x00" * 20


def schema_not_utf8(data: bytes) -> bytes:
    # SQLite quotes the bad schema in its error message, which Python then cannot decode.
    assert data.count(b"CREATE TABLE items (") == 1
    return data.replace(b"CREATE TABLE items (", b"CREATE \x80ABLE items (")


@pytest.mark.parametrize("ruin", [truncated, random_bytes, header_only, schema_not_utf8])
def test_restore_puts_a_backup_in_place_of_a_damaged_store_and_keeps_the_damaged_file(bgs, ruin):
    fill(bgs, 5)
    bgs.ok("add", "干部人选", "--lock", env=PASS)  # so that doctor reads every copy, the damaged one too
    backup = bgs.ok("backup", env={"BANGONGSHI_NOW": "2026-11-19T10:00"}).stdout.strip()
    bgs.add("备份后的事")
    ruined = ruin(bgs.db.read_bytes())
    bgs.db.write_bytes(ruined)
    broken = bgs("list")
    assert broken.code == 5 and "已损坏" in broken.stderr, broken.stderr
    assert f"用 bgs restore {backup} --yes 恢复" in broken.stderr  # the newest backup, named
    dry = bgs.ok("restore", backup, "--dry-run")
    assert "当前数据文件已损坏" in dry.stderr and "--dry-run：什么都没有改" in dry.stderr
    assert bgs.db.read_bytes() == ruined
    done = bgs.ok("restore", backup, "--yes")
    assert len(bgs.items("--all")) == 6
    aside = next((bgs.home / "backups").glob("bangongshi-*-damaged.db"))
    assert f"原来的数据文件已损坏，已移到 {aside} 保留" in done.stderr
    assert aside.read_bytes() == ruined
    healthy = bgs("doctor", "--format", "json", env={"BANGONGSHI_NOW": "2026-06-10T10:00"})
    assert healthy.code == 0, healthy.stdout


# --- 18: the real cause ---------------------------------------------------------------------------

LOCKER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA locking_mode = EXCLUSIVE")
conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(60)
"""


def test_a_store_locked_by_another_program_is_not_called_damaged(bgs):
    bgs.add("起草通知")
    locker = subprocess.Popen([sys.executable, "-c", LOCKER, str(bgs.db)], stdout=subprocess.PIPE, text=True)
    try:
        assert locker.stdout.readline().strip() == "locked"
        result = bgs("list")  # waits out the busy timeout first, as for another bgs writing
    finally:
        locker.kill()
        locker.wait()
    assert result.code == 5 and "被其他程序锁住" in result.stderr, result.stderr
    assert "损坏" not in result.stderr and "不是可用" not in result.stderr


def test_a_full_disk_when_the_store_is_created_is_not_called_damaged(bgs):
    bgs.ok("config", "show")  # the config file exists; the store does not yet
    assert not bgs.db.exists()
    result = run_with_file_limit(bgs, ["add", "起草通知"], 4096)
    assert result.returncode == 5, result.stderr
    assert "磁盘" in result.stderr and "损坏" not in result.stderr and "不是可用" not in result.stderr


def test_a_really_full_disk_is_named_for_a_write_and_a_backup(tmp_path):
    disk = tmp_path / "小盘"
    disk.mkdir()
    # Room for a new store and its WAL (schema 19's register tables made it outgrow 320k), then filled.
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=640k", "tmpfs", str(disk)],
                                           capture_output=True).returncode:
        pytest.skip("needs to mount a small tmpfs (root)")
    try:
        bgs = Bgs(disk / "home")
        bgs.add("起草通知")
        ballast = disk / "ballast"
        fd = os.open(ballast, os.O_WRONLY | os.O_CREAT)  # fill the disk to the last block
        try:
            while os.write(fd, b"\0" * 4096):
                pass
        except OSError:
            pass
        finally:
            os.close(fd)
        for args in (["add", "长文", "--note", "很长的说明" * 5000], ["backup"]):
            result = bgs(*args)
            assert result.code == 5 and "磁盘已满" in result.stderr, (args, result.stderr)
            assert "损坏" not in result.stderr
        assert backup_files(bgs.home / "backups") == []
        ballast.unlink()
        assert [i["title"] for i in bgs.items()] == ["起草通知"]
    finally:
        subprocess.run(["umount", str(disk)], capture_output=True)


# --- fuzzer: store files and path characters --------------------------------------------------------

STORE_COMMANDS = [["list"], ["add", "新事"], ["show", "1"], ["log"], ["backup"], ["doctor"], ["agenda"],
                  ["export", "--format", "json"], ["restore", "--dry-run", "BACKUP"], ["restore", "--yes", "BACKUP"]]


@hypothesis_settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(STORE_COMMANDS), st.sampled_from(["truncate", "random", "page"]),
       st.floats(min_value=0.0, max_value=1.0), st.binary(min_size=1, max_size=64))
def test_any_damaged_store_ends_with_a_known_code_and_no_traceback(tmp_path_factory, command, how, where, junk):
    bgs = Bgs(tmp_path_factory.mktemp("store") / "home")
    fill(bgs, 3)
    bgs.ok("add", "干部人选", "--lock", env=PASS)  # so that doctor reads every copy, the damaged one too
    backup = bgs.ok("backup", env={"BANGONGSHI_NOW": "2026-11-19T10:00"}).stdout.strip()
    data = bytearray(bgs.db.read_bytes())
    at = int(where * len(data))
    if how == "truncate":
        data = data[:at]
    elif how == "random":
        data = bytearray(random.Random(at).randbytes(len(data)))
    else:
        data[at:at + len(junk)] = junk
    bgs.db.write_bytes(bytes(data))
    result = bgs(*[backup if arg == "BACKUP" else arg for arg in command])
    assert result.code in (0, 2, 3, 4, 5), (command, how, at, result.stderr)
    assert "Traceback" not in result.stderr and "意外错误" not in result.stderr, (command, how, at, result.stderr)
    if command[:2] == ["restore", "--yes"]:
        assert result.code == 0 and len(bgs.items("--all")) == 4, result.stderr
        doctor = bgs("doctor")
        assert doctor.code in (0, 2, 5) and "意外错误" not in doctor.stderr, doctor.stderr


path_text = st.text(alphabet="#?%&= 周报数据'\"$;.-_ab12", min_size=1, max_size=12).filter(
    lambda t: t not in (".", "..") and not t.startswith("-"))


@hypothesis_settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path_text, path_text)
def test_any_path_characters_in_home_db_backup_and_restore(tmp_path_factory, home_name, file_name):
    root = tmp_path_factory.mktemp("paths")
    bgs = Bgs(root / home_name)
    bgs.add("起草通知")
    folder = root / f"bk{file_name}"
    made = Path(bgs.ok("backup", str(folder)).stdout.strip())
    target = folder / f"{file_name}.db"
    made.rename(target)
    assert bgs.ok("restore", str(target), "--dry-run").code == 0
    assert bgs.ok("restore", str(target), "--yes").code == 0
    db = root / f"{file_name}-store.db"
    bgs.ok("--db", str(db), "add", "走 --db")
    assert [i["title"] for i in bgs.ok("--db", str(db), "list", "--format", "json").json()] == ["走 --db"]
    exported = root / f"{file_name}.json"
    bgs.ok("export", "--format", "json", "-o", str(exported))
    assert "1 个没有变化" in bgs.ok("import", str(exported), "--dry-run").stderr
    assert backup_files(folder) == [target.name]
    assert sorted(p.name for p in root.iterdir()) == sorted({home_name, folder.name, db.name, exported.name})


def test_backup_never_deletes_the_live_store_even_under_a_backup_s_name(tmp_path):
    folder = tmp_path / "store"
    folder.mkdir()
    db = folder / "bangongshi-20261101T000000.db"
    bgs = Bgs(tmp_path / "home")
    bgs.home.mkdir()
    (bgs.home / "config.yaml").write_text("backup_keep: 1\n", encoding="utf-8")
    bgs.ok("--db", str(db), "add", "重要数据")
    bgs.ok("--db", str(db), "backup", str(folder))
    assert db.exists()
    assert [i["title"] for i in bgs.ok("--db", str(db), "list", "--all", "--format", "json").json()] == ["重要数据"]
