"""What a command that changes items says it understood (issue #21): `add` echoes the deadline or
start it read, the folder, the quadrant and any warning; `edit`, `move`, `done` and `reopen` show
each changed field as old → new. The lines for people and the objects for scripts are made here,
side by side, so both carry the same facts.

On `bgs add`'s path (tests/test_startup.py): no Rich, no typing, not the journal's records.
"""

from datetime import date, datetime, time

from bangongshi.domain.durations import format_minutes
from bangongshi.domain.quadrants import QUADRANTS
from bangongshi.model import Coded, Item

_WEEKDAYS = "一二三四五六日"
NOTHING = "（无）"
# Long texts (notes, results) are cut in an old → new line; `show` has them whole.
_SHOWN_TEXT = 40

FIELD_LABELS = {
    "title": "标题", "notes": "备注", "folder": "文件夹", "kind": "类别", "important": "重要",
    "urgent": "紧急", "due": "截止", "due_time": "截止时间", "at": "开始", "duration_minutes": "时长",
    "location": "地点", "key": "重点", "constrained": "受制约", "source": "交办人",
    "assigned_at": "交办时间", "attention": "关注度", "report_required": "需反馈", "handler": "承办人",
    "tags": "标签", "estimate_minutes": "预计用时", "major": "大事", "locked": "加密",
    "done_at": "处理时间", "result": "处理结果", "recurrence_id": "周期事项", "occurrence": "周期日期",
    "hand_edited": "手工修改", "parent_id": "所属", "step": "步骤", "step_from": "步骤起算", "step_offset": "步骤间隔",
    "follow_every": "催办周期", "delegated_at": "交办督办", "reported_at": "反馈", "handoff_to": "移交",
    "acknowledged_at": "确认接收", "spent_minutes": "实际用时", "remind": "提醒",
}
# Bookkeeping that changes along with a labelled field: naming it would say the same thing twice.
QUIET_FIELDS = frozenset({"updated", "created", "uuid", "id", "follow_rrule", "follow_policy", "handoff_at",
                          "sealed", "hand_edited"})
# Set along with another field (a deadline's time with its day, 已处理's time with the move, an
# assignment's time and 受制约 with 交办人 or the move to 临时): said with that field, not again.
_ALONG_WITH = {"due_time": ("due",), "done_at": ("folder",), "constrained": ("source", "folder"),
               "assigned_at": ("source", "folder")}
_MINUTES = ("duration_minutes", "estimate_minutes", "spent_minutes")


def is_mask(item_id: int | None, title: str) -> bool:
    """Whether `title` is a locked item's mask, 「【密】事项 #7」 (storage/sealing.py), which already
    names the item: a view that adds the number would say it twice (「【密】事项 #7 #7」)."""
    return title == f"【密】事项 #{item_id}"


def item_name(item_id: int | None, title: str) -> str:
    """「#7 起草通知」; a locked item's mask 「【密】事项 #7」 as it is."""
    return title if is_mask(item_id, title) else f"#{item_id} {title}"


def day_text(day: date, today: date | None) -> str:
    """「12月3日（周四）」, with the year when it is not this year's."""
    year = f"{day.year}年" if today is None or day.year != today.year else ""
    return f"{year}{day.month}月{day.day}日（周{_WEEKDAYS[day.weekday()]}）"


def deadline_text(item: Item, today: date | None) -> str:
    """「12月3日（周四）15:00」: the deadline as understood; "" without one."""
    if item.due is None:
        return ""
    return day_text(item.due, today) + (f"{item.due_time:%H:%M}" if item.due_time else "")


def start_text(item: Item, today: date | None) -> str:
    """「12月1日（周二）09:30，2小时」: an appointment's start and length; "" without one."""
    if item.at is None:
        return ""
    length = f"，{format_minutes(item.duration_minutes)}" if item.duration_minutes else ""
    return f"{day_text(item.at.date(), today)}{item.at:%H:%M}{length}"


# --- add ---------------------------------------------------------------------------------------------

def added_lines(item: Item, quadrant: int, warnings: list[str], today: date | None,
                readings: list[str] = ()) -> list[str]:
    """`bgs add` for people: what was recorded where, then what was understood (deadline, start,
    who assigned it, the quadrant), how each date phrase was read (`readings`, docs/calendar.md),
    then each warning."""
    lines = [f"已记入 {item.folder.label}：{item_name(item.id, item.title)}"]
    understood = []
    if item.due is not None:
        understood.append(f"截止 {deadline_text(item, today)}")
    if item.at is not None:
        understood.append(f"开始 {start_text(item, today)}")
    if item.source and not item.locked:
        understood.append(f"{item.source}交办")
    understood.append(QUADRANTS[quadrant])
    lines.append("  " + "；".join(understood))
    lines += list(readings)
    lines += [f"注意：{warning}" for warning in warnings]
    return lines


