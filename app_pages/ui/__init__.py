"""UI helpers shared by the pages, one module per concern; no rule lives here (rules are in duo_core).

* :mod:`.session`: what app.py loads for a run (dataset, user, configuration) and the caches behind it;
* :mod:`.journaling`: the journal for this run and carrying out an action;
* :mod:`.feedback`: confirmations where the person is looking;
* :mod:`.text`: workbook text shown as inert text;
* :mod:`.widgets`: weight sliders, the map legend, shared table columns, Excel download buttons;
* :mod:`.address`: the choices kept in the address bar;
* :mod:`.charts`: charts laid out beyond one plotly express call (the survival curves of "Wat werkt?").
"""
