"""Locked items under attack (issue #14): a passphrase changed while another command writes, sealed
values moved between rows, old-format values, slips, the editor, and child processes."""

import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

P1 = "first passphrase"
P2 = "second passphrase"
FIXTURES = Path(__file__).parent / "fixtures"


def env(passphrase: str, new: str | None = None) -> dict:
    return {"BANGONGSHI_PASSPHRASE": passphrase, **({"BANGONGSHI_NEW_PASSPHRASE": new} if new else {})}


def sealed_column(bgs, table: str) -> dict[int, str]:
    with sqlite3.connect(bgs.db) as conn:
        return dict(conn.execute(f"SELECT id, sealed FROM {table} WHERE sealed IS NOT NULL"))


def test_changing_the_passphrase_while_an_import_writes_locked_items_loses_nothing(bgs, tmp_path):
    """The race of the issue: `lock --change-passphrase` and an import holding locked items, started a
    moment apart. Whatever wins, every locked item opens afterwards under the passphrase in force."""
    existing = bgs.add("干部考察安排", "--note", "名单见附件")
    bgs.ok("lock", str(existing), env=env(P1))
    uuid = bgs.item(existing)["uuid"]
    command = [sys.executable, "-m", "bangongshi"]
    current, other = P1, P2
    outcomes = {"both": 0, "one": 0}
    rng = random.Random(14)
    for trial in range(40):
        # The existing item as stored (the import leaves it alone) and a new one: the new item's text
        # is sealed with whatever key the import holds when it writes.
        source = tmp_path / f"import{trial}.json"
        source.write_text(json.dumps([
            {"title": f"新的加密事项 {trial}", "notes": "只给书记看", "locked": True},
            {"uuid": uuid, "title": "干部考察安排", "notes": "名单见附件", "locked": True},
        ], ensure_ascii=False), encoding="utf-8")
        # The import first, the change a moment later: the import reads the key record while the
        # change's transaction is open and writes once it has committed (before the fix: lost).
        imported = subprocess.Popen([*command, "import", str(source)], env=bgs.process_env(env(current)),
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.0, 0.06))
        change = subprocess.run([*command, "lock", "--change-passphrase"], env=bgs.process_env(env(current, other)),
                                capture_output=True, stdin=subprocess.DEVNULL, timeout=60)
        _, import_err = imported.communicate(timeout=60)
        assert change.returncode in (0, 4), change.stderr.decode()
        assert imported.returncode in (0, 4), import_err.decode()
        if change.returncode == 0:
            current, other = other, current
        outcomes["both" if change.returncode == imported.returncode == 0 else "one"] += 1
        # Every sealed value in the store opens under the passphrase now in force.
        listed = bgs.ok("list", "--all", "--unlock", "--format", "json", env=env(current)).json()
        assert "干部考察安排" in [i["title"] for i in listed]
        assert bgs("list", "--all", "--unlock", env=env(other)).code == 4
        if imported.returncode == 0:
            assert f"新的加密事项 {trial}" in [i["title"] for i in listed]
    doctor = bgs("doctor", "--unlock", "--format", "json", env=env(current)).json()
    assert not [f for f in doctor["findings"] if f["area"] == "locks"], doctor
    assert outcomes["both"] > 0  # the two really ran side by side, not one after the other every time


def test_a_sealed_value_moved_to_another_item_does_not_open(bgs):
    first = bgs.add("人事调整方案")
    second = bgs.add("预算调整说明")
    bgs.ok("lock", str(first), str(second), env=env(P1))
    blobs = sealed_column(bgs, "items")
    with sqlite3.connect(bgs.db) as conn:  # an attacker swaps the two sealed values in the file
        conn.execute("UPDATE items SET sealed = ? WHERE id = ?", (blobs[second], first))
        conn.execute("UPDATE items SET sealed = ? WHERE id = ?", (blobs[first], second))
    shown = bgs("show", str(first), "--unlock", env=env(P1))
    assert shown.code == 4 and "预算调整说明" not in shown.stdout
    assert "挪动" in shown.stderr
    doctor = bgs("doctor", "--unlock", "--format", "json", env=env(P1))
    assert doctor.code == 2
    problems = [f["problem"] for f in doctor.json()["findings"] if f["area"] == "locks"]
    assert problems and problems[0].startswith("2 个加密值打不开")


