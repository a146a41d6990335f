"""Issue #14, inputs: rules that never end or never occur, a billion-laughs YAML, one length limit
for every way in, exit codes for bad input (never 1), and duplicate keys in settings."""

import json
import os
import sqlite3
import subprocess
import sys
import time

import pytest

BOMB = "\n".join(["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"] +
                 [f"{n}: &{n} [{', '.join(['*' + p] * 9)}]" for p, n in zip("abcdefgh", "bcdefghi")]) + "\n"


def _timed(bgs, *args, limit=20, env=None):
    """Run `bgs` as its own process, so that a command that would never end fails the test."""
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "bangongshi", *args], env=bgs.process_env(env), capture_output=True,
                          text=True, timeout=limit)
    return done, time.monotonic() - started


# --- 12: recurring rules -------------------------------------------------------------------------

@pytest.mark.parametrize("rule", ["FREQ=SECONDLY", "FREQ=MINUTELY;INTERVAL=5", "FREQ=HOURLY", "FREQ=DAILY;BYHOUR=9,10"])
def test_a_rule_finer_than_daily_is_refused_with_the_reason(bgs, rule):
    bgs.ok("list")
    before = bgs.snapshot()
    result = bgs("recur", "add", "打卡", "--rule", rule)
    assert result.code == 2
    assert "--at" in result.stderr and "Traceback" not in result.stderr
    assert bgs.snapshot() == before


