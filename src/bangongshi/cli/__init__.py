"""The command-line edge: parse, call a service, render; map every error to a message and code."""

import os
import sys

from bangongshi.errors import BadInput, BgsError, PassphraseNeeded

DEBUG_ENV = "BANGONGSHI_DEBUG"


def run(argv: list[str]) -> int:
    """Run one command line and return its exit code. Nothing escapes as a traceback."""
    import gc

    # The morning view and a capture live a fraction of a second and leave no garbage cycles worth
    # collecting: the collector's passes over what their imports create cost them 3% (issue #19).
    # Other commands, some of which stream 100,000 rows, keep it.
    paused = (not argv or argv[0] in ("add", "agenda")) and gc.isenabled()
    if paused:
        gc.disable()
    try:
        from bangongshi.cli.context import taken_passphrases

        if argv:  # a bare `bgs` has no command to spell out, and loads nothing it does not need
            from bangongshi.cli.params import expand_alias

            argv = expand_alias(argv)
        with taken_passphrases() as secrets:
            return _run_guarded(argv, secrets)
    finally:
        if paused:
            gc.enable()


def _run_guarded(argv: list[str], secrets) -> int:
    from bangongshi.cli.context import RunState

    state = RunState(list(argv), secrets)
    try:
        _check_text(argv, secrets)
        try:
            return _run_once(argv, state)
        except PassphraseNeeded as needed:
            if state.passphrase or not sys.stdin.isatty():
                raise
            return _run_with_passphrase(argv, secrets, needed.new)
    except BgsError as error:
        _error(error.message)
        return error.exit_code
    except KeyboardInterrupt:
        _error("已中断，未保存任何修改")
        return 130
    except BrokenPipeError:
        # A reader like `head` went away; the data it wanted was written. What is still buffered
        # goes nowhere, so that flushing stdout at exit does not fail again.
        _to_devnull()
        return 0
    except PermissionError as error:
        _error(f"没有权限访问「{error.filename}」：请检查数据目录（BANGONGSHI_HOME 或 --db）的权限")
        return 5
    except Exception as error:  # noqa: BLE001 - the edge: everything must become a message
        from bangongshi.cli import adapter

        if adapter.is_abort(error):
            _error("已取消，未做任何修改")
            return 1
        if adapter.is_usage_error(error):
            _error(adapter.usage_error_message(error))
            return 2
        import sqlite3

        # Bytes in the store that are not UTF-8 come out of sqlite3's own text decoding as
        # UnicodeDecodeError, wherever a row is read; every file bgs reads itself is decoded where it
        # is read (settings, imports, templates, notices), so here it is the store's damage.
        if isinstance(error, sqlite3.Error | UnicodeDecodeError):
            from bangongshi.services.opening import database_error_message

            _error(database_error_message(error))
            return 5
        if os.environ.get(DEBUG_ENV):
            raise
        _error(f"意外错误：{type(error).__name__}: {error}（设置 {DEBUG_ENV}=1 可查看详情）")
        return 1


def _check_text(argv: list[str], secrets) -> None:
    """Bytes that are not UTF-8 reach Python as lone surrogates, which SQLite and the terminal
    cannot encode: refuse them here, before anything is read or written."""
    from bangongshi.limits import is_text

    for number, arg in enumerate(argv, start=1):
        if not is_text(arg):
            try:
                shown = os.fsencode(arg).decode("utf-8", "backslashreplace")  # the bytes as given
            except UnicodeEncodeError:  # a surrogate that stands for no byte (from Python, not a shell)
                shown = arg.encode("utf-8", "backslashreplace").decode()
            raise BadInput(f"第 {number} 个命令行参数「{shown}」不是有效的 UTF-8 文本")
    # The passphrases were taken out of the environment (cli/context.py): checked here all the same.
    given = {**os.environ, **secrets.by_variable()}
    for name, value in given.items():
        if name.startswith("BANGONGSHI_") and not is_text(value):
            raise BadInput(f"环境变量 {name} 不是有效的 UTF-8 文本")


def _to_devnull() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
        except (OSError, ValueError, AttributeError):
            pass  # not a file (tests capture output in memory)
    sys.stderr = open(os.devnull, "w")


