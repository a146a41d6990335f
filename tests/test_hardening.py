"""Two shells at once, a writer killed mid-write, and a fuzzer over the command line: every run ends
with a known exit code and no traceback, and a refused command changes nothing."""

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from hypothesis import HealthCheck, given, settings as hypothesis_settings
from hypothesis import strategies as st


@pytest.fixture(autouse=True)
def scratch_directory(tmp_path_factory, monkeypatch):
    """Fuzzed command lines may name relative output paths (`-o --wait`, a vdir export to `.`): they
    land in a scratch folder, never in the checkout."""
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))

WRITER = """
import sys
from bangongshi.cli import run
label, count = sys.argv[1], int(sys.argv[2])
for n in range(count):
    code = run(["add", f"{label}-{n}", "--format", "json"])
    if code != 0:
        sys.exit(code)
"""

KILLED_WRITER = """
import sys
from bangongshi.cli import run
for n in range(int(sys.argv[1])):
    if run(["add", f"写入{n}"]) != 0:
        sys.exit(1)
    print(f"ACK {n}", flush=True)  # acknowledged: the add has returned, so its transaction committed
"""


def test_two_processes_adding_500_items_each_at_the_same_time(bgs):
    bgs.ok("list")
    env = bgs.process_env()
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, label, "500"], env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE) for label in ("甲", "乙")]
    for writer in writers:
        _, err = writer.communicate(timeout=600)
        assert writer.returncode == 0, err.decode()
    with sqlite3.connect(bgs.db) as conn:
        titles = [r[0] for r in conn.execute("SELECT title FROM items")]
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert len(titles) == 1000 and len(set(titles)) == 1000
    runs = bgs.ok("log", "--limit", "2000", "--format", "json").json()
    assert len(runs) == 1000


def test_a_writer_killed_at_random_moments_loses_nothing_it_acknowledged(bgs):
    bgs.ok("list")
    env = bgs.process_env()
    rng = random.Random(20261122)
    acknowledged = 0
    for _ in range(4):
        writer = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, "2000"], env=env, stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL, text=True)
        time.sleep(rng.uniform(1.0, 3.0))
        os.kill(writer.pid, signal.SIGKILL)
        out, _ = writer.communicate(timeout=60)
        acknowledged += sum(1 for line in out.splitlines() if line.startswith("ACK "))
    with sqlite3.connect(bgs.db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = conn.execute("SELECT count(*) FROM items").fetchone()[0]
    assert acknowledged > 0
    # Every acknowledged add is there; at most one more per kill (committed, killed before it printed).
    assert acknowledged <= stored <= acknowledged + 4


COMMANDS = [
    ["add"], ["add", "-t"], ["list"], ["list", "--all"], ["show"], ["done"], ["move"], ["edit"], ["reopen"],
    ["delete", "--yes"], ["undo"], ["redo"], ["log"], ["when"], ["agenda"], ["why"], ["week"], ["month"],
    ["cal"], ["plan", "show"], ["plan", "edit"], ["recur", "add"], ["recur", "show"], ["recur", "edit"],
    ["recur", "pause"], ["template", "show"], ["assign"], ["nudge"], ["progress"], ["follow"], ["reported"],
    ["handoff"], ["ack"], ["readback"], ["report", "day"], ["report", "week"], ["report", "chronicle"],
    ["event"], ["slip"], ["doctor"], ["config", "show"], ["lock"], ["unlock"], ["lock", "--change-passphrase"],
    ["show", "--unlock"], ["list", "--unlock"], ["export", "--include-locked"], ["report", "week", "--include-locked"],
]
OPTIONS = ["--due", "--at", "--from", "--kind", "--tag", "--estimate", "--note", "--result", "--format", "--to",
           "--via", "--every", "--rule", "--lead", "--policy", "--folder", "--attention", "--duration", "--title",
           "--count", "--limit", "--item", "--date", "--year", "-i", "-u", "-k", "--report", "--major", "--clear"]
nasty = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["1", "#1", "2,3", "0", "-1", "99999999999", "明天", "下周一上午9点", "每周一", "月底前",
                     "2026-02-30", "25:61", "已处理", "临时", "json", "csv", "xlsx", "高", "电话", "R1", "会议",
                     "\x00", "\x1b[31m", "a\nb", "'; DROP TABLE items; --", "=1+1", "x" * 5000,
                     "\x1b]0;标题\x07", "\x1b[2J", "\x9b2J", "a\rb", "[/x]", "@SUM(A1)", "-2+3", "--raw",
                     # issue #14: rules finer than daily or never occurring, years 1 and 9999, bytes
                     # that were not UTF-8 (argv arrives with lone surrogates), text over the limits
                     "FREQ=SECONDLY", "FREQ=HOURLY", "FREQ=DAILY;BYHOUR=9", "FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=2",
                     "FREQ=DAILY;INTERVAL=99999999", "9999-12-31", "9999-12-31 23:00", "0001-01-01",
                     "9999年12月31日后3天", "\udcff\udcfe", "a\ud800", "x" * 100_001]),
)
# Control characters a terminal would obey (issue #14): never in what a human format prints.
RAW_CONTROL = [chr(c) for c in (*range(0x00, 0x09), *range(0x0b, 0x20), *range(0x7f, 0xa0))]


