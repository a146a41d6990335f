"""Locked items at rest (P2).

A locked item's text fields are sealed together with AES-GCM under a key derived from the
passphrase by scrypt; the plain columns then hold masks (「【密】事项 #12」, 「【密】"). Whatever was
written in the clear before the lock (the item's journal snapshots, its follow-up notes and slips,
the command lines that touched it) is rewritten in the same transaction, with `secure_delete` on so
freed space is zeroed, and the WAL is truncated after the commit.

Each sealed value names the key version it was sealed under (`v2:3:…`) and is bound, in the AEAD's
associated data, to its row (an item's uuid, a follow-up's or slip's id): a value moved to another
row, or sealed under a key the store no longer holds, fails to open instead of showing wrong text.
Values of the first format (`v1:`, bound to the entity name only) still open; they are sealed again
in the current format the first time the passphrase is given.

`cryptography` is imported only here and only when a sealed value is made or opened.
"""

import base64
import json
import os
import re
import sqlite3

from bangongshi.errors import Denied, PassphraseNeeded, StorageError, WrongPassphrase

SEALED_FIELDS = {
    "item": ("title", "notes", "result", "location", "source", "handler", "handoff_to"),
    "follow_up": ("who", "note"),
    "slip": ("text",),
}
# Rows that hang on an item (item_id) and follow its lock: sealed while the item is.
CHILDREN = {"follow_up": "follow_ups", "slip": "slips"}  # store.py SEALED_CHILDREN names the same
TABLES = {"item": "items", **CHILDREN}
MASK = "【密】"
PASSPHRASE_MIN = 8

# scrypt at 2**15 costs ~32 MiB and ~0.1 s: slow to guess, quick enough for one command.
_KDF = {"n": 2**15, "r": 8, "p": 1}
_CHECK = {"check": "bangongshi"}
_LEGACY = "v1:"
_FORMAT = "v2:"
# meta: the key record (salt, KDF parameters, version) and whether every value is in the current format.
KEY_RECORD = "lock_kdf"
KEY_CHANGED = "口令刚在另一个窗口中更换过：未做任何修改，请用新口令重新运行"
FORMAT_DONE = "lock_format"


def title_mask(item_id: int | None) -> str:
    return f"{MASK}事项 #{item_id}" if item_id is not None else f"{MASK}事项"


def masked(entity: str, field: str, value: str, row_id: int | None) -> str:
    if not value:
        return ""
    if entity == "item" and field == "title":
        return title_mask(row_id)
    return MASK


def is_sealed(row: dict | None) -> bool:
    """Sealed: the text sits in `sealed`; for an item, only while it is locked."""
    return bool(row and row.get("sealed"))


def bound_to(entity: str, row) -> str:
    """What a sealed value is bound to (a dict or a record): an item's uuid and number, a follow-up's or
    slip's item and number. Moving the value, or the value with its uuid, to another row fails to open.
    (Putting back an older value of the same row is not detected: that is what restoring an old
    backup does, and anyone who can write the file can do it.)"""
    get = row.get if isinstance(row, dict) else lambda name: getattr(row, name)
    owner = get("uuid") if entity == "item" else get("item_id")
    return f"{entity}/{owner}/{get('id')}/sealed"


_KEYS = ("id", "uuid", "item_id")


def _key_columns(entity: str) -> str:
    """The columns a sealed value of `entity` is bound to, in the order of _KEYS."""
    return "id, uuid, NULL" if entity == "item" else "id, NULL, item_id"


def key_version(blob: str) -> int | None:
    """The key version a sealed value names (None: the first format, which names none)."""
    if blob.startswith(_FORMAT):
        head = blob[len(_FORMAT):].split(":", 1)[0]
        return int(head) if head.isdigit() else -1
    return None if blob.startswith(_LEGACY) else -1


