"""Importing: workbooks into one :class:`~duo_core.dataset.Dataset`, in the template format or any other shape.

The second stage of the data's way. It builds on :mod:`duo_core.reading` and knows nothing of matching,
the journal or the pages.

* :mod:`.load`: :func:`~.load.load_dataset` reads every province workbook (template format, or through a
  koppelprofiel) into a Dataset with its findings, and caches workbooks by signature;
* the import assistant, for exports that do not follow the template (page *Gegevens koppelen*):

  - :mod:`.clues`: what a column could be, from its header words and sample values (:mod:`.value_clues`: what
    the values say; :mod:`.roles`: which role a sheet or row holds, what a closed-list answer becomes);
  - :mod:`.answers`: what the answers of a column say (yes/no questions, ticked options, grids, confirmation);
  - :mod:`.guess`: :func:`~.guess.propose_mapping` guesses a whole koppelprofiel (sheet roles, fields, answers);
  - :mod:`.mapping`: the koppelprofiel itself (:class:`~.mapping.Mapping`), corrected by hand, saved as TOML;
  - :mod:`.apply`: reading a workbook through a koppelprofiel as if it were a template sheet;
  - :mod:`.assistant`: the choices, labels and preview the page shows.
"""
