"""An item shared with a colleague through a CalDAV collection (issue #25, docs/sync.md)."""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class SharedItem:
    uuid: str
    person: str  # the colleague in the people registry: the handler (side "assigner") or the assigner
    collection: str  # the shared collection's URL
    side: str  # "assigner": I assigned it and follow it up; "handler": it was assigned to me
    changed_side: str | None = None  # which side last changed it: "here" or "there"
    changed_at: datetime | None = None
    ticked_at: datetime | None = None  # done elsewhere (a phone) without a result
    deleted_at: datetime | None = None  # the handler deleted it: my copy stays
    created: datetime | None = None
