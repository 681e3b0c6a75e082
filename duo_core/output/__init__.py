"""Output: what leaves the app as a file (Excel downloads, template-format workbooks, the master workbook's duos).

The last stage of the data's way; it may use every stage before it and none uses it (but :mod:`duo_core.demo`,
which writes its workbooks through :mod:`.template`).

* :mod:`.excel`: frames to an Excel workbook in memory, every text cell guarded against formulas;
* :mod:`.downloads`: every download of the app as sheets with Dutch headers and rounded figures;
* :mod:`.template`: writing workbooks in the template format (``data/template.xlsx``, the demo, exports);
* :mod:`.master`: the duos the app added or changed, as rows for the master workbook;
* :mod:`.calendar`: appointments (a planned kennismakingsgesprek) as ``.ics`` files for a phone's calendar.
* :mod:`.access_request`: everything about one person (inzage), as Excel sheets and a readable PDF;
* :mod:`.pages`: A4 pages of text as a PDF (the access request, the printable Match zoeken page);
* :mod:`.match_sheet`: the printable page of Match zoeken (a person, their candidates, each explanation);
* :mod:`.images`: the maps as PNG pictures, and the Dutch toolbar with which a plotly chart saves itself.

Dutch formatting of numbers, dates and text is :mod:`duo_core.formatting`, shared by every stage.
"""
