"""One exception family; the CLI edge turns each into a Chinese message on stderr and its exit code.

Exit codes: 0 ok, 1 unexpected, 2 bad input, 3 not found, 4 locked/denied, 5 storage problem.
"""


class BgsError(Exception):
    exit_code = 1

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class BadInput(BgsError):
    exit_code = 2


class NotFound(BgsError):
    exit_code = 3


class Denied(BgsError):
    exit_code = 4


class WrongPassphrase(Denied):
    """The passphrase given is not the store's: at a terminal the edge asks again (three tries)."""


class StorageError(BgsError):
    exit_code = 5


class StoreDamaged(StorageError):
    """The store's file is not a sound database (cut short, overwritten): `bgs restore` can still
    put a backup in its place."""

    def __init__(self, message: str, reason: str = ""):
        super().__init__(message)
        self.reason = reason or message


class PassphraseNeeded(Denied):
    """A locked item must be read or written and no passphrase was given. At a terminal the edge asks
    for it (twice when `new`: none is set yet) and runs the command again; elsewhere it is exit 4."""

    def __init__(self, message: str, new: bool = False):
        super().__init__(message)
        self.new = new
