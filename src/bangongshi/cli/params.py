"""Command-line parameters declared once, as plain data.

Typer builds its commands from these declarations (cli/options.py turns each into an annotation),
and `bgs add` reads a plain command line from the same ones without building Typer's parser
(cli/capture.py): one table, so the two readings cannot disagree on which options exist and which
take a value. Typer and its vendored click cost more at start-up than `bgs add`'s own work, so this
module imports neither (tests/test_startup.py).
"""

import re

from bangongshi.errors import BadInput
from bangongshi.model import Attention, Kind

# A parameter's kind: what the command line gives it.
WORDS = "words"  # the command's words (TITLE...): one or more, required
WORD = "word"  # one word, optional (bgs agenda [DATE])
VALUE = "value"  # an option followed by its value; given twice, the last one counts
VALUES = "values"  # an option followed by a value, repeatable (--tag a --tag b)
FLAG = "flag"  # on when given
SWITCH = "switch"  # an on/off pair (--important/--not-important); None when neither is given
TAKES_VALUE = (VALUE, VALUES)


class Choice:
    """A closed set of values an option takes: what its help lists and what it accepts, declared
    once so that the two cannot disagree (tests/test_help.py reads every option's help back and
    tries each value). `shown`: each value → a gloss for the help ("" for none), in the order
    listed; `read(value)`: the value the command receives, or BadInput naming what is accepted."""

    __slots__ = ("label", "shown", "read", "note")

    def __init__(self, label: str, shown: dict[str, str], read, note: str = ""):
        self.label, self.shown, self.read, self.note = label, shown, read, note

    @property
    def help(self) -> str:
        listed = "、".join(f"{value}（{gloss}）" if gloss else value for value, gloss in self.shown.items())
        return f"{self.label}：{listed}" + (f"；{self.note}" if self.note else "")


def coded(label: str, kind, what: str, note: str = "") -> Choice:
    """The labels of a coded enum (model.Coded), checked as the service will read them; the value is
    handed on as typed (the service reads it again, and so does `bgs add`'s quick path)."""

    def read(value: str) -> str:
        kind.parse(value, what)
        return value

    return Choice(label, {member.label: "" for member in kind}, read, note)


class Param:
    """One parameter of a command: its Python name, its kind, the option names that turn it on
    (`names`) and off (`off`, a SWITCH's second name), and what `--help` says of it (a `choice`'s
    own list when it takes one of a closed set)."""

    __slots__ = ("name", "kind", "names", "off", "help", "metavar", "default", "show_default", "choice")

    def __init__(self, name: str, kind: str, *names: str, off: str | None = None, help: str | None = None,
                 metavar: str | None = None, default=None, show_default: bool = True, choice: Choice | None = None):
        self.name, self.kind, self.names, self.off = name, kind, names, off
        self.help = help if help is not None else choice.help
        self.metavar, self.default, self.show_default, self.choice = metavar, default, show_default, choice

    @property
    def declarations(self) -> tuple[str, ...]:
        """The names as click spells them: "--important/--not-important", "-i"."""
        if self.off is None:
            return self.names
        return (f"{self.names[0]}/{self.off}", *self.names[1:])


FORMATS = ("table", "json", "csv")

_FORMAT_NAMES = {"table": "表格", "text": "纯文字，可贴进微信、钉钉", "md": "Markdown"}


def formats(allowed: tuple[str, ...] = FORMATS) -> Choice:
    """The output formats a command accepts (`allowed`), listed and checked from the one tuple."""
    return Choice("输出格式", {name: _FORMAT_NAMES.get(name, "") for name in allowed},
                  lambda value: output_format(value, allowed))


def format_param(allowed: tuple[str, ...] = FORMATS) -> Param:
    """The --format option of a command that accepts `allowed`."""
    return Param("fmt", VALUE, "--format", "-f", metavar="FORMAT", default="table", choice=formats(allowed))


def quick_format(value: str, allowed: tuple[str, ...]) -> str | None:
    """A quick path's --format as output_format reads it, or None when it is not one of `allowed`
    (the line then goes to Typer, which says what is accepted)."""
    chosen = value.strip().lower()
    return chosen if chosen in allowed else None


def output_format(value: str, allowed: tuple[str, ...] = FORMATS) -> str:
    chosen = value.strip().lower()
    if chosen not in allowed:
        raise BadInput(f"不支持的输出格式「{value}」，可用：{'、'.join(allowed)}")
    return chosen


def _field(name: str, kind: str, *names: str, off: str | None = None, help: str | None = None,
           metavar: str | None = None, choice: Choice | None = None):
    return Param(name, kind, *names, off=off, help=help, metavar=metavar, show_default=False, choice=choice)


# Date phrases as people type them (domain/dates.py reads them all); ISO dates work everywhere too.
DUE_EXAMPLES = "明天下午3点、周五下班前、3个工作日内、月底前、2026-12-01"
AT_EXAMPLES = "下周三上午9点半、明天下午2点、2026-12-01 09:30"


