"""Help in Chinese, with examples, that says what the commands do (issue #21): every help page is
walked from click's command tree of the whole Typer app, so a new command is checked as it is added."""

import re
import shlex

import pytest
import typer

from bangongshi.cli.adapter import localize_help
from bangongshi.cli.app import make_app
from bangongshi.cli.params import AT_EXAMPLES, DUE_EXAMPLES
from conftest import Bgs

WIDE = {"COLUMNS": "250"}  # no line of a help page wrapped or cut short


def _root():
    """The whole command tree, as `bgs --help` shows it (cli/adapter.py's Chinese in place)."""
    root = typer.main.get_command(make_app(["--help"]))
    localize_help(root)
    return root


def _tree(command=None, path=()):
    """(path, click command) for `bgs` and every command and sub-command its help lists."""
    command = command or _root()
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        if not sub.hidden:
            yield from _tree(sub, (*path, name))


COMMANDS = list(_tree())
PATHS = [" ".join(("bgs", *path)) for path, _ in COMMANDS]


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """Every help page as `bgs … --help` prints it, by command path."""
    bgs = Bgs(tmp_path_factory.mktemp("help"))
    shown = {}
    for (path, _), name in zip(COMMANDS, PATHS):
        result = bgs(*path, "--help", env=WIDE)
        assert result.code == 0, (name, result.stderr)
        shown[name] = result.stdout
    return shown


def test_the_walk_finds_every_command_and_sub_command():
    assert {"bgs", "bgs add", "bgs plan tomorrow", "bgs cal local add", "bgs remind install", "bgs report chronicle",
            "bgs sync conflicts"} <= set(PATHS)
    assert len(PATHS) > 70 and "bgs cal month" not in PATHS  # hidden: `bgs cal 2026-12` runs it


# --- 用法 ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", PATHS)
def test_every_help_page_says_用法(pages, name):
    assert f"用法：{name}" in pages[name]
    assert "Usage" not in pages[name]


# --- No English ------------------------------------------------------------------------------------

# Names a secretary meets as they are written (products, file formats, systems): not translated.
NAMES = {"CalDAV", "SQLite", "YAML", "Markdown", "RRULE", "Radicale", "Nextcloud", "Excel", "WPS", "BOM", "JSON",
         "Taskwarrior", "systemd", "launchd", "crontab", "Linux", "macOS", "Windows", "chinesecalendar", "uuid"}
# A command line written inside a sentence (「bgs undo 可以恢复」) is an example of its own.
_INLINE_COMMAND = re.compile(r"bgs(?: +[^\s\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+)*")
_TOKEN = re.compile(r"[A-Za-z0-9_./$@=+:<>\[\]\-]+")


def _metavariables(command) -> set[str]:
    ctx = command.make_context(command.name or "bgs", [], resilient_parsing=True)
    found = set()
    for param in command.params:
        found |= set(re.findall(r"[A-Z][A-Z_-]*", param.make_metavar(ctx) or ""))
    return found


def _documented_choices(help_text: str | None) -> set[str]:
    """The values an option's help lists as the ones it takes, as in 「输出格式：table（表格）、json」:
    after the label's colon, separated by 、, each value alone or with a gloss in （）; nothing when
    the help gives examples (「如 明天下午3点、…」) or no list."""
    text = re.sub(r"（[^（）]*）", "", help_text or "").split("；")[0]
    label, colon, listed = text.rpartition("：")
    if not colon or "如" in label or listed.lstrip().startswith("如"):
        return set()
    values = [value.strip() for value in listed.split("、")]
    if len(values) < 2 or any(not value or " " in value for value in values):
        return set()
    return set(values)


def _choice_values() -> set[str]:
    return {value for _, command in COMMANDS for param in command.params
            for value in _documented_choices(getattr(param, "help", None))}


