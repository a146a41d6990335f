"""Command-line parameters declared once, as plain data.

Typer builds its commands from these declarations (cli/options.py turns each into an annotation),
and `bgs add` reads a plain command line from the same ones without building Typer's parser
(cli/capture.py): one table, so the two readings cannot disagree on which options exist and which
take a value. Typer and its vendored click cost more at start-up than `bgs add`'s own work, so this
module imports neither (tests/test_startup.py).
"""

import re

from bangongshi.errors import BadInput

# A parameter's kind: what the command line gives it.
WORDS = "words"  # the command's words (TITLE...): one or more, required
VALUE = "value"  # an option followed by its value; given twice, the last one counts
VALUES = "values"  # an option followed by a value, repeatable (--tag a --tag b)
FLAG = "flag"  # on when given
SWITCH = "switch"  # an on/off pair (--important/--not-important); None when neither is given
TAKES_VALUE = (VALUE, VALUES)


class Param:
    """One parameter of a command: its Python name, its kind, the option names that turn it on
    (`names`) and off (`off`, a SWITCH's second name), and what `--help` says of it."""

    __slots__ = ("name", "kind", "names", "off", "help", "metavar", "default", "show_default")

    def __init__(self, name: str, kind: str, *names: str, off: str | None = None, help: str,
                 metavar: str | None = None, default=None, show_default: bool = True):
        self.name, self.kind, self.names, self.off = name, kind, names, off
        self.help, self.metavar, self.default, self.show_default = help, metavar, default, show_default

    @property
    def declarations(self) -> tuple[str, ...]:
        """The names as click spells them: "--important/--not-important", "-i"."""
        if self.off is None:
            return self.names
        return (f"{self.names[0]}/{self.off}", *self.names[1:])


FORMATS = ("table", "json", "csv")

_FORMAT_NAMES = {"table": "table（表格）", "text": "text（纯文字，可贴进微信、钉钉）", "md": "md（Markdown）"}


def format_param(allowed: tuple[str, ...] = FORMATS) -> Param:
    """The --format option of a command that accepts `allowed` (the same tuple it checks with
    output_format), so that its help lists exactly those."""
    names = "、".join(_FORMAT_NAMES.get(name, name) for name in allowed)
    return Param("fmt", VALUE, "--format", "-f", help=f"输出格式：{names}", metavar="FORMAT", default="table")


def output_format(value: str, allowed: tuple[str, ...] = FORMATS) -> str:
    chosen = value.strip().lower()
    if chosen not in allowed:
        raise BadInput(f"不支持的输出格式「{value}」，可用：{'、'.join(allowed)}")
    return chosen


def _field(name: str, kind: str, *names: str, off: str | None = None, help: str, metavar: str | None = None):
    return Param(name, kind, *names, off=off, help=help, metavar=metavar, show_default=False)


# The item-field vocabulary (issue #2). Every command that takes item fields takes exactly these.
ITEM_FIELDS = (
    _field("due", VALUE, "--due", metavar="DATE", help="截止日期，如 2026-12-01 或 2026-12-01 15:00"),
    _field("at", VALUE, "--at", metavar="DATETIME", help="约定开始时间（会议、接待），如 2026-12-01 09:30"),
    _field("duration", VALUE, "--duration", metavar="MINUTES", help="时长：分钟数或 1h、1.5h"),
    _field("where", VALUE, "--where", metavar="TEXT", help="地点"),
    _field("important", SWITCH, "--important", "-i", off="--not-important", help="重要"),
    _field("urgent", SWITCH, "--urgent", "-u", off="--not-urgent", help="紧急"),
    _field("key", SWITCH, "--key", "-k", off="--routine", help="重点难点工作（--routine：常规工作）"),
    _field("source", VALUE, "--from", metavar="NAME", help="交办人：受他人制约的工作，记录交办时间"),
    _field("kind", VALUE, "--kind", metavar="KIND", help="类别：办文、办会、办事"),
    _field("tags", VALUES, "--tag", metavar="TAG", help="标签，可重复"),
    _field("estimate", VALUE, "--estimate", metavar="ESTIMATE", help="预计用时：30m、2h、1.5h、半天、1天"),
    _field("note", VALUE, "--note", metavar="TEXT", help="备注"),
    _field("major", SWITCH, "--major", off="--not-major", help="大事（记入大事记）"),
    _field("attention", VALUE, "--attention", metavar="LEVEL", help="领导关注程度：高、中、低"),
    _field("report", SWITCH, "--report", off="--no-report", help="办结后要向交办人反馈结果"),
    _field("remind", VALUE, "--remind", metavar="LEAD",
           help="提前多久提醒（bgs remind）：30m、1h、提前半小时；none 不提醒"),
)

