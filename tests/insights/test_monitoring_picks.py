"""A click in a Monitoring chart: the sentence names exactly the charts that follow it; it survives in the address."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess

import pytest

from duo_core.insights import monitoring, report


def test_a_stop_reason_says_only_the_flows_follow():
    assert monitoring.pick_sentence({"reason": "tijdsgebrek"}) == (
        "Aangeklikt: stopreden tijdsgebrek. Gefilterd op deze klik: 'Nieuwe en gestopte duo's per maand'. "
        "Niet gefilterd: 'Actieve duo's per provincie', 'Stopredenen', 'Wachtlijst per provincie (einde maand)', "
        "'Wachttijd van wie nu wacht', 'Aandeel gematcht binnen 3 maanden na aanmelding' en 'Wat werkt?'.")


def test_a_province_filters_every_chart_and_a_month_is_said_in_words():
    assert monitoring.pick_sentence({"province": "Limburg"}).endswith(
        "'Aandeel gematcht binnen 3 maanden na aanmelding' en 'Wat werkt?'.")
    assert "Niet gefilterd" not in monitoring.pick_sentence({"province": "Limburg"})
    assert monitoring.pick_sentence({"month": "2026-03-01"}).startswith("Aangeklikt: maand maart 2026. ")
    assert monitoring.pick_sentence({"month": "2026-03-01"}).endswith(
        "Niet gefilterd: 'Wachttijd van wie nu wacht' en 'Wat werkt?'.")


def test_a_click_in_the_address_is_taken_when_it_is_known():
    values = {"klik_provincie": "Limburg", "klik_maand": "2026-03-14", "klik_reden": "verhuisd"}
    assert monitoring.pick_from_address(values, ["Limburg"], ["verhuisd"]) == {
        "province": "Limburg", "month": "2026-03-01", "reason": "verhuisd"}
    wrong = {"klik_provincie": "Atlantis", "klik_maand": "maart", "klik_reden": "<b>x</b>"}
    assert monitoring.pick_from_address(wrong, ["Limburg"], ["verhuisd"]) == {}
    assert monitoring.pick_from_address({"klik_maand": None}, [], []) == {}


def test_count_axes_show_whole_numbers():
    assert monitoring.count_axis(3) == {"tickformat": ",d", "rangemode": "tozero", "dtick": 1}
    assert monitoring.count_axis(240) == {"tickformat": ",d", "rangemode": "tozero"}
    assert "Aantal=" not in " ".join(monitoring.HOVER.values())


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext ontbreekt (apt-get install poppler-utils)")
def test_the_pdf_axes_write_numbers_the_flemish_way(demo_ds, tmp_path):
    pdf = tmp_path / "monitoring.pdf"
    pdf.write_bytes(report.monitoring_report(demo_ds, dt.date(2023, 11, 1), demo_ds.as_of, ["Limburg"]))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    points = re.findall(r"\b\d+\.\d+\b", text)
    assert points and all(re.fullmatch(r"\d{1,3}(\.\d{3})+", p) for p in points), points  # 1.050, never 17.5


def test_a_clicked_month_in_the_address_must_be_a_date_within_the_data():
    bounds = (dt.date(2023, 11, 2), dt.date(2026, 11, 1))
    taken = [monitoring.pick_from_address({"klik_maand": typed}, [], [], bounds).get("month")
             for typed in ("2023-11-30", "2026-11-01 00:00:00", "2023-10-31", "2026-12-01", "2026-02-30", "²",
                           "2026-03-01" + "9" * 5000)]
    assert taken == ["2023-11-01", "2026-11-01", None, None, None, None, None]