# The item-field vocabulary (issue #2). Every command that takes item fields takes exactly these.
ITEM_FIELDS = (
    _field("due", VALUE, "--due", metavar="DATE", help=f"截止，如 {DUE_EXAMPLES}"),
    _field("at", VALUE, "--at", metavar="DATETIME", help=f"约定开始时间（会议、接待），如 {AT_EXAMPLES}"),
    _field("duration", VALUE, "--duration", metavar="MINUTES", help="时长（分钟数），如 90、1h、1.5h"),
    _field("where", VALUE, "--where", metavar="TEXT", help="地点"),
    _field("important", SWITCH, "--important", "-i", off="--not-important", help="重要"),
    _field("urgent", SWITCH, "--urgent", "-u", off="--not-urgent", help="紧急"),
    _field("key", SWITCH, "--key", "-k", off="--routine", help="重点难点工作（--routine：常规工作）"),
    _field("source", VALUE, "--from", metavar="NAME", help="交办人：受他人制约的工作，记录交办时间"),
    _field("kind", VALUE, "--kind", metavar="KIND", choice=coded("类别", Kind, "类别")),
    _field("tags", VALUES, "--tag", metavar="TAG", help="标签，可重复"),
    _field("estimate", VALUE, "--estimate", metavar="ESTIMATE", help="预计用时，如 30m、2h、1.5h、半天、1天"),
    _field("note", VALUE, "--note", metavar="TEXT", help="备注"),
    _field("major", SWITCH, "--major", off="--not-major", help="大事（记入大事记）"),
    _field("attention", VALUE, "--attention", metavar="LEVEL", choice=coded("领导关注程度", Attention, "关注程度")),
    _field("report", SWITCH, "--report", off="--no-report", help="办结后要向交办人反馈结果"),
    _field("remind", VALUE, "--remind", metavar="LEAD",
           help="提前多久提醒（bgs remind），如 30m、1h、提前半小时；「none」不提醒"),
    _field("leaders", VALUE, "--for", metavar="LEADERS",
           help="领导活动：参加的领导（名录中的领导，逗号分开），如 赵县长,钱副县长；bgs leader week 列出"),
    _field("escorts", VALUE, "--with", metavar="NAMES", help="陪同人员，逗号分开，如 办公室张三"),
)

# Chinese words for the commands typed most, each standing for the first words of a command line
# (README, docs/glossary.md). cli/__init__.py spells them out before anything else, without the parser, so
# `bgs 记 …` takes add's quick path; `bgs --help` names them in one line (cli/app.py), not as commands.
ALIASES = {
    "记": ("add",),
    "办结": ("done",),
    "今天": ("agenda",),
    "明天": ("agenda", "下个工作日"),  # the next workday's agenda, with its 次日事项 list
}
ROOT_OPTIONS_WITH_VALUE = ("--db",)


def _command_at(argv: list[str]) -> int | None:
    """Where the command stands in a command line: the first word that is not a root option or its value."""
    at = 0
    while at < len(argv):
        word = argv[at]
        if word in ROOT_OPTIONS_WITH_VALUE:
            at += 2
        elif word == "--":
            return at + 1 if at + 1 < len(argv) else None
        elif not word.startswith("-"):
            return at
        else:
            at += 1
    return None


def command_name(argv: list[str]) -> str | None:
    """The command a command line asks for."""
    at = _command_at(argv)
    return argv[at] if at is not None else None


def expand_alias(argv: list[str]) -> list[str]:
    """The command line with a Chinese alias in the command's place spelled out (`办结 12` → `done 12`);
    the journal and `bgs log` show the command it stands for."""
    at = _command_at(argv)
    if at is None or argv[at] not in ALIASES:
        return list(argv)
    return [*argv[:at], *ALIASES[argv[at]], *argv[at + 1:]]


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
    argument = next(param for param in params if param.kind in (WORDS, WORD))
    rest = iter(words)
    for word in rest:
        if not word.startswith("-"):
            if argument.kind == WORD:
                if values[argument.name] is not None:
                    return None  # a second one: the parser says what is wrong
                values[argument.name] = word
            else:
                values[argument.name].append(word)
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
    return values if values[argument.name] or argument.kind == WORD else None


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
        shown = word if numbers_here and re.match(_ITEM_NUMBERS, word) else mask
        if shown != mask or words[-1] != mask:
            words.append(shown)
        value_of = False
    return " ".join(words)


_NUMBER_OPTIONS = {"--item"}  # options whose value is an item number, shown as such
_ITEM_NUMBERS = r"^#?\d{1,9}([,，、]#?\d{1,9})*$"  # compiled when a line is masked (re keeps it)


def takes_value(params: tuple[Param, ...]) -> dict[str, bool]:
    """Every option name of `params` → whether a value follows it (for masked_line)."""
    return {name: param.kind in TAKES_VALUE for param in params if param.kind != WORDS
            for name in (*param.names, *((param.off,) if param.off else ()))}


def sheet_labels(fmt: str, labels: str | None, columns: str | None) -> str | None:
    """--labels as it applies to `fmt` (services.exchange.labels_of: zh by default for xlsx)."""
    if fmt not in ("csv", "xlsx") and labels is None and columns is None:
        return None  # no labels (a report on the screen): without importing the exports' module (13 ms)
    from bangongshi.services.exchange import labels_of

    return labels_of(fmt, labels, columns)


def raw_format(raw: bool, fmt: str, allowed: tuple[str, ...] = ("csv",)) -> None:
    if raw and fmt not in allowed:
        raise BadInput(f"--raw 只用于 {'、'.join(allowed)}")
