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


PIECE = 1 << 20  # bytes decoded at a time when a file is read a piece at a time


def open_text(handle: BinaryIO, source: str, *, csv: bool = False) -> TextIO:
    """A binary file as text read a piece at a time, in the encoding `decode` would choose: UTF-8,
    or for CSV also GB18030 (a first pass over the bytes tells them apart). A UnicodeDecodeError met
    later while reading is turned into decode's message by `not_text`. CR LF stays in the text either
    way (a CSV cell of several lines; JSON reads its own lines)."""
    import io

    encoding = "utf-8-sig"
    if csv and not _decodes(handle, "utf-8"):
        if not _decodes(handle, "gb18030"):
            not_text(handle, source, chinese_windows=True)
        encoding = "gb18030"
    handle.seek(0)
    if csv:  # the csv module wants newline="" (and reads a line at a time)
        return io.TextIOWrapper(handle, encoding=encoding, newline="")
    # JSON: no search for CR in every piece; decoded a megabyte at once, not 8 KiB (half the time).
    text = io.TextIOWrapper(handle, encoding=encoding, newline="\n")
    text._CHUNK_SIZE = PIECE
    return text


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
        while block := handle.read(PIECE):
            decoder.decode(block)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True