class Sealer:
    def __init__(self, key: bytes, record: str, version: int):
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        self._aead = AESGCM(key)
        self.record = record  # the meta key record this key was derived from (see Store._check_key)
        self.version = version

    def seal(self, fields: dict, entity: str, bound: str) -> str:
        nonce = os.urandom(12)
        data = json.dumps(fields, ensure_ascii=False, sort_keys=True).encode()
        sealed = self._aead.encrypt(nonce, data, bound.encode())
        return f"{_FORMAT}{self.version}:" + base64.b64encode(nonce + sealed).decode()

    def open(self, blob: str, entity: str, bound: str) -> dict:
        from cryptography.exceptions import InvalidTag

        version = key_version(blob)
        if version is None:
            raw, associated = blob[len(_LEGACY):], entity
        elif version == self.version:
            raw, associated = blob[len(_FORMAT):].split(":", 1)[1], bound
        elif version == -1:
            raise Denied("加密数据的格式无法识别：请用新版本的办公室助手打开")
        elif version > self.version:
            raise Denied(KEY_CHANGED)
        else:
            raise Denied(f"加密数据属于第 {version} 版口令，已不是现在的第 {self.version} 版：无法打开"
                         "（bgs doctor 可检查全部加密数据）")
        try:
            raw_bytes = base64.b64decode(raw, validate=True)
            return json.loads(self._aead.decrypt(raw_bytes[:12], raw_bytes[12:], associated.encode()))
        except (InvalidTag, ValueError):
            raise Denied("口令不对，或加密数据已损坏或被挪动；未做任何修改") from None

    def seal_row(self, entity: str, row, plain: dict) -> str:
        return self.seal(plain, entity, bound_to(entity, row))

    def open_row(self, entity: str, row, blob: str | None = None) -> dict:
        """The sealed fields of a row (a dict or a record), or of a journal snapshot of it."""
        if blob is None:
            blob = row["sealed"] if isinstance(row, dict) else row.sealed
        return self.open(blob, entity, bound_to(entity, row))


# --- the passphrase -------------------------------------------------------------------------------

def has_passphrase(conn: sqlite3.Connection) -> bool:
    return key_record(conn) is not None


def key_record(conn: sqlite3.Connection) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (KEY_RECORD,)).fetchone()
    return row[0] if row else None


def current_version(conn: sqlite3.Connection) -> int | None:
    record = key_record(conn)
    return None if record is None else _params(record)["version"]


def _params(record: str) -> dict:
    """The key record, checked: a damaged or hostile one (cost parameters that would take minutes and
    gigabytes) is a damaged store, not something to run."""
    try:
        params = json.loads(record)
        n, r, p = int(params["n"]), int(params["r"]), int(params["p"])
        salt = base64.b64decode(params["salt"], validate=True)
        version = int(params.get("version", 1))
    except (ValueError, KeyError, TypeError, AttributeError):
        params = None
    if params is None or not (2**14 <= n <= 2**17 and n & (n - 1) == 0 and 1 <= r <= 16 and 1 <= p <= 4
                              and len(salt) == 16 and version >= 1):
        raise StorageError("数据文件中的口令设置已损坏，加密事项无法打开：请用 bgs restore 从备份恢复")
    return {"n": n, "r": r, "p": p, "salt": params["salt"], "version": version}


def _derive(passphrase: str, params: dict) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    salt = base64.b64decode(params["salt"])
    try:
        secret = passphrase.encode("utf-8")
    except UnicodeEncodeError:
        from bangongshi.errors import BadInput

        raise BadInput("口令含有无法识别的字符（不是有效的 UTF-8）") from None
    return Scrypt(salt=salt, length=32, n=params["n"], r=params["r"], p=params["p"]).derive(secret)


def check_new(passphrase: str) -> None:
    from bangongshi.errors import BadInput

    if len(passphrase) < PASSPHRASE_MIN:
        raise BadInput(f"口令太短：至少 {PASSPHRASE_MIN} 个字符")
    try:
        passphrase.encode("utf-8")
    except UnicodeEncodeError:
        raise BadInput("口令含有无法识别的字符（不是有效的 UTF-8）") from None


