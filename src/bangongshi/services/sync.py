"""`bgs sync`: two-way sync of the items with one CalDAV collection (docs/sync.md).

The SQLite store stays the source of truth; the collection is the meeting point. A sync pulls first
(RFC 6578 sync-token where the server has one, else every ETag), merges each changed object three ways
against the component both sides last agreed on (store.sync), writes what came in as one journaled run
of the command `bgs sync` (so `bgs undo` takes it back), then pushes what changed here with If-Match /
If-None-Match, so an object changed on the server meanwhile is never overwritten (412: merged next time).
caldav, keyring and icalendar are imported here only: never on the path of `bgs` or `bgs add`.
"""

import os
import re
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from urllib.parse import unquote, urlparse

from bangongshi.errors import BadInput, BgsError, Denied, StorageError
from bangongshi.model import Folder, Item
from bangongshi.services.session import Session


from bangongshi.domain import sync_merge
from bangongshi.formats import caldav as codec
from bangongshi.services import sync_rules

PASSWORD_ENV = "BANGONGSHI_CALDAV_PASSWORD"
KEYRING_SERVICE = "bangongshi-caldav"
TIMEOUT_SECONDS = 15
# `sync.auto`: each request of the sync after a writing command; an unreachable server costs at most this.
AUTO_TIMEOUT_SECONDS = 3
COLLECTION_NAME = "办公室助手"
UTC = timezone.utc


@dataclass
class SetupResult:
    url: str
    user: str
    collection: str
    password_kept: str  # "keyring" or "env"


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


# ---- setup and the password -------------------------------------------------------------------


def _libraries() -> None:
    """caldav and keyring come with the `sync` extra (pyproject.toml says why it is not a base one)."""
    import importlib

    for name in ("caldav", "keyring"):
        try:
            importlib.import_module(name)
        except ImportError:
            raise BadInput(f"同步需要另外安装 CalDAV 组件：pip install 'bangongshi[sync]'（缺少 {name}）") from None


def setup(session: Session, url: str, user: str, ask_password=None) -> SetupResult:
    """Find (or make) the collection behind `url` as `user`, keep the password, remember where."""
    if not url.startswith(("http://", "https://")):
        raise BadInput(f"CalDAV 地址应以 http:// 或 https:// 开头，收到「{url}」")
    _libraries()
    password, kept = _password_for_setup(url, user, ask_password)
    calendar = _guarded(lambda: _find_collection(url, user, password))
    if kept == "keyring":
        import keyring

        keyring.set_password(KEYRING_SERVICE, _account(url, user), password)
    with session.store.write(session.command, session.now) as _:
        repo = session.store.sync
        repo.set_meta("url", url)
        repo.set_meta("user", user)
        repo.set_meta("collection", str(calendar.url))
    return SetupResult(url, user, str(calendar.url), kept)


def _account(url: str, user: str) -> str:
    return f"{user}@{url}"


def _keyring_usable() -> bool:
    import keyring
    from keyring.backends import fail

    try:
        return not isinstance(keyring.get_keyring(), fail.Keyring)
    except Exception:  # a broken backend configuration is no backend
        return False


NO_PASSWORD = (f"没有 CalDAV 密码：在终端运行 bgs sync setup 时输入（保存在系统钥匙串），"
               f"或设置环境变量 {PASSWORD_ENV}（较弱：环境变量可被同一用户的其他程序读到）")


def _password_for_setup(url: str, user: str, ask_password) -> tuple[str, str]:
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env:
        return from_env, "env"
    if ask_password is None:
        raise BadInput(NO_PASSWORD)
    if not _keyring_usable():
        raise BadInput(f"本机没有可用的系统钥匙串（keyring），不能保存密码；请设置环境变量 {PASSWORD_ENV}")
    return ask_password(), "keyring"


def _password(url: str, user: str) -> str:
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env:
        return from_env
    if _keyring_usable():
        import keyring

        kept = keyring.get_password(KEYRING_SERVICE, _account(url, user))
        if kept:
            return kept
    raise BadInput(NO_PASSWORD)


