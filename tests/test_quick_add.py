"""`bgs add`'s quick path (cli/capture.py) answers exactly as the Typer command does: the same command
lines through both store the same item and journal, and print the same text; whatever the quick
reading does not take goes to Typer."""

import sqlite3

import pytest
import typer

from bangongshi.cli import capture, params
from bangongshi.cli.app import make_app
from conftest import Bgs, same_output as _same, through_both

# (command line, whether the quick path reads it)
CASES = [
    (["add", "起草关于节日值班的通知", "--due", "下周三"], True),
    (["add", "-t", "联系会场", "--from", "王主任"], True),
    (["add", "全市办公室工作会议", "--at", "2026-12-01 09:30", "--duration", "2h", "--kind", "办会", "--major"], True),
    (["add", "报送", "月度", "信息", "--due", "月底", "-u", "--kind", "办文"], True),
    (["add", "落实批示", "--from", "王主任", "--report", "--attention", "高", "--due", "国庆后第一个工作日"], True),
    (["add", "整理", "--tag", "档案", "--tag", "年终", "--estimate", "半天", "--note", "参考去年的格式"], True),
    (["add", "--tag=档案", "整理", "--due=明天下午3点"], True),
    (["add", "检查", "-i", "-u", "-k"], True),
    (["add", "检查", "--important", "--not-important", "-u"], True),  # the last one counts, as in click
    (["add", "检查", "--routine", "--no-report", "--not-major", "--not-urgent"], True),
    (["add", "通知各科室", "--confirm", "--from", "王主任", "--due", "周五"], True),
    (["add", "起草通知", "--format", "json"], True),
    (["add", "起草通知", "-f", "csv", "--due", "2026-12-01 15:00"], True),
    (["add", "起草通知", "-f", " JSON "], True),
    (["add", "布置会场", "--where", "--fifth-floor"], True),  # a value that looks like an option
    (["add", "报送", "--due", "2026-12-01", "--due", "2026-12-02"], True),  # the last one counts
    (["add", "接待", "--at", "明天上午9点", "--remind", "30m", "--duration", "90"], True),
    (["add", "接待", "--at", "2026-12-03 10:00", "--remind", "none"], True),
    (["add", "周六加班", "--due", "2026-12-05"], True),  # a notice: the date is a rest day
    (["add", "", "起草"], True),
    (["add", "先有一条", "--due", "后天"], True),  # a duplicate of the open item: warned
    (["add", "先有一条", "--dup-ok", "-f", "json"], True),
    # Refused by the use case or the format check: the quick path gives the same message and code.
    (["add", "x", "--due", "不是日期zz"], True),
    (["add", "x", "--format", "xml"], True),
    (["add", "x", "--kind", "别的"], True),
    (["add", "   "], True),
    (["add", "x", "--attention", "很高"], True),
    (["add", "x" * 501], True),
    # For Typer: no title, unknown or abbreviated options, a missing value, joined short options, a
    # flag given a value, `--`, help, --lock (its passphrase), root options before the command.
    (["add"], False),
    (["add", "--due", "明天"], False),
    (["add", "x", "--bogus"], False),
    (["add", "x", "--du", "明天"], False),
    (["add", "x", "--due"], False),
    (["add", "x", "-ik"], False),
    (["add", "x", "-fjson"], False),
    (["add", "x", "--temp=yes"], False),
    (["add", "--", "-5度"], False),
    (["add", "-5度"], False),
    (["add", "x", "-"], False),
    (["add", "x", "--help"], False),
    (["add", "x", "--note", "-h"], False),
    (["add", "加密的事", "--lock"], False),
    (["--strict", "add", "x"], False),
]


def _stored(bgs: Bgs) -> tuple:
    if not bgs.db.exists():
        return ()
    with sqlite3.connect(bgs.db) as conn:
        items = [_same(repr(row), bgs) for row in conn.execute("SELECT * FROM items ORDER BY id")]
        runs = list(conn.execute("SELECT id, started, command, actor, action, target_run, undone, redoable, masked "
                                 "FROM runs ORDER BY id"))
        changes = [_same(repr(row), bgs) for row in conn.execute("SELECT * FROM changes ORDER BY id")]
    return items, runs, changes


@pytest.mark.parametrize("argv, quick", CASES, ids=[" ".join(argv) for argv, _ in CASES])
def test_the_quick_path_and_typer_answer_alike(tmp_path, monkeypatch, argv, quick):
    env = {"BANGONGSHI_PASSPHRASE": "quick passphrase"}
    through_quick, through_typer = Bgs(tmp_path / "quick"), Bgs(tmp_path / "typer")
    for bgs in through_quick, through_typer:
        bgs.ok("add", "先有一条", "--due", "明天", "--format", "json")  # not a first run: the same store
    taken, quick_result, typer_result = through_both(monkeypatch, capture, argv, through_quick, through_typer, env=env)
    assert taken == ([quick] if argv[0] == "add" else [])
    assert (quick_result.code, _same(quick_result.stdout, through_quick), _same(quick_result.stderr, through_quick)) == (
        typer_result.code, _same(typer_result.stdout, through_typer), _same(typer_result.stderr, through_typer))
    assert _stored(through_quick) == _stored(through_typer)


def _typer_add():
    return typer.main.get_command(make_app(["add", "x"])).commands["add"]


def test_the_quick_reading_knows_every_option_of_the_typer_command_and_nothing_else():
    command = _typer_add()
    typer_view = {name: not param.is_flag and not param.count
                  for param in command.params if param.param_type_name == "option" and param.name != "help"
                  for name in (*param.opts, *param.secondary_opts)}
    assert params.takes_value(capture.ADD) == typer_view
    arguments = [(param.name, param.nargs, param.required) for param in command.params
                 if param.param_type_name == "argument"]
    assert arguments == [("title", -1, True)]
    # Each option as the quick reading takes it, with a value where one follows.
    for name, takes in typer_view.items():
        read = params.read(capture.ADD, ["标题", name, *(["值"] if takes else [])])
        assert read is not None, name


def test_the_typer_command_is_built_from_the_same_declarations():
    command = _typer_add()
    assert [param.name for param in command.params if param.name != "help"] == [p.name for p in capture.ADD]
    for param, declared in zip(command.params, capture.ADD):
        assert (param.help, param.multiple, param.default) == (
            declared.help, declared.kind == params.VALUES, None if declared.kind == params.WORDS else declared.default)
