"""Where the journal's events are kept: a SQLite file or a PostgreSQL database, with timeouts and Dutch errors.

Each store takes a connection per action (PostgreSQL: from a pool kept per process, :mod:`.pools`), takes
the write lock before it reads, and turns a lock held too long, a read-only file or a server that does not
answer into a :class:`JournalUnavailable` whose message says what to do. A journal that existed and is gone (the SQLite file, or PostgreSQL's ``events``
table) is never created again until a person decides (:func:`start_new_journal`): a marker file beside
the SQLite file, or a marker table in the PostgreSQL database, remembers that it existed.
:func:`target_label` names a target without credentials.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path
from urllib.parse import urlsplit

from duo_core.lifecycle import pools


class JournalError(ValueError):
    """An action that is refused, with a Dutch message saying why."""


class JournalUnavailable(JournalError):  # noqa: N818  (a refusal too: the action did not happen)
    """The journal cannot be read or written now (locked, read-only, unreachable); the message says what to do."""


class JournalVanished(JournalUnavailable):
    """A journal that existed is gone: nothing is recreated until a person decides (:func:`start_new_journal`)."""


BUSY = ("Het logboek is even bezet door een andere gebruiker: probeer het over enkele seconden opnieuw. "
        "Er is niets vastgelegd.")
READ_ONLY = ("Het logboek kan niet beschreven worden (alleen-lezen bestand of map): acties zijn uitgeschakeld tot "
             "de beheerder dat herstelt. Er is niets vastgelegd.")
UNREACHABLE = ("Het logboek is niet bereikbaar (de databank antwoordt niet): acties zijn uitgeschakeld tot het weer "
               "bereikbaar is. Er is niets vastgelegd.")
VANISHED = ("Het logboek met de acties is verdwenen (verwijderd, verplaatst of vervangen door een leeg bestand): acties "
            "zijn uitgeschakeld en er wordt geen nieuw, leeg logboek aangemaakt, zodat geen voorstel dubbel of onder "
            "hetzelfde nummer terugkomt. Een beroepskracht beslist: zet het bestand terug uit een back-up, of begin "
            "bewust een nieuw logboek (zie Instellingen).")
VANISHED_TABLE = ("Het logboek met de acties is verdwenen uit de databank (de tabel events is verwijderd): acties zijn "
                  "uitgeschakeld en er wordt geen nieuw, leeg logboek aangemaakt, zodat geen voorstel dubbel of onder "
                  "hetzelfde nummer terugkomt. Een beroepskracht beslist: zet de tabel terug uit een back-up, of begin "
                  "bewust een nieuw logboek (zie Instellingen).")
#: The PostgreSQL table that remembers that a journal existed in this database (the marker file of SQLite).
MARKER_TABLE = "journal_existed"
MARKER_NOTE = "Dit logboek bestond. Verwijder deze rij enkel om bewust met een leeg logboek te beginnen."
#: Seconds a writer waits for the lock before the action is refused as busy.
LOCK_SECONDS = 3


# --- storage backends ------------------------------------------------------------------------


class SQLiteStore:
    """A SQLite file in WAL mode; ``synchronous=FULL`` so a finished action survives a power cut."""

    param = "?"
    schema = """
    CREATE TABLE IF NOT EXISTS events (
        id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
        duo_key TEXT NOT NULL, participant_key TEXT NOT NULL, volunteer_key TEXT NOT NULL,
        payload TEXT NOT NULL DEFAULT '{}'
    )"""

    def __init__(self, path: Path | str, uri: bool = False) -> None:
        self.path = path
        self.uri = uri
        self.memory = uri and "mode=memory" in str(path)
        self.read_only = uri and "mode=ro" in str(path)
        self.label = "proefkopie (enkel deze sessie)" if self.memory else str(path).split("?")[0].removeprefix("file:")
        # a file journal is created once: when it did not exist and never did (no marker beside it)
        self.may_create = not uri and not Path(path).exists() and not existed_marker(path).exists()

    def setup(self, conn) -> None:
        """Create the table and its indexes (only in a journal being created), and mark that it exists."""
        if self.read_only or (not self.uri and not self.may_create):
            try:
                conn.execute("SELECT 1 FROM events LIMIT 1")
            except sqlite3.OperationalError as exc:
                if "no such table" in str(exc) and not self.read_only:
                    raise JournalVanished(VANISHED) from exc
                raise
            if not self.uri:
                _mark_existed(self.path)
            return
        conn.execute("PRAGMA journal_mode=WAL")  # kept in the file: once is enough
        conn.execute(self.schema)
        for column in ("duo_key", "participant_key", "volunteer_key"):
            conn.execute(f"CREATE INDEX IF NOT EXISTS events_{column} ON events ({column})")
        if not self.uri:
            _mark_existed(self.path)
            self.may_create = False

    def connect(self):
        """A new connection with the timeouts set; a file journal that existed is never created again here."""
        path, uri = self.path, self.uri
        if not uri and not self.may_create:
            if not Path(path).exists():
                raise JournalVanished(VANISHED)
            path, uri = f"{Path(path).resolve().as_uri()}?mode=rw", True  # never creates the file
        conn = sqlite3.connect(path, timeout=LOCK_SECONDS, isolation_level=None, uri=uri, check_same_thread=False)
        conn.execute("PRAGMA synchronous=FULL")  # per connection
        return conn

    def begin_write(self, conn) -> None:
        """Start a transaction holding the write lock."""
        conn.execute("BEGIN IMMEDIATE")

    def writable(self, conn) -> bool:
        """Whether actions can be written here."""
        if self.uri:
            return not self.read_only
        path = Path(self.path)
        return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)

    @staticmethod
    def translate(exc: Exception) -> JournalUnavailable | None:
        """The Dutch refusal for a database error, or ``None`` when it is not the store's."""
        if not isinstance(exc, sqlite3.Error):
            return None
        text = str(exc).lower()
        if "no such table" in text:  # the file was replaced by an empty one
            return JournalVanished(VANISHED)
        if "locked" in text or "busy" in text:
            return JournalUnavailable(BUSY)
        if "readonly" in text or "read-only" in text or "permission" in text:
            return JournalUnavailable(READ_ONLY)
        return JournalUnavailable("Het logboek kan niet gelezen worden (beschadigd of onbereikbaar bestand): "
                                  "acties zijn uitgeschakeld. Er is niets vastgelegd.")


