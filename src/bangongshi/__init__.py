"""办公室助手 bangongshi: a command-line office assistant for Chinese office secretaries."""

__version__ = "0.1.0"
