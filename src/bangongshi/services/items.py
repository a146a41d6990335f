"""Item use cases: capture, list, edit, move between folders, finish, reopen, delete."""

from collections.abc import Iterator

from bangongshi import limits
from bangongshi.domain import durations
from bangongshi.errors import BadInput, NotFound
from bangongshi.limits import RESULT_MAX
from bangongshi.model.ids import new_uuid
from bangongshi.model import OPEN_FOLDERS, Folder, Item, ItemFilter, Kind
from bangongshi.model.record import Record, replace
from bangongshi.services.fields import FieldInput, clean_tag, clear_fields, to_changes
from bangongshi.services.session import Session



class Added(Record):
    """A captured item and what `bgs add` says it understood: the quadrant the agenda puts it in, and
    the open items that already have its title (`dup_ok`: not looked for)."""

    item: Item
    quadrant: int
    duplicates: list[tuple[int, Folder]]


class Changed(Record):
    """An item before and after a command (the same when the command left it as it was)."""

    before: Item
    after: Item
    people: bool = False  # whose appointment it is changed (--for/--with, issue #24), not a field of the item


def add(session: Session, given: FieldInput, folder: Folder = Folder.TODO, locked: bool = False,
        dup_ok: bool = True) -> Added:
    """`dup_ok=False`: look for open items with the same title (one indexed lookup) and warn."""
    changes = to_changes(given, session)
    if "title" not in changes:
        raise BadInput("标题不能为空，例如：bgs add \"起草年终总结\"")
    if folder is Folder.DONE:
        raise BadInput("新事项只能放进 待办 或 临时")
    item = replace(Item(title=changes.pop("title")), folder=folder, **changes)
    # 临时 items are assigned on the spot by someone else: constrained (P20), and their age counts (P23).
    if item.constrained or folder is Folder.TEMP:
        item = replace(item, constrained=True, assigned_at=session.now)
    item = replace(item, uuid=new_uuid(), created=session.now, updated=session.now, locked=locked)
    links = None
    if given.people_given:  # the registry is read only for a leader's appointment (a plain add stays quick)
        from bangongshi.services import leaders

        links = leaders.links_for(session, given, locked)
    with session.write() as tx:
        duplicates = [] if dup_ok else session.store.items.open_titled(item.title)
        item_id = session.store.items.add(tx, item)
        if links:
            session.store.leaders.set_links(tx, item_id, [replace(link, item_id=item_id) for link in links])
    if links:
        leaders.warn_clashes(session, replace(item, id=item_id))
    if duplicates:
        (first, where), *others = duplicates
        also = "".join(f"、#{other}（{folder.label}）" for other, folder in others)
        session.notice(f"已有 #{first} {item.title}（{where.label}）{also}；若是同一件事，bgs undo 撤销这次记入")
    from bangongshi.domain import quadrants

    # The calendar is built only for a deadline near enough to make the item urgent.
    quadrant = quadrants.of_item(item, session.now.date(), session.settings or _defaults(),
                                 lambda start, end: session.calendar.workdays_between(start, end))
    if locked:
        item = session.store.items.get_many([item_id])[item_id]  # as stored: masked
    else:
        item = replace(item, id=item_id)
    return Added(item, quadrant, duplicates)


def _defaults():
    from bangongshi.domain.settings import DEFAULTS

    return DEFAULTS


def find(session: Session, ids: list[int]) -> list[Item]:
    """The items in the order asked, each once; NotFound names every id that does not exist."""
    wanted = list(dict.fromkeys(ids))
    found = session.store.items.get_many(wanted)
    missing = [i for i in wanted if i not in found]
    if missing:
        raise NotFound(f"没有编号为 {'、'.join(f'#{i}' for i in missing)} 的事项（bgs list --all 查看全部）")
    return [found[i] for i in wanted]


class ListInput(Record):
    folder: str | None = None
    everything: bool = False
    search: str | None = None
    source: str | None = None
    kind: str | None = None
    tags: list[str] | tuple[str, ...] = ()
    overdue: bool = False
    due_before: str | None = None
    due_after: str | None = None
    limit: int | None = None


