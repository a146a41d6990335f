"""Events (大事) and slips (差错): records of the office's year that are not tasks."""

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class Event:
    id: int
    day: date
    title: str


@dataclass(frozen=True)
class Slip:
    id: int
    at: datetime
    text: str
    item_id: int | None
    sealed: str | None = None  # the text of a slip of a locked item, encrypted (storage/sealing.py)
