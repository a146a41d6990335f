"""`bgs call` and `bgs visit`: their parameters, what they do, and their quick path.

The fastest capture there is (the phone in one hand), so it starts as quickly as `bgs add`: a plain
command line is read from these declarations without building Typer's parser (as cli/capture.py does
for `add`), and nothing on the way imports more than `add` does (tests/test_startup.py). The Typer
commands (cli/registers.py) are built from the same declarations, for help and anything unusual.
"""

from bangongshi.cli import output
from bangongshi.cli.context import RunState, session_for
from bangongshi.cli.params import FLAG, VALUE, WORDS, Param, format_param, masked_line, read, takes_value
from bangongshi.model.registers import ContactKind

FORMAT = format_param()
_ITEM = (
    Param("todo", FLAG, "--todo", help="记入 待办（要办的事）", default=False),
    Param("temp", FLAG, "--temp", "-t", help="记入 临时（当场交办的事）", default=False),
    Param("follow", FLAG, "--follow", help="督办：办结后须向来电/来访人反馈（未写 --temp 时记入 待办）", default=False),
    Param("due", VALUE, "--due", metavar="DATE", help="事项的截止，如 明天下午3点、周五前"),
)
_COMMON = (
    Param("unit", VALUE, "--unit", "-u", metavar="TEXT", help="单位（已登记的人可不写：bgs people add）"),
    Param("phone", VALUE, "--phone", metavar="NUMBER", help="电话号码"),
    Param("handling", VALUE, "--handling", "-d", metavar="TEXT", help="处理情况，如 已转告王局长"),
    Param("at", VALUE, "--at", metavar="DATETIME", help="什么时候（默认现在），如 今天上午9点"),
)
CALL = (
    Param("words", WORDS, help="来电人，然后是来电内容", metavar="CALLER TEXT"),
    *_COMMON,
    Param("receiver", VALUE, "--by", metavar="NAME", help="接听人（默认 config.yaml 的 me.name）"),
    *_ITEM,
    FORMAT,
)
VISIT = (
    Param("words", WORDS, help="来访人，然后是来访事由", metavar="VISITOR TEXT"),
    *_COMMON,
    Param("visitors", VALUE, "--count", "-n", metavar="N", help="来访人数"),
    Param("receiver", VALUE, "--by", metavar="NAME", help="接待人（默认 config.yaml 的 me.name）"),
    *_ITEM,
    FORMAT,
)
PARAMS = {"call": (ContactKind.CALL, CALL), "visit": (ContactKind.VISIT, VISIT)}


def record(run: RunState, kind: ContactKind, values: dict) -> None:
    """Record one call or visit from `values` ({param names: values}, from Typer or the quick reading)."""
    from bangongshi.errors import BadInput
    from bangongshi.services.contacts import ContactInput, record as service

    fmt = FORMAT.choice.read(values["fmt"])
    words = values["words"]
    visitors = values.get("visitors")
    if isinstance(visitors, str):
        if not visitors.strip().isdigit():
            raise BadInput(f"--count（来访人数）应是正整数，收到「{visitors}」")
        visitors = int(visitors)
    given = ContactInput(person=words[0], matter=" ".join(words[1:]), unit=values["unit"], phone=values["phone"],
                         visitors=visitors, handling=values["handling"], receiver=values["receiver"], at=values["at"],
                         todo=values["todo"], temp=values["temp"], follow=values["follow"], due=values["due"])
    s = session_for(run)
    recorded = service(s, kind, given)
    from bangongshi.render import registers as views

    output.notices(s.notices)
    if fmt == "table":
        output.data(f"C{recorded.contact.id}")
        for line in views.recorded_lines(recorded):
            output.say(line)
    elif fmt == "json":
        from bangongshi.formats.json import to_json

        output.data(to_json(views.recorded_object(recorded)))
    else:
        from bangongshi.formats.csv import to_csv
        from bangongshi.formats.registers import CONTACT_KEYS

        output.data(to_csv([views.contact_object(recorded.contact)], CONTACT_KEYS))


def quick(argv: list[str], run: RunState) -> bool:
    """Run `bgs call|visit` from a plain command line without Typer; False when it is Typer's."""
    if argv[:1] not in (["call"], ["visit"]) or run.passphrase is not None:
        return False
    kind, params = PARAMS[argv[0]]
    values = read(params, argv[1:])
    if values is None:
        return False
    run.masked = lambda: masked_line(["bgs", argv[0]], argv[1:], takes_value(params), numbered=False)
    record(run, kind, values)
    return True
