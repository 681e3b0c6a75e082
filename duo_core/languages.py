"""The languages people speak, by their Dutch name: the names and codes that forms and lists use for each.

Language is a hard rule of matching (a duo needs a language in common), so a list that writes ``Dutch``,
``Vlaams`` or ``NL`` must mean the same as ``nederlands``. Names not listed here stay as written.
"""

from __future__ import annotations

#: Dutch name -> other names and codes for it (English, French, German, the language's own, ISO 639-1).
LANGUAGE_NAMES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("nederlands", ("dutch", "vlaams", "flemish", "néerlandais", "niederländisch", "nl", "ned")),
    ("frans", ("french", "français", "französisch", "fr")),
    ("engels", ("english", "anglais", "englisch", "en", "eng")),
    ("duits", ("german", "allemand", "deutsch", "de")),
    ("spaans", ("spanish", "espagnol", "español", "es")),
    ("italiaans", ("italian", "italien", "italiano", "it")),
    ("portugees", ("portuguese", "portugais", "português", "pt")),
    ("pools", ("polish", "polonais", "polski", "pl")),
    ("roemeens", ("romanian", "roumain", "română", "ro")),
    ("russisch", ("russian", "russe", "русский", "ru")),
    ("oekraïens", ("ukrainian", "ukrainien", "українська", "uk")),
    ("turks", ("turkish", "turc", "türkçe", "tr")),
    ("arabisch", ("arabic", "arabe", "العربية", "ar")),
    ("berbers", ("berber", "tamazight", "amazigh")),
)