def _new_key(conn: sqlite3.Connection, passphrase: str, version: int) -> Sealer:
    """A fresh salt and a check value for `passphrase` as key `version`, written to meta (inside the
    caller's transaction, so a lock or rekey that fails leaves the old record)."""
    check_new(passphrase)
    params = {**_KDF, "salt": base64.b64encode(os.urandom(16)).decode(), "version": version}
    record = json.dumps(params)
    sealer = Sealer(_derive(passphrase, params), record, version)
    for key, value in ((KEY_RECORD, record), ("lock_check", sealer.seal(_CHECK, "check", "check")),
                       (FORMAT_DONE, str(version))):
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))
    return sealer


def create(conn: sqlite3.Connection, passphrase: str) -> Sealer:
    """The first lock: key version 1."""
    return _new_key(conn, passphrase, 1)


def unlock(conn: sqlite3.Connection, passphrase: str) -> Sealer:
    """The key for the passphrase given, or Denied (exit 4) when it is not the one set."""
    record = key_record(conn)
    params = _params(record)
    check = conn.execute("SELECT value FROM meta WHERE key = 'lock_check'").fetchone()
    if check is None or not isinstance(check[0], str):
        raise StorageError("数据文件中的口令校验值丢失，无法确认口令：请用 bgs restore 从备份恢复")
    sealer = Sealer(_derive(passphrase, params), record, params["version"])
    try:
        sealer.open(check[0], "check", "check")
    except Denied:
        raise WrongPassphrase("口令不对；未做任何修改") from None
    return sealer


def need_passphrase(conn: sqlite3.Connection, why: str) -> PassphraseNeeded:
    return PassphraseNeeded(
        f"{why}需要口令：在终端运行会提示输入；脚本可设 BANGONGSHI_PASSPHRASE（口令留在环境里，是较弱的做法）",
        new=not has_passphrase(conn))


# --- rows ---------------------------------------------------------------------------------------------

def seal_values(entity: str, before: dict | None, values: dict, will_seal: bool, row_id: int,
                get_sealer) -> dict:
    """The columns to write so that a stored row is sealed (will_seal) or plain afterwards. `before` is
    the stored row; `values` the columns being written, where a mask means "unchanged". `get_sealer`
    is called only if a key is needed (asking for the passphrase when none was given)."""
    fields = SEALED_FIELDS[entity]
    plain = get_sealer().open_row(entity, before) if is_sealed(before) else {f: before.get(f, "") for f in fields}
    for field in fields:
        if field in values and values[field] != before.get(field):
            plain[field] = values[field]
    out = dict(values)
    if will_seal:
        out["sealed"] = get_sealer().seal_row(entity, before, plain)
        out.update({f: masked(entity, f, plain.get(f, ""), row_id) for f in fields})
    else:
        out["sealed"] = None
        out.update(plain)
    return out


def masked_row(entity: str, row: dict) -> tuple[dict, dict]:
    """A row about to be inserted sealed: (the row with masks, its plain text). The text is sealed once
    the row has the id it is bound to (`seal_inserted`), so it is never written in the clear."""
    fields = SEALED_FIELDS[entity]
    plain = {f: row.get(f) or "" for f in fields}
    return {**row, **{f: masked(entity, f, plain[f], None) or row.get(f, "") for f in fields}}, plain


def seal_inserted(conn: sqlite3.Connection, entity: str, row_id: int, plain: dict, sealer: Sealer) -> None:
    table = TABLES[entity]
    row = dict(zip(_KEYS, conn.execute(f"SELECT {_key_columns(entity)} FROM {table} WHERE id = ?", (row_id,)).fetchone()))
    values = {"sealed": sealer.seal_row(entity, row, plain)}
    if entity == "item" and plain.get("title"):
        values["title"] = title_mask(row_id)  # the mask names the item's number, known only now
    assignments = ", ".join(f"{column} = ?" for column in values)
    conn.execute(f"UPDATE {table} SET {assignments} WHERE id = ?", (*values.values(), row_id))


def touches_sealed(entity: str, before: dict, values: dict) -> bool:
    return any(f in values and values[f] != before.get(f) for f in SEALED_FIELDS[entity])


def opened(entity: str, row: dict, sealer: Sealer) -> dict:
    """A sealed row (or journal snapshot) with its text back in the plain columns."""
    if not is_sealed(row):
        return row
    return {**row, **sealer.open_row(entity, row), "sealed": None}


