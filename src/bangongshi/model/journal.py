"""What the journal recorded: one run per command, and the row changes it made."""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Run:
    id: int
    started: datetime
    command: str
    actor: str  # user | tool
    action: str  # command | undo | redo
    target_run: int | None  # the run an undo or redo acted on
    undone: bool
    change_count: int


@dataclass(frozen=True)
class Change:
    run_id: int
    entity: str
    entity_id: int
    before: dict | None  # the row before (None: inserted), as stored
    after: dict | None  # the row after (None: deleted)
    # The journal holds no copy of `after`: it was the row itself (a bulk import, schema 13); `after`
    # was read from the row's next change or the row, and a redo leaves its own the same way.
    after_implied: bool = False
