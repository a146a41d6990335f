"""`bgs backup`, `bgs restore`, `bgs doctor`."""

import sys
from typing import Annotated, Optional

import typer

from bangongshi.cli import adapter, output
from bangongshi.cli.context import session, state
from bangongshi.cli.options import TableJsonFormat, examples
from bangongshi.errors import BadInput, BgsError

app = typer.Typer()


@app.command("backup", epilog=examples(
    "bgs backup  # 放进数据目录下的 backups/",
    "bgs backup /media/u盘/备份",
))
def backup(ctx: typer.Context,
           directory: Annotated[Optional[str], typer.Argument(metavar="DIR", help="备份目录（默认数据目录下的 backups/）")] = None) -> None:
    """备份数据：运行中也能得到一致的副本（SQLite 备份接口），只保留最近几份（设置 backup_keep）。"""
    from bangongshi.services import backup as backups

    s = session(ctx)
    made, pruned = backups.backup(s, directory, s.settings.backup_keep)
    output.data(str(made))
    output.say(f"已备份到 {made}" + (f"；删除了 {len(pruned)} 份较早的备份" if pruned else ""))


@app.command("restore", epilog=examples(
    "bgs restore 备份文件.db --dry-run  # 先检查",
    "bgs restore 备份文件.db",
))
def restore(ctx: typer.Context,
            file: Annotated[str, typer.Argument(metavar="FILE", help="备份文件")],
            dry_run: Annotated[bool, typer.Option("--dry-run", help="只检查并说明会做什么")] = False,
            yes: Annotated[bool, typer.Option("--yes", "-y", help="不再确认")] = False) -> None:
    """从备份恢复：先检查文件，再把当前数据另存一份（损坏得打不开的数据文件整个移到 backups/ 保留），然后恢复。"""
    from bangongshi.services import backup as backups
    from bangongshi.services.opening import locate_store

    state(ctx).config_optional = True
    path, now = locate_store(state(ctx).db)
    if not dry_run and not yes:
        checked = backups.restore(path, now, file, dry_run=True).check
        if not sys.stdin.isatty():
            raise BadInput("恢复会替换当前数据：没有终端可以确认，请加 --yes（当前数据会先另存一份）")
        if not adapter.confirm(f"用「{checked.path.name}」（{checked.items} 个事项）替换当前数据？"):
            output.say("未恢复")
            return
    done = backups.restore(path, now, file, dry_run)
    what = f"「{done.check.path}」：数据版本 {done.check.version}，{done.check.items} 个事项"
    folder = backups.backup_dir(path)
    if dry_run:
        kept = (f"当前数据文件已损坏（{done.damaged}），会整个移到 {folder} 保留" if done.damaged
                else f"当前数据会先另存到 {folder}")
        output.say(f"可以恢复{what}；{kept}（--dry-run：什么都没有改）")
        return
    kept = (f"原来的数据文件已损坏，已移到 {done.safety_copy} 保留" if done.damaged
            else f"恢复前的数据另存在 {done.safety_copy}")
    output.say(f"已从{what} 恢复；{kept}"
               + (f"；已从数据版本 {done.upgraded_from} 升级" if done.upgraded_from is not None else ""))


@app.command("doctor", epilog=examples(
    "bgs doctor",
    "bgs doctor --unlock  # 连加密数据一起检查",
))
def doctor(ctx: typer.Context,
           fmt: TableJsonFormat = "table",
           unlock: Annotated[bool, typer.Option("--unlock", help="用口令逐个打开全部加密数据（并把旧格式重新加密）")] = False,
           ) -> None:
    """体检：数据完整性、数据版本、文件权限、备份、设置、明年的放假安排、提醒的定时运行；全部正常时退出码为 0。"""
    from bangongshi.formats.json import to_json
    from bangongshi.render import text as views
    from bangongshi.services import backup as backups

    state(ctx).config_optional = True
    checked, found, warnings = backups.doctor(session(ctx), unlock)
    output.show((checked, found, warnings), fmt, {"json": lambda r: to_json(views.doctor_object(*r)),
                                                  "table": lambda r: views.doctor_lines(*r)})
    if found:
        # Storage problems are exit 5; the rest (settings, calendar) need the user's input: 2.
        raise DoctorFound(5 if any(f.area == "storage" for f in found) else 2)


class DoctorFound(BgsError):
    def __init__(self, code: int):
        super().__init__("体检发现问题（见上）")
        self.exit_code = code
