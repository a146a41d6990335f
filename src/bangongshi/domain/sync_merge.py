"""The three-way merge of one item's fields when it changed both here and on the CalDAV server since
the last sync (docs/sync.md, "Conflicts"). Pure: the values in, the merged values and the conflicts out.

`base` is the fields as both sides last agreed (None: never synced, e.g. two machines made the same
occurrence); `local` and `remote` are the fields now, keyed as Item attributes. A field missing from a
side is one that side does not carry (a phone knows nothing of X-BANGONGSHI-KIND): it counts as
unchanged there. Per field:

1. changed on one side only, or to the same value on both: that value, no conflict;
2. changed on both sides to different values (a conflict):
   - `notes`, `result`: text is never dropped. Empty loses to non-empty; a text that contains the
     other wins; otherwise both are kept, joined (what both appended to the base goes after the base,
     the earlier-updated side first). Listed as a conflict with joined=True so the user can tidy up;
   - `tags` and any list-valued field (a log of nudges and progress notes): merged as sets — what either
     side added stays, what either side removed goes (it was in the base, so that is an edit); no
     entry another side added is lost, and no conflict is listed;
   - `folder`: completion wins over not done (ticked on the phone while retitled here: done);
   - `done_at`: follows the merged folder: when done, the earlier completion time; when open, none;
   - `created`: the earlier; `updated`: the later (bookkeeping, never a conflict);
   - anything else: the side updated later wins; the other value stays in the conflict.

The merged values never depend on which side is local: two machines merging the same conflict reach
the same values, so they do not overwrite each other back and forth (ties go to the larger value by a
fixed order). Only `kept` in a Conflict names a side.
"""

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Literal

from bangongshi.model.items import Folder

TEXT_FIELDS = ("notes", "result")
FIRST_FIELDS = ("created",)
LAST_FIELDS = ("updated",)
_MISSING = object()


@dataclass(frozen=True)
class Conflict:
    """A field both sides changed: both values, and the side whose value the item now has (joined: the
    item has both texts, `kept` names the side whose text came last)."""

    field: str
    local: Any
    remote: Any
    kept: Literal["local", "remote"]
    joined: bool = False


@dataclass
class Merged:
    values: dict
    conflicts: list[Conflict] = field(default_factory=list)


def merge(base: dict | None, local: dict, remote: dict) -> Merged:
    base = base or {}
    order = _later_side(local.get("updated"), remote.get("updated"))
    values: dict = {}
    conflicts: list[Conflict] = []
    deferred = []
    for name in sorted(set(local) | set(remote)):
        was = base.get(name, _MISSING)
        mine = local.get(name, _MISSING)
        theirs = remote.get(name, _MISSING)
        mine = theirs if mine is _MISSING and was is _MISSING else (was if mine is _MISSING else mine)
        theirs = mine if theirs is _MISSING and was is _MISSING else (was if theirs is _MISSING else theirs)
        if mine == theirs or theirs == was:
            values[name] = mine
        elif mine == was:
            values[name] = theirs
        elif name == "done_at":
            deferred.append((name, mine, theirs))  # needs the merged folder
        else:
            value, conflict = _resolve(name, None if was is _MISSING else was, mine, theirs, order)
            values[name] = value
            if conflict is not None:
                conflicts.append(conflict)
    for name, mine, theirs in deferred:
        value = _done_at(values.get("folder"), mine, theirs)
        values[name] = value
        conflicts.append(Conflict(name, mine, theirs, _kept(value, mine, theirs, order)))
    return Merged(values, conflicts)


