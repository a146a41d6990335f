"""Bytes of a file as text, before any format reads them."""

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
