"""The one package that speaks SQL: schema, migrations, the journal and the queries.

Services open a Store and ask its repositories, one per family of tables (`store.items`,
`store.journal`, `store.rules`, `store.follow`, `store.records`, `store.calendar`, `store.plan`;
`store.keys` for the locked items' key, `store.files` for copies of the store). Repositories take and
return model records; rows and their datetime text (codec.py) never leave this package."""

from bangongshi.storage.store import Store, open_store

__all__ = ["Store", "open_store"]
