"""AppTests: workbook text reaches every renderer made inert (markdown tables, plotly charts), as typed."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from app_pages.ui.text import plain
from duo_core.formatting import plotly_text
from tests.conftest import APP
from tests.helpers import base_records, to_rows, write_sheets

LINK = "<a href='https://evil.example/a'>klik</a>"
IMAGE = "![p](https://evil.example/p.png) www.evil.example"
REASON = f"{LINK} $\\x$"


@pytest.fixture
def hostile(tmp_path, monkeypatch):
    records = base_records()
    for row in records["Deelnemers"]:
        row["Voornaam"], row["Interesses"] = IMAGE, f"wandelen; {LINK}"
    for row in records["Vrijwilligers"]:
        row["Interesses"] = f"wandelen; {LINK}"
    records["Duo's"].append(dict(records["Duo's"][0], **{
        "Duo ID": "DUO2", "Deelnemer ID": "D3", "Vrijwilliger ID": "V1", "Status": "gestopt",
        "Einddatum": dt.datetime.now() - dt.timedelta(days=60), "Stopreden": REASON}))
    write_sheets(tmp_path / "werkboeken" / "Antwerpen.xlsx", to_rows(records))
    (tmp_path / "duo.toml").write_text('[data]\nfolder = "werkboeken"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DUO_CONFIG", raising=False)
    return tmp_path


def _open(page: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_profile_and_explanation_tables_show_workbook_text_escaped(hostile):
    at = _open("app_pages/match_zoeken.py")
    at.session_state["person_p"] = "Antwerpen/D1"
    at.run()
    assert not at.exception
    profile, explanation = (t.value for t in at.table)
    assert profile.loc[plain("Naam"), plain("Deelnemer")] == plain(f"{IMAGE} Peeters")
    assert profile.loc[plain("Interesses"), plain("Deelnemer")] == plain(f"{LINK}, wandelen")
    cells = [v for v in profile.to_numpy().ravel().tolist() + explanation.to_numpy().ravel().tolist()
             if isinstance(v, str)]
    raw = [v for v in cells if re.search(r"(?<!\\)[<>\[\]()!$]|www\.|://", v)]  # unescaped markup or a bare link
    assert raw == [] and len(cells) > 40


def test_monitoring_charts_show_a_stop_reason_as_text(hostile):
    at = _open("app_pages/monitoring.py")
    charts = {json.loads(c.proto.spec)["layout"]["title"]["text"]: json.loads(c.proto.spec)
              for c in at.get("plotly_chart")}
    reasons = charts["Stopredenen"]["data"][0]["y"]
    assert reasons == [plotly_text(REASON)] == ["&lt;a href='https://evil.example/a'&gt;klik&lt;/a&gt; $\\x$"]
    assert not any("<a" in json.dumps(c) for c in charts.values())


def test_a_plain_table_escapes_text_cells_labels_and_index_and_keeps_numbers_and_gaps():
    import pandas as pd

    from app_pages.ui.text import plain_table

    frame = pd.DataFrame({"Naam": ["**vet**", "[x](y)"], "Score": [73.5, 12.0], "Noot": [None, "a_b"]},
                         index=pd.Index(["*een*", "twee"], name="Criterium"))
    table = plain_table(frame.rename(columns={"Noot": "No*ot"}))
    assert (table.fillna("-").to_dict("list"), list(table.index), list(table.columns), str(table["Score"].dtype)) == (
        {"Naam": [r"\*\*vet\*\*", r"\[x\]\(y\)"], "Score": [73.5, 12.0], r"No\*ot": ["-", r"a\_b"]},
        [r"\*een\*", "twee"], ["Naam", "Score", r"No\*ot"], "float64")
