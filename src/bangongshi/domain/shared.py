"""督办 shared with a colleague through a CalDAV collection (issue #25): what the handler's copy shows
of the assigner's item, the 延期 request and its answer in the 督办 log, and the marks the ledger
shows. Pure: records in, values out."""

import re
from datetime import date, datetime
from typing import Iterable, NamedTuple

# The object in the shared collection is the assigner's item. These fields are hers alone: the leader
# she reports to (source), the handler she follows (handler), her 催办 cadence, when she delegated and
# reported. The handler's copy shows its own values instead (交办人 = the assigner, nobody to follow),
# and never sends them back: a handler's `bgs reported` is his report to her, not hers to the leader.
PROJECTED = ("source", "handler", "follow_every", "follow_rrule", "follow_policy", "delegated_at", "reported_at",
             "assigned_at", "constrained")

# The 督办 log kinds of a 延期 (schema_v19.sql): asked by the handler, then approved or refused.
EXTEND, EXTEND_OK, EXTEND_NO = "extend", "extend_ok", "extend_no"
_ASKED = re.compile(r"^延期至(\d{4}-\d{2}-\d{2})")


class State(NamedTuple):
    code: str
    label: str


HANDLER_DELETED = State("handler_deleted", "承办人已删除")
DONE_NO_RESULT = State("done_no_result", "已办结，待补结果")


def handler_view(fields: dict, assigner: str) -> dict:
    """The handler's values of the fields the assigner keeps to herself, from the object's `fields`:
    a constrained item assigned by `assigner`, since she delegated it."""
    return {"source": assigner, "handler": "", "follow_every": "", "follow_rrule": "", "follow_policy": "",
            "delegated_at": None, "reported_at": None, "constrained": True,
            "assigned_at": fields.get("delegated_at") or fields.get("assigned_at")}


def without_projected(fields: dict | None) -> dict | None:
    """Fields as the handler's side merges them: the assigner's own fields are not compared (a field
    missing from a side counts as unchanged, domain/sync_merge.py)."""
    return None if fields is None else {k: v for k, v in fields.items() if k not in PROJECTED}


def assigner_values(synced: dict) -> dict:
    """What the handler's side sends for the projected fields: the assigner's, as last agreed."""
    return {k: synced[k] for k in PROJECTED if k in synced}


def extension_note(day: date, reason: str) -> str:
    """The note of an `extend` entry (its label in a history is 申请延期): the day asked, then why."""
    return f"延期至{day.isoformat()}：{reason}" if reason else f"延期至{day.isoformat()}"


def asked_day(note: str) -> date | None:
    found = _ASKED.search(note or "")
    try:
        return date.fromisoformat(found.group(1)) if found else None
    except ValueError:
        return None


class Asked(NamedTuple):
    day: date | None  # None: the request is sealed (a locked item) and was read without the passphrase
    at: datetime
    note: str
    who: str = ""


def pending_extension(log: Iterable) -> Asked | None:
    """The 延期 request not yet answered: the last `extend` entry with no approval or refusal after it
    (entries have id, kind, at, note; the log of one item in any order). "After" is the order this
    store recorded them in: an answer always comes to a store after the request it answers, whereas
    the two desks' clocks may disagree. A locked item's entries keep their kind and time in the clear
    and their note sealed: read without the passphrase, a sealed request is still a request, of a day
    that cannot be told here (Asked.day None), so that the morning view does not lose it."""
    pending = None
    for entry in sorted(log, key=lambda e: e.id):
        if entry.kind == EXTEND and getattr(entry, "sealed", None):
            pending = Asked(None, entry.at, "", "")
        elif entry.kind == EXTEND and asked_day(entry.note):
            pending = Asked(asked_day(entry.note), entry.at, entry.note, entry.who)
        elif entry.kind in (EXTEND_OK, EXTEND_NO):
            pending = None
    return pending


def state(deleted_at, ticked_at) -> State | None:
    """What the ledger says beside the status of a shared item, the graver first."""
    if deleted_at:
        return HANDLER_DELETED
    if ticked_at:
        return DONE_NO_RESULT
    return None
