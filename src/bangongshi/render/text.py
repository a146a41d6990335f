"""Small phrases shared by every view, kept free of Rich so machine paths stay light."""

from datetime import date, datetime

from bangongshi.domain.durations import format_minutes
from bangongshi.model import Attention, Folder, Item, Kind
from bangongshi.domain.calendar import WEEKDAYS
from bangongshi.render.echo import FIELD_LABELS, NOTHING, QUIET_FIELDS as _QUIET_FIELDS, item_name, worth_naming

TYPE_CHECKING = False  # not typing's (formats/json.py says why)
if TYPE_CHECKING:  # the journal's records are for `bgs log`: the agenda's views do not load them
    from bangongshi.model.journal import Change


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
    if item.due_time:  # right after the weekday's bracket, as an appointment's start is written
        text += item.due_time.strftime('%H:%M')
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



def describe_change(change: "Change", values: bool = False) -> str:
    """One line saying what a change did, for people; `values`: an item's changed fields with their
    values (undo and redo say what they put back), else only their names (an item's history)."""
    snapshot = change.after or change.before
    if change.entity == "setting":
        return setting_change(change.before or {}, change.after or {})
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
    if change.entity in LEADER_ENTITIES:
        return _leader_change(change, snapshot)
    if change.entity in REGISTER_ENTITIES:
        return _register_change(change, snapshot)
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
    changed = [k for k in after if after[k] != before.get(k) and k not in _QUIET_FIELDS]
    if values:
        return f"修改 {name}：" + "；".join(
            f"{FIELD_LABELS.get(k, k)} {_stored_text(k, before)} → {_stored_text(k, after)}" for k in worth_naming(changed))
    return f"修改 {name}：{'、'.join(FIELD_LABELS.get(k, k) for k in changed)}"


REGISTER_ENTITIES = ("register", "doc_number", "doc_sequence", "contact", "person")
LEADER_ENTITIES = ("item_person", "leader_away", "duty_roster", "duty_shift", "duty_log")


def _leader_change(change: "Change", snapshot: dict) -> str:
    """The leaders' week and the duty roster's rows (issue #24), one line each for `bgs undo` and `bgs log`."""
    verb = "新建" if change.before is None else "删除" if change.after is None else "修改"
    if change.entity == "item_person":
        role = "领导" if snapshot["role"] == "leader" else "陪同"
        return f"{'加上' if change.before is None else '去掉' if change.after is None else '修改'} #{snapshot['item_id']} 的{role} {snapshot['person']}"
    if change.entity == "leader_away":
        return f"{verb}外出 {snapshot['person']} {snapshot['start']} 至 {snapshot['end']} {snapshot['reason']}".rstrip()
    if change.entity == "duty_roster":
        return f"{verb}值班表 {snapshot['label']}"
    if change.entity == "duty_shift":
        return f"{verb}值班 {snapshot['day']} {snapshot['person']}" + (f"（带班 {snapshot['leader']}）" if snapshot["leader"] else "")
    return f"{verb}交接记录 {snapshot['day']}：{snapshot['text'][:30]}"


def _register_change(change: "Change", snapshot: dict) -> str:
    """The registers' rows (issue #23), one line each for `bgs undo` and an item's history."""
    verb = "新建" if change.before is None else "删除" if change.after is None else "修改"
    if change.entity == "register":
        book = "收文" if snapshot["direction"] == "in" else "发文"
        if change.before is not None and change.after is not None and change.after["status"] != change.before["status"]:
            verb = "作废" if change.after["status"] == "void" else "恢复"
        return f"{verb}{book}登记 D{change.entity_id}" + (f" {snapshot['title']}" if snapshot.get("title") else "")
    if change.entity == "doc_number":
        status = {"reserved": "预留", "used": "已用", "void": "作废"}[snapshot["status"]]
        if change.before is None:
            return f"给出编号 {snapshot['text']}（{status}）"
        return f"{'收回' if change.after is None else '编号'} {snapshot['text']}：{status}"
    if change.entity == "doc_sequence":
        return f"{'收文编号' if snapshot['direction'] == 'in' else snapshot['prefix']} {snapshot['year']}年编到第 {snapshot['last']} 号"
    if change.entity == "contact":
        kind = "来电" if snapshot["kind"] == "call" else "来访"
        return f"{verb}{kind} C{change.entity_id} {snapshot['person']}：{snapshot['matter']}"
    return f"{verb}名录 {snapshot['name']}"


_FLAGS = {"important", "urgent", "key", "constrained", "report_required", "major", "locked", "hand_edited"}
_CODED = {"folder": Folder, "kind": Kind, "attention": Attention}


