"""督办 across desks (issue #25): an item assigned to a colleague with a CalDAV identity lives in the
collection shared with him; `bgs sync` syncs each such collection beside the personal one
(services/sync.py does the syncing, this module says what belongs where). docs/sync.md, "Shared 督办".

caldav is imported only inside functions (services/sync_client.py), never on the path of `bgs` or `bgs add`.
"""

import os
import re
from dataclasses import dataclass, field
from datetime import datetime

from bangongshi.domain import shared as rules
from bangongshi.errors import BadInput, BgsError, Denied, StorageError
from bangongshi.model import Item
from bangongshi.model.record import replace
from bangongshi.model.registers import Person
from bangongshi.model.shared import SharedItem
from bangongshi.services.session import Session


@dataclass
class Scope:
    """One collection a sync goes through: the personal one (`person` None) or one shared with a
    colleague. `members`: the shared items of this collection, by uuid; `exclude`: the personal
    collection's view of the items that live in some shared collection instead."""

    collection: str
    user: str
    password: str
    person: Person | None = None
    members: dict[str, SharedItem] = field(default_factory=dict)
    exclude: frozenset[str] = frozenset()
    me: str = ""  # who assigns, as written into the objects (config.yaml `me.name`)

    def active(self, item: Item | None, member: SharedItem | None) -> bool:
        """Whether the item belongs in this shared collection now: a handler's copy always; an item
        I assigned while it is still with that colleague (an undone `bgs assign` takes it out), until
        he deletes it."""
        if member is None or item is None:
            return member is not None and member.side == "handler"
        if member.side == "handler":
            return True
        # The name it was shared with, not the registry's name now: renaming a colleague unshares nothing.
        return member.deleted_at is None and member.person in (item.handler, item.handoff_to)

    def handler_side(self, uuid: str) -> bool:
        member = self.members.get(uuid)
        return self.person is not None and (member is None or member.side == "handler")


def me_name(session: Session) -> str:
    settings = session.settings
    return settings.myself.name if settings is not None else ""


def password(url: str, user: str, fallback_url: str | None = None) -> str:
    """The account's password: BANGONGSHI_CALDAV_PASSWORD, else the keyring entry `user@url` (for a
    shared collection: its own URL first, then the URL of `bgs sync setup` when the account is the same)."""
    from bangongshi.services import sync_client as sync

    from_env = os.environ.get(sync.PASSWORD_ENV)
    if from_env:
        return from_env
    for where in (url, fallback_url):
        if where and sync.keyring_usable():
            import keyring

            kept = keyring.get_password(sync.KEYRING_SERVICE, sync.account(where, user))
            if kept:
                return kept
    raise BadInput(sync.NO_PASSWORD)


def scope_of(session: Session, person: Person, members: dict[str, SharedItem] | None = None) -> Scope:
    repo = session.store.sync
    main_url, main_user = repo.get_meta("url"), repo.get_meta("user")
    user = person.caldav_user or main_user or ""
    if not user:
        raise BadInput(f"{person.name}的共享集合没有账号：bgs people edit {person.name} --caldav-user 用户名，"
                       "或先 bgs sync setup 设置本机的账号")
    secret = password(person.caldav_url, user, main_url if user == main_user else None)
    collection = person.caldav_url
    if members is None:
        members = {u: m for u, m in session.store.shared.all().items() if m.collection == collection}
    return Scope(collection, user, secret, person, members, me=me_name(session))


def scopes(session: Session) -> tuple[list[Scope], frozenset[str]]:
    """Every shared collection to sync, and the uuids the personal collection leaves to them."""
    people = session.store.registers.shared_people()
    if not people:
        return [], frozenset()
    every = session.store.shared.all()
    items = session.store.items.by_uuids(list(every))
    found, exclude, seen = [], set(), set()
    for person in people:
        if person.caldav_url in seen:
            continue  # a team's collection, registered with each of its members: synced once
        seen.add(person.caldav_url)
        members = {u: m for u, m in every.items() if m.collection == person.caldav_url}
        scope = scope_of(session, person, members)
        exclude |= {u for u, m in members.items() if scope.active(items.get(u), m)}
        found.append(scope)
    return found, frozenset(exclude)


def colleague(session: Session, name: str) -> Person | None:
    """The registered colleague of that name with a CalDAV identity, if there is one."""
    person = session.store.registers.person_named(" ".join(name.split()))
    return person if person is not None and person.caldav_url else None


# ---- sharing an item: the server first, then the store ----------------------------------------


