"""ItemBrief: what the long views read of an item.

A report's lines, a week's or a month's cells, the 督办 rows a report lists, and the facts their
figures count (the estimate, the next 催办). A month of a busy office holds ~10,000 handled items
and as many open ones; read whole, an item costs ~40 µs (every date, enum and tag decoded), read
as a brief ~2 µs. Its fields carry the Item's names and meaning, so the rules these views apply
(ranking.estimate_of, follow.next_nudge, render.styles) read a brief as they read an Item. Scripts
get whole Items (formats.json.item_object). A module of its own: the morning agenda never loads it."""

from datetime import date, datetime, time
from typing import NamedTuple

from bangongshi.model.items import Folder, Kind


class ItemBrief(NamedTuple):
    id: int
    title: str
    folder: Folder
    kind: Kind | None
    key: bool
    locked: bool
    due: date | None
    due_time: time | None
    at: datetime | None
    duration_minutes: int | None
    estimate_minutes: int | None
    spent_minutes: int | None
    created: datetime
    done_at: datetime | None
    result: str
    source: str
    handler: str
    # 督办: what the next 催办 is worked out from (follow.next_nudge); a handoff.
    follow_every: str
    follow_rrule: str
    follow_policy: str
    delegated_at: datetime | None
    handoff_to: str
    parent_id: int | None = None  # a template step's meeting or document: 新记 lists steps under it

    @property
    def is_open(self) -> bool:
        return self.folder is not Folder.DONE


class DoneFact(NamedTuple):
    """What a report counts of a handled item (services.report.build): its kind, whether key work,
    the minutes it took or is estimated at (ranking.estimate_of reads these names), and when it was
    done. Read for every item of a period; its title only for the few the screen lists."""

    id: int
    kind: Kind | None
    key: bool
    at: datetime | None
    duration_minutes: int | None
    estimate_minutes: int | None
    spent_minutes: int | None
    done_at: datetime
