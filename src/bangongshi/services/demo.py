"""`bgs demo`: the sample week of a county office, in a throwaway store that is deleted afterwards.
The user's own store, config and data dir are never opened."""

import secrets
import tempfile
from pathlib import Path

from bangongshi.domain.settings import DEFAULTS

WEEK = Path(__file__).resolve().parent.parent / "demo" / "week.yaml"


def agenda(now):
    """The sample week imported as of `now`, and its agenda for today (default settings)."""
    from bangongshi.services import agenda as agenda_service
    from bangongshi.services.imports import run
    from bangongshi.services.session import Session
    from bangongshi.storage import open_store

    with tempfile.TemporaryDirectory(prefix="bgs-demo-") as folder:
        store = open_store(Path(folder) / "demo.db", now)
        store.passphrase = secrets.token_hex(16)  # the week's locked item, in a store nobody reopens
        try:
            session = Session(store=store, now=now, command="bgs demo")
            run(session, str(WEEK), "yaml", dry_run=False)
            return agenda_service.build(session, now.date(), DEFAULTS, None)
        finally:
            store.close()
