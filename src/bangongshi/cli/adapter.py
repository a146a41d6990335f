"""The one place that knows Typer's English: usage errors, help headings and the yes/no prompt
are turned into Chinese here.

Typer 0.28 carries its own copy of click (`typer._click`) and raises that copy's usage errors;
this is the only module that reaches into it. tests/test_adapter.py fails if a Typer upgrade
moves or renames anything used here.
"""

import copy
import difflib
import re
import sys

import typer
from typer._click import core as click_core
from typer._click import exceptions as click_errors

from bangongshi.cli.params import masked_line

USAGE_HINT = "（bgs --help 查看用法）"

_EXTRA_ARGS = re.compile(r"Got unexpected extra argument(?:s|\(s\))? \((?P<args>.*)\)")
_NO_COMMAND = re.compile(r"No such command '(?P<name>[^']*)'")
_MISSING_COMMAND = re.compile(r"^Missing command\.?$")
_NEEDS_VALUE = re.compile(r"Option '(?P<name>[^']*)' requires an argument")
_TAKES_NO_VALUE = re.compile(r"Option '(?P<name>[^']*)' does not take a value")
_NOT_NUMBER = re.compile(r"'(?P<value>.*)' is not a valid (?P<type>integer|int|float)")
_NOT_CHOICE = re.compile(r"'(?P<value>.*)' is not one of (?P<choices>.*)\.")


def usage_error_message(error: click_errors.ClickException) -> str:
    """A one-line Chinese message for one of click's usage errors."""
    command = _command_path(error)
    if isinstance(error, click_errors.NoSuchOption):
        message = f"没有选项 {error.option_name}"
        nearest = close_matches(error.option_name, _long_options(error.ctx)) if error.option_name.startswith("--") else []
        if nearest:
            message += f"，是不是要用 {'、'.join(sorted(nearest))}？"
        return message + _hint(command)
    unknown = _NO_COMMAND.search(error.message)
    if unknown and getattr(error, "ctx", None) is not None:
        nearest = close_matches(unknown["name"], _command_names(error.ctx))
        if nearest:
            guesses = "、".join(f"{error.ctx.command_path} {name}" for name in nearest)
            return f"没有命令「{unknown['name']}」，您是不是要：{guesses}？" + _hint(command)
    if _MISSING_COMMAND.search(error.message) and getattr(error, "ctx", None) is not None:
        return f"缺少命令，可用：{'、'.join(_command_names(error.ctx))}" + _hint(command)
    if isinstance(error, click_errors.MissingParameter):
        name = _param_name(error.param)
        return f"缺少{'参数' if _is_argument(error.param) else '选项'} {name}" + _hint(command)
    if isinstance(error, click_errors.BadParameter):
        name = _param_name(error.param) if error.param is not None else ""
        return f"{name} 的值无效：{_translate(error.message)}" + _hint(command)
    return _translate(error.message) + _hint(command)


def close_matches(word: str, candidates) -> list[str]:
    """The candidates close to a mistyped word, nearest first: difflib with click's own settings for
    option typos, so that a mistyped command and a mistyped option are forgiven alike."""
    return difflib.get_close_matches(word, list(candidates))


def _long_options(ctx) -> list[str]:
    if ctx is None:
        return []
    return [name for param in ctx.command.get_params(ctx) if param.param_type_name == "option"
            for name in (*param.opts, *param.secondary_opts) if name.startswith("--")]


def _command_names(ctx) -> list[str]:
    """The commands a group offers (those its help lists), in its order."""
    group = ctx.command
    return [name for name in group.list_commands(ctx) if not group.get_command(ctx, name).hidden]


def _translate(message: str) -> str:
    for pattern, render in (
        (_EXTRA_ARGS, lambda m: f"多余的参数：{m['args']}"),
        (_NO_COMMAND, lambda m: f"没有命令「{m['name']}」"),
        (_NEEDS_VALUE, lambda m: f"选项 {m['name']} 需要一个值"),
        (_TAKES_NO_VALUE, lambda m: f"选项 {m['name']} 不接受值"),
        (_NOT_NUMBER, lambda m: f"「{m['value']}」不是{'数字' if m['type'] == 'float' else '整数'}"),
        (_NOT_CHOICE, lambda m: f"「{m['value']}」不是可选值（{m['choices']}）"),
    ):
        match = pattern.search(message)
        if match:
            return render(match)
    return message


def _param_name(param) -> str:
    if param is None:
        return ""
    if _is_argument(param):
        return (param.metavar or param.name or "").upper().rstrip(".")
    return max(param.opts, key=len)


def _is_argument(param) -> bool:
    return getattr(param, "param_type_name", "") == "argument"


def _command_path(error: click_errors.ClickException) -> str:
    ctx = getattr(error, "ctx", None)
    return ctx.command_path if ctx is not None else ""


def _hint(command_path: str) -> str:
    if command_path and " " in command_path:
        return f"（{command_path} --help 查看用法）"
    return USAGE_HINT


def is_usage_error(error: BaseException) -> bool:
    return isinstance(error, click_errors.ClickException)


