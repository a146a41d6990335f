"""The one place that knows Typer's English: usage errors, help headings and the yes/no prompt
are turned into Chinese here. This is the only module that imports click (Typer's engine),
because Typer re-raises click's own exception classes. tests/test_adapter.py fails if a Typer
upgrade changes what this relies on.
"""

import re
import sys

import click

USAGE_HINT = "（bgs --help 查看用法）"

_EXTRA_ARGS = re.compile(r"Got unexpected extra arguments? \((?P<args>.*)\)")
_NO_COMMAND = re.compile(r"No such command '(?P<name>[^']*)'")
_NEEDS_VALUE = re.compile(r"Option '(?P<name>[^']*)' requires an argument")
_TAKES_NO_VALUE = re.compile(r"Option '(?P<name>[^']*)' does not take a value")
_NOT_INTEGER = re.compile(r"'(?P<value>.*)' is not a valid integer")
_NOT_CHOICE = re.compile(r"'(?P<value>.*)' is not one of (?P<choices>.*)\.")


def usage_error_message(error: click.ClickException) -> str:
    """A one-line Chinese message for one of click's usage errors."""
    command = _command_path(error)
    if isinstance(error, click.NoSuchOption):
        message = f"没有选项 {error.option_name}"
        if error.possibilities:
            message += f"，是不是要用 {'、'.join(sorted(error.possibilities))}？"
        return message + _hint(command)
    if isinstance(error, click.MissingParameter):
        name = _param_name(error.param)
        return f"缺少{'参数' if isinstance(error.param, click.Argument) else '选项'} {name}" + _hint(command)
    if isinstance(error, click.BadParameter):
        name = _param_name(error.param) if error.param is not None else ""
        return f"{name} 的值无效：{_translate(error.message)}" + _hint(command)
    return _translate(error.message) + _hint(command)


def _translate(message: str) -> str:
    for pattern, render in (
        (_EXTRA_ARGS, lambda m: f"多余的参数：{m['args']}（含空格的标题请加引号）"),
        (_NO_COMMAND, lambda m: f"没有命令「{m['name']}」"),
        (_NEEDS_VALUE, lambda m: f"选项 {m['name']} 需要一个值"),
        (_TAKES_NO_VALUE, lambda m: f"选项 {m['name']} 不接受值"),
        (_NOT_INTEGER, lambda m: f"「{m['value']}」不是整数"),
        (_NOT_CHOICE, lambda m: f"「{m['value']}」不是可选值（{m['choices']}）"),
    ):
        match = pattern.search(message)
        if match:
            return render(match)
    return message


def _param_name(param) -> str:
    if param is None:
        return ""
    if isinstance(param, click.Argument):
        return (param.metavar or param.name or "").upper().rstrip(".")
    return max(param.opts, key=len)


def _command_path(error: click.ClickException) -> str:
    ctx = getattr(error, "ctx", None)
    return ctx.command_path if ctx is not None else ""


def _hint(command_path: str) -> str:
    if command_path and " " in command_path:
        return f"（{command_path} --help 查看用法）"
    return USAGE_HINT


def is_usage_error(error: BaseException) -> bool:
    return isinstance(error, click.ClickException)


def is_abort(error: BaseException) -> bool:
    return isinstance(error, click.exceptions.Abort)


def confirm(question: str, default: bool = False) -> bool:
    """Ask yes or no on stderr, in Chinese; typer.confirm would answer bad input in English."""
    choices = "[Y/n]" if default else "[y/N]"
    while True:
        sys.stderr.write(f"{question} {choices}：")
        sys.stderr.flush()
        line = sys.stdin.readline()
        if not line:
            raise click.exceptions.Abort()
        answer = line.strip().lower()
        if not answer:
            return default
        if answer in ("y", "yes", "是", "好", "确定", "确认"):
            return True
        if answer in ("n", "no", "否", "不", "取消"):
            return False
        sys.stderr.write("请输入 y（是）或 n（否）\n")


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


def localize_help(command: click.Command) -> None:
    """Chinese headings for --help. Called only when help is asked for: it imports Rich."""
    from typer import rich_utils

    for name, text in HELP_TEXTS.items():
        if not hasattr(rich_utils, name):
            raise RuntimeError(f"typer.rich_utils no longer has {name}; update cli/adapter.py")
        setattr(rich_utils, name, text)
    _localize_help_option(command)


def _localize_help_option(command: click.Command) -> None:
    original = command.get_help_option

    def get_help_option(ctx):
        option = original(ctx)
        if option is not None:
            option.help = HELP_OPTION_TEXT
        return option

    command.get_help_option = get_help_option
    for sub in getattr(command, "commands", {}).values():
        _localize_help_option(sub)
