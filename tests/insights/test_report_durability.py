"""The "Wat werkt?" page of the Monitoring PDF: the sentence, a readable chart, the figures, inert data text."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

from matplotlib.collections import FillBetweenPolyCollection, PolyCollection

from duo_core.insights import report
from duo_core.insights.durability import durability
from tests.helpers import AS_OF


def _texts(fig) -> list:
    return [t for t in fig.findobj(lambda o: hasattr(o, "get_text") and hasattr(o, "get_parse_math"))
            if t.get_text()]


def test_the_page_has_the_sentence_bands_under_curves_and_the_medians(demo_ds):
    found = durability(demo_ds, "shared_interests")
    fig = report.durability_page(found, "alle provincies")
    texts = _texts(fig)
    assert " ".join(t.get_text() for t in texts if t.get_text().startswith("Duo's met")).replace("\n", " ") \
        == found.sentence()
    [ax] = [a for a in fig.axes if a.get_lines()]
    bands = [c for c in ax.collections if isinstance(c, (FillBetweenPolyCollection, PolyCollection))]
    curves = [line for line in ax.get_lines() if line.get_label() in set(found.groups["group"])]
    assert len(bands) == len(curves) == 3
    assert all(b.get_alpha() == 0.15 for b in bands)
    assert max(b.get_zorder() for b in bands) < min(c.get_zorder() for c in curves)  # curves on top
    diamonds = [line for line in ax.get_lines() if line.get_marker() == "D"]
    assert [(d.get_xdata()[0], d.get_ydata()[0]) for d in diamonds] == [
        (m, 50) for m in found.groups["median_months"]]
    cells = {c.get_text().get_text() for c in fig.axes[-1].tables[0].get_celld().values()}
    assert set(found.groups["group"]) <= cells and "Niet meegeteld" in " ".join(t.get_text() for t in texts)


def test_data_text_on_the_page_is_never_mathtext(demo_ds):
    found = durability(demo_ds, "coach")
    renamed = dataclasses.replace(found, **{part: getattr(found, part).assign(
        group="$\\alpha$ " + getattr(found, part)["group"]) for part in ("groups", "curves", "duos")})
    fig = report.durability_page(renamed)
    data = [t for t in _texts(fig) if "$" in t.get_text()]
    assert data and not any(t.get_parse_math() for t in data)
    fig.savefig(io.BytesIO(), format="pdf")  # draws without a mathtext error


def test_the_monitoring_report_ends_with_wat_werkt(demo_ds):
    pdf = report.monitoring_report(demo_ds, dt.date(2024, 1, 1), AS_OF, by="coach", groups=["Alice Roels"])
    assert pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") + pdf.count(b"/Type /Page>") == 3
