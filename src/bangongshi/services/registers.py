"""收文/发文 登记簿 (issue #23): register a document, number it, void a number, show, list, count.

Each registration is one transaction: the number is taken from its sequence, the entry written, and
its item laid out by the 收文办理/发文办理 template — all of it or nothing, journaled as one run
(`bgs undo` takes it back, and gives the number back only while it is still the last one taken)."""

import re
from dataclasses import dataclass, field
from datetime import date

from bangongshi import limits
from bangongshi.domain import docnumbers
from bangongshi.domain.registers import CLASSIFIED_WARNING, INCOMING_KEY
from bangongshi.errors import BadInput, NotFound
from bangongshi.limits import NAME_MAX, TEXT_MAX
from bangongshi.model import Folder, Item
from bangongshi.model.ids import new_uuid
from bangongshi.model.record import replace
from bangongshi.model.registers import (Direction, DocNumber, EntryFilter, EntryStatus, EntryView, NumberStatus, RegisterEntry, Secrecy,
                                        Urgency)
from bangongshi.services.fields import FieldInput, clean_title
from bangongshi.services.session import Session

TEMPLATES = {Direction.IN: "收文办理", Direction.OUT: "发文办理"}
TAGS = {Direction.IN: "收文", Direction.OUT: "发文"}
COPIES_MAX = 100_000
# Text fields of an entry that a 秘密/机密 document keeps only in its locked item.
SEALED_TEXT = ("title", "proposal", "instruction", "leader", "handler", "drafter", "checker", "signer", "note")


@dataclass
class DocInput:
    """A register entry as typed; None: not given."""

    title: str | None = None
    unit: str | None = None  # 来文单位
    doc_number: str | None = None  # 文号
    secrecy: str | None = None
    urgency: str | None = None
    received: str | None = None  # 收文日期
    issued: str | None = None  # 印发日期
    copies: int | None = None
    deadline: str | None = None  # 办理时限 / 印发时限
    proposal: str | None = None
    instruction: str | None = None
    leader: str | None = None
    handler: str | None = None
    main_to: str | None = None
    copy_to: str | None = None
    drafter: str | None = None
    checker: str | None = None
    signer: str | None = None
    prefix: str | None = None
    note: str | None = None
    reserve: bool = False  # 发文: reserve its number now


@dataclass(frozen=True)
class Registered:
    entry: RegisterEntry
    anchor: Item
    steps: tuple[Item, ...]
    warnings: tuple[str, ...] = ()


# --- registering --------------------------------------------------------------------------------

def register_in(session: Session, given: DocInput) -> Registered:
    """收文: its 收文编号 is taken at once; its item follows the 收文办理 template."""
    return _register(session, Direction.IN, given)


def register_out(session: Session, given: DocInput) -> Registered:
    """发文: its 发文字号 is taken at the 编号 step (`bgs doc number`), or reserved now (`reserve`)."""
    return _register(session, Direction.OUT, given)


