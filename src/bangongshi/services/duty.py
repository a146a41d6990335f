"""The duty roster (值班表, issue #24): planned over exactly the rest days of a period on the 调休
calendar, one 带班领导 a day, people rotating fairly and continuing from the previous roster; swaps,
the handover log, and what `bgs duty show` prints. People are named as text; the registry (bgs people)
gives their phone numbers and the channel their reminder goes to."""

from dataclasses import dataclass, field, replace as copied
from datetime import date, timedelta

from bangongshi import limits
from bangongshi.domain import duty as rules
from bangongshi.domain.duty import DutySettings
from bangongshi.domain.leaders import month_day
from bangongshi.errors import BadInput, NotFound
from bangongshi.model.leaders import DutyLog, DutyShift, Roster, Shift, Shifts
from bangongshi.services.session import Session

LOG_MAX = 2000


def settings_of(session: Session) -> DutySettings:
    found = getattr(session.settings, "duty", None) if session.settings is not None else None
    return found or DutySettings()


@dataclass
class Planned:
    roster: Roster
    shifts: list[DutyShift]
    counts: dict[str, int]
    continued_from: str | None  # who was last on duty before this roster
    settings: DutySettings = field(default_factory=DutySettings)


def period(session: Session, text: str) -> tuple[str, date, date]:
    """「2027春节」「国庆」「元旦」「周末 12月」「12月5日..12月6日」: (label, first day, last day)."""
    wanted = " ".join((text or "").split())
    if not wanted:
        raise BadInput("请写要排班的期间，例如 国庆、2027春节、\"周末 12月\"、2026-12-05..2026-12-06")
    today = session.now.date()
    found = rules.festival_period(wanted, today, session.calendar.festival_block)
    if found is None:
        found = rules.month_period(wanted, today)
    if found is not None:
        return found
    for mark in ("..", "至", "到", "—", "~"):
        if mark in wanted:
            first, last = (part.strip() for part in wanted.split(mark, 1))
            start = session.parse_date(first, option="开始日期", rest_day_warning=False).date
            end = session.parse_date(last, option="结束日期", rest_day_warning=False).date
            return f"{start.isoformat()}至{end.isoformat()}", start, end
    day = session.parse_date(wanted, option="期间", rest_day_warning=False).date
    block = session.calendar.rest_block(day)
    if block is None:
        raise BadInput(f"{day.isoformat()} 是工作日，不排值班；请写一段日期，例如 {day.isoformat()}..{(day + timedelta(days=6)).isoformat()}")
    return f"{block[0].isoformat()}至{block[1].isoformat()}", block[0], block[1]


def _excepts(session: Session, given: list[str], people: list[str], leaders: list[str]) -> dict[str, set[date]]:
    """`--except 李四:2027-02-12`, `--except 李四:2月12日..2月14日`: the days someone cannot be on duty."""
    found: dict[str, set[date]] = {}
    for entry in given:
        name, colon, when = entry.replace("：", ":").partition(":")
        name = " ".join(name.split())
        if not colon or not name or not when.strip():
            raise BadInput(f"--except「{entry}」应写作 名字:日期，例如 李四:2027-02-12 或 李四:2月12日..2月14日")
        if name not in people and name not in leaders:
            raise BadInput(f"--except「{entry}」：{name} 不在 --people 或 --leaders 里")
        first, _, last = when.partition("..")
        start = session.parse_date(first.strip(), option="--except", rest_day_warning=False).date
        end = session.parse_date(last.strip(), option="--except", rest_day_warning=False).date if last else start
        if end < start:
            raise BadInput(f"--except「{entry}」的结束日期早于开始日期")
        found.setdefault(name, set()).update(start + timedelta(days=n) for n in range((end - start).days + 1))
    return found


