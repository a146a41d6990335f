"""The daily views' quick path (cli/daily.py quick) answers exactly as the Typer commands do: `bgs
week`, `bgs report day|week|month` and `bgs follow` lines through both print the same text with the
same exit code; whatever the quick reading does not take (-o, --raw, --labels, --include-locked,
help, an unknown value…) goes to Typer (issue #19: importing Typer cost each of them ~50 ms)."""

import json
import os
import subprocess
import sys

import pytest

from bangongshi.cli import daily, evening
from conftest import Bgs, same_output as _same, through_both

CASES = [
    (["week"], True),
    (["week", "下周一", "--format", "json"], True),
    (["week", "-f", "JSON"], True),
    (["week", "--format", "html"], False),
    (["week", "--format", "docx", "-o", "周.docx"], False),
    (["week", "明天", "后天"], False),
    (["week", "不是日期zz"], True),
    (["report", "day"], True),
    (["report", "week", "--format", "md"], True),
    (["report", "month", "2026-11", "-f", "json"], True),
    (["report", "month", "--format=csv"], True),
    (["report", "week", "上周五", "--format", "text"], True),
    (["report", "month", "2026-13"], True),
    (["report", "month", "--all"], True),
    (["report", "week", "2026-11-16", "--all", "-f", "md"], True),
    (["report", "day", "--all", "--all"], True),
    (["report", "month", "--format", "xlsx", "-o", "月报.xlsx"], False),
    (["report", "week", "--include-locked"], False),
    (["report", "week", "--raw", "-f", "csv"], False),
    (["report", "chronicle"], False),
    (["report"], False),
    (["report", "--help"], False),
    (["follow"], True),
    (["follow", "--all"], True),
    (["follow", "--overdue", "-f", "json"], True),
    (["follow", "-n", "1"], True),
    (["follow", "--limit", "0", "--format", "md"], True),
    (["follow", "-n", "-1"], False),
    (["follow", "-n", "２"], False),
    (["follow", "-n"], False),
    (["follow", "12"], False),
    (["follow", "--format", "xlsx", "-o", "台账.xlsx"], False),
    (["follow", "--labels", "zh", "-f", "csv"], False),
]
EVENING = [
    (["plan", "tomorrow", "--auto"], True),
    (["plan", "tomorrow", "--auto", "--format", "json"], True),
    (["plan", "tomorrow", "--carry-all"], True),
    (["plan", "tomorrow", "-y", "-f", "json"], True),
    (["plan", "tomorrow"], False),  # the review item by item (no terminal here: refused by the use case)
    (["plan", "tomorrow", "--auto", "--format", "md"], False),
    (["plan", "tomorrow", "--auto", "下周一"], False),
    (["plan", "show"], False),
    (["plan"], False),
]


def _stored(bgs: Bgs) -> list:
    """The saved 次日 lists (what `plan tomorrow` writes)."""
    import sqlite3

    with sqlite3.connect(bgs.db) as conn:
        return conn.execute("SELECT p.day, made_at, item_id, position FROM plans p JOIN plan_entries e "
                            "ON e.day = p.day ORDER BY p.day, position").fetchall()


def _office(bgs: Bgs) -> None:
    bgs.ok("add", "起草年终总结", "--due", "今天", "-i", "--from", "王主任", "--report")
    bgs.ok("add", "全市办公室工作会议", "--at", "2026-11-23 09:30", "--duration", "2h")
    bgs.ok("add", "报送月度信息", "--due", "2026-11-18", "-u")
    bgs.ok("assign", "3", "--to", "信息科", "--every", "每2个工作日")
    bgs.ok("add", "整理档案", "--due", "下周二")
    bgs.ok("assign", "4", "--to", "档案室", "--due", "下周五")
    bgs.ok("done", "1", "--result", "已报送")


@pytest.mark.parametrize("argv, quick", CASES + EVENING, ids=[" ".join(argv) for argv, _ in CASES + EVENING])
def test_the_quick_path_and_typer_answer_alike(tmp_path, monkeypatch, argv, quick):
    through_quick, through_typer = Bgs(tmp_path / "quick"), Bgs(tmp_path / "typer")
    for bgs in through_quick, through_typer:
        _office(bgs)
    monkeypatch.chdir(tmp_path)
    module = evening if argv[0] == "plan" else daily
    taken, quick_result, typer_result = through_both(monkeypatch, module, argv, through_quick, through_typer)
    assert taken == [quick]
    assert _stored(through_quick) == _stored(through_typer)
    if quick and argv[0] == "plan":
        assert _stored(through_quick)  # the 次日 list was saved
    shown = _same(quick_result.stdout, through_quick)
    assert (quick_result.code, shown, quick_result.stderr) == (
        typer_result.code, _same(typer_result.stdout, through_typer), typer_result.stderr)
    if quick and quick_result.code == 0:
        assert shown.strip()


@pytest.mark.parametrize("args", [["follow"], ["report", "month"], ["week", "--format", "json"],
                                  ["plan", "tomorrow", "--auto"]])
def test_the_daily_views_run_without_the_parser(tmp_path, args):
    env = {**os.environ, "BANGONGSHI_HOME": str(tmp_path), "BANGONGSHI_NOW": "2026-11-20T10:00", "COLUMNS": "100"}
    probe = ("import json, sys\nfrom bangongshi.cli import run\ncode = run(sys.argv[1:])\nsys.stdout.flush()\n"
             "print('\\nMODULES ' + json.dumps(sorted(sys.modules)))\nsys.exit(code)\n")
    for line in (["add", "报送月度信息", "--due", "今天"], ["assign", "1", "--to", "信息科"]):
        subprocess.run([sys.executable, "-c", probe, *line], env=env, check=True, capture_output=True)
    done = subprocess.run([sys.executable, "-c", probe, *args], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    shown, modules = done.stdout.rsplit("MODULES ", 1)
    assert "报送月度信息" in shown or "信息科" in shown or json.loads(shown)
    assert {"typer", "click"} & set(json.loads(modules)) == set()