def english_words(page: str, allowed: set[str]) -> list[str]:
    """The English words of three or more letters on a help page, outside option names,
    metavariables, examples (the 例如 section and command lines inside sentences), the values an
    option lists, values quoted as typed (「none」), file paths, environment variables and setting
    names, and `allowed` (metavariables, names, commands)."""
    lines, in_examples = [], False
    for line in page.splitlines():
        if line.strip() == "例如：":
            in_examples = True
        elif not line.strip():
            in_examples = False
        elif not in_examples:
            lines.append(line)
    text = _INLINE_COMMAND.sub(" ", re.sub(r"「[^」]*」", " ", "\n".join(lines)))
    found = []
    for token in _TOKEN.findall(text):
        word = token.strip("[]<>:=").rstrip(".")
        if (word.startswith(("-", "$")) or "/" in word or "." in word or "_" in word or word in allowed
                or len(re.findall(r"[A-Za-z]", word)) < 3):
            continue
        found.append(word)
    return found


@pytest.mark.parametrize("name", PATHS)
def test_no_help_page_has_an_english_word(pages, name):
    command = dict(zip(PATHS, (c for _, c in COMMANDS)))[name]
    commands = {path[-1] for path, _ in COMMANDS if path}
    allowed = _metavariables(command) | NAMES | _choice_values() | commands
    assert english_words(pages[name], allowed) == []


def test_the_english_check_finds_typers_own_words():
    """What the check is for: Typer's untranslated headings, an English help text."""
    page = ("Usage: bgs add [OPTIONS] TITLE\n╭─ Options ─╮\n│ --due DATE  截止 [default: none] │\n"
            "│ --help  Show this message and exit. │\n╰────╯\n例如：\nbgs add 会议 --due tomorrow\n")
    assert english_words(page, {"DATE", "TITLE", "OPTIONS"}) == [
        "Usage", "Options", "default", "none", "Show", "this", "message", "and", "exit"]


# --- Examples -----------------------------------------------------------------------------------------

def _examples(command) -> list[str]:
    """The command lines of a command's 例如 (its epilog), without their comments."""
    lines = (command.epilog or "").replace("\\[", "[").splitlines()
    if "例如：" not in lines:
        return []
    found = []
    for line in lines[lines.index("例如：") + 1:]:
        if not line.strip():
            break
        found.append(re.split(r"\s+# ", line, maxsplit=1)[0].strip())
    return found


def _parse(words: list[str]) -> list[str]:
    """Read a command line as `bgs` would, down to the command it runs, without running anything:
    every option, argument and value is checked (a choice refused here is refused there). The
    path of the command it runs."""
    command = typer.main.get_command(make_app(["--help"]))
    ctx, path = command.make_context("bgs", list(words)), []
    while hasattr(command, "commands") and [*ctx._protected_args, *ctx.args]:
        name, command, rest = command.resolve_command(ctx, [*ctx._protected_args, *ctx.args])
        ctx = command.make_context(name, rest, parent=ctx)
        path.append(name)
    return path


@pytest.mark.parametrize("name", PATHS)
def test_every_command_has_one_to_three_real_examples(pages, name):
    command = dict(zip(PATHS, (c for _, c in COMMANDS)))[name]
    shown = _examples(command)
    assert 1 <= len(shown) <= 3, f"{name}: {shown}"
    assert "例如：" in pages[name] and shown[0] in pages[name]
    for line in shown:
        words = shlex.split(line)
        assert words[0] == "bgs", line
        assert line == name or line.startswith(name + " "), f"an example of {name} runs another command: {line}"
        ran = " ".join(["bgs", *_parse(words[1:])])
        assert ran == name or ran.startswith(name + " "), line


def test_the_example_check_refuses_a_wrong_example():
    with pytest.raises(Exception):
        _parse(["add", "会议", "--format", "xml"])
    with pytest.raises(Exception):
        _parse(["recur", "add", "例会", "--polic", "next"])
    assert _parse(["cal", "local", "add", "2026-12-31", "--name", "年休"]) == ["cal", "local", "add"]
    assert _parse(["cal", "2026-10"]) == ["cal", "month"]


