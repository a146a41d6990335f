"""Writing results: data to stdout in the chosen format, messages to stderr."""

import sys
from datetime import date

from bangongshi.formats.json import item_object, json_list_chunks, to_json
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


def items(found: list[Item], fmt: str, *, single: bool = False, today: date | None = None, raw: bool = False) -> None:
    if fmt == "json" and single:
        data(to_json(item_object(found[0])))
    elif fmt == "json":
        for chunk in json_list_chunks(item_object(i) for i in found):
            sys.stdout.write(chunk)
        data("")
    elif fmt == "csv":
        from bangongshi.formats.csv import items_csv

        data(items_csv(found, raw=raw))
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
