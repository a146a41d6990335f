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
# What each robot takes, in bytes of what it counts (_counted): 企业微信 2,048 of its text content in
# UTF-8 (Apprise puts the title on the first line); 钉钉 a request of 20,000 bytes, which Apprise
# writes as JSON with every Chinese character escaped to six bytes (the title twice: as the title and
# as the heading of the text), less room for the rest of it; 飞书 a 20 KB request, written in UTF-8,
# less room for the card around the title and body. A robot refuses a longer message with an error
# code in an HTTP 200 answer, which Apprise's 企业微信 and 钉钉 plugins take for success: so a message
# is kept within these here.
LIMITS = {"wecom": 2048, "dingtalk": 19_800, "feishu": 18_000}
ELLIPSIS = "…"
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
        def fits(shown: list[str]) -> bool:
            return _counted(title, _body(shown, dialect, late), dialect) <= limit

        # The agenda loses its last lines and says where the rest is; the first line always stays.
        kept = list(lines)
        while len(kept) > 1 and not fits(kept + [MORE]):
            kept.pop()
        if len(kept) > 1 or (len(lines) > 1 and fits(kept + [MORE])):
            body = _body(kept + [MORE], dialect, late)
        else:
            # One line too long by itself (a place of thousands of characters): its start, which names
            # the item and its time, then an ellipsis. The longest start that fits, found by halving.
            line, low, high = kept[0], 0, len(kept[0])
            while low < high:
                middle = (low + high + 1) // 2
                if fits([line[:middle] + ELLIPSIS]):
                    low = middle
                else:
                    high = middle - 1
            body = _body([line[:low] + ELLIPSIS], dialect, late)
    return Message(title, body, markdown=dialect in ("dingtalk", "feishu"))


def _body(lines: list[str], dialect: str, late: bool) -> str:
    if dialect == "dingtalk":
        return "\n\n".join(f"**{line}**" if late and line.startswith(LATE) else _md(line) for line in lines)
    if dialect == "feishu":
        return "\n".join(f"**{_md(line)}**" if late and line.startswith(LATE) else _md(line) for line in lines)
    return "\n".join(lines)


def _counted(title: str, body: str, dialect: str) -> int:
    """The bytes of what the dialect's robot counts against LIMITS, as Apprise sends it."""
    if dialect == "wecom":
        return len(f"{title}\r\n{body}".encode("utf-8"))
    if dialect == "dingtalk":
        import json

        return len(json.dumps({"title": title, "text": f"# {title}\n{body}"}))  # ASCII, as Apprise's dumps
    return len(f"{title}{body}".encode("utf-8"))


def _md(line: str) -> str:
    # An agenda line may start with characters Markdown reads as a list or heading; keep them literal.
    return "\\" + line if line[:1] in "#*-+>" else line
