"""Turning a Typer context into a service Session: the store path, the clock, the command line."""

import typer

from bangongshi import clock
from bangongshi.cli.options import command_text
from bangongshi.paths import resolve_db_path
from bangongshi.services.session import Session
from bangongshi.storage import open_store


def session(ctx: typer.Context) -> Session:
    obj = ctx.find_root().obj
    if obj.get("session") is None:
        from bangongshi.config import load_settings

        now = clock.now(clock.office_zone(load_settings().timezone))
        store = open_store(resolve_db_path(obj.get("db")), now)
        obj["session"] = Session(store=store, now=now, command=command_text(ctx.find_root()),
                                 strict=bool(obj.get("strict")))
        if now.month == 12:
            from bangongshi.cli import output
            from bangongshi.services.calendar import next_year_reminder

            reminder = next_year_reminder(obj["session"])
            if reminder:
                output.say(f"提醒：{reminder.message}")
    return obj["session"]
