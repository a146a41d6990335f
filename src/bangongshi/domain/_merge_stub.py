"""A minimal stand-in for domain/sync_merge.py (issue 18, MERGE branch) with the same interface, so the
sync engine can be tested before that branch is merged. DELETE at merge; import domain.sync_merge instead.
Rule here: a field only one side changed takes that side; both changed: text fields keep both, otherwise
the remote value wins (the local one is listed as a conflict)."""

from dataclasses import dataclass, field


@dataclass
class Conflict:
    field: str
    local: object
    remote: object
    kept: str


@dataclass
class Merged:
    values: dict
    conflicts: list[Conflict] = field(default_factory=list)


def merge(base: dict | None, local: dict, remote: dict) -> Merged:
    base = base or {}
    values, conflicts = {}, []
    for name in sorted(set(local) | set(remote)):
        mine, theirs, was = local.get(name), remote.get(name), base.get(name)
        if mine == theirs or theirs == was:
            values[name] = mine
        elif mine == was:
            values[name] = theirs
        elif name in ("notes", "result") and mine and theirs:
            values[name] = f"{mine}\n{theirs}"
            conflicts.append(Conflict(name, mine, theirs, "remote"))
        else:
            values[name] = theirs
            conflicts.append(Conflict(name, mine, theirs, "remote"))
    return Merged(values, conflicts)
