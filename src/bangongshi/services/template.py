"""Procedure templates (P17): the shipped ones and the user's own (in the data dir's templates/),
applied as one anchor item and its steps, all in one transaction or not at all."""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bangongshi.domain import template as domain
from bangongshi.domain.template import Template
from bangongshi.errors import BadInput, os_reason
from bangongshi.model import Item
from bangongshi.model.record import replace
from bangongshi.services.fields import FieldInput, clean_title, to_changes
from bangongshi.services.session import Session

PACKAGE_DIR = Path(__file__).resolve().parent.parent / "templates"


@dataclass(frozen=True)
class Entry:
    name: str
    path: Path
    origin: str  # package | user
    template: Template | None
    problem: str = ""  # why a user's file could not be read


def user_dir() -> Path:
    from bangongshi.paths import data_dir

    return data_dir() / "templates"


def available() -> list[Entry]:
    """Every template by name; a user's template of the same name replaces the shipped one."""
    found: dict[str, Entry] = {}
    for folder, origin in ((PACKAGE_DIR, "package"), (user_dir(), "user")):
        for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else ():
            try:
                template = read(path)
                found[template.name] = Entry(template.name, path, origin, template)
            except BadInput as error:
                found[path.stem] = Entry(path.stem, path, origin, None, error.message)
    return sorted(found.values(), key=lambda e: (e.origin != "package", e.name))


def read(path: Path) -> Template:
    from bangongshi.yamlfile import located

    source = f"模板「{path}」"
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise BadInput(f"{source}不是 UTF-8 文本") from None
    except OSError as error:
        raise BadInput(f"无法读取{source}：{os_reason(error)}") from None
    return domain.from_tree(located(text, source), source, path.stem)


def find(name: str) -> Template:
    wanted = name.strip()
    entries = available()
    for entry in entries:
        if entry.name == wanted or entry.path.stem == wanted:
            if entry.template is None:
                raise BadInput(entry.problem)
            return entry.template
    names = "、".join(e.name for e in entries) or "（没有）"
    raise BadInput(f"没有名为「{name}」的模板，可用：{names}（bgs template list 查看）")


@dataclass(frozen=True)
class Applied:
    anchor: Item
    steps: tuple[Item, ...]


@dataclass(frozen=True)
class Laid:
    """A template laid out but not yet written: the anchor and each step's item (without ids)."""

    template: Template
    anchor: Item
    steps: tuple[Item, ...]


def apply(session: Session, name: str, given: FieldInput, start: str | None = None) -> Applied:
    laid = lay_out(session, name, given, start)
    links = None
    if given.people_given:  # a meeting for leaders (--for/--with): its anchor is their activity (issue #24)
        from bangongshi.services import leaders

        links = leaders.links_for(session, given, laid.anchor.locked)
    with session.write() as tx:
        applied = write(session, tx, laid)
        if links:
            session.store.leaders.set_links(tx, applied.anchor.id, [replace(link, item_id=applied.anchor.id)
                                                                   for link in links])
    if links:
        leaders.warn_clashes(session, applied.anchor)
    return applied


def lay_out(session: Session, name: str, given: FieldInput, start: str | None = None) -> Laid:
    """Everything `apply` checks and computes before it writes (a register entry writes the items in
    its own transaction, with the entry: services/registers.py)."""
    template = find(name)
    if not given.title:
        raise BadInput("需要 --title，例如：--title \"全市办公室工作会议\"")
    title = clean_title(given.title)
    needed = "--at" if template.anchor_date == "at" else "--due"
    if (given.at if template.anchor_date == "at" else given.due) is None:
        raise BadInput(f"模板「{template.name}」从{domain.ANCHORS[template.anchor_date]}算起，请给出 {needed}")
    changes = to_changes(replace(given, title=None), session)
    start_day = session.parse_date(start, option="开始日期 --start").date if start else session.now.date()
    anchor = _with_fields(Item(title=title), template.anchor)
    anchor = replace(anchor, **{k: v for k, v in changes.items() if v is not None})
    if anchor.constrained:
        anchor = replace(anchor, assigned_at=session.now)
    anchor_day = anchor.at.date() if template.anchor_date == "at" else anchor.due
    before = set(session.calendar.estimated_years)
    dates = domain.step_dates(template, anchor_day, start_day, session.calendar)
    session.rests_on_estimate(set(session.calendar.estimated_years) - before, f"模板「{template.name}」的步骤日期")
    late = [step for step in template.steps if dates[step.id] < start_day]
    if late:
        # Too late to do them on time: they are due now, not born overdue.
        for step in late:
            dates[step.id] = start_day
        session.notice(f"{'、'.join(s.title for s in late)} 按模板应在 {start_day.isoformat()} 之前办，已排到这一天")
    for step, then, planned in domain.keep_order(template, dates, start_day):
        session.notice(f"时间紧：{step.title} 按模板在 {planned.isoformat()}，晚于应在它之后的{then.title}，"
                       f"已提前到 {dates[step.id].isoformat()}，步骤保持先后次序")
    from bangongshi.model.ids import new_uuid

    now = session.now
    anchor = replace(anchor, uuid=new_uuid(), created=now, updated=now)
    steps = []
    for step in sorted(template.steps, key=lambda s: dates[s.id]):  # ids in date order
        item = _with_fields(Item(title=step.title_for(title)), step.fields)
        steps.append(replace(item, due=dates[step.id], parent_id=None, step=step.id, step_from=step.start_from,
                             step_offset=step.offset, uuid=new_uuid(), created=now, updated=now))
    return Laid(template, anchor, tuple(steps))


def write(session: Session, tx, laid: Laid, locked: bool = False) -> Applied:
    """Write a laid-out template inside the caller's transaction; `locked`: the anchor and its steps
    are sealed as they are written (a 涉密 document's)."""
    anchor = replace(laid.anchor, locked=locked)
    anchor = replace(anchor, id=session.store.items.add(tx, anchor))
    made = [replace(item, id=session.store.items.add(tx, replace(item, parent_id=anchor.id, locked=locked)),
                    parent_id=anchor.id, locked=locked)
            for item in laid.steps]
    return Applied(anchor, tuple(sorted(made, key=lambda i: (i.due, i.id))))


def moved_steps(session: Session, anchor: Item, steps: list[Item]) -> list[tuple[Item, date]]:
    """The open steps whose date follows the anchor, with their new dates (the anchor as it is now)."""
    anchor_day = anchor.at.date() if anchor.at else anchor.due
    if anchor_day is None:
        return []
    known: dict[str, date] = {}
    moves = []
    pending = list(steps)
    while pending:
        ready = [s for s in pending if s.step_from in ("", domain.FROM_START) or s.step_from in known
                 or s.step_from not in {p.step for p in steps}]
        if not ready:
            break  # a cycle cannot be saved by apply; stop rather than loop
        for step in ready:
            pending.remove(step)
            follows = step.step_from == "" or (step.step_from in known and step.step_from != domain.FROM_START)
            if step.is_open and follows and step.step_offset is not None:
                new = domain.date_of(step.step_from, step.step_offset, anchor_day, anchor_day, known, session.calendar)
                if new != step.due:
                    moves.append((step, new))
                known[step.step] = new
            elif step.due is not None:
                known[step.step] = step.due
    return moves


def _with_fields(item: Item, fields: domain.Fields) -> Item:
    return replace(item, kind=fields.kind, important=fields.important, urgent=fields.urgent, key=fields.key,
                   estimate_minutes=fields.estimate_minutes, duration_minutes=fields.duration_minutes,
                   notes=fields.note, tags=fields.tags)
