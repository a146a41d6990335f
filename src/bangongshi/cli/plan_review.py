"""The interactive part of `bgs plan tomorrow`: one key per item, then the proposal edited line by
line. Nothing is written until the user saves; Ctrl-C at any point saves nothing."""

import sys

import typer

from bangongshi.cli import output
from bangongshi.domain.follow import result_required
from bangongshi.errors import BgsError

CHOICES = {"c": "带到次日", "r": "改期", "t": "换文件夹（临时/待办）", "d": "办结", "h": "移交他人", "x": "移出清单"}


def _ask_line(prompt: str) -> str:
    sys.stderr.write(prompt)
    sys.stderr.flush()
    line = sys.stdin.readline()
    if not line:
        raise KeyboardInterrupt
    return line.strip()


def _key(prompt: str, allowed: str, default: str) -> str:
    while True:
        sys.stderr.write(prompt)
        sys.stderr.flush()
        key = typer.getchar().lower()
        if key in ("\r", "\n"):
            key = default
        sys.stderr.write(key + "\n")
        if key in allowed:
            return key
        sys.stderr.write(f"请按 {'、'.join(allowed)} 之一\n")


def decide(items, session):
    from bangongshi.model import Folder
    from bangongshi.services.plan import Decisions

    decisions = Decisions()
    if items:
        output.say("\n逐项决定（回车 = 带到次日）：" + "  ".join(f"[{k}]{v}" for k, v in CHOICES.items()))
    for item in items:
        key = _key(f"#{item.id} {item.title}：", "".join(CHOICES), "c")
        if key == "c":
            decisions.carried.append(item)
        elif key == "r":
            while True:
                phrase = _ask_line("  改到哪天（如 下周三、12月1日前）：")
                try:
                    session.parse_date(phrase, option="日期")
                    break
                except BgsError as error:
                    output.say(f"  {error.message}")
            decisions.reschedule[item.id] = phrase
        elif key == "t":
            decisions.move[item.id] = Folder.TODO if item.folder is Folder.TEMP else Folder.TEMP
            decisions.carried.append(item)
        elif key == "d":
            owed = result_required(item)
            result = _ask_line("  处理结果（要反馈，必填）：" if owed else "  处理结果（可留空）：")
            while owed and not result:
                result = _ask_line("  这件事要向交办人反馈，请写明结果：")
            if result and not _passphrase_for(item, session):
                decisions.carried.append(item)
                continue
            decisions.finish[item.id] = result or None
        elif key == "h":
            name = _ask_line("  移交给谁：")
            while not name:
                name = _ask_line("  请写接手人的名字：")
            if not _passphrase_for(item, session):
                decisions.carried.append(item)
                continue
            decisions.handoff[item.id] = name
    return decisions


def _passphrase_for(item, session) -> bool:
    """A locked item's result or receiver is sealed: ask for the passphrase now, during the review,
    rather than after it (the edge would run the whole command, review included, again)."""
    from bangongshi.cli import passphrase
    from bangongshi.services import locks

    if not item.locked or locks.has_run_passphrase(session):
        return True
    for _ in range(3):
        given = passphrase.ask(f"  #{item.id} 已加密，口令")
        if not given:
            break
        try:
            return locks.try_passphrase(session, given)
        except BgsError as error:
            output.say(f"  {error.message}")
    output.say(f"  #{item.id} 带到次日（口令未通过，未记下结果或移交）")
    return False


def edit_proposal(proposed: list, session) -> list | None:
    """Let the user add, remove and reorder. Returns the final list (items or new titles), or None."""
    entries = list(proposed)
    help_line = "回车保存；a 编号或新标题 = 加入；r 序号 = 移出；m 序号 位置 = 调整顺序；q = 放弃"
    while True:
        output.say("\n次日事项（草稿）：")
        for number, entry in enumerate(entries, start=1):
            output.say(f"  {number}. " + (f"#{entry.id} {entry.title}" if hasattr(entry, "id") else f"（新）{entry}"))
        command = _ask_line(help_line + "：")
        if not command:
            return entries
        verb, _, rest = command.partition(" ")
        rest = rest.strip()
        try:
            if verb == "q":
                return None
            if verb == "a" and rest:
                entries.append(_existing(rest, session) or rest)
            elif verb == "r" and rest.isdigit() and 1 <= int(rest) <= len(entries):
                entries.pop(int(rest) - 1)
            elif verb == "m" and len(rest.split()) == 2 and all(p.isdigit() for p in rest.split()):
                source, target = (int(p) for p in rest.split())
                if not (1 <= source <= len(entries) and 1 <= target <= len(entries)):
                    raise ValueError
                entries.insert(target - 1, entries.pop(source - 1))
            else:
                raise ValueError
        except ValueError:
            output.say("没看懂这条指令。" + help_line)
        except BgsError as error:
            output.say(error.message)


def _existing(text: str, session):
    from bangongshi.services import items as item_service

    digits = text.lstrip("#")
    if digits.isdigit():
        found = item_service.find(session, [int(digits)])[0]
        if not found.is_open:
            output.say(f"#{found.id} 已在 已处理")
            raise ValueError
        return found
    return None
