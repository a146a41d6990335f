"""One vocabulary of item fields for every command: raw option text in, typed changes out."""

from bangongshi import limits
from bangongshi.domain import durations
from bangongshi.errors import BadInput
from bangongshi.limits import TAG_MAX, TEXT_MAX, TITLE_MAX
from bangongshi.model import CLEARABLE_FIELDS, Attention, Item, Kind
from bangongshi.model.record import Record


class FieldInput(Record):
    """Item fields as typed on the command line; None means "not given"."""

    title: str | None = None
    due: str | None = None
    at: str | None = None
    duration: str | None = None
    where: str | None = None
    important: bool | None = None
    urgent: bool | None = None
    key: bool | None = None
    source: str | None = None
    kind: str | None = None
    tags: list[str] | tuple[str, ...] = ()
    estimate: str | None = None
    note: str | None = None
    major: bool | None = None
    attention: str | None = None
    report: bool | None = None
    remind: str | None = None
    # Whose appointment it is (issue #24): leaders from the people registry, and who accompanies them
    # (陪同). Not item columns: services/leaders.py keeps them in item_people.
    leaders: str | None = None
    escorts: str | None = None

    @property
    def people_given(self) -> bool:
        return self.leaders is not None or self.escorts is not None


def clean_title(text: str) -> str:
    title = " ".join(text.split())
    if not title:
        raise BadInput("标题不能为空，例如：bgs add \"起草年终总结\"")
    if len(title) > TITLE_MAX:
        raise BadInput(f"标题太长（{len(title)} 字），最多 {TITLE_MAX} 字；详细内容请放在 --note 里")
    return limits.text(title, "标题", TITLE_MAX)


def clean_tag(text: str) -> str:
    tag = text.strip().lstrip("#")
    if not tag or any(ch.isspace() or ch in ",，;；" for ch in tag):
        raise BadInput(f"标签「{text}」无效：标签不能为空，也不能含空格或逗号")
    return limits.text(tag, "标签", TAG_MAX)


def _text(value: str, what: str) -> str:
    return limits.text(value, what, TEXT_MAX).strip()


def to_changes(given: FieldInput, session) -> dict:
    """Parse every given field into the Item attributes to set; notices go to the session.

    Parsing all fields before writing anything is what keeps bad input from changing the store.
    """
    changes: dict = {}
    if given.title is not None:
        changes["title"] = clean_title(given.title)
        if given.due is not None or given.at is not None:
            _warn_time_in_title(changes["title"], given, session)
    if given.due is not None:
        spec = session.parse_date(given.due, option="截止日期")
        changes["due"] = spec.date
        changes["due_time"] = spec.time
    if given.at is not None:
        changes["at"] = session.parse_datetime(given.at, option="开始时间 --at")
    if given.duration is not None:
        changes["duration_minutes"] = durations.parse_minutes(given.duration, "时长 --duration")
    if given.estimate is not None:
        changes["estimate_minutes"] = durations.parse_minutes(given.estimate, "预计用时 --estimate")
    if given.where is not None:
        changes["location"] = _text(given.where, "地点")
    if given.kind is not None:
        changes["kind"] = Kind.parse(given.kind, "类别")
    if given.source is not None:
        source = _text(given.source, "交办人")
        if not source:
            raise BadInput("--from 需要交办人的名字，例如：--from 王主任")
        changes["source"] = source
        changes["constrained"] = True
    if given.note is not None:
        changes["notes"] = _text(given.note, "备注")
    if given.attention is not None:
        changes["attention"] = Attention.parse(given.attention, "关注程度")
    if given.report is not None:
        changes["report_required"] = given.report
    if given.remind is not None:
        from bangongshi.domain.remind import parse_lead

        changes["remind"] = parse_lead(given.remind)
    for name in ("important", "urgent", "key", "major"):
        value = getattr(given, name)
        if value is not None:
            changes[name] = value
    if given.tags:
        changes["tags"] = tuple(dict.fromkeys(clean_tag(t) for t in given.tags))
    return changes


def _warn_time_in_title(title: str, given: FieldInput, session) -> None:
    """`bgs add 开会 --due 明天 下午三点`: the shell gave 下午三点 to the title. Say so, and how to quote."""
    from bangongshi.domain import dates

    words = title.split(" ")
    if len(words) < 2:
        return
    last = words[-1]
    try:
        dates.parse_date(last, session.now, session.calendar, option="标题", rest_day_warning=False)
    except BadInput:
        return
    option, value = ("--due", given.due) if given.due is not None else ("--at", given.at)
    session.notice(f"标题最后的「{last}」像是时间或日期，却成了标题的一部分；如果它属于 {option}，"
                   f"请加引号：{option} \"{value} {last}\"（bgs edit 可以改）")


def clear_fields(names: list[str]) -> dict:
    """`--clear FIELD…` as Item attributes set to their empty value."""
    empty = Item(title="-")
    cleared = {}
    for name in names:
        attribute = CLEARABLE_FIELDS.get(name.strip().lower().lstrip("-"))
        if attribute is None:
            accepted = "、".join(sorted(set(CLEARABLE_FIELDS)))
            raise BadInput(f"--clear 不认识字段「{name}」，可以清除：{accepted}")
        cleared[attribute] = getattr(empty, attribute)
        if attribute == "due":
            cleared["due_time"] = None
        if attribute == "source":
            cleared["constrained"] = False
            cleared["assigned_at"] = None
    return cleared
