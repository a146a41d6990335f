"""A progress bar on stderr for long imports and exports, only when stderr is a terminal (a script's
log gets no escape codes). Rich's Progress is imported only when a bar is shown."""

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def bar(description: str, total: int, unit: str = "") -> Iterator[Callable[[int], None]]:
    """A context yielding advance(n); `unit="bytes"`: `total` and n are bytes of a file (read a piece
    at a time, whose count of items is known only at its end), shown as MB read."""
    if not sys.stderr.isatty():
        yield lambda n=1: None
        return
    from rich.console import Console
    from rich.progress import (BarColumn, DownloadColumn, MofNCompleteColumn, Progress, TextColumn,
                               TimeRemainingColumn)

    done = DownloadColumn() if unit == "bytes" else MofNCompleteColumn()
    columns = (TextColumn(description), BarColumn(), done, TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(description, total=total)
        yield lambda n=1: progress.advance(task, n)
