"""The registers' objects for scripts (JSON, CSV: keys pinned in docs/contract.md), and the 收文/发文 登记簿
as a printable workbook (openpyxl, imported only here): one sheet per register,
its columns in the order of the paper register, Chinese headers, A4 landscape fitted to the page width,
the header repeated on every printed page. Cells that a spreadsheet would run as a formula are kept as
text (the rule of every CSV and XLSX, formats/csv.py FORMULA_STARTS)."""

from bangongshi.formats.csv import FORMULA_STARTS
from bangongshi.formats.json import item_object

ENTRY_KEYS = ("id", "ref", "uuid", "direction", "direction_label", "year", "number", "number_status",
              "number_status_label", "title", "unit", "doc_number", "doc_prefix", "doc_year", "doc_seq", "secrecy",
              "secrecy_label", "urgency", "urgency_label", "received", "issued", "copies", "deadline", "proposal",
              "instruction", "leader", "handler", "main_to", "copy_to", "drafter", "checker", "signer", "prefix",
              "note", "status", "status_label", "void_reason", "item_id", "state", "steps_done", "steps_total",
              "numbers", "created", "updated")
NUMBER_KEYS = ("id", "direction", "direction_label", "prefix", "year", "seq", "text", "status", "status_label",
               "register_id", "reason", "created", "updated")
CONTACT_KEYS = ("id", "ref", "uuid", "kind", "kind_label", "at", "person", "unit", "phone", "visitors", "matter",
                "handling", "receiver", "item_id", "created")
PERSON_KEYS = ("id", "name", "unit", "phone", "role", "role_label", "title", "precedence", "note", "channel",
               "created", "updated", "caldav_url", "caldav_user")


def _iso(value):
    return value.isoformat() if value is not None else None


def number_object(number) -> dict:
    return {"id": number.id, "direction": number.direction.code, "direction_label": number.direction.label,
            "prefix": number.prefix, "year": number.year, "seq": number.seq, "text": number.text,
            "status": number.status.code, "status_label": number.status.label, "register_id": number.register_id,
            "reason": number.reason, "created": _iso(number.created), "updated": _iso(number.updated)}


def entry_object(view) -> dict:
    """One register entry (services.registers.EntryView) with its handling state."""
    e = view.entry
    # A locked item comes masked (its notes 「【密】」) unless it was revealed with the passphrase.
    revealed = view.item is not None and e.classified and view.item.notes != "【密】"
    done = sum(1 for s in view.steps if not s.is_open)
    obj = {
        "id": e.id, "ref": e.ref, "uuid": e.uuid, "direction": e.direction.code, "direction_label": e.direction.label,
        "year": e.year, "number": e.number.text if e.number else None,
        "number_status": e.number.status.code if e.number else None,
        "number_status_label": e.number.status.label if e.number else None,
        "title": view.title, "unit": e.unit, "doc_number": e.doc_number, "doc_prefix": e.doc_prefix,
        "doc_year": e.doc_year, "doc_seq": e.doc_seq, "secrecy": e.secrecy.code, "secrecy_label": e.secrecy.label,
        "urgency": e.urgency.code, "urgency_label": e.urgency.label, "received": _iso(e.received),
        "issued": _iso(e.issued), "copies": e.copies, "deadline": _iso(e.deadline), "proposal": e.proposal,
        "instruction": e.instruction, "leader": e.leader, "handler": e.handler, "main_to": e.main_to,
        "copy_to": e.copy_to, "drafter": e.drafter, "checker": e.checker, "signer": e.signer, "prefix": e.prefix,
        "note": e.note, "status": e.status.code, "status_label": e.status.label, "void_reason": e.void_reason,
        "item_id": e.item_id, "state": view.state, "steps_done": done, "steps_total": len(view.steps),
        "numbers": [{"text": n.text, "status": n.status.code, "status_label": n.status.label, "reason": n.reason}
                    for n in e.numbers],
        "created": _iso(e.created), "updated": _iso(e.updated),
    }
    if e.classified and revealed:
        # A 涉密 entry's text is kept only in its locked item's notes: shown there when revealed.
        obj["note"] = view.item.notes
    return obj


def flat(obj: dict) -> dict:
    """For CSV: an entry object with its numbers joined by ';' (each with its status)."""
    obj = dict(obj)
    obj["numbers"] = ";".join(f"{n['text']}（{n['status_label']}{'：' + n['reason'] if n['reason'] else ''}）"
                              for n in obj["numbers"])
    return obj


def contact_object(contact) -> dict:
    return {"id": contact.id, "ref": f"C{contact.id}", "uuid": contact.uuid, "kind": contact.kind.code,
            "kind_label": contact.kind.label, "at": _iso(contact.at), "person": contact.person, "unit": contact.unit,
            "phone": contact.phone, "visitors": contact.visitors, "matter": contact.matter,
            "handling": contact.handling, "receiver": contact.receiver, "item_id": contact.item_id,
            "created": _iso(contact.created)}