def test_due_and_at_help_show_phrases_people_type(pages, bgs):
    add = pages["bgs add"]
    assert "截止，如 明天下午3点、周五下班前、3个工作日内" in add
    assert "下周三上午9点半" in add
    for phrase in (*DUE_EXAMPLES.split("、"), *AT_EXAMPLES.split("、")):  # each one understood
        bgs.ok("when", phrase)


# --- Help and behaviour agree -----------------------------------------------------------------------

def _accepts(command, param, value: str) -> bool:
    ctx = command.make_context(command.name or "bgs", [], resilient_parsing=True)
    try:
        param.process_value(ctx, (value,) if param.multiple or param.nargs != 1 else value)
    except Exception:  # noqa: BLE001 - refused: a BadInput of ours or a click usage error
        return False
    return True


CHOICE_PARAMS = [(name, param) for name, (_, command) in zip(PATHS, COMMANDS) for param in command.params
                 if _documented_choices(getattr(param, "help", None))]


@pytest.mark.parametrize("name, param", CHOICE_PARAMS, ids=[f"{n} {p.name}" for n, p in CHOICE_PARAMS])
def test_each_option_accepts_exactly_the_values_its_help_lists(name, param):
    command = dict(zip(PATHS, (c for _, c in COMMANDS)))[name]
    listed = _documented_choices(param.help)
    tried = _choice_values() | {"xml", "不存在的值", ""}
    assert {value for value in tried if _accepts(command, param, value)} == listed


def test_every_format_option_lists_its_formats():
    """A --format whose help lists nothing is a --format the test above cannot check."""
    unlisted = [(name, param.name) for name, (_, command) in zip(PATHS, COMMANDS) for param in command.params
                if "--format" in getattr(param, "opts", ()) and not _documented_choices(param.help)]
    assert unlisted == []
    assert len([1 for name, param in CHOICE_PARAMS if "--format" in param.opts]) > 40


def test_the_agenda_lists_md_and_text_and_refuses_csv(bgs):
    """The disagreement issue #21 found: `agenda --format` listed csv (refused) and hid md and text."""
    assert "输出格式：table（表格）、json、md（Markdown）、text（纯文字，可贴进微信、钉钉）" in bgs.ok(
        "agenda", "--help", env=WIDE).stdout
    refused = bgs("agenda", "--format", "csv")
    assert refused.code == 2 and "可用：table、json、md、text" in refused.stderr
    assert bgs.ok("agenda", "--format", "MD").stdout.startswith("#")


def test_a_sync_command_lists_only_the_formats_it_shows(bgs):
    """`bgs sync status` listed csv, which it refused; `bgs report chronicle` listed no label."""
    refused = bgs("sync", "status", "--format", "csv")
    assert refused.code == 2 and refused.stderr == "错误：不支持的输出格式「csv」，可用：table、json\n"
    assert "输出格式：table（表格）、json " in bgs.ok("sync", "status", "--help", env=WIDE).stdout
    assert "输出格式：table（表格）、md（Markdown）、json、text" in bgs.ok("report", "chronicle", "--help", env=WIDE).stdout


def test_when_reads_a_policy_as_recur_does(bgs):
    """`bgs when --policy` took workdays (which recur refuses) and not 顺延 (which recur takes)."""
    shown = bgs.ok("when", "每月15日", "--policy", "顺延", "--format", "json").json()
    assert shown["policy"] == "next"
    refused = bgs("when", "每月15日", "--policy", "workdays")
    assert refused.code == 2 and "--policy 应是 keep（照常）" in refused.stderr


def test_a_choice_is_refused_before_anything_is_written(bgs):
    refused = bgs("add", "会议", "--kind", "开会", "--format", "json", "--lock")  # the Typer path
    assert refused.code == 2 and refused.stderr.startswith("错误：未知的类别「开会」")
    quick = bgs("add", "会议", "--kind", "开会")  # the quick path: the service's own check, the same words
    assert quick.stderr == refused.stderr
    assert bgs.items() == []
