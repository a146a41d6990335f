"""The run's shared state (`RunState`) and the Session it opens, through services. Free of Typer,
so that a bare `bgs` can run without loading the parser."""

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from bangongshi.services.opening import open_session
from bangongshi.services.session import Session

# For scripts: the passphrase of locked items. Weaker than the prompt (other processes of the same
# user may read the environment), and documented as such. Prompts: cli/passphrase.py.
PASSPHRASE_ENV = "BANGONGSHI_PASSPHRASE"
# For `bgs lock --change-passphrase` in scripts.
NEW_PASSPHRASE_ENV = "BANGONGSHI_NEW_PASSPHRASE"


# Secrets and RunState are plain classes, not dataclasses: they are made once per run, never
# compared or replace()d, and each dataclass costs every command about a millisecond to define
# (`bgs add` and bare `bgs` start in well under 100 ms; issue #19).
class Secrets:
    """The passphrases a script set in the environment, taken out of it for the run."""

    def __init__(self, passphrase: str | None = None, new_passphrase: str | None = None):
        self.passphrase = passphrase
        self.new_passphrase = new_passphrase

    def by_variable(self) -> dict[str, str]:
        given = {PASSPHRASE_ENV: self.passphrase, NEW_PASSPHRASE_ENV: self.new_passphrase}
        return {variable: value for variable, value in given.items() if value is not None}


class RunState:
    """Everything one command line shares between the edge, the root options and the commands
    (Typer's `ctx.obj`)."""

    def __init__(self, argv: list[str], secrets: Secrets | None = None, db: str | None = None, strict: bool = False,
                 passphrase: str | None = None, config_optional: bool = False, session: Session | None = None,
                 masked: Callable[[], str] | None = None, synced: bool = False):
        self.argv = argv
        self.secrets = secrets if secrets is not None else Secrets()
        self.db = db  # --db
        self.strict = strict  # --strict
        self.passphrase = passphrase  # typed at the prompt (the command is run again with it)
        self.config_optional = config_optional  # `bgs doctor` and `bgs restore` run with a broken config
        self.session = session  # opened on first use
        # The command line with its values masked (the journal of a run that carries a locked item's
        # text), made by whichever reading of it knows which words are option values.
        self.masked = masked
        self.synced = synced  # this run synced with CalDAV already (`bgs sync`): no auto sync after it

    def close(self) -> None:
        if self.session is not None:
            self.session.close()


@contextmanager
def taken_passphrases() -> Iterator[Secrets]:
    """The passphrases a script set, moved out of the environment for the run, so that no child
    process (the editor, anything it starts) inherits them; put back afterwards for a caller that
    runs several command lines in one process."""
    taken = {variable: os.environ.pop(variable) for variable in (PASSPHRASE_ENV, NEW_PASSPHRASE_ENV)
             if variable in os.environ}
    try:
        yield Secrets(taken.get(PASSPHRASE_ENV), taken.get(NEW_PASSPHRASE_ENV))
    finally:
        os.environ.update(taken)


def state(ctx) -> RunState:
    """The RunState of a Typer context's command line."""
    return ctx.find_root().obj


def session(ctx) -> Session:
    """The Session of a Typer context's command line (made once, on first use)."""
    return session_for(state(ctx))


def session_for(run: RunState) -> Session:
    if run.session is None:
        run.session = open_session(run.db, run.argv, strict=run.strict,
                                   passphrase=run.passphrase or run.secrets.passphrase,
                                   config_optional=run.config_optional, progress=_progress_bar,
                                   masked_command=_masked(run))
        from bangongshi.cli import output

        for reminder in run.session.reminders:
            output.say(f"提醒：{reminder}")
    return run.session


def _masked(run: RunState) -> str | None:
    return run.masked() if run.masked is not None else None


def _progress_bar(description: str, total: int, unit: str = ""):
    from bangongshi.render.progress import bar

    return bar(description, total, unit)