def listing(session: Session, given: ListInput) -> list[Item]:
    return session.store.items.query(_wanted(session, given))


def stream(session: Session, given: ListInput, fmt: str, raw: bool = False) -> Iterator[Item | bytes]:
    """`listing`'s items in its order, read one at a time (a list for scripts of every item), in `fmt`
    (json, csv): each the UTF-8 of its object or line, made by SQLite as it reads the row, or an Item
    where only Python writes it so (formats/json.py, formats/csv.py take either)."""
    from bangongshi.formats.json import ITEM_KEYS

    return session.store.items.stream_texts(fmt, ITEM_KEYS, _wanted(session, given), raw=raw)


def _wanted(session: Session, given: ListInput) -> ItemFilter:
    folders = OPEN_FOLDERS
    if given.everything:
        folders = tuple(Folder)
    elif given.folder:
        folders = (Folder.parse(given.folder, "文件夹"),)
    if given.limit is not None and given.limit <= 0:
        raise BadInput("--limit 必须是正整数")
    wanted = ItemFilter(
        folders=folders,
        search=given.search.strip() if given.search else None,
        source=given.source.strip() if given.source else None,
        kind=Kind.parse(given.kind, "类别") if given.kind else None,
        tags=tuple(clean_tag(t) for t in given.tags),
        due_earlier_than=session.now.date() if given.overdue else None,
        due_on_or_before=_day(session, given.due_before, "--due-before"),
        due_on_or_after=_day(session, given.due_after, "--due-after"),
        limit=given.limit,
    )
    if given.overdue:
        wanted = wanted._replace(folders=tuple(f for f in wanted.folders if f is not Folder.DONE))
    return wanted


def _day(session: Session, text: str | None, option: str):
    if text is None:
        return None
    return session.parse_date(text, option=option).date


def edit(session: Session, ids: list[int], given: FieldInput, clear: list[str],
         untag: list[str], replace_tags: bool = False, move_steps: bool = False) -> list[Changed]:
    """`move_steps`: when an item's time changes, its template steps follow it (the open ones)."""
    changes = to_changes(given, session)
    cleared = clear_fields(clear)
    overlap = set(changes) & set(cleared) - {"constrained", "due_time"}
    if overlap:
        raise BadInput("同一个字段不能既设置又清除")
    removed = {clean_tag(t) for t in untag}
    links = None
    if given.people_given:
        from bangongshi.services import leaders
    if not changes and not cleared and not removed and not given.people_given:
        raise BadInput("没有要修改的内容：请给出要改的字段，例如 --due 2026-12-01、--title 新标题、--clear due")
    updated = []
    with session.write() as tx:
        for item in find(session, ids):
            new = dict(changes)
            new.update(cleared)
            if "tags" in changes and not replace_tags:
                new["tags"] = tuple(dict.fromkeys(item.tags + changes["tags"]))
            if removed:
                new["tags"] = tuple(t for t in new.get("tags", item.tags) if t not in removed)
            if "source" in changes and not item.assigned_at:
                new["assigned_at"] = session.now
            if item.recurrence_id is not None:
                new["hand_edited"] = True  # editing its rule no longer overwrites it
            people_changed = False
            if given.people_given:
                current = session.store.leaders.links_of([item.id]).get(item.id, [])
                links = [replace(link, item_id=item.id) for link in leaders.links_for(session, given, item.locked, current)]
                if sorted(links, key=repr) != sorted(current, key=repr):
                    new["updated"] = session.now  # whose appointment it is changed: the item did (sync)
                    people_changed = True
                    session.store.leaders.set_links(tx, item.id, links)
                    if not any(link.role.code == "leader" for link in links):
                        session.readings.append("不再是领导活动（bgs leader week 不再列出）")
            saved = _save(tx, item, new, session)
            updated.append(Changed(item, saved, people_changed))
            if move_steps and (saved.at, saved.due) != (item.at, item.due):
                from bangongshi.services import template as template_service

                steps = session.store.items.children(item.id)
                for step, day in template_service.moved_steps(session, saved, steps):
                    updated.append(Changed(step, _save(tx, step, {"due": day}, session)))
    if given.people_given or (changes.keys() & {"at", "duration_minutes"}):
        from bangongshi.services import leaders

        for change in updated:
            leaders.warn_clashes(session, change.after)
    return updated


