"""The pure rules of shared 督办 (domain/shared.py) and the object's X-BANGONGSHI-ASSIGNER (issue #25)."""

from datetime import date, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from bangongshi.domain import shared
from bangongshi.model.follow import FollowUp

TZ = timezone(timedelta(hours=8))
days = st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31))
reasons = st.text(max_size=50)


@given(days, reasons)
def test_the_day_asked_reads_back_from_the_note_whatever_the_reason(day, reason):
    assert shared.asked_day(shared.extension_note(day, reason)) == day


@given(reasons)
def test_a_note_that_does_not_start_with_the_request_asks_nothing(reason):
    assert shared.asked_day("进展：" + reason) is None


def entry(n: int, kind: str, note: str = "") -> FollowUp:
    # Clocks of two desks disagree: the order is the store's (ids), not the times.
    return FollowUp(n, 1, kind, datetime(2026, 11, 30, 18 - n, tzinfo=TZ), None, "张三", note)


def test_the_pending_request_is_the_last_one_not_answered_in_the_order_received():
    asked = entry(1, "extend", shared.extension_note(date(2026, 12, 10), "需会签"))
    assert shared.pending_extension([asked]).day == date(2026, 12, 10)
    assert shared.pending_extension([asked, entry(2, "extend_no", "时限仍为2026-12-04")]) is None
    again = entry(3, "extend", shared.extension_note(date(2026, 12, 8), "会签已开始"))
    found = shared.pending_extension([again, entry(2, "extend_no"), asked])
    assert (found.day, found.who) == (date(2026, 12, 8), "张三")
    assert shared.pending_extension([asked, again, entry(4, "extend_ok")]) is None


def test_a_sealed_request_is_still_pending_and_its_day_is_not_guessed():
    # A locked item's entries keep their kind and time in the clear; the note is sealed.
    sealed = FollowUp(1, 1, "extend", datetime(2026, 11, 30, 9, tzinfo=TZ), None, "", "【密】", sealed="v2:1:…")
    found = shared.pending_extension([sealed])
    assert (found.day, found.at, found.note, found.who) == (None, sealed.at, "", "")
    assert shared.pending_extension([sealed, entry(2, "extend_ok")]) is None
    plain = entry(3, "extend", shared.extension_note(date(2026, 12, 8), "会签已开始"))
    assert shared.pending_extension([sealed, entry(2, "extend_no"), plain]).day == date(2026, 12, 8)
    # A note that names no day, unsealed, is still no request (as before).
    assert shared.pending_extension([entry(4, "extend", "进展：在办")]) is None


@given(st.dictionaries(st.sampled_from(shared.PROJECTED + ("title", "due", "result")), st.text(max_size=5)))
def test_the_handler_side_never_compares_the_assigners_own_fields(fields):
    kept = shared.without_projected(fields)
    assert not set(kept) & set(shared.PROJECTED)
    assert {k: v for k, v in fields.items() if k not in shared.PROJECTED} == kept
    assert shared.without_projected(None) is None


def test_the_handlers_view_is_constrained_assigned_by_her_since_she_delegated():
    delegated = datetime(2026, 11, 30, 9, tzinfo=TZ)
    view = shared.handler_view({"source": "王局长", "handler": "张三", "delegated_at": delegated,
                                "follow_every": "每2个工作日"}, "李秘书")
    assert (view["source"], view["handler"], view["constrained"], view["assigned_at"], view["follow_every"]) == (
        "李秘书", "", True, delegated, "")


def test_the_assigner_travels_in_the_object_and_reads_back():
    from bangongshi.formats import caldav
    from bangongshi.model import Item

    item = Item(id=1, uuid="u-1", title="排查校园安全隐患", created=datetime(2026, 11, 30, 9, tzinfo=TZ),
                updated=datetime(2026, 11, 30, 9, tzinfo=TZ))
    assert caldav.item_assigner(caldav.item_component(item, assigner="李秘书")) == "李秘书"
    assert caldav.item_assigner(caldav.item_component(item)) == ""
    # Written afresh each time, never carried over from the copy last synced.
    kept = caldav.object_bytes(caldav.item_component(item, assigner="李秘书"))
    assert caldav.item_assigner(caldav.item_component(item, kept, assigner="")) == ""
