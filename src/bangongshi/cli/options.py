"""Options shared by many commands, declared once so every command speaks the same flags."""

import functools
import inspect
import re
from typing import Annotated, Optional

import typer

from bangongshi.errors import BadInput
from bangongshi.services.fields import FieldInput

FORMATS = ("table", "json", "csv")

_FORMAT_NAMES = {"table": "table（表格）", "text": "text（纯文字，可贴进微信、钉钉）", "md": "md（Markdown）"}


def format_option(allowed: tuple[str, ...] = FORMATS):
    """The --format option of a command that accepts `allowed` (the same tuple it checks with
    output_format), so that its help lists exactly those."""
    names = "、".join(_FORMAT_NAMES.get(name, name) for name in allowed)
    return Annotated[str, typer.Option("--format", "-f", help=f"输出格式：{names}", metavar="FORMAT")]


FormatOption = format_option(FORMATS)
TableJsonFormat = format_option(("table", "json"))


# One rule for every CSV and XLSX (formats/csv.to_csv): formula-like cells are neutralised.
RawOption = Annotated[bool, typer.Option("--raw", help="csv（及 xlsx）：不处理以 = + - @ 开头的单元格（给脚本用）")]


def raw_format(raw: bool, fmt: str, allowed: tuple[str, ...] = ("csv",)) -> None:
    if raw and fmt not in allowed:
        raise BadInput(f"--raw 只用于 {'、'.join(allowed)}")


def output_format(value: str, allowed: tuple[str, ...] = FORMATS) -> str:
    chosen = value.strip().lower()
    if chosen not in allowed:
        raise BadInput(f"不支持的输出格式「{value}」，可用：{'、'.join(allowed)}")
    return chosen


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


def _option(annotation, *names: str, help: str, metavar: str | None = None):
    return Annotated[annotation, typer.Option(*names, help=help, metavar=metavar, show_default=False)]


# The item-field vocabulary (issue #2). Every command that takes item fields takes exactly these.
ITEM_FIELD_OPTIONS: dict[str, object] = {
    "due": _option(Optional[str], "--due", metavar="DATE", help="截止日期，如 2026-12-01 或 2026-12-01 15:00"),
    "at": _option(Optional[str], "--at", metavar="DATETIME", help="约定开始时间（会议、接待），如 2026-12-01 09:30"),
    "duration": _option(Optional[str], "--duration", metavar="MINUTES", help="时长：分钟数或 1h、1.5h"),
    "where": _option(Optional[str], "--where", metavar="TEXT", help="地点"),
    "important": _option(Optional[bool], "--important/--not-important", "-i", help="重要"),
    "urgent": _option(Optional[bool], "--urgent/--not-urgent", "-u", help="紧急"),
    "key": _option(Optional[bool], "--key/--routine", "-k", help="重点难点工作（--routine：常规工作）"),
    "source": _option(Optional[str], "--from", metavar="NAME", help="交办人：受他人制约的工作，记录交办时间"),
    "kind": _option(Optional[str], "--kind", metavar="KIND", help="类别：办文、办会、办事"),
    "tags": _option(Optional[list[str]], "--tag", metavar="TAG", help="标签，可重复"),
    "estimate": _option(Optional[str], "--estimate", metavar="ESTIMATE", help="预计用时：30m、2h、1.5h、半天、1天"),
    "note": _option(Optional[str], "--note", metavar="TEXT", help="备注"),
    "major": _option(Optional[bool], "--major/--not-major", help="大事（记入大事记）"),
    "attention": _option(Optional[str], "--attention", metavar="LEVEL", help="领导关注程度：高、中、低"),
    "report": _option(Optional[bool], "--report/--no-report", help="办结后要向交办人反馈结果"),
    "remind": _option(Optional[str], "--remind", metavar="LEAD",
                      help="提前多久提醒（bgs remind）：30m、1h、提前半小时；none 不提醒"),
}


def with_item_fields(func):
    """Give `func` the item-field options; it receives them as one `fields: FieldInput`.

    Typer reads a command's parameters from its signature, so the wrapper publishes the
    command's own parameters followed by the shared ones.
    """
    own = [p for p in inspect.signature(func).parameters.values() if p.name != "fields"]
    shared = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=annotation)
        for name, annotation in ITEM_FIELD_OPTIONS.items()
    ]

    @functools.wraps(func)
    def command(**kwargs):
        values = {name: kwargs.pop(name) for name in ITEM_FIELD_OPTIONS}
        values["tags"] = values["tags"] or []
        title = kwargs.pop("title_option", None)
        return func(fields=FieldInput(title=title, **values), **kwargs)

    del command.__wrapped__  # or inspect.signature would read func's own signature back
    command.__signature__ = inspect.Signature(own + shared)
    command.__annotations__ = {p.name: p.annotation for p in own + shared}
    return command
