"""Shared fixtures: the demo dataset, loaded once per test session."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest

import duo_core
from duo_core.lifecycle.pools import close_pools
from tests.helpers import AS_OF

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "data" / "demo"
APP = str(ROOT / "app.py")


@pytest.fixture
def demo_workdir(monkeypatch, tmp_path) -> Path:
    """Run from an empty folder (no duo.toml there): the app shows the demo data, with the role switcher."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DUO_CONFIG", raising=False)
    return tmp_path


@pytest.fixture(scope="session")
def demo_ds() -> duo_core.Dataset:
    return duo_core.load_dataset(DEMO, as_of=AS_OF)


def _postgres_bin() -> Path | None:
    """The folder of PostgreSQL's server programs (Debian keeps them outside PATH), or None."""
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return versions[-1].parent if versions else None


@pytest.fixture(scope="session")
def postgres_server():
    """A throwaway local PostgreSQL server for this test session: its base URL (no database).

    Skipped where PostgreSQL's server programs are not installed (``.ci/run`` installs them).
    """
    bin_dir = _postgres_bin()
    if bin_dir is None:
        pytest.skip("PostgreSQL is niet geïnstalleerd")
    pytest.importorskip("psycopg")
    root = Path(tempfile.mkdtemp(prefix="duo-pg-"))  # pytest's own tmp folders are closed to other users
    as_user: list[str] = []
    if os.geteuid() == 0:  # initdb refuses root: run the server as the postgres system user
        as_user = ["runuser", "-u", "postgres", "--"]
        shutil.chown(root, "postgres")
    data = root / "data"
    subprocess.run([*as_user, str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "duo"],
                   check=True, capture_output=True)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run([*as_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "log"),
                    "-w", "start"], check=True, capture_output=True)
    try:
        yield f"postgresql://duo@127.0.0.1:{port}"
    finally:
        subprocess.run([*as_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server):
    """A fresh, empty database on the session's PostgreSQL server."""
    import psycopg

    name = f"t{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{postgres_server}/postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    yield f"{postgres_server}/{name}"
    close_pools()  # the app's pooled connections to this database end with the test


@pytest.fixture(params=["sqlite", "postgres"])
def journal_target(request, tmp_path):
    """Where a journal lives: a SQLite file, or a database on a real PostgreSQL server."""
    if request.param == "sqlite":
        return tmp_path / "logboek.sqlite"
    return request.getfixturevalue("postgres_url")


@pytest.fixture(autouse=True)
def _own_journal(monkeypatch, tmp_path):
    """Every test writes its actions to its own journal, never to the demo's."""
    monkeypatch.setenv("DUO_JOURNAL", str(tmp_path / "logboek.sqlite"))