def item_is_sealed(conn: sqlite3.Connection, item_id: int | None) -> bool:
    if item_id is None:
        return False
    row = conn.execute("SELECT locked, sealed FROM items WHERE id = ?", (item_id,)).fetchone()
    return bool(row and row[0] and row[1])


# --- rewriting what was written in the clear --------------------------------------------------------

def seal_children(conn: sqlite3.Connection, item_id: int, sealer: Sealer, seal: bool) -> None:
    """An item's follow-ups and slips follow its lock; not journaled, as they are its representation."""
    for entity, table in CHILDREN.items():
        fields = SEALED_FIELDS[entity]
        rows = conn.execute(f"SELECT id, sealed, {', '.join(fields)} FROM {table} WHERE item_id = ?", (item_id,))
        for row_id, blob, *values in rows.fetchall():
            row = {"id": row_id, "item_id": item_id, "sealed": blob}
            if seal and not blob:
                plain = dict(zip(fields, values))
                new = {"sealed": sealer.seal_row(entity, row, plain),
                       **{f: masked(entity, f, plain[f], row_id) or plain[f] for f in fields}}
            elif not seal and blob:
                new = {**sealer.open_row(entity, row), "sealed": None}
            else:
                continue
            assignments = ", ".join(f"{column} = ?" for column in new)
            conn.execute(f"UPDATE {table} SET {assignments} WHERE id = ?", (*new.values(), row_id))


def scrub_history(conn: sqlite3.Connection, item_id: int, sealer: Sealer) -> None:
    """Seal every journal snapshot of the item and of its follow-ups and slips, and mask the command
    lines of the runs that touched them: nothing of the item stays readable in the store."""
    targets = [("item", item_id)]
    for entity, table in CHILDREN.items():
        ids = {r[0] for r in conn.execute(f"SELECT id FROM {table} WHERE item_id = ?", (item_id,))}
        ids |= {r[0] for r in conn.execute(
            "SELECT DISTINCT entity_id FROM changes WHERE entity = ? AND "
            "(json_extract(before, '$.item_id') = ? OR json_extract(after, '$.item_id') = ?)",
            (entity, item_id, item_id))}
        targets += [(entity, i) for i in sorted(ids)]
    run_ids = set()
    for entity, entity_id in targets:
        rows = conn.execute("SELECT id, run_id, before, after FROM changes WHERE entity = ? AND entity_id = ?",
                            (entity, entity_id)).fetchall()
        for change_id, run_id, before, after in rows:
            run_ids.add(run_id)
            new = [_sealed_snapshot(entity, text, entity_id, sealer) for text in (before, after)]
            if new != [before, after]:
                conn.execute("UPDATE changes SET before = ?, after = ? WHERE id = ?", (*new, change_id))
    for run_id in run_ids:
        mask_run(conn, run_id)
    # Sync conflicts keep both sides' values of a field (schema 12): masked like the item's text.
    conn.execute("UPDATE sync_conflicts SET local = CASE WHEN local != '' THEN ? ELSE '' END, "
                 "remote = CASE WHEN remote != '' THEN ? ELSE '' END "
                 "WHERE uuid = (SELECT uuid FROM items WHERE id = ?)", (MASK, MASK, item_id))


def mask_run(conn: sqlite3.Connection, run_id: int) -> None:
    """The run's command line as `bgs log` shows it from now on: the masked form the CLI recorded,
    or, for runs recorded before it did, the command alone."""
    command, masked = conn.execute("SELECT command, masked FROM runs WHERE id = ?", (run_id,)).fetchone()
    conn.execute("UPDATE runs SET command = ? WHERE id = ?", (masked or mask_command(command), run_id))


# Whose name a follow-up copies from its item, by kind: the handler unless said otherwise.
_WHO_FIELD = {"report": "source", "handoff": "handoff_to", "ack": "handoff_to"}


