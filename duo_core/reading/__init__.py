"""Reading: workbook bytes to frames of canonical columns, with a finding for every problem.

The first stage of the data's way. Nothing here knows about matching, the journal or the pages.

* :mod:`.sources`: where workbooks come from (a folder, paths, uploads), read once into memory, never written;
* :mod:`.guarded`: guarded reading of the bytes into raw cell grids with bounded memory and time (uploads
  in a child process);
* :mod:`.sheets`: which sheet is which, where the header row is, which rows are data;
* :mod:`.values`: cell values as people type them (parsers that never raise);
* :mod:`.slots`: availability as people write it (``ma/wo voormiddag``, ``lundi matin``) as the 21 day-part slots;
* :mod:`.dates`: dates decided per column (day/month order, two-digit years);
* :mod:`.intake_sheet`: the optional *Intakevrijwilligers* sheet (provinces, conversations a month);
* :mod:`.keys`: keys ``<province>/<ID>``, coordinates and the checks across sheets and workbooks.

Assembling a :class:`~duo_core.dataset.Dataset` from these (with or without a koppelprofiel) is
:func:`duo_core.importing.load.load_dataset`.
"""