class PostgresStore:
    """A PostgreSQL database (psycopg 3), for several app servers sharing one journal."""

    param = "%s"
    schema = """
    CREATE TABLE IF NOT EXISTS events (
        id BIGSERIAL PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
        duo_key TEXT NOT NULL, participant_key TEXT NOT NULL, volunteer_key TEXT NOT NULL,
        payload TEXT NOT NULL DEFAULT '{}'
    )"""

    def __init__(self, url: str) -> None:
        self.url = url
        self.label = target_label(url)

    def setup(self, conn) -> None:
        """Create the table and its indexes in a database that never held a journal, and mark that it exists.

        A database whose marker table (:data:`MARKER_TABLE`) says a journal was there, but whose
        ``events`` table is gone, raises :class:`JournalVanished`: nothing is created until a person
        decides (:func:`start_new_journal`). Only what is missing is created, so a role that may only
        read and write the tables needs no right to create any.
        """
        # several app servers may create the schema at once: one at a time, and idempotently
        conn.execute("BEGIN")
        try:
            conn.execute("SELECT pg_advisory_xact_lock(74205)")
            has_events, has_marker = conn.execute(
                "SELECT to_regclass('events') IS NOT NULL, to_regclass(%s) IS NOT NULL", (MARKER_TABLE,)).fetchone()
            if not has_events and has_marker and conn.execute(f"SELECT 1 FROM {MARKER_TABLE} LIMIT 1").fetchone():
                raise JournalVanished(VANISHED_TABLE)
            if not has_events:
                conn.execute(self.schema)
                for column in ("duo_key", "participant_key", "volunteer_key"):
                    conn.execute(f"CREATE INDEX IF NOT EXISTS events_{column} ON events ({column})")
            if not has_marker:
                conn.execute(f"CREATE TABLE {MARKER_TABLE} (since TEXT NOT NULL, note TEXT NOT NULL)")
            if not has_marker or not has_events:
                conn.execute(f"INSERT INTO {MARKER_TABLE} (since, note) VALUES (now()::text, %s)", (MARKER_NOTE,))
        except BaseException:
            with contextlib.suppress(Exception):  # a connection that broke has nothing to roll back
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def connect(self):
        """A connection of this process's pool for the database (:mod:`.pools`), with the timeouts set.

        Used as a new connection was: its ``close()`` gives it back to the pool, rolled back if a
        transaction was left open.
        """
        return pools.connection(self.url, autocommit=True, connect_timeout=pools.TIMEOUT,
                                options=f"-c lock_timeout={LOCK_SECONDS * 1000} -c statement_timeout=15000")

    def begin_write(self, conn) -> None:
        """Start a transaction holding the write lock."""
        conn.execute("BEGIN")
        # writers queue here; readers (ACCESS SHARE) are not blocked
        conn.execute("LOCK TABLE events IN EXCLUSIVE MODE")

    def writable(self, conn) -> bool:
        """Whether actions can be written here."""
        row = conn.execute("SELECT has_table_privilege('events', 'INSERT')").fetchone()
        return bool(row[0])

    @staticmethod
    def translate(exc: Exception) -> JournalError | None:
        """The Dutch refusal for a database error, or ``None`` when it is not the store's."""
        try:
            import psycopg
        except ImportError:
            return None
        if isinstance(exc, psycopg.errors.UndefinedTable) and '"events"' in str(exc):  # dropped while running
            return JournalVanished(VANISHED_TABLE)
        if isinstance(exc, (psycopg.errors.LockNotAvailable, psycopg.errors.QueryCanceled)):
            return JournalUnavailable(BUSY)
        if isinstance(exc, psycopg.errors.InsufficientPrivilege | psycopg.errors.ReadOnlySqlTransaction):
            return JournalUnavailable(READ_ONLY)
        if isinstance(exc, psycopg.DataError):  # the text, not the server: e.g. a NUL character
            return JournalError("De tekst kan niet bewaard worden (een teken dat de databank niet aanvaardt, zoals "
                                "NUL): typ de tekst opnieuw. Er is niets vastgelegd.")
        if isinstance(exc, psycopg.Error):
            return JournalUnavailable(UNREACHABLE)
        return None