@hypothesis_settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(COMMANDS), st.lists(st.one_of(nasty, st.sampled_from(OPTIONS)), max_size=6),
       st.sampled_from([{}, {"BANGONGSHI_PASSPHRASE": "fuzz passphrase"}, {"BANGONGSHI_PASSPHRASE": "wrong"},
                        {"BANGONGSHI_PASSPHRASE": "fuzz passphrase", "BANGONGSHI_NEW_PASSPHRASE": "x"},
                        {"BANGONGSHI_PASSPHRASE": "fuzz\udcffpassphrase"}, {"BANGONGSHI_NOW": "9999-12-31T23:00"},
                        {"BANGONGSHI_NOW": "0001-01-01T00:00"}]))
def test_any_command_line_ends_with_a_known_code_and_no_traceback(bgs, command, args, env):
    if not bgs.db.exists():
        bgs.add("起草通知", "--due", "下周三")
        bgs.ok("assign", "1", "--to", "张三")
        bgs.ok("add", "干部人选", "--from", "组织部", "--lock", env={"BANGONGSHI_PASSPHRASE": "fuzz passphrase"})
    before = bgs.snapshot()
    result = bgs(*command, *args, env=env)
    assert result.code in (0, 2, 3, 4, 5), (command, args, result.stderr)
    assert "Traceback" not in result.stderr and "意外错误" not in result.stderr, (command, args, result.stderr)
    if result.code != 0:
        assert bgs.snapshot() == before, (command, args, result.stderr)
    if command[0] != "export" and "--format" not in args and "-f" not in args:
        shown = result.stdout + result.stderr
        assert [c for c in RAW_CONTROL if c in shown] == [], (command, args, shown)


OUTPUT_COMMANDS = [["export"], ["export", "--format", "csv"], ["export", "--format", "xlsx"],
                   ["export", "--format", "vdir"], ["export", "--include-locked"], ["report", "week", "--format", "md"],
                   ["report", "month", "--format", "xlsx"], ["report", "chronicle", "--format", "text"], ["cal", "export"]]
OUTPUT_NAMES = ["bangongshi.db", "bangongshi.db-wal", "bangongshi.db-shm", "bangongshi.db-journal", "config.yaml",
                ".config-cache.json", "backups/BACKUP", "backups", ".", "../home/bangongshi.db", "nowhere/x.json",
                "周报 #1?%.md", "a\x1b[2J.csv", "", "链接", "硬链接"]


