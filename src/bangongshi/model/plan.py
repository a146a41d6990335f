"""A saved 次日 list: the items chosen for a day, in the order they were put."""

from dataclasses import dataclass
from datetime import date, datetime

from bangongshi.model.items import Item


@dataclass(frozen=True)
class Plan:
    day: date
    made_at: datetime | None
    items: tuple[Item, ...]  # in the saved order; items deleted since are left out
