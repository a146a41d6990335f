"""Writing results: data to stdout in the chosen format, messages to stderr."""

import sys
from collections.abc import Iterable
from datetime import date

from bangongshi.formats.json import item_object, to_json, write_items_json
from bangongshi.formats.visible import visible
from bangongshi.model import Item


def say(message: str) -> None:
    """A message for the person at the terminal; never mixed into the data on stdout."""
    sys.stderr.write(visible(message) + "\n")
    sys.stderr.flush()


def data(text: str) -> None:
    """Data for programs (JSON, CSV, YAML): written as it is."""
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    sys.stdout.flush()


def text(lines: str) -> None:
    """Text for people (lines, md, html): control characters shown, not obeyed."""
    data(visible(lines))


# Formats for programs: written as they are. Every other view is text for people (control
# characters shown, not obeyed), unless a command says its format is data (a YAML or Markdown file).
MACHINE = ("json", "csv")


def show(result, fmt: str, views: dict, *, as_data: tuple[str, ...] = MACHINE) -> None:
    """The one way a command's result reaches stdout: the format is picked here, once, from the
    command's table of views {format: view}. A view returns the text to write, or None when it
    drew itself (a Rich table). JSON objects and lines are made in render, never in cli."""
    shown = views[fmt](result)
    if shown is None:
        return
    if isinstance(shown, list):
        shown = "\n".join(shown)
    if fmt in as_data:
        data(shown)
    else:
        text(shown)


def items(found: Iterable[Item], fmt: str, *, single: bool = False, today: date | None = None,
          raw: bool = False) -> None:
    """Items in `fmt`; json and csv are written as `found` is read (it may be a stream from the store)."""
    if fmt == "json" and single:
        data(to_json(item_object(next(iter(found)))))
    elif fmt == "json":
        sys.stdout.flush()
        write_items_json(found, sys.stdout.buffer)
        sys.stdout.buffer.flush()
    elif fmt == "csv":
        from bangongshi.formats.csv import write_items_csv

        sys.stdout.flush()
        write_items_csv(found, sys.stdout.buffer, raw=raw)
        sys.stdout.buffer.flush()
    else:
        from bangongshi.config import load_settings
        from bangongshi.render import table

        table.items_table(found, today, load_settings().colors)


def changed(found: list[Item], fmt: str, verb: str) -> None:
    """After a command that changes items: a line each for people, or the items for scripts."""
    if fmt == "table":
        from bangongshi.render.echo import item_name

        for item in found:
            say(f"{verb} {item_name(item.id, item.title)}（{item.folder.label}）")
    else:
        items(found, fmt)


def edited(pairs: list, fmt: str, verb: str, today: date, readings: list[str] = ()) -> None:
    """After `edit`, `move`, `done`, `reopen` (`pairs`: each item `.before` and `.after`): old → new of each
    changed field for people; for scripts the items as they are now, with their changes in JSON."""
    from bangongshi.render import echo

    if fmt == "table":
        for line in echo.changed_lines(pairs, verb, today, readings):
            say(line)
    elif fmt == "json":
        data(to_json(echo.changed_objects(pairs)))
    else:
        items([pair.after for pair in pairs], fmt)


def notices(messages: list[str]) -> None:
    for message in messages:
        say(f"注意：{message}")


FILE_ONLY = ("xlsx", "docx")  # formats that are files, never text on stdout


def out_path(session, out: str | None, fmt: str):
    """Where `-o` asks a view to be written, checked before anything is read (services/outfiles.py);
    None: stdout. xlsx and docx need a file."""
    from bangongshi.errors import BadInput

    if out is None:
        if fmt in FILE_ONLY:
            raise BadInput(f"--format {fmt} 需要 -o 文件名")
        return None
    from bangongshi.services import outfiles  # (secrets, shutil: 8 ms that a view on the screen does without)

    return outfiles.target(out, session.store.path, option="输出路径")


def write_out(content, path, private: bool) -> None:
    """`content` (text, bytes, or a function writing to a binary file) to stdout, or to the file whole or
    not at all (0600 when `private`: it may hold locked items' text)."""
    from bangongshi.services import outfiles

    if path is None and callable(content):
        sys.stdout.flush()
        content(sys.stdout.buffer)
        sys.stdout.buffer.flush()
        return
    if path is None:
        data(content)
        return
    if isinstance(content, str):
        text = content if content.endswith("\n") else content + "\n"
        content = text.encode("utf-8")
    written = outfiles.write(path, content, private=private)
    say(f"已写入 {written}{outfiles.private_note(private)}")
