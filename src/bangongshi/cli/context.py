"""Turning the command line's shared state into a service Session: the store path, the clock, the
command line. Free of Typer, so that a bare `bgs` can run without loading the parser."""

import os
import re
import shlex
from collections.abc import Iterator
from contextlib import contextmanager

from bangongshi import clock
from bangongshi.paths import resolve_db_path
from bangongshi.services.session import Session
from bangongshi.storage import open_store

# For scripts: the passphrase of locked items. Weaker than the prompt (other processes of the same
# user may read the environment), and documented as such. Prompts: cli/passphrase.py.
PASSPHRASE_ENV = "BANGONGSHI_PASSPHRASE"
# For `bgs lock --change-passphrase` in scripts.
NEW_PASSPHRASE_ENV = "BANGONGSHI_NEW_PASSPHRASE"


SECRET_VARIABLES = ((PASSPHRASE_ENV, "env_passphrase"), (NEW_PASSPHRASE_ENV, "env_new_passphrase"))


@contextmanager
def taken_passphrases() -> Iterator[dict]:
    """The passphrases a script set, moved out of the environment for the run, so that no child
    process (the editor, anything it starts) inherits them; put back afterwards for a caller that
    runs several command lines in one process."""
    taken = {variable: os.environ.pop(variable) for variable, _ in SECRET_VARIABLES if variable in os.environ}
    try:
        yield {key: taken[variable] for variable, key in SECRET_VARIABLES if variable in taken}
    finally:
        os.environ.update(taken)


def session(ctx) -> Session:
    """The Session of a Typer context's command line (made once, on first use)."""
    return session_for(ctx.find_root().obj)


def session_for(obj: dict) -> Session:
    """`obj`: the run's shared state: argv, and the root options db and strict."""
    if obj.get("session") is None:
        settings = _settings(obj)
        now = clock.now(clock.office_zone(settings.timezone))
        store = open_store(resolve_db_path(obj.get("db")), now)
        store.passphrase = obj.get("passphrase") or obj.get("env_passphrase") or None
        obj["session"] = Session(store=store, now=now, command=command_text(obj.get("argv", [])),
                                 masked_command=_masked(obj),
                                 strict=bool(obj.get("strict")), progress=_progress_bar)
        from bangongshi.services.upkeep import on_open

        on_open(obj["session"], settings)
        if now.month == 12:
            from bangongshi.cli import output
            from bangongshi.services.calendar import next_year_reminder

            reminder = next_year_reminder(obj["session"])
            if reminder:
                output.say(f"提醒：{reminder.message}")
    return obj["session"]


def _settings(obj: dict):
    from bangongshi.config import load_settings
    from bangongshi.errors import BadInput

    try:
        return load_settings()
    except BadInput:
        if not obj.get("config_optional"):
            raise
        from bangongshi.domain.settings import DEFAULTS

        return DEFAULTS  # `bgs doctor` reports the broken config instead of stopping at it


def store_path_and_now(obj: dict):
    """For `bgs restore`: where the store is and the time, without opening it (it may be the damaged
    file restore is the way out of) and without a valid config."""
    obj["config_optional"] = True
    settings = _settings(obj)
    return resolve_db_path(obj.get("db")), clock.now(clock.office_zone(settings.timezone))


def _masked(obj: dict) -> str | None:
    if obj.get("parser") is None:
        return None
    from bangongshi.cli.adapter import masked_command

    return masked_command(obj.get("argv", []), obj["parser"])


def _progress_bar(description: str, total: int):
    from bangongshi.render.progress import bar

    return bar(description, total)


def command_text(argv: list[str]) -> str:
    """How the user typed this run, for the journal and `bgs log`."""
    return " ".join(["bgs", *(_quote(arg) for arg in argv)])


_NEEDS_QUOTES = re.compile(r"""[\s'"\\$`!*?;&|<>(){}\[\]#~]""")


def _quote(arg: str) -> str:
    # shlex.quote would quote every Chinese word; quote only what a shell would misread.
    return shlex.quote(arg) if not arg or _NEEDS_QUOTES.search(arg) else arg