def _register(session: Session, direction: Direction, given: DocInput) -> Registered:
    from bangongshi.services import template

    settings = session.settings.register_settings if session.settings is not None else _defaults()
    warnings: list[str] = []
    if not given.title:
        raise BadInput("需要标题，例如：bgs doc in \"关于做好冬季安全生产工作的通知\" --from 县政办 --number 县政办发〔2026〕12号")
    title = clean_title(given.title)
    level = secrecy(given.secrecy)
    urgency = Urgency.parse(given.urgency, "紧急程度") if given.urgency else Urgency.NONE
    today = session.now.date()
    received = _day(session, given.received, "收文日期 --date", past=True) if given.received else today
    issued = _day(session, given.issued, "印发日期 --issued", past=True) if given.issued else None
    if direction is Direction.OUT and given.received:
        raise BadInput("--date 是收文日期，发文用 --issued（印发日期）")
    if direction is Direction.IN and (given.main_to or given.copy_to or given.prefix or given.reserve):
        raise BadInput("--to、--cc、--prefix、--reserve 只用于发文（bgs doc out）")
    copies = _copies(given.copies)
    text = {name: _text(getattr(given, name), option) for name, option in (
        ("unit", "来文单位 --from"), ("proposal", "拟办意见 --proposal"), ("instruction", "领导批示 --instruction"),
        ("leader", "批示领导 --leader"), ("handler", "承办人 --handler"), ("main_to", "主送 --to"),
        ("copy_to", "抄送 --cc"), ("drafter", "拟稿人 --drafter"), ("checker", "核稿人 --checker"),
        ("signer", "签发人 --signer"), ("note", "备注 --note"))}
    for name in ("leader", "handler", "drafter", "checker", "signer"):
        if len(text[name]) > NAME_MAX:
            raise BadInput(f"{name} 太长，最多 {NAME_MAX} 字")
    if text["instruction"] and not text["leader"]:
        text["leader"], text["instruction"] = _leader_of(text["instruction"])
    if level.classified and text["note"]:
        raise BadInput("秘密、机密文件不在这里记录内容（--note）：" + CLASSIFIED_WARNING)
    parsed = None
    doc_number = ""
    if given.doc_number is not None:
        if direction is Direction.OUT:
            raise BadInput("发文的发文字号由 bgs doc number 按机关代字编号，不用 --number 输入")
        doc_number = limits.text(docnumbers.normalise(given.doc_number), "文号", docnumbers.TEXT_MAX)
        parsed = docnumbers.parse(doc_number)
        if doc_number and parsed is None:
            warnings.append(f"文号「{doc_number}」不是「机关代字〔年份〕序号号」的样子，已按原样保存")
    prefix = _prefix(settings, given.prefix) if direction is Direction.OUT else ""
    if parsed is not None:
        earlier = session.store.registers.entries(_filter(Direction.IN, parsed))
        if earlier:
            first = earlier[0]
            warnings.append(f"文号 {doc_number} 已登记过：{first.ref} {first.number.text if first.number else ''}"
                            "；若是重复登记，bgs undo 撤销，或 bgs doc void 作废")
    limit = _deadline(session, given.deadline, received if direction is Direction.IN else today, urgency, settings)
    if level.classified:
        warnings.append(CLASSIFIED_WARNING)
    # The item: the template's anchor and steps, its deadline the 办理时限 (印发时限).
    shown_title = f"{title}（{doc_number}）" if doc_number else title
    fields = FieldInput(title=shown_title, due=limit.isoformat(), tags=[TAGS[direction]],
                        urgent=True if urgency is Urgency.IMMEDIATE else None)
    laid = template.lay_out(session, TEMPLATES[direction], fields)
    anchor = laid.anchor
    me = session.settings.myself.name if session.settings is not None else ""
    if text["leader"] and text["instruction"]:
        # 领导批示: the leader assigned it and expects the result back (督办, P9/P10).
        anchor = replace(anchor, source=text["leader"], constrained=True, assigned_at=session.now,
                         report_required=True, important=True)
    if direction is Direction.IN and text["handler"] and text["handler"] != me:
        anchor = replace(anchor, handler=text["handler"], delegated_at=session.now)
    year = received.year if direction is Direction.IN else today.year
    now = session.now
    entry = RegisterEntry(id=0, uuid=new_uuid(), direction=direction, year=year, title=title,
                          unit=text["unit"], doc_number=doc_number,
                          doc_prefix=parsed.prefix if parsed else None, doc_year=parsed.year if parsed else None,
                          doc_seq=parsed.seq if parsed else None, secrecy=level, urgency=urgency,
                          received=received if direction is Direction.IN else None, issued=issued, copies=copies,
                          deadline=limit, proposal=text["proposal"], instruction=text["instruction"],
                          leader=text["leader"], handler=text["handler"], main_to=text["main_to"],
                          copy_to=text["copy_to"], drafter=text["drafter"], checker=text["checker"],
                          signer=text["signer"], prefix=prefix, note=text["note"], created=now, updated=now)
    if level.classified:
        entry = replace(entry, **{name: "" for name in SEALED_TEXT})
    repo = session.store.registers
    with session.write() as tx:
        entry_id = repo.add_entry(tx, entry)
        number = None
        if direction is Direction.IN:
            number = repo.take_number(tx, Direction.IN, "", year, settings.first_number(INCOMING_KEY, year),
                                      lambda seq: docnumbers.incoming(settings.incoming, year, seq), NumberStatus.USED,
                                      entry_id, now)
        elif given.reserve:
            number = _take_out(session, tx, prefix, entry_id, NumberStatus.RESERVED, settings)
        anchor = replace(anchor, notes=_notes(replace(entry, id=entry_id, number=number), text))
        applied = template.write(session, tx, replace(laid, anchor=anchor), locked=level.classified)
        repo.update_entry(tx, entry_id, now, item_id=applied.anchor.id)
        steps = _steps_done(session, tx, direction, applied.steps, number, text, level.classified)
    for warning in warnings:
        session.notice(warning)
    saved = repo.entry(entry_id)
    items = session.store.items.get_many([applied.anchor.id, *(s.id for s in steps)])
    return Registered(saved, items[applied.anchor.id], tuple(items[s.id] for s in steps), tuple(warnings))


