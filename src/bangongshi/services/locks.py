"""Locked items (P2): lock, unlock, change the passphrase, and showing a locked item's text to whoever
gives the passphrase. The sealing itself happens in the store's transaction (storage/sealing.py), so
no path can write a locked item's text in the clear."""

from collections.abc import Callable
from dataclasses import dataclass, field

from bangongshi.errors import BadInput
from bangongshi.model import Item
from bangongshi.model.record import replace
from bangongshi.services.items import find
from bangongshi.services.session import Session

WAL_BUSY = ("另一个窗口正打开着数据文件，旧内容可能还留在 WAL 文件中；"
            "关闭其他窗口后运行 bgs doctor 检查")


@dataclass
class Locked:
    changed: list[Item] = field(default_factory=list)
    unchanged: list[Item] = field(default_factory=list)
    steps: list[Item] = field(default_factory=list)  # template steps locked with their item


def is_sealed(item: Item) -> bool:
    return item.locked and bool(item.sealed)


def lock(session: Session, ids: list[int]) -> Locked:
    """Seal the items and their template steps (whose titles name the item)."""
    wanted = find(session, ids)
    result = Locked()
    with session.write() as tx:
        for item in wanted:
            steps = [s for s in session.store.items.children(item.id) if not is_sealed(s)]
            if is_sealed(item):
                result.unchanged.append(item)
            else:
                session.store.items.change(tx, item.id, **_locking(item, session))
                result.changed.append(item.id)
            for step in steps:
                session.store.items.change(tx, step.id, **_locking(step, session))
                result.steps.append(step.id)
    _warn_busy_wal(session)
    # As stored now: the titles are the masks lists will show.
    result.changed, result.steps = find(session, result.changed), find(session, result.steps)
    return result


def _locking(item: Item, session: Session) -> dict:
    # A locked occurrence counts as edited by hand: editing, ending or deleting its recurring rule
    # leaves it alone instead of rewriting its sealed text (which would need the passphrase).
    return {"locked": True, "updated": session.now, "hand_edited": item.hand_edited or bool(item.recurrence_id)}


def unlock(session: Session, ids: list[int]) -> Locked:
    """Back to plain text. The history written while it was locked stays sealed."""
    result = Locked()
    with session.write() as tx:
        for item in find(session, ids):
            if not item.locked:
                result.unchanged.append(item)
                continue
            session.store.items.change(tx, item.id, locked=False, updated=session.now)
            result.changed.append(item)
    return result


def change_passphrase(session: Session, new_passphrase: Callable[[], str]) -> int:
    """Re-encrypt everything sealed in one transaction. The current passphrase is checked before
    `new_passphrase` is asked for, so a terminal asks for the old one first; it is checked again
    under the write lock, against the key record as it is then."""
    store = session.store
    if not store.has_passphrase():
        raise BadInput("还没有设置口令：加密第一件事项时设置（bgs lock ID）")
    store.sealer()
    replacement = new_passphrase()
    count = store.keys.rekey(replacement)
    store.passphrase = replacement
    _warn_busy_wal(session)
    return count


def try_passphrase(session: Session, passphrase: str | None) -> bool:
    """Take `passphrase` for this run if it is the store's; Denied says why not."""
    store = session.store
    store.passphrase = passphrase
    try:
        store.sealer()
    except BaseException:
        store.passphrase = None
        raise
    return True


def reveal(session: Session, items: list[Item]) -> list[Item]:
    """The items with a locked one's text opened (asks for the passphrase only if one is locked)."""
    if not any(is_sealed(i) for i in items):
        return items
    sealer = session.store.sealer()
    return [replace(i, **sealer.open_row("item", i)) if is_sealed(i) else i for i in items]


def reveal_follow_ups(session: Session, entries: list, entity: str = "follow_up") -> list:
    """Follow-ups (or slips, `entity="slip"`) of locked items with their text opened."""
    if not any(e.sealed for e in entries):
        return entries
    sealer = session.store.sealer()
    return [replace(e, **sealer.open_row(entity, e), sealed=None) if e.sealed else e for e in entries]


def reveal_history(session: Session, history: list) -> list:
    """An item's journal with the sealed snapshots opened."""
    from bangongshi.storage import sealing

    if not any(sealing.is_sealed(c.before) or sealing.is_sealed(c.after) for _, c in history):
        return history
    sealer = session.store.sealer()

    def opened(snapshot):
        return sealing.opened(change.entity, snapshot, sealer) if sealing.is_sealed(snapshot) else snapshot

    revealed = []
    for run, change in history:
        revealed.append((run, replace(change, before=opened(change.before), after=opened(change.after))))
    return revealed


def _warn_busy_wal(session: Session) -> None:
    if session.store.wal_busy:
        session.notice(WAL_BUSY)


@dataclass(frozen=True)
class SealedAudit:
    checked: str  # what was checked, for doctor's list
    problems: list[tuple[str, str]]  # (problem, what to do)


def audit(session: Session, open_them: bool) -> SealedAudit | None:
    """Doctor's look at the sealed values: with the passphrase each must open; without it each must
    name the store's current key version. None when nothing is locked."""
    store = session.store
    if not store.has_passphrase():
        return None
    sealer = store.sealer() if open_them else None
    total, legacy, problems = store.keys.audit(sealer)
    version = store.keys.current_version()
    how = "用口令逐个打开" if open_them else f"都标明第 {version} 版口令"
    found = []
    if problems:
        shown = "；".join(problems[:5]) + (f"……等 {len(problems)} 处" if len(problems) > 5 else "")
        found.append((f"{len(problems)} 个加密值打不开：{shown}",
                      "从最近的备份恢复这些内容（bgs restore），或联系开发者；不要更换口令"))
    if legacy:
        found.append((f"{legacy} 个加密值还是旧格式（未与所在记录绑定）",
                      "输入一次口令即可重新加密，例如：bgs doctor --unlock"))
    plain = store.keys.plain_children_of_sealed()
    if plain:
        found.append((f"加密事项 {'、'.join(f'#{i}' for i in plain)} 的督办记录或差错仍是明文（旧版本留下的）",
                      "输入一次口令即可加密，例如：bgs doctor --unlock"))
    return SealedAudit(f"加密数据：{total} 个加密值，{how}" + ("，无误" if not problems else ""), found)


# --- the passphrase policy: what the CLI asks for is checked here, not at the prompt ---------------

def passphrase_minimum() -> int:
    """The fewest characters a new passphrase may have (the store's own rule, said before asking)."""
    from bangongshi.storage.sealing import PASSPHRASE_MIN

    return PASSPHRASE_MIN


def check_new_passphrase(passphrase: str) -> None:
    """BadInput when `passphrase` may not become the store's (too short, not text)."""
    from bangongshi.storage.sealing import check_new

    check_new(passphrase)


def has_run_passphrase(session: Session) -> bool:
    """Whether this run was given a passphrase (by prompt or environment) or took one since."""
    return session.store.passphrase is not None