def test_a_value_sealed_under_another_key_version_is_reported_without_the_passphrase(bgs):
    item = bgs.add("人事调整方案")
    bgs.ok("lock", str(item), env=env(P1))
    assert not [f for f in bgs("doctor", "--format", "json").json()["findings"] if f["area"] == "locks"]
    with sqlite3.connect(bgs.db) as conn:
        (blob,) = conn.execute("SELECT sealed FROM items WHERE id = ?", (item,)).fetchone()
        assert blob.startswith("v2:1:")
        conn.execute("UPDATE items SET sealed = ? WHERE id = ?", ("v2:7:" + blob[5:], item))
    doctor = bgs("doctor", "--format", "json")
    assert doctor.code == 2
    assert any("第 7 版口令，现在是第 1 版" in f["problem"] for f in doctor.json()["findings"])


def test_values_of_the_first_format_open_and_are_sealed_again_when_the_passphrase_is_given(bgs):
    bgs.home.mkdir(parents=True)
    shutil.copy(FIXTURES / "schema_v9.db", bgs.db)  # sealed by schema 9: format v1, bound to nothing
    before = bgs("doctor", "--format", "json").json()
    legacy = [f["problem"] for f in before["findings"] if "旧格式" in f["problem"]]
    assert legacy and int(legacy[0].split(" ")[0]) > 2
    secret = bgs.ok("show", "17", "--unlock", "--format", "json", env={"BANGONGSHI_PASSPHRASE": "fixture passphrase"})
    assert (secret.json()["title"], secret.json()["notes"]) == ("干部考察安排", "名单见附件")
    after = bgs("doctor", "--unlock", "--format", "json", env={"BANGONGSHI_PASSPHRASE": "fixture passphrase"}).json()
    assert not [f for f in after["findings"] if f["area"] == "locks"]
    with sqlite3.connect(bgs.db) as conn:
        blobs = [r[0] for r in conn.execute("SELECT sealed FROM items WHERE sealed IS NOT NULL "
                                            "UNION ALL SELECT sealed FROM follow_ups WHERE sealed IS NOT NULL")]
        journal = conn.execute("SELECT count(*) FROM changes WHERE before LIKE '%\"v1:%' OR after LIKE '%\"v1:%'"
                               ).fetchone()[0]
    assert blobs and all(b.startswith("v2:1:") for b in blobs) and journal == 0
    assert bgs.ok("undo").code == 0  # the resealed journal still undoes


def test_a_slip_of_a_locked_item_is_sealed_and_its_command_line_masked(bgs):
    item = bgs.add("干部考察安排")
    bgs.ok("slip", "考察名单把张三写成了张山", "--item", str(item))
    bgs.ok("lock", str(item), env=env(P1))
    assert bgs("slip", "名单又漏了李四", "--item", str(item)).code == 4  # sealing it needs the passphrase
    bgs.ok("slip", "名单又漏了李四", "--item", str(item), env=env(P1))
    with sqlite3.connect(bgs.db) as conn:
        stored = b"".join(bgs.db.read_bytes() for _ in [0])
        texts = [r[0] for r in conn.execute("SELECT text FROM slips")]
        commands = [r[0] for r in conn.execute("SELECT command FROM runs WHERE command LIKE 'bgs slip%'")]
    assert texts == ["【密】", "【密】"]
    assert commands == [f"bgs slip 【密】 --item {item}"] * 2
    for secret in ("张山", "李四"):
        assert secret.encode() not in stored
        for args in (("log",), ("report", "week"), ("report", "week", "--format", "json"), ("show", str(item))):
            assert secret not in bgs.ok(*args).stdout, args
    revealed = bgs.ok("report", "week", "--include-locked", "--format", "json", env=env(P1)).json()
    assert [s["text"] for s in revealed["slips"]] == ["考察名单把张三写成了张山", "名单又漏了李四"]
    bgs.ok("unlock", str(item), env=env(P1))
    assert [s["text"] for s in bgs.ok("report", "week", "--format", "json").json()["slips"]] == [
        "考察名单把张三写成了张山", "名单又漏了李四"]


def write_editor(tmp_path: Path) -> Path:
    """An editor that records what it was given and what it inherited, then appends a line."""
    script = tmp_path / "editor.py"
    script.write_text(
        "import os, sys, json\n"
        "path = sys.argv[1]\n"
        "text = open(path, encoding='utf-8').read()\n"
        f"json.dump({{'text': text, 'env': {{k: v for k, v in os.environ.items() if 'PASSPHRASE' in k}}}},"
        f" open({str(tmp_path / 'seen.json')!r}, 'w', encoding='utf-8'), ensure_ascii=False)\n"
        "open(path, 'a', encoding='utf-8').write('补充：周五前报\\n')\n", encoding="utf-8")
    return script