def existed_marker(path: str | Path) -> Path:
    """The hidden file beside an SQLite journal that says it existed (``.logboek.sqlite.bestond``).

    Its name does not start with the journal's, so deleting ``logboek.sqlite*`` leaves it in place.
    """
    path = Path(path)
    return path.with_name(f".{path.name}.bestond")


def _mark_existed(path: str | Path) -> None:
    marker = existed_marker(path)
    if not marker.exists():
        with contextlib.suppress(OSError):  # a read-only folder: the running server still remembers
            marker.write_text("Dit logboek bestond. Verwijder dit bestand enkel om bewust met een leeg logboek te "
                              "beginnen.\n", encoding="utf-8")


def start_new_journal(target: str | Path) -> None:
    """A person decided to begin a new, empty journal where one vanished: forget that it existed.

    Refused while the journal is there (its events are never thrown away here): the SQLite file, or
    the ``events`` table of a PostgreSQL database.
    """
    if is_url(target):
        _start_new_postgres(str(target))
        return
    if str(target).startswith("file:"):
        return
    if Path(target).exists():
        raise JournalError(STILL_THERE)
    existed_marker(target).unlink(missing_ok=True)


STILL_THERE = "Het logboek bestaat nog: er wordt geen nieuw logboek begonnen."


def _start_new_postgres(url: str) -> None:
    store = PostgresStore(url)
    try:
        conn = store.connect()
    except Exception as exc:
        raise store.translate(exc) or exc from exc
    try:
        conn.execute("BEGIN")
        conn.execute("SELECT pg_advisory_xact_lock(74205)")
        has_events, has_marker = conn.execute(
            "SELECT to_regclass('events') IS NOT NULL, to_regclass(%s) IS NOT NULL", (MARKER_TABLE,)).fetchone()
        if has_events:
            conn.execute("ROLLBACK")
            raise JournalError(STILL_THERE)
        if has_marker:
            conn.execute(f"DELETE FROM {MARKER_TABLE}")
        conn.execute("COMMIT")
    except JournalError:
        raise
    except Exception as exc:
        raise store.translate(exc) or exc from exc
    finally:
        conn.close()


def target_label(target: str | Path) -> str:
    """Where a journal is kept, for professionals: a URL without user, password, query or fragment.

    ``postgresql://duo:geheim@db.example:5432/duo?sslmode=require&password=x`` -> ``postgresql://db.example:5432/duo``.
    """
    text = str(target)
    if not is_url(text):
        return text
    parts = urlsplit(text)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    try:
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        port = ""
    return f"{parts.scheme}://{host}{port}{parts.path}"


def sqlite_location_warning(target: str | Path) -> str | None:
    """A Dutch warning when an SQLite journal sits on a network or synced folder (locking there is unsafe)."""
    if is_url(target):
        return None
    path = Path(target).resolve()
    synced = [part for part in path.parts if any(word in part.lower() for word in _SYNCED)]
    kind = None
    if synced:
        kind = f"een gesynchroniseerde map ({synced[0]})"
    else:
        fs = _filesystem(path)
        if fs and (fs in _NETWORK_FS or fs.startswith(("fuse.sshfs", "fuse.rclone", "nfs", "cifs", "smb"))):
            kind = f"een netwerkschijf ({fs})"
    if kind is None:
        return None
    return (f"Het logboek staat op {kind}: SQLite beschermt daar enkel tegen gelijktijdig schrijven op één computer. "
            "Zet [journal] path op een lokale schijf, of gebruik PostgreSQL ([journal] url) als meerdere computers het "
            "logboek delen.")


_SYNCED = ("onedrive", "dropbox", "google drive", "googledrive", "icloud", "sharepoint", "nextcloud", "owncloud")
_NETWORK_FS = {"nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "davfs", "fuse.davfs2", "glusterfs", "ceph", "afs",
               "fuse.gcsfuse", "fuse.s3fs"}


def _filesystem(path: Path) -> str | None:
    """The file system type of the mount that holds ``path`` (Linux ``/proc/mounts``), or ``None``."""
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return None
    best, fs = "", None
    probe = str(path)
    for line in mounts:
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        if (probe == point or probe.startswith(point.rstrip("/") + "/")) and len(point) >= len(best):
            best, fs = point, fields[2]
    return fs


def is_url(target: str | Path) -> bool:
    """Whether a journal target is a PostgreSQL URL rather than an SQLite path."""
    return str(target).startswith(("postgresql://", "postgres://"))
