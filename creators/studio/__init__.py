"""Reading TikTok Studio "Download data" exports: files in, daily rows, months out.

Pure Python (no ORM). ``reading.read_exports`` takes the files as bytes (a Studio zip, or the
CSV / XLSX inside it, several at once) and returns the months they add up to, with every
problem named by file, line, column, value and reason. The traps of real files (docs/domain.md,
"TikTok Studio exports") are each handled in one module, in the order a file goes through them:

- ``limits``: sizes and counts that bound the work done on any upload, checked before reading;
- ``files``: the uploaded files; zips opened (entries, expanded size, compression ratio, paths
  outside the archive, nested archives), the export date in a zip's name;
- ``tables``: a CSV (any encoding Excel writes, any delimiter) or an XLSX as tables of cells;
- ``columns``: a table recognised by its header set, case-insensitively, byte-order mark
  stripped, whatever the file's name; Viewers and Content exports recognised and left aside;
- ``values``: the cells: "10,000" and "10 000" are 10000, ``undefined`` is a missing day (not
  zero), dates without a year get theirs counted backwards from the export date;
- ``daily``: one table's rows checked and read into days;
- ``totals``: days added up into months, and the months to and from JSON;
- ``reading``: the whole reading, and the hand-over of the Followers and Content tables to
  ``creators.audience``;
- ``errors``: how a problem is reported.
"""
