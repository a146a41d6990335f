"""What every use case needs: the store, the moment the command runs, and how it was typed."""

from dataclasses import dataclass, field
from datetime import datetime

from bangongshi.storage import Store


@dataclass
class Session:
    store: Store
    now: datetime
    command: str
    # Things the user should know that do not stop the command (a date on a rest day…).
    notices: list[str] = field(default_factory=list)

    def write(self):
        return self.store.write(self.command, self.now)