def _steps_done(session: Session, tx, direction: Direction, steps: tuple[Item, ...], number: DocNumber | None,
                text: dict, classified: bool) -> tuple[Item, ...]:
    """The steps this registration itself has done: 收文登记, and 拟办/批办 when their text was given."""
    done = set()
    if direction is Direction.IN:
        done.add("register")
        if text["proposal"]:
            done.add("propose")
        if text["instruction"]:
            done.add("approve")
    made = []
    for step in steps:
        if step.step in done:
            result = "" if classified else (f"已登记，收文编号 {number.text}" if step.step == "register" and number
                                             else "已在登记时写明")
            session.store.items.change(tx, step.id, folder=Folder.DONE, done_at=session.now, updated=session.now,
                                       **({"result": result} if result else {}))
        made.append(step)
    return tuple(made)


def _notes(entry: RegisterEntry, text: dict) -> str:
    """What the item's notes say of its entry (a 涉密 entry's text is kept only here, sealed)."""
    direction = entry.direction
    if entry.number is not None:
        lines = [f"{'收文编号' if direction is Direction.IN else '发文字号'}：{entry.number.text}"
                 + ("（预留）" if entry.number.status is NumberStatus.RESERVED else "")]
    else:
        lines = [f"发文字号：待编号（bgs doc number {entry.ref}）"]
    for label, value in (("来文单位", text["unit"]), ("文号", entry.doc_number), ("密级", entry.secrecy.label),
                         ("紧急程度", entry.urgency.label if entry.urgency is not Urgency.NONE else ""),
                         ("主送", text["main_to"]), ("抄送", text["copy_to"]), ("拟办意见", text["proposal"]),
                         ("领导批示", f"{text['leader']}：{text['instruction']}" if text["instruction"] else ""),
                         ("承办人", text["handler"]), ("拟稿人", text["drafter"]), ("核稿人", text["checker"]),
                         ("签发人", text["signer"]), ("备注", text["note"])):
        if value and not (label == "密级" and entry.secrecy is Secrecy.NONE):
            lines.append(f"{label}：{value}")
    lines.append(f"登记簿：bgs doc show {entry.ref}")
    return "\n".join(line for line in lines if line)


# --- numbers ------------------------------------------------------------------------------------

