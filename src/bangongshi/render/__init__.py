"""Views: Rich tables, styled lines, text, Markdown and HTML reports as people see them, and the
JSON object of each such view (built from formats.json's item objects). Files for other programs —
JSON and CSV of items, XLSX, ics, imports — are read and written by `formats`.

Rich's Console is imported only by `render.table`, and only when a table is actually printed; the
quick lines of the agenda (`render.lines`) use only Rich's cell widths and style renderer.
"""
