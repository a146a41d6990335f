"""The one package that speaks SQL: schema, migrations, the journal and the queries."""

from bangongshi.storage.store import Store, open_store

__all__ = ["Store", "open_store"]
