"""The one clock. Everything that needs "now" asks here once and passes the value down."""

import os
from datetime import datetime, tzinfo

from bangongshi.errors import BadInput
from bangongshi.limits import day as in_range

DEFAULT_TIMEZONE = "Asia/Shanghai"
NOW_ENV = "BANGONGSHI_NOW"

_zones: dict[str, tzinfo] = {}


def office_zone(name: str = DEFAULT_TIMEZONE) -> tzinfo:
    if name not in _zones:
        from zoneinfo import ZoneInfo

        _zones[name] = ZoneInfo(name)
    return _zones[name]


def now(zone: tzinfo | None = None) -> datetime:
    """Aware "now" in the office zone; BANGONGSHI_NOW (ISO, read in that zone) fixes it."""
    zone = zone or office_zone()
    fixed = os.environ.get(NOW_ENV)
    if fixed:
        try:
            moment = datetime.fromisoformat(fixed.strip())
        except ValueError:
            raise BadInput(
                f"环境变量 {NOW_ENV} 的值「{fixed}」不是 ISO 时间，例如：2026-11-20T10:00"
            ) from None
        in_range(moment, f"环境变量 {NOW_ENV} 的日期")
        if moment.tzinfo is None:
            return moment.replace(tzinfo=zone)
        return moment.astimezone(zone)
    return datetime.now(zone).replace(microsecond=0)


def stamp(moment: datetime) -> str:
    """The one stored datetime format: ISO 8601 to the second, with the UTC offset."""
    return moment.replace(microsecond=0).isoformat()
