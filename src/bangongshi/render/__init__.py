"""Everything that turns data into text: Rich tables for people, JSON and CSV for scripts.

Rich is imported only by `render.table`, and only when a table is actually printed.
"""
