"""Issue #14, output side: no output path may destroy data (3), files with locked text are private
(7), no control sequence reaches a terminal (10), no CSV/XLSX cell runs as a formula (11)."""

import csv
import io
import json
import os
import resource
import signal
import stat
import subprocess
import sys
import zipfile

import pytest

PASS = {"BANGONGSHI_PASSPHRASE": "correct horse"}

# Every command that writes a file the user names, with the option that names it last.
WRITERS = [
    ("export", "--format", "json", "-o"),
    ("export", "--format", "csv", "-o"),
    ("export", "--format", "xlsx", "-o"),
    ("export", "--format", "ics", "-o"),
    ("report", "week", "--format", "md", "-o"),
    ("report", "month", "--format", "xlsx", "-o"),
    ("report", "chronicle", "--format", "json", "-o"),
    ("cal", "export", "-o"),
]


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def filled(bgs):
    bgs.add("起草年度总结", "--due", "今天")
    bgs.add("订会议室", "--major")
    bgs.ok("backup")
    return bgs


@pytest.mark.parametrize("writer", WRITERS, ids=lambda w: "-".join(w[:3]))
@pytest.mark.parametrize("victim", ["store", "wal", "shm", "config", "backup", "symlink", "hardlink"])
def test_no_output_path_may_be_the_store_its_journal_a_backup_or_the_config(filled, tmp_path, writer, victim):
    bgs = filled
    backup = next((bgs.home / "backups").glob("bangongshi-*.db"))
    paths = {"store": bgs.db, "wal": bgs.home / "bangongshi.db-wal", "shm": bgs.home / "bangongshi.db-shm",
             "config": bgs.home / "config.yaml", "backup": backup,
             "symlink": tmp_path / "看起来无害.json", "hardlink": tmp_path / "硬链接.json"}
    if victim == "symlink":
        paths["symlink"].symlink_to(bgs.db)
    if victim == "hardlink":
        os.link(bgs.db, paths["hardlink"])
    target = paths[victim]
    files = {p: p.read_bytes() for p in (bgs.db, backup, bgs.home / "config.yaml")}
    before = bgs.snapshot()
    refused = bgs(*writer, str(target))
    assert refused.code == 2, refused.stderr
    assert refused.stderr.startswith(f"错误：不能写到「{target}」：它是")
    assert "写入会毁掉数据" in refused.stderr and refused.stdout == ""
    assert {p: p.read_bytes() for p in files} == files
    assert bgs.snapshot() == before
    if victim in ("wal", "shm"):
        assert not target.exists() or target.stat().st_size == 0 or target.read_bytes()[:4] != b"[\n{\""
    assert not list(target.parent.glob(".*.tmp"))


def test_a_store_named_by_db_and_any_sqlite_file_are_refused_too(bgs, tmp_path):
    other = tmp_path / "别处" / "数据.db"
    other.parent.mkdir()
    bgs.ok("--db", str(other), "add", "别处的事")
    kept = other.read_bytes()
    (bgs.home / "backups").mkdir()
    for args in (("--db", str(other), "export", "-o", str(other)),  # the store given by --db
                 ("export", "-o", str(other)),  # another store (or a backup copied anywhere)
                 ("export", "-o", str(bgs.home / "backups" / "bangongshi-20261120T100000.db"))):  # a backup's name
        refused = bgs(*args)
        assert refused.code == 2 and "不能写到" in refused.stderr, args
    assert other.read_bytes() == kept
    assert not (bgs.home / "backups" / "bangongshi-20261120T100000.db").exists()


def test_an_output_file_is_replaced_whole_and_keeps_its_mode(bgs, tmp_path):
    bgs.add("起草通知")
    (tmp_path / "出").mkdir()
    target = tmp_path / "出" / "事项 #1 ?%.json"
    target.write_text("旧内容", encoding="utf-8")
    target.chmod(0o640)
    done = bgs.ok("export", "-o", str(target))
    assert done.stderr == f"已导出 1 个事项到 {target}\n"
    assert json.loads(target.read_text(encoding="utf-8"))[0]["title"] == "起草通知"
    assert _mode(target) == 0o640
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # no temporary file is left


