"""Small phrases shared by every view, kept free of Rich so machine paths stay light."""

from datetime import date, datetime

from bangongshi.domain.durations import format_minutes
from bangongshi.model import Folder, Item
from bangongshi.model.journal import Change
from bangongshi.domain.calendar import WEEKDAYS
from bangongshi.render.echo import FIELD_LABELS, QUIET_FIELDS as _QUIET_FIELDS, item_name


def due_text(item: Item, today: date | None) -> str:
    """The deadline with its weekday; the year only when it is not this year (or not known)."""
    if item.due is None:
        if item.at is not None:  # an appointment: when it starts is what the column should say
            start = item.at.date()
            shown = start.strftime("%m-%d") if today and start.year == today.year else start.isoformat()
            return f"{shown}（周{WEEKDAYS[start.weekday()]}）{item.at:%H:%M} 开始"
        return ""
    shown = item.due.strftime("%m-%d") if today and item.due.year == today.year else item.due.isoformat()
    text = f"{shown}（周{WEEKDAYS[item.due.weekday()]}）"
    if item.due_time:
        text += f" {item.due_time.strftime('%H:%M')}"
    return text


def moment_text(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return f"{moment.strftime('%Y-%m-%d')}（周{WEEKDAYS[moment.weekday()]}）{moment.strftime('%H:%M')}"


def flags_text(item: Item) -> str:
    marks = []
    if item.important:
        marks.append("重要")
    if item.urgent:
        marks.append("紧急")
    if item.key:
        marks.append("重点")
    if item.major:
        marks.append("大事")
    return "·".join(marks)


def estimate_text(item: Item) -> str:
    return format_minutes(item.estimate_minutes)



def describe_change(change: Change) -> str:
    """One line saying what a change did, for people."""
    snapshot = change.after or change.before
    if change.entity == "calendar_year":
        verb = "删除" if change.after is None else "载入"
        return f"{verb} {snapshot['year']} 年放假安排"
    if change.entity == "plan":
        return f"{'删除' if change.after is None else '保存'} {snapshot['day']} 的次日事项"
    if change.entity == "plan_entry":
        verb = "移出" if change.after is None else "列入"
        return f"{verb} {snapshot['day']} 的次日事项：#{snapshot['item_id']}（第 {snapshot['position']} 项）"
    if change.entity == "calendar_day":
        kind = "上班" if snapshot["workday"] else "休息"
        layer = "本单位特殊日" if snapshot["layer"] == "local" else "放假安排"
        verb = "删除" if change.after is None else ("设置" if change.before is None else "修改")
        return f"{verb}{layer} {snapshot['day']}（{kind}，{snapshot['name']}）"
    if change.entity == "follow_up":
        return f"{FOLLOW_KINDS[snapshot['kind']]} #{snapshot['item_id']}" + (
            f"：{snapshot['note']}" if snapshot.get("note") else "") + ("（已删除）" if change.after is None else "")
    if change.entity == "event":
        return f"{'删除' if change.after is None else '记下'}大事 {snapshot['day']} {snapshot['title']}"
    if change.entity == "slip":
        return f"{'删除' if change.after is None else '记下'}差错：{snapshot['text']}"
    if change.entity == "recurrence":
        verb = "新建" if change.before is None else "删除" if change.after is None else "修改"
        return f"{verb}周期事项 R{change.entity_id} {snapshot['title']}（{snapshot['rule_text']}）"
    name = item_name(change.entity_id, snapshot.get("title", ""))
    if change.before is None:
        return f"新建 {name}"
    if change.after is None:
        return f"删除 {name}"
    before, after = change.before, change.after
    if bool(before.get("locked")) != bool(after.get("locked")):
        return f"{'加密' if after.get('locked') else '解除加密'} {name}"
    if before.get("folder") != after.get("folder"):
        moved = f"{Folder.from_code(before['folder']).label} → {Folder.from_code(after['folder']).label}"
        return f"移动 {name}：{moved}"
    fields = [FIELD_LABELS.get(k, k) for k in after if after[k] != before.get(k) and k not in _QUIET_FIELDS]
    return f"修改 {name}：{'、'.join(fields)}"


FOLLOW_KINDS = {"assign": "交办", "nudge": "催办", "progress": "进展", "report": "反馈", "handoff": "移交", "ack": "接收"}


def follow_line(entry) -> str:
    """One entry of an item's 督办记录."""
    from bangongshi.domain.follow import Channel

    how = f"（{Channel.from_code(entry.channel).label}）" if entry.channel else ""
    who = f" {entry.who}" if entry.who else ""
    note = f"：{entry.note}" if entry.note else ""
    return f"{entry.at:%Y-%m-%d %H:%M}  {FOLLOW_KINDS[entry.kind]}{how}{who}{note}"


def reverted_object(reverted) -> dict:
    """`bgs undo/redo --format json`: the run undone or redone and what it changed."""
    from bangongshi.formats.json import run_object

    return {"run": run_object(reverted.run), "changes": [describe_change(c) for c in reverted.changes]}


def doctor_object(checked: list[str], found: list) -> dict:
    return {"ok": not found, "checked": checked,
            "findings": [{"area": f.area, "problem": f.problem, "fix": f.fix} for f in found]}


def doctor_lines(checked: list[str], found: list) -> list[str]:
    lines = [f"✓ {line}" for line in checked]
    lines += [f"✗ {f.problem}\n  处理：{f.fix}" for f in found]
    lines.append("一切正常" if not found else f"发现 {len(found)} 个问题")
    return lines