def _run_once(argv: list[str], state) -> int:
    try:
        if not argv:
            from bangongshi.cli import today

            today.open_day(state)
            code = 0
        elif argv[0] == "add" and _quick_add(argv, state):
            code = 0
        elif argv[0] == "agenda" and _quick_agenda(argv, state):
            code = 0
        elif argv[0] in ("week", "report", "follow") and _quick_daily(argv, state):
            code = 0
        elif argv[0] == "plan" and _quick_evening(argv, state):
            code = 0
        elif argv[0] in ("call", "visit") and _quick_contact(argv, state):
            code = 0
        else:
            code = _parse_and_run(argv, state)
        # `sync.auto` (docs/sync.md); off, not even the module is imported (tests/test_startup.py).
        if code == 0 and state.session is not None and getattr(getattr(state.session.settings, "sync", None), "auto", False):
            from bangongshi.cli.autosync import after_command

            after_command(state)
        return code
    finally:
        state.close()


def _quick_add(argv: list[str], state) -> bool:
    # Only `bgs add` has a quick path (its start-up is most of its time); other commands never import it.
    from bangongshi.cli.capture import quick

    return quick(argv, state)


def _quick_agenda(argv: list[str], state) -> bool:
    # `bgs agenda --format json` is what a script runs each morning: as quick as a bare `bgs`.
    from bangongshi.cli.today import quick

    return quick(argv, state)


def _quick_daily(argv: list[str], state) -> bool:
    # The daily views a secretary (or a script) runs most: without Typer, which costs each ~50 ms.
    from bangongshi.cli.daily import quick

    return quick(argv, state)


def _quick_evening(argv: list[str], state) -> bool:
    # `bgs plan tomorrow --auto`, the evening's script: without Typer too.
    from bangongshi.cli.evening import quick

    return quick(argv, state)


def _quick_contact(argv: list[str], state) -> bool:
    # `bgs call` is captured with the phone in one hand: as quick as `bgs add` (cli/calls.py).
    from bangongshi.cli.calls import quick

    return quick(argv, state)


def _run_with_passphrase(argv: list[str], secrets, new: bool) -> int:
    """The command wrote nothing (its transaction rolled back): ask, then run it again; a passphrase
    that is not the store's is asked for again, up to three tries in all (as the evening review)."""
    from bangongshi.cli import passphrase
    from bangongshi.cli.context import RunState
    from bangongshi.errors import WrongPassphrase

    for left in range(passphrase.TRIES - 1, -1, -1):
        state = RunState(list(argv), secrets, passphrase=passphrase.first() if new else passphrase.ask())
        try:
            return _run_once(argv, state)
        except WrongPassphrase as wrong:
            if not left:
                raise
            passphrase.wrong(wrong.message, left)
    raise AssertionError("unreachable")


def _parse_and_run(argv: list[str], state) -> int:
    import typer

    from bangongshi.cli import adapter
    from bangongshi.cli.app import make_app

    command = typer.main.get_command(make_app(argv))
    state.masked = lambda: adapter.masked_command(argv, command)
    if "-h" in argv or "--help" in argv:
        adapter.localize_help(command)
    try:
        code = command.main(args=argv, prog_name="bgs", standalone_mode=False, obj=state)
    except SystemExit as stop:
        # Click turns a closed stdout (EPIPE) into exit 1; a reader that went away is no error.
        if isinstance(stop.__context__, BrokenPipeError):
            raise stop.__context__ from None
        raise
    return code if isinstance(code, int) else 0


def _error(message: str) -> None:
    from bangongshi.formats.visible import visible

    sys.stderr.write(f"错误：{visible(message)}\n")
    sys.stderr.flush()


def main() -> None:
    if sys.stderr is None:  # closed by the caller (`2>&-`): messages for the person go nowhere, and the
        sys.stderr = open(os.devnull, "w")  # exit code still says how it went (not 1 for writing to None)
    argv = sys.argv[1:]
    code = run(argv)
    if not argv or argv[0] == "agenda":
        # The morning view's process ends once its output is out: the interpreter's own teardown (freeing
        # every module, cache and record) cost it 6 ms, 5% of the agenda at 100,000 items (issue #19).
        # Nothing is left to do: the store is closed and committed, and nothing on this path registers
        # an exit handler. A stream the caller closed (`2>&-`) is None and has nothing to flush; one
        # that fails to flush (a reader gone, `bgs | head`) is left to the usual exit below.
        try:
            for stream in (sys.stdout, sys.stderr):
                if stream is not None:
                    stream.flush()
        except (OSError, ValueError):
            pass
        else:
            os._exit(code)
    sys.exit(code)
