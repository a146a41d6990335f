"""Asking for the passphrase of locked items at the terminal (hidden input, on stderr)."""

import os
import sys

from bangongshi.cli import adapter
from bangongshi.errors import BadInput

from bangongshi.cli.context import NEW_PASSPHRASE_ENV


def ask(question: str = "口令") -> str:
    return adapter.secret(question)


def ask_new(question: str, again: str, mismatch: str) -> str:
    """A new passphrase, typed twice and long enough; the check is the store's own."""
    from bangongshi.storage.sealing import check_new

    first = adapter.secret(question)
    check_new(first)
    if adapter.secret(again) != first:
        raise BadInput(mismatch)
    return first


def first() -> str:
    """The passphrase of the first lock."""
    from bangongshi.storage.sealing import PASSPHRASE_MIN

    sys.stderr.write(f"第一次加密：请设置口令（至少 {PASSPHRASE_MIN} 个字符）。忘记口令就无法再看到加密的内容。\n")
    return ask_new("设置口令", "再输入一次", "两次输入的口令不一致，未做任何修改")


def replacement(obj: dict) -> str:
    """The new passphrase of `bgs lock --change-passphrase` (`obj`: the run's state, which holds the
    one a script set in the environment)."""
    given = obj.get("env_new_passphrase")
    if given:
        return given
    if not sys.stdin.isatty():
        raise BadInput(f"新口令：在终端运行会提示输入；脚本可设 {NEW_PASSPHRASE_ENV}")
    return ask_new("新口令", "再输入一次新口令", "两次输入的新口令不一致，口令未更换")
