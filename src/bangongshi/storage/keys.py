"""The locked items' key as services ask about it: changing the passphrase and the doctor's checks.
The sealing itself stays in sealing.py and in the store's Transaction."""

from bangongshi.storage import sealing


class KeyRepository:
    def __init__(self, store):
        self.store = store

    def rekey(self, new_passphrase: str) -> int:
        """Seal everything again under `new_passphrase`, in one transaction outside the journal;
        how many values were sealed again."""
        with self.store.rewrite() as conn:
            return sealing.rekey(conn, self.store.sealer(), new_passphrase)

    def audit(self, sealer: "sealing.Sealer | None") -> tuple[int, int, list[str]]:
        return sealing.audit(self.store.conn, sealer)

    def current_version(self) -> int | None:
        return sealing.current_version(self.store.conn)

    def sealed_uuids(self) -> set[str]:
        return sealing.sealed_uuids(self.store.conn)

    def unsealed_locked(self) -> list[int]:
        return sealing.unsealed_locked(self.store.conn)

    def plain_children_of_sealed(self) -> list[int]:
        return sealing.plain_children_of_sealed(self.store.conn)
