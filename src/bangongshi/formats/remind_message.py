"""The text of a reminder as each kind of channel shows it best (docs/reminders.md).

Apprise builds each vendor's request; this module only writes the title and body it is handed:
plain text for most channels and 企业微信 (its group robot takes text, at most 2048 characters),
Markdown for 钉钉 (Apprise puts the title on top as a heading; lines need a blank line between
them) and 飞书/Lark (a card whose body is lark_md). Reminders arrive already masked.
"""

from dataclasses import dataclass

from bangongshi.model.remind import KINDS, Reminder

APP = "办公室助手"
LATE = "（迟到）"
# Apprise URL scheme → the dialect of its body.
DIALECTS = {"wecombot": "wecom", "dingtalk": "dingtalk", "feishu": "feishu", "lark": "feishu"}
WECOM_LIMIT = 2000  # under the robot's 2048, with room for the title Apprise puts on the first line
MORE = "……（完整日程：在电脑上运行 bgs）"
MAX_LINES = 50  # reminders one grouped message lists; more go in the next one


@dataclass(frozen=True)
class Message:
    title: str
    body: str
    markdown: bool = False


def dialect_of(url: str) -> str:
    return DIALECTS.get(url.split("://", 1)[0].lower(), "text")


def build(reminders: list[Reminder], late: bool = False, dialect: str = "text") -> Message:
    """One message for one reminder, for several of one run grouped (services.remind.GROUPED_AFTER),
    or for several missed ones grouped and marked 「（迟到）」."""
    if not reminders:
        raise ValueError("no reminder to build a message of")
    if late:
        title = f"{APP}：错过的提醒{LATE}"
        lines = [_line(r, late) for r in reminders]
    elif len(reminders) == 1:
        [reminder] = reminders
        title = f"{APP}·{KINDS[reminder.kind]}"
        lines = [reminder.text, *reminder.detail.splitlines()] if reminder.detail else [reminder.text]
    else:
        kinds = {r.kind for r in reminders}
        title = (f"{APP}·{KINDS[reminders[0].kind]}（{len(reminders)} 条）" if len(kinds) == 1
                 else f"{APP}·{len(reminders)} 条提醒")
        lines = [r.text for r in reminders]
    return _dialect(title, lines, dialect, late)


def parts(reminders: list[Reminder], late: bool = False, dialect: str = "text") -> list[list[Reminder]]:
    """`reminders`, to be grouped, split into messages that each arrive whole: at most MAX_LINES lines,
    and for 企业微信 at most WECOM_LIMIT characters (build would cut the rest off, the morning agenda's way,
    yet every reminder in it would count as sent)."""
    found: list[list[Reminder]] = []
    part: list[Reminder] = []
    size = 0
    for reminder in reminders:
        length = len(_line(reminder, late)) + 1  # and its line break
        if part and (len(part) == MAX_LINES or dialect == "wecom" and size + length > WECOM_LIMIT):
            found.append(part)
            part, size = [], 0
        part.append(reminder)
        size += length
    return found + [part] if part else found


def _line(reminder: Reminder, late: bool) -> str:
    """A reminder's line in a grouped message."""
    return f"{LATE}{reminder.at:%H:%M} {_what(reminder)}" if late else reminder.text


def _what(reminder: Reminder) -> str:
    # A missed morning summary is not repeated in full: the agenda is one command away.
    return reminder.text if reminder.kind != "morning" else "今天的日程（bgs 查看）"


def _dialect(title: str, lines: list[str], dialect: str, late: bool) -> Message:
    if dialect == "dingtalk":
        shown = [f"**{line}**" if late and line.startswith(LATE) else _md(line) for line in lines]
        return Message(title, "\n\n".join(shown), markdown=True)
    if dialect == "feishu":
        shown = [f"**{_md(line)}**" if late and line.startswith(LATE) else _md(line) for line in lines]
        return Message(title, "\n".join(shown), markdown=True)
    body = "\n".join(lines)
    if dialect == "wecom" and len(body) > WECOM_LIMIT:
        body = body[:WECOM_LIMIT - len(MORE) - 1].rsplit("\n", 1)[0] + "\n" + MORE
    return Message(title, body)


def _md(line: str) -> str:
    # An agenda line may start with characters Markdown reads as a list or heading; keep them literal.
    return "\\" + line if line[:1] in "#*-+>" else line
