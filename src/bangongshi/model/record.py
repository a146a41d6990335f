"""Record: the records of the start-up path; replace() for every record.

The records that bare `bgs` and `bgs add` make (Item, the settings, the calendar's, ranking's and the
capture's) are named tuples, declared as a class with annotated fields:

    class DayInfo(Record):
        date: date
        workday: bool
        reason: str = ""

A dataclass costs a start-up about half a millisecond to define and importing `dataclasses` (with
`inspect`) six more; `typing.NamedTuple` costs importing `typing`, 2.5 ms, which `bgs add` otherwise
never loads (issue #19). Record makes the same class as typing.NamedTuple would, from
collections.namedtuple, which every run loads anyway. The records of other commands stay
dataclasses; code that copies a record goes through replace(), so it need not know which kind it
holds.
"""

from collections import namedtuple


class _RecordType(type):
    def __new__(meta, name, bases, namespace):
        if not bases:  # Record itself
            return super().__new__(meta, name, bases, namespace)
        fields = namespace.get("__annotations__", {})
        defaults = [namespace[field] for field in fields if field in namespace]
        if any(field not in namespace for field in list(fields)[len(fields) - len(defaults):]):
            raise TypeError(f"{name}: a field without a default follows one with a default")
        tuple_type = namedtuple(name, fields, defaults=defaults, module=namespace["__module__"])
        # A subclass with no slots of its own: the methods and properties declared go on it, the
        # instances stay plain tuples (no __dict__), attribute access is the tuple's own.
        body = {key: value for key, value in namespace.items() if key not in fields}
        body["__slots__"] = ()
        return type(name, (tuple_type,), body)


class Record(metaclass=_RecordType):
    """Base of the start-up path's records: a named tuple with annotated fields (see above)."""


def replace(record, /, **changes):
    """A copy of `record` with `changes` (dataclasses.replace, for a named tuple too)."""
    if isinstance(record, tuple):
        return record._replace(**changes)
    import dataclasses

    return dataclasses.replace(record, **changes)