def test_a_write_that_fails_leaves_the_old_file_as_it_was(bgs, tmp_path):
    """A full disk, simulated by a file-size limit: exit 5, the old file intact, no temporary file."""
    for n in range(40):
        bgs.add(f"事项{n}", "--note", "长备注" * 1000)  # ~360 KB of JSON
    (tmp_path / "出").mkdir()
    target = tmp_path / "出" / "导出.json"
    target.write_text("上一次的导出\n", encoding="utf-8")

    LIMIT = 128 * 1024  # above the store's -shm (32 KB), below the export

    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of being killed
        resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))

    done = subprocess.run([sys.executable, "-m", "bangongshi", "export", "-o", str(target)], env=bgs.process_env(),
                          capture_output=True, text=True, preexec_fn=small_files)
    assert done.returncode == 5, done.stderr
    assert done.stderr.startswith(f"错误：无法写入「{target}」") and "原来的文件没有改动" in done.stderr
    assert "Traceback" not in done.stderr
    assert target.read_text(encoding="utf-8") == "上一次的导出\n"
    assert [p.name for p in target.parent.iterdir()] == [target.name]


def test_output_to_a_device_is_written_in_place(bgs):
    bgs.add("起草通知")
    done = bgs.ok("export", "-o", os.devnull)
    assert "已导出 1 个事项到 /dev/null" in done.stderr
    assert os.path.exists(os.devnull) and not os.path.isfile(os.devnull)


@pytest.fixture
def locked(bgs):
    item = bgs.add("干部人选", "--from", "组织部", "--due", "今天", "--major")
    bgs.ok("lock", str(item), env=PASS)
    bgs.ok("done", str(item), "--result", "已报书记", env=PASS)
    bgs.add("普通事项")
    return bgs


@pytest.mark.parametrize("args", [
    ("export", "--include-locked", "-o", "明文.json"),
    ("export", "--include-locked", "--format", "csv", "-o", "明文.csv"),
    ("export", "--include-locked", "--format", "xlsx", "-o", "明文.xlsx"),
    ("export", "--include-locked", "--format", "md", "-o", "明文.md"),
    ("report", "week", "--include-locked", "--format", "md", "-o", "明文.md"),
    ("report", "week", "--include-locked", "--format", "xlsx", "-o", "明文.xlsx"),
    ("report", "chronicle", "--include-locked", "--format", "text", "-o", "明文.txt"),
], ids=lambda a: "-".join(a[:2] + a[-1:]))
def test_a_file_holding_locked_text_is_created_0600_and_says_so(locked, tmp_path, args):
    target = tmp_path / args[-1]
    target.write_text("以前的文件，别人可读", encoding="utf-8")
    target.chmod(0o644)
    done = locked.ok(*args[:-1], str(target), env=PASS)
    assert _mode(target) == 0o600
    assert str(target) in done.stderr and "600" in done.stderr and "只有本人可读" in done.stderr
    data = target.read_bytes()
    if target.suffix == ".xlsx":
        with zipfile.ZipFile(target) as sheet:
            # With lxml installed (caldav brings it) openpyxl writes non-ASCII as character references.
            import html

            data = html.unescape(b"".join(sheet.read(name) for name in sheet.namelist()).decode()).encode()
    assert "干部人选".encode() in data  # the check can fail: the file does hold the locked text


def test_a_vdir_with_locked_text_is_private_and_files_without_it_are_not(locked, tmp_path):
    old = os.umask(0o022)
    try:
        folder = tmp_path / "日历"
        done = locked.ok("export", "--include-locked", "--format", "vdir", "-o", str(folder), env=PASS)
        assert "含 1 个加密事项的明文" in done.stderr and _mode(folder) == 0o700
        assert sorted(_mode(p) for p in folder.iterdir()) == [0o600, 0o600]
        plain = tmp_path / "普通.json"
        done = locked.ok("export", "-o", str(plain))
        assert _mode(plain) == 0o644 and "600" not in done.stderr
    finally:
        os.umask(old)


