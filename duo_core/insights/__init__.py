"""Insights: figures for professionals, computed from the dataset the pages see (workbooks plus journal).

The fifth stage of the data's way; it reads what matching and the lifecycle made and changes nothing.

* :mod:`.monitoring`: key figures per province, what needs attention, monthly series;
* :mod:`.durability`: "Wat werkt?": how long duos last by how well they matched (Kaplan–Meier, log-rank);
* :mod:`.report`: the printable PDF reports of Overzicht and Monitoring;
* :mod:`.intake`: the intake stage: sign-ups waiting, conversations per intake volunteer, days it takes.
"""
