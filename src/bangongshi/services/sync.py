"""`bgs sync`: two-way sync of the items with the personal CalDAV collection, then with each collection
shared with a colleague (services/shared.py says what lives where; docs/sync.md).

The SQLite store stays the source of truth; the collection is the meeting point. A sync pulls first
(RFC 6578 sync-token where the server has one, else every ETag), merges each changed object three ways
against the component both sides last agreed on (store.sync), writes what came in as one journaled run
of the command `bgs sync` (so `bgs undo` takes it back), then pushes what changed here with If-Match /
If-None-Match, so an object changed on the server meanwhile is never overwritten (412: merged next time).
caldav, keyring and icalendar are imported here and in services/sync_client.py only: never on the path of
`bgs` or `bgs add`.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone

from bangongshi.errors import BadInput, BgsError, StorageError
from bangongshi.model import Folder, Item
from bangongshi.model.record import replace
from bangongshi.services.session import Session


from bangongshi.domain import sync_merge
from bangongshi.formats import caldav as codec
from bangongshi.services import sync_rules
# The connection (services/sync_client.py), under the names this module has always used.
from bangongshi.services.sync_client import (TIMEOUT_SECONDS, absolute as _absolute, calendar_text as _calendar_text,
                                             client as _client, guarded as _guarded, libraries as _libraries,
                                             password as _password, path as _path, short as _short)

# `sync.auto`: each request of the sync after a writing command; an unreachable server costs at most this.
AUTO_TIMEOUT_SECONDS = 3
UTC = timezone.utc
_ITEM_FIELDS = frozenset(Item._fields)


@dataclass
class SyncReport:
    dry_run: bool = False
    pulled_new: list[str] = field(default_factory=list)  # titles
    pulled_changed: list[str] = field(default_factory=list)
    pulled_deleted: list[str] = field(default_factory=list)
    pushed_new: list[str] = field(default_factory=list)
    pushed_changed: list[str] = field(default_factory=list)
    pushed_deleted: list[str] = field(default_factory=list)
    conflicts: list[tuple[str, str]] = field(default_factory=list)  # (title, field)
    malformed: list[str] = field(default_factory=list)  # hrefs and why
    waiting_result: list[int] = field(default_factory=list)  # ticked elsewhere, result still owed
    retry_later: list[str] = field(default_factory=list)  # 412: changed on the server meanwhile
    locked_skipped: int = 0
    locked_masked: int = 0  # locked items sent as a 「【密】事项」 placeholder (sync.masked)


# ---- the sync itself --------------------------------------------------------------------------


@dataclass
class _Remote:
    href: str
    etag: str
    text: str
    component: object
    uid: str
    kind: str = "item"  # or "rule": a recurring rule's own object (services/sync_rules.py)


def _settings(session: Session) -> tuple[str, str, str]:
    repo = session.store.sync
    url, user, collection = repo.get_meta("url"), repo.get_meta("user"), repo.get_meta("collection")
    if not (url and user and collection):
        raise BadInput("还没有设置同步：bgs sync setup URL --user 用户名")
    return url, user, collection


def sync(session: Session, dry_run: bool = False, timeout: float = TIMEOUT_SECONDS) -> SyncReport:
    """Each collection shared with a colleague (services/shared.py), then the personal one (`bgs sync
    setup`): an item lives in one of them only, and one that left a shared collection (an undone
    `bgs assign`) is taken off it before the personal one receives it."""
    from bangongshi.services import shared

    _libraries()
    report = SyncReport(dry_run=dry_run)
    others, _ = shared.scopes(session)
    repo = session.store.sync
    problem: BgsError | None = None
    for scope in others:
        try:
            _sync_collection(session, scope, report, dry_run, timeout)
        except BgsError as error:
            # The rest still syncs; this colleague's collection is named with its cause, at the end.
            error.message = f"与{scope.person.name}共享的集合：{error.message}"
            problem = problem or error
    if repo.get_meta("url") or not others:
        url, user, collection = _settings(session)
        _, exclude = shared.scopes(session)  # again: what the shared collections just brought lives there
        personal = shared.Scope(collection, user, _password(url, user), exclude=exclude)
        _sync_collection(session, personal, report, dry_run, timeout)
    if problem is not None:
        raise problem
    if not dry_run:
        with session.store.rewrite():
            session.store.sync.set_meta("last_sync", session.now.isoformat(timespec="seconds"))
    if report.malformed:
        # Everything else went through; the bad objects are named (exit 2) and stay on the server.
        raise BadInput("服务器上有无法读取的对象（未同步，其余已同步）：" + "；".join(report.malformed))
    return report


def _sync_collection(session: Session, scope, report: SyncReport, dry_run: bool, timeout: float) -> None:
    collection = scope.collection
    calendar = _guarded(lambda: _client(collection, scope.user, scope.password, timeout).calendar(url=collection))
    token = session.store.sync.get_meta(f"token:{collection}")
    known = {uuid: row for uuid, row in session.store.sync.all().items() if row.collection == collection}
    changed, deleted, new_token = _guarded(lambda: _pull(calendar, token, known, report, session))
    strays = _apply_pull(session, scope, changed, deleted, known, report, dry_run)
    if scope.person is not None:
        # Items the pull brought (assigned to me there) belong here from now on.
        scope.members = {u: m for u, m in session.store.shared.all().items() if m.collection == collection}
    if not dry_run and new_token:
        with session.store.rewrite():
            session.store.sync.set_meta(f"token:{collection}", str(new_token))
    _guarded(lambda: _push(session, calendar, scope, strays, report, dry_run))


def _pull(calendar, token, known, report, session) -> tuple[list[_Remote], list[str], object]:
    """Objects added or changed on the server since `token` (loaded only when their ETag is new),
    and the hrefs deleted there."""
    from caldav.elements import dav
    from caldav.lib import error

    result = calendar.get_objects_by_sync_token(sync_token=token, load_objects=False)
    etags = {row.href: row.etag for row in known.values()}
    changed: list[_Remote] = []
    gone: set[str] = set()  # listed, but not there when fetched (Radicale lists deleted members as 404s)
    for obj in _progress(session, list(result), "从服务器取回"):
        href = _path(str(obj.url))
        etag = (obj.props or {}).get(dav.GetEtag.tag) or ""
        if etag and etags.get(href) == etag:
            continue  # our own push, or nothing new
        try:
            obj.load()
        except error.NotFoundError:
            gone.add(href)
            continue
        remote = _parse(href, etag or "", obj.data)
        if isinstance(remote, str):
            report.malformed.append(remote)
        elif remote is not None:
            changed.append(remote)
    if token is None:
        # A full listing: what we knew and the server no longer lists was deleted there.
        listed = {_path(str(obj.url)) for obj in result} - gone - {_path(str(u)) for u in result.deleted_urls or ()}
        deleted = [row.href for row in known.values() if row.href not in listed]
    else:
        deleted = [_path(str(url)) for url in result.deleted_urls]
    return changed, deleted, result.sync_token


def _parse(href: str, etag: str, data) -> "_Remote | str | None":
    """The object's one VTODO or VEVENT, or why it cannot be read (a string)."""
    import icalendar

    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else str(data or "")
    try:
        parsed = icalendar.Calendar.from_ical(text)
        components = [c for c in parsed.walk() if c.name in ("VTODO", "VEVENT")]
    except (ValueError, KeyError, IndexError) as problem:
        return f"「{href.rsplit('/', 1)[-1]}」不是有效的 iCalendar（{_short(problem)}）"
    if not components:
        return None  # a journal entry or free/busy: nothing of ours
    component = components[0]
    uid = str(component.get("UID") or "")
    if uid and sync_rules.is_rule_object(component):
        try:
            sync_rules.check_rule(component)
        except (ValueError, KeyError, TypeError, AttributeError, BadInput) as problem:
            return f"「{href.rsplit('/', 1)[-1]}」（{uid}）的周期规则无法读取（{_short(problem)}）"
        return _Remote(href, etag, text, component, uid, "rule")
    if not uid or component.get("RRULE"):
        return None if uid else f"「{href.rsplit('/', 1)[-1]}」没有 UID"
    try:
        codec.item_fields(component)
        codec.item_log(component)  # read now: a bad entry names its object instead of stopping the pull
    except (ValueError, KeyError, TypeError, AttributeError, BadInput) as problem:
        return f"「{href.rsplit('/', 1)[-1]}」（{uid}）的字段无法读取（{_short(problem)}）"
    return _Remote(href, etag, text, component, uid)


