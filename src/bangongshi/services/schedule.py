"""`bgs remind install/status/uninstall`: the operating system's scheduler runs `bgs remind` every
few minutes (bangongshi keeps no daemon of its own). The files' text is formats/schedule_files.py;
this module decides which kind fits the machine, where the files go, and enables or disables them
with the platform's own tool (systemctl --user, launchctl, schtasks). Crontab is never edited for
the user: where no other scheduler is reachable the line is shown with how to add it.
"""

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from bangongshi.errors import BadInput, StorageError, os_reason
from bangongshi.formats import schedule_files as files
from bangongshi.formats.schedule_files import KIND_LABELS
from bangongshi.paths import HOME_ENV, data_dir

KINDS = ("systemd", "launchd", "windows", "cron")
STALE_AFTER = timedelta(days=1)
TOOL_TIMEOUT = 30  # seconds for systemctl/launchctl/schtasks/crontab: they answer at once or hang


@dataclass(frozen=True)
class Planned:
    """What install writes (or would write): the kind, each file with its text, and the crontab line."""
    kind: str
    files: list[tuple[Path, str]]
    cron_line: str
    enabled: bool = False  # the scheduler was told (systemctl enable --now, launchctl load, schtasks)
    written: bool = False


def bgs_command(db_option: str | None) -> files.Command:
    """The absolute `bgs` beside the running interpreter (not resolved: a venv's python is a link),
    the user's --db and BANGONGSHI_HOME made absolute, since the scheduler starts elsewhere."""
    folder = Path(sys.executable).absolute().parent
    program = folder / ("bgs.exe" if os.name == "nt" else "bgs")
    argv = [str(program)] if program.exists() else [str(Path(sys.executable).absolute()), "-m", "bangongshi"]
    if db_option:
        argv += ["--db", str(Path(db_option).expanduser().absolute())]
    env = {}
    if os.environ.get(HOME_ENV):
        env[HOME_ENV] = str(Path(os.environ[HOME_ENV]).expanduser().absolute())
    return files.Command(tuple(argv + ["remind"]), env)


def systemd_dir() -> Path:
    configured = os.environ.get("XDG_CONFIG_HOME", "")
    base = Path(configured) if configured and Path(configured).is_absolute() else Path.home() / ".config"
    return base / "systemd" / "user"


def launchd_dir() -> Path:
    return Path.home() / "Library" / "LaunchAgents"


def home_dir(kind: str) -> Path:
    """Where each kind's files live when installed for real (Windows: the task's XML is kept in the
    data dir, so that status and uninstall find it)."""
    return {"systemd": systemd_dir, "launchd": launchd_dir, "windows": data_dir, "cron": data_dir}[kind]()


def _names(kind: str) -> tuple[str, ...]:
    return {"systemd": (files.SERVICE_NAME, files.TIMER_NAME), "launchd": (files.LAUNCHD_NAME,),
            "windows": (files.TASK_FILE_NAME,), "cron": (files.CRONTAB_FILE_NAME,)}[kind]