def _client(url: str, user: str, password: str, timeout: float = TIMEOUT_SECONDS):
    import caldav

    return caldav.DAVClient(url=url, username=user, password=password, timeout=timeout)


def _find_collection(url: str, user: str, password: str):
    """The collection at `url` if it is one, else the principal's collection for bgs (made if missing)."""
    from caldav.lib import error

    client = _client(url, user, password)
    try:
        principal = client.principal()
        calendars = principal.calendars()
    except error.AuthorizationError:
        raise
    except error.DAVError:
        return client.calendar(url=url)  # not discoverable from here: take the URL as the collection
    wanted = _path(url)
    for calendar in calendars:
        if _path(str(calendar.url)) == wanted:
            return calendar
    for calendar in calendars:
        if calendar.get_display_name() == COLLECTION_NAME:
            return calendar
    return principal.make_calendar(name=COLLECTION_NAME, supported_calendar_component_set=["VTODO", "VEVENT"])


def _path(url: str) -> str:
    """A URL's path as the server names a member: hrefs come back relative, quoted or not."""
    return unquote(urlparse(url).path).rstrip("/")


# ---- errors of the network, as the user's words -------------------------------------------------


def _guarded(work):
    """Run `work` (network); a server that cannot be reached, refuses us or answers oddly is a
    message and an exit code, never a traceback; what the store holds is untouched."""
    from caldav.lib import error

    try:
        return work()
    except error.AuthorizationError:
        raise Denied("CalDAV 服务器拒绝了用户名或密码（401/403）：重新运行 bgs sync setup，"
                     f"或检查环境变量 {PASSWORD_ENV}；本地数据未改动") from None
    except error.DAVError as problem:
        raise StorageError(f"CalDAV 服务器出错：{_short(problem)}；本地数据未改动，下次 bgs sync 再试") from None
    except (OSError, ValueError) as problem:
        raise _unreachable(problem) from None
    except Exception as problem:
        # niquests' own exceptions (connection refused, timeout) do not share a base with OSError.
        if type(problem).__module__.startswith(("niquests", "requests", "urllib3")):
            raise _unreachable(problem) from None
        raise


def _unreachable(problem: Exception) -> StorageError:
    return StorageError(f"连不上 CalDAV 服务器（{_short(problem)}）：本地数据未改动，联网后再运行 bgs sync")


def _short(problem: Exception) -> str:
    text = str(problem).strip().splitlines()
    return (text[0] if text else type(problem).__name__)[:200]


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
    _libraries()
    url, user, collection = _settings(session)
    password = _password(url, user)
    report = SyncReport(dry_run=dry_run)
    calendar = _guarded(lambda: _client(url, user, password, timeout).calendar(url=collection))
    token = session.store.sync.get_meta(f"token:{collection}")
    known = session.store.sync.all()
    changed, deleted, new_token = _guarded(lambda: _pull(calendar, token, known, report, session))
    remote_uids = _apply_pull(session, collection, changed, deleted, known, report, dry_run)
    if not dry_run and new_token:
        with session.store.rewrite():
            session.store.sync.set_meta(f"token:{collection}", str(new_token))
    _guarded(lambda: _push(session, calendar, collection, remote_uids, report, dry_run))
    if not dry_run:
        with session.store.rewrite():
            session.store.sync.set_meta("last_sync", session.now.isoformat(timespec="seconds"))
    if report.malformed:
        # Everything else went through; the bad objects are named (exit 2) and stay on the server.
        raise BadInput("服务器上有无法读取的对象（未同步，其余已同步）：" + "；".join(report.malformed))
    return report


def _pull(calendar, token, known, report, session) -> tuple[list[_Remote], list[str], object]:
    """Objects added or changed on the server since `token` (loaded only when their ETag is new),
    and the hrefs deleted there."""
    from caldav.elements import dav
    from caldav.lib import error

    result = calendar.get_objects_by_sync_token(sync_token=token, load_objects=False)
    etags = {row.href: row.etag for row in known.values()}
    changed: list[_Remote] = []
    for obj in _progress(session, list(result), "从服务器取回"):
        href = _path(str(obj.url))
        etag = (obj.props or {}).get(dav.GetEtag.tag) or ""
        if etag and etags.get(href) == etag:
            continue  # our own push, or nothing new
        try:
            obj.load()
        except error.NotFoundError:
            continue
        remote = _parse(href, etag or "", obj.data)
        if isinstance(remote, str):
            report.malformed.append(remote)
        elif remote is not None:
            changed.append(remote)
    if token is None:
        # A full listing: what we knew and the server no longer lists was deleted there.
        listed = {_path(str(obj.url)) for obj in result}
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