def _resolve(name: str, was: Any, mine: Any, theirs: Any, order: str | None) -> tuple[Any, Conflict | None]:
    if name in LAST_FIELDS or name in FIRST_FIELDS:
        pick = max if name in LAST_FIELDS else min
        return pick((v for v in (mine, theirs) if v is not None), key=_moment, default=None), None
    if name in TEXT_FIELDS:
        value = _join_text(was or "", mine or "", theirs or "", order)
        joined = value not in (mine, theirs)
        return value, Conflict(name, mine, theirs, _kept(value, mine, theirs, order), joined)
    if isinstance(mine, (list, tuple)) and isinstance(theirs, (list, tuple)):
        return _merge_entries(was or (), mine, theirs), None
    if name == "folder" and _is_done(mine) != _is_done(theirs):
        value = mine if _is_done(mine) else theirs
    else:
        value = _later(mine, theirs, order)
    return value, Conflict(name, mine, theirs, _kept(value, mine, theirs, order))


def _join_text(base: str, mine: str, theirs: str, order: str | None) -> str:
    if not mine or theirs in mine:
        return theirs if not mine else mine
    if not theirs or mine in theirs:
        return mine if not theirs else theirs
    first, second = (mine, theirs) if _first_is_local(mine, theirs, order) else (theirs, mine)
    prefix = base if base and first.startswith(base) and second.startswith(base) else ""
    head, tail = first[len(prefix):], second[len(prefix):]
    gap = "" if head.endswith("\n") or tail.startswith("\n") else "\n"
    return f"{prefix}{head}{gap}{tail}"


def _first_is_local(mine: Any, theirs: Any, order: str | None) -> bool:
    """Which value goes first (the earlier-updated side's); the same answer whichever side is local."""
    if order is not None:
        return order == "remote"
    return _rank(mine) <= _rank(theirs)


def _later(mine: Any, theirs: Any, order: str | None) -> Any:
    if order is not None:
        return mine if order == "local" else theirs
    return mine if _rank(mine) >= _rank(theirs) else theirs


def _merge_entries(base, mine, theirs) -> tuple:
    """Set-wise three-way merge that keeps order: the base's survivors first, then what was added,
    in a fixed order (by the entry's `at` where it has one)."""
    added = [e for e in [*mine, *theirs] if e not in base]
    kept = [e for e in base if e in mine and e in theirs]
    new: list = []
    for entry in sorted(added, key=lambda e: (_moment(_at(e)), _rank(e))):
        if entry not in new:
            new.append(entry)
    return tuple(kept + new)


def _done_at(folder: Any, mine: Any, theirs: Any) -> Any:
    if folder is not None and not _is_done(folder):
        return None
    times = [v for v in (mine, theirs) if v is not None]
    return min(times, key=_moment) if times else None


def _kept(value: Any, mine: Any, theirs: Any, order: str | None) -> Literal["local", "remote"]:
    if value == mine and value != theirs:
        return "local"
    if value == theirs and value != mine:
        return "remote"
    # Both texts joined (or neither value kept): the side whose text came last, the latest word.
    return "remote" if _first_is_local(mine, theirs, order) else "local"


def _is_done(value: Any) -> bool:
    return value is Folder.DONE or value == Folder.DONE.code


def _later_side(mine: Any, theirs: Any) -> str | None:
    """"local" or "remote": the side updated later; None when that cannot be told (a tie, or unknown)."""
    if mine is None or theirs is None or _moment(mine) == _moment(theirs):
        return None
    return "local" if _moment(mine) > _moment(theirs) else "remote"


def _moment(value: Any) -> tuple:
    """A sort key for times: aware datetimes by their instant, naive ones read as UTC (callers give
    aware times; the store keeps them with their offset), None first."""
    if value is None:
        return (0, 0.0, ())
    if isinstance(value, datetime):
        return (1, (value if value.tzinfo else value.replace(tzinfo=timezone.utc)).timestamp(), ())
    return (2, 0.0, _rank(value))  # a date, or a time given as text: by a fixed order


def _at(entry: Any) -> Any:
    if isinstance(entry, dict):
        return entry.get("at")
    return getattr(entry, "at", None)


def _rank(value: Any) -> tuple:
    """A fixed total order over values of any type, for ties: by type name, then by text."""
    if isinstance(value, Folder) or hasattr(value, "code"):
        value = getattr(value, "code")
    return (type(value).__name__, repr(value))
