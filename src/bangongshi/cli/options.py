"""Options shared by many commands, declared once so every command speaks the same flags. The
declarations themselves are plain data in cli/params.py (`bgs add` reads them without Typer); the
Typer annotations are made from them here."""

import functools
import inspect
import re
from typing import Annotated, Optional

import typer

from bangongshi.cli import params
from bangongshi.cli.params import FORMATS, ITEM_FIELDS, output_format, raw_format, sheet_labels  # noqa: F401 - one import for every command
from bangongshi.errors import BadInput
from bangongshi.model import Folder
from bangongshi.services.fields import FieldInput

_TYPES = {params.WORDS: list[str], params.VALUES: Optional[list[str]], params.FLAG: bool,
          params.SWITCH: Optional[bool]}


def annotation(param: params.Param):
    """The Typer annotation of a parameter declared in cli/params.py."""
    if param.kind == params.WORDS:
        return Annotated[list[str], typer.Argument(help=param.help, metavar=param.metavar)]
    kind = _TYPES.get(param.kind) or (str if param.default is not None else Optional[str])
    return Annotated[kind, typer.Option(*param.declarations, help=param.help, metavar=param.metavar,
                                        show_default=param.show_default,
                                        callback=checked(param.choice, many=param.kind == params.VALUES))]


def checked(choice: params.Choice | None, many: bool = False):
    """The parser's callback for a parameter taking one of `choice`'s values: the value is read (and
    refused) while the command line is parsed, before the command runs, so the command receives the
    value already checked and never checks it again."""
    if choice is None:
        return None

    def check(value):
        if value is None or (many and not value):
            return value
        return [choice.read(one) for one in value] if many else choice.read(value)

    return check


def choice_option(*names: str, choice: params.Choice, metavar: str, many: bool = False, help: str | None = None):
    """A Typer option that takes one of `choice`'s values (several when `many`), its help listing them."""
    return typer.Option(*names, metavar=metavar, help=help or choice.help, callback=checked(choice, many))


def examples(*lines: str) -> str:
    """A command's examples for its --help (its epilog, under 例如：): one to three command lines as
    README writes them, each with what it does after `#`, the comments aligned (a Chinese character
    is two columns). 例如, not 示例: 示例 is `bgs demo` (docs/glossary.md)."""
    rows = [line.partition("  # ") for line in lines]
    width = max(_columns(command) for command, _, _ in rows)
    shown = [command + (" " * (width - _columns(command) + 2) + "# " + comment if comment else "")
             for command, _, comment in rows]
    # Rich reads [ as markup; the help's text is otherwise printed as written.
    return "例如：\n" + "\n".join(line.replace("[", "\\[") for line in shown)


def _columns(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def format_option(allowed: tuple[str, ...] = FORMATS):
    """The --format option of a command that accepts `allowed`: its help lists exactly those and
    the parser refuses any other, so the command receives one of them, in lower case."""
    return annotation(params.format_param(allowed))


def _policy(value: str) -> str:
    from bangongshi.services.rules import policy_code

    return policy_code(value)


FOLDERS = params.coded("文件夹", Folder, "文件夹")

# How a recurring rule treats a rest day: `bgs recur add/edit --policy` and `bgs when --policy`.
POLICY = params.Choice("遇休息日", {"keep": "照常", "next": "顺延", "previous": "提前", "skip": "跳过"}, _policy,
                       note="默认按周期而定")


FormatOption = format_option(FORMATS)
TableJsonFormat = format_option(("table", "json"))
PolicyOption = Annotated[Optional[str], choice_option("--policy", choice=POLICY, metavar="POLICY")]


# One rule for every CSV and XLSX (formats/csv.to_csv): formula-like cells are neutralised.
RawOption = Annotated[bool, typer.Option("--raw", help="csv（及 xlsx）：不处理以 = + - @ 开头的单元格（给脚本用）")]


def _labels(value: str) -> str:
    from bangongshi.services.exchange import labels_of

    return labels_of("csv", value.strip().lower(), None) or value


# Sheets for people (issue #22): Chinese headers and values, or the contract's English keys.
LABELS = params.Choice("表头", {"zh": "中文表头和取值，给人看", "code": "英文键和代码，给脚本用"},
                       _labels, note="xlsx 和 csv --excel 默认中文")
LabelsOption = Annotated[Optional[str], choice_option("--labels", choice=LABELS, metavar="LABELS")]
ColumnsOption = Annotated[Optional[str], typer.Option(
    "--columns", metavar="COLS", help="中文表只要这些列，按此顺序，如 编号,标题,截止,交办人,状态（列名见 docs/sheets.md）")]


_ID = re.compile(r"^#?(\d{1,9})$")


def parse_ids(values: list[str]) -> list[int]:
    """Ids as typed: 12, #12, or several at once as 12,13 or 12，13."""
    ids = []
    for value in values:
        for part in re.split(r"[,，、\s]+", value.strip()):
            if not part:
                continue
            match = _ID.match(part)
            if not match or int(match[1]) == 0:
                raise BadInput(f"「{part}」不是事项编号，编号是正整数，例如：12 或 12,13")
            ids.append(int(match[1]))
    if not ids:
        raise BadInput("请给出事项编号，例如：12 或 12,13")
    return ids


IdsArgument = Annotated[list[str], typer.Argument(help="事项编号，可以给多个：12 13 或 12,13", metavar="ID...")]


def with_item_fields(func):
    """Give `func` the item-field options; it receives them as one `fields: FieldInput`.

    Typer reads a command's parameters from its signature, so the wrapper publishes the
    command's own parameters followed by the shared ones.
    """
    own = [p for p in inspect.signature(func).parameters.values() if p.name != "fields"]
    shared = [
        inspect.Parameter(param.name, inspect.Parameter.KEYWORD_ONLY, default=param.default,
                          annotation=annotation(param))
        for param in ITEM_FIELDS
    ]

    @functools.wraps(func)
    def command(**kwargs):
        values = {param.name: kwargs.pop(param.name) for param in ITEM_FIELDS}
        values["tags"] = values["tags"] or []
        title = kwargs.pop("title_option", None)
        return func(fields=FieldInput(title=title, **values), **kwargs)

    del command.__wrapped__  # or inspect.signature would read func's own signature back
    command.__signature__ = inspect.Signature(own + shared)
    command.__annotations__ = {p.name: p.annotation for p in own + shared}
    return command


def declared(command_params: tuple[params.Param, ...]):
    """Give the decorated command the parameters declared in `command_params` (cli/params.py), after
    its own (the Typer context); it receives their values as keyword arguments. Used by a command
    that also has a quick path reading the same declarations (`bgs add`, cli/capture.py)."""

    def wrap(func):
        own = [p for p in inspect.signature(func).parameters.values() if p.kind is not p.VAR_KEYWORD]
        published = [
            inspect.Parameter(param.name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation(param),
                              default=inspect.Parameter.empty if param.kind == params.WORDS else param.default)
            for param in command_params
        ]

        @functools.wraps(func)
        def command(*args, **kwargs):
            return func(*args, **kwargs)

        del command.__wrapped__  # or inspect.signature would read func's own signature back
        command.__signature__ = inspect.Signature(own + published)
        command.__annotations__ = {p.name: p.annotation for p in own + published}
        return command

    return wrap
