"""The Typer application: global options and the command groups.

Only the module that declares the command being run is imported and registered: building every
command's parameters from its signature costs more at start-up than the agenda's own work.
"""

import importlib
from typing import Annotated, Optional

import typer

from bangongshi import __version__
from bangongshi.cli import output
from bangongshi.cli.options import examples
from bangongshi.cli.params import ALIASES, command_name

# module in bangongshi.cli → (its top-level commands, its command groups as {name: attribute}),
# in the order `bgs --help` lists them.
MODULES = {
    "agenda": (("agenda", "why", "week", "month"), {"config": "config"}),
    "items": (("add", "list", "show", "done", "move", "edit", "reopen", "delete"), {}),
    "journal": (("undo", "redo", "log"), {}),
    "exchange": (("export", "import"), {}),
    "report": (("event", "slip"), {"report": "report"}),
    "demo": (("demo",), {}),
    "backup": (("backup", "restore", "doctor"), {}),
    "locks": (("lock", "unlock"), {}),
    "follow": (("readback", "assign", "nudge", "progress", "follow", "reported", "handoff", "ack", "extend"), {}),
    "calendar": (("when",), {"cal": "cal"}),
    "plan": ((), {"plan": "plan"}),
    "rules": ((), {"recur": "recur"}),
    "template": ((), {"template": "template"}),
    "remind": ((), {"remind": "remind"}),
    "sync": ((), {"sync": "sync"}),
    "registers": (("call", "visit", "contacts"), {"doc": "doc", "people": "people"}),
    "leaders": ((), {"leader": "leader", "duty": "duty"}),
}


def modules_for(argv: list[str]) -> tuple[str, ...]:
    """The modules to load: the one declaring the command, the agenda's for a bare `bgs`, and all of
    them for help or a word that is not a command (so the error can suggest the right one)."""
    if "-h" in argv or "--help" in argv:
        return tuple(MODULES)
    name = command_name(argv)
    if name is None:
        return ("agenda",)
    for module, (commands, groups) in MODULES.items():
        if name in commands or name in groups:
            return (module,)
    return tuple(MODULES)


# The Chinese aliases (cli/__init__.py) in one line, so that the command list stays the commands'.
ALIASES_LINE = "中文命令：" + "、".join(f"bgs {word} = bgs {' '.join(words)}" for word, words in ALIASES.items())
ROOT_EPILOG = examples(
    "bgs  # 今天的日程（同 bgs agenda）",
    "bgs add 给王主任订机票 --due 明天下午3点 -t  # 记下一件事",
    "bgs done 12 --result 已订好  # 办结",
) + "\n\n" + ALIASES_LINE


def make_app(argv: list[str]) -> typer.Typer:
    app = typer.Typer(
        name="bgs",
        help="办公室助手：待办、临时、已处理三个文件夹，按轻重缓急安排每天的工作。",
        epilog=ROOT_EPILOG,
        add_completion=False,
        no_args_is_help=False,
        invoke_without_command=True,
        rich_markup_mode="rich",
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    app.callback()(root)
    groups = []
    for name in modules_for(argv):
        module = importlib.import_module(f"bangongshi.cli.{name}")
        if hasattr(module, "app"):
            app.registered_commands += module.app.registered_commands
        groups += [(group, getattr(module, attribute)) for group, attribute in MODULES[name][1].items()]
    for group, sub_app in sorted(groups, key=lambda pair: pair[0]):
        app.add_typer(sub_app, name=group)
    return app


def _version(value: bool) -> None:
    if value:
        output.data(f"bangongshi {__version__}")
        raise typer.Exit()


def root(
    ctx: typer.Context,
    db: Annotated[Optional[str], typer.Option("--db", metavar="PATH", help="数据文件路径（默认在用户数据目录；也可设 BANGONGSHI_HOME）")] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="日期要用到尚未载入的年份时拒绝，而不是按法定节日估计")
    ] = False,
    version: Annotated[
        Optional[bool], typer.Option("--version", callback=_version, is_eager=True, help="显示版本")
    ] = None,
) -> None:
    """不带命令运行：今天的日程（同 bgs agenda）。"""
    ctx.obj.db = db
    ctx.obj.strict = strict
    if ctx.invoked_subcommand is not None:
        return
    from bangongshi.cli import today

    today.open_day(ctx.find_root().obj)
