"""Views for people: Rich tables, styled lines, text, Markdown and HTML reports as shown on screen.
Files for other programs (JSON, CSV, XLSX, ics …) are written by `formats`.

Rich is imported only by `render.table`, and only when a table is actually printed.
"""
