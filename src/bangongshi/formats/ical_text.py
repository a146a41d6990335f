"""TEXT values for `icalendar` that come back as they went.

icalendar's writer turns a literal backslash-N in a text into a line break before it escapes the
text (step 1 of its `_escape_char`, kept on purpose upstream), so a note holding a Windows share
such as \\\\文件服务器\\New通知 would come back from a calendar changed. RFC 5545 §3.3.11 escapes
the backslash itself; its reader (icalendar's, and every other client's) then gives the text back
exactly. `text()` and `categories()` wrap a value so it is written that way; everything else about
the property (parameters, folding, encoding) stays icalendar's.

icalendar is imported on first use only (tests/test_formats_layout.py)."""

from functools import cache


def text(value: str):
    """`value` as a TEXT property value that icalendar writes with RFC 5545's escaping."""
    return _types()[0](value)


def categories(values):
    """A CATEGORIES value whose every category is written like `text()`."""
    cat = _types()[1]([])
    cat.cats = [text(v) for v in values]
    return cat


def carried(value):
    """Another client's property value, carried over: a text keeps its parameters and is written
    like `text()`; any other value is icalendar's own."""
    text_type, _, plain_text = _types()
    if isinstance(value, plain_text) and not isinstance(value, text_type):
        return text_type(value, params=dict(value.params))
    return value


def read(value) -> str:
    """A property's text as written: an X- property another program wrote without VALUE=TEXT comes
    back from icalendar still escaped (it does not know the property is text)."""
    from icalendar.parser import unescape_backslash

    _, _, plain_text = _types()
    if isinstance(value, plain_text):
        return str(value)
    return unescape_backslash(value.to_ical().decode())


@cache
def _types():
    from icalendar import vCategory, vText

    class Text(vText):
        def to_ical(self) -> bytes:
            # the backslash first, then what RFC 5545 escapes; CR LF, LF and a lone CR are all
            # one line break, as icalendar writes them
            escaped = (str(self).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
                       .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))
            return escaped.encode(self.encoding)

    return Text, vCategory, vText