def steps(session: Session, item_id: int) -> list[Item]:
    """What a template laid out under the item, by date."""
    return session.store.items.children(item_id)


def exists(session: Session, item_id: int) -> bool:
    return bool(session.store.items.get_many([item_id]))


def open_step_count(session: Session, item_id: int) -> int:
    return sum(1 for step in session.store.items.children(item_id) if step.is_open)


def move(session: Session, ids: list[int], folder: Folder, result: str | None = None) -> list[Changed]:
    if folder is Folder.DONE:
        return finish(session, ids, result)
    if result is not None:
        raise BadInput("--result 只用于移到 已处理")
    moved = []
    with session.write() as tx:
        for item in find(session, ids):
            new = {"folder": folder}
            if not item.is_open:
                new.update(done_at=None, result="")
            if folder is Folder.TEMP and not item.constrained:
                new.update(constrained=True, assigned_at=item.assigned_at or session.now)
            moved.append(Changed(item, _save(tx, item, new, session)))
    return moved


def finish(session: Session, ids: list[int], result: str | None, spent: str | None = None) -> list[Changed]:
    """`spent`: the time it actually took, for the reports' key/routine minutes."""
    if result is not None:
        result = result.strip()
        if not result:
            raise BadInput("--result 不能为空；不需要填写结果时请省略 --result")
        limits.text(result, "处理结果", RESULT_MAX)
    spent_minutes = durations.parse_minutes(spent, "实际用时 --spent") if spent is not None else None
    found = find(session, ids)
    if result is None:
        from bangongshi.domain.follow import result_required

        owed = [i for i in found if i.is_open and result_required(i)]
        if owed:
            listed = "、".join(f"#{i.id}" for i in owed)
            raise BadInput(f"{listed} 要向交办人反馈或在督办中：办结时请写明结果，例如 --result \"已落实，检查了12所学校\"")
    finished = []
    with session.write() as tx:
        for item in found:
            if not item.is_open:
                if result is None:
                    session.notices.append(f"#{item.id} 已在 已处理")
                    finished.append(Changed(item, item))
                    continue
                finished.append(Changed(item, _save(tx, item, {"result": result}, session)))
                continue
            new = {"folder": Folder.DONE, "done_at": session.now}
            if result is not None:
                new["result"] = result
            if spent_minutes is not None:
                new["spent_minutes"] = spent_minutes
            finished.append(Changed(item, _save(tx, item, new, session)))
    return finished


def reopen(session: Session, ids: list[int]) -> list[Changed]:
    """Back to the folder the item was in before it was handled (待办 if that is unknown)."""
    reopened = []
    with session.write() as tx:
        for item in find(session, ids):
            if item.is_open:
                session.notices.append(f"#{item.id} 还在 {item.folder.label}，无需重新打开")
                reopened.append(Changed(item, item))
                continue
            folder = session.store.items.folder_before_done(item.id) or Folder.TODO
            reopened.append(Changed(item, _save(tx, item, {"folder": folder, "done_at": None, "result": ""}, session)))
    return reopened


def delete(session: Session, ids: list[int]) -> list[Item]:
    doomed = find(session, ids)
    with session.write() as tx:
        for item in doomed:
            session.store.items.delete(tx, item.id)
    return doomed


def _save(tx, item: Item, new: dict, session: Session) -> Item:
    changed = replace(item, **new)
    if changed == item:
        return item
    changed = replace(changed, updated=session.now)
    session.store.items.update(tx, changed)
    return changed
