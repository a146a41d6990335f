"""The base of the repositories a Store hands out (store.items, store.journal, …)."""

import sqlite3


class Repository:
    """Each repository holds the store's one connection and speaks SQL for one family of tables;
    writes go through the caller's Transaction (the journal). In a module of its own so that the
    repositories and the Store that creates them do not import each other."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