def recorded_object(recorded) -> dict:
    """`bgs call|visit --format json`: the record and the item it made (null when none)."""
    return {**contact_object(recorded.contact),
            "item": item_object(recorded.item) if recorded.item is not None else None}


def person_object(person) -> dict:
    return {"id": person.id, "name": person.name, "unit": person.unit, "phone": person.phone,
            "role": person.role.code, "role_label": person.role.label, "title": person.title,
            "precedence": person.precedence, "note": person.note, "channel": person.channel, "created": _iso(person.created),
            "updated": _iso(person.updated), "caldav_url": person.caldav_url, "caldav_user": person.caldav_user}

# (header, key of the register's JSON object), in the paper register's order (issue #23).
def write_export_json(items, books: dict, handle) -> None:
    """`bgs export --format json --registers`: one object, `items` (the same list `bgs export` writes,
    streamed) then each register's list, one compact object per line (docs/contract.md)."""
    import json

    from bangongshi.formats.json import write_items_json

    handle.write(b'{\n"items": ')
    write_items_json(items, handle)
    for name in books:  # registers, numbers, contacts, people, then the leaders' and the duty's (issue #24)
        rows = [json.dumps(obj, ensure_ascii=False) for obj in books[name]]
        body = ("[\n" + ",\n".join(rows) + "\n]") if rows else "[]"
        handle.write(f',\n"{name}": {body}'.encode())
    handle.write(b"\n}\n")


INCOMING = (("收文编号", "number"), ("来文单位", "unit"), ("文号", "doc_number"), ("标题", "title"),
            ("密级", "secrecy_label"), ("紧急程度", "urgency_label"), ("收文日期", "received"), ("份数", "copies"),
            ("办理时限", "deadline"), ("拟办意见", "proposal"), ("领导批示", "instruction"), ("承办人", "handler"),
            ("办理情况", "state"), ("备注", "note"))
OUTGOING = (("发文字号", "number"), ("标题", "title"), ("主送", "main_to"), ("抄送", "copy_to"),
            ("密级", "secrecy_label"), ("紧急程度", "urgency_label"), ("印发日期", "issued"), ("份数", "copies"),
            ("拟稿人", "drafter"), ("核稿人", "checker"), ("签发人", "signer"), ("办理情况", "state"), ("备注", "note"))
SHEETS = {"in": ("收文登记簿", INCOMING), "out": ("发文登记簿", OUTGOING)}
WIDTHS = {"标题": 36, "来文单位": 14, "文号": 20, "收文编号": 14, "发文字号": 20, "主送": 18, "抄送": 18,
          "拟办意见": 20, "领导批示": 24, "办理情况": 22, "备注": 16}


def register_xlsx(objects: list[dict], target, *, year_label: str = "", raw: bool = False) -> None:
    """`objects`: register entries as render.registers.entry_object made them. Void entries are
    kept (a register never loses a line), marked 作废 in 办理情况."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    from bangongshi.formats.xlsx import a4_landscape

    book = Workbook()
    book.remove(book.active)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="center")
    directions = [d for d in ("in", "out") if any(o["direction"] == d for o in objects)] or ["in"]
    for direction in directions:
        name, columns = SHEETS[direction]
        sheet = book.create_sheet(name)
        sheet.append([f"{name}{year_label}"])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(columns))
        sheet.cell(1, 1).font = Font(bold=True, size=16)
        sheet.cell(1, 1).alignment = Alignment(horizontal="center")
        sheet.append([header for header, _ in columns])
        for column, (header, _) in enumerate(columns, start=1):
            cell = sheet.cell(2, column)
            cell.font = Font(bold=True)
            cell.border = border
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            sheet.column_dimensions[get_column_letter(column)].width = WIDTHS.get(header, 10)
        for obj in (o for o in objects if o["direction"] == direction):
            values = [_cell(obj, key) for _, key in columns]
            sheet.append(values)
            row = sheet.max_row
            for column, value in enumerate(values, start=1):
                cell = sheet.cell(row, column)
                cell.border = border
                cell.alignment = wrap
                if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not raw:
                    cell.data_type = "s"  # text, never a formula
        a4_landscape(sheet, freeze="A3", title_rows="2:2")
    book.save(target)


def _cell(obj: dict, key: str):
    value = obj.get(key)
    if key == "instruction" and value and obj.get("leader"):
        return f"{obj['leader']}：{value}"
    if key == "state" and obj.get("status") == "void":
        return f"作废：{obj.get('void_reason', '')}"
    if key == "secrecy_label" and obj.get("secrecy") == "none":
        return ""
    if key == "urgency_label" and obj.get("urgency") == "none":
        return ""
    if key == "number" and value is None:
        return "（待编号）"
    if value is None:
        return ""
    return value
