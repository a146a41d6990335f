-- Schema version 18 (issue #24): the leaders' week and the duty roster, kept on the people registry
-- of schema 17. Names are kept as text, as the registers keep them: removing someone from the
-- registry leaves every appointment and roster that names them as it was. Every table is journaled.

-- Whose appointment an item is: its leaders (role 'leader', the --for of bgs add) and who
-- accompanies them ('escort', 陪同, --with). `position` keeps the order they were typed in.
CREATE TABLE item_people (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    item_id INTEGER NOT NULL,
    person TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('leader', 'escort')),
    position INTEGER NOT NULL DEFAULT 0,
    UNIQUE (item_id, person, role)
);
CREATE INDEX item_people_person ON item_people (person, role);

-- A leader away (出差, 学习, 休假): from the first day to the last, both included.
CREATE TABLE leader_away (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    person TEXT NOT NULL,
    start TEXT NOT NULL,
    end TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    created TEXT NOT NULL,
    CHECK (end >= start)
);
CREATE INDEX leader_away_days ON leader_away (start, end);

-- One roster as `bgs duty plan` made it: the period's name, its days, how its shifts are cut, and
-- whether it rests on an estimated holiday arrangement.
CREATE TABLE duty_rosters (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    label TEXT NOT NULL,
    start TEXT NOT NULL,
    end TEXT NOT NULL,
    shifts TEXT NOT NULL CHECK (shifts IN ('24h', 'day_night')),
    estimated INTEGER NOT NULL DEFAULT 0,
    created TEXT NOT NULL
);

-- One shift of a roster: who is on duty (值班人员) and the day's 带班领导. `note` records swaps.
CREATE TABLE duty_shifts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    roster_id INTEGER NOT NULL,
    day TEXT NOT NULL,
    shift TEXT NOT NULL CHECK (shift IN ('full', 'day', 'night')),
    person TEXT NOT NULL,
    leader TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    updated TEXT NOT NULL,
    UNIQUE (day, shift)
);
CREATE INDEX duty_shifts_roster ON duty_shifts (roster_id, day);

-- The handover log (交接班记录): what happened during a shift, for whoever comes next.
CREATE TABLE duty_logs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    day TEXT NOT NULL,
    person TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL
);
CREATE INDEX duty_logs_day ON duty_logs (day);

-- Where a duty reminder reaches the person on duty: a channel name of remind.channels (config.yaml).
ALTER TABLE people ADD COLUMN channel TEXT NOT NULL DEFAULT '';