# Formula injection (11): one writer, one rule, for every CSV and XLSX.
FORMULAS = ['=HYPERLINK("http://evil.example","点这里")', "@SUM(A1:A9)", "+cmd|' /C calc'!A0", "-2+3"]


@pytest.fixture
def formulas(bgs):
    for n, text in enumerate(FORMULAS):
        item = bgs.ok("add", "--format", "json", "--from", text, "--due", "今天", "--", text).json()["id"]
        if n % 2:
            bgs.ok("done", str(item), "--result", text)
    bgs.ok("assign", "1", "--to", "=1+1")
    bgs.ok("slip", "@差错")
    return bgs


def _cells(text: str) -> set[str]:
    return {cell for row in csv.reader(io.StringIO(text)) for cell in row}


@pytest.mark.parametrize("args", [
    ("list", "--all", "--format", "csv"), ("report", "week", "--format", "csv"),
    ("follow", "--format", "csv"), ("export", "--format", "csv"), ("show", "1", "--format", "csv"),
], ids=lambda a: a[0])
def test_every_csv_neutralises_formulas_and_raw_keeps_them(formulas, args):
    cells = _cells(formulas.ok(*args).stdout)
    assert not {c for c in cells if c.startswith(("=", "+", "-", "@"))}
    assert cells & {"'" + f for f in FORMULAS} or cells & {"'=1+1", "'@差错"}
    if args[0] != "show":
        raw = _cells(formulas.ok(*args, "--raw").stdout)
        assert raw & set(FORMULAS) or raw & {"=1+1", "@差错"}


def test_list_csv_goes_back_in_unchanged(formulas, tmp_path):
    exported = tmp_path / "list.csv"
    exported.write_text(formulas.ok("list", "--all", "--format", "csv").stdout, encoding="utf-8")
    formulas.ok("import", str(exported))
    assert sorted(i["title"] for i in formulas.items("--all")) == sorted(FORMULAS)


def test_report_xlsx_keeps_formulas_as_text_unless_raw(formulas, tmp_path):
    from openpyxl import load_workbook

    for raw in (False, True):
        target = tmp_path / f"周报{raw}.xlsx"
        formulas.ok("report", "week", "--format", "xlsx", "-o", str(target), *(["--raw"] if raw else []))
        sheet = load_workbook(target).active
        types = {c.value: c.data_type for row in sheet.iter_rows(min_row=2) for c in row if c.value in FORMULAS}
        assert types[FORMULAS[0]] == ("f" if raw else "s") and set(types.values()) == ({"f", "s"} if raw else {"s"})


@pytest.mark.parametrize("args", [("list", "--raw"), ("report", "week", "--raw"), ("log", "--raw", "--format", "json")])
def test_raw_is_only_for_csv_and_xlsx(bgs, args):
    refused = bgs(*args)
    assert refused.code == 2 and "--raw 只用于" in refused.stderr


# Control characters (10): shown, never obeyed, in every human format.
EVIL = "\x1b]0;被改的标题\x07\x1b[2J\x9b1m\r覆盖"
SHOWN = "\\x1b]0;被改的标题"  # how the start of EVIL must appear where it is not cut
RAW_CONTROL = [chr(c) for c in (*range(0x00, 0x09), *range(0x0b, 0x20), *range(0x7f, 0xa0))]


