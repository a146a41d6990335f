"""What happens whenever a store is opened for a command, before the command itself."""

from bangongshi.services.session import Session


def on_open(session: Session) -> None:
    """Recurring occurrences that have entered their window are made (the check is one indexed
    query; the rest is imported only when there is something to make)."""
    from bangongshi.storage import recurrences

    if recurrences.due_for_making(session.store.conn, session.now.date()):
        from bangongshi.services.recurring import materialise

        materialise(session)
