"""The quick styled lines of the agenda and item lists print what Rich itself would print: the same
escape codes, the same cut with "…", the same widths. Fails if a Rich upgrade changes either side."""

import io

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text

from bangongshi.render import lines
from bangongshi.render.lines import Styled

STYLES = ["", "bold", "red", "bold blue", "bold dark_orange", "dim", "cyan", "#ff8800", "yellow on black"]


def rich_prints(text: Text, system: str) -> str:
    out = io.StringIO()
    Console(file=out, force_terminal=True, color_system=system, width=500, highlight=False,
            emoji=False).print(text, end="")
    return out.getvalue()


@pytest.mark.parametrize("term, colorterm, system", [("xterm", "", "standard"), ("xterm-256color", "", "256"),
                                                      ("xterm", "truecolor", "truecolor")])
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=60)
@given(pieces=st.lists(st.tuples(st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1,
                                         max_size=8), st.sampled_from(STYLES)), min_size=1, max_size=4))
def test_styled_lines_print_as_rich_does(monkeypatch, capsys, term, colorterm, system, pieces):
    monkeypatch.setenv("TERM", term)
    monkeypatch.setenv("COLORTERM", colorterm)
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    ours = Styled()
    theirs = Text()
    for text, style in pieces:
        ours.append(text, style)
        theirs.append(text, style=style)
    capsys.readouterr()
    lines.write([ours])
    assert capsys.readouterr().out == rich_prints(theirs, system) + "\n"


@given(st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=30), st.integers(1, 20))
@example("\U000e000000", 1)  # a zero-width character, then no cell left: Rich keeps only "…"
def test_cutting_to_a_width_matches_rich(text, width):
    rich_text = Text(text)
    rich_text.truncate(width, overflow="ellipsis")
    assert Styled(text).cut(width).plain == rich_text.plain
    assert Styled(text).cut(width).cell_len <= width


def test_no_colour_when_not_a_terminal_or_asked_not_to(monkeypatch, capsys):
    for env in ({"NO_COLOR": "1", "FORCE_COLOR": "1"}, {"TTY_COMPATIBLE": "0", "FORCE_COLOR": "1"},
                {"FORCE_COLOR": "1", "TERM": "dumb"}, {}):
        for name in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "TERM"):
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        lines.write([Styled("待办", "bold blue")])
        assert capsys.readouterr().out == "待办\n", env


def test_width_is_columns_else_80_when_not_a_terminal(monkeypatch):
    monkeypatch.setenv("COLUMNS", "97")
    assert lines.width() == 97
    monkeypatch.delenv("COLUMNS")
    assert lines.width() == Console(file=io.StringIO()).width == 80


def test_plain_lines_are_written_without_a_styled_each_and_their_control_characters_shown(monkeypatch):
    """Without colour, the plain lines of a long view (a month's report: ~15,000) are joined as text:
    no Styled is made for each; what is written is each line's Styled(line).plain, control
    characters shown, line feeds and tabs kept."""
    given = ["#1 起草\x1b[2J通知", Styled("标题", "bold"), "a\tb", "", "\x07响铃\x9b"]
    expected = "\n".join(Styled.of(line).plain for line in given) + "\n"
    made = []
    real = Styled.__init__

    def counting(self, *args, **kwargs):
        made.append(1)
        real(self, *args, **kwargs)

    out = io.StringIO()
    monkeypatch.setattr(Styled, "__init__", counting)
    lines.write(given, stream=out)
    assert out.getvalue() == expected == "#1 起草\\x1b[2J通知\n标题\na\tb\n\n\\x07响铃\\x9b\n"
    assert made == []
