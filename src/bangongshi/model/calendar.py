"""A year's holiday arrangement (调休) as the user loaded it."""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class LoadedYear:
    year: int
    source: str  # what it was loaded from: notice (the State Council notice) or yaml
    loaded_at: datetime
