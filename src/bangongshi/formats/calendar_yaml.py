"""Our calendar YAML file (docs/calendar.md, examples/calendar-2027.yaml): read and written here.

    years:
      2027:
        元旦: {rest: 2027-01-01 ~ 2027-01-03}
        春节: {rest: 2027-02-05 ~ 2027-02-11, work: [2027-01-31, 2027-02-20]}
    local:
      2026-12-31: {rest: 单位年休}
      2027-01-09: {work: 值班}

yaml is imported only here, and only when such a file is read or written.
"""

from datetime import date, timedelta

from bangongshi.domain.calendar import LocalDay, YearSchedule
from bangongshi.errors import BadInput


def read_calendar_yaml(text: str, source_name: str) -> tuple[list[YearSchedule], list[LocalDay]]:
    from bangongshi.yamlfile import compose

    root = compose(text, source_name)
    if root is None:
        raise BadInput(f"{source_name} 是空文件")
    reader = _Reader(source_name)
    top = reader.mapping(root)
    unknown = set(top) - {"years", "local"}
    if unknown:
        key = sorted(unknown)[0]
        raise reader.error(top[key][0], f"不认识的键「{key}」，只能是 years 或 local")
    schedules = [reader.year(k, v) for k, v in reader.mapping(top["years"][1]).items()] if "years" in top else []
    local = []
    if "local" in top:
        for key, (key_node, value) in reader.mapping(top["local"][1]).items():
            day = reader.one_day(key, key_node)
            kinds = reader.mapping(value)
            if set(kinds) - {"rest", "work"} or len(kinds) != 1:
                raise reader.error(value, "本单位的特殊日写作 {rest: 名称} 或 {work: 名称}")
            kind, (_, name_node) = next(iter(kinds.items()))
            local.append(LocalDay(day, kind == "work", reader.scalar(name_node)))
    if not schedules and not local:
        raise BadInput(f"{source_name} 里既没有 years 也没有 local")
    return schedules, local


class _Reader:
    def __init__(self, source_name: str):
        self.source_name = source_name

    def error(self, node, why: str) -> BadInput:
        return BadInput(f"{self.source_name} 第 {node.start_mark.line + 1} 行：{why}")

    def mapping(self, node) -> dict:
        import yaml

        if not isinstance(node, yaml.MappingNode):
            raise self.error(node, "这里应该是「键: 值」的映射")
        return {self.scalar(k): (k, v) for k, v in node.value}

    def scalar(self, node) -> str:
        import yaml

        if not isinstance(node, yaml.ScalarNode):
            raise self.error(node, "这里应该是一个值")
        return str(node.value).strip()

    def one_day(self, text: str, node) -> date:
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise self.error(node, f"「{text}」不是 YYYY-MM-DD 日期") from None

    def days(self, node) -> list[date]:
        import yaml

        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        days = []
        for item in items:
            text = self.scalar(item)
            first, _, last = (part.strip() for part in text.replace("..", "~").partition("~"))
            start = self.one_day(first, item)
            end = self.one_day(last, item) if last else start
            if end < start or (end - start).days > 31:
                raise self.error(item, f"日期范围「{text}」颠倒或超过一个月")
            days += [start + timedelta(days=n) for n in range((end - start).days + 1)]
        return days

    def year(self, key: str, entry) -> YearSchedule:
        key_node, value = entry
        if not key.isdigit() or len(key) != 4:
            raise self.error(key_node, f"「{key}」不是年份")
        year = int(key)
        schedule = YearSchedule(year, {}, {})
        for name, (name_node, spec) in self.mapping(value).items():
            parts = self.mapping(spec)
            if not parts or set(parts) - {"rest", "work"}:
                raise self.error(name_node, f"「{name}」下只能有 rest（放假）和 work（上班）")
            for kind, (_, days_node) in parts.items():
                for day in self.days(days_node):
                    if day.year != year and not (day.year == year - 1 and day.month == 12):
                        raise self.error(days_node, f"{day.isoformat()} 不在 {year} 年内")
                    target = schedule.rest if kind == "rest" else schedule.work
                    other = schedule.work if kind == "rest" else schedule.rest
                    if day in other:
                        raise self.error(days_node, f"{day.isoformat()} 既是放假又是上班")
                    target[day] = name
        return schedule


def write_calendar_yaml(schedules: list[YearSchedule], local: list[LocalDay]) -> str:
    """Our own format, ranges folded, in a stable order; read back by read_calendar_yaml."""
    lines = ["# 办公室助手日历文件：bgs cal load 本文件", ""]
    if schedules:
        lines.append("years:")
        for schedule in sorted(schedules, key=lambda s: s.year):
            lines.append(f"  {schedule.year}:")
            names = dict.fromkeys(n for _, n in sorted({**schedule.rest, **schedule.work}.items()))
            for name in names:
                parts = []
                for kind, source in (("rest", schedule.rest), ("work", schedule.work)):
                    days = sorted(d for d, n in source.items() if n == name)
                    if days:
                        parts.append(f"{kind}: [{', '.join(_ranges(days))}]")
                lines.append(f"    {_quote(name)}: {{{', '.join(parts)}}}")
    if local:
        lines.append("local:")
        for day in sorted(local, key=lambda d: d.date):
            lines.append(f"  {day.date.isoformat()}: {{{'work' if day.workday else 'rest'}: {_quote(day.name)}}}")
    return "\n".join(lines) + "\n"


def _ranges(days: list[date]) -> list[str]:
    runs: list[list[date]] = []
    for day in days:
        if runs and day - runs[-1][-1] == timedelta(days=1):
            runs[-1].append(day)
        else:
            runs.append([day])
    return [r[0].isoformat() if len(r) == 1 else f"{r[0].isoformat()} ~ {r[-1].isoformat()}" for r in runs]


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