def plan(session: Session, text: str, people_text: str, leaders_text: str | None, excepts: list[str] | None = None,
         shifts_text: str | None = None, replace: bool = False) -> Planned:
    settings = settings_of(session)
    label, start, end = period(session, text)
    people = rules.names(people_text, "值班人员（--people）")
    leaders = rules.names(leaders_text, "带班领导（--leaders）") if leaders_text else []
    shifts = Shifts.parse(shifts_text, "班次") if shifts_text else settings.shifts
    unavailable = _excepts(session, excepts or [], people, leaders)
    days = rules.duty_days(start, end, session.calendar.is_workday)
    if not days:
        raise BadInput(f"{label}（{start.isoformat()} 至 {end.isoformat()}）没有休息日，不用排值班")
    estimated = sorted({d.year for d in days if session.calendar.info(d).estimated}
                       | {d.year for d in (start, end) if session.calendar.info(d).estimated})
    session.rests_on_estimate(estimated, f"值班期间「{text}」")  # --strict refuses here
    store = session.store.leaders
    existing = store.shifts_between(start, end)
    if existing and not replace:
        # Days another roster already covers (国庆 inside 「周末 10月」) keep it: the rest is planned.
        covered = {s.day for s in existing}
        days = [d for d in days if d not in covered]
        if not days:
            raise BadInput(f"{label}的休息日都已排过值班（bgs duty show 查看）；重新排请加 --replace")
        session.notice(f"{'、'.join(month_day(d) for d in sorted(covered))} 已在别的值班表里，这次不再排"
                       "（重新排：--replace）")
        existing = []
    start, end = days[0], days[-1]
    previous = store.shifts_before(start)  # where the rotation stopped: it continues from there
    last_person = rules.last_of([s.person for s in previous], people)
    last_leader = rules.last_of([s.leader for s in previous], leaders) if leaders else None
    kinds = settings.shifts_of(shifts)
    slots = [day for day in days for _ in kinds]
    chosen = rules.rotate(slots, people, last_person, unavailable)
    day_leaders = rules.rotate(days, leaders, last_leader, unavailable) if leaders else [""] * len(days)
    leader_of = dict(zip(days, day_leaders))
    roster = Roster(0, label, start, end, shifts, bool(estimated), session.now)
    made: list[DutyShift] = []
    with session.write() as tx:
        for old_roster in {s.roster_id for s in existing}:
            for shift in store.shifts_of(old_roster):
                if start <= shift.day <= end:
                    tx.delete("duty_shift", shift.id)
            if not any(not start <= s.day <= end for s in store.shifts_of(old_roster)):
                store.delete_roster(tx, old_roster)
        roster_id = store.add_roster(tx, roster)
        for index, day in enumerate(slots):
            shift = DutyShift(0, roster_id, day, kinds[index % len(kinds)], chosen[index], leader_of[day],
                              updated=session.now)
            made.append(copied(shift, id=store.add_shift(tx, shift)))
    counts = {name: chosen.count(name) for name in people}
    for name, count in counts.items():
        if count == 0:
            session.notice(f"{name} 这次没有排到（人比班次多），下次排班从接着的人开始")
    return Planned(store.roster(roster_id), made, counts, last_person, settings)


@dataclass
class Shown:
    rosters: list[Roster]
    shifts: list[DutyShift]
    logs: list[DutyLog]
    phones: dict[str, str]
    holidays: dict[date, str]
    settings: DutySettings
    title: str = "值班表"


