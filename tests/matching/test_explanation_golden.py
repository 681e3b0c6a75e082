"""A golden snapshot of one explanation's text on the demo data (update only on purpose)."""

from pathlib import Path

import duo_core

GOLDEN = Path(__file__).parent / "golden" / "explanation.txt"
PAIR = ("Antwerpen/D0174", "Antwerpen/V0049")


def test_explanation_text_matches_golden(demo_ds):
    text = duo_core.explain_match(demo_ds, *PAIR).to_text()
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_excluded_explanation_lists_reasons(demo_ds):
    e = duo_core.explain_match(demo_ds, "Antwerpen/D0112", "Antwerpen/V0049")
    assert not e.eligible
    assert e.to_text().splitlines()[-len(e.exclusions) - 1] == "Uitgesloten:"
