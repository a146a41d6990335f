"""The office registers (issue #23): `bgs doc` (收文/发文 登记簿), `bgs call`, `bgs visit`, `bgs contacts`
(来电来访), `bgs people` (the people registry)."""

from typing import Annotated, Optional

import typer

from bangongshi.cli import calls, output
from bangongshi.cli.context import session, state
from bangongshi.cli.options import (RawOption, TableJsonFormat, checked, choice_option, declared, examples,
                                    format_option, raw_format)
from bangongshi.cli.params import Choice, coded
from bangongshi.errors import BadInput
from bangongshi.model.registers import ContactKind, Role, Urgency

app = typer.Typer()
doc = typer.Typer(help="收文、发文登记簿：登记、编号（发文字号）、作废、查看、统计，登记时按模板生成办理事项。",
                  epilog=examples(
                      "bgs doc in \"关于做好冬季安全生产工作的通知\" --from 县政办 --number 县政办发〔2026〕12号",
                      "bgs doc out \"关于开展安全检查的通知\" --to 各乡镇人民政府 --due 下周五",
                      "bgs doc list --year 2026 --format xlsx -o 收文登记簿.xlsx",
                  ))
people = typer.Typer(help="人员名录：同事和领导（职务、排序），来电来访和登记簿里可以直接写名字。",
                     epilog=examples(
                         "bgs people add 王局长 --role 领导 --title 局长 --order 1 --phone 13800000000",
                         "bgs people add 张三 --unit 教育科",
                         "bgs people list",
                     ))


def _secrecy(value: str) -> str:
    from bangongshi.services.registers import secrecy

    if not value.strip():
        raise BadInput("请写密级：无、秘密、机密")
    secrecy(value)
    return value


SECRECY = Choice("密级", {"无": "", "秘密": "只登记元数据，加密保存", "机密": "同秘密"}, _secrecy,
                 note="绝密文件不得在本工具登记")
URGENCY = coded("紧急程度", Urgency, "紧急程度")
DIRECTION = Choice("登记簿", {"收文": "", "发文": ""}, lambda v: _direction(v))
ROLE = coded("身份", Role, "身份")
KIND = coded("类别", ContactKind, "类别")
LIST_FORMATS = ("table", "json", "csv", "xlsx")
FormatOption = format_option(("table", "json", "csv"))
SecrecyOption = Annotated[Optional[str], choice_option("--secrecy", "-m", choice=SECRECY, metavar="LEVEL")]
UrgencyOption = Annotated[Optional[str], choice_option("--urgency", "-j", choice=URGENCY, metavar="LEVEL")]
TitleArgument = Annotated[list[str], typer.Argument(help="标题", metavar="TITLE")]
RefArgument = Annotated[str, typer.Argument(help="登记号（D3）、收文编号、发文字号、来文文号或事项号（#12）", metavar="REF")]
CopiesOption = Annotated[Optional[int], typer.Option("--copies", metavar="N", help="份数")]
NoteOption = Annotated[Optional[str], typer.Option("--note", metavar="TEXT", help="备注（涉密文件不可写）")]
UnlockOption = Annotated[bool, typer.Option("--unlock", help="显示涉密文件的标题和意见（需要口令）")]


def _direction(value: str) -> str:
    from bangongshi.model.registers import Direction

    return Direction.parse(value, "登记簿").code


def _service():
    from bangongshi.services import registers

    return registers


def _views():
    from bangongshi.render import registers

    return registers


def _registered(s, registered, fmt: str) -> None:
    views = _views()
    if fmt == "table":
        output.notices(s.notices)
        output.data(registered.entry.ref)
        for line in views.registered_lines(registered):
            output.say(line)
        return
    output.notices(s.notices)
    from bangongshi.formats.json import to_json

    if fmt == "json":
        output.data(to_json(views.registered_object(registered)))
    else:
        _csv([views.entry_object(_view(registered))])


def _view(registered):
    from bangongshi.model.registers import EntryView

    return EntryView(registered.entry, registered.anchor, registered.steps)


def _csv(objects: list[dict], raw: bool = False) -> None:
    from bangongshi.formats.csv import to_csv
    from bangongshi.formats.registers import ENTRY_KEYS, flat

    output.data(to_csv([flat(o) for o in objects], ENTRY_KEYS, raw=raw))


