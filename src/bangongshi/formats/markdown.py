"""Items as one Markdown table (`bgs export --format md`): the JSON keys as columns, a row per item.

Markdown is read by people, so control characters are shown, not obeyed (formats.visible); a `|`
or a line break inside a cell would end the cell or the row, so they are escaped.
"""

from bangongshi.formats.csv import cell_text
from bangongshi.formats.json import ITEM_KEYS, item_object
from bangongshi.formats.visible import visible


def items_markdown(items) -> str:
    def cell(value) -> str:
        return visible(cell_text(value).replace("|", "\\|").replace("\r", " ").replace("\n", "<br>"))

    lines = ["| " + " | ".join(ITEM_KEYS) + " |", "|" + "---|" * len(ITEM_KEYS)]
    for item in items:
        row = item_object(item)
        lines.append("| " + " | ".join(cell(row[key]) for key in ITEM_KEYS) + " |")
    return "\n".join(lines) + "\n"
