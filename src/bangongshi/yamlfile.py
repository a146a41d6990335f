"""Reading the YAML files users write (settings, calendars): yaml is imported only here, when
such a file is read, and a syntax error is reported with its line, in Chinese."""

from bangongshi.errors import BadInput


def compose(text: str, source: str):
    """The YAML node tree of `text` (None when empty); nodes keep their line numbers."""
    import yaml

    try:
        return yaml.compose(text)
    except yaml.YAMLError as error:
        raise _bad_yaml(error, source) from None


def _bad_yaml(error, source: str) -> BadInput:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    where = f" 第 {mark.line + 1} 行" if mark else ""
    return BadInput(f"{source}{where}不是有效的 YAML：{getattr(error, 'problem', None) or error}")


def located(text: str, source: str, *, as_typed: bool = False):
    """The YAML of `text` as plain values wrapped in Located (each with its line), or None.

    `as_typed`: scalars stay the text the user typed (only true/false/null are read), so that
    09:00 or 9:00 is a time, not YAML 1.1's sexagesimal 540."""
    import yaml

    root = compose(text, source)
    try:
        return None if root is None else _locate(root, as_typed)
    except yaml.YAMLError as error:  # a value YAML reads but cannot build (a bare anchor, a bad tag)
        raise _bad_yaml(error, source) from None


_KEEP = ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:null")


def _locate(node, as_typed: bool = False):
    import yaml

    from bangongshi.domain.settings import Located

    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        return Located({str(k.value): _locate(v, as_typed) for k, v in node.value}, line)
    if isinstance(node, yaml.SequenceNode):
        return Located([_locate(v, as_typed) for v in node.value], line)
    if as_typed and node.tag not in _KEEP:
        return Located(node.value, line)
    value = yaml.safe_load(yaml.serialize(node)) if node.tag != "tag:yaml.org,2002:str" else node.value
    return Located(value, line)