# Words the quick reading never judges: help (click shows it wherever it stands) and `--` (after
# which every word is an argument). Typer reads such a line itself.
_FOR_THE_PARSER = ("--", "-h", "--help")


def read(params: tuple[Param, ...], words: list[str]) -> dict | None:
    """The values of a plain command line after the command's name, {param name: value}, as Typer
    would pass them; None when anything in it is for the full parser to judge (help, `--`, an
    unknown option, joined short options, a missing value, a value given to a flag, no words where
    words are required), so that Typer reads it and answers with its own messages."""
    if any(word in _FOR_THE_PARSER for word in words):
        return None
    named = {}
    for param in params:
        named.update({name: (param, True) for name in param.names})
        if param.off is not None:
            named[param.off] = (param, False)
    values = {param.name: [] if param.kind == WORDS else param.default for param in params}
    arguments = next(param.name for param in params if param.kind == WORDS)
    rest = iter(words)
    for word in rest:
        if not word.startswith("-"):
            values[arguments].append(word)
            continue
        name, equals, value = word.partition("=") if word.startswith("--") else (word, "", "")
        param, on = named.get(name, (None, None))
        if param is None:
            return None
        if param.kind not in TAKES_VALUE:
            if equals:
                return None
            values[param.name] = on
            continue
        if not equals:
            value = next(rest, None)
            if value is None:
                return None
        values[param.name] = [*(values[param.name] or []), value] if param.kind == VALUES else value
    return values if values[arguments] else None


def masked_line(words: list[str], rest: list[str], takes_value: dict[str, bool], numbered: bool) -> str:
    """The command line as `bgs log` may show it once it carried a locked item's text: `words` (bgs and
    the command) and the option names in `rest` stay, and so do item numbers where the command takes
    them (`numbered`) or an option's value is one; every other word becomes 【密】. Which options take
    a value is the parser's own view of the command (`takes_value`: option name → whether a value
    follows), not what a word looks like: `--where --fifth-floor` hides the floor."""
    mask = "【密】"
    words = list(words)
    value_of = False
    for word in rest:
        name, equals, _ = word.partition("=")
        if not value_of and name in takes_value:
            words.append(name + ("=" + mask if equals else ""))
            value_of = not equals and takes_value[name] and name  # the option whose value comes next
            continue
        numbers_here = value_of in _NUMBER_OPTIONS if value_of else numbered
        shown = word if numbers_here and _ITEM_NUMBERS.match(word) else mask
        if shown != mask or words[-1] != mask:
            words.append(shown)
        value_of = False
    return " ".join(words)


_NUMBER_OPTIONS = {"--item"}  # options whose value is an item number, shown as such
_ITEM_NUMBERS = re.compile(r"^#?\d{1,9}([,，、]#?\d{1,9})*$")


def takes_value(params: tuple[Param, ...]) -> dict[str, bool]:
    """Every option name of `params` → whether a value follows it (for masked_line)."""
    return {name: param.kind in TAKES_VALUE for param in params if param.kind != WORDS
            for name in (*param.names, *((param.off,) if param.off else ()))}
