"""What happens whenever a store is opened for a command, before the command itself."""

from bangongshi.services.session import Session


def on_open(session: Session, settings) -> None:
    """Recurring occurrences that have entered their window are made (the check is one indexed
    query; the rest is imported only when there is something to make); the day's backup is made
    when the config asks for one."""
    if settings.daily_backup:
        from bangongshi.services.backup import daily

        daily(session, settings.backup_keep)

    if session.store.rules_due(session.now.date()):
        from bangongshi.services.rules import materialise

        materialise(session)