def _office_times(values: dict, session) -> dict:
    """Moments from the server (the codec reads them in UTC) in the office's zone, as the store keeps
    them; the instant is the same, so comparing is unaffected."""
    zone = session.now.tzinfo
    return {k: v.astimezone(zone) if isinstance(v, datetime) and v.tzinfo else v for k, v in values.items()}


def _fields_of(text: str) -> dict:
    import icalendar

    for component in icalendar.Calendar.from_ical(text).walk():
        if component.name in ("VTODO", "VEVENT"):
            return codec.item_fields(component)
    return {}


def _local_fields(item: Item, kept: str | None) -> dict:
    return codec.item_fields(codec.item_component(item, kept.encode() if kept else None))


def _apply_pull(session, scope, changed, deleted, known, report, dry_run) -> list[str]:
    """Write what came from the server as one run by "sync"; the hrefs of stray copies (an item that
    now lives in a shared collection, still in the personal one) for the push to delete."""
    by_href = {row.href: uuid for uuid, row in known.items()}
    touched = {remote.uid for remote in changed}
    strays: list[str] = []
    try:
        _write_pull(session, scope, changed, deleted, known, report, dry_run, by_href, touched, strays)
    except _DryRun:
        pass  # everything the dry run wrote is rolled back
    return strays


