"""LibreOffice re-saves of the demo workbooks (.xlsx, .ods, .xls) load exactly as the originals."""

from __future__ import annotations

import shutil
import subprocess

import pandas as pd
import pytest

import duo_core
from tests.conftest import DEMO
from tests.helpers import AS_OF

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = [
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice ontbreekt (apt-get install libreoffice-calc-nogui)"),
    pytest.mark.xdist_group("libreoffice"),  # one worker re-saves the workbooks once for all three tests
    pytest.mark.timeout(3 * 240 + 60),  # the first test's setup runs the three re-saves (240 s each at most)
]
FILTERS = {"xlsx": "xlsx:Calc MS Excel 2007 XML", "ods": "ods", "xls": "xls"}


@pytest.fixture(scope="module")
def resaved(tmp_path_factory):
    root = tmp_path_factory.mktemp("libreoffice")
    profile = (root / "profiel").as_uri()
    out = {}
    for suffix, target in FILTERS.items():
        folder = root / suffix
        subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", target,
                        "--outdir", str(folder), *map(str, sorted(DEMO.glob("*.xlsx")))],
                       check=True, capture_output=True, timeout=240)
        out[suffix] = folder
    return out


@pytest.mark.parametrize("suffix", list(FILTERS))
def test_a_libreoffice_resave_loads_identically(demo_ds, resaved, suffix):
    ds = duo_core.load_dataset(resaved[suffix], as_of=AS_OF)
    assert ds.sources["file"].tolist() == [f"{p.stem}.{suffix}" for p in sorted(DEMO.glob("*.xlsx"))]
    assert ds.sources["status"].tolist() == ["geladen"] * 5
    for name in ("participants", "volunteers", "duos", "coaches"):
        pd.testing.assert_frame_equal(getattr(ds, name).drop(columns=["source_file"]),
                                      getattr(demo_ds, name).drop(columns=["source_file"]), obj=name)
    pd.testing.assert_frame_equal(ds.findings.drop(columns=["file"]), demo_ds.findings.drop(columns=["file"]))
