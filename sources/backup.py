"""Whole-database backups that restore to exactly what was saved, history tables included.

SQLite: the online backup API (``sqlite3.Connection.backup``) copies a
consistent snapshot page by page while the site keeps serving and writing; the
full-text index and its triggers travel with it. PostgreSQL: ``pg_dump
--format=custom`` and ``pg_restore --clean --if-exists`` in a single
transaction.

Why not ``dumpdata``/``loaddata``: loading fires django-simple-history's
signals, so on SQLite every loaded row gains a fake "+ created" history row,
and into a fresh PostgreSQL the history tables fail to load. A copy made by the
database itself has neither problem and keeps ids, sequences and indexes.

Both directions are all-or-nothing: a backup is written to a temporary file and
renamed into place only when complete and checked; a restore replaces the
database in one transaction, so an interrupted restore leaves it as it was.

Never runs migrations and never touches any file but the one named.
"""

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_CUSTOM_MAGIC = b"PGDMP"


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why, for the operator."""


@dataclass
class BackupInfo:
    path: Path
    vendor: str
    size: int

    def __str__(self) -> str:
        return f"{self.vendor} backup {self.path} ({self.size:,} bytes)"


def backup_vendor(path: Path) -> str:
    """Which database made the backup file at ``path``: "sqlite" or "postgresql"."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except OSError as error:
        raise BackupError(f"cannot read {path}: {error.strerror}") from error
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_CUSTOM_MAGIC):
        return "postgresql"
    raise BackupError(f"{path} is neither an SQLite backup nor a pg_dump custom-format archive")


def _connection(using: str) -> BaseDatabaseWrapper:
    connection = connections[using]
    if connection.in_atomic_block:
        # A restore must own the database; a backup inside a transaction would
        # copy that transaction's uncommitted writes.
        raise BackupError("backup and restore cannot run inside a transaction")
    if connection.vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"no backup method for {connection.vendor}")
    return connection


def backup(path: Path, *, using: str = "default") -> BackupInfo:
    """Copy the whole database to ``path`` (replacing it only once the copy is complete)."""
    connection = _connection(using)
    path = Path(path)
    partial = path.with_name(f".{path.name}.partial")
    try:
        if connection.vendor == "sqlite":
            _sqlite_backup(connection, partial)
        else:
            _pg_run(connection, ["pg_dump", "--format=custom", f"--file={partial}"])
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return BackupInfo(path=path, vendor=connection.vendor, size=path.stat().st_size)


def restore(path: Path, *, using: str = "default") -> BackupInfo:
    """Replace the whole database with the backup at ``path``, in one transaction."""
    path = Path(path)
    vendor = backup_vendor(path)
    connection = _connection(using)
    if vendor != connection.vendor:
        raise BackupError(
            f"{path} is a {vendor} backup but the database is {connection.vendor}; "
            "restore it into a database of the same kind"
        )
    if vendor == "sqlite":
        _sqlite_restore(connection, path)
    else:
        _pg_run(connection, ["pg_restore", "--list", str(path)])  # a readable archive?
        # The server-side sessions of this process hold no locks outside a
        # transaction, but close them so nothing cached survives the swap.
        connection.close()
        _pg_run(
            connection,
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                str(path),
            ],
            database_flag=True,
        )
    return BackupInfo(path=path, vendor=vendor, size=path.stat().st_size)


# SQLite


def _check_sqlite_file(db: sqlite3.Connection, path: Path) -> None:
    try:
        verdict = db.execute("PRAGMA integrity_check").fetchone()[0]
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a usable SQLite database: {error}") from error
    if verdict != "ok":
        raise BackupError(f"{path} fails SQLite's integrity check: {verdict}")
    if "django_migrations" not in tables:
        raise BackupError(f"{path} is an SQLite database but not one of this site's")


def _sqlite_backup(connection: BaseDatabaseWrapper, target: Path) -> None:
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        # One step: the snapshot is consistent even while other processes write.
        connection.connection.backup(copy)
        # The live database is in WAL mode; the backup is one self-contained file.
        copy.execute("PRAGMA journal_mode=DELETE")
        _check_sqlite_file(copy, target)
    finally:
        copy.close()


def _sqlite_restore(connection: BaseDatabaseWrapper, path: Path) -> None:
    source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        _check_sqlite_file(source, path)
        connection.ensure_connection()
        live = connection.connection
        journal_mode = live.execute("PRAGMA journal_mode").fetchone()[0]
        # Copies every page into the live database in one write transaction: other
        # writers wait on the busy timeout, readers see the old or the new database.
        source.backup(live)
        live.execute(f"PRAGMA journal_mode={journal_mode}")
    finally:
        source.close()


# PostgreSQL


def _pg_run(
    connection: BaseDatabaseWrapper, command: list[str], *, database_flag: bool = False
) -> None:
    """Run a PostgreSQL client program against the database in ``connection``'s settings."""
    program = command[0]
    if shutil.which(program) is None:
        raise BackupError(f"{program} is not installed (it comes with the PostgreSQL client)")
    settings = connection.settings_dict
    options = settings.get("OPTIONS", {})
    env = {**os.environ}
    for variable, value in (
        ("PGHOST", settings.get("HOST")),
        ("PGPORT", settings.get("PORT")),
        ("PGUSER", settings.get("USER")),
        ("PGPASSWORD", settings.get("PASSWORD")),
        ("PGDATABASE", settings.get("NAME")),
        ("PGSSLMODE", options.get("sslmode")),
    ):
        if value:
            env[variable] = str(value)
    if database_flag:
        # pg_restore reads the archive and only writes to a database named with -d.
        command = [*command[:-1], f"--dbname={settings['NAME']}", command[-1]]
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{program} failed: {done.stderr.strip() or done.returncode}")
