"""Styled lines written straight to the terminal, for the views people open many times a day (the
agenda, item lists). Rich's Console and Text cost ~35 ms to import, a fifth of the agenda's time;
these lines need only cell widths (rich.cells) and, when colour is on, Rich's own style renderer
(rich.style), so what people see is what Rich would print. Colour follows Rich's rules: NO_COLOR,
FORCE_COLOR, TTY_COMPATIBLE, TERM=dumb, COLORTERM, TERM's colour count."""

import os
import sys
from collections.abc import Iterable

from rich.cells import cell_len, get_character_cell_size

from bangongshi.formats.visible import visible

ELLIPSIS = "…"
# Texts whose width text_width remembers, at most: a ledger of tens of thousands of rows repeats the
# same names, dates and statuses in every row, and its titles are measured twice (natural width, line).
WIDTHS_KEPT = 200_000
_WIDTHS: dict[str, int] = {}


def text_width(text: str) -> int:
    """The cells `text` takes on the screen, as rich.cells.cell_len counts them: a printable ASCII text
    is as wide as it is long; any other is measured by Rich once and remembered."""
    found = _WIDTHS.get(text)
    if found is None:
        found = len(text) if text.isascii() and text.isprintable() else cell_len(text)
        if len(_WIDTHS) < WIDTHS_KEPT:
            _WIDTHS[text] = found
    return found


def rich_text(text: str, style: str = ""):
    """A Rich Text of `text` as it is: control characters visible, `[…]` never read as markup."""
    from rich.text import Text

    return Text(visible(text), style=style)


class Styled:
    """A line or a cell: text in pieces, each with a Rich style ("bold", "red", "" for none)."""

    __slots__ = ("pieces",)

    def __init__(self, text: str = "", style: str = ""):
        # Control characters become visible here, before any width is measured.
        self.pieces: list[tuple[str, str]] = [(visible(text), style)] if text else []

    def append(self, text: str, style: str = "") -> "Styled":
        if text:
            self.pieces.append((visible(text), style))
        return self

    def extend(self, other: "Styled") -> "Styled":
        self.pieces.extend(other.pieces)
        return self

    @property
    def plain(self) -> str:
        return "".join(text for text, _ in self.pieces)

    @property
    def cell_len(self) -> int:
        pieces = self.pieces
        if len(pieces) == 1:
            return text_width(pieces[0][0])
        return sum(text_width(text) for text, _ in pieces)

    def one_line(self) -> "Styled":
        if not any("\n" in text for text, _ in self.pieces):
            return self
        flat = Styled()
        flat.pieces = [(text.replace("\n", " "), style) for text, style in self.pieces]
        return flat

    def cut(self, width: int) -> "Styled":
        """At most `width` cells; what does not fit ends in "…" (as Rich's overflow="ellipsis")."""
        if self.cell_len <= width:
            return self
        room = max(width - 1, 0)
        kept = Styled()
        if room == 0:  # Rich keeps nothing, not even a zero-width character, when no cell is left
            return kept.append(ELLIPSIS, self.pieces[0][1] if self.pieces else "") if width else kept
        last_style = ""
        full = False
        for text, style in self.pieces:
            last_style = style
            taken = []
            for char in text:
                size = get_character_cell_size(char)
                if size > room:
                    full = True
                    break
                taken.append(char)
                room -= size
            # A wide character that does not fit leaves its cell blank, as Rich does.
            kept.append("".join(taken) + (" " * room if full else ""), style)
            if full:
                break
        return kept.append(ELLIPSIS, last_style) if width else kept

    @classmethod
    def of(cls, cell) -> "Styled":
        """A str, a Styled, or a rich Text (from views that still build Rich Text)."""
        if isinstance(cell, Styled):
            return cell
        if isinstance(cell, str):
            return cls(cell)
        return _from_rich_text(cell)


def _from_rich_text(text) -> Styled:
    plain = text.plain
    cuts = sorted({0, len(plain), *(s.start for s in text.spans), *(s.end for s in text.spans)})
    base = str(text.style) if text.style else ""
    styled = Styled()
    for start, end in zip(cuts, cuts[1:]):
        styles = [base] + [str(s.style) for s in text.spans if s.start <= start and s.end >= end]
        styled.append(plain[start:end], " ".join(s for s in styles if s))
    return styled


def width() -> int:
    """As Rich measures it: COLUMNS if set, else the terminal's width, else 80."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    for stream in (sys.stdout, sys.stderr, sys.stdin):
        try:
            return os.get_terminal_size(stream.fileno()).columns
        except (AttributeError, ValueError, OSError):
            continue
    return 80


def _colour_system(stream=None):
    """Rich's ColorSystem for `stream` (stdout by default), or None for plain text."""
    environ = os.environ
    if environ.get("NO_COLOR", "") != "":
        return None
    compatible = environ.get("TTY_COMPATIBLE", "")
    if compatible == "0":
        return None
    if compatible == "1":
        terminal = True
    elif environ.get("FORCE_COLOR") is not None:
        terminal = environ["FORCE_COLOR"] != ""
    else:
        try:
            terminal = (stream or sys.stdout).isatty()
        except (AttributeError, ValueError):
            terminal = False
    if not terminal or environ.get("TERM", "").lower() in ("dumb", "unknown"):
        return None
    from rich.color import ColorSystem

    if sys.platform == "win32":  # Rich's Windows console detection lives in rich.console
        from rich.console import COLOR_SYSTEMS, Console

        return COLOR_SYSTEMS.get(Console().color_system or "")
    if environ.get("COLORTERM", "").strip().lower() in ("truecolor", "24bit"):
        return ColorSystem.TRUECOLOR
    colours = environ.get("TERM", "").strip().lower().rpartition("-")[2]
    return {"kitty": ColorSystem.EIGHT_BIT, "256color": ColorSystem.EIGHT_BIT}.get(colours, ColorSystem.STANDARD)


def write(lines: Iterable[Styled | str], stream=None, end: str = "\n") -> None:
    """Each line to `stream` (stdout by default), coloured when it is a terminal that takes colour."""
    stream = stream or sys.stdout
    system = _colour_system(stream)
    if system is None:
        # Control characters shown (visible) over the whole text at once: it keeps line feeds and tabs
        # and is idempotent, so this is each line's Styled.of(line).plain joined, without a Styled per
        # line (a month's report prints ~15,000 lines).
        text = visible("\n".join(line if type(line) is str else Styled.of(line).plain for line in lines))
    else:
        from rich.style import Style

        styles: dict[str, Style] = {}

        def render(piece: str, style: str) -> str:
            if not style:
                return piece
            if style not in styles:
                styles[style] = Style.parse(style)
            return styles[style].render(piece, color_system=system)

        text = "\n".join("".join(render(p, s) for p, s in Styled.of(line).pieces) for line in lines)
    stream.write(text + end)
    stream.flush()
