"""The entry points, and what `add` / `list --format json` pull in at start-up (they must stay quick)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

BIN = Path(sys.executable).parent
# openpyxl, docx and lxml: the sheets and documents of issue #22, imported only when one is written or read.
HEAVY = ("sqlite_utils", "yaml", "rich", "dateutil", "platformdirs", "openpyxl", "docx", "lxml")

PROBE = """
import json, sys
from bangongshi.cli import run
code = run(sys.argv[1:])
sys.stdout.flush()
print("\\nMODULES " + json.dumps(sorted(sys.modules)))
sys.exit(code)
"""


def _env(tmp_path):
    return {**os.environ, "BANGONGSHI_HOME": str(tmp_path), "BANGONGSHI_NOW": "2026-11-20T10:00"}


@pytest.mark.parametrize("args", [
    ["add", "起草通知", "--format", "json"],
    ["add", "起草通知", "--due", "下周三下午3点", "--at", "国庆后第一个工作日上午9点", "--format", "json"],
    ["list", "--format", "json"],
])
def test_quick_paths_import_no_heavy_modules(tmp_path, args):
    env = _env(tmp_path)
    subprocess.run([sys.executable, "-c", PROBE, "add", "先有一条"], env=env, check=True, capture_output=True)
    done = subprocess.run([sys.executable, "-c", PROBE, *args], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    modules = json.loads(done.stdout.rsplit("MODULES ", 1)[1])
    loaded = [m for m in modules if m.split(".")[0] in {h.split(".")[0] for h in HEAVY} and
              any(m == h or m.startswith(h + ".") for h in HEAVY)]
    assert loaded == []
    # Sealing (and its crypto) is for locked items only; issue #14 once had every insert load it.
    assert "bangongshi.storage.sealing" not in modules and "cryptography" not in modules


@pytest.mark.parametrize("args", [
    ["add", "起草通知"],
    ["add", "起草通知", "--due", "下周三下午3点", "-t", "--from", "王主任", "--tag", "值班", "--format", "json"],
])
def test_a_plain_add_runs_without_the_parser(tmp_path, args):
    """Typer (with the click it carries) costs more to import than the whole capture (issue #19):
    a plain `bgs add` is read from the same declarations without it (cli/capture.py)."""
    env = _env(tmp_path)
    subprocess.run([sys.executable, "-c", PROBE, "add", "先有一条"], env=env, check=True, capture_output=True)
    done = subprocess.run([sys.executable, "-c", PROBE, *args], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    modules = set(json.loads(done.stdout.rsplit("MODULES ", 1)[1]))
    assert {"typer", "click", "bangongshi.model.records", "bangongshi.model.journal"} & modules == set()
    assert sorted(m for m in modules if m.startswith("bangongshi.cli.")) == [
        "bangongshi.cli.capture", "bangongshi.cli.context", "bangongshi.cli.output", "bangongshi.cli.params"]
    # dataclasses (with inspect, ast, dis, tokenize) cost a capture six milliseconds to import and each
    # record half a millisecond to define: its records are NamedTuples (model/record.py, issue #19).
    assert {"dataclasses", "inspect"} & modules == set()
    # Nor typing (2.5 ms): its records are model.record.Records, made by collections.namedtuple.
    assert "typing" not in modules
    # Nor pathlib, which imports urllib.parse and ipaddress: the store and the settings are found as text.
    assert {"pathlib", "urllib.parse"} & modules == set()


def test_the_morning_agenda_loads_neither_the_parser_nor_richs_console(tmp_path):
    env = {**_env(tmp_path), "COLUMNS": "100"}
    subprocess.run([sys.executable, "-c", PROBE, "add", "先有一条", "--due", "今天"], env=env, check=True,
                   capture_output=True)
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    screen, modules = done.stdout.rsplit("MODULES ", 1)
    assert "今日必办" in screen and "先有一条" in screen
    loaded = set(json.loads(modules))
    # model.records: issue #19 found the output module pulling it in, and dataclasses/inspect with it.
    unwanted = {"typer", "rich.console", "rich.text", "rich.table", "cryptography", "sqlite_utils", "yaml",
                "dateutil", "icalendar", "openpyxl", "docx", "lxml", "bangongshi.model.records",
                "bangongshi.formats.sheets", "bangongshi.formats.docx", "pathlib", "urllib.parse"}
    assert loaded & unwanted == set()
    # Nor what capture and `bgs log` need: their modules' records cost a start-up each (issue #19).
    assert loaded & {"bangongshi.services.items", "bangongshi.services.fields", "bangongshi.model.journal"} == set()


@pytest.mark.parametrize("command", [[str(BIN / "bgs")], [str(BIN / "bangongshi")], [sys.executable, "-m", "bangongshi"]])
def test_every_entry_point_runs(tmp_path, command):
    done = subprocess.run([*command, "--version"], env=_env(tmp_path), capture_output=True, text=True)
    assert done.returncode == 0
    assert done.stdout.strip() == "bangongshi 0.1.0"


def test_console_script_adds_and_prints_json(tmp_path):
    done = subprocess.run([str(BIN / "bgs"), "add", "检查：起草通知", "--format", "json"],
                          env=_env(tmp_path), capture_output=True, text=True)
    assert done.returncode == 0
    assert json.loads(done.stdout)["title"] == "检查：起草通知"
    assert done.stderr == ""


def test_a_bad_date_exits_2_without_a_traceback(tmp_path):
    done = subprocess.run([str(BIN / "bgs"), "add", "x", "--due", "不是日期zz"],
                          env=_env(tmp_path), capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith("错误：无法识别截止日期「不是日期zz」")
    assert "Traceback" not in done.stderr


def test_output_piped_to_head_is_not_an_error(tmp_path):
    env = _env(tmp_path)
    for n in range(30):
        subprocess.run([str(BIN / "bgs"), "add", f"事项{n}"], env=env, check=True, capture_output=True)
    done = subprocess.run(f"'{BIN / 'bgs'}' list --format csv | head -n 1", shell=True, env=env,
                          capture_output=True, text=True)
    assert done.stdout.startswith("id,uuid,title")
    assert "Traceback" not in done.stderr and "错误" not in done.stderr


def test_the_morning_view_ends_with_its_exit_code_whatever_streams_the_caller_closed(tmp_path):
    """Bare `bgs` and `bgs agenda` leave without the interpreter's teardown once their output is out
    (cli.main): a closed stderr (`2>&-`, a script that keeps only the JSON) is no failure, and a bad
    date is still exit 2; what `| head` leaves unread is no error either."""
    env = _env(tmp_path)
    for n in range(30):
        subprocess.run([str(BIN / "bgs"), "add", f"事项{n}", "--due", "2026-11-20"], env=env, check=True,
                       capture_output=True)
    bgs = f"'{BIN / 'bgs'}'"
    kept = subprocess.run(f"{bgs} agenda --format json 2>&-", shell=True, env=env, capture_output=True, text=True)
    assert kept.returncode == 0 and json.loads(kept.stdout)["sections"][0]["hidden"] == 0
    bare = subprocess.run(f"{bgs} 2>&-", shell=True, env=env, capture_output=True, text=True)
    assert bare.returncode == 0 and "事项29" in bare.stdout
    bad = subprocess.run(f"{bgs} agenda 不是日期zz 2>&-", shell=True, env=env, capture_output=True, text=True)
    assert bad.returncode == 2 and bad.stdout == ""
    headed = subprocess.run(f"{bgs} | head -n 1; exit ${{PIPESTATUS[0]}}", shell=True, executable="/bin/bash",
                            env=env, capture_output=True, text=True)
    assert headed.returncode == 0 and headed.stdout.startswith("2026年11月20日")
    assert "Traceback" not in headed.stderr and "错误" not in headed.stderr


def test_every_command_is_declared_where_the_lazy_loader_looks():
    import typer

    from bangongshi.cli.app import MODULES, make_app

    everything = typer.main.get_command(make_app(["--help"]))
    declared = [name for commands, groups in MODULES.values() for name in (*commands, *groups)]
    assert sorted(everything.commands) == sorted(declared)
    for module, (commands, groups) in MODULES.items():
        for name in (*commands, *groups):
            one = typer.main.get_command(make_app([name, "--format", "json"]))
            assert name in one.commands, (module, name)


def test_the_root_options_do_not_hide_the_command():
    from bangongshi.cli.app import command_name, modules_for

    assert command_name(["--db", "x.db", "--strict", "add", "标题"]) == "add"
    assert command_name(["--db=x.db", "plan", "show"]) == "plan"
    assert command_name(["--strict"]) is None
    assert modules_for([]) == ("agenda",)
    assert modules_for(["cal", "2026-12"]) == ("calendar",)
    assert len(modules_for(["ad"])) > 1  # an unknown word loads all, so the error can suggest


def test_a_bare_bgs_runs_without_the_parser(tmp_path):
    env = _env(tmp_path)
    subprocess.run([sys.executable, "-c", PROBE, "add", "先有一条"], env=env, check=True, capture_output=True)
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "先有一条" in done.stdout
    modules = json.loads(done.stdout.rsplit("MODULES ", 1)[1])
    assert "typer" not in modules
    assert [m for m in modules if m.startswith("bangongshi.cli.")] == [
        "bangongshi.cli.context", "bangongshi.cli.output", "bangongshi.cli.today"]


DATACLASS_PROBE = """
import json, sys
from bangongshi.cli import run
code = run(sys.argv[1:])
sys.stdout.flush()
found = sorted(f"{name}.{value.__qualname__}" for name, module in list(sys.modules.items())
               if name.startswith("bangongshi") for value in vars(module).values()
               if isinstance(value, type) and value.__module__ == name and "__dataclass_fields__" in vars(value))
print("\\nDATACLASSES " + json.dumps(found) + "\\nMODULES " + json.dumps(sorted(sys.modules)))
sys.exit(code)
"""


@pytest.mark.parametrize("args", [[], ["add", "起草通知", "--due", "12月5日"], ["agenda", "--format", "json"]])
def test_bare_bgs_and_add_define_no_dataclass(tmp_path, args):
    """The records on these paths are NamedTuples (model/record.py): importing `dataclasses` (and
    inspect with it) costs a start-up six milliseconds and defining each record half a millisecond
    more, a tenth of a morning `bgs` (issue #19)."""
    env = {**_env(tmp_path), "COLUMNS": "100"}
    subprocess.run([sys.executable, "-c", PROBE, "add", "先有一条", "--due", "今天"], env=env, check=True,
                   capture_output=True)
    subprocess.run([sys.executable, "-c", PROBE, "assign", "1", "--to", "张科长", "--every", "每天"], env=env, check=True, capture_output=True)
    done = subprocess.run([sys.executable, "-c", DATACLASS_PROBE, *args], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    defined, modules = done.stdout.rsplit("DATACLASSES ", 1)[1].split("\nMODULES ")
    assert json.loads(defined) == []
    loaded = set(json.loads(modules))
    assert "dataclasses" not in loaded
    if args[:1] in ([], ["add"]):  # the commands Typer reads import inspect with it
        assert "inspect" not in loaded


GC_PROBE = """
import gc, sys
from bangongshi.cli import run
before = gc.get_stats()[0]["collections"]
code = run(sys.argv[1:])
sys.stdout.flush()
print("\\nCOLLECTIONS", gc.get_stats()[0]["collections"] - before, gc.isenabled())
sys.exit(code)
"""


@pytest.mark.parametrize("args", [[], ["add", "起草通知", "--due", "12月5日"]])
def test_the_quick_paths_run_without_the_cycle_collector(tmp_path, args):
    """Bare `bgs` and `bgs add` pause the collector for their fraction of a second (3% of their time,
    issue #19), and turn it back on for whoever called them."""
    env = _env(tmp_path)
    subprocess.run([sys.executable, "-c", PROBE, "add", "先有一条", "--due", "今天"], env=env, check=True,
                   capture_output=True)
    done = subprocess.run([sys.executable, "-c", GC_PROBE, *args], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.rsplit("COLLECTIONS", 1)[1].split() == ["0", "True"]


def test_a_bare_bgs_shows_what_bgs_agenda_shows(bgs):
    first = bgs()
    assert first.code == 0 and first.stdout == ""
    assert first.stderr.startswith("还没有事项。可以这样开始：")
    bgs.add("起草年终总结", "--due", "明天", "-i", "-k")
    bgs.add("-t", "联系会场", "--from", "王主任")
    bare, named, through_root = bgs(), bgs("agenda"), bgs("--db", str(bgs.db))
    assert bare.code == named.code == through_root.code == 0
    assert bare.stdout == named.stdout == through_root.stdout
    assert "起草年终总结" in bare.stdout and "联系会场" in bare.stdout


def test_a_bare_bgs_reports_a_bad_config_like_any_command(bgs):
    bgs.add("起草通知")
    (bgs.home / "config.yaml").write_text("key_share: 2\n", encoding="utf-8")
    bare, named = bgs(), bgs("agenda")
    assert bare.code == named.code == 2
    assert bare.stderr == named.stderr
    assert "key_share" in bare.stderr and "第 1 行" in bare.stderr


# Tables that grow with the office's history: a statement of `bgs add` that scans one of them makes
# every capture slower year after year (issue #19). The rules, the calendar and the schema stay small.
GROWING = {"items", "runs", "changes", "follow_ups", "plan_entries", "reminders_sent", "sync_items"}
# Partial indexes that hold only a handful of rows however long the history: scanning one is flat.
FEW = {"runs_redoable"}  # the runs undone since the last command


def test_add_reads_nothing_that_grows_with_the_history(bgs, monkeypatch):
    import sqlite3

    for n in range(3):
        bgs.add(f"事项{n}", "--due", "明天")
    bgs.ok("undo")  # a redoable run: the next command clears it
    statements = []
    connect = sqlite3.connect

    def traced(*args, **kwargs):
        conn = connect(*args, **kwargs)
        conn.set_trace_callback(statements.append)
        return conn

    monkeypatch.setattr(sqlite3, "connect", traced)
    bgs.ok("add", "起草关于节日值班的通知", "--due", "下周三", "-t", "--from", "王主任", "--tag", "值班")
    monkeypatch.setattr(sqlite3, "connect", connect)
    with connect(bgs.db) as conn:
        plans = {s: [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + s)] for s in statements
                 if not s.lstrip().upper().startswith(("PRAGMA", "BEGIN", "COMMIT", "ROLLBACK"))}
        assert any(s.startswith("UPDATE runs SET redoable = 0") for s in plans)  # the statement of concern
        scans = {s: [p for p in plan if p.startswith("SCAN") and p.split()[1] in GROWING and p.split()[-1] not in FEW]
                 for s, plan in plans.items()}
        assert {s: p for s, p in scans.items() if p} == {}
        journaled = conn.execute("SELECT sum(length(after)) FROM changes WHERE run_id = (SELECT max(id) FROM runs)")
        assert journaled.fetchone()[0] < 2000  # the one item's snapshot, not the store's


@given(st.lists(st.sampled_from(["/", "//", ".", "..", "a", "b.db", "~", " "]), max_size=8).map("".join))
def test_paths_as_text_are_what_pathlib_makes_of_them(text):
    """Bare `bgs` and `bgs add` find the store and the settings as text (bangongshi/paths.py): every
    message that names a file shows it as the Path would."""
    from pathlib import PurePosixPath

    from bangongshi.paths import as_path_text, joined, parent_text

    path = as_path_text(text)
    assert path == str(PurePosixPath(text))
    assert parent_text(path) == str(PurePosixPath(text).parent)
    assert joined(path, "bangongshi.db") == str(PurePosixPath(text) / "bangongshi.db")
