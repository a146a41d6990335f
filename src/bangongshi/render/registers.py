"""The registers for people (tables, lines) and for scripts (JSON objects, CSV rows): 收文/发文 entries,
their numbers, 来电来访, people. The keys are pinned in docs/contract.md and tests/test_contract.py."""

from bangongshi.formats.json import item_object
from bangongshi.formats.registers import _iso
from bangongshi.formats.registers import (contact_object, entry_object, person_object,  # noqa: F401 - the views' objects
                                          recorded_object)

def registered_object(registered) -> dict:
    """`bgs doc in|out --format json`: the entry, its item and steps, and the warnings given."""
    from bangongshi.model.registers import EntryView

    view = EntryView(registered.entry, registered.anchor, registered.steps)
    return {**entry_object(view), "item": item_object(registered.anchor),
            "steps": [item_object(s) for s in registered.steps], "warnings": list(registered.warnings)}


def stats_object(stats) -> dict:
    return {"year": stats.year, "incoming": stats.incoming, "outgoing": stats.outgoing,
            "by_unit": [{"unit": unit, "count": count} for unit, count in stats.by_unit],
            "by_secrecy": stats.by_secrecy,
            "numbers": [{"prefix": prefix, **counts} for prefix, counts in sorted(stats.numbers.items())]}


# --- for people ---------------------------------------------------------------------------------

def registered_lines(registered) -> list[str]:
    e = registered.entry
    anchor = registered.anchor
    if e.number is not None:
        said = f"{e.direction.label} {e.ref}：{e.number.text}" + ("（预留）" if e.number.status.code == "reserved" else "")
    else:
        said = f"{e.direction.label} {e.ref}：发文字号待编号（到编号一步时 bgs doc number {e.ref}）"
    lines = [f"已登记 {said} {anchor.title if e.classified else e.title}"]
    if e.doc_number:
        lines.append(f"  文号 {e.doc_number}" + (f"（{e.unit}）" if e.unit else ""))
    due = f"，时限 {e.deadline.isoformat()}" if e.deadline else ""
    lines.append(f"  事项 #{anchor.id}{due}，{len(registered.steps)} 个步骤"
                 + (f"（已办 {sum(1 for s in registered.steps if not s.is_open)} 步）" if registered.steps else ""))
    if anchor.source and anchor.report_required:
        lines.append(f"  督办：{anchor.source}批示，办结后须向其反馈")
    return lines


def detail_lines(view) -> list[str]:
    e = view.entry
    obj = entry_object(view)
    rows = [("登记号", e.ref), ("登记簿", f"{e.direction.label}（{e.year}年）")]
    if e.direction.code == "in":
        rows.append(("收文编号", obj["number"] or ""))
    else:
        rows.append(("发文字号", (obj["number"] or "待编号") + (f"（{obj['number_status_label']}）" if obj["number"] else "")))
    rows += [("标题", obj["title"]), ("来文单位", e.unit), ("文号", e.doc_number), ("密级", e.secrecy.label),
             ("紧急程度", e.urgency.label), ("收文日期", obj["received"] or ""), ("印发日期", obj["issued"] or ""),
             ("份数", str(e.copies) if e.copies else ""), ("时限", obj["deadline"] or ""),
             ("拟办意见", obj["proposal"]), ("领导批示", f"{obj['leader']}：{obj['instruction']}" if obj["instruction"] else ""),
             ("承办人", obj["handler"]), ("主送", e.main_to), ("抄送", e.copy_to), ("拟稿人", obj["drafter"]),
             ("核稿人", obj["checker"]), ("签发人", obj["signer"]), ("备注", obj["note"] if not e.classified else "")]
    if e.status.code == "void":
        rows.append(("状态", f"作废：{e.void_reason}"))
    voided = [n for n in e.numbers if n.status.code == "void"]
    if voided:
        rows.append(("作废的号", "；".join(f"{n.text}（{n.reason}）" for n in voided)))
    rows.append(("办理情况", view.state))
    width = max(len(label) for label, _ in rows)
    lines = [f"{label.ljust(width, '　')}  {value}" for label, value in rows if value]
    if view.item is not None:
        lines.append(f"事项 #{view.item.id}（{view.item.folder.label}）：{view.item.title}（bgs show {view.item.id}）")
        for step in sorted(view.steps, key=lambda s: (s.due or view.item.due, s.id)):
            mark = "✓" if not step.is_open else "·"
            lines.append(f"  {mark} #{step.id} {step.due.isoformat() if step.due else ''} {step.title}")
    if e.classified:
        lines.append("涉密文件：标题、意见和批示加密保存在事项里（bgs doc show … --unlock 凭口令查看）")
    return lines


