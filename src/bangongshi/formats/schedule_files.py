"""The files that make the operating system's scheduler run `bgs remind` every few minutes: a systemd
user service and timer, a launchd agent, a Task Scheduler task, a crontab line. Pure text from the
command to run (`Command`); where the files go and how they are enabled is services/schedule.py.

Each file names itself ours (MARK, or the launchd label) so that uninstall removes only what install
wrote, never a user's own file that happens to have the same name.
"""

from dataclasses import dataclass, field
from datetime import datetime

from bangongshi.errors import BadInput

INTERVAL_MINUTES = 5
# The four ways a schedule can be kept, as the user reads them (install, status, errors).
KIND_LABELS = {"systemd": "systemd 用户定时器", "launchd": "launchd 代理", "windows": "Windows 计划任务",
               "cron": "crontab"}
MARK = "bangongshi-remind"  # in every file we write; the systemd unit and Windows task name too
SERVICE_NAME = f"{MARK}.service"
TIMER_NAME = f"{MARK}.timer"
LAUNCHD_LABEL = "cn.bangongshi.remind"
LAUNCHD_NAME = f"{LAUNCHD_LABEL}.plist"
TASK_NAME = MARK
TASK_FILE_NAME = f"{MARK}.xml"
CRONTAB_FILE_NAME = f"{MARK}.crontab"
TASK_NAMESPACE = "http://schemas.microsoft.com/windows/2004/02/mit/task"


@dataclass(frozen=True)
class Command:
    """What the scheduler runs: argv[0] an absolute path, and the environment it needs (the user's
    BANGONGSHI_HOME), since a scheduler starts it in a bare environment."""
    argv: tuple[str, ...]
    env: dict[str, str] = field(default_factory=dict)

    def __post_init__(self):
        for word in (*self.argv, *self.env, *self.env.values()):
            # A newline would end the unit's line (or the crontab's entry) and start a new directive.
            if any(ord(c) < 32 or ord(c) == 127 for c in word):
                raise BadInput(f"路径「{word!r}」含控制字符，无法写入计划任务")


def is_ours(text: str) -> bool:
    return MARK in text or LAUNCHD_LABEL in text


def _systemd_quoted(word: str, command: bool = True) -> str:
    # systemd splits on spaces, reads C escapes in quotes, expands %specifiers, and in a command
    # line also $VARIABLES (Environment= takes $ as it is).
    escaped = word.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%")
    return f'"{escaped.replace("$", "$$") if command else escaped}"'


def systemd_service(command: Command) -> str:
    env = "".join(f"Environment={_systemd_quoted(f'{k}={v}', command=False)}\n"
                  for k, v in sorted(command.env.items()))
    return (f"# {MARK}：由 bgs remind install 生成；bgs remind uninstall 会删除\n"
            "[Unit]\n"
            "Description=办公室助手提醒（bgs remind）\n"
            "\n"
            "[Service]\n"
            "Type=oneshot\n"
            f"{env}"
            f"ExecStart={' '.join(_systemd_quoted(w) for w in command.argv)}\n")


def systemd_timer() -> str:
    # Persistent=true: a run missed while the machine slept or was off happens once on waking, and
    # `bgs remind` itself groups what was missed into one late message.
    return (f"# {MARK}：由 bgs remind install 生成；bgs remind uninstall 会删除\n"
            "[Unit]\n"
            f"Description=每 {INTERVAL_MINUTES} 分钟运行一次 bgs remind（办公室助手提醒）\n"
            "\n"
            "[Timer]\n"
            f"OnCalendar=*:0/{INTERVAL_MINUTES}\n"
            "Persistent=true\n"
            f"Unit={SERVICE_NAME}\n"
            "\n"
            "[Install]\n"
            "WantedBy=timers.target\n")


def launchd_plist(command: Command) -> str:
    import plistlib

    agent = {"Label": LAUNCHD_LABEL, "ProgramArguments": list(command.argv),
             "StartInterval": INTERVAL_MINUTES * 60, "RunAtLoad": True}
    if command.env:
        agent["EnvironmentVariables"] = dict(sorted(command.env.items()))
    return plistlib.dumps(agent, sort_keys=False).decode("utf-8")


def task_xml(command: Command, start: datetime) -> str:
    """A Task Scheduler task (schtasks /Create /XML) repeating every few minutes from `start`, run
    as soon as possible after a missed start (the machine was off)."""
    import subprocess
    import xml.etree.ElementTree as ET

    def sub(parent, tag, text=None):
        element = ET.SubElement(parent, f"{{{TASK_NAMESPACE}}}{tag}")
        if text is not None:
            element.text = text
        return element

    ET.register_namespace("", TASK_NAMESPACE)
    task = ET.Element(f"{{{TASK_NAMESPACE}}}Task", {"version": "1.2"})
    info = sub(task, "RegistrationInfo")
    sub(info, "Description", f"{MARK}：由 bgs remind install 生成，每 {INTERVAL_MINUTES} 分钟运行 bgs remind")
    trigger = sub(sub(task, "Triggers"), "TimeTrigger")
    repetition = sub(trigger, "Repetition")
    sub(repetition, "Interval", f"PT{INTERVAL_MINUTES}M")
    sub(repetition, "StopAtDurationEnd", "false")
    sub(trigger, "StartBoundary", start.replace(tzinfo=None, microsecond=0).isoformat())
    sub(trigger, "Enabled", "true")
    settings = sub(task, "Settings")
    sub(settings, "MultipleInstancesPolicy", "IgnoreNew")
    sub(settings, "DisallowStartIfOnBatteries", "false")
    sub(settings, "StopIfGoingOnBatteries", "false")
    sub(settings, "StartWhenAvailable", "true")
    sub(settings, "ExecutionTimeLimit", "PT10M")
    sub(settings, "Enabled", "true")
    exec_ = sub(sub(task, "Actions"), "Exec")
    program, *arguments = command.argv
    if command.env:
        # A task's action has no environment of its own: cmd sets it, then runs bgs.
        # /s: cmd drops the outer quotes and runs what is inside as written.
        sets = " && ".join(f'set "{k}={v}"' for k, v in sorted(command.env.items()))
        program, arguments = "cmd.exe", f'/d /s /c "{sets} && {subprocess.list2cmdline(command.argv)}"'
    else:
        arguments = subprocess.list2cmdline(arguments)
    sub(exec_, "Command", program)
    if arguments:
        sub(exec_, "Arguments", arguments)
    ET.indent(task)
    return '<?xml version="1.0" encoding="UTF-16"?>\n' + ET.tostring(task, encoding="unicode") + "\n"


def crontab_line(command: Command) -> str:
    import shlex

    words = [f"{k}={shlex.quote(v)}" for k, v in sorted(command.env.items())]
    words += [shlex.quote(w) for w in command.argv]
    # cron turns an unescaped % into a newline; stdout is dropped, errors stay for cron to mail.
    line = " ".join(words).replace("%", "\\%")
    return f"*/{INTERVAL_MINUTES} * * * * {line} >/dev/null  # {MARK}"
