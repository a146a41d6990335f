"""The records every layer passes around, one file per noun; they import nothing of ours but errors.

items.py     Item and its coded enums (Folder, Kind, Attention)
brief.py     ItemBrief: what the long views (reports, week, month) read of an item
rules.py     Rule: a recurring rule and the item fields it copies to each occurrence
journal.py   Run, Change: what the journal recorded
follow.py    FollowUp: one entry of the 督办 log
records.py   Event (大事), Slip (差错)
calendar.py  LoadedYear: a year's holiday arrangement as loaded
plan.py      Plan: a saved 次日 list
remind.py    Reminder, Delivery: what `bgs remind` sends and what it recorded
registers.py RegisterEntry, DocNumber, Contact, Person: the office registers (收文/发文, 来电来访)
ids.py       the uuid makers: new records, file contents, a rule's occurrences

The item vocabulary is re-exported here because nearly every module needs it (and it is loaded on
every run anyway); the other records are imported from their own file, so that a quick command
does not load records it never uses.
"""

from bangongshi.model.items import (
    CLEARABLE_FIELDS,
    OPEN_FOLDERS,
    Attention,
    Coded,
    Folder,
    Item,
    ItemFilter,
    Kind,
)

__all__ = ["CLEARABLE_FIELDS", "OPEN_FOLDERS", "Attention", "Coded", "Folder", "Item", "ItemFilter", "Kind"]
