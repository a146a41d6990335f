"""`bgs remind`: work out which reminders are due now, send each once per channel, record it.

Run by the system's scheduler every few minutes, and safe to run by hand at any time. Each
(reminder, channel) is claimed in the store inside a write transaction before it is sent and marked
sent or failed after, so two runs at once send it once, a failure is retried by later runs (at most
remind.attempts deliveries), and nothing counts as sent that was not delivered. Reminders missed for
longer than remind.late_after (the machine slept) go out as ONE message per channel marked 「（迟到）」.
The store is read without the passphrase: a locked item can only ever be named by its mask.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from bangongshi.domain import remind as rules
from bangongshi.errors import BadInput
from bangongshi.formats.remind_message import Message, build, dialect_of, parts
from bangongshi.model.remind import KINDS, Delivery, Reminder
from bangongshi.services import channels
from bangongshi.services.session import Session

LAST_RUN_META = "remind_last_run"  # ISO 8601 with offset; `bgs remind status` and `bgs doctor` read it
# More reminders of one kind than this, due in one run for one channel, go as one message that lists
# them (the morning's 「今天到期」 of a busy day, a batch of recurring occurrences): never a flood.
GROUPED_AFTER = 3


@dataclass(frozen=True)
class Planned:
    """A reminder that would go now, where, and whether it is late."""
    reminder: Reminder
    channels: tuple[str, ...]
    late: bool


@dataclass
class Outcome:
    sent: list[tuple[str, Reminder]] = field(default_factory=list)  # (channel, reminder)
    failed: list[tuple[str, Reminder, str]] = field(default_factory=list)  # (channel, reminder, why)


def _day_reminders(session: Session) -> list[Reminder]:
    """Today's reminders. Missed ones of an earlier day are not sent: the morning summary covers them.
    Of the 督办提醒, the ones the morning agenda lists (the most pressing FOLLOW_UP_ROWS) and a count of
    the rest: a year's backlog is thousands, each a message to every channel (issue #19)."""
    from bangongshi.services.agenda import FOLLOW_UP_ROWS
    from bangongshi.services.follow import pressing

    now, settings = session.now, session.settings
    day = now.date()
    start = datetime.combine(day, time(0), now.tzinfo)
    workday = session.calendar.is_workday(day)
    items = session.store.items
    occurrences = [i for i in items.created_between(start, now + timedelta(seconds=1)) if i.recurrence_id is not None]
    follow = pressing(session, day, FOLLOW_UP_ROWS, silenced=False) if workday else None
    found = rules.day_reminders(
        day, workday, settings.hours_on(day), settings.remind, now.tzinfo,
        appointments=items.appointments_between(start, start + timedelta(days=1)),
        due_today=items.open_due_between(day, day),
        follow=follow.shown if follow else [],
        new_occurrences=occurrences if workday else [],
        follow_hidden=follow.hidden if follow else 0)
    # Tomorrow's duty among them by its time (a stable sort keeps the order of those at one time).
    return sorted(found + _duty_reminders(session, day), key=lambda r: r.at)


def _duty_reminders(session: Session, day) -> list[Reminder]:
    """Tomorrow's duty, reminded today (issue #24; docs/leaders.md)."""
    tomorrow = day + timedelta(days=1)
    shifts = session.store.leaders.shifts_between(tomorrow, tomorrow)
    if not shifts:
        return []
    from bangongshi.domain import duty
    from bangongshi.services.duty import settings_of

    channel_of = {}
    for name in {s.person for s in shifts} | {s.leader for s in shifts if s.leader}:
        person = session.store.registers.person_named(name)
        if person is not None and person.channel:
            channel_of[name] = person.channel
    return duty.reminders(day, shifts, settings_of(session), session.now.tzinfo, channel_of)


def _checked_channels(session: Session) -> dict[str, str]:
    """Every configured channel's URL, checked before anything is claimed (bad input changes nothing)."""
    remind = session.settings.remind
    urls = {name: channels.resolve(remind, name) for name in remind.channels}
    for name, url in urls.items():
        channels.check(name, url)
    return urls


