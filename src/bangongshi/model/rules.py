"""Recurring rules: recorded once, their occurrences become ordinary items (services/rules.py)."""

from dataclasses import dataclass, field, fields
from datetime import date, datetime, time

from bangongshi.model.items import Kind


@dataclass(frozen=True)
class ItemFields:
    """The item fields a rule copies to every occurrence, typed as on Item. None: not given, so the
    occurrence gets the Item default (and `recur show --format json` leaves the key out)."""

    kind: Kind | None = None
    important: bool | None = None
    urgent: bool | None = None
    key: bool | None = None
    constrained: bool | None = None
    source: str | None = None
    location: str | None = None
    tags: tuple[str, ...] | None = None
    estimate_minutes: int | None = None
    notes: str | None = None
    major: bool | None = None
    duration_minutes: int | None = None

    def given(self) -> dict:
        """The fields given, by Item attribute name: ready for `dataclasses.replace(item, **…)`."""
        return {name: getattr(self, name) for name in COPIED if getattr(self, name) is not None}


COPIED = tuple(f.name for f in fields(ItemFields))


@dataclass
class Rule:
    title: str
    rule_text: str  # as the user typed it (每周一)
    rrule: str  # as parsed (FREQ=WEEKLY;BYDAY=MO)
    policy: str  # what to do on a rest day: domain.rules.POLICIES
    anchor: date
    catch_up: str  # domain.occurrences.CATCH_UP
    id: int | None = None
    uuid: str = ""
    lead_workdays: int = 0
    at_time: time | None = None
    due_time: time | None = None
    fields: ItemFields = field(default_factory=ItemFields)
    paused: bool = False
    ends: date | None = None
    created: datetime | None = None
    updated: datetime | None = None