def child_text(conn: sqlite3.Connection, entity: str, row: dict, sealer: Sealer) -> dict:
    """A follow-up's name copied from a locked item arrives masked (the service read the masked item):
    the real one is taken from the item's sealed text."""
    if entity == "follow_up" and row.get("who") == MASK:
        uuid, blob = conn.execute("SELECT uuid, sealed FROM items WHERE id = ?", (row["item_id"],)).fetchone()
        opened_item = sealer.open_row("item", {"id": row["item_id"], "uuid": uuid, "sealed": blob})
        return {**row, "who": opened_item.get(_WHO_FIELD.get(row["kind"], "handler"), "")}
    return row


def _sealed_snapshot(entity: str, text: str | None, row_id: int, sealer: Sealer) -> str | None:
    if text is None:
        return None
    snapshot = json.loads(text)
    if is_sealed(snapshot):
        return text
    fields = SEALED_FIELDS[entity]
    plain = {f: snapshot.get(f, "") for f in fields}
    snapshot.update({f: masked(entity, f, plain[f], row_id) or plain[f] for f in fields},
                    sealed=sealer.seal_row(entity, snapshot, plain))
    return json.dumps(snapshot, ensure_ascii=False, sort_keys=True)


_COMMAND_WORD = re.compile(r"^[a-z][a-z-]*$")


def mask_command(command: str) -> str:
    """`bgs recur add 周五例会 --from 组织部` → `bgs recur add 【密】`: only the command itself stays. For runs
    without the CLI's masked form (storage cannot tell an option's value from an option)."""
    words = command.split(" ")
    kept = words[:1]
    for word in words[1:]:
        if not _COMMAND_WORD.match(word) or len(kept) > 2:
            return " ".join([*kept, MASK])
        kept.append(word)
    return " ".join(kept)


# --- sealing everything again: a new passphrase, or values of the first format ---------------------

def rekey(conn: sqlite3.Connection, old: Sealer, new_passphrase: str) -> int:
    """Re-encrypt every sealed value under a new passphrase, as the next key version (inside the
    caller's transaction, which must hold the write lock from before `old` was checked)."""
    new = _new_key(conn, new_passphrase, old.version + 1)
    return _reseal(conn, old, new, only_legacy=False)


def needs_upgrade(conn: sqlite3.Connection) -> bool:
    """Some sealed value may still be in the first format (a store locked before key versions)."""
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (FORMAT_DONE,)).fetchone()
    return has_passphrase(conn) and row is None


def upgrade(conn: sqlite3.Connection, sealer: Sealer) -> int:
    """Seal the first format's values again, bound to their rows, and the follow-ups and slips of
    locked items that an old version left in the clear (inside the caller's transaction)."""
    count = _reseal(conn, sealer, sealer, only_legacy=True)
    for item_id in plain_children_of_sealed(conn):
        seal_children(conn, item_id, sealer, seal=True)
        scrub_history(conn, item_id, sealer)
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (FORMAT_DONE, str(sealer.version)))
    if key_version(conn.execute("SELECT value FROM meta WHERE key = 'lock_check'").fetchone()[0]) is None:
        conn.execute("UPDATE meta SET value = ? WHERE key = 'lock_check'", (sealer.seal(_CHECK, "check", "check"),))
    return count


def _reseal(conn: sqlite3.Connection, old: Sealer, new: Sealer, only_legacy: bool) -> int:
    def wanted(blob: str) -> bool:
        return not only_legacy or key_version(blob) is None

    count = 0
    for entity, table in TABLES.items():
        for *keys, blob in conn.execute(
                f"SELECT {_key_columns(entity)}, sealed FROM {table} WHERE sealed IS NOT NULL").fetchall():
            if wanted(blob):
                row = {**dict(zip(_KEYS, keys)), "sealed": blob}
                row_id = row["id"]
                conn.execute(f"UPDATE {table} SET sealed = ? WHERE id = ?",
                             (new.seal_row(entity, row, old.open_row(entity, row)), row_id))
                count += entity == "item"
    for change_id, entity, before, after in _sealed_changes(conn):
        new_texts = [_resealed(entity, text, old, new, wanted) for text in (before, after)]
        if new_texts != [before, after]:
            conn.execute("UPDATE changes SET before = ?, after = ? WHERE id = ?", (*new_texts, change_id))
    return count