def plan(session: Session) -> list[Planned]:
    """What would be sent now (`--dry-run`): due, and not yet delivered to every channel it goes to."""
    session.store.passphrase = None  # never unseal: reminders only ever carry the mask
    remind = session.settings.remind
    found = _day_reminders(session)
    due = rules.due_now(found, session.now, {})
    due = _not_before_written(session, due)
    settled = session.store.remind.settled([r.key for r in due])
    personal = {p.channel for p in session.store.registers.people() if p.channel}  # duty reminders (issue #24)
    planned = []
    for reminder in due:
        routed = remind.channels_for(reminder.kind)
        if reminder.kind not in remind.route:  # a person's own channel gets only what is addressed to them
            routed = tuple(c for c in routed if c not in personal)
        routed += tuple(c for c in reminder.to if c in remind.channels)
        wanted = tuple(c for c in dict.fromkeys(routed) if (reminder.key, c) not in settled)
        if wanted:
            planned.append(Planned(reminder, wanted, rules.is_late(reminder, session.now, remind)))
    return planned


def _not_before_written(session: Session, due: list[Reminder]) -> list[Reminder]:
    ids = [r.item_id for r in due if r.item_id is not None]
    created = {i: item.created for i, item in session.store.items.get_many(ids).items() if item.created} if ids else {}
    return rules.due_now(due, session.now, created)


def run(session: Session, agenda_text: Callable[[Session], str]) -> Outcome:
    """Send what is due. `agenda_text(session)`: today's agenda as text, for the morning summary (the
    CLI passes the view, which services may not import); made only when the summary goes out."""
    urls = _checked_channels(session)
    remind = session.settings.remind
    planned = plan(session)
    claimed: dict[str, list[Planned]] = {}
    with session.store.rewrite():
        for entry in planned:
            for channel in entry.channels:
                if session.store.remind.claim(entry.reminder, channel, session.now, remind.attempts):
                    claimed.setdefault(channel, []).append(entry)
        session.store.set_meta(LAST_RUN_META, session.now.isoformat(timespec="seconds"))
    outcome = Outcome()
    results: list[tuple[str, str, str]] = []  # (key, channel, error or "")
    detail: dict[str, str] = {}
    for channel, entries in claimed.items():
        dialect = dialect_of(urls[channel])
        late = [e.reminder for e in entries if e.late]
        on_time: dict[str, list[Reminder]] = {}
        for entry in entries:
            if not entry.late:
                on_time.setdefault(entry.reminder.kind, []).append(entry.reminder)
        batches = [batch for kind, found in on_time.items()
                   for batch in ([(found, False)] if len(found) > GROUPED_AFTER and kind != "morning"
                                 else [([one], False) for one in found])] + ([(late, True)] if late else [])
        # A group goes in as many messages as it takes for each to arrive whole: what a channel cuts off
        # would count as sent.
        messages = [(part, is_late) for reminders, is_late in batches
                    for part in (parts(reminders, is_late, dialect) if len(reminders) > 1 else [reminders])]
        for reminders, is_late in messages:
            if not is_late and reminders[0].kind == "morning":
                if "morning" not in detail:
                    detail["morning"] = agenda_text(session)
                reminders = [Reminder(**{**reminders[0].__dict__, "detail": detail["morning"]})]
            error = _deliver(channel, urls[channel], build(reminders, is_late, dialect), remind.timeout)
            for reminder in reminders:
                results.append((reminder.key, channel, error))
                if error:
                    outcome.failed.append((channel, reminder, error))
                else:
                    outcome.sent.append((channel, reminder))
    if results:
        with session.store.rewrite():
            for key, channel, error in results:
                session.store.remind.mark(key, channel, session.now, error)
    return outcome


def _deliver(name: str, url: str, message: Message, timeout: float) -> str:
    from bangongshi.errors import StorageError

    try:
        channels.send(name, url, message, timeout)
    except StorageError as error:
        return error.message
    return ""


def log(session: Session, days: int = 7) -> list[Delivery]:
    if not 1 <= days <= 366:
        raise BadInput("--days 应在 1 到 366 之间")
    return session.store.remind.recent(session.now - timedelta(days=days), 500)


def test(session: Session, name: str) -> str:
    """Send a test message through one channel; StorageError (exit 5) when it does not arrive."""
    remind = session.settings.remind
    url = channels.resolve(remind, name)
    channels.check(name, url)
    reminder = Reminder(f"test:{session.now.isoformat()}", "test", session.now,
                        f"测试消息：提醒渠道「{name}」可以收到办公室助手的提醒（{session.now:%m-%d %H:%M}）。")
    channels.send(name, url, build([reminder], dialect=dialect_of(url)), remind.timeout)
    return reminder.text


__all__ = ["KINDS", "LAST_RUN_META", "Outcome", "Planned", "log", "plan", "run", "test"]