def _stored_text(key: str, row: dict) -> str:
    """A field of an item's journaled row, for people: labels, 是/否, dates and times as written."""
    value = row.get(key)
    if key == "due" and value and row.get("due_time"):
        return f"{value} {row['due_time']}"
    if value is None or value == "" or value == "[]":
        return NOTHING
    if key in _CODED:
        return _CODED[key].from_code(value).label
    if key in _FLAGS:
        return "是" if value else "否"
    if key.endswith("_minutes"):
        return format_minutes(value)
    if key == "tags":
        from bangongshi.formats.json import decoded

        return "、".join(decoded(value))
    text = " ".join(str(value).split())
    if len(text) >= 19 and text[10:11] == "T":  # a stored moment: its day and minute
        return f"{text[:10]} {text[11:16]}"
    return text if len(text) <= 40 else text[:40] + "…"


def setting_change(before: dict, after: dict) -> str:
    """A journaled change of the settings file: each setting old → new (（默认）: not written)."""
    old, new = before.get("values", {}), after.get("values", {})
    keys = [k for k in dict.fromkeys([*old, *new]) if old.get(k) != new.get(k)]
    if not keys:
        return "修改设置文件（设置未变）"
    return "设置 " + "，".join(f"{k}：{old.get(k, '（默认）')} → {new.get(k, '（默认）')}" for k in keys)


FOLLOW_KINDS = {"assign": "交办", "nudge": "催办", "progress": "进展", "report": "反馈", "handoff": "移交", "ack": "接收",
                "extend": "申请延期", "extend_ok": "同意延期", "extend_no": "不同意延期"}


def follow_line(entry) -> str:
    """One entry of an item's 督办记录."""
    from bangongshi.domain.follow import Channel

    how = f"（{Channel.from_code(entry.channel).label}）" if entry.channel else ""
    who = f" {entry.who}" if entry.who else ""
    note = f"：{entry.note}" if entry.note else ""
    return f"{entry.at:%Y-%m-%d %H:%M}  {FOLLOW_KINDS[entry.kind]}{how}{who}{note}"


REVERTED_SHOWN = 30  # an undone import of 100,000 items is one line of count, not 100,000 lines


def reverted_lines(reverted, verb: str) -> list[str]:
    """`bgs undo/redo`: the command, then what each change did now (after undoing `reopen`, the item
    moved 已处理 ← back from 临时: 「临时 → 已处理」, not the move `reopen` made); past
    REVERTED_SHOWN changes, how many more there were (the JSON lists them all)."""
    lines = [f"{verb}：{reverted.run.command}"]
    count = 0
    for count, line in enumerate(_reverted_now(reverted, lazy=True), 1):
        if count <= REVERTED_SHOWN:
            lines.append(f"  {line}")
    if count > REVERTED_SHOWN:
        lines.append(f"  ……另有 {count - REVERTED_SHOWN} 处修改（共 {count} 处；--format json 列出全部）")
    return lines


def reverted_object(reverted) -> dict:
    """`bgs undo/redo --format json`: the run undone or redone and what it changed now."""
    from bangongshi.formats.json import run_object

    return {"run": run_object(reverted.run), "changes": _reverted_now(reverted)}


def _reverted_now(reverted, *, lazy: bool = False):
    """Each change's line as it stands now; `lazy`: described only when asked for (the lines past
    REVERTED_SHOWN are counted, not worded)."""
    from dataclasses import replace

    if not reverted.backwards:
        changes, turn = reverted.changes, None
    else:
        # Undone: each change the other way round, last first, as undo made them.
        changes, turn = reversed(reverted.changes), lambda c: replace(c, before=c.after, after=c.before)
    if not lazy:
        return [describe_change(turn(c) if turn else c, values=True) for c in changes]
    return (describe_change(turn(c) if turn else c, values=True) if i < REVERTED_SHOWN else ""
            for i, c in enumerate(changes))


def doctor_object(checked: list[str], found: list, warnings: list = ()) -> dict:
    """`ok` is about problems only: a warning (no backup yet) does not make the store unwell."""
    return {"ok": not found, "checked": checked,
            "findings": [{"area": f.area, "problem": f.problem, "fix": f.fix} for f in found],
            "warnings": [{"area": w.area, "problem": w.problem, "fix": w.fix} for w in warnings]}


def doctor_lines(checked: list[str], found: list, warnings: list = ()) -> list[str]:
    lines = [f"✓ {line}" for line in checked]
    lines += [f"! {w.problem}\n  建议：{w.fix}" for w in warnings]
    lines += [f"✗ {f.problem}\n  处理：{f.fix}" for f in found]
    if found:
        lines.append(f"发现 {len(found)} 个问题")
    else:
        lines.append(f"没有发现问题，有 {len(warnings)} 条提醒" if warnings else "一切正常")
    return lines