def added_object(item: Item, quadrant: int, warnings: list[str], duplicates: list) -> dict:
    """`bgs add --format json`: the Item object, then what the echo says (docs/contract.md)."""
    from bangongshi.formats.json import item_object

    return {**item_object(item), "quadrant": quadrant, "quadrant_label": QUADRANTS[quadrant],
            "duplicates": [{"id": other, "folder": folder.code, "folder_label": folder.label}
                           for other, folder in duplicates],
            "warnings": list(warnings)}


# --- edit, move, done, reopen ------------------------------------------------------------------------

def changed_fields(before: Item, after: Item) -> list[str]:
    """The Item fields that changed and are worth naming, in the Item's order."""
    return worth_naming([name for name, was, now in zip(Item._fields, before, after) if was != now])


def worth_naming(names: list[str]) -> list[str]:
    """Of the fields that changed, those to name, in the Item's order: no bookkeeping, nothing set
    along with another named field, a deadline's time said as the deadline (`due`)."""
    names = sorted((n for n in names if n not in QUIET_FIELDS), key=lambda n: _ORDER.get(n, len(_ORDER)))
    kept = []
    for name in names:
        if any(main in names for main in _ALONG_WITH.get(name, ())):
            continue
        if name == "due_time":  # the time alone changed: said as the deadline
            name = "due"
        kept.append(name)
    return kept


_ORDER = {name: n for n, name in enumerate(Item._fields)}


def value_text(item: Item, name: str, today: date | None) -> str:
    """One field's value as people read it."""
    if name == "due":
        return deadline_text(item, today) or NOTHING
    value = getattr(item, name)
    if value is None or value == "" or value == ():
        return NOTHING
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Coded):
        return value.label
    if isinstance(value, datetime):
        return f"{day_text(value.date(), today)}{value:%H:%M}"
    if isinstance(value, date):
        return day_text(value, today)
    if isinstance(value, time):
        return f"{value:%H:%M}"
    if name in _MINUTES:
        return format_minutes(value)
    if name == "remind":
        from bangongshi.model.remind import NO_REMIND

        return "不提醒" if value == NO_REMIND else f"提前{format_minutes(value)}"
    if name == "tags":
        return "、".join(value)
    text = " ".join(str(value).split())
    return text if len(text) <= _SHOWN_TEXT else text[:_SHOWN_TEXT] + "…"


def changed_lines(pairs: list, verb: str, today: date | None, readings: list[str] = ()) -> list[str]:
    """`pairs`: each item `.before` and `.after` the command. A line naming the item (with the move
    between folders, if any), then a line per changed field: 「截止：12月1日（周二） → 12月3日（周四）15:00」;
    at the end, how each date phrase was read (`readings`)."""
    lines = []
    for pair in pairs:
        before, after = pair.before, pair.after
        name = item_name(after.id, before.title)
        names = changed_fields(before, after)
        if not names:
            # Only whose appointment it is changed (--for/--with, issue #24): the readings say how.
            lines.append(f"{name}：{'已修改领导、陪同' if getattr(pair, 'people', False) else '未改动'}")
            continue
        moved = f"：{before.folder.label} → {after.folder.label}" if "folder" in names else ""
        lines.append(f"{verb} {name}{moved}")
        lines += [f"  {FIELD_LABELS.get(n, n)}：{value_text(before, n, today)} → {value_text(after, n, today)}"
                  for n in names if n != "folder"]
    return lines + list(readings)


def changed_objects(pairs: list) -> list[dict]:
    """The Item object of each item as it is now, with `changes`: `{field, before, after}` for each
    Item key whose value the command changed, values as in the Item object (docs/contract.md)."""
    from bangongshi.formats.json import item_object

    shown = []
    for pair in pairs:
        old, new = item_object(pair.before), item_object(pair.after)
        changes = [{"field": key, "before": old[key], "after": new[key]}
                   for key in new if key != "updated" and old[key] != new[key] and not key.endswith("_label")]
        shown.append({**new, "changes": changes})
    return shown


def preview_lines(preview: list, total: int) -> list[str]:
    """`bgs import --dry-run`: the first items as they would be saved, one line each, the fields a person
    checks (folder, kind, deadline, start, who assigned it, who handles it, tags)."""
    lines = [f"  前 {len(preview)} 项将存为：" if total > len(preview) else "  将存为："]
    for new, item in preview:
        parts = [item.folder.label]
        if item.kind:
            parts.append(item.kind.label)
        if item.due:
            parts.append(f"截止 {item.due.isoformat()}" + (f" {item.due_time:%H:%M}" if item.due_time else ""))
        if item.at:
            parts.append(f"开始 {item.at:%Y-%m-%d %H:%M}")
        parts += [f"{label} {value}" for label, value in (("交办人", item.source), ("承办人", item.handler),
                                                           ("地点", item.location)) if value]
        flags = "、".join(label for label, on in (("重要", item.important), ("紧急", item.urgent)) if on)
        if flags:
            parts.append(flags)
        if item.tags:
            parts.append("标签 " + "、".join(item.tags))
        head = "新增" if new else f"更新 #{item.id}"
        lines.append(f"    {head}：{item.title}（{'，'.join(parts)}）")
    return lines
