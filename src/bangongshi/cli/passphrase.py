"""Asking for the passphrase of locked items at the terminal (hidden input, on stderr). Only the
asking: what a passphrase must be is services/locks.py's rule."""

import sys

from bangongshi.cli import adapter
from bangongshi.errors import BadInput

from bangongshi.cli.context import NEW_PASSPHRASE_ENV


def _policy():
    from bangongshi.services import locks

    return locks


# Tries at a terminal before the command gives up: a new passphrase too short or typed differently
# twice, or a wrong one (the evening review's own prompt gives as many, cli/plan_review.py).
TRIES = 3


def ask(question: str = "口令") -> str:
    return adapter.secret(question)


def ask_new(question: str, again: str, mismatch: str, gave_up: str) -> str:
    """A new passphrase, typed twice; checked before it is typed again. Too short, or not the same
    twice: said, and asked again (the command, e.g. the `add` being locked, is not lost), up to TRIES."""
    for left in range(TRIES - 1, -1, -1):
        try:
            first = adapter.secret(question)
            _policy().check_new_passphrase(first)
            if adapter.secret(again) != first:
                raise BadInput(mismatch)
            return first
        except BadInput as error:
            if not left:
                raise BadInput(f"{error.message}，{gave_up}") from None
            sys.stderr.write(f"{error.message}，请重新输入（还可以试 {left} 次）\n")
    raise AssertionError("unreachable")


def first() -> str:
    """The passphrase of the first lock."""
    sys.stderr.write(f"第一次加密：请设置口令（至少 {_policy().passphrase_minimum()} 个字符）。"
                     "忘记口令就无法再看到加密的内容。\n")
    return ask_new("设置口令", "再输入一次", "两次输入的口令不一致", "未做任何修改")


def wrong(message: str, left: int) -> None:
    """A passphrase that was not the store's, with tries left: say so before asking again."""
    sys.stderr.write(f"{message.split('；')[0]}，请重新输入（还可以试 {left} 次）\n")


def replacement(state) -> str:
    """The new passphrase of `bgs lock --change-passphrase` (`state`: the RunState, which holds the
    one a script set in the environment)."""
    given = state.secrets.new_passphrase
    if given:
        return given
    if not sys.stdin.isatty():
        raise BadInput(f"新口令：在终端运行会提示输入；脚本可设 {NEW_PASSPHRASE_ENV}")
    return ask_new("新口令", "再输入一次新口令", "两次输入的新口令不一致", "口令未更换")
