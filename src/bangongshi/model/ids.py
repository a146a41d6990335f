"""Identifiers of records: a random uuid for each new record, and a stable one for what a file
describes (importing the same file again finds the same records). The one place that makes uuids."""

import os


def new_uuid() -> str:
    """A random (version 4) uuid, as uuid.uuid4() makes it, without importing uuid (and platform
    with it) on the capture path."""
    value = bytearray(os.urandom(16))
    value[6] = (value[6] & 0x0F) | 0x40
    value[8] = (value[8] & 0x3F) | 0x80
    text = value.hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def content_uuid(namespace: str, content: str) -> str:
    """The same content in the same namespace (one per kind of file) always gives the same uuid."""
    import uuid

    return str(uuid.uuid5(uuid.UUID(namespace), content))


# The namespace of occurrence uuids: uuid5(NAMESPACE_URL, "https://bangongshi/occurrence"), written out
# so that it can never change by accident (every machine must derive the same uuid; docs/sync.md).
OCCURRENCE_NAMESPACE = "007673eb-326b-5bb4-85ca-844c263687a7"


def occurrence_uuid(rule_uuid: str, day) -> str:
    """The uuid of the occurrence of a recurring rule on `day` (a date): derived, not random, so that
    two machines that make the same occurrence of the same rule give it the same uuid and a sync
    converges on one object instead of two."""
    return content_uuid(OCCURRENCE_NAMESPACE, f"{rule_uuid}/{day.isoformat()}")