def is_abort(error: BaseException) -> bool:
    return isinstance(error, typer.Abort)


def confirm(question: str, default: bool = False) -> bool:
    """Ask yes or no on stderr, in Chinese; typer.confirm would answer bad input in English."""
    choices = "[Y/n]" if default else "[y/N]"
    while True:
        sys.stderr.write(f"{question} {choices}：")
        sys.stderr.flush()
        line = sys.stdin.readline()
        if not line:
            raise typer.Abort()
        answer = line.strip().lower()
        if not answer:
            return default
        if answer in ("y", "yes", "是", "好", "确定", "确认"):
            return True
        if answer in ("n", "no", "否", "不", "取消"):
            return False
        sys.stderr.write("请输入 y（是）或 n（否）\n")


def secret(question: str) -> str:
    """Ask for a passphrase on stderr without echoing it."""
    return typer.prompt(question, hide_input=True, err=True, prompt_suffix="：")


HELP_TEXTS = {
    "ARGUMENTS_PANEL_TITLE": "参数",
    "OPTIONS_PANEL_TITLE": "选项",
    "COMMANDS_PANEL_TITLE": "命令",
    "ERRORS_PANEL_TITLE": "错误",
    "ABORTED_TEXT": "已取消。",
    "DEFAULT_STRING": "[默认：{}]",
    "REQUIRED_LONG_STRING": "[必填]",
    "ENVVAR_STRING": "[环境变量：{}]",
    "DEPRECATED_STRING": "(已废弃) ",
}
HELP_OPTION_TEXT = "显示帮助并退出"
_VALUE_NAMES = {"str": "TEXT", "int": "N", "float": "NUMBER"}
USAGE_PREFIX = "用法："


def localize_help(command: click_core.Command) -> None:
    """Chinese help pages: headings, the usage line, the help option. Called only when help is
    asked for (it imports Rich), before the command line is parsed; the one place that sets them."""
    from typer import rich_utils

    for name, text in HELP_TEXTS.items():
        if not hasattr(rich_utils, name):
            raise RuntimeError(f"typer.rich_utils no longer has {name}; update cli/adapter.py")
        setattr(rich_utils, name, text)
    # Typer colours the English prefix it expects; the Chinese one is coloured the same way.
    usage = rf"(?P<usage>{USAGE_PREFIX})"
    if usage not in rich_utils.OptionHighlighter.highlights:
        rich_utils.OptionHighlighter.highlights = [*rich_utils.OptionHighlighter.highlights, usage]
    _localize(command)


def _localize(command: click_core.Command) -> None:
    original = command.get_help_option

    def get_help_option(ctx):
        option = original(ctx)
        if option is not None:
            option.help = HELP_OPTION_TEXT
        return option

    def format_usage(ctx, formatter) -> None:
        # click writes "Usage: " unless given a prefix; its Command.format_usage passes none.
        formatter.write_usage(ctx.command_path, " ".join(command.collect_usage_pieces(ctx)), prefix=USAGE_PREFIX)

    command.get_help_option = get_help_option
    command.format_usage = format_usage
    # The usage line names the panels below it by their Chinese headings: [选项], 命令 [参数]...
    if command.options_metavar:
        command.options_metavar = f"[{HELP_TEXTS['OPTIONS_PANEL_TITLE']}]"
    if getattr(command, "subcommand_metavar", None):
        command.subcommand_metavar = f"{HELP_TEXTS['COMMANDS_PANEL_TITLE']} [{HELP_TEXTS['ARGUMENTS_PANEL_TITLE']}]..."
    for param in command.params:
        if param.param_type_name == "argument":
            _without_type_name(param)
        elif param.metavar is None and not param.is_flag:
            # Typer would show the value's Python type (<str>, <int>); click's words say it plainer.
            param.metavar = _VALUE_NAMES.get(param.type.name, param.type.name.upper())
    for sub in getattr(command, "commands", {}).values():
        _localize(sub)


def _without_type_name(argument) -> None:
    """Typer's help shows an argument's type (<str>, <int>) beside its name; the name (DATE, ID...)
    says more, in the words the help uses, so the type's own name is left out."""
    if argument.metavar is None:
        argument.metavar = (argument.name or "").upper()
    argument.type = copy.copy(argument.type)
    argument.type.get_metavar = lambda *args, **kwargs: ""


def masked_command(argv: list[str], root) -> str:
    """The command line as `bgs log` may show it once it carried a locked item's text
    (params.masked_line), read with the parser's own view of the command: which options take a
    value, and whether its argument holds item numbers."""
    words, command, rest = ["bgs"], root, list(argv)
    while isinstance(getattr(command, "commands", None), dict) and rest and rest[0] in command.commands:
        words.append(rest[0])
        command = command.commands[rest.pop(0)]
    takes_value = {name: not getattr(param, "is_flag", False) and not getattr(param, "count", False)
                   for param in command.params if param.param_type_name == "option"
                   for name in (*param.opts, *param.secondary_opts)}
    numbered = any(p.param_type_name == "argument" and str(p.metavar or "").startswith("ID") for p in command.params)
    return masked_line(words, rest, takes_value, numbered)
