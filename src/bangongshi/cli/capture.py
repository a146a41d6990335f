"""`bgs add`: its parameters, what it does, and its quick path.

The Typer command (cli/items.py) is built from `ADD`; a plain command line (`bgs add 标题 --due 下周三`)
is read from the same `ADD` here without building Typer's parser, which costs more than the whole
capture (issue #19). Anything the quick reading does not take — help, `--`, an unknown option, a
parse error, `--lock` and its passphrase prompt, root options before `add` — goes to Typer, so its
answers and messages stay the same.
"""

from bangongshi.cli import output
from bangongshi.cli.context import RunState, session_for
from bangongshi.cli.params import FLAG, ITEM_FIELDS, WORDS, Param, format_param, masked_line, read, takes_value
from bangongshi.model import Folder
from bangongshi.services import items as service
from bangongshi.services.fields import FieldInput

NAME = "add"
FORMAT = format_param()

ADD = (
    Param("title", WORDS, help="事项标题", metavar="TITLE"),
    Param("temp", FLAG, "--temp", "-t", help="放进 临时（当场交办的事）", default=False),
    Param("confirm", FLAG, "--confirm", help="输出复述确认的一句话（可直接发给交办人）", default=False),
    Param("lock", FLAG, "--lock", help="加密保存：内容从不以明文写入数据文件（需要口令）", default=False),
    Param("dup_ok", FLAG, "--dup-ok", help="不查是否已有同名的未办事项（脚本重复记入时用）", default=False),
    FORMAT,
    *ITEM_FIELDS,
)


def add(run: RunState, values: dict) -> None:
    """Capture one item from `values` ({ADD's names: values}, from Typer or from the quick reading)."""
    fmt = FORMAT.choice.read(values["fmt"])  # Typer read it already; the quick reading did not
    s = session_for(run)
    fields = FieldInput(**{param.name: values[param.name] for param in ITEM_FIELDS})._replace(
        title=" ".join(values["title"]), tags=values["tags"] or [])
    added = service.add(s, fields, Folder.TEMP if values["temp"] else Folder.TODO, locked=values["lock"],
                        dup_ok=values["dup_ok"])
    item = added.item
    from bangongshi.render import echo

    if fmt == "table":
        output.data(str(item.id))
        for line in echo.added_lines(item, added.quadrant, s.notices, s.now.date(), s.readings):
            output.say(line)
        if values["confirm"]:
            from bangongshi.domain.follow import readback

            output.text(readback(item))
        return
    output.notices(s.notices)
    if fmt == "json":
        from bangongshi.formats.json import to_json

        output.data(to_json(echo.added_object(item, added.quadrant, s.notices, added.duplicates)))
    else:
        output.items([item], fmt, single=True)


def quick(argv: list[str], run: RunState) -> bool:
    """Run `bgs add` from a plain command line without Typer; False (nothing done) when the line is
    for the full parser. A run that was asked for the passphrase (cli/__init__.py) is Typer's too."""
    if argv[:1] != [NAME] or run.passphrase is not None:
        return False
    values = read(ADD, argv[1:])
    if values is None or values["lock"]:
        return False
    run.masked = lambda: masked_line(["bgs", NAME], argv[1:], takes_value(ADD), numbered=False)
    add(run, values)
    return True
