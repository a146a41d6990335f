"""Forgiving what a secretary types fast (issue #21): mistyped commands get the nearest one, and a few
Chinese verbs stand for the commands typed most."""

import json
import subprocess
import sys

import pytest

from test_startup import PROBE, _env


@pytest.mark.parametrize("args, expected", [
    (["dnoe", "12"], "错误：没有命令「dnoe」，您是不是要：bgs done？（bgs --help 查看用法）"),
    # Nearest first; `bgs visit` (issue #23) is close enough to be named after it.
    (["lsit"], "错误：没有命令「lsit」，您是不是要：bgs list、bgs visit？（bgs --help 查看用法）"),
    (["agend"], "错误：没有命令「agend」，您是不是要：bgs agenda？（bgs --help 查看用法）"),
    (["udno"], "错误：没有命令「udno」，您是不是要：bgs undo、bgs unlock？（bgs --help 查看用法）"),
    (["plan", "tomorow"], "错误：没有命令「tomorow」，您是不是要：bgs plan tomorrow？（bgs plan --help 查看用法）"),
    (["cal", "lod", "x.yaml"], "错误：没有命令「lod」，您是不是要：bgs cal load？（bgs cal --help 查看用法）"),
    (["cal", "local", "lst"], "错误：没有命令「lst」，您是不是要：bgs cal local list？（bgs cal local --help 查看用法）"),
    (["--db", "x.db", "shwo", "3"], "错误：没有命令「shwo」，您是不是要：bgs show？（bgs --help 查看用法）"),
])
def test_a_mistyped_command_gets_the_nearest_one(bgs, args, expected):
    result = bgs(*args)
    assert (result.code, result.stderr.strip(), result.stdout) == (2, expected, "")


def test_a_word_near_no_command_gets_no_guess(bgs):
    result = bgs("frobnicate")
    assert (result.code, result.stderr.strip()) == (2, "错误：没有命令「frobnicate」（bgs --help 查看用法）")


def test_a_month_is_still_a_month_and_a_mistyped_option_still_gets_its_guess(bgs):
    assert "2026年10月" in bgs.ok("cal", "2026-10").stdout
    result = bgs("list", "--fomat", "json")
    assert result.stderr.strip() == "错误：没有选项 --fomat，是不是要用 --format、--from？（bgs list --help 查看用法）"


def test_a_group_without_its_command_lists_them_in_chinese(bgs):
    result = bgs("recur")
    assert result.code == 2
    assert result.stderr.strip() == ("错误：缺少命令，可用：add、list、show、edit、pause、resume、end、delete"
                                     "（bgs recur --help 查看用法）")


# --- Chinese aliases ----------------------------------------------------------------------------

def test_记_adds_as_add_does(bgs):
    made = bgs.ok("记", "给王主任订机票", "--due", "明天下午3点", "-t", "--format", "json").json()
    assert (made["title"], made["folder"], made["due"]) == ("给王主任订机票", "temp", "2026-11-21")
    assert "bgs add 给王主任订机票" in bgs.ok("log").stdout  # the journal names the command it stood for


def test_记_takes_adds_quick_path_without_the_parser(tmp_path):
    env = _env(tmp_path)
    subprocess.run([sys.executable, "-c", PROBE, "add", "先有一条"], env=env, check=True, capture_output=True)
    done = subprocess.run([sys.executable, "-c", PROBE, "记", "起草通知", "--due", "下周三"], env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    modules = set(json.loads(done.stdout.rsplit("MODULES ", 1)[1]))
    assert {"typer", "click"} & modules == set()
    assert sorted(m for m in modules if m.startswith("bangongshi.cli.")) == [
        "bangongshi.cli.capture", "bangongshi.cli.context", "bangongshi.cli.output", "bangongshi.cli.params"]


def test_办结_is_done(bgs):
    bgs.add("起草通知")
    result = bgs.ok("办结", "1", "--result", "已印发")
    assert "#1" in result.stderr
    assert (bgs.item(1)["folder"], bgs.item(1)["result"]) == ("done", "已印发")


def test_今天_is_the_agenda_and_明天_the_next_workdays(bgs):
    bgs.add("周一要办", "--due", "2026-11-23")  # the clock is Friday 2026-11-20: next workday Monday
    bgs.add("今天要办", "--due", "今天")
    assert bgs.ok("今天").stdout == bgs.ok("agenda").stdout
    monday = bgs.ok("明天", "--format", "json").json()
    assert monday == bgs.ok("agenda", "2026-11-23", "--format", "json").json()
    assert monday != bgs.ok("agenda", "明天", "--format", "json").json()  # Saturday, not the next workday
    assert bgs.ok("--db", str(bgs.db), "今天", "--format", "json").json() == bgs.ok("agenda", "--format", "json").json()


def test_an_alias_is_a_command_word_only(bgs):
    """「记」 inside a title is a title's word; only the command's place is read as an alias."""
    made = bgs.ok("add", "记", "录", "--format", "json").json()
    assert made["title"] == "记 录"


def test_the_help_names_the_aliases_in_one_line_and_lists_only_commands(bgs):
    top = bgs.ok("--help", env={"COLUMNS": "250"}).stdout
    assert "中文命令：bgs 记 = bgs add、bgs 办结 = bgs done、bgs 今天 = bgs agenda、bgs 明天 = bgs agenda 下个工作日" in top
    listed = [line.split()[1] for line in top.splitlines() if line.startswith("│ ") and len(line.split()) > 2]
    assert "add" in listed and not {"记", "办结", "今天", "明天"} & set(listed)
    assert bgs.ok("记", "--help", env={"COLUMNS": "250"}).stdout == bgs.ok("add", "--help", env={"COLUMNS": "250"}).stdout