@doc.command("in", epilog=examples(
    "bgs doc in \"关于做好冬季安全生产工作的通知\" --from 县政办 --number 县政办发〔2026〕12号 --due 12月10日前",
    "bgs doc in \"关于防汛工作的紧急通知\" --from 市应急局 --urgency 特急 --instruction \"王局长：请张科长牵头办理\"",
    "bgs doc in \"关于干部调整的通知\" --from 市委组织部 --secrecy 秘密  # 只登记元数据，加密",
))
def doc_in(
    ctx: typer.Context, title: TitleArgument,
    unit: Annotated[Optional[str], typer.Option("--from", metavar="UNIT", help="来文单位")] = None,
    doc_number: Annotated[Optional[str], typer.Option("--number", metavar="文号", help="来文文号，如 县政办发〔2026〕12号（[] 【】 () 也认）")] = None,
    secrecy: SecrecyOption = None,
    urgency: UrgencyOption = None,
    received: Annotated[Optional[str], typer.Option("--date", metavar="DATE", help="收文日期（默认今天）")] = None,
    copies: CopiesOption = None,
    deadline: Annotated[Optional[str], typer.Option("--due", metavar="DATE", help="办理时限（默认按紧急程度：特急1、加急3、平急5、其他10个工作日）")] = None,
    proposal: Annotated[Optional[str], typer.Option("--proposal", metavar="TEXT", help="拟办意见")] = None,
    instruction: Annotated[Optional[str], typer.Option("--instruction", metavar="TEXT", help="领导批示（有批示即督办，批示领导为交办人）")] = None,
    leader: Annotated[Optional[str], typer.Option("--leader", metavar="NAME", help="批示领导")] = None,
    handler: Annotated[Optional[str], typer.Option("--handler", metavar="NAME", help="承办人")] = None,
    note: NoteOption = None,
    fmt: FormatOption = "table",
) -> None:
    """收文登记：自动给收文编号，按「收文办理」模板生成办理事项和步骤。"""
    from bangongshi.services.registers import DocInput

    s = session(ctx)
    given = DocInput(title=" ".join(title), unit=unit, doc_number=doc_number, secrecy=secrecy, urgency=urgency,
                     received=received, copies=copies, deadline=deadline, proposal=proposal, instruction=instruction,
                     leader=leader, handler=handler, note=note)
    _registered(s, _service().register_in(s, given), fmt)


@doc.command("out", epilog=examples(
    "bgs doc out \"关于开展安全检查的通知\" --to 各乡镇人民政府 --cc 县安委会成员单位 --due 下周五",
    "bgs doc out \"关于召开全县工作会议的通知\" --prefix 县政办函 --reserve  # 先预留发文字号",
))
def doc_out(
    ctx: typer.Context, title: TitleArgument,
    prefix: Annotated[Optional[str], typer.Option("--prefix", metavar="代字", help="机关代字（config.yaml registers.prefixes；只有一个时可不写）")] = None,
    main_to: Annotated[Optional[str], typer.Option("--to", metavar="TEXT", help="主送")] = None,
    copy_to: Annotated[Optional[str], typer.Option("--cc", metavar="TEXT", help="抄送")] = None,
    secrecy: SecrecyOption = None,
    urgency: UrgencyOption = None,
    issued: Annotated[Optional[str], typer.Option("--issued", metavar="DATE", help="印发日期")] = None,
    copies: CopiesOption = None,
    drafter: Annotated[Optional[str], typer.Option("--drafter", metavar="NAME", help="拟稿人")] = None,
    checker: Annotated[Optional[str], typer.Option("--checker", metavar="NAME", help="核稿人")] = None,
    signer: Annotated[Optional[str], typer.Option("--signer", metavar="NAME", help="签发人")] = None,
    deadline: Annotated[Optional[str], typer.Option("--due", metavar="DATE", help="印发时限（默认按紧急程度）")] = None,
    reserve: Annotated[bool, typer.Option("--reserve", help="现在就预留发文字号（否则到编号一步 bgs doc number）")] = False,
    note: NoteOption = None,
    fmt: FormatOption = "table",
) -> None:
    """发文登记：按「发文办理」模板生成起草到归档的各步；发文字号在编号时给出（或 --reserve 预留）。"""
    from bangongshi.services.registers import DocInput

    s = session(ctx)
    given = DocInput(title=" ".join(title), prefix=prefix, main_to=main_to, copy_to=copy_to, secrecy=secrecy,
                     urgency=urgency, issued=issued, copies=copies, drafter=drafter, checker=checker, signer=signer,
                     deadline=deadline, reserve=reserve, note=note)
    _registered(s, _service().register_out(s, given), fmt)