def _write_pull(session, scope, changed, deleted, known, report, dry_run, by_href, touched, strays) -> None:
    from bangongshi.domain import shared as sharing

    store = session.store
    collection = scope.collection
    # Journaled as a run of the command `bgs sync` (actor "user", so `bgs undo` takes it back):
    # widening runs.actor would mean copying the journal's table under its foreign keys.
    with store.write(session.command, session.now) as tx:
        local = store.items.by_uuids([r.uid for r in changed] + [by_href[h] for h in deleted if h in by_href])
        for remote in sorted(changed, key=sync_rules.pull_order):
            row = known.get(remote.uid)
            if remote.kind == "rule":
                if scope.person is not None:
                    continue  # recurring rules live in the personal collection only
                sync_rules.pull_rule(session, tx, remote, row, report, dry_run)
                if not dry_run:
                    store.sync.record(remote.uid, collection, remote.href, remote.etag, remote.text, session.now)
                continue
            item = local.get(remote.uid)
            member = scope.members.get(remote.uid)
            if scope.person is None and remote.uid in scope.exclude:
                strays.append(remote.href)  # it lives in a shared collection now
                continue
            if scope.person is not None and item is not None and not scope.active(item, member):
                continue  # one of mine that is not (or no longer) shared with this colleague
            remote_fields = codec.item_fields(remote.component)
            if item is not None and item.locked:
                continue  # a locked item is not synced; the server's copy is not applied to it
            if item is None and codec.object_kind(remote.component) == codec.MASKED_OBJECT:
                continue  # another machine's locked item: a slot, not an item to make here
            handler_side = scope.handler_side(remote.uid)
            if item is None and handler_side and _someone_elses(remote_fields, scope.me):
                # A team's collection: assigned to a colleague of mine, not to me. Said, so that a name
                # written differently (教育科张三 for 张三) is seen rather than silently missed.
                session.notice(f"与{scope.person.name}共享的集合里「{remote_fields.get('title', '')}」交办给"
                               f"{remote_fields.get('handler') or remote_fields.get('handoff_to')}，"
                               f"不是本机的 me.name（{scope.me}），没有取回")
                continue
            if item is None:
                if row is not None and _fields_of(row.synced) == remote_fields:
                    continue  # deleted here, unchanged there: the push deletes it on the server
                report.pulled_new.append(remote_fields.get("title", ""))
                if not dry_run:
                    values = {k: v for k, v in _office_times(remote_fields, session).items()
                              if k in _ITEM_FIELDS and k != "id"}
                    values.update(uuid=remote.uid, created=values.get("created") or session.now, updated=session.now)
                    values.update(sync_rules.new_item_links(session, remote.component))
                    if handler_side:
                        # Assigned to me by the colleague: 交办人 is she (her `me.name`, else her name here).
                        assigner = codec.item_assigner(remote.component) or scope.person.name
                        values.update(sharing.handler_view(values, assigner))
                    _pull_log(session, tx, store.items.add(tx, Item(**values)), remote.component)
                    if handler_side:
                        store.shared.share(remote.uid, scope.person.name, collection, "handler", session.now)
                        store.shared.changed(remote.uid, "there", _changed_at(session, remote_fields, remote.component))
            else:
                base = _fields_of(row.synced) if row else None
                came = False
                if base != remote_fields:
                    came = _merge_into(session, tx, item, base, remote_fields, report, dry_run, scope)
                came = _pull_log(session, tx, item.id, remote.component) or came
                if came and scope.person is not None and not dry_run:
                    store.shared.changed(remote.uid, "there", _changed_at(session, remote_fields, remote.component))
            if not dry_run:
                store.sync.record(remote.uid, collection, remote.href, remote.etag, remote.text, session.now)
        for href in deleted:
            uuid = by_href.get(href)
            if uuid is None or uuid in touched:
                continue
            item = local.get(uuid)
            row = known[uuid]
            if scope.person is None and item is None and \
                    sync_rules.pull_rule_deleted(session, tx, uuid, row, report, dry_run):
                if not dry_run:
                    store.sync.forget(uuid)
                continue
            member = scope.members.get(uuid)
            if item is not None and member is not None and member.side == "assigner":
                # The handler deleted it: my copy stays, marked, and is no longer sent to him.
                session.notice(f"#{item.id}「{item.title}」已被承办人{member.person}删除，本机保留，"
                               f"在督办台账中标为「承办人已删除」")
                if not dry_run:
                    store.shared.deleted(uuid, session.now)
                    store.sync.forget(uuid)
                continue
            if item is not None and not item.locked:
                if _local_fields(item, row.synced) != _fields_of(row.synced):
                    # Edited here since: keep it, and it goes back to the server as a new object.
                    if not dry_run:
                        store.sync.forget(uuid)
                    continue
                report.pulled_deleted.append(item.title)
                if not dry_run:
                    store.items.delete(tx, item.id)  # journaled: `bgs undo` brings it back
            if not dry_run:
                store.sync.forget(uuid)
                if member is not None:
                    store.shared.forget(uuid)
        if dry_run:
            raise _DryRun()


