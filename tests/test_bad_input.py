"""Bad input: a one-line Chinese message on stderr, the right exit code, no traceback, store unchanged."""

import pytest


@pytest.fixture
def seeded(bgs):
    bgs.add("起草年终总结", "--due", "2026-12-20")
    bgs.ok("add", "-t", "联系会场")
    return bgs


CASES = [
    # (arguments, exit code, words the message must contain)
    (["add", "x", "--due", "不是日期zz"], 2, ["无法识别截止日期「不是日期zz」", "2026-12-01"]),
    (["add", "x", "--due", "2026-02-30"], 2, ["不是真实存在的日期"]),
    (["add", "x", "--due", "2026-12-01 25:00"], 2, ["时间不存在"]),
    (["add", "x", "--at", "2026-12-01"], 2, ["需要具体时间"]),
    (["add", "   "], 2, ["标题不能为空"]),
    (["add", "x", "--estimate", "abc"], 2, ["无法识别预计用时 --estimate「abc」", "半天"]),
    (["add", "x", "--estimate", "0"], 2, ["必须大于 0"]),
    (["add", "x", "--duration", "-5"], 2, ["无法识别时长"]),
    (["add", "x", "--kind", "开会"], 2, ["未知的类别「开会」", "办文（doc）"]),
    (["add", "x", "--tag", "a b"], 2, ["标签「a b」无效"]),
    (["add", "x", "--from", " "], 2, ["--from 需要交办人的名字"]),
    (["add", "x", "--format", "xml"], 2, ["不支持的输出格式「xml」"]),
    (["add", "x", "--bogus"], 2, ["没有选项 --bogus"]),
    (["add"], 2, ["缺少参数 TITLE"]),
    (["list", "回收站"], 2, ["未知的文件夹「回收站」", "待办（todo）", "临时（temp）", "已处理（done）"]),
    (["list", "--limit", "abc"], 2, ["「abc」不是整数"]),
    (["list", "--due-before", "明年某天"], 2, ["无法识别--due-before"]),
    (["move", "1", "回收站"], 2, ["未知的文件夹「回收站」"]),
    (["move", "1"], 2, ["用法：bgs move"]),
    (["move", "1", "待办", "--result", "x"], 2, ["--result 只用于移到 已处理"]),
    (["done", "abc"], 2, ["「abc」不是事项编号"]),
    (["done", "1", "--result", "  "], 2, ["--result 不能为空"]),
    (["done", "1", "99"], 3, ["没有编号为 #99 的事项"]),
    (["show", "42"], 3, ["没有编号为 #42 的事项"]),
    (["edit", "1"], 2, ["没有要修改的内容"]),
    (["edit", "1", "--clear", "colour"], 2, ["--clear 不认识字段「colour」"]),
    (["edit", "1", "--due", "2026-12-01", "--clear", "due"], 2, ["既设置又清除"]),
    (["edit", "1", "2", "--editor"], 2, ["一次只能编辑一个"]),
    (["delete", "1"], 2, ["删除需要确认", "--yes"]),
    (["nosuchcommand"], 2, ["没有命令「nosuchcommand」"]),
    (["log", "--limit", "0"], 2, ["--limit 必须是正整数"]),
]


@pytest.mark.parametrize("args, code, words", CASES, ids=[" ".join(c[0]) for c in CASES])
def test_bad_input_is_refused_cleanly(seeded, args, code, words):
    before = seeded.snapshot()
    result = seeded(*args)
    assert result.code == code, result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误：")
    for word in words:
        assert word in lines[0]
    assert seeded.snapshot() == before


def test_a_bad_id_among_good_ones_changes_none_of_them(seeded):
    before = seeded.snapshot()
    assert seeded("done", "1", "2", "77").code == 3
    assert seeded.snapshot() == before


def test_bad_clock_setting_is_bad_input(bgs):
    result = bgs("list", env={"BANGONGSHI_NOW": "昨天"})
    assert result.code == 2
    assert "BANGONGSHI_NOW" in result.stderr


def test_db_in_a_missing_directory(bgs, tmp_path):
    result = bgs("--db", str(tmp_path / "nowhere" / "x.db"), "add", "x")
    assert result.code == 2
    assert "--db 的目录不存在" in result.stderr
    assert not (tmp_path / "nowhere").exists()


def test_db_that_is_not_a_database(bgs, tmp_path):
    other = tmp_path / "notes.txt"
    other.write_text("这不是数据库" * 100, encoding="utf-8")
    result = bgs("--db", str(other), "list")
    assert result.code == 5
    assert "不是可用的办公室助手数据文件" in result.stderr
    assert other.read_text(encoding="utf-8") == "这不是数据库" * 100


def test_db_of_another_program(bgs, tmp_path):
    import sqlite3

    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY)")
    result = bgs("--db", str(other), "add", "x")
    assert result.code == 5
    assert "其他程序的 SQLite 数据库" in result.stderr
    with sqlite3.connect(other) as conn:
        assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master")] == ["photos"]


def test_db_from_a_newer_version(bgs, tmp_path):
    bgs.add("一")
    import sqlite3

    with sqlite3.connect(bgs.db) as conn:
        conn.execute("PRAGMA user_version = 999")
    result = bgs("list")
    assert result.code == 5
    assert "更新版本" in result.stderr


def test_unexpected_errors_do_not_show_a_traceback(bgs, monkeypatch):
    from bangongshi.services import items

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(items, "listing", broken)
    result = bgs("list")
    assert result.code == 1
    assert result.stderr == "错误：意外错误：RuntimeError: boom（设置 BANGONGSHI_DEBUG=1 可查看详情）\n"
