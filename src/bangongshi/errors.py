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


# What the operating system said, in the user's words: Python's strerror is English
# (「No such file or directory」), the rest of every message Chinese.
_OS_REASONS = {
    "ENOENT": "文件不存在", "EISDIR": "这是一个目录，不是文件", "ENOTDIR": "路径中有一段不是目录",
    "EACCES": "没有权限", "EPERM": "没有权限", "EROFS": "所在的磁盘只读", "ENOSPC": "磁盘已满",
    "EDQUOT": "磁盘配额已满", "EFBIG": "文件太大", "ENAMETOOLONG": "文件名太长", "ELOOP": "符号链接绕成了圈",
    "EEXIST": "已经存在", "EBUSY": "正被其他程序占用", "EMFILE": "打开的文件太多", "EIO": "读写磁盘出错",
    "ENOTEMPTY": "目录不是空的", "EXDEV": "不能跨磁盘移动",
}


def os_reason(error: OSError) -> str:
    """Why a file operation failed, in Chinese (the system's own words in brackets when unknown)."""
    import errno

    name = errno.errorcode.get(error.errno or 0, "")
    return _OS_REASONS.get(name) or (f"系统错误（{error.strerror}）" if error.strerror else str(error))