def share(session: Session, item: Item, person: Person, new: dict, entry: tuple, write) -> Item:
    """Put `item` (as it will be with `new`, its 督办 log with `entry` (kind, who, note) added) into the
    collection shared with `person`, then `write(tx)` it here, in that order: a server that refuses
    leaves nothing changed (exit 5), and a store that cannot be written takes the object back."""
    if item.locked:
        raise Denied(f"#{item.id} 已加密，不能交办到与{person.name}共享的集合：那里的内容对方和服务器都看得到"
                     f"（先 bgs unlock {item.id}，或不用共享：交办给未登记 CalDAV 的名字）")
    from bangongshi.formats import caldav as codec
    from bangongshi.model.follow import FollowUp
    from bangongshi.services import sync_client as sync, sync_rules

    sync.libraries()
    scope = scope_of(session, person)
    future = replace(item, **new, updated=session.now)
    kind, who, note = entry
    log = [*session.store.follow.log_of(item.id), FollowUp(0, item.id, kind, session.now, None, who, note)]
    row = session.store.sync.all().get(item.uuid)
    here = row if row is not None and row.collection == scope.collection else None
    links = sync_rules.item_links_for_push(session, [item]).get(item.uuid, {})
    text = sync.calendar_text(codec.item_component(future, here.synced.encode() if here else None, log=log,
                                                    assigner=scope.me, **links))
    base = scope.collection.rstrip("/") + "/"
    href = here.href if here else sync.path(base + f"{item.uuid}.ics")
    etag = _put(scope, base, href, here, text, person, item)
    try:
        with session.write() as tx:
            saved = write(tx)
            session.store.shared.share(item.uuid, person.name, scope.collection, "assigner", session.now)
            session.store.sync.record(item.uuid, scope.collection, href, etag, text, session.now)
    except BaseException:
        if here is None:
            _quietly(lambda: _client(scope).delete(sync.absolute(base, href), {}))
        raise
    if row is not None and row.collection != scope.collection:
        _leave_personal(session, row)
    return saved


def _client(scope: Scope):
    from bangongshi.services import sync_client as sync

    return sync.client(scope.collection, scope.user, scope.password)


def _put(scope: Scope, base: str, href: str, here, text: str, person: Person, item: Item) -> str:
    """PUT the object; any refusal is the colleague's account or collection (exit 5, nothing changed)."""
    from bangongshi.services import sync_client as sync

    headers = {"Content-Type": "text/calendar; charset=utf-8"}
    headers.update({"If-Match": here.etag} if here and here.etag else {"If-None-Match": "*"})
    why = f"没有交办到与{person.name}共享的集合（{scope.collection}）"
    try:
        response = sync.guarded(lambda: _client(scope).put(sync.absolute(base, href), text, headers))
    except BgsError as problem:
        # The network's words end with advice for `bgs sync`; here the advice is about the colleague.
        cause = re.split(r"[：；，]?本地数据未改动", problem.message)[0]
        raise StorageError(f"{why}：{cause}；本地数据未改动，请核对 bgs people list 里{person.name}的 CalDAV 地址和账号") \
            from None
    if response.status == 412:
        raise StorageError(f"{why}：服务器上的 #{item.id} 刚被改过，先 bgs sync 再交办；本地数据未改动")
    if response.status not in (200, 201, 204):
        reason = {401: "用户名或密码不对", 403: "这个账号没有写入该集合的权限（服务器的 rights 设置）",
                  404: "集合不存在（账号或集合已删除？）", 409: "集合不存在（账号或集合已删除？）"}.get(
                      response.status, "服务器拒绝保存")
        raise StorageError(f"{why}：{reason}（HTTP {response.status}）；本地数据未改动，"
                           f"请核对 bgs people list 里{person.name}的 CalDAV 地址和账号")
    return response.headers.get("ETag", "") or ""


def _leave_personal(session: Session, row) -> None:
    """The item was in the personal collection: it now lives in the shared one only. If the server
    cannot be told now, the next `bgs sync` removes the stray copy (services/sync.py)."""
    from bangongshi.services import sync_client as sync

    def work():
        url, user = session.store.sync.get_meta("url"), session.store.sync.get_meta("user")
        client = sync.client(url, user, sync.password(url, user))
        base = row.collection.rstrip("/") + "/"
        client.delete(sync.absolute(base, row.href), {"If-Match": row.etag} if row.etag else {})

    if not _quietly(work):
        session.notice("个人集合里的旧副本暂未删除，下次 bgs sync 时删除")


def _quietly(work) -> bool:
    try:
        work()
        return True
    except Exception:  # best effort: the caller has said or will say what is left to do
        return False


# ---- what the ledger shows ------------------------------------------------------------------------


@dataclass(frozen=True)
class Marks:
    """What the 督办台账 says of a shared item (or of any item with a 延期 request pending)."""

    shared_with: str = ""
    changed_by: str | None = None  # "assigner" | "handler"
    changed_at: datetime | None = None
    state: rules.State | None = None
    asked: rules.Asked | None = None
    by_me: bool = False  # the last change was made on this machine


def marks(session: Session, items: list) -> dict[int, Marks]:
    """Per item id of `items` (records with id, handler, handoff_to), the marks of those shared or
    asking for 延期. An item I assigned and then gave to someone not shared is no longer marked: its row
    stays (an undo of that assign shares it again) but it has left the colleague's collection."""
    found: dict[int, Marks] = {}
    wanted = {item.id: item for item in items}
    for item_id, member in session.store.shared.by_item().items():
        item = wanted.get(item_id)
        if item is None:
            continue
        if member.side == "assigner" and member.deleted_at is None and \
                member.person not in (item.handler, item.handoff_to):
            continue
        here, there = ("assigner", "handler") if member.side == "assigner" else ("handler", "assigner")
        side = {"here": here, "there": there}.get(member.changed_side or "")
        found[item_id] = Marks(member.person, side, member.changed_at, rules.state(member.deleted_at, member.ticked_at),
                               by_me=member.changed_side == "here")
    for item_id, log in session.store.follow.extension_logs(sorted(wanted)).items():
        asked = rules.pending_extension(log)
        if asked is not None:
            found[item_id] = replace(found.get(item_id, Marks()), asked=asked)
    return found


def member_of(session: Session, item: Item) -> SharedItem | None:
    return session.store.shared.get(item.uuid)
