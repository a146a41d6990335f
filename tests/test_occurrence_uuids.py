"""Occurrence uuids derived from the rule and the date (issue 18): two machines that make the same
occurrence give it the same uuid, and a store made before that is rekeyed without breaking undo."""

import shutil
import sqlite3
import uuid
from datetime import date
from pathlib import Path

from conftest import Bgs

from bangongshi.model.ids import OCCURRENCE_NAMESPACE, occurrence_uuid
from bangongshi.storage.rules import rekey_unsynced_occurrences

FIXTURE = Path(__file__).parent / "fixtures" / "schema_v11.db"
MONDAY = {"BANGONGSHI_NOW": "2026-11-30T08:30"}
RULE_FILE = "recurring:\n  - title: 周一例会\n    rule: 每周一\n    at: 9:00\n"
SECRET = {"BANGONGSHI_PASSPHRASE": "fixture passphrase"}


def test_the_uuid_is_uuid5_of_rule_and_date_in_a_fixed_namespace():
    rule = "eb04baa3-2611-4c36-8950-cfb440144951"
    # Pinned: every machine, and every version of bangongshi, must derive exactly this.
    assert occurrence_uuid(rule, date(2026, 11, 30)) == "91bb1aad-dd27-5e7e-a85b-89c4aa460079"
    assert OCCURRENCE_NAMESPACE == str(uuid.uuid5(uuid.NAMESPACE_URL, "https://bangongshi/occurrence"))
    assert occurrence_uuid(rule, date(2026, 11, 30)) == str(uuid.uuid5(uuid.UUID(OCCURRENCE_NAMESPACE),
                                                                      f"{rule}/2026-11-30"))
    assert occurrence_uuid(rule, date(2026, 12, 7)) != occurrence_uuid(rule, date(2026, 11, 30))


def test_two_homes_that_make_the_same_occurrence_give_it_the_same_uuid(tmp_path):
    (tmp_path / "rules.yaml").write_text(RULE_FILE, encoding="utf-8")
    office, laptop = Bgs(tmp_path / "office", MONDAY["BANGONGSHI_NOW"]), Bgs(tmp_path / "laptop", MONDAY["BANGONGSHI_NOW"])
    made = []
    for home in (office, laptop):
        home.ok("import", str(tmp_path / "rules.yaml"))
        made.append({i["occurrence"]: i["uuid"] for i in home.items("--all")})
    rule_uuid = office.ok("recur", "list", "--format", "json").json()[0]["uuid"]
    assert made[0] == made[1] == {"2026-11-30": occurrence_uuid(rule_uuid, date(2026, 11, 30))}


def test_a_rule_deleted_and_imported_again_does_not_make_its_kept_occurrence_twice(bgs, tmp_path):
    (tmp_path / "rules.yaml").write_text(RULE_FILE, encoding="utf-8")
    bgs.ok("import", str(tmp_path / "rules.yaml"), env=MONDAY)
    bgs.ok("recur", "delete", "R1", "--yes", env=MONDAY)  # today's occurrence stays
    bgs.ok("import", str(tmp_path / "rules.yaml"), env=MONDAY)  # the same rule, the same uuid, R2
    listed = bgs.ok("list", "--all", "--format", "json", env=MONDAY).json()
    assert [(i["title"], i["occurrence"]) for i in listed] == [("周一例会", "2026-11-30")]
    # Next Monday's is made once, by the rule now in force.
    later = bgs.ok("list", "--all", "--format", "json", env={"BANGONGSHI_NOW": "2026-12-07T08:30"}).json()
    assert sorted(i["occurrence"] for i in later) == ["2026-11-30", "2026-12-07"]


def _old_store(bgs) -> None:
    """A store saved by bangongshi before occurrence uuids were derived (random ones)."""
    bgs.home.mkdir(parents=True)
    shutil.copy(FIXTURE, bgs.db)


def _rekey(bgs, synced=frozenset()) -> int:
    with sqlite3.connect(bgs.db) as conn:
        return rekey_unsynced_occurrences(conn, synced)


def _derived(bgs, item_id: int) -> tuple[str, str]:
    """(the item's uuid, the uuid derived from its rule and date)."""
    item = bgs.item(item_id)
    rules = {r["id"]: r["uuid"] for r in bgs.ok("recur", "list", "--format", "json").json()}
    return item["uuid"], occurrence_uuid(rules[item["recurrence_id"]], date.fromisoformat(item["occurrence"]))


def test_old_occurrences_get_their_derived_uuid_and_undo_still_reaches_the_command_that_made_them(bgs):
    _old_store(bgs)
    with sqlite3.connect(bgs.db) as conn:
        before = dict(conn.execute("SELECT id, uuid FROM items"))
    assert _rekey(bgs) == 2
    assert _rekey(bgs) == 0  # once is enough: a second run finds nothing to do
    for item_id in (7, 8):
        current, derived = _derived(bgs, item_id)
        assert current == derived != before[item_id]
    with sqlite3.connect(bgs.db) as conn:
        after = dict(conn.execute("SELECT id, uuid FROM items"))
    assert {k: v for k, v in after.items() if k not in (7, 8)} == {k: v for k, v in before.items() if k not in (7, 8)}
    # Undo walks back, command by command, to the rule that made item 8: its journal snapshots carry the
    # new uuid, so undo does not take the rekey for a later change and refuse.
    for _ in range(30):
        undone = bgs.ok("undo", env=SECRET)
        if "报送月度信息 --rule" in undone.stderr:
            break
    else:
        raise AssertionError("undo never reached `bgs recur add 报送月度信息`")
    assert 8 not in {i["id"] for i in bgs.items("--all")}
    bgs.ok("redo", env=SECRET)
    assert bgs.item(8)["uuid"] == after[8]


def test_what_the_server_holds_already_keeps_its_uuid(bgs):
    _old_store(bgs)
    bgs.ok("list")  # opened: the schema-12 migration gives the old occurrences their derived uuids
    current, derived = _derived(bgs, 8)
    assert current == derived
    held = "6f62a7b8-77e3-4a42-ae48-2ce03ad2fc0e"  # as if item 7 had reached a server under another uuid
    with sqlite3.connect(bgs.db) as conn:
        conn.execute("UPDATE items SET uuid = ? WHERE id = 7", (held,))
    assert _rekey(bgs, synced={held}) == 0
    assert bgs.item(7)["uuid"] == held
    assert _rekey(bgs) == 1  # not held by a server: it takes its derived uuid


def test_a_locked_occurrence_stays_readable(bgs):
    """Its sealed text is bound to its uuid: rekeying it would make it unreadable for good."""
    _old_store(bgs)
    bgs.ok("lock", "7", env=SECRET)
    _rekey(bgs)
    shown = bgs.ok("show", "7", "--unlock", "--format", "json", env=SECRET).json()
    assert shown["title"] == "周一例会"
    assert "周一例会" in bgs.ok("undo", env=SECRET).stderr + bgs.ok("show", "7").stdout
