"""What `bgs sync status`, `bgs sync conflicts` and `bgs show` say of the sync (docs/sync.md): read only,
from the bookkeeping of services/sync.py."""

from dataclasses import dataclass

from bangongshi.model import Item
from bangongshi.model.record import replace
from bangongshi.services import sync_rules
from bangongshi.services.session import Session
from bangongshi.services.sync import _all_items, _fields_of, _local_fields


@dataclass
class StatusReport:
    configured: bool
    url: str = ""
    user: str = ""
    collection: str = ""
    last_sync: str = ""
    synced: int = 0
    pending_new: int = 0
    pending_changed: int = 0
    pending_deleted: int = 0
    conflicts: int = 0


def status(session: Session) -> StatusReport:
    repo = session.store.sync
    url, user, collection = repo.get_meta("url"), repo.get_meta("user"), repo.get_meta("collection")
    if not url:
        return StatusReport(False)
    known = repo.all()
    items = session.store.items.query(_all_items())
    report = StatusReport(True, url, user or "", collection or "", repo.get_meta("last_sync") or "",
                          synced=len(known), conflicts=len(repo.conflicts()))
    here = sync_rules.rule_uuids(session)
    for item in items:
        here.add(item.uuid)
        if item.locked:
            continue
        row = known.get(item.uuid)
        if row is None:
            report.pending_new += 1
        elif _local_fields(item, row.synced) != _fields_of(row.synced):
            report.pending_changed += 1
    report.pending_deleted = len(set(known) - here)
    return report


def conflicts(session: Session):
    return session.store.sync.conflicts()


def item_conflicts(session: Session, items: list[Item], unlock: bool = False) -> dict[str, list]:
    """The sync conflicts kept for these items, by uuid (`bgs show`). A locked item's are shown with
    their values masked unless unlocked: they were recorded in plain text before the lock."""
    found = session.store.sync.conflicts_of([item.uuid for item in items])
    locked = {item.uuid for item in items if item.locked and not unlock}
    return {uuid: [replace(c, local="【密】" if c.local else "", remote="【密】" if c.remote else "", title="")
                   if uuid in locked else c for c in rows] for uuid, rows in found.items()}