def _apply_pull(session, collection, changed, deleted, known, report, dry_run) -> set[str]:
    """Write what came from the server as one run by "sync"; the uuids the server now has."""
    by_href = {row.href: uuid for uuid, row in known.items()}
    touched = {remote.uid for remote in changed}
    try:
        _write_pull(session, collection, changed, deleted, known, report, dry_run, by_href, touched)
    except _DryRun:
        pass  # everything the dry run wrote is rolled back
    return set(known) | touched


def _write_pull(session, collection, changed, deleted, known, report, dry_run, by_href, touched) -> None:
    store = session.store
    # Journaled as a run of the command `bgs sync` (actor "user", so `bgs undo` takes it back):
    # widening runs.actor would mean copying the journal's table under its foreign keys.
    with store.write(session.command, session.now) as tx:
        local = store.items.by_uuids([r.uid for r in changed] + [by_href[h] for h in deleted if h in by_href])
        for remote in sorted(changed, key=sync_rules.pull_order):
            row = known.get(remote.uid)
            if remote.kind == "rule":
                sync_rules.pull_rule(session, tx, remote, row, report, dry_run)
                if not dry_run:
                    store.sync.record(remote.uid, collection, remote.href, remote.etag, remote.text, session.now)
                continue
            item = local.get(remote.uid)
            remote_fields = codec.item_fields(remote.component)
            if item is not None and item.locked:
                continue  # a locked item is not synced; the server's copy is not applied to it
            if item is None and codec.object_kind(remote.component) == codec.MASKED_OBJECT:
                continue  # another machine's locked item: a slot, not an item to make here
            if item is None:
                if row is not None and _fields_of(row.synced) == remote_fields:
                    continue  # deleted here, unchanged there: the push deletes it on the server
                report.pulled_new.append(remote_fields.get("title", ""))
                if not dry_run:
                    values = {k: v for k, v in _office_times(remote_fields, session).items()
                              if k in Item.__dataclass_fields__ and k != "id"}
                    values.update(uuid=remote.uid, created=values.get("created") or session.now, updated=session.now)
                    values.update(sync_rules.new_item_links(session, remote.component))
                    _pull_log(session, tx, store.items.add(tx, Item(**values)), remote.component)
            else:
                base = _fields_of(row.synced) if row else None
                if base == remote_fields:
                    pass  # unchanged on the server: anything changed here is pushed
                else:
                    _merge_into(session, tx, item, base, remote_fields, report, dry_run)
                _pull_log(session, tx, item.id, remote.component)
            if not dry_run:
                store.sync.record(remote.uid, collection, remote.href, remote.etag, remote.text, session.now)
        for href in deleted:
            uuid = by_href.get(href)
            if uuid is None or uuid in touched:
                continue
            item = local.get(uuid)
            row = known[uuid]
            if item is None and sync_rules.pull_rule_deleted(session, tx, uuid, row, report, dry_run):
                if not dry_run:
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
        if dry_run:
            raise _DryRun()


class _DryRun(Exception):
    pass


