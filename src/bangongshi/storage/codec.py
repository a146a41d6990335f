"""How storage writes and reads dates and times. The text is what the store has always held (ISO 8601,
datetimes to the second with their UTC offset, times of day as HH:MM), so old files read alike; the
rest of the program never sees it."""

from datetime import date, datetime, time


def stamp(moment: datetime) -> str:
    """The one stored datetime format: ISO 8601 to the second, with the UTC offset."""
    return moment.replace(microsecond=0).isoformat()


def moment(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def day_text(day: date | None) -> str | None:
    return day.isoformat() if day else None


def day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def clock_text(at: time | None) -> str | None:
    return at.strftime("%H:%M") if at else None


def clock(text: str | None) -> time | None:
    return time.fromisoformat(text) if text else None