def number(session: Session, ref: str, reserve: bool = False) -> RegisterEntry:
    """发文 at its 编号 step: the reserved number is used, or the next one taken (reserved only)."""
    settings = session.settings.register_settings if session.settings is not None else _defaults()
    with session.write() as tx:
        entry = _entry(session, ref)
        if entry.direction is not Direction.OUT:
            raise BadInput(f"{entry.ref} 是收文，收文编号在登记时已经给出（{entry.number.text if entry.number else ''}）")
        if entry.status is EntryStatus.VOID:
            raise BadInput(f"{entry.ref} 已作废，不能编号")
        current = entry.number
        if current is not None and current.status is NumberStatus.USED:
            raise BadInput(f"{entry.ref} 已编号：{current.text}（作废后才能重新编号：bgs doc void {current.text} --reason …）")
        if current is not None and reserve:
            raise BadInput(f"{entry.ref} 已预留 {current.text}")
        repo = session.store.registers
        if current is not None:
            taken = repo.set_number(tx, current.id, session.now, status=NumberStatus.USED)
        else:
            taken = _take_out(session, tx, entry.prefix, entry.id, NumberStatus.RESERVED if reserve else NumberStatus.USED,
                              settings)
        if entry.item_id is not None and session.store.items.get(entry.item_id) is not None:
            item = session.store.items.get(entry.item_id)
            if not item.locked:
                notes = re.sub(r"^发文字号：.*$", f"发文字号：{taken.text}", item.notes, count=1, flags=re.M)
                session.store.items.change(tx, item.id, notes=notes, updated=session.now)
        repo.update_entry(tx, entry.id, session.now)
    return session.store.registers.entry(entry.id)


def reserve(session: Session, prefix: str | None, count: int = 1) -> list[DocNumber]:
    """Numbers kept aside for documents not yet registered (one transaction, in order)."""
    settings = session.settings.register_settings if session.settings is not None else _defaults()
    if not 1 <= count <= 100:
        raise BadInput("--count 应是 1 到 100 的整数")
    chosen = _prefix(settings, prefix)
    with session.write() as tx:
        return [_take_out(session, tx, chosen, None, NumberStatus.RESERVED, settings) for _ in range(count)]


def use(session: Session, ref: str, text: str) -> RegisterEntry:
    """Give a 发文 a number reserved earlier without a document (`bgs doc reserve`)."""
    wanted = docnumbers.normalise(text)
    with session.write() as tx:
        entry = _entry(session, ref)
        found = session.store.registers.number_titled(wanted)
        if found is None or found.direction is not Direction.OUT:
            raise NotFound(f"没有发文字号「{wanted}」（bgs doc numbers 查看）")
        if found.status is not NumberStatus.RESERVED or found.register_id not in (None, entry.id):
            raise BadInput(f"{found.text} 是{found.status.label}的号，只能使用预留且未分给别的发文的号")
        if entry.direction is not Direction.OUT or entry.status is EntryStatus.VOID:
            raise BadInput(f"{entry.ref} 不是有效的发文")
        if entry.number is not None and entry.number.id != found.id:
            raise BadInput(f"{entry.ref} 已有 {entry.number.text}")
        if found.prefix != entry.prefix:
            raise BadInput(f"{found.text} 的机关代字是 {found.prefix}，{entry.ref} 用的是 {entry.prefix}")
        session.store.registers.set_number(tx, found.id, session.now, status=NumberStatus.USED, register_id=entry.id)
    return session.store.registers.entry(entry.id)


def void(session: Session, target: str, reason: str | None) -> tuple[RegisterEntry | None, DocNumber | None]:
    """作废 a number (or a whole entry): kept, marked void with the reason, never given again. A
    voided 收文 closes its open items (「登记作废」); a 发文 whose number is voided can be numbered again."""
    why = " ".join((reason or "").split())
    if not why:
        raise BadInput("作废需要写明原因：--reason \"…\"，例如 --reason 印错份数，重新编号")
    why = limits.text(why, "作废原因", 500)
    repo = session.store.registers
    with session.write() as tx:
        entry, found = _void_target(session, target)
        if found is not None:
            if found.status is NumberStatus.VOID:
                raise BadInput(f"{found.text} 已经作废（{found.reason}）")
            found = repo.set_number(tx, found.id, session.now, status=NumberStatus.VOID, reason=why)
        whole = entry is not None and (entry.direction is Direction.IN or not _is_number(target))
        if whole:
            if entry.status is EntryStatus.VOID:
                raise BadInput(f"{entry.ref} 已经作废")
            for other in entry.numbers:
                if other.status is not NumberStatus.VOID and (found is None or other.id != found.id):
                    repo.set_number(tx, other.id, session.now, status=NumberStatus.VOID, reason=why)
            repo.update_entry(tx, entry.id, session.now, status=EntryStatus.VOID, void_reason=why)
            _close_items(session, tx, entry, why)
        elif entry is not None:
            repo.update_entry(tx, entry.id, session.now)
    return (repo.entry(entry.id) if entry else None), (repo.number(found.id) if found else None)