@hypothesis_settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(OUTPUT_COMMANDS), st.sampled_from(OUTPUT_NAMES), st.sampled_from([{}, {"BANGONGSHI_PASSPHRASE": "fuzz passphrase"}]))
def test_no_output_path_destroys_the_store_a_backup_or_the_config(bgs, command, name, env):
    """Output paths (-o) aimed at what must not be overwritten: exit 2 and every such file as it was."""
    if not bgs.db.exists():
        bgs.add("起草通知", "--due", "今天")
        bgs.ok("add", "干部人选", "--lock", env={"BANGONGSHI_PASSPHRASE": "fuzz passphrase"})
        bgs.ok("backup")
        (bgs.home / "链接").symlink_to(bgs.db)
        os.link(bgs.db, bgs.home / "硬链接")
    backup = next((bgs.home / "backups").glob("bangongshi-*.db"))
    kept = {p: p.read_bytes() for p in (bgs.db, backup, bgs.home / "config.yaml")}
    target = str(bgs.home / name.replace("BACKUP", backup.name)) if name else ""
    result = bgs(*command, "-o", target, env=env)
    assert result.code in (0, 2, 4), (command, name, result.stderr)
    assert "Traceback" not in result.stderr and "意外错误" not in result.stderr, (command, name, result.stderr)
    assert {p: p.read_bytes() for p in kept} == kept, (command, name)
    if name.startswith(("bangongshi.db", "config", ".config", "backups/", "../", "链接", "硬链接")):
        assert result.code == 2 and "不能写到" in result.stderr, (command, name, result.stderr)


FILE_COMMANDS = [["import"], ["import", "--dry-run"], ["restore", "--dry-run"], ["restore"], ["cal", "import-notice"],
                 ["cal", "load"]]
file_bytes = st.one_of(
    st.binary(max_size=400),
    st.text(max_size=200).map(lambda t: t.encode("utf-8")),
    st.sampled_from([b"\xff\xfe\x00t\x00i", b"items:\n  - title: \xe5\x8a\n", b'[{"title": "\xc3\x28"}]',
                     b"title\n\x80\x81\n", b"BEGIN:VCALENDAR\r\nSUMMARY:\xfe\r\n", b"SQLite format 3\x00" + b"\x00" * 90,
                     # issue #14: a billion laughs, nesting deeper than any parser's recursion, a lone
                     # surrogate, a note over the limit, year 9999, a key given twice
                     ("\n".join(["a: &a [l, l, l, l, l, l, l, l, l]"] + [f"{n}: &{n} [{', '.join(['*' + p] * 9)}]"
                                 for p, n in zip("abcdefgh", "bcdefghi")])).encode(),
                     b"[" * 100_000 + b"]" * 100_000, b'[{"title": "\\ud800"}]',
                     b'[{"title": "a", "notes": "' + b"x" * 100_001 + b'"}]',
                     b'[{"description": "a", "entry": "20261120T000000Z", "due": "99991231T230000Z"}]',
                     b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VTODO\r\nUID:a\r\nSUMMARY:t\r\n"
                     b"DUE:99991231T230000Z\r\nEND:VTODO\r\nEND:VCALENDAR\r\n",
                     b"items:\n  - title: a\n    title: b\n", b"recurring:\n  - title: r\n    rule: FREQ=SECONDLY\n"]),
)


@hypothesis_settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(FILE_COMMANDS), st.sampled_from([".json", ".csv", ".yaml", ".ics", ".txt", ".db"]), file_bytes)
def test_any_file_given_to_a_command_ends_with_a_known_code_and_no_traceback(bgs, tmp_path, command, suffix, data):
    if not bgs.db.exists():
        bgs.add("起草通知", "--due", "下周三")
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    before = bgs.snapshot()
    result = bgs(*command, str(path))
    assert result.code in (0, 2, 3, 4, 5), (command, data, result.stderr)
    assert "Traceback" not in result.stderr and "意外错误" not in result.stderr, (command, data, result.stderr)
    if result.code != 0:
        assert bgs.snapshot() == before, (command, data, result.stderr)