@doc.command("number", epilog=examples(
    "bgs doc number D5  # 给 D5 编发文字号（用掉预留的号，或取下一个）",
    "bgs doc number D5 --reserve  # 只预留",
    "bgs doc number D5 --use 县政办发〔2026〕38号  # 用先前 bgs doc reserve 预留的号",
))
def doc_number(ctx: typer.Context, ref: RefArgument,
               reserve: Annotated[bool, typer.Option("--reserve", help="只预留，不算用掉")] = False,
               use: Annotated[Optional[str], typer.Option("--use", metavar="NUMBER", help="用一个预留的发文字号")] = None,
               fmt: TableJsonFormat = "table") -> None:
    """发文编号：按机关代字和年份取下一个发文字号，不跳号、不重号。"""
    s = session(ctx)
    if use and reserve:
        raise BadInput("--use 和 --reserve 只能选一个")
    entry = _service().use(s, ref, use) if use else _service().number(s, ref, reserve)
    _entry_out(s, entry, fmt, f"{entry.ref} 发文字号：{entry.number.text}（{entry.number.status.label}）")


@doc.command("reserve", epilog=examples(
    "bgs doc reserve  # 预留下一个发文字号",
    "bgs doc reserve --prefix 县政办函 --count 3",
))
def doc_reserve(ctx: typer.Context,
                prefix: Annotated[Optional[str], typer.Option("--prefix", metavar="代字", help="机关代字")] = None,
                count: Annotated[int, typer.Option("--count", "-n", metavar="N", help="预留几个")] = 1,
                fmt: TableJsonFormat = "table") -> None:
    """预留发文字号（还没有登记发文时）：以后 bgs doc out 后用 bgs doc number D? --use 号 使用。"""
    s = session(ctx)
    taken = _service().reserve(s, prefix, count)
    if fmt == "json":
        from bangongshi.formats.json import to_json
        from bangongshi.formats.registers import number_object

        output.data(to_json([number_object(n) for n in taken]))
        return
    for number in taken:
        output.data(number.text)
    output.say(f"已预留 {len(taken)} 个发文字号")


@doc.command("void", epilog=examples(
    "bgs doc void 县政办发〔2026〕12号 --reason 印错份数，重新编号",
    "bgs doc void D7 --reason 重复登记",
))
def doc_void(ctx: typer.Context,
             target: Annotated[str, typer.Argument(help="要作废的编号（发文字号、收文编号）或登记号（D7）", metavar="NUMBER|REF")],
             reason: Annotated[Optional[str], typer.Option("--reason", "-r", metavar="TEXT", help="作废原因（必填）")] = None,
             fmt: TableJsonFormat = "table") -> None:
    """作废：编号保留在登记簿里、标明作废和原因，永不再用；作废收文同时办结它的事项。"""
    s = session(ctx)
    entry, number = _service().void(s, target, reason)
    said = "、".join(x for x in (number.text if number else "", entry.ref if entry and entry.status.code == "void" else "") if x)
    _entry_out(s, entry, fmt, f"已作废 {said}：{(number.reason if number else entry.void_reason)}", number=number)


def _entry_out(s, entry, fmt: str, said: str, number=None) -> None:
    output.notices(s.notices)
    if fmt == "json":
        from bangongshi.formats.json import to_json
        from bangongshi.formats.registers import entry_object, number_object

        obj = entry_object(_service().find(s, entry.ref)) if entry is not None else None
        if number is not None and entry is None:
            obj = number_object(number)
        output.data(to_json(obj))
        return
    output.say(said)


@doc.command("show", epilog=examples(
    "bgs doc show D3",
    "bgs doc show 收〔2026〕37号",
    "bgs doc show 县政办发[2026]12号  # 按来文文号找",
))
def doc_show(ctx: typer.Context, ref: RefArgument, fmt: TableJsonFormat = "table", unlock: UnlockOption = False) -> None:
    """查看一条登记：全部字段、它的事项和办理进度。"""
    s = session(ctx)
    view = _service().find(s, ref, unlock)
    views = _views()
    from bangongshi.formats.json import to_json

    output.show(view, fmt, {"table": views.detail_lines, "json": lambda v: to_json(views.entry_object(v))})


