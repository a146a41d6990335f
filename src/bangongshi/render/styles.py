"""What colour means, defined once for every view (agenda, list, week, the evening review).

Colour only repeats what the text already says, so NO_COLOR, a pipe and `--format text` lose
nothing: an overdue item is red AND reads 「逾期」, one due today is bold AND reads 「今天」, a key
item is marked 「重点」, a 督办 reminder carries its 【label】. Light: the agenda's start-up path
imports this module (no Rich here; lines.write turns the style names into colour)."""

from datetime import date, timedelta

from bangongshi.domain.calendar import WEEKDAYS
from bangongshi.render.lines import Styled

OVERDUE = "red"
TODAY = "bold"
KEY = "magenta"
DONE = "dim"
REMINDERS = {"overdue": "red", "report": "red", "nudge": "yellow", "handoff": "cyan", "extension": "magenta"}

OVERDUE_MARK = "逾期"
TODAY_MARK = "今天到期"
KEY_MARK = "重点"
STATE_STYLES = {"overdue": OVERDUE, "today": TODAY}


def deadline(item) -> date | None:
    """The day that makes an item late: its due date, or the day an appointment starts."""
    if item.due is not None:
        return item.due
    return item.at.date() if item.at is not None else None


def due_state(item, today: date | None) -> str | None:
    """"overdue", "today" or None, for an open item seen on `today`."""
    day = deadline(item)
    if today is None or day is None or not item.is_open:
        return None
    if day < today:
        return "overdue"
    return "today" if day == today else None


def state_style(item, today: date | None) -> str:
    return STATE_STYLES.get(due_state(item, today) or "", "")


def _clock(item) -> str:
    if item.due is not None:
        return f"{item.due_time:%H:%M}" if item.due_time else ""
    return f"{item.at:%H:%M}" if item.at is not None else ""


def short_due(item, today: date | None) -> str:
    """The deadline in as few cells as it can be said without losing the day: 「今天到期」「逾期12-01」
    「明天14:00」「周三09:00」 (within the coming six days), 「12-20周日」, 「2027-01-05」."""
    day = deadline(item)
    if day is None:
        return ""
    clock = _clock(item)
    state = due_state(item, today)
    if state == "overdue":
        return OVERDUE_MARK + (f"{day:%m-%d}" if day.year == today.year else day.isoformat())
    if state == "today":
        return f"今天{clock}" if clock else TODAY_MARK
    if today is not None and timedelta(0) <= day - today < timedelta(days=7):
        named = "今天" if day == today else "明天" if day == today + timedelta(days=1) else f"周{WEEKDAYS[day.weekday()]}"
        return named + clock
    if today is not None and day.year == today.year:
        return f"{day:%m-%d}周{WEEKDAYS[day.weekday()]}" + clock
    return day.isoformat() + (f" {clock}" if clock else "")


def due_cell(full: str, item, today: date | None) -> tuple[Styled, Styled]:
    """A 截止 cell, full and short (tables use the short one when the title needs the room), styled
    by what the date means; the full one leads with the mark when the item is overdue or due today."""
    state = due_state(item, today)
    style = STATE_STYLES.get(state or "", "")
    if state == "overdue":
        full = f"{OVERDUE_MARK} {full}"
    elif state == "today":
        full = f"今天 {_clock(item)} 开始" if item.due is None and item.at is not None else \
            (f"{TODAY_MARK} {_clock(item)}".strip())
    return Styled(full, style), Styled(short_due(item, today), style)


def title_cell(item, today: date | None = None, title: str | None = None) -> Styled:
    """A title as every view shows it: 「重点」 before a key item, the title red when overdue, bold
    when due today."""
    cell = Styled()
    if item.key and item.is_open:
        cell.append(KEY_MARK + " ", KEY)
    return cell.append(item.title if title is None else title, state_style(item, today))


def reminder_style(code: str) -> str:
    return REMINDERS.get(code, "")
