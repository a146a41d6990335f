"""The interactive part of `bgs plan tomorrow`: one key per item, then the proposal edited line by
line. Nothing is written until the user saves; Ctrl-C at any point saves nothing."""

import sys

import typer

from bangongshi.cli import output
from bangongshi.domain.follow import result_required
from bangongshi.errors import BadInput, BgsError

CHOICES = {"c": "带到次日", "r": "改期", "t": "换文件夹（临时/待办）", "d": "办结", "h": "移交他人", "x": "移出清单"}


def _ask_line(prompt: str) -> str:
    sys.stderr.write(prompt)
    sys.stderr.flush()
    line = sys.stdin.readline()
    if not line:
        raise KeyboardInterrupt
    return line.strip()


def _key(prompt, allowed: str, default: str) -> str:
    from bangongshi.render.lines import Styled

    while True:
        _say_lines([Styled.of(prompt).append("：")], end="")
        key = typer.getchar().lower()
        if key in ("\r", "\n"):
            key = default
        sys.stderr.write(key + "\n")
        if key in allowed:
            return key
        sys.stderr.write(f"请按 {'、'.join(allowed)} 之一\n")


def _say_lines(lines, end: str = "\n") -> None:
    """Review lines on stderr (beside the prompts), in colour when stderr is a terminal that takes it."""
    from bangongshi.render.lines import write

    write(lines, sys.stderr, end)


def decide(items, session):
    from bangongshi.model import Folder
    from bangongshi.render.plan import day_text, review_line
    from bangongshi.services.plan import Decisions

    decisions = Decisions()
    if items:
        output.say("\n逐项决定（回车 = 带到次日）：" + "  ".join(f"[{k}]{v}" for k, v in CHOICES.items()))
    for item in items:
        key = _key(review_line(item, session.now.date()), "".join(CHOICES), "c")
        if key == "c":
            decisions.carried.append(item)
        elif key == "r":
            while True:
                phrase = _ask_line("  改到哪天（如 下周三、12月1日前）：")
                try:
                    new_due = session.parse_date(phrase, option="日期").date
                    break
                except BgsError as error:
                    output.say(f"  {error.message}")
            decisions.reschedule[item.id] = phrase
            decisions.new_due[item.id] = new_due
            output.say(f"  #{item.id} 截止改到 {new_due.year}年{day_text(new_due)}（保存时生效；草稿按新日期排序）")
        elif key == "t":
            decisions.move[item.id] = Folder.TODO if item.folder is Folder.TEMP else Folder.TEMP
            decisions.carried.append(item)
            output.say(f"  #{item.id} 从 {item.folder.label} 移到 {decisions.move[item.id].label}，并带到次日（保存时生效）")
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


def choose(merge: str, mine: str, give_up: str) -> str:
    """m, o or q, after another window saved the same list (回车 = m: nothing of theirs is lost)."""
    return _key(f"[m]{merge}  [o]{mine}  [q]{give_up}（回车 = m）", "moq", "m")


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


def edit_proposal(proposed: list, session, target) -> list | None:
    """Let the user add, remove and reorder. Returns the final list (items or new titles), or None."""
    from bangongshi.render.lines import Styled
    from bangongshi.render.plan import review_line, target_text

    today = session.now.date()
    entries = list(proposed)
    help_line = "回车保存；a 编号或新标题 = 加入；r 序号 = 移出；m 序号 位置 = 调整顺序；q = 放弃"
    while True:
        lines = [f"\n次日事项（草稿，{target_text(target, today)}）："]
        lines += [review_line(entry, today, f"  {number}. ") if hasattr(entry, "id") else Styled(f"  {number}. （新）{entry}")
                  for number, entry in enumerate(entries, start=1)]
        _say_lines(lines)
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
            elif verb == "r" and rest:
                entries.pop(_position(rest, entries, "r", "移出"))
            elif verb == "m" and len(rest.split()) == 2:
                source, to = rest.split()
                source = _position(source, entries, "m", "移动")
                if not to.isdigit() or not 1 <= int(to) <= len(entries):
                    raise BadInput(f"要移到的位置是 1–{len(entries)} 之间的序号，如 m {source + 1} 1")
                entries.insert(int(to) - 1, entries.pop(source))
            else:
                raise ValueError
        except ValueError:
            output.say("没看懂这条指令。" + help_line)
        except BgsError as error:
            output.say(error.message)


def _position(text: str, entries: list, verb: str, action: str) -> int:
    """The index a position (「2」) or an id (「#23」) names; an id typed where a position is expected
    (「r 23」) is explained rather than refused with a bare 「没看懂」."""
    digits = text.lstrip("#")
    if not digits.isdigit():
        raise ValueError
    number = int(digits)
    where = next((n for n, e in enumerate(entries) if getattr(e, "id", None) == number), None)
    if text.startswith("#"):
        if where is None:
            raise BadInput(f"#{number} 不在草稿里")
        return where
    if 1 <= number <= len(entries):
        return number - 1
    if where is not None:
        raise BadInput(f"{verb} 后面写序号（1–{len(entries)}），不是编号：#{number} 是第 {where + 1} 项，"
                       f"要{action}它请输入 {verb} {where + 1}（或 {verb} #{number}）")
    raise BadInput(f"草稿里没有第 {number} 项（共 {len(entries)} 项）：{verb} 后面写序号，如 {verb} 1")


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