def _run(*argv: str) -> subprocess.CompletedProcess | None:
    """A scheduler tool's answer; None when the tool is not there."""
    if shutil.which(argv[0]) is None:
        return None
    try:
        return subprocess.run(argv, capture_output=True, text=True, timeout=TOOL_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        return subprocess.CompletedProcess(argv, 1, "", str(error))


def systemd_reachable() -> bool:
    """The user's systemd manager answers (not the case in containers, over plain su, without a
    login session)."""
    done = _run("systemctl", "--user", "show-environment")
    return done is not None and done.returncode == 0


def detect_kind() -> str:
    if sys.platform == "darwin":
        return "launchd"
    if sys.platform == "win32":
        return "windows"
    return "systemd" if systemd_reachable() else "cron"


def plan(kind: str, db_option: str | None, now: datetime, directory: Path | None = None) -> Planned:
    command = bgs_command(db_option)
    folder = directory if directory is not None else home_dir(kind)
    texts = {"systemd": lambda: [files.systemd_service(command), files.systemd_timer()],
             "launchd": lambda: [files.launchd_plist(command)],
             "windows": lambda: [files.task_xml(command, now)],
             "cron": lambda: [files.crontab_line(command) + "\n"]}[kind]()
    return Planned(kind, list(zip([folder / n for n in _names(kind)], texts)), files.crontab_line(command))


def scheduler_kind(kind: str) -> str:
    """`--kind` as typed, checked (the CLI reads it the same way); auto stays auto."""
    if kind != "auto" and kind not in KINDS:
        raise BadInput(f"--kind 应是 auto、{'、'.join(KINDS)} 之一，收到「{kind}」")
    return kind


def _checked_kind(kind: str) -> str:
    kind = scheduler_kind(kind)
    return detect_kind() if kind == "auto" else kind


def install(kind: str, db_option: str | None, now: datetime, *, show_only: bool = False,
            directory: str | None = None) -> Planned:
    """Write and enable; `show_only`: nothing written; `directory`: written there, not enabled."""
    kind = _checked_kind(kind)
    folder = _target_dir(directory) if directory else None
    planned = plan(kind, db_option, now, folder)
    if show_only:
        return planned
    if folder is None:
        if kind == "cron":
            return planned  # the line is shown with how to add it: a user's crontab is theirs
        _can_enable(kind)
    for path, text in planned.files:
        _write(path, text, kind)
    if folder is not None:
        return Planned(kind, planned.files, planned.cron_line, written=True)
    _enable(kind, planned.files)
    return Planned(kind, planned.files, planned.cron_line, enabled=True, written=True)


def _target_dir(text: str) -> Path:
    folder = Path(text).expanduser()
    if folder.exists() and not folder.is_dir():
        raise BadInput(f"--dir「{folder}」是一个文件")
    if not folder.exists():
        raise BadInput(f"--dir 的目录不存在：{folder}（请先创建）")
    return folder


def _write(path: Path, text: str, kind: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() and not files.is_ours(_read(path)):
            raise BadInput(f"「{path}」已存在且不是 bgs remind install 写的，未覆盖；请先改名或删除")
        # Task Scheduler reads the XML as the UTF-16 its declaration says.
        path.write_text(text, encoding="utf-16" if kind == "windows" else "utf-8")
    except OSError as error:
        raise StorageError(f"无法写入「{path}」：{os_reason(error)}") from None


def _read(path: Path) -> str:
    data = path.read_bytes()
    return data.decode("utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8", errors="replace")


def _can_enable(kind: str) -> None:
    """Refuse before writing anything when the scheduler cannot be told."""
    tool = {"systemd": "systemctl", "launchd": "launchctl", "windows": "schtasks"}[kind]
    if shutil.which(tool) is None:
        raise StorageError(f"找不到 {tool}，无法启用{KIND_LABELS[kind]}；可用 --kind cron 得到 crontab 行，"
                           "或用 --dir 目录 只写文件")
    if kind == "systemd" and not systemd_reachable():
        raise StorageError("连不上 systemd 用户管理器（systemctl --user），无法启用定时器；"
                           "可用 --kind cron 得到 crontab 行，或用 --dir 目录 只写文件")


def _tool(*argv: str) -> None:
    done = _run(*argv)
    if done is None or done.returncode != 0:
        said = (done.stderr or done.stdout).strip() if done else "找不到命令"
        raise StorageError(f"「{' '.join(argv)}」失败：{said}")


def _enable(kind: str, written: list[tuple[Path, str]]) -> None:
    if kind == "systemd":
        _tool("systemctl", "--user", "daemon-reload")
        _tool("systemctl", "--user", "enable", "--now", files.TIMER_NAME)
    elif kind == "launchd":
        _run("launchctl", "unload", str(written[0][0]))  # an older copy may be loaded; none is fine
        _tool("launchctl", "load", "-w", str(written[0][0]))
    elif kind == "windows":
        _tool("schtasks", "/Create", "/XML", str(written[0][0]), "/TN", files.TASK_NAME, "/F")




@dataclass(frozen=True)
class Found:
    kind: str
    paths: list[Path]  # our files found (for cron: none; the line is in the user's crontab)
    installed_at: datetime | None  # the newest file's modification time


def _kinds_here() -> tuple[str, ...]:
    return {"darwin": ("launchd", "cron"), "win32": ("windows",)}.get(sys.platform, ("systemd", "cron"))


def find(directory: str | None = None, zone=None) -> list[Found]:
    """What is installed: our files in each kind's place (or in `directory`), and our crontab line."""
    found = []
    folder = _target_dir(directory) if directory else None
    for kind in (KINDS if folder else _kinds_here()):
        paths = [p for p in ((folder or home_dir(kind)) / n for n in _names(kind))
                 if p.is_file() and files.is_ours(_read(p))]
        if kind == "cron" and folder is None:
            done = _run("crontab", "-l")
            if done is not None and done.returncode == 0 and files.MARK in done.stdout:
                found.append(Found("cron", [], None))
            continue
        if paths:
            newest = max(p.stat().st_mtime for p in paths)
            found.append(Found(kind, paths, datetime.fromtimestamp(newest, zone)))
    return found


def last_run(store) -> datetime | None | str:
    """When `bgs remind` last ran (the meta key it writes); the raw text when it cannot be read."""
    text = store.get_meta(_last_run_key())
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return text


@dataclass(frozen=True)
class Status:
    found: list[Found]
    last_run: datetime | None | str
    now: datetime


def status(session, directory: str | None = None) -> Status:
    return Status(find(directory, session.now.tzinfo), last_run(session.store), session.now)


def _aware(moment: datetime, now: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=now.tzinfo)


def doctor_check(session) -> tuple[str | None, list[tuple[str, str]]]:
    """For `bgs doctor`: a line of what was checked, and a schedule that has not run for a day (or
    never, though installed more than a day ago) as (problem, fix)."""
    found = find(zone=session.now.tzinfo)
    if not found:
        return None, []
    where = "、".join(KIND_LABELS[f.kind] for f in found)
    last = last_run(session.store)
    if isinstance(last, str):
        return None, [(f"提醒的上次运行时间无法识别（「{last}」）", "运行一次 bgs remind 即可更正")]
    now = session.now
    since = _aware(last, now) if last else min((f.installed_at for f in found if f.installed_at), default=None)
    if since is None or now - _aware(since, now) <= STALE_AFTER:
        return f"提醒：已安装（{where}）" + (f"，上次运行 {_aware(last, now):%m-%d %H:%M}" if last else "，尚未运行"), []
    said = f"上次运行是 {_aware(last, now):%Y-%m-%d %H:%M}" if last else "安装后从未运行"
    return None, [(f"提醒已安装（{where}），但超过一天没有运行（{said}）",
                   f"{FIX_HINTS[found[0].kind]}；重新安装：bgs remind uninstall 后 bgs remind install")]


FIX_HINTS = {
    "systemd": f"查看：systemctl --user status {files.TIMER_NAME}；journalctl --user -u {files.SERVICE_NAME}",
    "launchd": f"查看：launchctl list {files.LAUNCHD_LABEL}",
    "windows": f"查看：schtasks /Query /TN {files.TASK_NAME} /V",
    "cron": "查看：crontab -l，以及 cron 服务是否在运行",
}


@dataclass(frozen=True)
class Removed:
    kind: str
    paths: list[Path]
    cron_hint: str | None = None  # our line is in the user's crontab: how to take it out
    disabled: bool = False  # the scheduler was told (not with --dir)


def uninstall(directory: str | None = None) -> list[Removed]:
    """Disable and remove our files (from `directory`: remove only). Nothing found: an empty list."""
    removed = []
    for found in find(directory):
        if found.kind == "cron" and not found.paths:
            removed.append(Removed("cron", [], f"crontab -l | grep -v '{files.MARK}' | crontab -"))
            continue
        if directory is None:
            _disable(found.kind, found.paths)
        for path in found.paths:
            try:
                path.unlink()
            except FileNotFoundError:
                pass
            except OSError as error:
                raise StorageError(f"无法删除「{path}」：{os_reason(error)}") from None
        if directory is None and found.kind == "systemd" and systemd_reachable():
            _run("systemctl", "--user", "daemon-reload")
        removed.append(Removed(found.kind, found.paths, disabled=directory is None))
    return removed


def _disable(kind: str, paths: list[Path]) -> None:
    # Each tool says "not loaded" for a unit it never saw: that is fine, the files go all the same.
    if kind == "systemd" and systemd_reachable():
        _run("systemctl", "--user", "disable", "--now", files.TIMER_NAME)
    elif kind == "launchd":
        _run("launchctl", "unload", "-w", str(paths[0]))
    elif kind == "windows":
        _run("schtasks", "/Delete", "/TN", files.TASK_NAME, "/F")


def _last_run_key() -> str:
    from bangongshi.services.remind import LAST_RUN_META  # `bgs remind` writes it at each run

    return LAST_RUN_META
