"""The base of the repositories the Store hands out: each holds the store's one connection and
speaks SQL for one family of tables; writes go through the caller's Transaction (the journal)."""

import sqlite3


class Repository:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
