"""The three-way merge of an item changed both here and on the CalDAV server (domain/sync_merge.py):
examples as a secretary meets them, then properties over any three versions of an item."""

from datetime import date, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from bangongshi.domain.sync_merge import Conflict, merge
from bangongshi.model.items import Folder

CST = timezone(timedelta(hours=8))
SYNCED = datetime(2026, 11, 30, 8, 30, tzinfo=CST)
MORNING, NOON = SYNCED + timedelta(hours=1), SYNCED + timedelta(hours=3)


def item(**fields) -> dict:
    return {"title": "报送月度信息", "notes": "", "result": "", "folder": Folder.TODO, "due": date(2026, 12, 4),
            "tags": (), "done_at": None, "updated": SYNCED, **fields}


def test_a_task_ticked_on_the_phone_while_retitled_here_is_done_with_the_new_title():
    base = item()
    local = item(title="报送11月政务信息", updated=NOON)
    remote = item(folder=Folder.DONE, done_at=MORNING, updated=MORNING)
    merged = merge(base, local, remote)
    assert merged.values == item(title="报送11月政务信息", folder=Folder.DONE, done_at=MORNING, updated=NOON)
    assert merged.conflicts == []


def test_completion_wins_over_a_move_to_another_open_folder_and_the_move_stays_visible():
    merged = merge(item(), item(folder=Folder.TEMP, updated=NOON), item(folder=Folder.DONE, done_at=MORNING,
                                                                        updated=MORNING))
    assert (merged.values["folder"], merged.values["done_at"]) == (Folder.DONE, MORNING)
    assert merged.conflicts == [Conflict("folder", Folder.TEMP, Folder.DONE, "remote")]


def test_two_results_written_on_two_machines_are_both_kept_the_earlier_first():
    merged = merge(item(), item(result="已报送，见办公室邮箱", updated=NOON), item(result="已电话报送王主任", updated=MORNING))
    assert merged.values["result"] == "已电话报送王主任\n已报送，见办公室邮箱"
    assert merged.conflicts == [Conflict("result", "已报送，见办公室邮箱", "已电话报送王主任", "local", joined=True)]


def test_notes_appended_on_both_sides_keep_the_common_start_once():
    base = item(notes="参考去年格式")
    merged = merge(base, item(notes="参考去年格式\n加上第三季度数据", updated=MORNING),
                   item(notes="参考去年格式\n王主任：12月4日前", updated=NOON))
    assert merged.values["notes"] == "参考去年格式\n加上第三季度数据\n王主任：12月4日前"


def test_a_note_cleared_on_one_side_and_edited_on_the_other_keeps_the_text():
    merged = merge(item(notes="旧"), item(notes="", updated=NOON), item(notes="旧，又补充一句", updated=MORNING))
    assert merged.values["notes"] == "旧，又补充一句"
    assert merged.conflicts[0].kept == "remote"


def test_otherwise_the_later_edit_wins_and_the_other_value_is_listed():
    merged = merge(item(), item(due=date(2026, 12, 3), updated=MORNING), item(due=date(2026, 12, 7), updated=NOON))
    assert merged.values["due"] == date(2026, 12, 7)
    assert merged.conflicts == [Conflict("due", date(2026, 12, 3), date(2026, 12, 7), "remote")]


def test_nudges_and_progress_notes_made_on_both_sides_are_all_kept_in_time_order():
    first = {"kind": "nudge", "at": SYNCED - timedelta(days=1), "note": "电话催办"}
    mine = {"kind": "progress", "at": NOON, "note": "已检查8所学校"}
    theirs = {"kind": "nudge", "at": MORNING, "note": "微信催办"}
    merged = merge(item(log=(first,)), item(log=(first, mine)), item(log=(first, theirs)))
    assert merged.values["log"] == (first, theirs, mine)
    assert merged.conflicts == []


def test_a_field_the_phone_does_not_carry_is_not_taken_as_cleared():
    base = item(kind="doc", handler="教育科张三")
    phone = {k: v for k, v in item(title="报送月度信息（改）", updated=NOON).items()}
    merged = merge(base, base, phone)
    assert (merged.values["kind"], merged.values["handler"], merged.values["title"]) == ("doc", "教育科张三",
                                                                                          "报送月度信息（改）")