@doc.command("list", epilog=examples(
    "bgs doc list --year 2026 --from 县政办",
    "bgs doc list --search 县政办发〔2026〕12号",
    "bgs doc list 发文 --year 2026 --format xlsx -o 发文登记簿.xlsx",
))
def doc_list(
    ctx: typer.Context,
    direction: Annotated[Optional[str], typer.Argument(help=f"{DIRECTION.help}；默认两者", metavar="REGISTER",
                                                       callback=checked(DIRECTION))] = None,
    year: Annotated[Optional[int], typer.Option("--year", "-y", metavar="YEAR", help="年份")] = None,
    unit: Annotated[Optional[str], typer.Option("--from", metavar="UNIT", help="来文单位（或主送）含这几个字")] = None,
    search: Annotated[Optional[str], typer.Option("--search", "-s", metavar="TEXT", help="在标题、文号、编号中查找（文号的括号写法不限）")] = None,
    secrecy: SecrecyOption = None,
    fmt: Annotated[str, choice_option("--format", "-f", choice=Choice("输出格式", {"table": "表格", "json": "", "csv": "", "xlsx": "登记簿样式，需要 -o"}, lambda v: _list_format(v)), metavar="FORMAT")] = "table",
    out: Annotated[Optional[str], typer.Option("--output", "-o", metavar="PATH", help="写入文件（xlsx 必须）")] = None,
    unlock: UnlockOption = False,
    raw: RawOption = False,
) -> None:
    """列出登记簿（默认收文和发文，含作废的行）；xlsx 是可打印的登记簿。"""
    raw_format(raw, fmt, ("csv", "xlsx"))
    if fmt == "xlsx" and not out:
        raise BadInput("--format xlsx 需要 -o 文件路径，例如 -o 收文登记簿.xlsx")
    if out and fmt != "xlsx":
        raise BadInput("-o 只用于 --format xlsx（其他格式输出到屏幕，可用 > 重定向）")
    service = _service()
    s = session(ctx)
    found = service.listing(s, service.ListInput(direction=direction, year=year, unit=unit, search=search,
                                                 secrecy=secrecy), unlock)
    views = _views()
    if fmt == "xlsx":
        path, private = service.sheet(s, found, out, year, raw)
        output.notices(s.notices)
        output.say(f"已写入 {path}（{len(found)} 行）" + ("；含涉密文件的标题，文件只有你能读，用完请删除" if private else ""))
        return
    output.notices(s.notices)
    if fmt == "csv":
        _csv([views.entry_object(v) for v in found], raw)
        return
    from bangongshi.formats.json import to_json

    if fmt == "json":
        output.data(to_json([views.entry_object(v) for v in found]))
        return
    from bangongshi.render.table import print_table

    header, rows = views.list_rows(found)
    if not rows:
        output.say("没有符合条件的登记")
        return
    print_table(header, rows, "标题", right=(), droppable=("来文单位/主送", "时限", "紧急", "密级"))


def _list_format(value: str) -> str:
    from bangongshi.cli.params import output_format

    return output_format(value, LIST_FORMATS)


@doc.command("stats", epilog=examples(
    "bgs doc stats 2026",
    "bgs doc stats --format json",
))
def doc_stats(ctx: typer.Context,
              year: Annotated[Optional[int], typer.Argument(metavar="YEAR", help="年份（默认今年）")] = None,
              fmt: TableJsonFormat = "table") -> None:
    """年终统计：收文、发文件数，按来文单位、按密级，发文字号用到第几号。"""
    s = session(ctx)
    stats = _service().stats(s, year or s.now.year)
    views = _views()
    from bangongshi.formats.json import to_json

    output.show(stats, fmt, {"table": views.stats_lines, "json": lambda x: to_json(views.stats_object(x))})


