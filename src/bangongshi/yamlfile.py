"""Reading the YAML files users write (settings, calendars): yaml is imported only here, when
such a file is read, and a syntax error is reported with its line, in Chinese."""

from bangongshi.errors import BadInput


def compose(text: str, source: str):
    """The YAML node tree of `text` (None when empty); nodes keep their line numbers."""
    import yaml

    try:
        return yaml.compose(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" 第 {mark.line + 1} 行" if mark else ""
        raise BadInput(f"{source}{where}不是有效的 YAML：{getattr(error, 'problem', error)}") from None
