"""The command-line edge: parse, call a service, render; map every error to a message and code."""

import os
import sys

from bangongshi.errors import BgsError, PassphraseNeeded

DEBUG_ENV = "BANGONGSHI_DEBUG"


def run(argv: list[str]) -> int:
    """Run one command line and return its exit code. Nothing escapes as a traceback."""
    obj: dict = {"argv": list(argv)}
    try:
        try:
            return _run_once(argv, obj)
        except PassphraseNeeded as needed:
            if obj.get("passphrase") or not sys.stdin.isatty():
                raise
            # The command wrote nothing (its transaction rolled back): ask, then run it again.
            obj = {"argv": list(argv), "passphrase": _ask_passphrase(needed.new)}
            return _run_once(argv, obj)
    except BgsError as error:
        _error(error.message)
        return error.exit_code
    except KeyboardInterrupt:
        _error("已中断，未保存任何修改")
        return 130
    except BrokenPipeError:
        # A reader like `head` went away; the data it wanted was written.
        sys.stderr = open(os.devnull, "w")
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

        if isinstance(error, sqlite3.Error):
            from bangongshi.storage.sqlite_files import cause, is_damage

            _error(f"数据文件已损坏（{error}）：用 bgs restore 备份文件 --yes 从备份恢复" if is_damage(error)
                   else f"数据库出错：{cause(error)}")
            return 5
        if os.environ.get(DEBUG_ENV):
            raise
        _error(f"意外错误：{type(error).__name__}: {error}（设置 {DEBUG_ENV}=1 可查看详情）")
        return 1


def _run_once(argv: list[str], obj: dict) -> int:
    try:
        if not argv:
            from bangongshi.cli import today

            today.open_day(obj)
            return 0
        return _parse_and_run(argv, obj)
    finally:
        if obj.get("session") is not None:
            obj["session"].store.close()


def _ask_passphrase(new: bool) -> str:
    from bangongshi.cli import passphrase

    return passphrase.first() if new else passphrase.ask()


def _parse_and_run(argv: list[str], obj: dict) -> int:
    import typer

    from bangongshi.cli import adapter
    from bangongshi.cli.app import make_app

    command = typer.main.get_command(make_app(argv))
    if "-h" in argv or "--help" in argv:
        adapter.localize_help(command)
    code = command.main(args=argv, prog_name="bgs", standalone_mode=False, obj=obj)
    return code if isinstance(code, int) else 0


def _error(message: str) -> None:
    sys.stderr.write(f"错误：{message}\n")
    sys.stderr.flush()


def main() -> None:
    sys.exit(run(sys.argv[1:]))
