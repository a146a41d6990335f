"""Locked items at rest (P2).

A locked item's text fields are sealed together with AES-GCM under a key derived from the
passphrase by scrypt; the plain columns then hold masks (「【密】事项 #12」, 「【密】"). Whatever was
written in the clear before the lock (the item's journal snapshots, its follow-up notes, the command
lines that touched it) is rewritten in the same transaction, with `secure_delete` on so freed space
is zeroed, and the WAL is truncated after the commit.

`cryptography` is imported only here and only when a sealed value is made or opened.
"""

import base64
import json
import os
import re
import sqlite3

from bangongshi.errors import Denied, PassphraseNeeded

SEALED_FIELDS = {
    "item": ("title", "notes", "result", "location", "source", "handler", "handoff_to"),
    "follow_up": ("who", "note"),
}
MASK = "【密】"
PASSPHRASE_MIN = 8

# scrypt at 2**15 costs ~32 MiB and ~0.1 s: slow to guess, quick enough for one command.
_KDF = {"n": 2**15, "r": 8, "p": 1}
_CHECK = {"check": "bangongshi"}
_FORMAT = "v1:"


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


class Sealer:
    def __init__(self, key: bytes):
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        self._aead = AESGCM(key)

    def seal(self, fields: dict, entity: str) -> str:
        nonce = os.urandom(12)
        data = json.dumps(fields, ensure_ascii=False, sort_keys=True).encode()
        sealed = self._aead.encrypt(nonce, data, entity.encode())
        return _FORMAT + base64.b64encode(nonce + sealed).decode()

    def open(self, blob: str, entity: str) -> dict:
        from cryptography.exceptions import InvalidTag

        if not blob.startswith(_FORMAT):
            raise Denied("加密数据的格式无法识别：请用新版本的办公室助手打开")
        raw = base64.b64decode(blob[len(_FORMAT):])
        try:
            return json.loads(self._aead.decrypt(raw[:12], raw[12:], entity.encode()))
        except InvalidTag:
            raise Denied("口令不对，或加密数据已损坏；未做任何修改") from None


# --- the passphrase -------------------------------------------------------------------------------

def has_passphrase(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM meta WHERE key = 'lock_kdf'").fetchone() is not None


def _derive(passphrase: str, params: dict) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    salt = base64.b64decode(params["salt"])
    return Scrypt(salt=salt, length=32, n=params["n"], r=params["r"], p=params["p"]).derive(
        passphrase.encode("utf-8"))


def check_new(passphrase: str) -> None:
    if len(passphrase) < PASSPHRASE_MIN:
        from bangongshi.errors import BadInput

        raise BadInput(f"口令太短：至少 {PASSPHRASE_MIN} 个字符")


def create(conn: sqlite3.Connection, passphrase: str) -> Sealer:
    """The first lock: a salt, the KDF's parameters and a check value, in meta (inside the caller's
    transaction, so a lock that fails leaves no passphrase behind)."""
    check_new(passphrase)
    params = {**_KDF, "salt": base64.b64encode(os.urandom(16)).decode()}
    sealer = Sealer(_derive(passphrase, params))
    _write_meta(conn, params, sealer)
    return sealer


def _write_meta(conn: sqlite3.Connection, params: dict, sealer: Sealer) -> None:
    for key, value in (("lock_kdf", json.dumps(params)), ("lock_check", sealer.seal(_CHECK, "check"))):
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))


def unlock(conn: sqlite3.Connection, passphrase: str) -> Sealer:
    """The key for the passphrase given, or Denied (exit 4) when it is not the one set."""
    params = json.loads(conn.execute("SELECT value FROM meta WHERE key = 'lock_kdf'").fetchone()[0])
    check = conn.execute("SELECT value FROM meta WHERE key = 'lock_check'").fetchone()[0]
    sealer = Sealer(_derive(passphrase, params))
    sealer.open(check, "check")
    return sealer


def need_passphrase(conn: sqlite3.Connection, why: str) -> PassphraseNeeded:
    return PassphraseNeeded(
        f"{why}需要口令：在终端运行会提示输入；脚本可设 BANGONGSHI_PASSPHRASE（口令留在环境里，是较弱的做法）",
        new=not has_passphrase(conn))


# --- rows ---------------------------------------------------------------------------------------------

def seal_values(entity: str, before: dict | None, values: dict, will_seal: bool, row_id: int | None,
                get_sealer) -> dict:
    """The columns to write so that a row is sealed (will_seal) or plain afterwards. `before` is the
    stored row; `values` the columns being written, where a mask means "unchanged". `get_sealer` is
    called only if a key is needed (asking for the passphrase when none was given)."""
    fields = SEALED_FIELDS[entity]
    stored = before or {}
    plain = get_sealer().open(stored["sealed"], entity) if is_sealed(stored) else {f: stored.get(f, "") for f in fields}
    for field in fields:
        if field in values and values[field] != stored.get(field):
            plain[field] = values[field]
    out = dict(values)
    if will_seal:
        out["sealed"] = get_sealer().seal(plain, entity)
        out.update({f: masked(entity, f, plain.get(f, ""), row_id) for f in fields})
    else:
        out["sealed"] = None
        out.update(plain)
    return out


def touches_sealed(entity: str, before: dict, values: dict) -> bool:
    return any(f in values and values[f] != before.get(f) for f in SEALED_FIELDS[entity])


def opened(entity: str, row: dict, sealer: Sealer) -> dict:
    """A sealed row (or journal snapshot) with its text back in the plain columns."""
    if not is_sealed(row):
        return row
    return {**row, **sealer.open(row["sealed"], entity), "sealed": None}


def item_is_sealed(conn: sqlite3.Connection, item_id: int) -> bool:
    row = conn.execute("SELECT locked, sealed FROM items WHERE id = ?", (item_id,)).fetchone()
    return bool(row and row[0] and row[1])