@doc.command("numbers", epilog=examples(
    "bgs doc numbers  # 今年给出的全部编号：已用、预留、作废",
    "bgs doc numbers 2026 --format json",
))
def doc_numbers(ctx: typer.Context,
                year: Annotated[Optional[int], typer.Argument(metavar="YEAR", help="年份（默认今年）")] = None,
                fmt: TableJsonFormat = "table") -> None:
    """编号台账：每个号的状态（已用、预留、作废及原因），不跳号、不重号。"""
    s = session(ctx)
    found = _service().numbers(s, year)
    from bangongshi.formats.json import to_json
    from bangongshi.formats.registers import number_object

    output.show(found, fmt, {
        "table": lambda ns: [f"{n.text}  {n.status.label}" + (f"（{n.reason}）" if n.reason else "")
                             + (f"  D{n.register_id}" if n.register_id else "") for n in ns] or ["今年还没有给出编号"],
        "json": lambda ns: to_json([number_object(n) for n in ns])})


@app.command("call", epilog=examples(
    "bgs call 王局长 \"明天的会改到下午三点\"",
    "bgs call 李主任 \"周五前报送安全检查情况\" --unit 市政府办 --todo --due 周五",
    "bgs call 张科长 \"请协调会场\" --temp --follow --handling 已答应",
))
@declared(calls.CALL)
def call(ctx: typer.Context, **values) -> None:
    """记一次来电（时间、来电人、单位、电话、内容、处理情况）；--todo/--temp 同时记成事项。"""
    calls.record(state(ctx), ContactKind.CALL, values)


@app.command("visit", epilog=examples(
    "bgs visit 张科长 \"商量迎检方案\" --unit 教育局 --count 2",
    "bgs visit 群众代表 \"反映道路施工噪音\" --count 5 --todo --follow",
))
@declared(calls.VISIT)
def visit(ctx: typer.Context, **values) -> None:
    """记一次来访（来访人、单位、人数、事由、接待人）；--todo/--temp 同时记成事项。"""
    calls.record(state(ctx), ContactKind.VISIT, values)


@app.command("contacts", epilog=examples(
    "bgs contacts  # 今天的来电来访",
    "bgs contacts --since 本月1日 --until 今天 --kind 来电",
    "bgs contacts --since 2026-01-01 --format csv  # 给表格程序",
))
def contacts(ctx: typer.Context,
             since: Annotated[Optional[str], typer.Option("--since", metavar="DATE", help="从哪天起（默认今天）")] = None,
             until: Annotated[Optional[str], typer.Option("--until", metavar="DATE", help="到哪天止（含）")] = None,
             kind: Annotated[Optional[str], choice_option("--kind", choice=KIND, metavar="KIND")] = None,
             search: Annotated[Optional[str], typer.Option("--search", "-s", metavar="TEXT", help="在人名、单位、内容中查找")] = None,
             fmt: FormatOption = "table", raw: RawOption = False) -> None:
    """来电来访记录：任意一段时间。"""
    raw_format(raw, fmt)
    from bangongshi.services import contacts as service

    s = session(ctx)
    found, period = service.listing(s, since, until, kind, search)
    views = _views()
    from bangongshi.formats.csv import to_csv
    from bangongshi.formats.json import to_json
    from bangongshi.formats.registers import CONTACT_KEYS

    output.show(found, fmt, {"table": lambda cs: views.contact_lines(cs, period),
                             "json": lambda cs: to_json([views.contact_object(c) for c in cs]),
                             "csv": lambda cs: to_csv([views.contact_object(c) for c in cs], CONTACT_KEYS, raw=raw)})


# --- people -------------------------------------------------------------------------------------

NameArgument = Annotated[str, typer.Argument(help="名字", metavar="NAME")]
UnitOption = Annotated[Optional[str], typer.Option("--unit", metavar="TEXT", help="单位、科室")]
PhoneOption = Annotated[Optional[str], typer.Option("--phone", metavar="NUMBER", help="电话")]
RoleOption = Annotated[Optional[str], choice_option("--role", choice=ROLE, metavar="ROLE")]
TitleOption = Annotated[Optional[str], typer.Option("--title", metavar="TEXT", help="职务，如 局长")]
OrderOption = Annotated[Optional[int], typer.Option("--order", metavar="N", help="领导排序：1 排在最前")]
PersonNoteOption = Annotated[Optional[str], typer.Option("--note", metavar="TEXT", help="备注")]
CaldavOption = Annotated[Optional[str], typer.Option(
    "--caldav", metavar="URL", help="与此人共享督办的 CalDAV 集合地址（交办给他的事项放在那里；空字符串取消）")]
