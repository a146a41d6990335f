"""Bytes of a file as text, before any format reads them."""

from typing import BinaryIO, NoReturn, TextIO

from bangongshi.errors import BadInput


def decode(data: bytes, source: str, *, chinese_windows: bool = False) -> str:
    """UTF-8 (with or without BOM); for CSV also GB18030, what Excel and WPS save on Chinese Windows."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if chinese_windows:
            try:
                return data.decode("gb18030")
            except UnicodeDecodeError:
                pass
        line = data[:error.start].count(b"\n") + 1
        what = "UTF-8 或 GB18030" if chinese_windows else "UTF-8"
        raise BadInput(f"{source} 不是 {what} 文本（第 {line} 行）") from None


def open_text(handle: BinaryIO, source: str, *, chinese_windows: bool = False, newline: str = "") -> TextIO:
    """A binary file as text read a piece at a time, in the encoding `decode` would choose (for CSV,
    a first pass over the bytes tells UTF-8 from GB18030). A UnicodeDecodeError met later while
    reading UTF-8 is turned into decode's message by `not_text`. `newline`: as open() takes it; ""
    (what csv needs) looks for CR in every piece, "\n" does not (JSON reads its own lines)."""
    import io

    encoding = "utf-8-sig"
    if chinese_windows and not _decodes(handle, "utf-8"):
        if not _decodes(handle, "gb18030"):
            not_text(handle, source, chinese_windows=True)
        encoding = "gb18030"
    handle.seek(0)
    # Either way CR LF stays in the text (a CSV cell of several lines, the lines of JSON Lines).
    return io.TextIOWrapper(handle, encoding=encoding, newline=newline)


def not_text(handle: BinaryIO, source: str, *, chinese_windows: bool = False) -> NoReturn:
    """Raise decode's BadInput (which names the line) for a file found not to be text."""
    handle.seek(0)
    decode(handle.read(), source, chinese_windows=chinese_windows)
    raise BadInput(f"{source} 不是 UTF-8 文本")  # the file changed while it was read


def _decodes(handle: BinaryIO, encoding: str) -> bool:
    import codecs

    handle.seek(0)
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        while block := handle.read(1 << 20):
            decoder.decode(block)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True