def list_rows(views) -> tuple[list[str], list[list[str]]]:
    header = ["登记号", "编号", "标题", "来文单位/主送", "文号", "密级", "紧急", "日期", "时限", "办理情况"]
    rows = []
    for view in views:
        e = view.entry
        rows.append([e.ref, e.number.text if e.number else "（待编号）", view.title, e.unit or e.main_to, e.doc_number,
                     "" if e.secrecy.code == "none" else e.secrecy.label,
                     "" if e.urgency.code == "none" else e.urgency.label,
                     _iso(e.received or e.issued) or "", _iso(e.deadline) or "", view.state])
    return header, rows


def stats_lines(stats) -> list[str]:
    lines = [f"{stats.year}年 收文 {stats.incoming} 件，发文 {stats.outgoing} 件（不含作废）"]
    labels = {"none": "非密", "secret": "秘密", "confidential": "机密"}
    for direction, label in (("in", "收文"), ("out", "发文")):
        counts = stats.by_secrecy.get(direction, {})
        lines.append(f"{label}按密级：" + "、".join(f"{labels[c]} {counts.get(c, 0)}" for c in labels))
    if stats.by_unit:
        lines.append("收文按来文单位：")
        lines += [f"  {unit}  {count}" for unit, count in stats.by_unit]
    for prefix, counts in sorted(stats.numbers.items()):
        lines.append(f"发文字号 {prefix}：编到 {counts['last']} 号，已用 {counts['used']}、预留 {counts['reserved']}、"
                     f"作废 {counts['void']}")
    return lines


def contact_lines(contacts, period: str) -> list[str]:
    if not contacts:
        return [f"{period} 没有来电来访记录"]
    lines = [f"来电来访 {period}：{len(contacts)} 条"]
    for c in contacts:
        who = c.person + (f"（{c.unit}）" if c.unit else "") + (f" {c.phone}" if c.phone else "")
        extra = f" {c.visitors}人" if c.visitors else ""
        lines.append(f"C{c.id} {c.at:%m-%d %H:%M} {c.kind.label} {who}{extra}：{c.matter}"
                     + (f"——{c.handling}" if c.handling else "") + (f" → #{c.item_id}" if c.item_id else ""))
    return lines


def recorded_lines(recorded) -> list[str]:
    c = recorded.contact
    line = f"已记{c.kind.label} C{c.id} {c.at:%H:%M} {c.person}" + (f"（{c.unit}）" if c.unit else "") + f"：{c.matter}"
    lines = [line]
    if recorded.item is not None:
        item = recorded.item
        lines.append(f"  已记入{item.folder.label} #{item.id}" + ("，办结后须向来电人反馈" if item.report_required else ""))
    return lines


def people_lines(people) -> list[str]:
    if not people:
        return ["还没有登记任何人（bgs people add 张三 --unit 教育科 --phone …）"]
    lines = []
    for p in people:
        order = f"{p.precedence}. " if p.precedence else ""
        lines.append(f"{order}{p.name}" + (f" {p.title}" if p.title else "") + f"（{p.role.label}）"
                     + (f" {p.unit}" if p.unit else "") + (f" {p.phone}" if p.phone else "")
                     + (f"  共享督办：{p.caldav_url}" + (f"（账号 {p.caldav_user}）" if p.caldav_user else "")
                        if p.caldav_url else ""))
    return lines


def link_object(link) -> dict | None:
    """`bgs show ID --format json`'s `register`: where the item is registered, or null."""
    from bangongshi.model.registers import Contact

    if link is None:
        return None
    if isinstance(link, Contact):
        return {"kind": link.kind.code, "kind_label": link.kind.label, "ref": f"C{link.id}", "number": None,
                "doc_number": "", "status": None}
    return {"kind": link.direction.code, "kind_label": link.direction.label, "ref": link.ref,
            "number": link.number.text if link.number else None, "doc_number": link.doc_number,
            "status": link.status.code}


def link_text(link) -> str:
    from bangongshi.model.registers import Contact

    if link is None:
        return ""
    if isinstance(link, Contact):
        return f"{link.kind.label} C{link.id} {link.at:%Y-%m-%d %H:%M} {link.person}（bgs contacts --since {link.at:%Y-%m-%d}）"
    number = link.number.text if link.number else "发文字号待编号"
    doc = f"，文号 {link.doc_number}" if link.doc_number else ""
    void = "（已作废）" if link.status.code == "void" else ""
    return f"{link.direction.label} {link.ref} {number}{doc}{void}（bgs doc show {link.ref}）"
