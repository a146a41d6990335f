"""Which reminders a day holds and when each goes out (docs/reminders.md). Pure: the items, the
督办 reminders, the day's work hours, whether it is a workday and the remind settings come in.

Every reminder has a key that names what it is about (the item, and the moment or day it concerns),
so the store can tell a run that it went out already; moving an appointment makes a new key, so the
moved one is reminded again.
"""

from datetime import date, datetime, timedelta

from bangongshi.domain.follow import Due
from bangongshi.domain.settings import HoursPeriod, RemindSettings
from bangongshi.model import Item
from bangongshi.model.remind import NO_REMIND, Reminder

LOCKED = "【密】事项 #{id}"


def name(item: Item) -> str:
    """How a reminder names an item: its number and title, or only the mask when it is locked (the
    title column of a locked item already holds the mask; this does not rely on it)."""
    return LOCKED.format(id=item.id) if item.locked else f"#{item.id} {item.title}"


def morning_at(day: date, hours: HoursPeriod, remind: RemindSettings, tz) -> datetime:
    return datetime.combine(day, remind.morning or hours.start, tz)


def evening_at(day: date, hours: HoursPeriod, remind: RemindSettings, tz) -> datetime:
    if remind.evening is not None:
        return datetime.combine(day, remind.evening, tz)
    return datetime.combine(day, hours.end, tz) - timedelta(minutes=30)


def day_reminders(day: date, workday: bool, hours: HoursPeriod, remind: RemindSettings, tz,
                  appointments: list[Item], due_today: list[Item], follow: list[Due],
                  new_occurrences: list[Item], follow_hidden: int = 0) -> list[Reminder]:
    """Every reminder of `day`, due or not yet, in the order they go out. A rest day keeps only the
    appointments that fall on it and the items due that day; a workday (a 调休 Saturday too) has the
    routine ones as well: 督办, the morning summary, the evening prompt, new recurring occurrences.
    `follow`: the most pressing 督办提醒, a reminder each; `follow_hidden`: how many more there are,
    said in one more reminder (the morning agenda's 「另有 N 条督办提醒未列出」)."""
    found: list[Reminder] = []
    start = datetime.combine(day, hours.start, tz)
    for item in appointments:
        if item.at is None or item.at.date() != day or item.remind == NO_REMIND or not item.is_open:
            continue
        lead = remind.before if item.remind is None else item.remind
        place = "" if item.locked or not item.location else f"，{item.location}"
        found.append(Reminder(f"appointment:{item.id}:{item.at.isoformat()}", "appointment", item.at - timedelta(minutes=lead),
                              f"{name(item)} {item.at:%H:%M} 开始{place}（bgs show {item.id}）", item.id,
                              happens=item.at))
    for item in due_today:
        if item.due != day or item.remind == NO_REMIND or not item.is_open:
            continue
        at = datetime.combine(day, item.due_time, tz) if item.due_time else start
        when = f"今天 {item.due_time:%H:%M} 到期" if item.due_time else "今天到期"
        found.append(Reminder(f"due:{item.id}:{day.isoformat()}", "due", at,
                              f"{name(item)} {when}（办完：bgs done {item.id}）", item.id))
    if workday:
        morning = morning_at(day, hours, remind, tz)
        found.append(Reminder(f"morning:{day.isoformat()}", "morning", morning, "今天的日程（bgs 查看）"))
        for due in follow:
            if due.item.remind == NO_REMIND:
                continue
            text = (f"【{due.reminder.label}】{name(due.item)}（bgs follow）" if due.item.locked
                    else f"【{due.reminder.label}】{name(due.item)}：{due.text}")
            found.append(Reminder(f"follow:{due.reminder.code}:{due.item.id}:{day.isoformat()}", "follow", morning,
                                  text, due.item.id))
        if follow_hidden:
            # Once a day, with the count of the first run that sends it.
            found.append(Reminder(f"follow-more:{day.isoformat()}", "follow", morning,
                                  f"另有 {follow_hidden} 条督办提醒未列出（bgs follow 查看）"))
        found.append(Reminder(f"evening:{day.isoformat()}", "evening", evening_at(day, hours, remind, tz),
                              "下班前列出次日事项：bgs plan tomorrow"))
        for item in new_occurrences:
            if item.remind == NO_REMIND or not item.is_open or item.created is None:
                continue
            found.append(Reminder(f"recur:{item.id}", "recur", max(item.created, start),
                                  f"周期事项已生成：{name(item)}" + (f"，截止 {item.due:%m-%d}" if item.due else ""),
                                  item.id))
    # By time; at one time, in the order made above (a stable sort): appointments and deadlines by their
    # number, the 督办 in the agenda's order with the count of the rest after them.
    return sorted(found, key=lambda r: r.at)


def due_now(reminders: list[Reminder], now: datetime, created: dict[int, datetime]) -> list[Reminder]:
    """The reminders whose time has come. One whose moment passed before its item was even written
    down (a date-only deadline for today added at 10:00, a meeting recorded after it began) is not
    sent: the secretary just typed it. A meeting added at 14:20 for 14:30 is still reminded: its
    lead had passed, the meeting has not."""
    def typed_after(r: Reminder) -> bool:
        return (r.item_id in created and r.kind in ("due", "appointment")
                and created[r.item_id] > (r.happens or r.at))

    return [r for r in reminders if r.at <= now and not typed_after(r)]


def is_late(reminder: Reminder, now: datetime, remind: RemindSettings) -> bool:
    """Missed by more than remind.late_after (the machine slept): it goes in the one grouped 「（迟到）」
    message instead of on its own. A 督办 reminder is never late: it stands all day, and one that moves
    up among the most pressing in the afternoon (another was seen to) was not missed in the morning."""
    return reminder.kind != "follow" and now - reminder.at > timedelta(minutes=remind.late_after)


def parse_lead(text: str) -> int:
    """`--remind 30m`, 「提前半小时」, 「提前15分钟」, `none`/「不提醒」 → minutes, or NO_REMIND."""
    from bangongshi.domain.durations import parse_minutes
    from bangongshi.errors import BadInput

    cleaned = text.strip().lower()
    if cleaned in ("none", "no", "off", "不提醒", "无", "不要"):
        return NO_REMIND
    if cleaned in ("0", "准时", "0m"):
        return 0
    cleaned = cleaned.removeprefix("提前").removesuffix("提醒")
    try:
        minutes = parse_minutes(cleaned, "提醒提前量 --remind")
    except BadInput:
        raise BadInput(f"无法识别 --remind「{text}」：写 30m、1h、提前半小时，或 none（不提醒）") from None
    if minutes > 7 * 24 * 60:
        raise BadInput(f"--remind「{text}」太早，最多提前 7 天")
    return minutes



