"""Text for people, with every control character shown instead of obeyed.

A title typed or imported with `\x1b]0;…\x07` would retitle the terminal, `\x1b[2J` clear it, a CR
overwrite what came before: in every human format (tables, details, md/text/html reports, messages)
such a character is written as a visible escape like `\x1b`. Line feeds and tabs stay: notes have
lines. JSON escapes control characters itself; CSV and XLSX keep the data as it is. Light (no Rich):
`bgs add` prints through here. In formats because the Markdown export obeys the same rule as the
screen; `render.lines.rich_text` is its Rich side.
"""

import re

# C0 except tab and line feed, DEL, and C1 (U+0080–U+009F: `\x9b` is a CSI on some terminals).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _escape(match: re.Match) -> str:
    return f"\\x{ord(match[0]):02x}"


def visible(text: str) -> str:
    return _CONTROL.sub(_escape, text) if _CONTROL.search(text) else text

