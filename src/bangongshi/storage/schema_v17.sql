-- Schema version 17 (issue #23): the office registers. A small
-- registry of people (colleagues and leaders, in order of precedence), the 收文/发文 登记簿, the
-- numbers each register hands out (收文编号, 发文字号) and the 来电来访 record. Every table is
-- journaled (undo, redo, bgs log) and copied whole by backups (the SQLite backup API).
CREATE TABLE people (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    unit TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL DEFAULT 'colleague' CHECK (role IN ('colleague', 'leader')),
    title TEXT NOT NULL DEFAULT '',           -- 职务 (局长, 副主任)
    precedence INTEGER,                       -- leaders' order of precedence: 1 first
    note TEXT NOT NULL DEFAULT '',
    created TEXT NOT NULL,
    updated TEXT NOT NULL
);

-- One row per numbering sequence: 收文编号 (direction 'in', prefix '') and 发文字号 per 机关代字, each per
-- year. `last` is the last number handed out; a number is taken by raising it inside the write
-- transaction (BEGIN IMMEDIATE), so two terminals never get the same one and none is skipped.
CREATE TABLE doc_sequences (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    prefix TEXT NOT NULL,
    year INTEGER NOT NULL,
    last INTEGER NOT NULL CHECK (last >= 0),
    UNIQUE (direction, prefix, year)
);

-- The register entries: 收文 (direction 'in') and 发文 ('out'). For a 秘密 or 机密 document only its
-- metadata is here; its title and the other text live in its item, which is locked (docs/registers.md).
CREATE TABLE registers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    year INTEGER NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    unit TEXT NOT NULL DEFAULT '',            -- 来文单位
    doc_number TEXT NOT NULL DEFAULT '',      -- 文号 of an incoming document, as typed (brackets as 〔〕)
    doc_prefix TEXT,                          -- its 机关代字, 年份, 序号; NULL when it could not be read
    doc_year INTEGER,
    doc_seq INTEGER,
    secrecy TEXT NOT NULL DEFAULT 'none' CHECK (secrecy IN ('none', 'secret', 'confidential')),
    urgency TEXT NOT NULL DEFAULT 'none' CHECK (urgency IN ('none', 'routine', 'urgent', 'immediate')),
    received TEXT,                            -- 收文日期
    issued TEXT,                              -- 印发日期
    copies INTEGER,                           -- 份数
    deadline TEXT,                            -- 办理时限 (收文) / 印发时限 (发文)
    proposal TEXT NOT NULL DEFAULT '',        -- 拟办意见
    instruction TEXT NOT NULL DEFAULT '',     -- 领导批示
    leader TEXT NOT NULL DEFAULT '',          -- 批示领导
    handler TEXT NOT NULL DEFAULT '',         -- 承办人
    main_to TEXT NOT NULL DEFAULT '',         -- 主送
    copy_to TEXT NOT NULL DEFAULT '',         -- 抄送
    drafter TEXT NOT NULL DEFAULT '',         -- 拟稿人
    checker TEXT NOT NULL DEFAULT '',         -- 核稿人
    signer TEXT NOT NULL DEFAULT '',          -- 签发人
    prefix TEXT NOT NULL DEFAULT '',          -- 发文: the 机关代字 its number is taken from
    note TEXT NOT NULL DEFAULT '',
    item_id INTEGER,                          -- the item that tracks its handling
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'void')),
    void_reason TEXT NOT NULL DEFAULT '',
    created TEXT NOT NULL,
    updated TEXT NOT NULL
);
CREATE INDEX registers_year ON registers (direction, year, id);
CREATE INDEX registers_item ON registers (item_id) WHERE item_id IS NOT NULL;
CREATE INDEX registers_doc_number ON registers (doc_prefix, doc_year, doc_seq) WHERE doc_prefix IS NOT NULL;

-- Every number a sequence handed out, never deleted and never given twice: reserved (kept for a
-- document), used (on a document), or void (作废, with the reason).
CREATE TABLE doc_numbers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    prefix TEXT NOT NULL,
    year INTEGER NOT NULL,
    seq INTEGER NOT NULL CHECK (seq > 0),
    text TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('reserved', 'used', 'void')),
    register_id INTEGER,
    reason TEXT NOT NULL DEFAULT '',
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    UNIQUE (direction, prefix, year, seq)
);
CREATE INDEX doc_numbers_register ON doc_numbers (register_id) WHERE register_id IS NOT NULL;

-- 来电来访: who called or came, about what, and how it was handled; an item when it needs one.
CREATE TABLE contacts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('call', 'visit')),
    at TEXT NOT NULL,
    person TEXT NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    visitors INTEGER,                         -- 人数 (来访)
    matter TEXT NOT NULL,                     -- 内容 / 事由
    handling TEXT NOT NULL DEFAULT '',        -- 处理情况
    receiver TEXT NOT NULL DEFAULT '',        -- 接听人 / 接待人
    item_id INTEGER,
    created TEXT NOT NULL
);
CREATE INDEX contacts_at ON contacts (at);
CREATE INDEX contacts_item ON contacts (item_id) WHERE item_id IS NOT NULL;