def _merge_into(session, tx, item: Item, base, remote_fields: dict, report: SyncReport, dry_run: bool) -> None:
    local_fields = codec.item_fields(codec.item_component(item))
    merged = sync_merge.merge(base, local_fields, remote_fields)
    values = {k: v for k, v in _office_times(merged.values, session).items()
              if k in Item.__dataclass_fields__ and getattr(item, k) != v}
    if values.get("folder") is Folder.DONE and (item.report_required or item.handler) and not merged.values.get("result"):
        # Ticked on a phone, but a 督办 item owes its result: it stays open and asks for it.
        values.pop("folder", None)
        values.pop("done_at", None)
        report.waiting_result.append(item.id)
        session.notice(f"#{item.id}「{item.title}」在其他客户端标记为完成，但需要办理结果："
                       f"bgs done {item.id} --result 结果")
    for conflict in merged.conflicts:
        report.conflicts.append((item.title, conflict.field))
        if not dry_run:
            session.store.sync.add_conflict(item.uuid, conflict.field, _shown(conflict.local), _shown(conflict.remote),
                                            conflict.kept, session.now)
    if not values:
        return
    report.pulled_changed.append(item.title)
    if not dry_run:
        # `updated` is the merged one (the later edit of the two sides), not this sync's moment: two
        # machines whose clocks differ would otherwise each make the item "newer" and push it back and forth.
        session.store.items.update(tx, replace(item, **values))


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


def _calendar_text(component) -> str:
    import icalendar

    wrapper = icalendar.Calendar()
    wrapper.add("PRODID", "-//bangongshi//bgs sync//ZH")
    wrapper.add("VERSION", "2.0")
    wrapper.add_component(component)
    return wrapper.to_ical().decode("utf-8")


def _push(session, calendar, collection, remote_uids, report, dry_run) -> None:
    """Send what changed here since the last agreement; record each success as it happens."""
    store = session.store
    known = store.sync.all()
    items = store.items.query(_all_items())
    here = {item.uuid for item in items} | sync_rules.rule_uuids(session)
    links = sync_rules.item_links_for_push(session, items)
    done: list[tuple[str, str, str, str]] = []  # (uuid, href, etag, text)
    gone: list[str] = []
    client = calendar.client
    base = str(calendar.url).rstrip("/") + "/"
    try:
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
            if masked:
                text = _calendar_text(codec.masked_component(item))
                if row is not None and row.synced == text:
                    continue
                report.locked_masked += 1
            elif row is not None and _local_fields(item, row.synced) == _fields_of(row.synced) \
                    and not _log_changed(log, row.synced):
                continue
            else:
                (report.pushed_changed if row else report.pushed_new).append(item.title)
            if dry_run:
                continue
            if not masked:
                text = _calendar_text(codec.item_component(item, row.synced.encode() if row else None, log=log,
                                                           **links.get(item.uuid, {})))
            _put_object(client, base, item.uuid, codec.MASK_TITLE if masked else item.title, text, row, report, done,
                        counted=not masked)
        for uuid, title, text in sync_rules.rules_to_push(session, known):
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


def _pull_log(session, tx, item_id: int, component) -> None:
    """Add the 督办 entries the server's copy has and this item lacks (journaled with the sync run).
    Entries are only ever added: two sides that each noted progress end with both notes, and an entry
    removed by another client is not removed here (a nudge or progress note is never lost)."""
    follow = session.store.follow
    here = {_log_key(e.kind, e.at, e.channel, e.who, e.note) for e in follow.log_of(item_id)}
    for entry in codec.item_log(component):
        key = _entry_key(entry)
        if key not in here:
            here.add(key)
            follow.record(tx, item_id, entry["kind"], entry["at"].astimezone(session.now.tzinfo),
                          entry.get("channel"), entry.get("who") or "", entry.get("note") or "")


def _all_items():
    from bangongshi.model import ItemFilter

    return ItemFilter(folders=tuple(Folder))


def _absolute(base: str, href: str) -> str:
    parsed = urlparse(base)
    return f"{parsed.scheme}://{parsed.netloc}{href}"


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


# ---- status and conflicts ---------------------------------------------------------------------


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


def item_conflicts(session: Session, items: list[Item], unlock: bool = False) -> dict[str, list]:
    """The sync conflicts kept for these items, by uuid (`bgs show`). A locked item's are shown with
    their values masked unless unlocked: they were recorded in plain text before the lock."""
    found = session.store.sync.conflicts_of([item.uuid for item in items])
    locked = {item.uuid for item in items if item.locked and not unlock}
    return {uuid: [replace(c, local="【密】" if c.local else "", remote="【密】" if c.remote else "", title="")
                   if uuid in locked else c for c in rows] for uuid, rows in found.items()}