def _someone_elses(fields: dict, me: str) -> bool:
    """Whether a new object in a shared collection is for another member of the team (its 承办人 or the
    one it is handed to is named, and it is not me, `me.name`)."""
    named = fields.get("handler") or fields.get("handoff_to") or ""
    return bool(me and named and named != me)


def _changed_at(session, fields: dict, component) -> datetime:
    """When the other side last changed a shared item: its edit, or its newest 督办 entry (a progress
    note changes no field), in the office's zone."""
    moments = [fields["updated"]] if fields.get("updated") else []
    moments += [entry["at"] for entry in codec.item_log(component)]
    return max(moments).astimezone(session.now.tzinfo) if moments else session.now


class _DryRun(Exception):
    pass


def _merge_into(session, tx, item: Item, base, remote_fields: dict, report: SyncReport, dry_run: bool,
                scope=None) -> bool:
    """Merge the server's copy into `item`; whether anything of it came in."""
    from bangongshi.domain import shared as sharing

    local_fields = codec.item_fields(codec.item_component(item))
    shared_with = scope.person if scope is not None else None
    if shared_with is not None and scope.handler_side(item.uuid):
        # The assigner's own fields (her leader, her cadence…) are hers: the handler's copy keeps its own.
        base, local_fields, remote_fields = map(sharing.without_projected, (base, local_fields, remote_fields))
    merged = sync_merge.merge(base, local_fields, remote_fields)
    values = {k: v for k, v in _office_times(merged.values, session).items()
              if k in _ITEM_FIELDS and getattr(item, k) != v}
    ticked = values.get("folder") is Folder.DONE and (item.report_required or item.handler) \
        and not merged.values.get("result")
    if ticked:
        # Ticked on a phone, but a 督办 item owes its result: it stays open and asks for it.
        values.pop("folder", None)
        values.pop("done_at", None)
        report.waiting_result.append(item.id)
        session.notice(f"#{item.id}「{item.title}」在其他客户端标记为完成，但需要办理结果："
                       f"bgs done {item.id} --result 结果" + (f"（或 bgs nudge {item.id} 请{shared_with.name}补报结果）"
                                                             if shared_with is not None else ""))
    if shared_with is not None and not dry_run:
        if ticked:
            session.store.shared.ticked(item.uuid, remote_fields.get("done_at") or session.now)
        elif merged.values.get("result") or not item.is_open:
            session.store.shared.ticked(item.uuid, None)
    for conflict in merged.conflicts:
        report.conflicts.append((item.title, conflict.field))
        if not dry_run:
            session.store.sync.add_conflict(item.uuid, conflict.field, _shown(conflict.local), _shown(conflict.remote),
                                            conflict.kept, session.now)
    if not values:
        return ticked
    report.pulled_changed.append(item.title)
    if not dry_run:
        # `updated` is the merged one (the later edit of the two sides), not this sync's moment: two
        # machines whose clocks differ would otherwise each make the item "newer" and push it back and forth.
        session.store.items.update(tx, replace(item, **values))
    return True