def _sealed_changes(conn: sqlite3.Connection) -> list[tuple]:
    entities = ", ".join(f"'{e}'" for e in TABLES)
    return conn.execute(f"SELECT id, entity, before, after FROM changes WHERE entity IN ({entities}) "
                        "AND (before LIKE '%\"sealed\": \"v%' OR after LIKE '%\"sealed\": \"v%')").fetchall()


def _resealed(entity: str, text: str | None, old: Sealer, new: Sealer, wanted) -> str | None:
    if text is None:
        return None
    snapshot = json.loads(text)
    if not is_sealed(snapshot) or not wanted(snapshot["sealed"]):
        return text
    snapshot["sealed"] = new.seal_row(entity, snapshot, old.open_row(entity, snapshot))
    return json.dumps(snapshot, ensure_ascii=False, sort_keys=True)


# --- health ----------------------------------------------------------------------------------------

def sealed_uuids(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT uuid FROM items WHERE locked = 1 AND sealed IS NOT NULL")}


def unsealed_locked(conn: sqlite3.Connection) -> list[int]:
    """Items marked locked whose text is still plain (locked before schema 9 could seal them)."""
    return [r[0] for r in conn.execute("SELECT id FROM items WHERE locked = 1 AND sealed IS NULL ORDER BY id")]


def plaintext_in_copy(path, uuids: set[str]) -> int:
    """How many of these (now locked) items a backup holds in the clear."""
    from bangongshi.storage.sqlite_files import connect_read_only  # leaves no -wal/-shm beside it

    try:
        copy = connect_read_only(path)
    except (sqlite3.Error, UnicodeDecodeError):  # a damaged copy (its schema text may not even decode)
        return 0
    try:
        columns = {r[1] for r in copy.execute("PRAGMA table_info(items)")}
        plain = "SELECT uuid FROM items" + (" WHERE sealed IS NULL" if "sealed" in columns else "")
        return len(uuids & {r[0] for r in copy.execute(plain)})
    except (sqlite3.Error, UnicodeDecodeError):  # a damaged copy (its schema text may not even decode)
        return 0
    finally:
        copy.close()


def sealed_values(conn: sqlite3.Connection):
    """Every sealed value in the store: (where, entity, row, blob), rows and journal snapshots alike."""
    for entity, table in TABLES.items():
        for *keys, blob in conn.execute(f"SELECT {_key_columns(entity)}, sealed FROM {table} WHERE sealed IS NOT NULL"):
            row = dict(zip(_KEYS, keys))
            yield f"{table} {row['id']}", entity, row, blob
    for change_id, entity, before, after in _sealed_changes(conn):
        for text in (before, after):
            snapshot = json.loads(text) if text else None
            if is_sealed(snapshot):
                yield f"changes {change_id}", entity, snapshot, snapshot["sealed"]


def audit(conn: sqlite3.Connection, sealer: Sealer | None) -> tuple[int, int, list[str]]:
    """(values checked, values of the first format, problems). Without a key a value must name the
    store's current key version; with one it must open."""
    version = current_version(conn)
    total, legacy, problems = 0, 0, []
    for where, entity, row, blob in sealed_values(conn):
        total += 1
        named = key_version(blob)
        legacy += named is None
        if sealer is not None:
            try:
                sealer.open_row(entity, row, blob)
            except Denied as error:
                problems.append(f"{where}：{error.message}")
        elif named is not None and named != version:
            problems.append(f"{where}：加密时用的是第 {named} 版口令，现在是第 {version} 版" if named > 0
                            else f"{where}：格式无法识别")
    return total, legacy, problems


def plain_children_of_sealed(conn: sqlite3.Connection) -> list[int]:
    """Locked items with a follow-up or slip whose text is still plain (slips before schema 10)."""
    found: set[int] = set()
    for entity, table in CHILDREN.items():
        text = " OR ".join(f"c.{f} != ''" for f in SEALED_FIELDS[entity])
        found |= {r[0] for r in conn.execute(
            f"SELECT DISTINCT c.item_id FROM {table} c JOIN items i ON i.id = c.item_id "
            f"WHERE i.locked = 1 AND i.sealed IS NOT NULL AND c.sealed IS NULL AND ({text})")}
    return sorted(found)
