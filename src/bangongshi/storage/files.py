"""Files the store creates are readable by their owner only."""

import os

TYPE_CHECKING = False  # not typing's: a type checker takes any constant of this name as true
if TYPE_CHECKING:
    from pathlib import Path


def create_private_file(path: "Path | str") -> None:
    """Create `path` with mode 0600 unless it exists; an existing file keeps its mode."""
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    os.close(fd)
