"""A `bgs remind` group holding only install/status/uninstall, until the engine's cli/remind.py
(which calls remind_schedule.add_commands on its own group) is merged: then this file and its line
in cli/app.py MODULES go."""

import typer

from bangongshi.cli import remind_schedule

remind = typer.Typer(help="提醒：由系统的计划任务定时运行。")
remind_schedule.add_commands(remind)
