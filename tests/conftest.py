"""Shared fixtures: the demo dataset, loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

import duo_core
from tests.helpers import AS_OF

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "data" / "demo"


@pytest.fixture(scope="session")
def demo_ds() -> duo_core.Dataset:
    return duo_core.load_dataset(DEMO, as_of=AS_OF)