def test_the_same_occurrence_made_on_two_machines_merges_without_conflict():
    office = item(title="周一例会", created=SYNCED, updated=SYNCED)
    laptop = item(title="周一例会", created=MORNING, updated=MORNING)
    merged = merge(None, office, laptop)
    assert merged.conflicts == []
    assert (merged.values["created"], merged.values["updated"]) == (SYNCED, MORNING)


# Properties over any three versions of an item, from small pools so that sides often agree or clash.

moments = st.sampled_from([None, SYNCED, MORNING, NOON, NOON.replace(tzinfo=None)])
texts = st.text(alphabet="甲乙\n", max_size=4)
entries = st.fixed_dictionaries({"at": st.sampled_from([SYNCED, MORNING, NOON]), "note": st.sampled_from("催问报")})
VALUES = {
    "title": st.sampled_from(["例会", "周报", "通知"]),
    "notes": texts,
    "result": texts,
    "folder": st.sampled_from(list(Folder)),
    "due": st.sampled_from([None, date(2026, 12, 4), date(2026, 12, 7)]),
    "important": st.booleans(),
    "tags": st.lists(st.sampled_from(["会", "文", "急"]), unique=True, max_size=3).map(tuple),
    "log": st.lists(entries, max_size=3).map(tuple),
    "done_at": moments,
    "updated": moments,
}


@st.composite
def versions(draw) -> dict:
    names = draw(st.sets(st.sampled_from(sorted(VALUES))))
    return {name: draw(VALUES[name]) for name in names}


@given(versions(), versions(), versions())
def test_merge_does_not_depend_on_which_side_is_local(base, local, remote):
    forward, backward = merge(base, local, remote), merge(base, remote, local)
    assert forward.values == backward.values
    swapped = {"local": "remote", "remote": "local"}
    assert [(c.field, c.remote, c.local, swapped[c.kept], c.joined) for c in backward.conflicts] == [
        (c.field, c.local, c.remote, c.kept, c.joined) for c in forward.conflicts]


@given(versions(), versions())
def test_what_only_one_side_changed_is_taken_without_conflict(base, changed):
    side = {**base, **changed}
    for merged in (merge(base, base, side), merge(base, side, base)):
        assert merged.values == side
        assert merged.conflicts == []


def _added(base: str, text: str) -> str:
    return text[len(base):] if base and text.startswith(base) else text


@given(versions(), versions(), versions())
def test_no_text_and_no_log_entry_either_side_added_is_lost(base, local, remote):
    merged = merge(base, local, remote).values
    for name in ("notes", "result"):
        for side in (local, remote):
            if side.get(name) and side[name] != base.get(name):
                assert _added(base.get(name) or "", side[name]) in merged[name]
    for name in ("log", "tags"):
        for side in (local, remote):
            for entry in side.get(name, ()):
                if entry not in base.get(name, ()):
                    assert entry in merged[name]


@given(versions(), versions(), versions())
def test_a_conflict_is_listed_exactly_where_both_sides_changed_a_field_differently(base, local, remote):
    merged = merge(base, local, remote)
    listed = {c.field for c in merged.conflicts}
    for name in set(local) & set(remote):
        was = base.get(name, object())  # not in the base: both sides gave it a value
        both = local[name] != remote[name] and local[name] != was and remote[name] != was
        if name in ("tags", "log", "updated"):
            assert name not in listed
        elif both:
            assert name in listed
        else:
            assert name not in listed
    for conflict in merged.conflicts:
        value = merged.values[conflict.field]
        assert conflict.joined or value == (conflict.local if conflict.kept == "local" else conflict.remote) \
            or conflict.field == "done_at"


@given(versions(), versions(), versions())
def test_completion_wins_when_both_sides_moved_the_item(base, local, remote):
    if {"folder"} <= set(base) & set(local) & set(remote) and base["folder"] not in (local["folder"], remote["folder"]):
        if Folder.DONE in (local["folder"], remote["folder"]):
            assert merge(base, local, remote).values["folder"] is Folder.DONE
