"""The four quadrants (P5): which one an item is in, by its importance and its urgency.

The agenda's ranking (domain/ranking.py) and `bgs add`'s echo of what it understood ask the same
question; this module answers it for both, without the ranking's machinery (typing, the workday
counter), so that a capture stays light (tests/test_startup.py).
"""

from datetime import date

from bangongshi.domain.settings import IMPORTANCE_SIGNALS
from bangongshi.model import Attention, Folder

QUADRANTS = {1: "重要且紧急", 2: "重要不紧急", 3: "紧急不重要", 4: "不重要不紧急"}
# Beyond this many calendar days a deadline is never within `urgent_within_workdays` (at most 60).
_NEVER_URGENT_DAYS = 200


def constrained(facts) -> bool:
    # P20: whatever sits in 临时 was assigned on the spot by someone else.
    return facts.constrained or facts.folder is Folder.TEMP


def importance_signals(facts, settings) -> tuple[str, ...]:
    """The leader's signals (P9, P12) this item carries that settings switch on, in IMPORTANCE_SIGNALS
    order. `facts`: anything with attention, constrained, folder, report and supervised."""
    present = {
        "attention_high": facts.attention is Attention.HIGH,
        "attention_normal": facts.attention is Attention.NORMAL,
        "assigned": constrained(facts),
        "report": facts.report,
        "supervised": facts.supervised,
    }
    return tuple(code for code in IMPORTANCE_SIGNALS if present[code] and code in settings.importance)


def signalled(facts, settings) -> bool:
    """Whether importance_signals finds any: asked of every group of open items, so without listing them."""
    switched = settings.importance
    attention = facts.attention
    return bool((attention is Attention.HIGH and "attention_high" in switched)
                or (attention is Attention.NORMAL and "attention_normal" in switched)
                or ("assigned" in switched and (facts.constrained or facts.folder is Folder.TEMP))
                or (facts.report and "report" in switched) or (facts.supervised and "supervised" in switched))


def classify(facts, to_due: int | None, settings, has_signal: bool | None = None) -> tuple[int, bool]:
    """(quadrant 1–4, urgent): urgent is the flag, or a deadline within `urgent_within_workdays`
    workdays (`to_due`, negative when overdue); important is the flag, a lock, or a leader's signal
    (`has_signal`: signalled(facts, settings), when the caller knows it already)."""
    urgent = facts.urgent or (to_due is not None and to_due <= settings.urgent_within_workdays)
    important = facts.important or facts.locked or (signalled(facts, settings) if has_signal is None else has_signal)
    return (1 if important and urgent else 2 if important else 3 if urgent else 4), urgent


class _ItemFacts:
    """An Item seen as the ranking sees it (its Candidate), for `of_item`."""

    __slots__ = ("folder", "important", "urgent", "locked", "constrained", "attention", "report", "supervised")

    def __init__(self, item):
        self.folder, self.important, self.urgent, self.locked = item.folder, item.important, item.urgent, item.locked
        self.constrained, self.attention = item.constrained, item.attention
        self.report, self.supervised = item.report_required, bool(item.handler)


def of_item(item, today: date, settings, workdays_between) -> int:
    """The quadrant the agenda of `today` puts an open item in. `workdays_between(start, end)` (the
    calendar's count) is asked only when the item has a deadline near enough to count."""
    if item.due is None:
        to_due = None
    elif item.due < today:
        to_due = -1  # overdue: urgent, however many workdays ago
    elif (item.due - today).days > _NEVER_URGENT_DAYS:
        to_due = (item.due - today).days
    else:
        to_due = workdays_between(today, item.due)
    return classify(_ItemFacts(item), to_due, settings)[0]