def show(session: Session, text: str | None = None) -> Shown:
    """The roster of a period (default: the next one not yet over, or the latest)."""
    store = session.store.leaders
    if text:
        label, start, end = period(session, text)
    else:
        rosters = store.rosters()
        if not rosters:
            raise NotFound("还没有排过值班：bgs duty plan 国庆 --people 张三,李四 --leaders 孙主任")
        today = session.now.date()
        current = next((r for r in rosters if r.end >= today), rosters[-1])
        label, start, end = current.label, current.start, current.end
    shifts = store.shifts_between(start, end)
    ids = {s.roster_id for s in shifts}
    rosters = [r for r in store.rosters() if r.id in ids]
    names = {s.person for s in shifts} | {s.leader for s in shifts if s.leader}
    phones = {}
    for name in names:
        person = session.store.registers.person_named(name)
        if person is not None and person.phone:
            phones[name] = person.phone
    holidays = {}
    for day in sorted({s.day for s in shifts}):
        info = session.calendar.info(day)
        holidays[day] = info.holiday or ""
    me = session.settings.myself if session.settings is not None else None
    unit = getattr(me, "unit", "") if me is not None else ""
    label = rosters[0].label if len(rosters) == 1 else label
    return Shown(rosters, shifts, store.logs_between(start, end + timedelta(days=1)), phones, holidays,
                 settings_of(session), f"{unit}{label}值班表")


def swap(session: Session, first: str, second: str, leader: bool = False) -> list[DutyShift]:
    """Two duty days exchange their 值班人员 (or, with `leader`, their 带班领导); each keeps a note of it."""
    store = session.store.leaders
    a = session.parse_date(first, option="日期", rest_day_warning=False).date
    b = session.parse_date(second, option="日期", rest_day_warning=False).date
    if a == b:
        raise BadInput("两个日期相同，没有可调换的")
    on_a, on_b = store.shifts_between(a, a), store.shifts_between(b, b)
    for day, found in ((a, on_a), (b, on_b)):
        if not found:
            raise NotFound(f"{month_day(day)} 没有排值班（bgs duty show 查看）")
    if len(on_a) != len(on_b):
        raise BadInput("两天的班次不同（一天 24 小时、一天分白班夜班），不能整天调换")
    what = "leader" if leader else "person"
    changed = []
    with session.write() as tx:
        for x, y in zip(on_a, on_b):
            for mine, theirs, other_day in ((x, y, b), (y, x, a)):
                if getattr(mine, what) == getattr(theirs, what):
                    continue
                note = f"与{other_day.month}月{other_day.day}日调换（原{getattr(mine, what)}）"
                store.update_shift(tx, mine.id, session.now, **{what: getattr(theirs, what),
                                                                "note": "；".join(filter(None, (mine.note, note)))})
                changed.append(mine.id)
    if not changed:
        raise BadInput("两天是同一个人，没有可调换的")
    return store.shifts_between(min(a, b), max(a, b))


def log(session: Session, text: str) -> DutyLog:
    """A handover note for the duty now running (before the handover time: the previous day's)."""
    words = limits.text(text or "", "交接记录", LOG_MAX).strip()
    if not words:
        raise BadInput("请写交接内容，例如：bgs duty log \"22:10 县应急局来电，已转告带班领导\"")
    settings = settings_of(session)
    day = rules.duty_day_of(session.now.date(), session.now.time(), settings)
    on = session.store.leaders.shifts_between(day, day)
    person = _on_duty(on, session.now.time(), settings)
    if not on:
        session.notice(f"{month_day(day)} 没有排值班；仍记为这一天的交接记录")
    record = DutyLog(0, session.now, day, person, words)
    with session.write() as tx:
        log_id = session.store.leaders.add_log(tx, record)
    return DutyLog(log_id, record.at, record.day, record.person, record.text)


def _on_duty(shifts: list[DutyShift], now, settings: DutySettings) -> str:
    if not shifts:
        return ""
    if len(shifts) == 1:
        return shifts[0].person
    wanted = Shift.DAY if settings.change <= now < settings.night else Shift.NIGHT
    return next((s.person for s in shifts if s.shift is wanted), shifts[0].person)


def handover(session: Session, days: int = 3) -> list[DutyLog]:
    """The latest handover notes (the last `days` duty days): what the next on duty reads first."""
    today = session.now.date()
    return session.store.leaders.logs_between(today - timedelta(days=days), today)