def _shown(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "label"):
        return value.label
    if isinstance(value, tuple):
        return "、".join(map(str, value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    return str(value)


def _push(session, calendar, scope, strays, report, dry_run) -> None:
    """Send what changed here since the last agreement; record each success as it happens."""
    from bangongshi.domain import shared as sharing

    store = session.store
    collection = scope.collection
    known = {uuid: row for uuid, row in store.sync.all().items() if row.collection == collection}
    items = store.items.query(_all_items())
    personal = scope.person is None
    if personal:
        items = [item for item in items if item.uuid not in scope.exclude]
    else:
        items = [item for item in items if scope.active(item, scope.members.get(item.uuid))]
    here = {item.uuid for item in items} | (sync_rules.rule_uuids(session) if personal else set())
    links = sync_rules.item_links_for_push(session, items)
    done: list[tuple[str, str, str, str]] = []  # (uuid, href, etag, text)
    gone: list[str] = []
    sent: list[tuple[str, datetime]] = []  # shared items whose change here was sent: (uuid, when)
    client = calendar.client
    base = str(calendar.url).rstrip("/") + "/"
    try:
        for href in strays:
            if not dry_run:
                _delete(client, _Stray(href), base)
        for item in _progress(session, items, "同步到服务器"):
            row = known.get(item.uuid)
            masked = item.locked and _masked(session)
            if item.locked and not masked:
                report.locked_skipped += 1
                if row is not None:  # synced before it was locked: its text leaves the server
                    report.pushed_deleted.append("【密】事项")
                    if not dry_run:
                        _delete(client, row, base)
                        gone.append(item.uuid)
                continue
            log = () if item.locked else store.follow.log_of(item.id)
            sending = item
            if not personal and scope.handler_side(item.uuid) and row is not None:
                # The handler's copy sends back the assigner's own fields as she last sent them.
                sending = replace(item, **sharing.assigner_values(_fields_of(row.synced)))
            if masked:
                text = _calendar_text(codec.masked_component(item))
                if row is not None and row.synced == text:
                    continue
                report.locked_masked += 1
            elif row is not None and _local_fields(sending, row.synced) == _fields_of(row.synced) \
                    and not _log_changed(log, row.synced):
                continue
            else:
                (report.pushed_changed if row else report.pushed_new).append(item.title)
            if dry_run:
                continue
            if not masked:
                assigner = scope.me if not personal and not scope.handler_side(item.uuid) else ""
                text = _calendar_text(codec.item_component(sending, row.synced.encode() if row else None, log=log,
                                                           assigner=assigner, **links.get(item.uuid, {})))
            before = len(done)
            _put_object(client, base, item.uuid, codec.MASK_TITLE if masked else item.title, text, row, report, done,
                        counted=not masked)
            if not personal and len(done) > before:
                sent.append((item.uuid, max([item.updated or session.now, *(e.at for e in log)])))
        for uuid, title, text in (sync_rules.rules_to_push(session, known) if personal else ()):
            row = known.get(uuid)
            (report.pushed_changed if row else report.pushed_new).append(title)
            if not dry_run:
                _put_object(client, base, uuid, title, text, row, report, done)
        for uuid, row in known.items():
            if uuid not in here:
                report.pushed_deleted.append(_fields_of(row.synced).get("title", uuid))
                if not dry_run:
                    _delete(client, row, base)
                    gone.append(uuid)
    finally:
        if done or gone:
            with store.rewrite():
                for uuid, href, etag, text in done:
                    store.sync.record(uuid, collection, href, etag, text, session.now)
                for uuid in gone:
                    store.sync.forget(uuid)
                for uuid, when in sent:
                    store.shared.changed(uuid, "here", when)


@dataclass
class _Stray:
    href: str
    etag: str = ""


def _put_object(client, base, uuid, title, text, row, report, done, counted: bool = True) -> None:
    """PUT one object, never over a copy changed on the server meanwhile (412: merged next time)."""
    href = row.href if row else _path(base + f"{uuid}.ics")
    headers = {"Content-Type": "text/calendar; charset=utf-8"}
    headers.update({"If-Match": row.etag} if row and row.etag else {"If-None-Match": "*"})
    response = client.put(_absolute(base, href), text, headers)
    if response.status == 412:
        if counted:  # a placeholder is not listed among the pushed items
            (report.pushed_changed if row else report.pushed_new).remove(title)
        report.retry_later.append(title)
        return
    _check(response, title)
    done.append((uuid, href, response.headers.get("ETag", "") or "", text))


def _masked(session) -> bool:
    """`sync.masked: true`: a locked item travels as its placeholder (times only) instead of not at all."""
    settings = session.settings
    return bool(settings is not None and settings.sync.masked)


def _log_key(kind, at, channel, who, note) -> tuple:
    # Seconds in UTC: what X-BANGONGSHI-LOG keeps of the moment.
    return (kind, at.astimezone(UTC).replace(microsecond=0), channel or None, who or "", note or "")


def _entry_key(entry: dict) -> tuple:
    return _log_key(entry["kind"], entry["at"], entry.get("channel"), entry.get("who"), entry.get("note"))


def _log_changed(log, synced: str) -> bool:
    """Whether the item's 督办 log differs from the one in the component both sides last agreed on."""
    import icalendar

    here = {_log_key(e.kind, e.at, e.channel, e.who, e.note) for e in log}
    for component in icalendar.Calendar.from_ical(synced).walk():
        if component.name in ("VTODO", "VEVENT"):
            return here != {_entry_key(e) for e in codec.item_log(component)}
    return bool(here)


def _pull_log(session, tx, item_id: int, component) -> bool:
    """Add the 督办 entries the server's copy has and this item lacks (journaled with the sync run).
    Entries are only ever added: two sides that each noted progress end with both notes, and an entry
    removed by another client is not removed here (a nudge or progress note is never lost). Whether
    any came."""
    follow = session.store.follow
    here = {_log_key(e.kind, e.at, e.channel, e.who, e.note) for e in follow.log_of(item_id)}
    added = False
    for entry in codec.item_log(component):
        key = _entry_key(entry)
        if key not in here and entry.get("kind") in FOLLOW_KINDS:
            here.add(key)
            added = True
            follow.record(tx, item_id, entry["kind"], entry["at"].astimezone(session.now.tzinfo),
                          entry.get("channel"), entry.get("who") or "", entry.get("note") or "")
            if entry["kind"] == "extend":
                # A 延期 request waits on the one who assigned it: say so where she will see it.
                session.notice(f"#{item_id} {entry.get('who') or '承办人'}申请{entry.get('note') or '延期'}"
                               f"（bgs extend {item_id} --approve 或 --refuse）")
            elif entry["kind"] in ("extend_ok", "extend_no"):
                session.notice(f"#{item_id} {entry.get('who') or '交办人'}"
                               f"{'同意' if entry['kind'] == 'extend_ok' else '不同意'}延期：{entry.get('note') or ''}")
    return added


# The 督办 log kinds the store holds (schema_v19.sql): an entry of a kind a newer bgs writes is skipped.
FOLLOW_KINDS = ("assign", "nudge", "progress", "report", "handoff", "ack", "extend", "extend_ok", "extend_no")


def _all_items():
    from bangongshi.model import ItemFilter

    return ItemFilter(folders=tuple(Folder))


def _check(response, title: str) -> None:
    if response.status in (200, 201, 204):
        return
    if response.status == 507:
        raise StorageError(f"CalDAV 服务器空间不足（507），「{title}」及之后的事项没有上传；已上传的已记下，下次 bgs sync 继续")
    raise StorageError(f"CalDAV 服务器拒绝保存「{title}」（HTTP {response.status}）；下次 bgs sync 再试")


def _delete(client, row, base: str) -> None:
    headers = {"If-Match": row.etag} if row.etag else {}
    response = client.delete(_absolute(base, row.href), headers)
    if response.status not in (200, 204, 404, 412):
        raise StorageError(f"CalDAV 服务器没有删除对象（HTTP {response.status}）；下次 bgs sync 再试")


# ---- the flow: a bar at any size, the sync after each writing command ---------------------------


def _progress(session: Session, objects: list, description: str):
    """`objects` with a bar on a terminal however few there are: unlike a local import, each one may
    wait on the network, so even a short sync can take long enough to want one."""
    return session.tracked(objects, len(objects), description, least=1)


@dataclass
class AutoSync:
    report: SyncReport | None  # None: it did not finish
    problem: str = ""  # why not, in the user's words


def auto_sync(session: Session) -> AutoSync | None:
    """`sync.auto: true`: after a command that wrote something, one sync whose every request is
    bounded by AUTO_TIMEOUT_SECONDS. Its failure is not the command's: what the command changed is
    saved and is pushed by the next sync, so the problem is returned to be said, never raised.
    None when there was nothing to do (auto off, nothing written)."""
    settings = session.settings
    if settings is None or not settings.sync.auto or not session.store.runs_written:
        return None
    try:
        return AutoSync(sync(session, timeout=AUTO_TIMEOUT_SECONDS))
    except BgsError as problem:
        # The sync's own messages end by saying the local data is untouched; here the command's
        # change was saved, so only the cause is kept.
        return AutoSync(None, re.split(r"[：；，]?(?:本地数据未改动|本机数据未改动)", problem.message)[0])