CaldavUserOption = Annotated[Optional[str], typer.Option(
    "--caldav-user", metavar="USER", help="本机访问该集合用的账号（默认 bgs sync setup 的账号；密码同样取自钥匙串或环境变量）")]
ChannelOption = Annotated[Optional[str], typer.Option(
    "--channel", metavar="NAME", help="值班提醒发到此人的渠道：设置 remind.channels 中的名字（bgs duty，docs/leaders.md）")]


def _person_out(person, fmt: str, said: str) -> None:
    from bangongshi.formats.json import to_json

    if fmt == "json":
        output.data(to_json(_views().person_object(person)))
    else:
        output.say(said)


@people.command("add", epilog=examples(
    "bgs people add 王局长 --role 领导 --title 局长 --order 1 --phone 13800000000",
    "bgs people add 张三 --unit 教育科 --phone 0000-1234567",
    "bgs people add 张三 --caldav https://dav.example.cn/shared/mishu-zhangsan/",
))
def people_add(ctx: typer.Context, name: NameArgument, unit: UnitOption = None, phone: PhoneOption = None,
               role: RoleOption = None, title: TitleOption = None, order: OrderOption = None,
               note: PersonNoteOption = None, caldav: CaldavOption = None, caldav_user: CaldavUserOption = None,
               channel: ChannelOption = None, fmt: TableJsonFormat = "table") -> None:
    """登记一个人（同事或领导）。"""
    from bangongshi.services import people as service

    person = service.add(session(ctx), service.PersonInput(name=name, unit=unit, phone=phone, role=role, title=title,
                                                           precedence=order, note=note, caldav_url=caldav,
                                                           caldav_user=caldav_user, channel=channel))
    _person_out(person, fmt, f"已登记 {person.name}（{person.role.label}）")


@people.command("edit", epilog=examples(
    "bgs people edit 张三 --phone 13900000000",
    "bgs people edit 李副局长 --role 领导 --order 2",
    "bgs people edit 张三 --caldav https://dav.example.cn/shared/mishu-zhangsan/ --caldav-user mishu",
))
def people_edit(ctx: typer.Context, name: NameArgument,
                new_name: Annotated[Optional[str], typer.Option("--name", metavar="NAME", help="改名")] = None,
                unit: UnitOption = None, phone: PhoneOption = None, role: RoleOption = None, title: TitleOption = None,
                order: OrderOption = None, note: PersonNoteOption = None, caldav: CaldavOption = None,
                caldav_user: CaldavUserOption = None, channel: ChannelOption = None,
                fmt: TableJsonFormat = "table") -> None:
    """修改一个人的单位、电话、身份、职务、排序、值班提醒渠道或共享督办的 CalDAV 集合。"""
    from bangongshi.services import people as service

    person = service.edit(session(ctx), name, service.PersonInput(name=new_name, unit=unit, phone=phone, role=role,
                                                                  title=title, precedence=order, note=note,
                                                                  caldav_url=caldav, caldav_user=caldav_user,
                                                                  channel=channel))
    _person_out(person, fmt, f"已修改 {person.name}")


@people.command("remove", epilog=examples(
    "bgs people remove 张三  # 只从名录删除，已记的事项和登记不变",
))
def people_remove(ctx: typer.Context, name: NameArgument, fmt: TableJsonFormat = "table") -> None:
    """从名录删除一个人（bgs undo 可恢复）。"""
    from bangongshi.services import people as service

    person = service.remove(session(ctx), name)
    _person_out(person, fmt, f"已从名录删除 {person.name}（已记的事项和登记中的名字不变）")


@people.command("list", epilog=examples(
    "bgs people list",
    "bgs people list --role 领导 --format json",
))
def people_list(ctx: typer.Context, role: RoleOption = None, fmt: FormatOption = "table") -> None:
    """名录：领导按排序在前，其余按单位、名字。"""
    from bangongshi.services import people as service

    found = service.listing(session(ctx), role)
    views = _views()
    from bangongshi.formats.csv import to_csv
    from bangongshi.formats.json import to_json
    from bangongshi.formats.registers import PERSON_KEYS

    output.show(found, fmt, {"table": views.people_lines,
                             "json": lambda ps: to_json([views.person_object(p) for p in ps]),
                             "csv": lambda ps: to_csv([views.person_object(p) for p in ps], PERSON_KEYS)})

