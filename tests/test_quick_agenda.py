"""`bgs agenda`'s quick path (cli/today.py quick) answers exactly as the Typer command does: the same
command lines through both print the same text with the same exit code; whatever the quick reading
does not take (--matrix, --blocks, help, an unknown format…) goes to Typer (issue #19: a script's
`bgs agenda --format json` each morning is as quick as a bare `bgs`)."""

import json
import os
import subprocess
import sys

import pytest
import typer

from bangongshi.cli import params, today
from bangongshi.cli.app import make_app
from conftest import Bgs, same_output as _same, through_both

CASES = [
    (["agenda"], True),
    (["agenda", "--format", "json"], True),
    (["agenda", "-f", "md"], True),
    (["agenda", "--format=text"], True),
    (["agenda", "-f", " JSON "], True),
    (["agenda", "明天"], True),
    (["agenda", "2026-12-01", "--all"], True),
    (["agenda", "--all", "下周一", "--format", "json"], True),
    (["agenda", "--format", "json", "--format", "md"], True),  # the last one counts, as in click
    (["agenda", "不是日期zz"], True),  # refused by the date reading: the same message and code
    (["agenda", "--matrix"], False),
    (["agenda", "--blocks", "-f", "json"], False),
    (["agenda", "--format", "xml"], False),
    (["agenda", "明天", "后天"], False),
    (["agenda", "--help"], False),
    (["agenda", "--all=yes"], False),
    (["agenda", "-f"], False),
    (["agenda", "--bogus"], False),
    (["agenda", "-5"], False),
    (["--strict", "agenda"], False),
]


@pytest.mark.parametrize("argv, quick", CASES, ids=[" ".join(argv) for argv, _ in CASES])
def test_the_quick_path_and_typer_answer_alike(tmp_path, monkeypatch, argv, quick):
    through_quick, through_typer = Bgs(tmp_path / "quick"), Bgs(tmp_path / "typer")
    for bgs in through_quick, through_typer:
        bgs.ok("add", "今天要办", "--due", "今天", "-i")
        bgs.ok("add", "全市办公室工作会议", "--at", "2026-11-23 09:30", "--duration", "2h")
        bgs.ok("add", "下周的事", "--due", "下周二", "-k")
    taken, quick_result, typer_result = through_both(monkeypatch, today, argv, through_quick, through_typer)
    assert taken == ([quick] if argv[0] == "agenda" else [])
    shown = _same(quick_result.stdout, through_quick)
    assert (quick_result.code, shown, quick_result.stderr) == (
        typer_result.code, _same(typer_result.stdout, through_typer), typer_result.stderr)
    if quick and quick_result.code == 0:
        assert "今天要办" in shown or "下周的事" in shown


def test_the_quick_reading_takes_only_options_of_the_typer_command():
    command = typer.main.get_command(make_app(["agenda"])).commands["agenda"]
    typer_view = {name: not param.is_flag for param in command.params if param.param_type_name == "option"
                  for name in (*param.opts, *param.secondary_opts)}
    quick_view = params.takes_value(today.quick_params())
    assert quick_view.items() <= typer_view.items()
    fmt = next(param for param in command.params if param.name == "fmt")
    assert fmt.help == today.quick_params()[-1].help  # the same formats, listed alike


def test_a_scripts_agenda_in_json_runs_without_the_parser(tmp_path):
    env = {**os.environ, "BANGONGSHI_HOME": str(tmp_path), "BANGONGSHI_NOW": "2026-11-20T10:00"}
    probe = ("import json, sys\nfrom bangongshi.cli import run\ncode = run(sys.argv[1:])\nsys.stdout.flush()\n"
             "print('\\nMODULES ' + json.dumps(sorted(sys.modules)))\nsys.exit(code)\n")
    subprocess.run([sys.executable, "-c", probe, "add", "先有一条", "--due", "今天"], env=env, check=True,
                   capture_output=True)
    done = subprocess.run([sys.executable, "-c", probe, "agenda", "--format", "json"], env=env, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
    shown, modules = done.stdout.rsplit("MODULES ", 1)
    assert json.loads(shown)["sections"][0]["items"][0]["title"] == "先有一条"
    assert {"typer", "click", "rich.console"} & set(json.loads(modules)) == set()