def test_the_editor_opens_a_locked_items_real_notes_and_inherits_no_passphrase(bgs, tmp_path):
    item = bgs.add("干部考察安排", "--note", "名单见附件")
    bgs.ok("lock", str(item), env=env(P1))
    editor = f"{sys.executable} {write_editor(tmp_path)}"
    refused = bgs("edit", str(item), "--editor", env={"EDITOR": editor})
    assert refused.code == 4 and not (tmp_path / "seen.json").exists()  # no passphrase: the mask is never edited
    bgs.ok("edit", str(item), "--editor", env={"EDITOR": editor, **env(P1, "new passphrase x")})
    seen = json.loads((tmp_path / "seen.json").read_text(encoding="utf-8"))
    assert seen == {"text": "名单见附件\n", "env": {}}
    shown = bgs.ok("show", str(item), "--unlock", "--format", "json", env=env(P1)).json()
    assert shown["notes"] == "名单见附件\n补充：周五前报"
    assert os.environ.get("BANGONGSHI_PASSPHRASE") is None  # put back as it was (unset) after the run


def test_the_editor_as_a_separate_process_inherits_no_passphrase(bgs, tmp_path):
    item = bgs.add("普通事项", "--note", "原来的备注")
    editor = f"{sys.executable} {write_editor(tmp_path)}"
    done = subprocess.run([sys.executable, "-m", "bangongshi", "edit", str(item), "--editor"],
                          env=bgs.process_env({"EDITOR": editor, **env(P1, P2)}), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert json.loads((tmp_path / "seen.json").read_text(encoding="utf-8"))["env"] == {}


# --- found by attacking the fixes -------------------------------------------------------------------

def test_a_v9_slip_of_a_locked_item_left_plain_is_reported_then_sealed_with_the_passphrase(bgs):
    bgs.home.mkdir(parents=True)
    shutil.copy(FIXTURES / "schema_v9.db", bgs.db)
    with sqlite3.connect(bgs.db) as conn:  # what schema 9 wrote for `bgs slip "…" --item 17` (locked)
        run = conn.execute("INSERT INTO runs (started, command, actor, action) VALUES "
                           "('2026-11-20T10:00:00+08:00', 'bgs slip SLIPV9 漏发了名单 --item 17', 'user', 'command')"
                           ).lastrowid
        slip = conn.execute("INSERT INTO slips (at, text, item_id) VALUES "
                            "('2026-11-20T10:00:00+08:00', 'SLIPV9 漏发了名单', 17)").lastrowid
        conn.execute("INSERT INTO changes (run_id, entity, entity_id, before, after) VALUES (?, 'slip', ?, NULL, ?)",
                     (run, slip, json.dumps({"id": slip, "at": "2026-11-20T10:00:00+08:00", "text": "SLIPV9 漏发了名单",
                                             "item_id": 17}, ensure_ascii=False)))
    findings = bgs("doctor", "--format", "json").json()["findings"]
    assert any("#17 的督办记录或差错仍是明文" in f["problem"] for f in findings)
    bgs("doctor", "--unlock", env={"BANGONGSHI_PASSPHRASE": "fixture passphrase"})
    assert b"SLIPV9" not in bgs.db.read_bytes()
    for args in (("log",), ("report", "week"), ("log", "--format", "json")):
        assert "SLIPV9" not in bgs.ok(*args).stdout
    revealed = bgs.ok("report", "week", "--include-locked", "--format", "json",
                      env={"BANGONGSHI_PASSPHRASE": "fixture passphrase"}).json()
    assert "SLIPV9 漏发了名单" in [s["text"] for s in revealed["slips"]]


def test_the_log_hides_every_value_and_word_of_a_locked_item_s_command_line(bgs):
    bgs.ok("add", "13800138000", "--lock", env=env(P1))
    bgs.ok("add", "预算 13800138000 绝密", "--lock", env=env(P1))
    bgs.ok("add", "x", "--lock", "--note", "-password", "--where", "--fifth-floor", "--from", "-wang", "-i", env=env(P1))
    bgs.ok("slip", "名单错了", "--item", "1", env=env(P1))
    commands = [r["command"] for r in bgs.ok("log", "--format", "json").json()]
    assert commands == ["bgs slip 【密】 --item 1", "bgs add 【密】 --lock --note 【密】 --where 【密】 --from 【密】 -i",
                        "bgs add 【密】 --lock", "bgs add 【密】 --lock"]
    for secret in (b"13800138000", b"password", b"fifth-floor", b"wang"):
        assert secret not in bgs.db.read_bytes()


def test_a_passphrase_changed_while_an_old_store_is_upgraded_is_exit_4_not_a_crash(bgs):
    import threading

    from bangongshi.storage import sealing

    bgs.home.mkdir(parents=True)
    shutil.copy(FIXTURES / "schema_v9.db", bgs.db)
    bgs("doctor")  # brought to the current schema, its sealed values still of the first format
    other = sqlite3.connect(bgs.db, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # another window changes the passphrase and holds its transaction
    sealing.rekey(other, sealing.unlock(other, "fixture passphrase"), "second passphrase")
    # Held long enough for bgs to start and reach the lock even on a loaded machine (it waits up to
    # the 10 s busy timeout); at 0.5 s a slow start under load found the change already committed.
    threading.Timer(3.0, lambda: other.execute("COMMIT")).start()
    shown = bgs("list", "--all", "--unlock", env={"BANGONGSHI_PASSPHRASE": "fixture passphrase"})
    other.close()
    assert shown.code == 4 and "口令刚在另一个窗口中更换过" in shown.stderr
    listed = bgs.ok("list", "--all", "--unlock", "--format", "json", env={"BANGONGSHI_PASSPHRASE": "second passphrase"})
    assert "干部考察安排" in [i["title"] for i in listed.json()]


def test_a_sealed_value_moved_with_its_uuid_to_another_row_does_not_open(bgs):
    first = bgs.add("人事调整方案")
    second = bgs.add("预算调整说明")
    bgs.ok("lock", str(first), str(second), env=env(P1))
    with sqlite3.connect(bgs.db) as conn:
        rows = dict((r[0], r[1:]) for r in conn.execute("SELECT id, uuid, sealed FROM items"))
        conn.execute("UPDATE items SET uuid = 'x', sealed = NULL WHERE id = ?", (second,))
        conn.execute("UPDATE items SET uuid = ?, sealed = ? WHERE id = ?", (*rows[second], first))
        conn.execute("UPDATE items SET uuid = ?, sealed = ? WHERE id = ?", (*rows[first], second))
    shown = bgs("show", str(first), "--unlock", env=env(P1))
    assert shown.code == 4 and "预算调整说明" not in shown.stdout


def test_undoing_an_unlock_shows_the_masks_not_the_text(bgs):
    bgs.ok("add", "绝密甲", "--lock", env=env(P1))
    bgs.ok("unlock", "1", env=env(P1))
    undone = bgs.ok("undo", env=env(P1))
    assert "绝密甲" not in undone.stdout + undone.stderr and "【密】事项 #1" in undone.stdout + undone.stderr
    assert b"\xe7\xbb\x9d\xe5\xaf\x86\xe7\x94\xb2" not in bgs.db.read_bytes()  # 绝密甲


def test_undo_and_redo_with_a_bad_format_change_nothing(bgs):
    bgs.add("甲")
    bgs.ok("edit", "1", "--title", "乙")
    before = bgs.snapshot()
    assert bgs("undo", "--format", "xml").code == 2 and bgs.snapshot() == before
    bgs.ok("undo")
    before = bgs.snapshot()
    assert bgs("redo", "--format", "yaml").code == 2 and bgs.snapshot() == before


def test_a_damaged_key_record_or_row_is_exit_5_not_a_crash(bgs):
    bgs.ok("add", "甲", "--note", "n", "--lock", env=env(P1))
    bgs.add("乙")
    bgs.ok("edit", "2", "--title", "丙")
    pristine = bgs.home / "pristine.db"
    source, copy = sqlite3.connect(bgs.db), sqlite3.connect(pristine)
    source.backup(copy)  # the committed state, WAL included
    source.close()
    copy.close()
    for damage in ("UPDATE meta SET value = 'garbage' WHERE key = 'lock_kdf'",
                   "UPDATE meta SET value = '{}' WHERE key = 'lock_kdf'",
                   """UPDATE meta SET value = '{"n": 1073741824, "r": 8, "p": 1, "salt": "AAAA", "version": 1}'
                      WHERE key = 'lock_kdf'""",
                   "DELETE FROM meta WHERE key = 'lock_check'",
                   "UPDATE items SET tags = 'notjson' WHERE id = 2",
                   "UPDATE items SET due = 'not a date' WHERE id = 2",
                   "UPDATE items SET at = '2026-13-01T00:00' WHERE id = 2",
                   "UPDATE items SET title = x'80' WHERE id = 2",
                   "UPDATE changes SET after = '{' WHERE id = (SELECT max(id) FROM changes)"):
        shutil.copy(pristine, bgs.db)
        for leftover in ("-wal", "-shm"):
            (bgs.home / f"bangongshi.db{leftover}").unlink(missing_ok=True)
        conn = sqlite3.connect(bgs.db)
        conn.execute(damage)
        conn.commit()
        conn.close()
        started = time.monotonic()
        for args in (("list", "--all", "--unlock"), ("undo",), ("export", "--include-locked")):
            result = bgs(*args, env=env(P1))
            assert result.code in (0, 2, 4, 5), (damage, args, result.stderr)
            assert "意外错误" not in result.stderr, (damage, args, result.stderr)
        assert time.monotonic() - started < 20, damage  # no key derivation of minutes and gigabytes
