"""Procedure templates (P17): the regularities of 办文、办会、办事 as steps whose dates count in
workdays from an anchor (the meeting, the document's deadline), from the day the template is
applied, or from another step.

Pure: a YAML tree (values with their lines) in, a Template out; dates from a calendar.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from bangongshi.domain import durations
from bangongshi.domain.calendar import Calendar
from bangongshi.domain.settings import Located
from bangongshi.errors import BadInput
from bangongshi.model import Kind

ANCHORS = {"at": "约定时间（--at，如会议、接待）", "due": "截止日期（--due，如办文时限）"}
FROM_START = "start"
OFFSET_LIMIT = 250
_STEP_KEYS = {"id", "title", "offset", "from", "kind", "important", "urgent", "key", "estimate", "note", "tags"}
_ANCHOR_KEYS = {"date", "kind", "duration", "important", "urgent", "key", "estimate", "note", "tags"}
_TOP_KEYS = {"name", "description", "anchor", "steps"}


@dataclass(frozen=True)
class Fields:
    """Item fields a template gives the anchor or a step."""

    kind: Kind | None = None
    important: bool = False
    urgent: bool = False
    key: bool = False
    estimate_minutes: int | None = None
    duration_minutes: int | None = None
    note: str = ""
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    offset: int
    start_from: str  # "": the anchor; "start": the day applied; otherwise another step's id
    fields: Fields
    line: int

    def title_for(self, anchor_title: str) -> str:
        if "{title}" in self.title:
            return self.title.replace("{title}", anchor_title)
        return f"{self.title}：{anchor_title}"


@dataclass(frozen=True)
class Template:
    name: str
    description: str
    anchor_date: str  # "at" or "due"
    anchor: Fields
    steps: tuple[Step, ...]  # as the file lists them
    source: str


def from_tree(root: Located | None, source: str, fallback_name: str) -> Template:
    def fail(node: Located, why: str) -> BadInput:
        return BadInput(f"{source} 第 {node.line} 行：{why}")

    if root is None or not isinstance(root.value, dict):
        raise BadInput(f"{source}：模板应是一个映射，含 name、anchor、steps")
    tree = root.value
    for name, node in tree.items():
        if name not in _TOP_KEYS:
            raise fail(node, f"不认识「{name}」，可用：{'、'.join(sorted(_TOP_KEYS))}")
    name = _text(tree["name"], fail, "name") if "name" in tree else fallback_name
    description = _text(tree["description"], fail, "description") if "description" in tree else ""
    anchor_node = tree.get("anchor", Located({}, root.line))
    anchor_tree = _mapping(anchor_node, fail, "anchor")
    for key, node in anchor_tree.items():
        if key not in _ANCHOR_KEYS:
            raise fail(node, f"anchor 里不认识「{key}」，可用：{'、'.join(sorted(_ANCHOR_KEYS))}")
    anchor_date = _text(anchor_tree["date"], fail, "anchor.date") if "date" in anchor_tree else "at"
    if anchor_date not in ANCHORS:
        raise fail(anchor_tree["date"], f"anchor.date 只能是 at（{ANCHORS['at']}）或 due（{ANCHORS['due']}）")
    anchor = _fields(anchor_tree, fail, "anchor")
    steps_node = tree.get("steps")
    if steps_node is None or not isinstance(steps_node.value, list) or not steps_node.value:
        raise fail(steps_node or root, "steps 应是至少一个步骤的列表")
    steps = tuple(_step(node, fail) for node in steps_node.value)
    _ordered(steps, fail)  # refuses unknown references and cycles, with the line
    return Template(name, description, anchor_date, anchor, steps, source)


def _step(node: Located, fail) -> Step:
    tree = _mapping(node, fail, "步骤")
    for key, value in tree.items():
        if key not in _STEP_KEYS:
            raise fail(value, f"步骤里不认识「{key}」，可用：{'、'.join(sorted(_STEP_KEYS))}")
    for required in ("id", "title"):
        if required not in tree:
            raise fail(node, f"步骤缺少 {required}")
    step_id = _text(tree["id"], fail, "id")
    if step_id == FROM_START:
        raise fail(tree["id"], f"步骤的 id 不能是「{FROM_START}」（它表示套用模板的那天）")
    offset = 0
    if "offset" in tree:
        value = tree["offset"].value
        if isinstance(value, bool) or not isinstance(value, int) or abs(value) > OFFSET_LIMIT:
            raise fail(tree["offset"], f"offset 是相隔的工作日数，应是 -{OFFSET_LIMIT} 到 {OFFSET_LIMIT} 的整数，收到「{value}」")
        offset = value
    start_from = _text(tree["from"], fail, "from") if "from" in tree else ""
    return Step(step_id, _text(tree["title"], fail, "title"), offset, start_from, _fields(tree, fail, "步骤"),
                node.line)


def _ordered(steps: tuple[Step, ...], fail) -> tuple[Step, ...]:
    """The steps in an order where each comes after the step it counts from."""
    by_id: dict[str, Step] = {}
    for step in steps:
        if step.id in by_id:
            raise fail(Located(None, step.line), f"步骤 id「{step.id}」重复（第 {by_id[step.id].line} 行已有）")
        by_id[step.id] = step
    for step in steps:
        if step.start_from not in ("", FROM_START) and step.start_from not in by_id:
            raise fail(Located(None, step.line),
                       f"步骤「{step.id}」的 from 指向不存在的步骤「{step.start_from}」（可用：{'、'.join(by_id)}、{FROM_START}）")
    ordered: list[Step] = []
    placed: set[str] = set()
    while len(ordered) < len(steps):
        ready = [s for s in steps if s.id not in placed and s.start_from in ("", FROM_START, *placed)]
        if not ready:
            stuck = next(s for s in steps if s.id not in placed)
            cycle = _cycle(stuck, by_id)
            raise fail(Located(None, stuck.line), f"步骤之间循环引用：{' → '.join(cycle)}")
        for step in ready:
            ordered.append(step)
            placed.add(step.id)
    return tuple(ordered)


def _cycle(step: Step, by_id: dict[str, Step]) -> list[str]:
    path = [step.id]
    current = step
    while current.start_from in by_id:
        current = by_id[current.start_from]
        if current.id in path:
            return path[path.index(current.id):] + [current.id]
        path.append(current.id)
    return path


def step_dates(template: Template, anchor_day: date, start_day: date, calendar: Calendar) -> dict[str, date]:
    """Each step's date: workdays from the anchor, the start day or the step it follows."""
    found: dict[str, date] = {}

    def refuse(node, why):
        return BadInput(f"{template.source} 第 {node.line} 行：{why}")

    for step in _ordered(template.steps, refuse):
        found[step.id] = date_of(step.start_from, step.offset, anchor_day, start_day, found, calendar)
    return found


