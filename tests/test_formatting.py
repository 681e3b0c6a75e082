"""Workbook text made inert for each renderer: markdown (Streamlit), plotly's pseudo-HTML, matplotlib's mathtext."""

from __future__ import annotations

import re

import pytest

from duo_core.formatting import JOINER, count_text, listing, markdown_text, plotly_text

J = JOINER


@pytest.mark.parametrize(("typed", "expected"), [
    ("[Klik](https://x.be)", rf"\[Klik\]\(https\:{J}//x\.be\)"),
    ("![i](https://x.be/i.png)", rf"\!\[i\]\(https\:{J}//x\.be/i\.png\)"),
    ("zie www.x.be", rf"zie www{J}\.x\.be"),
    ("WWW.X.BE", rf"WWW{J}\.X\.BE"),
    ("mail iemand@x.be", rf"mail iemand{J}\@x\.be"),
    (":material/home: :smile:", rf"\:{J}material/home\: \:{J}smile\:"),
    ("Voorstel: An", r"Voorstel\: An"),
    ("$x^2$", r"\$x^2\$"),
    ("<img src=x>", r"\<img src\=x\>"),
    ("&lt;b&gt;", r"\&lt;b\&gt;"),
    ("Jan Peeters", "Jan Peeters"),
    (42, "42"),
])
def test_markdown_text_escapes_markdown_and_breaks_bare_links(typed, expected):
    assert markdown_text(typed) == expected


def test_markdown_text_reads_the_same_without_its_escapes_and_joiners():
    typed = "Zie www.x.be of https://x.be/a?b=1&c=[2] — *niet* `code` #1 ~ $5 | iemand@x.be"
    assert re.sub(r"\\(.)", r"\1", markdown_text(typed)).replace(JOINER, "") == typed


@pytest.mark.parametrize(("typed", "expected"), [
    ("<a href='https://x.be'>klik</a>", "&lt;a href='https://x.be'&gt;klik&lt;/a&gt;"),
    ("A & B <br> C", "A &amp; B &lt;br&gt; C"),
    ("&lt;", "&amp;lt;"),
    ("Limburg", "Limburg"),
])
def test_plotly_text_escapes_the_html_plotly_renders(typed, expected):
    assert plotly_text(typed) == expected


@pytest.mark.parametrize(("n", "expected"), [(1, "1 dag"), (3, "3 dagen"), (1344, "1.344 dagen")])
def test_a_count_is_written_with_a_point_between_thousands(n, expected):
    assert count_text(n, "dag", "dagen") == expected


def test_a_listing_reads_as_dutch_prose():
    assert [listing(items) for items in ([], ["A"], ["A", "B"], ["A", "B", "C"])] == [
        "", "A", "A en B", "A, B en C"]