@pytest.mark.parametrize("rule, why", [
    ("FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=2", "BYMONTH=2 的月份里没有 BYMONTHDAY=31"),
    ("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "BYMONTH=2 的月份里没有 BYMONTHDAY=30"),
    ("FREQ=WEEKLY;BYDAY=MO;BYMONTH=4;BYMONTHDAY=31", "没有 BYMONTHDAY=31"),
    ("FREQ=DAILY;COUNT=0", "COUNT=0"),
])
def test_a_rule_that_can_never_occur_is_refused_quickly(bgs, rule, why):
    bgs.ok("list")
    done, took = _timed(bgs, "recur", "add", "月报", "--rule", rule)
    assert done.returncode == 2, done.stderr
    assert "永远不会出现" in done.stderr and why in done.stderr
    assert took < 10
    assert bgs.ok("recur", "list", "--format", "json").json() == []


def test_the_same_checks_apply_to_a_cadence_and_to_a_yaml_file(bgs, tmp_path):
    bgs.add("催报材料", "--from", "办公室")
    assert bgs("assign", "1", "--to", "张三", "--every", "FREQ=HOURLY").code == 2
    path = tmp_path / "rules.yaml"
    path.write_text("recurring:\n  - title: 打卡\n    rule: FREQ=MINUTELY\n", encoding="utf-8")
    result = bgs("import", str(path))
    assert result.code == 2 and "第 2 行" in result.stderr and "每分钟" in result.stderr


def test_a_rule_stored_before_the_checks_cannot_make_any_command_slow(bgs):
    """A store written by an older bgs may hold such rules: every expansion is bounded."""
    bgs.ok("recur", "add", "打卡", "--rule", "每天")
    bgs.ok("recur", "add", "月报", "--rule", "每月1日")
    with sqlite3.connect(bgs.db) as conn:
        conn.execute("UPDATE recurrences SET rrule = 'FREQ=SECONDLY' WHERE id = 1")
        conn.execute("UPDATE recurrences SET rrule = 'FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=2' WHERE id = 2")
        conn.execute("DELETE FROM recurrence_progress")
    for args in (["list"], ["recur", "list"], ["recur", "show", "1"], ["recur", "show", "2"],
                 ["export", "--format", "ics"], ["agenda"]):
        done, took = _timed(bgs, *args, limit=60)
        assert done.returncode == 0, (args, done.stderr)
        assert took < 15, (args, took)


def test_rare_rules_still_work(bgs):
    bgs.ok("recur", "add", "闰日", "--rule", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29")
    bgs.ok("recur", "add", "黑色星期五", "--rule", "FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13")
    shown = bgs.ok("recur", "show", "1", "--format", "json").json()
    assert [o["date"] for o in shown["occurrences"]][:2] == ["2028-02-29", "2032-02-29"]
    shown = bgs.ok("recur", "show", "2", "--format", "json").json()
    assert shown["occurrences"][0]["date"] == "2027-08-13"


# --- 13: YAML that expands or nests without end --------------------------------------------------

def test_a_billion_laughs_yaml_is_refused_before_it_is_built(bgs, tmp_path):
    bgs.ok("list")
    path = tmp_path / "bomb.yaml"
    path.write_text(BOMB, encoding="utf-8")
    done, took = _timed(bgs, "import", str(path))
    assert done.returncode == 2 and "不支持 YAML 引用（*a）" in done.stderr and "第 2 行" in done.stderr
    assert took < 10
    (bgs.home / "config.yaml").write_text(BOMB, encoding="utf-8")
    done, took = _timed(bgs, "list")
    assert done.returncode == 2 and "不支持 YAML 引用" in done.stderr and took < 10
    done, took = _timed(bgs, "config", "set", "key_share", "0.6")
    assert done.returncode == 2 and took < 10


def test_an_alias_in_a_template_makes_it_unusable_with_the_reason(bgs):
    folder = bgs.home / "templates"
    folder.mkdir(parents=True)
    (folder / "炸弹.yaml").write_text("name: 炸弹\nx: &a [1, 2]\nsteps: *a\n", encoding="utf-8")
    result = bgs("template", "show", "炸弹")
    assert result.code == 2 and "不支持 YAML 引用" in result.stderr


@pytest.mark.parametrize("suffix, text", [(".yaml", "[" * 100_000 + "]" * 100_000),
                                          (".json", "[" * 100_000 + "]" * 100_000),
                                          (".jsonl", '{"title": "a"}\n' + "{\"a\":" * 50_000 + "1" + "}" * 50_000)])
def test_deeply_nested_files_are_bad_input(bgs, tmp_path, suffix, text):
    path = tmp_path / f"deep{suffix}"
    path.write_text(text, encoding="utf-8")
    result = bgs("import", str(path))
    assert result.code == 2 and "嵌套太深" in result.stderr


# --- 14: one length limit for every way in -------------------------------------------------------

TOO_LONG = "长" * 100_001

FILES = {
    "json": lambda: json.dumps([{"title": "来文", "notes": TOO_LONG}], ensure_ascii=False),
    "csv": lambda: f"title,notes\n来文,{TOO_LONG[:100_001]}\n",
    "yaml": lambda: f"items:\n  - title: 来文\n    note: {TOO_LONG}\n",
    "ics": lambda: "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VTODO\r\nUID:a\r\nSUMMARY:来文\r\n"
                   f"DESCRIPTION:{TOO_LONG}\r\nEND:VTODO\r\nEND:VCALENDAR\r\n",
    "taskwarrior": lambda: json.dumps([{"description": "来文", "entry": "20261120T000000Z", "status": "pending",
                                        "annotations": [{"entry": "20261120T000000Z", "description": TOO_LONG}]}],
                                      ensure_ascii=False),
}


@pytest.mark.parametrize("fmt", sorted(FILES))
def test_an_imported_note_has_the_command_lines_limit(bgs, tmp_path, fmt):
    bgs.ok("list")
    assert bgs("add", "来文", "--note", TOO_LONG).code == 2
    suffix = {"taskwarrior": "json"}.get(fmt, fmt)
    path = tmp_path / f"notes.{suffix}"
    path.write_text(FILES[fmt](), encoding="utf-8")
    before = bgs.snapshot()
    result = bgs("import", str(path), "--format", fmt)
    assert result.code == 2, result.stderr
    assert "备注太长" in result.stderr and "最多 100000 字" in result.stderr
    assert bgs.snapshot() == before


def test_a_five_million_character_note_is_refused(bgs, tmp_path):
    path = tmp_path / "big.json"
    path.write_text(json.dumps([{"title": "大", "notes": "x" * 5_000_000}]), encoding="utf-8")
    result = bgs("import", str(path))
    assert result.code == 2 and "备注太长（5000000 字）" in result.stderr
    assert bgs.items("--all") == []


def test_the_longest_note_bgs_accepts_survives_its_own_csv_export(bgs, tmp_path):
    longest = "备" * 100_000
    bgs.add("来文", "--note", longest)
    path = tmp_path / "all.csv"
    bgs.ok("export", "--format", "csv", "-o", str(path))
    again = type(bgs)(tmp_path / "other")
    again.ok("import", str(path))
    assert again.items("--all")[0]["notes"] == longest


def test_fields_the_yaml_format_sets_directly_have_limits_too(bgs, tmp_path):
    path = tmp_path / "long.yaml"
    path.write_text(f"items:\n  - title: 来文\n    done: {'果' * 10_001}\n  - title: 交办\n"
                    f"    assign: {'张' * 101}\n", encoding="utf-8")
    result = bgs("import", str(path))
    assert result.code == 2 and "处理结果太长" in result.stderr and "第 2 行" in result.stderr


# --- 19: exit codes: bad input is 2, a storage problem 5, never 1 -------------------------------

def test_invalid_utf8_in_the_command_line_is_bad_input(bgs):
    bgs.ok("list")
    done = subprocess.run([sys.executable, "-m", "bangongshi", "add", b"\xff\xfe\xe5\x8a"], env=bgs.process_env(),
                          capture_output=True)
    assert done.returncode == 2
    assert "第 2 个命令行参数「\\xff\\xfe\\xe5\\x8a」不是有效的 UTF-8 文本" in done.stderr.decode()
    assert bgs.items("--all") == []


def test_invalid_utf8_in_a_passphrase_is_bad_input(bgs):
    bgs.ok("add", "干部人选", "--lock", env={"BANGONGSHI_PASSPHRASE": "正确的口令12345"})
    env = {**bgs.process_env(), "BANGONGSHI_PASSPHRASE": "口令\udcff12345"}
    done = subprocess.run([sys.executable, "-m", "bangongshi", "list", "--unlock"], env=env, capture_output=True,
                          text=True)
    assert done.returncode == 2 and "BANGONGSHI_PASSPHRASE 不是有效的 UTF-8 文本" in done.stderr


@pytest.mark.parametrize("args", [["agenda", "9999-12-31"], ["agenda", "0001-01-01"], ["report", "day", "9999-12-31"],
                                  ["report", "week", "9999-12-31"], ["report", "day", "0001-01-01"],
                                  ["week", "9999-12-31"], ["add", "x", "--at", "9999-12-31 23:00"],
                                  ["add", "x", "--due", "0001-01-01"], ["when", "9999年12月31日后3天"]])
def test_dates_in_year_1_or_9999_are_bad_input(bgs, args):
    bgs.ok("list")
    result = bgs(*args)
    assert result.code == 2, result.stderr
    assert "超出支持的范围（1900 至 2999 年）" in result.stderr or "无法识别" in result.stderr


@pytest.mark.parametrize("now", ["9999-12-31T23:00", "0001-01-01T00:00", "9999-12-31T23:00+00:00"])
def test_a_clock_in_year_1_or_9999_is_bad_input(bgs, now):
    for args in ([], ["list"], ["add", "x"]):
        result = bgs(*args, env={"BANGONGSHI_NOW": now})
        assert result.code == 2 and "BANGONGSHI_NOW" in result.stderr, (args, result.stderr)


@pytest.mark.parametrize("name, text", [
    ("tw.json", json.dumps([{"description": "年终", "entry": "20261120T000000Z", "due": "99991231T230000Z"}])),
    ("late.ics", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VTODO\r\nUID:a\r\nSUMMARY:t\r\n"
                 "DUE:99991231T230000Z\r\nEND:VTODO\r\nEND:VCALENDAR\r\n"),
    ("early.json", json.dumps([{"title": "古", "created": "0001-01-01T00:00:00+08:00"}])),
])
def test_imported_dates_in_year_1_or_9999_are_bad_input(bgs, tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = bgs("import", str(path))
    assert result.code == 2 and "超出支持的范围" in result.stderr, result.stderr


@pytest.mark.parametrize("text", ['[{"title": "\\ud800"}]', '[{"title": "a", "notes": "\\udc80"}]',
                                  '[{"title": "a", "uid": "\\udfff"}]', '[{"title": "a", "\\ud800": 1}]'])
def test_a_lone_surrogate_in_json_is_bad_input(bgs, tmp_path, text):
    path = tmp_path / "s.json"
    path.write_text(text, encoding="utf-8")
    result = bgs("import", str(path))
    assert result.code == 2 and "不是有效的文本" in result.stderr


@pytest.mark.parametrize("field, value, shown", [("spent_minutes", "abc", "abc"), ("spent_minutes", True, "True"),
                                                 ("remind", "x", "x"), ("spent_minutes", 1.5, "1.5")])
def test_minutes_from_a_file_are_whole_numbers_or_bad_input(bgs, tmp_path, field, value, shown):
    """spent_minutes and remind were read as text: a file could store "abc", which the report then
    added to a number (exit 1). They are numbers, as the other minutes are; "45" reads as 45."""
    bgs.add("起草通知")
    before = bgs.snapshot()
    path = tmp_path / "m.json"
    path.write_text(json.dumps([{"title": "甲", "spent_minutes": 45}, {"title": "乙", field: value}]), encoding="utf-8")
    result = bgs("import", str(path))
    assert result.code == 2 and f"第 2 条，字段 {field}：「{shown}」应是整数" in result.stderr, result.stderr
    assert bgs.snapshot() == before
    path.write_text(json.dumps([{"title": "丙", "spent_minutes": "45", "remind": 30}]), encoding="utf-8")
    bgs.ok("import", str(path))
    item = bgs.ok("list", "--format", "json").json()[-1]
    assert (item["title"], item["spent_minutes"]) == ("丙", 45)
    bgs.ok("done", str(item["id"]))
    assert "办结 1 项" in bgs.ok("report", "day").stdout


@pytest.mark.parametrize("text", ['[{"title": "\\u0000"}]', '[{"title": "a\\u0000b"}]'])
def test_a_nul_in_a_title_from_a_file_is_bad_input_and_changes_nothing(bgs, tmp_path, text):
    # SQLite's length() stops at a NUL: a title of one NUL ended the import with a database error (exit 5)
    bgs.add("起草通知")
    before = bgs.snapshot()
    path = tmp_path / "n.json"
    path.write_text(text, encoding="utf-8")
    result = bgs("import", str(path))
    assert result.code == 2 and "标题含有空字符（U+0000）" in result.stderr, result.stderr
    assert bgs.snapshot() == before


def test_a_nul_in_other_text_is_kept_and_exports_back(bgs, tmp_path):
    path = tmp_path / "n.json"
    path.write_text('[{"title": "起草通知", "notes": "第一段\\u0000第二段"}]', encoding="utf-8")
    bgs.ok("import", str(path))
    exported = tmp_path / "all.json"
    bgs.ok("export", "-o", str(exported))
    assert bgs.ok("import", str(exported)).stderr.count("1 个没有变化") == 1
    assert bgs.items()[0]["notes"] == "第一段\x00第二段"


def test_a_lone_surrogate_in_yaml_is_bad_input_with_its_line(bgs, tmp_path):
    """Found by the file fuzzer: YAML's "\\ud800" escape made `bgs import` end with exit 1."""
    bgs.add("起草通知")
    before = bgs.snapshot()
    path = tmp_path / "s.yaml"
    path.write_text('items:\n  - title: "\\ud800"\n', encoding="utf-8")
    result = bgs("import", str(path))
    assert result.code == 2 and "第 2 行" in result.stderr and "代理字符" in result.stderr
    assert bgs.snapshot() == before
    (bgs.home / "config.yaml").write_text('timezone: "\\udc80"\n', encoding="utf-8")
    assert bgs("list").code == 2


def test_a_settings_file_that_is_not_utf8_or_is_a_folder_is_bad_input(bgs):
    bgs.ok("list")
    config = bgs.home / "config.yaml"
    config.write_bytes("key_share: 0.5\n# 注释\n".encode("gb18030"))
    for args in (["list"], ["config", "set", "key_share", "0.6"], ["config", "show"]):
        result = bgs(*args)
        assert result.code == 2 and "第 2 行不是 UTF-8 文本" in result.stderr, (args, result.stderr)
    config.unlink()
    config.mkdir()
    result = bgs("list")
    assert result.code == 2 and "是目录，应是设置文件" in result.stderr


@pytest.mark.parametrize("tree", ["[1]", '"x"', '{"hours": {"l": 1, "v": 5}}', "[" * 5000 + "]" * 5000,
                                  '{"colors": {"l": 1, "v": [1, 2]}}'])
def test_a_damaged_settings_cache_is_read_again_from_the_file(bgs, tree):
    bgs.ok("list")
    config = bgs.home / "config.yaml"
    config.write_text("key_share: 0.5\n", encoding="utf-8")
    stat = config.stat()
    (bgs.home / ".config-cache.json").write_text(
        f'{{"signature": [{stat.st_size}, {stat.st_mtime_ns}], "tree": {tree}}}', encoding="utf-8")
    bgs.ok("list")
    assert bgs.ok("config", "show", "--format", "json").json()["key_share"] == 0.5


@pytest.mark.parametrize("inside", ["", "/sub"])
def test_a_data_folder_that_is_a_file_is_bad_input(bgs, tmp_path, inside):
    home = tmp_path / "a-file"
    home.write_text("not a folder")
    for args in ([], ["list"], ["add", "x"]):
        result = bgs(*args, env={"BANGONGSHI_HOME": f"{home}{inside}"})
        assert result.code == 2 and "不是目录" in result.stderr, (args, result.stderr)


def test_a_reader_that_stops_early_ends_the_command_quietly(bgs, tmp_path):
    path = tmp_path / "many.json"
    path.write_text(json.dumps([{"title": f"事项{n}", "notes": "备" * 300} for n in range(400)], ensure_ascii=False),
                    encoding="utf-8")
    bgs.ok("import", str(path))
    for args in (["list", "--format", "json"], ["list", "--format", "csv"], ["export", "--format", "json"],
                 ["list"]):
        process = subprocess.Popen([sys.executable, "-m", "bangongshi", *args], env=bgs.process_env(),
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert process.stdout.read(100)
        process.stdout.close()  # like `| head -c 100`
        stderr = process.stderr.read()
        assert process.wait(timeout=60) == 0, (args, stderr)
        assert stderr == b"", (args, stderr)


# --- 20: duplicate keys ---------------------------------------------------------------------------

def test_a_key_given_twice_in_the_settings_is_refused_with_its_line(bgs):
    bgs.ok("list")
    (bgs.home / "config.yaml").write_text("key_share: 0.5\nmin_block_minutes: 30\nkey_share: 0.7\n", encoding="utf-8")
    result = bgs("list")
    assert result.code == 2
    assert "第 3 行：键「key_share」重复（第 1 行已有）" in result.stderr
    (bgs.home / "config.yaml").write_text("rules:\n  deadline: 40\n  deadline: 50\n", encoding="utf-8")
    assert "第 3 行：键「deadline」重复" in bgs("list").stderr


def test_a_key_given_twice_in_an_imported_yaml_is_refused(bgs, tmp_path):
    path = tmp_path / "dup.yaml"
    path.write_text("items:\n  - title: 甲\n    due: 明天\n    due: 后天\n", encoding="utf-8")
    result = bgs("import", str(path))
    assert result.code == 2 and "第 4 行：键「due」重复（第 3 行已有）" in result.stderr
    assert bgs.items("--all") == []