def _close_items(session: Session, tx, entry: RegisterEntry, why: str) -> None:
    if entry.item_id is None:
        return
    items = session.store.items
    anchor = items.get(entry.item_id)
    if anchor is None:
        return
    for item in [*items.children(anchor.id), anchor]:
        if item.is_open:
            extra = {} if item.locked else {"result": f"登记作废：{why}"}
            items.change(tx, item.id, folder=Folder.DONE, done_at=session.now, updated=session.now, **extra)


def _void_target(session: Session, target: str) -> tuple[RegisterEntry | None, DocNumber | None]:
    if _is_number(target):
        found = session.store.registers.number_titled(docnumbers.normalise(target))
        if found is None:
            raise NotFound(f"没有编号「{target}」（bgs doc numbers 查看已给出的号）")
        entry = session.store.registers.entry(found.register_id) if found.register_id else None
        return entry, found
    entry = _entry(session, target)
    return entry, (entry.number if entry.number and entry.number.status is not NumberStatus.VOID else None)


_REF = re.compile(r"^[Dd#]?(\d{1,9})$")


def _is_number(text: str) -> bool:
    return _REF.match(text.strip()) is None


def _take_out(session: Session, tx, prefix: str, entry_id: int | None, status: NumberStatus, settings) -> DocNumber:
    year = session.now.year
    return session.store.registers.take_number(tx, Direction.OUT, prefix, year, settings.first_number(prefix, year),
                                               lambda seq: docnumbers.outgoing(prefix, year, seq), status, entry_id,
                                               session.now)


# --- reading ------------------------------------------------------------------------------------

def find(session: Session, ref: str, unlock: bool = False) -> EntryView:
    """An entry by D-number, 收文编号/发文字号, or its item's number (#12)."""
    entry = _entry(session, ref)
    return _views(session, [entry], unlock)[0]


@dataclass
class ListInput:
    direction: str | None = None  # in | out | None: both
    year: int | None = None
    unit: str | None = None
    search: str | None = None
    secrecy: str | None = None
    include_void: bool = True


def listing(session: Session, given: ListInput, unlock: bool = False) -> list[EntryView]:
    wanted = EntryFilter(direction=Direction.parse(given.direction, "登记簿") if given.direction else None,
                         year=given.year, unit=given.unit.strip() if given.unit else None,
                         secrecy=secrecy(given.secrecy) if given.secrecy else None,
                         include_void=given.include_void)
    if given.year is not None and not limits.FIRST_YEAR <= given.year <= limits.LAST_YEAR:
        raise BadInput(f"年份「{given.year}」超出支持的范围")
    if given.search:
        wanted.search = docnumbers.normalise(given.search)
        parsed = docnumbers.parse(given.search)
        wanted.doc = (parsed.prefix, parsed.year, parsed.seq) if parsed else None
    return _views(session, session.store.registers.entries(wanted), unlock)


def of_item(session: Session, item: Item) -> RegisterEntry | None:
    """The entry an item belongs to (the item, or the anchor its step hangs on)."""
    repo = session.store.registers
    return repo.entry_of_item(item.id) or (repo.entry_of_item(item.parent_id) if item.parent_id else None)