class _EveryDay:
    """A calendar in which every day is a workday: enough to tell the order of the steps."""

    @staticmethod
    def add_workdays(day: date, count: int) -> date:
        return day + timedelta(days=count)

    @staticmethod
    def workday_on_or_after(day: date) -> date:
        return day


def keep_order(template: Template, dates: dict[str, date], start_day: date) -> list[tuple[Step, Step, date]]:
    """Steps keep their order when time is short. Their order is the one they have when time is ample
    (the anchor years away). A step that `dates` puts after one that follows it in that order (the
    chain from the start day reaching past 「时限前2个工作日」 催办) is brought forward to that step's
    date: the work is compressed, never pushed past the deadline or the meeting, never before the
    start day. `dates` is changed in place; returns (step, the step it now shares a day with, its
    date before)."""
    ample = step_dates(template, start_day + timedelta(days=3660), start_day, _EveryDay())
    moved = []
    following: Step | None = None  # the earliest-dated step after this one in the order
    for step in reversed(sorted(template.steps, key=lambda s: ample[s.id])):  # ties: as the template lists them
        if following is not None and dates[step.id] > dates[following.id]:
            moved.append((step, following, dates[step.id]))
            dates[step.id] = dates[following.id]
        if following is None or dates[step.id] <= dates[following.id]:
            following = step
    return moved[::-1]


def date_of(start_from: str, offset: int, anchor_day: date, start_day: date, known: dict[str, date],
            calendar: Calendar) -> date:
    base = anchor_day if start_from == "" else start_day if start_from == FROM_START else known[start_from]
    if offset == 0:
        # A step on the day of a weekend meeting happens that day; otherwise land on a workday.
        return base if start_from == "" else calendar.workday_on_or_after(base)
    return calendar.add_workdays(base, offset)


def _fields(tree: dict, fail, where: str) -> Fields:
    values: dict = {}
    if "kind" in tree:
        try:
            values["kind"] = Kind.parse(_text(tree["kind"], fail, "kind"), "类别")
        except BadInput as error:
            raise fail(tree["kind"], error.message) from None
    for flag in ("important", "urgent", "key"):
        if flag in tree:
            if not isinstance(tree[flag].value, bool):
                raise fail(tree[flag], f"{flag} 应是 true 或 false")
            values[flag] = tree[flag].value
    for name, attribute, what in (("estimate", "estimate_minutes", "预计用时"), ("duration", "duration_minutes", "时长")):
        if name in tree:
            try:
                values[attribute] = durations.parse_minutes(str(tree[name].value), f"{what} {name}")
            except BadInput as error:
                raise fail(tree[name], error.message) from None
    if "note" in tree:
        values["note"] = _text(tree["note"], fail, "note")
    if "tags" in tree:
        node = tree["tags"]
        if not isinstance(node.value, list) or not all(isinstance(t.value, str) and t.value.strip() for t in node.value):
            raise fail(node, "tags 应是标签的列表，如 [会议, 年度]")
        values["tags"] = tuple(t.value.strip() for t in node.value)
    return Fields(**values)


def _mapping(node: Located, fail, what: str) -> dict:
    if not isinstance(node.value, dict):
        raise fail(node, f"{what} 应是「键: 值」的映射")
    return node.value


def _text(node: Located, fail, what: str) -> str:
    if not isinstance(node.value, str | int | float) or isinstance(node.value, bool) or not str(node.value).strip():
        raise fail(node, f"{what} 应是非空的文字")
    return str(node.value).strip()
