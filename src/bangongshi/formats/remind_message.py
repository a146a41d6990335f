"""The text of a reminder as each kind of channel shows it best (docs/reminders.md).

Apprise builds each vendor's request; this module only writes the title and body it is handed:
plain text for most channels and 企业微信 (its group robot takes text, at most 2048 bytes),
Markdown for 钉钉 (Apprise puts the title on top as a heading; lines need a blank line between
them) and 飞书/Lark (a card whose body is lark_md). Reminders arrive already masked.
"""

from dataclasses import dataclass

from bangongshi.model.remind import KINDS, Reminder

APP = "办公室助手"
LATE = "（迟到）"
# Apprise URL scheme → the dialect of its body.
DIALECTS = {"wecombot": "wecom", "dingtalk": "dingtalk", "feishu": "feishu", "lark": "feishu"}
# What each robot takes, in UTF-8 bytes of the text it counts (_counted): 企业微信 2,048 (its text
# content; Apprise puts the title on the first line), 钉钉 20,000 (its markdown text; Apprise puts the
# title on top as a heading), 飞书 a 20 KB request (the card's title and body, less room for the rest).
# A robot refuses a longer message with an error code in an HTTP 200 answer, which Apprise's 企业微信
# and 钉钉 plugins take for success: so a message is kept within these here.
LIMITS = {"wecom": 2048, "dingtalk": 20_000, "feishu": 18_000}
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
    or for several missed ones grouped and marked 「（迟到）」. A body longer than its robot takes (a
    long morning agenda) loses its last lines to MORE."""
    title, lines = _composed(reminders, late)
    return _dialect(title, lines, dialect, late)


def parts(reminders: list[Reminder], late: bool = False, dialect: str = "text") -> list[list[Reminder]]:
    """`reminders`, to be grouped, split into messages that each arrive whole: at most MAX_LINES lines,
    and no more than the dialect's robot takes (LIMITS; build would cut the rest off, the morning
    agenda's way, yet every reminder in it would count as sent)."""
    found: list[list[Reminder]] = []
    part: list[Reminder] = []
    for reminder in reminders:
        if part and (len(part) == MAX_LINES or _too_long(part + [reminder], late, dialect)):
            found.append(part)
            part = []
        part.append(reminder)
    return found + [part] if part else found


def _too_long(reminders: list[Reminder], late: bool, dialect: str) -> bool:
    limit = LIMITS.get(dialect)
    if limit is None:
        return False
    title, lines = _composed(reminders, late)
    return _counted(title, _body(lines, dialect, late), dialect) > limit


def _composed(reminders: list[Reminder], late: bool) -> tuple[str, list[str]]:
    """A message's title and lines, before its dialect."""
    if not reminders:
        raise ValueError("no reminder to build a message of")
    if late:
        return f"{APP}：错过的提醒{LATE}", [_line(r, late) for r in reminders]
    if len(reminders) == 1:
        [reminder] = reminders
        lines = [reminder.text, *reminder.detail.splitlines()] if reminder.detail else [reminder.text]
        return f"{APP}·{KINDS[reminder.kind]}", lines
    kinds = {r.kind for r in reminders}
    title = (f"{APP}·{KINDS[reminders[0].kind]}（{len(reminders)} 条）" if len(kinds) == 1
             else f"{APP}·{len(reminders)} 条提醒")
    return title, [r.text for r in reminders]


def _line(reminder: Reminder, late: bool) -> str:
    """A reminder's line in a grouped message."""
    return f"{LATE}{reminder.at:%H:%M} {_what(reminder)}" if late else reminder.text


def _what(reminder: Reminder) -> str:
    # A missed morning summary is not repeated in full: the agenda is one command away.
    return reminder.text if reminder.kind != "morning" else "今天的日程（bgs 查看）"


def _dialect(title: str, lines: list[str], dialect: str, late: bool) -> Message:
    body = _body(lines, dialect, late)
    limit = LIMITS.get(dialect)
    if limit is not None and _counted(title, body, dialect) > limit:
        kept = list(lines)
        while kept and _counted(title, _body(kept + [MORE], dialect, late), dialect) > limit:
            kept.pop()
        body = _body(kept + [MORE], dialect, late)
    return Message(title, body, markdown=dialect in ("dingtalk", "feishu"))


def _body(lines: list[str], dialect: str, late: bool) -> str:
    if dialect == "dingtalk":
        return "\n\n".join(f"**{line}**" if late and line.startswith(LATE) else _md(line) for line in lines)
    if dialect == "feishu":
        return "\n".join(f"**{_md(line)}**" if late and line.startswith(LATE) else _md(line) for line in lines)
    return "\n".join(lines)


def _counted(title: str, body: str, dialect: str) -> int:
    """The UTF-8 bytes of what the dialect's robot counts against LIMITS, as Apprise sends it."""
    if dialect == "wecom":
        text = f"{title}\r\n{body}"
    elif dialect == "dingtalk":
        text = f"# {title}\n{body}"
    else:
        text = f"{title}{body}"
    return len(text.encode("utf-8"))


def _md(line: str) -> str:
    # An agenda line may start with characters Markdown reads as a list or heading; keep them literal.
    return "\\" + line if line[:1] in "#*-+>" else line