def links(session: Session, items: list[Item]) -> dict:
    """Each item's place in a register, by item id: its entry (the item, or the document its step
    hangs on) or the 来电来访 it came from. Items in none are left out."""
    found: dict = {}
    repo = session.store.registers
    for item in items:
        entry = of_item(session, item)
        if entry is not None:
            found[item.id] = entry
            continue
        contact = repo.contact_of_item(item.id)
        if contact is not None:
            found[item.id] = contact
    return found


@dataclass(frozen=True)
class Stats:
    year: int
    incoming: int
    outgoing: int
    by_unit: tuple[tuple[str, int], ...]  # 收文 by 来文单位, most first
    by_secrecy: dict = field(default_factory=dict)  # direction code -> {secrecy code: count}
    numbers: dict = field(default_factory=dict)  # 机关代字 -> {used, reserved, void, last}


def stats(session: Session, year: int) -> Stats:
    if not limits.FIRST_YEAR <= year <= limits.LAST_YEAR:
        raise BadInput(f"年份「{year}」超出支持的范围")
    units: dict[str, int] = {}
    by_secrecy: dict[str, dict[str, int]] = {"in": {s.code: 0 for s in Secrecy}, "out": {s.code: 0 for s in Secrecy}}
    totals = {"in": 0, "out": 0}
    for direction, unit, level, count in session.store.registers.stats(year):
        totals[direction] += count
        by_secrecy[direction][level] += count
        if direction == "in":
            units[unit or "（未填）"] = units.get(unit or "（未填）", 0) + count
    numbers: dict[str, dict[str, int]] = {}
    for one in session.store.registers.numbers(Direction.OUT, year):
        counts = numbers.setdefault(one.prefix, {"used": 0, "reserved": 0, "void": 0, "last": 0})
        counts[one.status.code] += 1
        counts["last"] = max(counts["last"], one.seq)
    ranked = tuple(sorted(units.items(), key=lambda pair: (-pair[1], pair[0])))
    return Stats(year, totals["in"], totals["out"], ranked, by_secrecy, numbers)


def numbers(session: Session, year: int | None, direction: str | None = None) -> list[DocNumber]:
    chosen = Direction.parse(direction, "登记簿") if direction else None
    return session.store.registers.numbers(chosen, year or session.now.year)


def _views(session: Session, entries: list[RegisterEntry], unlock: bool) -> list[EntryView]:
    ids = [e.item_id for e in entries if e.item_id is not None]
    items = session.store.items.get_many(ids) if ids else {}
    if unlock and any(i.locked for i in items.values()):
        from bangongshi.services import locks

        revealed = locks.reveal(session, [i for i in items.values() if i.locked])
        items.update({i.id: i for i in revealed})
    views = []
    for entry in entries:
        item = items.get(entry.item_id) if entry.item_id is not None else None
        steps = tuple(session.store.items.children(item.id)) if item is not None else ()
        views.append(EntryView(entry, item, steps))
    return views


def _entry(session: Session, ref: str) -> RegisterEntry:
    text = ref.strip()
    repo = session.store.registers
    match = _REF.match(text)
    if match and text[:1] == "#":
        item = session.store.items.get(int(match[1]))
        entry = of_item(session, item) if item is not None else None
        if entry is None:
            raise NotFound(f"事项 #{match[1]} 不属于收文、发文登记簿")
        return entry
    if match:
        entry = repo.entry(int(match[1]))
        if entry is None:
            raise NotFound(f"没有登记号 D{match[1]}（bgs doc list 查看）")
        return entry
    found = repo.number_titled(docnumbers.normalise(text))
    if found is not None and found.register_id is not None:
        return repo.entry(found.register_id)
    parsed = docnumbers.parse(text)
    if parsed is not None:
        entries = repo.entries(_filter(Direction.IN, parsed))
        if entries:
            return entries[-1]
    raise NotFound(f"没有找到「{text}」：可用登记号（D3）、收文编号、发文字号、来文文号或事项号（#12）")


