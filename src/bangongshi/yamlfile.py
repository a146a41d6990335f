"""Reading the YAML files users write (settings, calendars, templates, imports): yaml is imported
only here, when such a file is read, and a syntax error is reported with its line, in Chinese.

Every file is checked event by event before a tree is built: an alias (*name) is refused, because
nine aliases nested seven deep make a 374-byte file expand to millions of values (the "billion
laughs"); nesting is capped, because building a tree recurses once per level; and a key given twice
in one mapping is refused, because YAML would silently keep the last."""

from bangongshi.errors import BadInput
from bangongshi.limits import is_text

MAX_DEPTH = 50  # our files need four levels; Python's recursion limit is 1000


def compose(text: str, source: str):
    """The YAML node tree of `text` (None when empty); nodes keep their line numbers."""
    import yaml

    try:
        _check_events(text, source)
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        raise _bad_yaml(error, source) from None
    if root is not None:
        _check_keys(root, source)
    return root


def load(text: str, source: str):
    """`text` as plain Python values, checked like `compose`."""
    import yaml

    compose(text, source)
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise _bad_yaml(error, source) from None


def _check_events(text: str, source: str) -> None:
    import yaml

    depth = 0
    # The parser keeps its own stack (no recursion), so it reads any depth without building anything.
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent):
            raise BadInput(f"{source} 第 {line} 行：不支持 YAML 引用（*{event.anchor}），请把内容直接写出来")
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise BadInput(f"{source} 第 {line} 行：嵌套太深（超过 {MAX_DEPTH} 层）")
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1
        elif isinstance(event, yaml.ScalarEvent) and not is_text(event.value):
            # "\ud800" in double quotes is a lone surrogate, which no file or database can hold.
            raise BadInput(f"{source} 第 {line} 行：含有无法识别的字符（不成对的代理字符）")


def _check_keys(root, source: str) -> None:
    import yaml

    pending = [root]
    while pending:
        node = pending.pop()
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key, value in node.value:
                line = key.start_mark.line + 1
                name = str(key.value)
                if isinstance(key, yaml.ScalarNode) and name in seen:
                    raise BadInput(f"{source} 第 {line} 行：键「{name}」重复（第 {seen[name]} 行已有），"
                                   "只能保留一个")
                seen[name] = line
                pending.append(value)
        elif isinstance(node, yaml.SequenceNode):
            pending.extend(node.value)


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
