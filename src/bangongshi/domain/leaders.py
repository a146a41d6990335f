"""The leaders' week (issue #24), pure: which part of the day an activity falls in, and the clashes a
secretary must see before the table goes out — the same leader in two places at once, an activity on
a rest day, a leader who is needed but away. The calendar's answers and the away periods are passed in."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from bangongshi.model.leaders import Away

# 上午 until noon, 下午 until six, 晚上 after: the three rows of a day in the 领导活动安排表.
PERIODS = ("上午", "下午", "晚上")
NOON, EVENING = time(12, 0), time(18, 0)
# An activity without a duration takes this long for the clash check (a meeting, a visit).
ASSUMED_MINUTES = 60


def month_day(day: date) -> str:
    """「12月3日」: no leading zeros, as dates are written in Chinese text."""
    return f"{day.month}月{day.day}日"


def period_of(moment: datetime) -> str:
    if moment.time() < NOON:
        return PERIODS[0]
    return PERIODS[1] if moment.time() < EVENING else PERIODS[2]


def week_of(day: date) -> tuple[date, date]:
    """Monday to Sunday of the week that holds `day`."""
    start = day - timedelta(days=day.weekday())
    return start, start + timedelta(days=6)


@dataclass(frozen=True)
class Activity:
    """An appointment as the week's table sees it."""

    item_id: int
    start: datetime
    minutes: int | None
    leaders: tuple[str, ...]
    escorts: tuple[str, ...] = ()

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.minutes or ASSUMED_MINUTES)


@dataclass
class Clash:
    kind: str  # overlap | rest_day | away
    item_id: int
    leader: str
    text: str
    other: int | None = None  # the other activity of an overlap


@dataclass
class Checked:
    clashes: list[Clash] = field(default_factory=list)

    def of(self, item_id: int) -> list[Clash]:
        return [c for c in self.clashes if c.item_id == item_id]


def clashes(activities: list[Activity], aways: list[Away], rest_day: dict[date, str]) -> Checked:
    """Every clash among `activities`. `rest_day`: day → why it is a rest day (周末, 国庆节…), for the
    days that are; `aways`: the leaders' away periods that may touch them."""
    found = Checked()
    ordered = sorted(activities, key=lambda a: (a.start, a.item_id))
    for index, activity in enumerate(ordered):
        day = activity.start.date()
        for leader in activity.leaders:
            for other in ordered[index + 1:]:
                if other.start >= activity.end:
                    break
                if leader in other.leaders:
                    text = (f"{leader} {month_day(activity.start)} {activity.start:%H:%M} 同时有 #{activity.item_id} 和 #{other.item_id}"
                            "（同一时间两处活动）")
                    found.clashes.append(Clash("overlap", activity.item_id, leader, text, other.item_id))
                    found.clashes.append(Clash("overlap", other.item_id, leader, text, activity.item_id))
            away = next((a for a in aways if a.person == leader and a.covers(day)), None)
            if away is not None:
                why = away.reason or "不在"
                found.clashes.append(Clash("away", activity.item_id, leader,
                                           f"{leader} {month_day(away.start)}至{month_day(away.end)}{why}，"
                                           f"#{activity.item_id} 需要他参加"))
        if day in rest_day:
            found.clashes.append(Clash("rest_day", activity.item_id, "、".join(activity.leaders),
                                       f"#{activity.item_id} 在休息日（{month_day(day)} {rest_day[day]}）"))
    return found