@pytest.fixture
def evil(bgs):
    item = bgs.ok("add", "--format", "json", "--from", "处长" + EVIL, "--where", "会议室" + EVIL,
                  "--note", "备注" + EVIL, "--due", "今天", "-i", "-u", "--major", "--", "标题" + EVIL).json()["id"]
    bgs.ok("add", "--due", "今天", "--", "[/x] 像 Rich 标记的标题 [bold]")
    bgs.ok("assign", str(item), "--to", "科长" + EVIL)
    bgs.ok("progress", str(item), "进展" + EVIL)
    bgs.ok("slip", "差错" + EVIL, "--item", str(item))
    bgs.ok("event", "大事" + EVIL)
    bgs.ok("cal", "local", "add", "2026-11-27", "--name", "单位年休" + EVIL)
    bgs.ok("recur", "add", "例会" + EVIL, "--rule", "每周一")
    return bgs, item


def test_no_control_character_reaches_a_human_format(evil, tmp_path):
    bgs, item = evil
    commands = [
        ("list",), ("list", "--all"), ("show", str(item)), ("log",), ("agenda",), ("agenda", "--format", "md"),
        ("agenda", "--format", "text"), ("agenda", "--matrix"), ("week",), ("month",), ("cal", "2026-11"),
        ("cal", "local", "list"), ("follow",), ("follow", "--format", "md"), ("readback", str(item)),
        ("recur", "list"), ("recur", "show", "R1"), ("plan", "tomorrow"),
        ("report", "day"), ("report", "week", "--format", "md"), ("report", "week", "--format", "text"),
        ("report", "week", "--format", "html"), ("report", "chronicle"), ("report", "chronicle", "--format", "md"),
        ("export", "--format", "md"), ("show", "标题" + EVIL), ("done", str(item), "--result", "结果" + EVIL),
        ("show", str(item)), ("undo",), ("edit", str(item), "--title", "新" + EVIL), ("delete", str(item), "--yes"),
        (),
    ]
    for args in commands:
        result = bgs(*args)
        seen = result.stdout + result.stderr
        assert result.code in (0, 2), (args, result.stderr)
        assert [c for c in RAW_CONTROL if c in seen] == [], (args, seen)
    for args in (("show", "2"), ("agenda", "--matrix")):  # markup-looking text is shown as typed
        assert "[/x] 像 Rich 标记的标题 [bold]" in bgs.ok(*args).stdout, args


def test_escapes_are_visible_where_the_text_is_shown(evil):
    bgs, item = evil
    added = bgs.ok("add", "--", "新的" + EVIL)
    assert f"新的{SHOWN}\\x07\\x1b[2J\\x9b1m" in added.stderr
    assert SHOWN in bgs.ok("show", str(item)).stdout
    assert SHOWN in bgs.ok("report", "week", "--format", "text").stdout
    assert "\\x1b" in bgs.ok("log").stdout
    # Machine formats keep the data: JSON escapes it itself, CSV carries it for the next program.
    stored = "标题" + EVIL.replace("\r", " ")  # `add` keeps a title on one line
    assert bgs.item(item)["title"] == stored
    assert stored in bgs.ok("list", "--format", "csv").stdout


def test_a_report_file_in_a_human_format_shows_escapes_too(evil, tmp_path):
    bgs, _ = evil
    for fmt in ("md", "text", "html"):
        target = tmp_path / f"周报.{fmt}"
        bgs.ok("report", "week", "--format", fmt, "-o", str(target))
        text = target.read_text(encoding="utf-8")
        assert [c for c in RAW_CONTROL if c in text] == [] and "\\x1b" in text


def test_a_title_that_begins_with_an_apostrophe_survives_export_and_import(bgs, tmp_path):
    for title in ("'=x 原文", "'普通", "''两个"):
        bgs.ok("add", "--", title)
    out = tmp_path / "rt.csv"
    bgs.ok("export", "--format", "csv", "-o", str(out))
    imported = bgs.ok("import", str(out))
    assert "已更新 0 个" in imported.stdout + imported.stderr
    assert sorted(i["title"] for i in bgs.items("--all")) == sorted(["'=x 原文", "'普通", "''两个"])
