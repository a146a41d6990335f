"""One entry of the 督办 log of an item: an assignment, a nudge, a progress note, a report, a handoff."""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class FollowUp:
    id: int
    item_id: int
    kind: str  # assign | nudge | progress | report | handoff | ack
    at: datetime
    channel: str | None
    who: str
    note: str
    sealed: str | None = None  # who and note of a locked item, encrypted (storage/sealing.py)
