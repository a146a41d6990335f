"""Asking for the passphrase of locked items at the terminal (hidden input, on stderr). Only the
asking: what a passphrase must be is services/locks.py's rule."""

import sys

from bangongshi.cli import adapter
from bangongshi.errors import BadInput

from bangongshi.cli.context import NEW_PASSPHRASE_ENV


def _policy():
    from bangongshi.services import locks

    return locks


def ask(question: str = "口令") -> str:
    return adapter.secret(question)


def ask_new(question: str, again: str, mismatch: str) -> str:
    """A new passphrase, typed twice; checked before it is typed again."""
    first = adapter.secret(question)
    _policy().check_new_passphrase(first)
    if adapter.secret(again) != first:
        raise BadInput(mismatch)
    return first


def first() -> str:
    """The passphrase of the first lock."""
    sys.stderr.write(f"第一次加密：请设置口令（至少 {_policy().passphrase_minimum()} 个字符）。"
                     "忘记口令就无法再看到加密的内容。\n")
    return ask_new("设置口令", "再输入一次", "两次输入的口令不一致，未做任何修改")


def replacement(state) -> str:
    """The new passphrase of `bgs lock --change-passphrase` (`state`: the RunState, which holds the
    one a script set in the environment)."""
    given = state.secrets.new_passphrase
    if given:
        return given
    if not sys.stdin.isatty():
        raise BadInput(f"新口令：在终端运行会提示输入；脚本可设 {NEW_PASSPHRASE_ENV}")
    return ask_new("新口令", "再输入一次新口令", "两次输入的新口令不一致，口令未更换")
