"""Codecs between model records and outside files, one module per format, reader and writer side by
side: json, csv, xlsx, markdown, ics (also for calendar sync), taskwarrior, yaml_items (our item
file), calendar_yaml (our calendar file), notice (the State Council's holiday notice), caldav
(items and rules as CalDAV objects), remind_message (reminder bodies for chat robots), schedule_files
(systemd/launchd/Task Scheduler/crontab text), encoding (UTF-8 or GB18030 input), visible (control
characters shown, not obeyed).

Readers return plain objects keyed like the JSON contract (or records), each with where it came from
("第 3 行"), so that the import service validates them all before writing any. Formats import only
model, domain, errors, limits and yamlfile, never storage, services, render or cli
(tests/test_formats_layout.py). Heavy libraries (csv, icalendar, openpyxl, yaml) are imported
inside the function that needs them: `bgs add` prints JSON through formats.json.
"""
