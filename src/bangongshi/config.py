"""The settings file: config.yaml in the data dir, created with every default commented out.

Reading it is on the agenda's path, so the parsed result is cached as JSON beside it and yaml is
imported only when the file has changed since (by size and modification time).
"""

import json
import os

from bangongshi.domain.settings import DEFAULT_TEXT, DEFAULTS, Located, Settings, from_tree
from bangongshi.errors import BadInput
from bangongshi.paths import data_dir, data_dir_text, joined, parent_text

TYPE_CHECKING = False  # not typing's: a type checker takes any constant of this name as true
if TYPE_CHECKING:
    from pathlib import Path

FILE_NAME = "config.yaml"
CACHE_NAME = ".config-cache.json"


def config_path() -> "Path":
    return data_dir() / FILE_NAME


def ensure_file(path: "Path | str") -> None:
    if not os.path.exists(path):
        os.makedirs(_parent(path), mode=0o700, exist_ok=True)
        with open(path, "w", encoding="utf-8") as file:
            file.write(DEFAULT_TEXT)


def _parent(path: "Path | str") -> str:
    return parent_text(path) if isinstance(path, str) else str(path.parent)


def load_settings(path: "Path | None" = None) -> Settings:
    # As text, without pathlib, on every command's way (paths.py says why); str() of it is the Path's.
    path = path or joined(data_dir_text(), FILE_NAME)
    try:
        ensure_file(path)
        stat = os.stat(path)
    except OSError:
        return DEFAULTS  # an unwritable data dir still gets an agenda
    signature = [stat.st_size, stat.st_mtime_ns]
    cache = joined(_parent(path), CACHE_NAME)
    try:
        with open(cache, encoding="utf-8") as file:
            cached = json.loads(file.read())
        if cached["signature"] == signature:
            return from_tree(_relocate(cached["tree"]), f"「{path}」")
    # Only a checked file is cached, so anything wrong here is damage to the cache itself (a
    # truncated write, an edit by hand): read the file again, which writes a good cache.
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError, BadInput):
        pass
    source = f"「{path}」"
    tree = read_tree(read_text(path), source)
    settings = _checked(tree, source)
    try:
        with open(cache, "w", encoding="utf-8") as file:
            file.write(json.dumps({"signature": signature, "tree": _plain(tree)}, ensure_ascii=False))
    except OSError:
        pass
    return settings


def read_text(path: "Path | str") -> str:
    """The settings file's text; a folder in its place or bytes that are not UTF-8 are bad input."""
    try:
        with open(path, "rb") as file:
            data = file.read()
    except IsADirectoryError:
        raise BadInput(f"「{path}」是目录，应是设置文件：请移走它（bgs 会重新创建默认设置）") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise BadInput(f"「{path}」第 {line} 行不是 UTF-8 文本：请用 UTF-8 编码保存设置文件") from None


def _check_colours(tree: dict, source: str) -> None:
    """Folder colours are Rich styles; a name Rich does not know is refused here, once, when the file
    changes (not on every agenda)."""
    node = tree.get("colors")
    if node is None or not isinstance(node.value, dict):
        return
    from rich.errors import StyleSyntaxError
    from rich.style import Style

    for folder, value in node.value.items():
        try:
            Style.parse(str(value.value))
        except StyleSyntaxError:
            where = f"{source} 第 {value.line} 行，" if source else "设置 "
            raise BadInput(f"{where}colors.{folder}：「{value.value}」不是颜色，"
                           "例如 \"bold blue\"、\"red\"、\"#ff8800\"") from None


def read_tree(text: str, source: str) -> dict:
    """YAML text to a {key: Located} tree, keeping each value's line for error messages."""
    from bangongshi.yamlfile import located

    root = located(text, source)
    if root is None:
        return {}
    if not isinstance(root.value, dict):
        raise BadInput(f"{source} 第 {root.line} 行：设置文件应是「键: 值」的映射")
    return root.value


def _plain(tree):
    if isinstance(tree, Located):
        return {"l": tree.line, "v": _plain(tree.value)}
    if isinstance(tree, dict):
        return {k: _plain(v) for k, v in tree.items()}
    if isinstance(tree, list):
        return [_plain(v) for v in tree]
    return tree


def _relocate(data):
    if isinstance(data, dict) and set(data) == {"l", "v"}:
        return Located(_relocate(data["v"]), data["l"])
    if isinstance(data, dict):
        return {k: _relocate(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_relocate(v) for v in data]
    return data


def with_value(path: "Path", key: str, raw: str) -> tuple[str, str]:
    """The settings file's text now, and its text with one dotted key (rules.deadline, key_share,
    colors.temp…) set to `raw`, checked; nothing is written (services/config.py journals the change)."""
    import yaml

    from bangongshi.yamlfile import load

    ensure_file(path)
    text = read_text(path)
    try:
        current = load(text, f"「{path}」") or {}
    except BadInput:
        current = None
    if not isinstance(current, dict):
        raise BadInput(f"「{path}」不是「键: 值」的映射，请先用 bgs config edit 修正")
    try:
        value = load(raw, f"设置 {key} 的值")
    except BadInput:
        value = raw  # not YAML: the text as typed
    target = current
    parts = key.split(".")
    for part in parts[:-1]:
        target = target.setdefault(part, {})
        if not isinstance(target, dict):
            raise BadInput(f"设置 {key}：{part} 不是映射")
    target[parts[-1]] = value
    new_text = DEFAULT_TEXT + "\n# 以下由 bgs config set 写入\n" + yaml.safe_dump(current, allow_unicode=True, sort_keys=False)
    # The file is written by bgs, not by the user: a problem names the setting, not a line of it.
    check_text(new_text, "")
    return text, new_text


def leaves(text: str) -> dict[str, str]:
    """Every setting a settings text writes, by dotted key, as YAML would show its value ({} for a
    text that cannot be read): what `bgs undo` names when it puts a file back."""
    from bangongshi.yamlfile import load

    try:
        tree = load(text, "设置") or {}
    except BadInput:
        return {}
    found: dict[str, str] = {}

    def walk(node, prefix: str) -> None:
        if isinstance(node, dict) and (node or not prefix):
            for name, child in node.items():
                walk(child, f"{prefix}.{name}" if prefix else str(name))
        else:
            found[prefix] = node if isinstance(node, str) else json.dumps(node, ensure_ascii=False, default=str)

    walk(tree if isinstance(tree, dict) else {}, "")
    return found


def check_text(text: str, source: str) -> Settings:
    """Settings of `text`, or BadInput naming the setting and its line in `source` (no source: the
    text is bgs's own, and the problem names only the setting)."""
    return _checked(read_tree(text, source), source)


def _checked(tree: dict, source: str) -> Settings:
    settings = from_tree(tree, source)
    _check_colours(tree, source)
    return settings

