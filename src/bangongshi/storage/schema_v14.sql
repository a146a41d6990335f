-- Schema version 14: `bgs add` warns when an open item already has the new item's title (issue #21).
-- Open items only, as the agenda's own index: the check stays one indexed lookup however many items
-- were handled over the years (tests/test_startup.py).
CREATE INDEX items_open_title ON items (title) WHERE folder != 'done';
