"""Dutch (Flemish) formatting of numbers, dates and person-supplied text: one place for every page and file.

* :func:`number`: decimal comma and a point between thousands (``1.234,5``);
* :func:`count_text`: a count with its noun in the singular or the plural;
* :func:`date_text` and :func:`moment_text`: ``24/11/2026`` and ``24/11/2026 11:48`` (never ISO or ``None``);
* :func:`markdown_text`: text from a workbook made safe for a markdown renderer: every markdown
  character is escaped, so a name like ``[Klik hier](https://...)`` stays text, never a link, and a
  bare address (``www.x.be``, ``https://x.be``, ``iemand@x.be``) or shortcode (``:material/home:``) is
  broken with an invisible word joiner, so it is never made into a link or an icon;
* :func:`plotly_text`: text from a workbook for plotly's axes, legends and hovers (``<``, ``>``, ``&`` escaped);
* :func:`matplotlib_text`: text from a workbook for a matplotlib chart or table: never parsed as mathtext.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:@&=])")
#: U+2060 WORD JOINER: invisible, and no letter, digit or punctuation to the markdown renderer's link finder.
JOINER = "\u2060"
#: Where the renderer would find a bare link or a shortcode: ``www.``, ``http://``, ``@``, ``:name:``
#: (a colon before a space, as in ``Voorstel: An``, starts neither and is left alone).
_LINK_START = re.compile(r"(?<=www)(?=\\\.)|(?<=\\:)(?=\S)|(?=\\@)", re.IGNORECASE)


def number(value: object, decimals: int = 0) -> str:
    """A number as Flemish people write it: ``1234.5`` -> ``1.234,5``; ``–`` when unknown."""
    if value is None or pd.isna(value):
        return "–"
    text = f"{float(value):,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def count_text(n: int, one: str, many: str) -> str:
    """A count with its noun in the singular or plural: ``1 geschikte kandidaat``, ``1.344 dagen``."""
    return f"{number(n)} {one if n == 1 else many}"


def raw_text(raw: object, limit: int | None = 80) -> str:
    """A cell's value as the person who typed it recognises it: ``10`` rather than ``10.0``, a date as dd/mm/jjjj.

    ``limit``: at most that many characters (for a message; ``None`` for the value itself).
    """
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, dt.datetime):
        return raw.strftime("%d/%m/%Y")
    text = str(raw).strip()
    return text if limit is None or len(text) <= limit else text[:limit - 3] + "…"


def listing(items) -> str:
    """Items as Dutch prose: ``A``, ``A en B``, ``A, B en C``."""
    items = [str(i) for i in items]
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} en {items[-1]}" if items else ""


def date_text(value: object) -> str:
    """A date as dd/mm/jjjj, or an empty string when unknown."""
    if value is None or value == "" or pd.isna(value):
        return ""
    return pd.Timestamp(value).strftime("%d/%m/%Y")


def moment_text(value: object) -> str:
    """A moment as dd/mm/jjjj uu:mm (``2026-11-24T11:48:37`` -> ``24/11/2026 11:48``), empty when unknown."""
    if value is None or value == "" or pd.isna(value):
        return ""
    return pd.Timestamp(value).strftime("%d/%m/%Y %H:%M")


def markdown_text(text: object) -> str:
    r"""Text from a workbook made safe for a markdown renderer: every markdown character is escaped.

    Escaping alone does not stop Streamlit's renderer from linking ``www.x.be``, ``https://x.be`` or
    ``iemand@x.be`` (it finds them in the text after unescaping) nor from drawing ``:material/home:`` as an
    icon: an invisible word joiner (:data:`JOINER`) after ``www``, after a ``:`` not followed by a space and
    before each ``@``
    breaks those patterns; the text reads the same.

    Examples
    --------
    >>> markdown_text("[x](y)")
    '\[x\]\(y\)'
    """
    return _LINK_START.sub(JOINER, _MD_SPECIAL.sub(r"\\\1", str(text)))


def plotly_text(text: object) -> str:
    """Text from a workbook for a plotly chart's axis, legend or hover: ``<``, ``>`` and ``&`` escaped.

    plotly draws a subset of HTML in those places (``<a href>`` becomes a live link, ``<br>`` a new line);
    with these three characters escaped it shows the text as typed.
    """
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def matplotlib_text(text: object) -> str:
    r"""Text from a workbook made safe for matplotlib: every ``$`` escaped, so it is never parsed as mathtext.

    matplotlib draws text between two unescaped ``$`` as mathtext, and an invalid or deeply nested formula
    (``$\x$``, ``$$``, ``${{{...}}}$``) makes the whole figure fail. With each ``$`` written ``\$`` there is
    no formula, and matplotlib shows every character as typed (a backslash before a dollar included).
    """
    return str(text).replace("$", r"\$")


__all__ = ["JOINER", "count_text", "date_text", "markdown_text", "matplotlib_text", "moment_text", "number",
           "plotly_text"]
