"""Reminders: what is due to be sent (Reminder) and what the store recorded of a delivery (Delivery)."""

from dataclasses import dataclass
from datetime import datetime

# Item.remind: None is the configured lead (remind.before); this value means "never remind me of it".
NO_REMIND = -1

# The kinds of reminder, each routed to its own channels (remind.route), with its Chinese name.
KINDS = {
    "appointment": "会议/约定",
    "due": "今天到期",
    "follow": "督办",
    "morning": "早间日程",
    "evening": "下班前计划",
    "recur": "周期事项",
    "duty": "值班",
    "test": "测试",
}


@dataclass(frozen=True)
class Reminder:
    key: str  # stable across runs: the same reminder is never sent twice to a channel
    kind: str  # a key of KINDS
    at: datetime  # when it should go out
    text: str  # one short line, the item already masked if locked
    item_id: int | None = None
    detail: str = ""  # longer text (the morning agenda); only for kinds that carry one
    happens: datetime | None = None  # an appointment's start: still worth a reminder until then
    to: tuple[str, ...] = ()  # channels it also goes to beyond its kind's route (the person on duty's)


@dataclass(frozen=True)
class Delivery:
    key: str
    channel: str
    kind: str
    due: datetime
    claimed: datetime
    finished: datetime | None
    result: str  # "sending", "sent", "failed"
    attempts: int
    error: str
    text: str
