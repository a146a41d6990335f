"""Backups, restore and the health check (issue #9): nothing is lost, and what is wrong is said."""

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bangongshi.errors import BadInput, StorageError, StoreDamaged, os_reason
from bangongshi.services.session import Session
from bangongshi.storage import backup as store
from bangongshi.storage import migrations


def default_dir(session: Session) -> Path:
    return backup_dir(session.store.path)


def backup_dir(store_path: Path) -> Path:
    from bangongshi.storage.sqlite_files import backup_folder

    return backup_folder(store_path)


def _writable_dir(text: str | None, default: Path) -> Path:
    directory = Path(text).expanduser() if text else default
    if directory.exists() and not directory.is_dir():
        raise BadInput(f"备份目录「{directory}」是一个文件")
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise BadInput(f"无法创建备份目录「{directory}」：{os_reason(error)}") from None
    if not os.access(directory, os.W_OK | os.X_OK):
        raise BadInput(f"备份目录「{directory}」不可写")
    return directory


def backup(session: Session, directory: str | None, keep: int) -> tuple[Path, list[Path]]:
    """A checked copy now; of ours in that directory, the newest `keep` stay, this one always."""
    folder = _writable_dir(directory, default_dir(session))
    made = session.store.files.backup(folder, session.now)
    return made, store.prune(folder, keep, made, session.store.path)


def daily(session: Session, keep: int) -> Path | None:
    """The first run of a day makes a backup when the config asks for it; quietly skipped when it
    cannot be written (a read-only share, a full disk), since the command itself still works."""
    folder = default_dir(session)
    stamp = f"{store.PREFIX}{session.now:%Y%m%d}"
    if any(p.name.startswith(stamp) for p in store.listed(folder)):
        return None
    try:
        made = session.store.files.backup(folder, session.now, label="daily")
        store.prune(folder, keep, made, session.store.path)
        return made
    except (OSError, StorageError):
        return None


@dataclass(frozen=True)
class Restored:
    check: store.FileCheck
    safety_copy: Path | None  # the store as it was: a copy, or the damaged file itself, moved aside
    upgraded_from: int | None
    damaged: str | None = None  # why the store could not be opened, when it could not


def restore(store_path: Path, now: datetime, file: str, dry_run: bool) -> Restored:
    """Check the file, keep the current store (a copy; a damaged store that cannot be opened is
    moved aside whole), then copy the file in through the backup API and bring it to the current
    schema. Needs no session: the store may be the damaged file this is the way out of."""
    from bangongshi.storage import open_store

    checked = store.check(Path(file).expanduser())
    if store_path.exists() and checked.path.resolve() == store_path.resolve():
        raise BadInput(f"「{checked.path}」就是当前的数据文件，请选一份备份")
    try:
        current = open_store(store_path, now)
    except StoreDamaged as damaged:
        if dry_run:
            return Restored(checked, None, None, damaged.reason)
        aside = store.set_aside(store_path, backup_dir(store_path), now)
        current = open_store(store_path, now)
        try:
            return Restored(checked, aside, _copy_in(current, checked, now), damaged.reason)
        finally:
            current.close()
    try:
        if dry_run:
            return Restored(checked, None, None)
        folder = _writable_dir(None, backup_dir(store_path))
        # Unchecked: a store that opens but fails its integrity check is still worth keeping.
        safety = current.files.backup(folder, now, label="before-restore", verify=False)
        return Restored(checked, safety, _copy_in(current, checked, now))
    finally:
        current.close()


def _copy_in(current, checked: store.FileCheck, now: datetime) -> int | None:
    current.files.restore_from(checked.path)
    if checked.version < migrations.CURRENT_VERSION:
        return current.files.migrate(now)
    return None


@dataclass(frozen=True)
class Finding:
    area: str  # storage | config | calendar | locks | remind | backup
    problem: str
    fix: str


def _lock_findings(keys, backups: list[Path]) -> list[Finding]:
    """Backups made before an item was locked still hold its text; an item marked locked by an old
    version was never sealed."""
    from bangongshi.storage import sealing

    found = []
    uuids = keys.sealed_uuids()
    for path in backups if uuids else []:
        count = sealing.plaintext_in_copy(path, uuids)
        if count:
            found.append(Finding("locks", f"备份「{path}」早于加密，仍有 {count} 个加密事项的明文",
                                 f"确认不再需要后删除：rm '{path}'（之后 bgs backup 做一份新的）"))
    legacy = keys.unsealed_locked()
    if legacy:
        ids = " ".join(str(i) for i in legacy)
        found.append(Finding("locks", f"{len(legacy)} 个事项标为加密，内容却仍是明文（旧版本留下的）",
                             f"bgs lock {ids}"))
    return found


def doctor(session: Session, unlock: bool = False) -> tuple[list[str], list[Finding], list[Finding]]:
    """What was checked (lines to show), what is wrong and what deserves a warning (nothing wrong
    yet, but no way back if something goes wrong: no backup at all), each with what to do about it.
    With `unlock` (the passphrase) every sealed value must open."""
    from bangongshi.config import config_path, load_settings

    checked, found = [], []
    result = session.store.files.integrity()
    checked.append(f"数据文件：{session.store.path}（完整性 {result}）")
    if result != "ok":
        found.append(Finding("storage", f"数据文件损坏：{result}", "用 bgs restore 从最近的备份恢复"))
    version = session.store.files.version()
    checked.append(f"数据版本：{version}（本程序 {migrations.CURRENT_VERSION}）")
    for path in [session.store.path, *store.copies(default_dir(session))]:
        mode = path.stat().st_mode & 0o777
        if mode & 0o077:
            found.append(Finding("storage", f"「{path}」的权限是 {mode:o}，别人也能读",
                                 f"chmod 600 '{path}'"))
    for path in store.empty(default_dir(session)):
        found.append(Finding("storage", f"备份「{path}」是空文件（以前备份失败留下的），不能用来恢复",
                             f"rm '{path}'"))
    backups = store.listed(default_dir(session))
    warnings = []
    if backups:
        checked.append(f"备份：{len(backups)} 份，最近 {backups[-1].name}")
    else:  # not 「✓ 备份：0 份」: a damaged file could not be restored
        warnings.append(Finding("backup", "备份：还没有任何备份，数据文件一旦损坏就无法恢复",
                                "bgs backup 做一份；或在设置里写 daily_backup: true，每天第一次使用时自动备份"))
    found += _lock_findings(session.store.keys, store.copies(default_dir(session)))  # pre-migration copies hold text too
    from bangongshi.services import locks

    sealed = locks.audit(session, unlock)
    if sealed is not None:
        checked.append(sealed.checked)
        found += [Finding("locks", problem, fix) for problem, fix in sealed.problems]
    try:
        load_settings()
        checked.append(f"设置：{config_path()} 无误")
    except BadInput as error:
        found.append(Finding("config", error.message, "bgs config edit 修改，或删掉有问题的那一行用默认值"))
    from bangongshi.services import schedule

    reminded, stale = schedule.doctor_check(session)
    checked += [reminded] if reminded else []
    found += [Finding("remind", problem, fix) for problem, fix in stale]
    next_year = session.now.year + 1
    if session.now.month >= 11 and not session.calendar.knows(next_year):
        found.append(Finding("calendar", f"{next_year}年的放假安排还没有载入，明年的工作日只是估计",
                             "国务院通知发布后：bgs cal import-notice 通知.txt"))
    else:
        checked.append(f"日历：{session.now.year}年" + (f"、{next_year}年" if session.calendar.knows(next_year) else "")
                       + "的放假安排已有")
    return checked, found, warnings