# --- rewriting what was written in the clear --------------------------------------------------------

def seal_follow_ups(conn: sqlite3.Connection, item_id: int, sealer: Sealer, seal: bool) -> None:
    """The follow-up notes of an item follow its lock; not journaled, as they are its representation."""
    fields = SEALED_FIELDS["follow_up"]
    rows = conn.execute(f"SELECT id, sealed, {', '.join(fields)} FROM follow_ups WHERE item_id = ?", (item_id,))
    for row_id, blob, *values in rows.fetchall():
        if seal and not blob:
            plain = dict(zip(fields, values))
            new = {"sealed": sealer.seal(plain, "follow_up"),
                   **{f: masked("follow_up", f, plain[f], row_id) for f in fields}}
        elif not seal and blob:
            new = {**sealer.open(blob, "follow_up"), "sealed": None}
        else:
            continue
        assignments = ", ".join(f"{column} = ?" for column in new)
        conn.execute(f"UPDATE follow_ups SET {assignments} WHERE id = ?", (*new.values(), row_id))


def scrub_history(conn: sqlite3.Connection, item_id: int, sealer: Sealer) -> None:
    """Seal every journal snapshot of the item and its follow-ups, and mask the command lines of the
    runs that touched them: nothing of the item stays readable in the store."""
    follow_ids = [r[0] for r in conn.execute("SELECT id FROM follow_ups WHERE item_id = ?", (item_id,))]
    follow_ids += [r[0] for r in conn.execute(
        "SELECT DISTINCT entity_id FROM changes WHERE entity = 'follow_up' AND "
        "(json_extract(before, '$.item_id') = ? OR json_extract(after, '$.item_id') = ?)", (item_id, item_id))]
    targets = [("item", item_id)] + [("follow_up", i) for i in set(follow_ids)]
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


def mask_run(conn: sqlite3.Connection, run_id: int) -> None:
    (command,) = conn.execute("SELECT command FROM runs WHERE id = ?", (run_id,)).fetchone()
    conn.execute("UPDATE runs SET command = ? WHERE id = ?", (mask_command(command), run_id))


# Whose name a follow-up copies from its item, by kind: the handler unless said otherwise.
_WHO_FIELD = {"report": "source", "handoff": "handoff_to", "ack": "handoff_to"}


def seal_follow_up(conn: sqlite3.Connection, row: dict, sealer: Sealer) -> dict:
    """A new follow-up of a locked item. A name copied from the item arrives masked (the service
    read the masked item): the real one is taken from the item's sealed text."""
    if row.get("who") == MASK:
        (blob,) = conn.execute("SELECT sealed FROM items WHERE id = ?", (row["item_id"],)).fetchone()
        row = {**row, "who": sealer.open(blob, "item").get(_WHO_FIELD.get(row["kind"], "handler"), "")}
    return seal_values("follow_up", None, row, True, None, lambda: sealer)


def _sealed_snapshot(entity: str, text: str | None, row_id: int, sealer: Sealer) -> str | None:
    if text is None:
        return None
    snapshot = json.loads(text)
    if is_sealed(snapshot):
        return text
    fields = SEALED_FIELDS[entity]
    plain = {f: snapshot.get(f, "") for f in fields}
    snapshot.update({f: masked(entity, f, plain[f], row_id) for f in fields},
                    sealed=sealer.seal(plain, entity))
    return json.dumps(snapshot, ensure_ascii=False, sort_keys=True)


_PLAIN_WORD = re.compile(r"^(#?\d+([,，、]#?\d+)*|--?[a-z][a-z-]*)$")


def mask_command(command: str) -> str:
    """`bgs add 人事方案 --from 组织部 -i` → `bgs add 【密】 --from 【密】 -i`: the command, its options and
    item numbers stay readable; every other word (which may be a locked item's text) does not."""
    words = command.split(" ")
    masked_words = words[:2]
    for word in words[2:]:
        if _PLAIN_WORD.match(word):
            masked_words.append(word)
        elif masked_words[-1] != MASK:
            masked_words.append(MASK)
    return " ".join(masked_words)


def rekey(conn: sqlite3.Connection, old: Sealer, new_passphrase: str) -> int:
    """Re-encrypt every sealed value under a new passphrase (inside the caller's transaction)."""
    check_new(new_passphrase)
    params = {**_KDF, "salt": base64.b64encode(os.urandom(16)).decode()}
    new = Sealer(_derive(new_passphrase, params))
    count = 0
    for table, entity in (("items", "item"), ("follow_ups", "follow_up")):
        for row_id, blob in conn.execute(f"SELECT id, sealed FROM {table} WHERE sealed IS NOT NULL").fetchall():
            conn.execute(f"UPDATE {table} SET sealed = ? WHERE id = ?",
                         (new.seal(old.open(blob, entity), entity), row_id))
            count += table == "items"
    rows = conn.execute("SELECT id, entity, before, after FROM changes WHERE entity IN ('item', 'follow_up') "
                        "AND (before LIKE '%\"sealed\": \"v1:%' OR after LIKE '%\"sealed\": \"v1:%')").fetchall()
    for change_id, entity, before, after in rows:
        conn.execute("UPDATE changes SET before = ?, after = ? WHERE id = ?",
                     (*(_rekeyed(entity, text, old, new) for text in (before, after)), change_id))
    _write_meta(conn, params, new)
    return count


def _rekeyed(entity: str, text: str | None, old: Sealer, new: Sealer) -> str | None:
    if text is None:
        return None
    snapshot = json.loads(text)
    if not is_sealed(snapshot):
        return text
    snapshot["sealed"] = new.seal(old.open(snapshot["sealed"], entity), entity)
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