def _filter(direction: Direction, parsed: docnumbers.DocNumber) -> EntryFilter:
    return EntryFilter(direction=direction, doc=(parsed.prefix, parsed.year, parsed.seq), include_void=False)


# --- checks -------------------------------------------------------------------------------------

def secrecy(text: str | None) -> Secrecy:
    if not text:
        return Secrecy.NONE
    if text.strip() in ("绝密", "top_secret", "top-secret"):
        raise BadInput("绝密文件不得在非涉密计算机上登记；可登记的密级：无（none）、秘密（secret）、机密（confidential）")
    return Secrecy.parse(text, "密级")


def _prefix(settings, given: str | None) -> str:
    configured = settings.prefixes
    if not configured:
        raise BadInput("还没有设置机关代字：在 config.yaml 中写 registers: {prefixes: [县政办发]}"
                       "（bgs config edit），每个代字的发文字号按年各自编号")
    if given is None:
        if len(configured) > 1:
            raise BadInput(f"有几个机关代字，请用 --prefix 指明：{'、'.join(configured)}")
        return configured[0]
    chosen = docnumbers.check_prefix(given)
    if chosen not in configured:
        raise BadInput(f"机关代字「{chosen}」不在 config.yaml 的 registers.prefixes 中，可用：{'、'.join(configured)}")
    return chosen


def _leader_of(instruction: str) -> tuple[str, str]:
    """「王局长：请教育局牵头办理」: the leader before the colon, else --leader is needed."""
    match = re.match(r"^\s*([^:：\s]{1,20}?)(?:批示)?\s*[:：]\s*(\S.*)$", instruction, flags=re.S)
    if match:
        return match[1], match[2].strip()
    raise BadInput("领导批示需要写明批示领导：--leader 王局长（或写成 --instruction \"王局长：请教育局牵头办理\"）")


def _deadline(session: Session, given: str | None, start: date, urgency: Urgency, settings) -> date:
    if given:
        return _day(session, given, "办理时限 --due")
    workdays = settings.limit_workdays.get(urgency.code, 10)
    calendar = session.calendar
    day = calendar.add_workdays(start, workdays) if workdays else calendar.workday_on_or_after(start)
    session.notice(f"未写时限，按{urgency.label if urgency is not Urgency.NONE else '一般'}件 {workdays} 个工作日"
                   f"定为 {day.isoformat()}（--due 可指定；config.yaml registers.limit_workdays 可改）")
    return day


def _day(session: Session, text: str, option: str, past: bool = False) -> date:
    return session.parse_date(text, option=option, past=past).date


def _copies(value: int | None) -> int | None:
    if value is None:
        return None
    if not 1 <= value <= COPIES_MAX:
        raise BadInput(f"份数应是 1 到 {COPIES_MAX} 的整数")
    return value


def _text(value: str | None, what: str) -> str:
    if value is None:
        return ""
    return " ".join(limits.text(value, what, TEXT_MAX).split()) if "\n" not in value else limits.text(value, what, TEXT_MAX).strip()


def _defaults():
    from bangongshi.domain.registers import RegisterSettings

    return RegisterSettings()


def sheet(session: Session, views: list[EntryView], output: str, year: int | None, raw: bool = False):
    """`bgs doc list --format xlsx -o FILE`: the 登记簿 workbook, written whole or not at all; private
    (0600) when it holds a 涉密 entry's revealed text. The path it went to, and whether it is private."""
    from bangongshi.formats import registers as codec
    from bangongshi.services import outfiles

    path = outfiles.target(output, session.store.path, option="-o")
    objects = [codec.entry_object(view) for view in views]
    private = any(v.entry.classified and v.item is not None and v.item.notes != "【密】" for v in views)
    label = f"（{year}年）" if year else ""
    outfiles.write(path, lambda handle: codec.register_xlsx(objects, handle, year_label=label, raw=raw), private=private)
    return path, private
